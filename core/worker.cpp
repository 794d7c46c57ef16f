// worker.cpp — the Mailbox, the inbox, the `worker` library and WorkerRuntime
// (worker.h explains the model). The native std::thread transport lives in
// worker_native.cpp.
#include "core/worker.h"

#include <cstdio>
#include <cstring>
#include <map>

#include "core/auxlib.h"
#include "core/compiler.h"
#include "core/gc.h"
#include "core/interp.h"
#include "core/memory.h"
#include "core/stdlib.h"
#include "core/string.h"
#include "core/table.h"
#include "core/wire.h"

namespace tricolor {

const char* envelopeKindName(EnvelopeKind k) {
    switch (k) {
    case EnvelopeKind::Message: return "message";
    case EnvelopeKind::Output: return "output";
    case EnvelopeKind::ErrorOutput: return "error output";
    case EnvelopeKind::Finished: return "finished";
    case EnvelopeKind::Failed: return "failed";
    case EnvelopeKind::Terminated: return "terminated";
    }
    return "?";
}

// ===========================================================================
// Mailbox

Mailbox::Mailbox(size_t maxMessages, size_t maxBytes)
    : maxMessages_(maxMessages), maxBytes_(maxBytes) {}

PostResult Mailbox::append(Envelope e) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return PostResult::Gone;
    if (e.kind == EnvelopeKind::Message) {
        size_t n = e.bytes.size();
        if (waitingMessages_ >= maxMessages_ || n > maxBytes_ - waitingBytes_) {
            refused_++;
            return PostResult::Full;
        }
        waitingMessages_++;
        waitingBytes_ += n;
    }
    e.queuedAt = clock_;
    queue_.push_back(std::move(e));
    changed_.notify_all();
    return PostResult::Ok;
}

bool Mailbox::takeAll(std::deque<Envelope>& out) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (queue_.empty()) return false;
    for (Envelope& e : queue_)
        out.push_back(std::move(e));
    queue_.clear();
    return true;
}

void Mailbox::release(size_t bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (waitingMessages_ > 0) waitingMessages_--;
    waitingBytes_ = bytes <= waitingBytes_ ? waitingBytes_ - bytes : 0;
}

void Mailbox::waitUntilNonEmpty() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return !queue_.empty() || woken_; });
    woken_ = false;
}

void Mailbox::wake() {
    std::lock_guard<std::mutex> lock(mutex_);
    woken_ = true;
    changed_.notify_all();
}

void Mailbox::close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    changed_.notify_all();
}

void Mailbox::publishClock(uint64_t instructions) {
    std::lock_guard<std::mutex> lock(mutex_);
    clock_ = instructions;
}

Mailbox::Usage Mailbox::usage() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return Usage{queue_.size(), waitingMessages_, waitingBytes_, refused_};
}

namespace {

struct MailboxPort final : ParentPort {
    std::shared_ptr<Mailbox> target;
    explicit MailboxPort(std::shared_ptr<Mailbox> t) : target(std::move(t)) {}
    PostResult post(Envelope e) override { return target->append(std::move(e)); }
};

} // namespace

std::shared_ptr<ParentPort> makeMailboxPort(std::shared_ptr<Mailbox> target) {
    return std::make_shared<MailboxPort>(std::move(target));
}

// ===========================================================================
// The per-VM worker context: the inbox and what this VM knows of its peers.

namespace {

// Registry keys: negative integers (lua's own references use positive ones).
// Integers hash by value, so the registry's node layout, and with it the
// collector's traversal order and a replay's heap digest, is the same in every
// run; a light userdata made from a constant's address would hash by address
// and change with ASLR. A lookup allocates nothing.
constexpr Integer kContextKey = -0x574b0001;    // -> the anchor userdata (holds the WorkerContext*)
constexpr Integer kHandleMetaKey = -0x574b0002; // -> the metatable of worker handles
constexpr Integer kHandlesKey = -0x574b0003;    // -> table: worker id -> its handle
constexpr Integer kPollKey = -0x574b0004; // -> a Lua `return` function (receive inside coroutines)

enum class PeerStatus : uint8_t { Running, Finished, Failed, Terminated };

// One decoded message waiting in the inbox table (at key `seq`).
struct InboxItem {
    uint64_t seq;
    size_t size;     // wire bytes (released from the Mailbox's bound when taken)
    uint64_t logSeq; // its MessageLogEntry
    bool malformed;  // the bytes did not decode; `error` says why
    std::string error;
};

// What a VM knows about one peer: a worker (main VM) or the main script (worker VM).
struct Peer {
    std::deque<InboxItem> items; // oldest first
    PeerStatus status = PeerStatus::Running;
    std::string failure;   // Failed: the error message
    std::string traceback; // Failed: where
    bool failureReported = false;
};

struct WorkerContext {
    VM& vm;
    bool isMain;
    uint32_t selfId;
    std::shared_ptr<Mailbox> mailbox;
    std::unique_ptr<WorkerHost> host;   // main VM
    std::shared_ptr<ParentPort> parent; // worker VM
    std::map<uint32_t, Peer> peers;
    uint32_t nextId = 1;

