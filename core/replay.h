// replay.h — recording a session and replaying it exactly.
//
// Owns: the deterministic environment a recorded VM runs in (a virtual clock
// driven by the instruction count, an in-memory file system, fixed seeds,
// UTC dates), the Replayer that rebuilds a VM from a Recording step by step,
// replay() which runs a whole recording headlessly, and the Recorder the
// playground uses to write a session down as it happens.
//
// How a replay stays exact: the VM is created by the same function for
// recording and replaying (createRecordedVm), so seeds, clock, files and
// collector settings are identical. The script runs in run(vm, N) slices that
// stop exactly at the instruction count of the next recorded action; the
// action (collector step, parameter change, message delivery, stop) is
// applied there; the validator runs after every collector action; the digest
// (digest.h) is taken after every step and compared with the recorded one.
// The program is started lazily (startCall on the first instruction), as the
// playground does, so collector steps taken before Run see the same heap.
//
// Invariants: nothing here reads the real clock, the real file system or the
// environment; a hostile recording (decoded by recording.h) can at worst make
// the replay stop with an error: the instruction budget is bounded
// (ReplayOptions::maxInstructions) and the memory limit by the decoder.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/recording.h"
#include "core/stdlib.h"
#include "core/vm.h"
#include "core/worker.h"

namespace tricolor {

// ---------------------------------------------------------------------------
// The deterministic environment

// os.clock() = instructionCount * microsPerKilo / 1e9 seconds; os.time() =
// start + whole seconds of os.clock().
std::unique_ptr<Clock> makeVirtualClock(const VM& vm, int64_t start, uint64_t microsPerKilo);

// Files in memory, keyed by exact path. No shell, no popen, no environment
// variables. stdin is empty, or with `interactiveStdin` the playground's stdin
// line (recording.h): open-ended, a read with nothing queued fails with EAGAIN
// and lib_io suspends it. tmpname gives "/tmp/lua_1", "/tmp/lua_2", ...
std::unique_ptr<FileSystem> makeMemoryFileSystem(const std::vector<VirtualFile>& files,
                                                 bool interactiveStdin = false);
// Queues bytes (lines) on a recorded VM's interactive stdin; false when its
// stdin is not interactive. A suspended read retries when the host resumes.
bool appendStandardInput(VM& vm, std::string_view bytes);
// Whether the last read of the interactive stdin found nothing queued (the
// program waits for a line) and nothing was queued since.
bool waitingForStandardInput(VM& vm);

// Creates a VM set up exactly as the recording says (memory limit, hash seed,
// standard library with the virtual clock and file system, random seed, UTC
// dates, collector parameters and debug switches). `base` supplies the output
// callbacks. When settings.workerLib is set the `worker` library is opened
// with `workers` (default: a host that runs no worker, for replays, where
// what workers sent comes from the recorded Deliver actions). Null when the
// VM cannot be created. The script is not loaded.
VM* createRecordedVm(const Recording& settings, const VMOptions& base,
                     std::unique_ptr<WorkerHost> workers = nullptr);
// The replay host: spawn succeeds and starts nothing, post drops the
// message, terminate does nothing (the notices are in the recording).
std::unique_ptr<WorkerHost> makeReplayWorkerHost();

// ---------------------------------------------------------------------------
// Replaying

struct ReplayOptions {
    // A program still running after this many instructions stops the replay
    // (a hostile or endless recording cannot hang the replayer).
    uint64_t maxInstructions = 500000000;
    // Collector units the recorded steps may ask for, in all: two of the
    // playground's longest "run until" (5M units each). A unit costs about
    // 0.1 us natively and several times that in the page, which replays a link
    // in one call (2^32 cycles asked for at 50M units held it for minutes).
    uint64_t maxCollectorUnits = 10000000;
    // Instructions per run() call between the recorded counts.
    uint64_t slice = 1000000;
    // Take a digest after every step (else only at the last).
    bool stepDigests = true;
    // Delivers a Deliver action to the main VM; false with `error` if it
    // cannot. Default (with the worker library): the envelope is queued in the
    // VM's Mailbox before running to the action's count (so a receive() at
    // that count finds it, as it did when recorded), then deliverMessages()
    // runs at the count if receive() did not take it; a delivery at any other
    // count is a divergence.
    std::function<bool(VM&, const Action&, std::string& error)> deliver;
    // Program output (stdout and stderr) as it comes; it is also collected
    // in ReplayResult::output.
    std::function<void(std::string_view)> onOutput;
};

struct ReplayResult {
    bool ok = false;   // replayed to the requested step without a replay error
    std::string error; // why not ("replay: ...")

