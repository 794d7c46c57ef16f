// worker.h — workers: Lua scripts that run in VMs of their own and talk to
// the main script only with messages.
//
// The rule (DESIGN.md, lesson 2). A worker never touches the main VM and the
// main VM never touches a worker's: each VM is driven by exactly one thread
// (or one Web Worker). What crosses between them is bytes — values encoded
// with the wire format (wire.h) on the sender's side and decoded into fresh
// objects on the receiver's side — plus a few control notices (a worker's
// output, its end, its failure). Nothing else is shared.
//
// The path of one message, main script -> worker 3 (the other way is the same):
//
//   w:send(v)          main VM      wireEncode(v) -> bytes; functions,
//                                   userdata, threads and cycles are refused
//                                   HERE, with a Lua error for the sender.
//   WorkerHost::post   transport    the bytes go to worker 3's Mailbox (a
//                                   std::thread's queue natively, postMessage
//                                   in the browser). The Mailbox is the only
//                                   thread-safe object: a mutex-protected
//                                   deque of Envelopes (bytes only).
//   Inbox::deliver     worker VM    at a SAFE POINT of the worker's VM — when
//                                   its script calls receive(), and between
//                                   run slices — the envelopes are moved out of
//                                   the Mailbox, decoded (wireDecode) and
//                                   stored in the VM's inbox table, a GC root
//                                   (vm.inbox, GcRootKind::Inbox). Never while
//                                   the collector is in atomic
//                                   (gcMutatorLocked): a message can never
//                                   observe a half-finished collection.
//   receive()          worker VM    takes the oldest message out of the inbox
//                                   table. With nothing there it suspends the
//                                   script: kHostYield + setWaitingForMessage,
//                                   run() returns WaitingForMessage, and the
//                                   host calls resumeCall(vm, 0) once the
//                                   Mailbox has something (waitForMessage
//                                   blocks for that natively).
//
// Overflow policy (the bound is the RECEIVER's): at most kInboxMaxMessages
// messages or kInboxMaxBytes bytes of wire data may wait for one receiver —
// counting both those still in its Mailbox and those decoded into its inbox
// but not yet received. A send beyond that fails at once with a Lua error in
// the sender ("inbox full ..."); nothing is ever dropped silently. Control
// notices (output, finished, failed, terminated) are never refused: there is
// at most one end notice per worker, and output is drained at every slice.
//
// Ends of a worker, as the main script sees them, after every message the
// worker sent before it ended has been received:
//   finished    its script returned;     w:receive() raises "worker 2 finished"
//   failed      an error escaped it;     w:receive() raises "worker 2 failed: <msg>"
//   terminated  w:terminate() stopped it (at its next slice boundary: a
//               worker in `while true do end` is stopped too);
//                                        w:receive() raises "worker 2 was terminated"
// worker.receive() (from any worker) raises each failure once, skips
// finished/terminated workers, and raises "no worker is running" when none
// is left to wait for.
//
// Transports. Everything VM-side here (Mailbox, Inbox, the `worker` library,
// WorkerRuntime) is independent of how bytes travel. A transport implements
// WorkerHost (main side: spawn, post, terminate) and ParentPort (worker side:
// post to the main VM); it delivers whatever comes back by appending
// Envelopes to the main VM's Mailbox. worker_native.cpp runs each worker's
// WorkerRuntime on a std::thread; the browser runs it in a Web Worker.
//
// Ownership. openWorkerLib() creates the VM's worker context (inbox, status
// of every worker, transport) and anchors it in the registry with a
// finalizer: vmDestroy stops every worker (joining threads natively) and
// frees it. Library functions called after that raise "workers are closed".
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/api.h"
#include "core/object.h"

namespace tricolor {

// ---------------------------------------------------------------------------
// Limits

constexpr size_t kInboxMaxMessages = 10000;         // waiting messages per receiver
constexpr size_t kInboxMaxBytes = size_t(64) << 20; // waiting wire bytes per receiver
constexpr uint32_t kMaxLiveWorkers = 64;            // running workers per main VM
constexpr uint32_t kMainScriptId = 0;               // the sender id of the main script
constexpr size_t kMessageLogCapacity = 4096;        // deliveries kept for the visualizer
constexpr uint64_t kWorkerSliceBudget = 20000;      // instructions per worker slice (native)

// ---------------------------------------------------------------------------
// Envelopes: what crosses between threads

enum class EnvelopeKind : uint8_t {
    Message,     // bytes: one wire-encoded value (wire.h)
    Output,      // text: what the worker wrote to its stdout
    ErrorOutput, // text: what the worker wrote to its stderr
    Finished,    // the worker's script returned
    Failed,      // text: the error message; detail: its traceback
    Terminated,  // the worker was stopped by terminate()
};
const char* envelopeKindName(EnvelopeKind k); // "message", "output", ...

struct Envelope {
    EnvelopeKind kind = EnvelopeKind::Message;
    uint32_t from = 0;          // sender: a worker id, or kMainScriptId
    std::vector<uint8_t> bytes; // Message
    std::string text;           // Output, ErrorOutput, Failed
    std::string detail;         // Failed: traceback
    uint64_t sentAt = 0;        // the sender's instruction count when it sent
    uint64_t queuedAt = 0;      // the receiver's instruction count when queued (set by Mailbox)
};

enum class PostResult : uint8_t {
    Ok,
    Full, // the receiver already holds the maximum of waiting messages / bytes
    Gone, // the receiver has ended (or never existed)
};

// ---------------------------------------------------------------------------
// Mailbox: the thread-safe door of one VM. Any thread may append; only the
// VM's own thread takes. It holds bytes, never Lua values.

class Mailbox {
  public:
    explicit Mailbox(size_t maxMessages = kInboxMaxMessages, size_t maxBytes = kInboxMaxBytes);