    std::deque<Envelope> undelivered; // taken from the Mailbox, not yet in the inbox
    uint64_t nextSeq = 1;
    size_t inInbox = 0;
    uint64_t delivered = 0;
    uint64_t received = 0;
    std::vector<MessageLogEntry> log; // ring of kMessageLogCapacity entries
    uint64_t logged = 0;
    std::function<void(const Envelope&, uint64_t)> observer;

    WorkerContext(VM& v, bool main, uint32_t id, std::shared_ptr<Mailbox> box)
        : vm(v), isMain(main), selfId(id), mailbox(std::move(box)) {}
};

Value registryKey(Integer key) {
    return Value::integer(key);
}

Value registryGet(VM& vm, Integer key) {
    return *tableGet(vm.registry, registryKey(key));
}

WorkerContext* contextOf(VM& vm) {
    if (!vm.registry) return nullptr;
    Value anchor = registryGet(vm, kContextKey);
    if (anchor.tag != Tag::Userdata) return nullptr;
    return *static_cast<WorkerContext**>(anchor.asUserdata()->bytes());
}

WorkerContext& requireContext(VM& vm, HostCall& call) {
    WorkerContext* cx = contextOf(vm);
    if (!cx) libError(vm, call, "workers are closed");
    return *cx;
}

// --- Output of workers ------------------------------------------------------------

void writeOutput(VM& vm, const std::string& text, bool toStderr) {
    const auto& sink = toStderr ? vm.options.writeStderr : vm.options.writeStdout;
    if (sink) {
        sink(text);
        return;
    }
    FILE* f = toStderr ? stderr : stdout;
    std::fwrite(text.data(), 1, text.size(), f);
    std::fflush(f);
}

// --- The message log ---------------------------------------------------------------

uint64_t logDelivery(WorkerContext& cx, const Envelope& e) {
    if (cx.log.size() < kMessageLogCapacity) cx.log.resize(kMessageLogCapacity);
    uint64_t seq = ++cx.logged;
    MessageLogEntry& entry = cx.log[(seq - 1) % kMessageLogCapacity];
    entry = MessageLogEntry{
        seq,   e.from, e.kind, e.bytes.size(), e.sentAt, e.queuedAt, cx.vm.instructionCount,
        false, 0};
    return seq;
}

void logReceipt(WorkerContext& cx, uint64_t logSeq) {
    if (logSeq == 0 || cx.log.empty()) return;
    MessageLogEntry& entry = cx.log[(logSeq - 1) % kMessageLogCapacity];
    if (entry.seq != logSeq) return; // overwritten by newer deliveries
    entry.received = true;
    entry.receivedAt = cx.vm.instructionCount;
}

// --- Delivery: Mailbox -> inbox (a safe point) ---------------------------------------

// Stores one message in the inbox table. May raise a memory error; the
// envelope then stays undelivered and the inbox unchanged.
void deliverMessage(WorkerContext& cx, const Envelope& e) {
    VM& vm = cx.vm;
    InboxItem item{cx.nextSeq, e.bytes.size(), 0, false, {}};
    Value value;
    std::string error;
    if (!wireDecode(vm, e.bytes.data(), e.bytes.size(), value, error)) {
        item.malformed = true;
        item.error = error;
        value = Value();
    }
    tableSetInt(vm, vm.inbox, Integer(item.seq), value); // anchors the decoded value
    cx.nextSeq++;
    item.logSeq = logDelivery(cx, e);
    cx.peers[e.from].items.push_back(std::move(item));
    cx.inInbox++;
    cx.delivered++;
}

// A worker's end notice (main VM). A worker the script terminated stays
// "terminated" whatever notice its thread sends last.
void deliverNotice(WorkerContext& cx, const Envelope& e) {
    Peer& p = cx.peers[e.from];
    logDelivery(cx, e);
    if (p.status != PeerStatus::Running) return;
    switch (e.kind) {
    case EnvelopeKind::Finished: p.status = PeerStatus::Finished; break;
    case EnvelopeKind::Terminated: p.status = PeerStatus::Terminated; break;
    case EnvelopeKind::Failed:
        p.status = PeerStatus::Failed;
        p.failure = e.text;
        p.traceback = e.detail;
        break;
    default: break;
    }
}

void deliverOne(WorkerContext& cx, const Envelope& e) {
    switch (e.kind) {
    case EnvelopeKind::Message: deliverMessage(cx, e); break;
    case EnvelopeKind::Output: writeOutput(cx.vm, e.text, false); break;
    case EnvelopeKind::ErrorOutput: writeOutput(cx.vm, e.text, true); break;
    case EnvelopeKind::Finished:
    case EnvelopeKind::Failed:
    case EnvelopeKind::Terminated: deliverNotice(cx, e); break;
    }
    if (cx.observer) cx.observer(e, cx.vm.instructionCount);
}

// THE safe point: moves everything that arrived into the inbox, in order.
// Refused while the collector is in atomic. May raise a memory error (what
// was not delivered stays queued for the next safe point).
void deliver(WorkerContext& cx) {
    VM& vm = cx.vm;
    if (gcMutatorLocked(vm) || !vm.inbox) return;
    cx.mailbox->publishClock(vm.instructionCount);
    cx.mailbox->takeAll(cx.undelivered);
    while (!cx.undelivered.empty()) {
        deliverOne(cx, cx.undelivered.front());
        cx.undelivered.pop_front();
    }
}

// Takes the oldest message of `peer` out of the inbox table and pushes it.
// Raises for a message that did not decode (it is consumed).
void takeAndPush(VM& vm, HostCall& call, WorkerContext& cx, Peer& peer, uint32_t from) {
    // Pushed first (pushing may raise: the inbox is then unchanged), so the
    // value is on the stack before the inbox lets go of it.
    call.push(vm, *tableGetInt(vm.inbox, Integer(peer.items.front().seq)));
    InboxItem item = std::move(peer.items.front());
    peer.items.pop_front();
    tableSetInt(vm, vm.inbox, Integer(item.seq), Value());
    cx.inInbox--;
    cx.received++;
    cx.mailbox->release(item.size);
    if (cx.host) cx.host->released(from, item.size);
    if (cx.parent) cx.parent->released(item.size);
    logReceipt(cx, item.logSeq);
    if (item.malformed) {
        std::string who =
            from == kMainScriptId ? "the main script" : "worker " + std::to_string(from);
        libError(vm, call, "malformed message from %s (%s)", who.c_str(), item.error.c_str());
    }
}

// "finished", "failed: msg", "was terminated" as receive()/send() report them.
std::string endDescription(uint32_t id, const Peer& p) {
    std::string who = "worker " + std::to_string(id);
    switch (p.status) {
    case PeerStatus::Finished: return who + " finished";
    case PeerStatus::Failed: return who + " failed: " + p.failure;
    case PeerStatus::Terminated: return who + " was terminated";
    case PeerStatus::Running: break;
    }
    return who + " is running";
}

// --- Waiting ---------------------------------------------------------------------

// The Lua function `return`, compiled once: calling it costs one instruction,
// so a receive() polling inside a coroutine still uses up the run budget.
Value pollFunction(VM& vm) {
    Value f = registryGet(vm, kPollKey);
    if (f.isFunction()) return f;
    std::string error;
    LuaClosure* cl = compileToClosure(vm, "return", "=(worker poll)", error);
    f = Value::object(cl);
    tableSet(vm, vm.registry, registryKey(kPollKey), f);
    return f;
}

// Nothing to receive yet: suspend until a message arrives, then run `again`.
// On the main thread the whole VM waits (run() returns WaitingForMessage).
// A coroutine cannot suspend the VM (a yield would go to its resumer), so
// there receive() polls: it calls an empty Lua function and looks again,
// using up the slice while it waits.
int waitThen(VM& vm, HostCall& call, HostFn again) {
    if (call.thread == vm.mainThread) {
        call.continuation = again;
        call.yieldCount = 0;
        setWaitingForMessage(vm);
        return kHostYield;
    }
    return callThen(vm, call, pollFunction(vm), {}, 0, again);
}

// --- Handles ---------------------------------------------------------------------

Table* handleMetatable(VM& vm) {
    Value mt = registryGet(vm, kHandleMetaKey);
    return mt.isTable() ? mt.asTable() : nullptr;
}

uint32_t checkHandle(VM& vm, HostCall& call, int arg) {
    Value v = call.arg(arg);
    Table* mt = handleMetatable(vm);
    if (v.tag != Tag::Userdata || !mt || v.asUserdata()->metatable != mt)
        typeError(vm, call, arg, "worker");
    uint32_t id;
    std::memcpy(&id, v.asUserdata()->bytes(), sizeof id);
    return id;
}

Value handleFor(VM& vm, uint32_t id) {
    Value handles = registryGet(vm, kHandlesKey);
    return handles.isTable() ? *tableGetInt(handles.asTable(), Integer(id)) : Value();
}

// Creates the handle of worker `id`, pushes it and records it in the handles table.
void pushNewHandle(VM& vm, HostCall& call, uint32_t id) {
    auto* u = newObject<Userdata>(vm, Tag::Userdata, sizeof(uint32_t));
    u->size = sizeof(uint32_t);
    u->numUserValues = 0;
    std::memcpy(u->bytes(), &id, sizeof id);
    u->metatable = handleMetatable(vm);
    call.push(vm, Value::object(u));
    objectBarrier(vm, u, u->metatable);
    Value handles = registryGet(vm, kHandlesKey);
    tableSetInt(vm, handles.asTable(), Integer(id), Value::object(u));
}

// --- Sending -----------------------------------------------------------------------

// Encodes argument `arg` for sending; raises "bad argument" naming what cannot cross.
std::vector<uint8_t> encodeArgument(VM& vm, HostCall& call, int arg) {
    checkAny(vm, call, arg);
    std::vector<uint8_t> bytes;
    std::string error;
    if (!wireEncode(vm, call.arg(arg), bytes, error)) argError(vm, call, arg, error.c_str());
    if (bytes.size() > kInboxMaxBytes)
        libError(vm, call, "message too large (%zu bytes; at most %zu MB)", bytes.size(),
                 kInboxMaxBytes >> 20);
    return bytes;
}

[[noreturn]] void inboxFull(VM& vm, HostCall& call, const std::string& receiver) {
    libError(vm, call, "inbox full: %s already has %zu messages or %zu MB waiting",
             receiver.c_str(), kInboxMaxMessages, kInboxMaxBytes >> 20);
}

Envelope messageEnvelope(WorkerContext& cx, std::vector<uint8_t> bytes) {
    Envelope e;
    e.kind = EnvelopeKind::Message;
    e.from = cx.selfId;
    e.bytes = std::move(bytes);
    e.sentAt = cx.vm.instructionCount;
    return e;
}

uint32_t liveWorkers(const WorkerContext& cx) {
    uint32_t n = 0;
    for (const auto& [id, p] : cx.peers)
        n += p.status == PeerStatus::Running;
    return n;
}

// ===========================================================================
// The `worker` library

// worker.spawn(source, ...) -> handle
int workerSpawn(VM& vm, HostCall& call) {
    WorkerContext& cx = requireContext(vm, call);
    if (!cx.isMain) libError(vm, call, "workers cannot spawn workers (only the main script can)");
    std::string_view source = checkStringView(vm, call, 1);
    deliver(cx); // up-to-date end notices for the count below
    if (liveWorkers(cx) >= kMaxLiveWorkers)
        libError(vm, call, "too many workers (at most %u running at once)", kMaxLiveWorkers);
    uint32_t id = cx.nextId;
    WorkerSpawn spawn;
    spawn.id = id;
    spawn.source = std::string(source);
    // A syntax error is the spawner's: report it here, not as a worker failure.
    std::string error;
    if (!compile(vm, source, "=worker " + std::to_string(id), error))
        raiseError(vm, stringValue(vm, error));
    for (int k = 2; k <= call.count(); k++)
        spawn.args.push_back(encodeArgument(vm, call, k));
    spawn.memoryLimit = vm.options.memoryLimit;
    spawn.hashSeed = vm.options.hashSeed + id;
    spawn.gcStress = vm.gc.stress;
    spawn.gcValidate = vm.gc.validate;
    if (!cx.host->spawn(spawn, error))
        libError(vm, call, "cannot start a worker: %s", error.c_str());
    cx.nextId++;
    cx.peers[id] = Peer{};
    pushNewHandle(vm, call, id);
    return 1;
}

// w:send(v): to worker w (main script).
int handleSend(VM& vm, HostCall& call) {
    WorkerContext& cx = requireContext(vm, call);
    uint32_t id = checkHandle(vm, call, 1);
    std::vector<uint8_t> bytes = encodeArgument(vm, call, 2);
    deliver(cx);
    Peer& p = cx.peers[id];
    if (p.status != PeerStatus::Running)
        libError(vm, call, "cannot send: %s", endDescription(id, p).c_str());
    switch (cx.host->post(id, messageEnvelope(cx, std::move(bytes)))) {
    case PostResult::Ok: return 0;
    case PostResult::Full: inboxFull(vm, call, "worker " + std::to_string(id));
    case PostResult::Gone: break;
    }
    deliver(cx); // its end notice is queued before its door closes
    if (p.status == PeerStatus::Running) libError(vm, call, "cannot send: worker %u has ended", id);
    libError(vm, call, "cannot send: %s", endDescription(id, p).c_str());
}

// worker.send(v): to the main script (worker VM).
int workerSend(VM& vm, HostCall& call) {
    WorkerContext& cx = requireContext(vm, call);
    if (cx.isMain)
        libError(vm, call,
                 "the main script sends to a worker with w:send(v) (worker.send is for workers)");
    std::vector<uint8_t> bytes = encodeArgument(vm, call, 1);
    switch (cx.parent->post(messageEnvelope(cx, std::move(bytes)))) {
    case PostResult::Ok: return 0;
    case PostResult::Full: inboxFull(vm, call, "the main script");
    case PostResult::Gone: break;
    }
    libError(vm, call, "cannot send: the main script has ended");
}

// w:receive() -> v: the oldest message from worker w; raises once w has ended
// and everything it sent was received.
int handleReceive(VM& vm, HostCall& call) {
    WorkerContext& cx = requireContext(vm, call);
    uint32_t id = checkHandle(vm, call, 1);
    setTop(call, call.base + uint32_t(call.nargs));
    deliver(cx);
    Peer& p = cx.peers[id];
    if (!p.items.empty()) {
        takeAndPush(vm, call, cx, p, id);
        return 1;
    }
    if (p.status != PeerStatus::Running) {
        p.failureReported = true;
        libError(vm, call, "%s", endDescription(id, p).c_str());
    }
    return waitThen(vm, call, handleReceive);
}

// worker.receive() in the main script -> v, handle (oldest message of any worker).
int receiveAny(VM& vm, HostCall& call) {
    WorkerContext& cx = requireContext(vm, call);
    setTop(call, call.base + uint32_t(call.nargs));
    deliver(cx);
    uint32_t bestId = 0;
    Peer* best = nullptr;
    for (auto& [id, p] : cx.peers) {
        if (!p.items.empty() && (!best || p.items.front().seq < best->items.front().seq)) {
            best = &p;
            bestId = id;
        }
    }
    if (best) {
        takeAndPush(vm, call, cx, *best, bestId);
        call.push(vm, handleFor(vm, bestId));
        return 2;
    }
    for (auto& [id, p] : cx.peers) {
        if (p.status == PeerStatus::Failed && !p.failureReported) {
            p.failureReported = true;
            libError(vm, call, "%s", endDescription(id, p).c_str());
        }
    }
    if (liveWorkers(cx) == 0) libError(vm, call, "no worker is running");
    return waitThen(vm, call, receiveAny);
}

// worker.receive() in a worker -> v (from the main script).
int receiveFromMain(VM& vm, HostCall& call) {
    WorkerContext& cx = requireContext(vm, call);
    setTop(call, call.base + uint32_t(call.nargs));
    deliver(cx);
    Peer& p = cx.peers[kMainScriptId];
    if (!p.items.empty()) {
        takeAndPush(vm, call, cx, p, kMainScriptId);
        return 1;
    }
    return waitThen(vm, call, receiveFromMain);
}

int workerReceive(VM& vm, HostCall& call) {
    return requireContext(vm, call).isMain ? receiveAny(vm, call) : receiveFromMain(vm, call);
}

// worker.id() -> 0 in the main script, n in worker n.
int workerId(VM& vm, HostCall& call) {
    return pushResult(vm, call, Value::integer(requireContext(vm, call).selfId));
}

// worker.waiting() -> messages that arrived for this VM and were not received yet.
int workerWaiting(VM& vm, HostCall& call) {
    WorkerContext& cx = requireContext(vm, call);
    deliver(cx);
    return pushResult(vm, call, Value::integer(Integer(cx.mailbox->usage().waitingMessages)));
}

// w:terminate(): stops worker w at its next slice boundary (no-op once ended).
int handleTerminate(VM& vm, HostCall& call) {
    WorkerContext& cx = requireContext(vm, call);
    uint32_t id = checkHandle(vm, call, 1);
    deliver(cx);
    Peer& p = cx.peers[id];
    if (p.status == PeerStatus::Running) {
        cx.host->terminate(id);
        p.status = PeerStatus::Terminated;
    }
    return 0;
}

int handleId(VM& vm, HostCall& call) {
    return pushResult(vm, call, Value::integer(checkHandle(vm, call, 1)));
}

// w:status() -> "running" | "finished" | "failed", message | "terminated"
int handleStatus(VM& vm, HostCall& call) {
    WorkerContext& cx = requireContext(vm, call);
    uint32_t id = checkHandle(vm, call, 1);
    deliver(cx);
    const Peer& p = cx.peers[id];
    static const char* const names[] = {"running", "finished", "failed", "terminated"};
    call.push(vm, stringValue(vm, names[int(p.status)]));
    if (p.status != PeerStatus::Failed) return 1;
    call.push(vm, stringValue(vm, p.failure));
    return 2;
}

int handleToString(VM& vm, HostCall& call) {
    uint32_t id = checkHandle(vm, call, 1);
    return pushResult(vm, call, stringValue(vm, "worker " + std::to_string(id)));
}

// The anchor's __gc (vmDestroy): stop every worker, write what they printed
// last, free the context.
int anchorGc(VM& vm, HostCall& call) {
    Value v = call.arg(1);
    if (v.tag != Tag::Userdata) return 0;
    auto** slot = static_cast<WorkerContext**>(v.asUserdata()->bytes());
    WorkerContext* cx = *slot;
    if (!cx) return 0;
    *slot = nullptr;
    if (cx->host) cx->host->terminateAll();
    cx->mailbox->close();
    std::deque<Envelope> rest;
    cx->mailbox->takeAll(rest);
    for (const Envelope& e : rest) {
        if (e.kind == EnvelopeKind::Output || e.kind == EnvelopeKind::ErrorOutput)
            writeOutput(vm, e.text, e.kind == EnvelopeKind::ErrorOutput);
    }
    vm.inbox = nullptr;
    delete cx;
    return 0;
}

const LibEntry kWorkerFunctions[] = {
    {"spawn", workerSpawn}, {"send", workerSend},       {"receive", workerReceive},
    {"id", workerId},       {"waiting", workerWaiting}, {nullptr, nullptr},
};

const LibEntry kHandleMethods[] = {
    {"send", handleSend}, {"receive", handleReceive}, {"terminate", handleTerminate},
    {"id", handleId},     {"status", handleStatus},   {nullptr, nullptr},
};

const LibEntry kHandleMetamethods[] = {
    {"__tostring", handleToString},
    {nullptr, nullptr},
};

// Installs a context in the VM: the inbox root, the anchor, the handle
// metatable, the `worker` table.
void installContext(VM& vm, WorkerContext* cx) {
    libState(vm);
    vm.inbox = newTable(vm);
    auto previous = vm.gc.markExtraRoots;
    vm.gc.markExtraRoots = [previous](VM& v) {
        if (previous) previous(v);
        if (v.inbox) gcMarkValue(v, Value::object(v.inbox));
    };

    // The anchor: a userdata in the registry whose __gc frees the context.
    // (Nothing here runs the collector: the new objects need no other anchor.)
    Table* anchorMeta = newTable(vm);
    tableSetStr(vm, anchorMeta, internString(vm, "__gc"), Value::hostFunction(anchorGc));
    auto* anchor = newObject<Userdata>(vm, Tag::Userdata, sizeof(WorkerContext*));
    anchor->size = sizeof(WorkerContext*);
    anchor->numUserValues = 0;
    *static_cast<WorkerContext**>(anchor->bytes()) = cx;
    anchor->metatable = anchorMeta;
    tableSet(vm, vm.registry, registryKey(kContextKey), Value::object(anchor));
    gcCheckFinalizer(vm, anchor, anchorMeta);

    // Worker handles: methods via __index, __name for error messages.
    Table* handles = newTable(vm);
    tableSet(vm, vm.registry, registryKey(kHandlesKey), Value::object(handles));
    Table* mt = newTable(vm);
    tableSet(vm, vm.registry, registryKey(kHandleMetaKey), Value::object(mt));
    registerLib(vm, mt, kHandleMetamethods, "");
    Table* methods = newTable(vm);
    tableSetStr(vm, mt, internString(vm, "__index"), Value::object(methods));
    registerLib(vm, methods, kHandleMethods, "");
    tableSetStr(vm, mt, internString(vm, "__name"), stringValue(vm, "worker"));

    newLib(vm, "worker", kWorkerFunctions);
}

// The worker side of the library, in a worker's VM.
void openWorkerSide(VM& vm, uint32_t id, std::shared_ptr<ParentPort> parent,
                    std::shared_ptr<Mailbox> inbox) {
    auto* cx = new WorkerContext(vm, false, id, std::move(inbox));
    cx->parent = std::move(parent);
    cx->peers[kMainScriptId] = Peer{};
    installContext(vm, cx);
}

} // namespace