    uint64_t step = 0; // the step reached
    uint64_t digestValue = 0;
    std::string digest;                         // of the step reached (16 hex digits)
    uint64_t portableDigestValue = 0;           // digest.h portable digest, at the last step
    std::vector<uint64_t> stepDigests;          // index = step (empty if not asked)
    std::vector<std::string> validatorFailures; // "step K (gc-unit): message"

    std::string output;       // everything the program printed
    std::string programError; // the script's own error, as lua.c prints it
    bool programEnded = false;
    uint64_t instructionCount = 0;

    // Comparison with the digests the recording carries. Every step may carry
    // a full digest and a portable one (digest.h). On a build of the
    // recording's word size the full digests are compared (equal states give
    // equal portable digests: those add nothing); on another width the full
    // digests are not comparable (they hash object sizes, bytes in use,
    // threshold and debt, which depend on the pointer width) and every
    // portable digest is compared instead.
    bool comparable = true;        // at least one recorded digest can be compared here
    uint64_t compared = 0;         // how many recorded digests were checked
    uint64_t notComparable = 0;    // full digests skipped: recorded on another word size
    int64_t divergedAtStep = -1;   // first step whose digest differs
    bool divergedPortable = false; // ... and it was the portable digest that differed
    uint64_t expectedDigest = 0;   // the recording's digest for that step (0: none)
    uint64_t actualDigest = 0;     // the replay's digest (of the same kind) at that step
};

// Rebuilds a VM from a recording, one step at a time (the UI's step-back is
// "advance the nearest parked Replayer, or a new one, to the step before").
class Replayer {
  public:
    explicit Replayer(Recording recording, ReplayOptions options = {});
    ~Replayer();
    Replayer(const Replayer&) = delete;
    Replayer& operator=(const Replayer&) = delete;

    // Creates the VM and loads the script: step 0. False on failure (error in
    // result().error, e.g. the script's syntax error).
    bool start();
    // Advances to the next step; false at the last step or on a replay error.
    bool advance();
    // Advances until `step` (or the last step); false on a replay error.
    bool advanceTo(uint64_t step);

    uint64_t step() const { return result_.step; }
    uint64_t lastStep() const { return recording_.stepCount() - 1; }
    bool failed() const { return failed_; }
    VM* vm() const { return vm_; }
    const Recording& recording() const { return recording_; }
    const ReplayResult& result() const { return result_; }
    // Is the program still able to run (started or not, not ended/stopped)?
    bool programAlive() const { return alive_; }
    bool programStarted() const { return started_; }
    // run() returned Yielded/WaitingForMessage and the call was not resumed yet.
    bool waiting() const { return waiting_; }
    // Hands the VM over (the playground continues from a replayed state): the
    // Replayer's output and delivery hooks are removed; the caller destroys it.
    VM* releaseVm();

    // --- Checkpoints: a parked Replayer -------------------------------------
    // A Replayer kept alive at some step is a checkpoint: going back to a later
    // point of the same session advances it from there instead of replaying
    // from step 0 (no VM copy). The session's recording may have changed since
    // (the user went back and did something else): continueWith() swaps in the
    // new recording when everything this Replayer has already used is the same.
    //
    // Advances toward `step` running about `budget` instructions at most (a
    // recorded collector action is never cut; each step also costs the size of
    // the heap walks it did); call again until step() reaches it. False on a
    // replay error. Idle frames build checkpoints with this.
    bool advanceToward(uint64_t step, uint64_t budget);
    // Whether the state this Replayer is in is also a state of a replay of
    // `next`: same fixed fields (script, seeds, clock, files, settings), next's
    // actions start with every action already applied or queued here, and the
    // VM has not run past next's next target. At the last step (the end of a
    // cut recording) the VM stands at endAt: `next` must continue from there.
    bool canContinueWith(const Recording& next) const;
    // Swaps in `next` when canContinueWith(next) holds, keeping the VM and the
    // progress; the step becomes the number of actions applied. False (nothing
    // changed) otherwise: the checkpoint is then useless for `next`.
    bool continueWith(Recording next);