    // Appends an envelope. A Message is refused (Full) when the receiver's
    // waiting messages (queued here + decoded in its inbox, not received)
    // would exceed the bound; other kinds are never refused. Gone once closed.
    PostResult append(Envelope e);

    // --- The owner's side -----------------------------------------------------
    // Moves every queued envelope to the end of `out`; false if there was none.
    bool takeAll(std::deque<Envelope>& out);
    // A message of `bytes` wire bytes left the receiver's hands (received by
    // the script, or discarded): it no longer counts against the bound.
    void release(size_t bytes);
    // Blocks until an envelope is queued or wake() is called (native hosts).
    void waitUntilNonEmpty();
    // Ends the current (or next) waitUntilNonEmpty early.
    void wake();
    // From now on append() answers Gone.
    void close();
    // The owner publishes its VM's instruction count at each safe point; the
    // appender stamps it into Envelope::queuedAt.
    void publishClock(uint64_t instructions);

    struct Usage {
        size_t queued;          // envelopes in the queue now
        size_t waitingMessages; // messages not yet received (queue + inbox)
        size_t waitingBytes;
        uint64_t refused; // appends answered Full so far
    };
    Usage usage() const;
    size_t maxMessages() const { return maxMessages_; }
    size_t maxBytes() const { return maxBytes_; }