// ===========================================================================
// Public entry points

void openWorkerLib(VM& vm, std::unique_ptr<WorkerHost> host) {
    auto* cx = new WorkerContext(vm, true, kMainScriptId, std::make_shared<Mailbox>());
    cx->host = std::move(host);
    cx->host->attach(cx->mailbox);
    installContext(vm, cx);
}

void deliverMessages(VM& vm) {
    WorkerContext* cx = contextOf(vm);
    if (!cx) return;
    try {
        deliver(*cx);
    } catch (const LuaError&) {
        // Out of memory while decoding: the rest waits for the next safe point
        // (receive() will then report the memory error to the script).
    }
    if (cx->host) cx->host->flush();
}

uint64_t deliveryCount(VM& vm) {
    WorkerContext* cx = contextOf(vm);
    return cx ? cx->logged : 0;
}

void waitForMessage(VM& vm) {
    if (WorkerContext* cx = contextOf(vm)) cx->mailbox->waitUntilNonEmpty();
}

std::shared_ptr<Mailbox> vmMailbox(VM& vm) {
    WorkerContext* cx = contextOf(vm);
    return cx ? cx->mailbox : nullptr;
}

void stopWorkers(VM& vm) {
    WorkerContext* cx = contextOf(vm);
    if (cx && cx->host) cx->host->terminateAll();
}