  private:
    Recording recording_;
    ReplayOptions options_;
    ReplayResult result_;
    VM* vm_ = nullptr;
    bool started_ = false;
    bool alive_ = false;
    bool waiting_ = false; // run() returned Yielded/WaitingForMessage, not yet resumed
    bool failed_ = false;
    bool sameWidth_ = true;
    std::vector<uint64_t> deliveredAt_; // instruction count of each delivery seen
    size_t queuedThrough_ = 0;          // actions whose envelopes are queued: [0, this)
    size_t deliveriesApplied_ = 0;      // Deliver actions applied so far
    uint64_t collectorUnits_ = 0;       // units done by recorded collector steps

    bool overshot_ = false;    // the last failure was a run slice passing its target
    bool budgeted_ = false;    // inside advanceToward: runTo stops when budget_ is spent
    bool interrupted_ = false; // ... and it did (not a failure)
    uint64_t budget_ = 0;      // instructions advanceToward may still run
    std::vector<std::pair<uint64_t, uint64_t>> carefulZones_; // [from, to): one-instruction slices
    size_t forwarded_ = 0;                                    // output bytes given to onOutput

    bool fail(const std::string& message);
    bool advanceOnce();
    bool rebuild(uint64_t step);
    bool runTo(uint64_t target);
    bool runSlice(uint64_t budget);
    bool apply(const Action& a);
    bool deliver(const Action& a);
    void afterStep(uint64_t recordedDigest, uint64_t recordedPortable);
    void compareDigest(uint64_t expected, uint64_t actual, bool portable);
};

// Replays `r` up to step `stopAtStep` (default: all), with digests and
// validation; see ReplayResult.
ReplayResult replay(const Recording& r, uint64_t stopAtStep = UINT64_MAX,
                    ReplayOptions options = {});

// ---------------------------------------------------------------------------
// Recording

// Writes a session down as it happens. The playground creates its VM with
// createVm() (so the environment is the recorded one), loads the script with
// loadString(main.source, main.chunkName), and routes every outside action
// through the Recorder: collector steps and parameter changes are PERFORMED
// by it (the instruction count is taken before the step: finalizers it calls
// run Lua code), the others are reported when they happen. snapshot() gives
// the recording so far.
class Recorder {
  public:
    // keepActions: continue a recording (after a replay up to its end) rather
    // than start one.
    explicit Recorder(Recording settings, bool keepActions = false);

    // Creates the session's VM. With a worker host the `worker` library is
    // opened and every envelope delivered into the main VM's inbox is
    // recorded as a Deliver action (the Recorder must outlive the VM).
    VM* createVm(const VMOptions& base, std::unique_ptr<WorkerHost> workers = nullptr);
    const Recording& settings() const { return settings_; }
    // Takes over a VM made elsewhere (a Replayer's, released): installs the
    // delivery recording as createVm does.
    void adopt(VM& vm);
    // The host opened the `worker` library itself after createVm (the
    // browser's transport): record its deliveries from now on.
    void workersOpened(VM& vm);

    // Steps the collector (GcUnit/GcPhase/GcCycle x count) and records it;
    // returns false if the collector refused the first step.
    bool gcStep(VM& vm, ActionKind kind, uint64_t count = 1);
    // Sets the collector's pacing and records it.
    void gcParams(VM& vm, int pause, int stepMul, int stepSizeLog2);
    // The host's safe point between run slices: worker.h deliverMessages,
    // with the deliveries recorded as such. Hosts must call this instead.
    void deliverMessages(VM& vm);
    // Steps the collector one unit at a time until done() holds (checked
    // before each unit), it refuses, or maxUnits; records one GcUnit x n
    // action (nothing when no unit was done). Returns the units done.
    uint64_t gcUnitsUntil(VM& vm, const std::function<bool()>& done, uint64_t maxUnits);
    // Queues a line on the interactive stdin (appendStandardInput) and records it.
    void input(VM& vm, std::string_view bytes);
    // The program was abandoned (abortCall) now.
    void stopped(const VM& vm);
    // A bookmark (no effect on the VM).
    void mark(const VM& vm);
    // Take a digest after each action (costs a heap walk per action).
    bool recordDigests = true;

    // The recording so far, ending at the VM's current instruction count,
    // with the current digest as the expected one and the cursor at the end.
    Recording snapshot(const VM& vm, uint64_t selectedObject = 0) const;

  private:
    Recording settings_;
    bool deliveringBetweenSlices_ = false;
    void add(const VM& vm, Action a, uint64_t at);
};

} // namespace tricolor