  private:
    const size_t maxMessages_;
    const size_t maxBytes_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Envelope> queue_;
    size_t waitingMessages_ = 0;
    size_t waitingBytes_ = 0;
    uint64_t refused_ = 0;
    uint64_t clock_ = 0;
    bool closed_ = false;
    bool woken_ = false;
};

// ---------------------------------------------------------------------------
// Transports

// What a worker needs to start.
struct WorkerSpawn {
    uint32_t id = 0;
    std::string source;                     // Lua source; chunk name "=worker <id>"
    std::vector<std::vector<uint8_t>> args; // wire-encoded values: the chunk's `...`
    size_t memoryLimit = size_t(256) << 20;
    uint64_t hashSeed = 0;
    bool gcStress = false;   // inherited from the main VM (--gc-stress)
    bool gcValidate = false; // inherited from the main VM (--gc-validate)
};

// The main side of a transport. All calls come from the main VM's thread.
class WorkerHost {
  public:
    virtual ~WorkerHost() = default;
    // Called once, before anything else: where everything coming back from
    // workers (messages, output, end notices) must be appended.
    virtual void attach(std::shared_ptr<Mailbox> mainMailbox) = 0;
    // Starts a worker. False with `error` if it cannot be started (resources).
    virtual bool spawn(const WorkerSpawn& spawn, std::string& error) = 0;
    // Hands a message to worker `id`'s Mailbox.
    virtual PostResult post(uint32_t id, Envelope message) = 0;
    // Asks worker `id` to stop at its next slice boundary; it then posts a
    // Terminated notice. No-op for an unknown or ended worker.
    virtual void terminate(uint32_t id) = 0;
    // Stops every worker and waits until none runs (VM shutdown).
    virtual void terminateAll() = 0;
    // The main script took (received) a message of `bytes` wire bytes sent by
    // worker `from`. A transport that cannot ask the main Mailbox synchronously
    // (the browser) keeps each worker's bound on the worker's side and returns
    // credit to it here. Default: nothing (the Mailbox's own bound suffices).
    virtual void released(uint32_t from, size_t bytes) {
        (void)from;
        (void)bytes;
    }
    // A safe point of the main VM (deliverMessages): a transport that batches
    // what the main script sends hands the batch over here.
    virtual void flush() {}
};

// The worker side of a transport: the way back to the main VM.
class ParentPort {
  public:
    virtual ~ParentPort() = default;
    virtual PostResult post(Envelope e) = 0;
    // The worker's script took a message of `bytes` wire bytes from the main
    // script (credit for a sender-side bound; see WorkerHost::released).
    virtual void released(size_t bytes) { (void)bytes; }
};
// A ParentPort that appends straight into a Mailbox (native threads, tests).
std::shared_ptr<ParentPort> makeMailboxPort(std::shared_ptr<Mailbox> target);

// ---------------------------------------------------------------------------
// The main VM

// Opens the `worker` library in a main VM (after openStdlib) with the given
// transport:
//   worker.spawn(source, ...)  -> handle; `...` (data only) become the chunk's `...`
//   worker.receive()           -> value, handle: the oldest message from any worker
//   worker.id()                -> 0
//   w:send(v)   w:receive() -> v   w:terminate()   w:id() -> n
//   w:status()  -> "running" | "finished" | "failed", message | "terminated"
void openWorkerLib(VM& vm, std::unique_ptr<WorkerHost> host);
// openWorkerLib with the native std::thread transport (worker_native.cpp;
// not available in WebAssembly builds).
void openNativeWorkers(VM& vm);
std::unique_ptr<WorkerHost> makeNativeWorkerHost();

// --- Host-side safe points (no-ops for a VM without the worker library) ---
// Moves arriving envelopes into the inbox (decoding them) unless the
// collector is in atomic; writes workers' output through the VM's
// writeStdout/writeStderr. Call between run() slices.
void deliverMessages(VM& vm);
// After run() returned WaitingForMessage: blocks until the VM's Mailbox
// holds something (native hosts); then resumeCall(vm, 0) and run() again.
void waitForMessage(VM& vm);
// Envelopes delivered into the inbox so far (messages and end notices; not
// output): a host that parked the VM on WaitingForMessage resumes it once
// this number changed (a receive() may now succeed or raise).
uint64_t deliveryCount(VM& vm);
// The VM's Mailbox (the browser's onmessage appends here), or null.
std::shared_ptr<Mailbox> vmMailbox(VM& vm);
// Stops every worker of a main VM now (os.exit); vmDestroy does it too.
void stopWorkers(VM& vm);

// --- Introspection (the visualizer) -------------------------------------------
struct MessageLogEntry {
    uint64_t seq;         // delivery number (1, 2, ...)
    uint32_t from;        // sender id
    EnvelopeKind kind;    // Message or an end notice
    size_t size;          // wire bytes (0 for notices)
    uint64_t sentAt;      // sender's instruction count
    uint64_t queuedAt;    // receiver's instruction count when it was queued
    uint64_t deliveredAt; // receiver's instruction count when moved into the inbox
    bool received;        // taken by the script yet
    uint64_t receivedAt;  // receiver's instruction count when taken (if received)
};
struct InboxStats {
    size_t inMailbox = 0;     // envelopes not yet delivered
    size_t inInbox = 0;       // decoded messages not yet received
    size_t waitingBytes = 0;  // wire bytes of waiting messages
    uint64_t delivered = 0;   // messages moved into the inbox so far
    uint64_t received = 0;    // messages taken by the script so far
    uint64_t refused = 0;     // sends to this VM refused as "inbox full"
    uint32_t liveWorkers = 0; // main VM: workers not known to have ended
};
InboxStats inboxStats(VM& vm);
// The last kMessageLogCapacity deliveries, oldest first.
void forEachLoggedMessage(VM& vm, const std::function<void(const MessageLogEntry&)>& fn);
// Called for every envelope delivered into the inbox (recording / replay),
// with the instruction count of the delivery.
void setDeliveryObserver(VM& vm, std::function<void(const Envelope&, uint64_t at)> observer);

// ---------------------------------------------------------------------------
// A worker's VM: created from a WorkerSpawn, driven in slices by its host
// (a std::thread natively, a Web Worker's event loop in the browser).

class WorkerRuntime {
  public:
    enum class State : uint8_t {
        Running, // call step() again
        Waiting, // receive() found nothing: call step() once the Mailbox has something
        Ended,   // finished, failed or terminated; the notice has been posted
    };
    // Creates the VM (stdlib + the worker-side `worker` library) and starts
    // the chunk. A syntax error ends the worker at once (Failed notice).
    // Messages for the worker are appended to `inbox` by the transport.
    WorkerRuntime(const WorkerSpawn& spawn, std::shared_ptr<ParentPort> parent,
                  std::shared_ptr<Mailbox> inbox);
    ~WorkerRuntime(); // destroys the VM (its finalizers may still post output)
    WorkerRuntime(const WorkerRuntime&) = delete;
    WorkerRuntime& operator=(const WorkerRuntime&) = delete;

    // One slice: deliver messages, run at most `budget` instructions.
    State step(uint64_t budget = kWorkerSliceBudget);
    // Stops the script (posts Terminated unless it already ended).
    void terminate();
    State state() const { return state_; }
    VM* vm() { return vm_; }

  private:
    void end(Envelope notice);
    uint32_t id_;
    std::shared_ptr<ParentPort> parent_;
    std::shared_ptr<Mailbox> inbox_;
    VM* vm_ = nullptr;
    State state_ = State::Running;
    bool waiting_ = false;
    bool exitRequested_ = false;
    int exitStatus_ = 0;
};

} // namespace tricolor