InboxStats inboxStats(VM& vm) {
    InboxStats s;
    WorkerContext* cx = contextOf(vm);
    if (!cx) return s;
    Mailbox::Usage u = cx->mailbox->usage();
    s.inMailbox = u.queued + cx->undelivered.size();
    s.inInbox = cx->inInbox;
    s.waitingBytes = u.waitingBytes;
    s.delivered = cx->delivered;
    s.received = cx->received;
    s.refused = u.refused;
    s.liveWorkers = cx->isMain ? liveWorkers(*cx) : 0;
    return s;
}

void forEachLoggedMessage(VM& vm, const std::function<void(const MessageLogEntry&)>& fn) {
    WorkerContext* cx = contextOf(vm);
    if (!cx || cx->logged == 0) return;
    uint64_t first = cx->logged > kMessageLogCapacity ? cx->logged - kMessageLogCapacity + 1 : 1;
    for (uint64_t seq = first; seq <= cx->logged; seq++)
        fn(cx->log[(seq - 1) % kMessageLogCapacity]);
}

void setDeliveryObserver(VM& vm, std::function<void(const Envelope&, uint64_t)> observer) {
    if (WorkerContext* cx = contextOf(vm)) cx->observer = std::move(observer);
}

// ===========================================================================
// WorkerRuntime

namespace {

Envelope notice(EnvelopeKind kind, uint32_t from, uint64_t at) {
    Envelope e;
    e.kind = kind;
    e.from = from;
    e.sentAt = at;
    return e;
}

} // namespace

WorkerRuntime::WorkerRuntime(const WorkerSpawn& spawn, std::shared_ptr<ParentPort> parent,
                             std::shared_ptr<Mailbox> inbox)
    : id_(spawn.id), parent_(std::move(parent)), inbox_(std::move(inbox)) {
    VMOptions options;
    options.memoryLimit = spawn.memoryLimit;
    options.hashSeed = spawn.hashSeed;
    // What the worker prints travels to the main VM like a message does.
    auto output = [port = parent_, id = id_](EnvelopeKind kind) {
        return [port, id, kind](std::string_view s) {
            Envelope e = notice(kind, id, 0);
            e.text = std::string(s);
            port->post(std::move(e));
        };
    };
    options.writeStdout = output(EnvelopeKind::Output);
    options.writeStderr = output(EnvelopeKind::ErrorOutput);
    vm_ = vmCreate(options);
    if (!vm_) {
        Envelope e = notice(EnvelopeKind::Failed, id_, 0);
        e.text = "cannot create the worker's VM: not enough memory";
        end(std::move(e));
        return;
    }
    std::string error;
    try {
        openStdlib(*vm_);
        // os.exit in a worker ends the worker (after the slice), not the process.
        libState(*vm_).exitHandler = [this](VM&, int status, bool) {
            exitRequested_ = true;
            exitStatus_ = status;
        };
        openWorkerSide(*vm_, id_, parent_, inbox_);
        if (!loadString(*vm_, spawn.source, "=worker " + std::to_string(id_), error)) {
            Envelope e = notice(EnvelopeKind::Failed, id_, 0);
            e.text = error;
            end(std::move(e));
            return;
        }
        for (const auto& bytes : spawn.args) {
            Value v;
            if (!wireDecode(*vm_, bytes.data(), bytes.size(), v, error)) {
                Envelope e = notice(EnvelopeKind::Failed, id_, 0);
                e.text = "malformed argument: " + error;
                end(std::move(e));
                return;
            }
            push(*vm_, v);
        }
    } catch (const LuaError&) {
        Envelope e = notice(EnvelopeKind::Failed, id_, 0);
        e.text = "not enough memory";
        end(std::move(e));
        return;
    }
    vm_->gc.stress = spawn.gcStress;
    vm_->gc.validate = spawn.gcValidate;
    startCall(*vm_, int(spawn.args.size()), 0);
}

WorkerRuntime::~WorkerRuntime() {
    vmDestroy(vm_);
}

void WorkerRuntime::end(Envelope e) {
    if (state_ == State::Ended) return;
    state_ = State::Ended;
    if (vm_) e.sentAt = vm_->instructionCount;
    parent_->post(std::move(e));
}

WorkerRuntime::State WorkerRuntime::step(uint64_t budget) {
    if (state_ == State::Ended) return state_;
    if (waiting_) {
        waiting_ = false;
        resumeCall(*vm_, 0); // receive() looks at its inbox again
    }
    deliverMessages(*vm_);
    RunStatus s = run(*vm_, budget);
    if (exitRequested_) {
        if (exitStatus_ == 0) {
            end(notice(EnvelopeKind::Finished, id_, 0));
        } else {
            Envelope e = notice(EnvelopeKind::Failed, id_, 0);
            e.text = "os.exit(" + std::to_string(exitStatus_) + ")";
            end(std::move(e));
        }
        return state_;
    }
    switch (s) {
    case RunStatus::Paused: return state_ = State::Running;
    case RunStatus::Yielded: resumeCall(*vm_, 0); return state_ = State::Running;
    case RunStatus::WaitingForMessage: waiting_ = true; return state_ = State::Waiting;
    case RunStatus::Finished:
    case RunStatus::Idle: end(notice(EnvelopeKind::Finished, id_, 0)); return state_;
    case RunStatus::Error: {
        Envelope e = notice(EnvelopeKind::Failed, id_, 0);
        e.text = errorMessage(*vm_);
        e.detail = errorTraceback(*vm_);
        end(std::move(e));
        return state_;
    }
    }
    return state_;
}

void WorkerRuntime::terminate() {
    if (state_ == State::Ended) return;
    if (vm_ && isRunning(*vm_)) abortCall(*vm_);
    end(notice(EnvelopeKind::Terminated, id_, 0));
}

} // namespace tricolor
