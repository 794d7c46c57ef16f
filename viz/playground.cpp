// viz/playground.cpp — one playground session (see playground.h): the VM, its program run in
// budgeted slices, the collector commands, the snapshots the panels read, and the panel layout.
#include "viz/playground.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/api.h"
#include "core/digest.h"
#include "core/introspect.h"
#include "core/recording.h"
#include "core/replay.h"
#include "core/stdlib.h"
#include "core/version.h"
#include "core/vm.h"
#include "core/worker.h"
#include "viz/panels.h"

namespace tricolor::viz {

const char* programStateName(ProgramState s) {
    switch (s) {
    case ProgramState::Idle: return "idle";
    case ProgramState::Running: return "running";
    case ProgramState::Paused: return "paused";
    case ProgramState::WaitingForInput: return "waiting for input";
    case ProgramState::WaitingForMessage: return "waiting for a message";
    case ProgramState::MutatorLocked: return "mutator locked";
    case ProgramState::Finished: return "finished";
    case ProgramState::Error: return "error";
    }
    return "?";
}

namespace {

double wallMs() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

constexpr uint64_t kSlice = 5000;            // instructions between condition checks
constexpr uint64_t kMaxUntilUnits = 5000000; // collector units of one "run until"
// A replay in the page runs in one go (between two frames): bounded so that a hostile link cannot
// hold the page for more than a few seconds.
constexpr uint64_t kMaxReplayInstructions = 50000000;
// Checkpoints for step back (docs/replay.md): parked Replayers built in idle frames, at most this
// many (one heap each), advanced by slices of this many instructions for at most this long a frame.
constexpr size_t kMaxCheckpoints = 3;
constexpr uint64_t kCheckpointSlice = 20000;
constexpr double kCheckpointMillisPerFrame = 6.0;
// Checkpoints are built in slices, so they may replay further than a jump may in one go: a jump
// from one still runs at most kMaxReplayInstructions synchronously (a link's far points cannot
// hold the page), but sessions up to this long can go back.
constexpr uint64_t kMaxCheckpointInstructions = 500000000;
// Bytes the parked heaps and the one being built may hold together (estimated by the session's
// own heap for the next one): a large heap gets fewer checkpoints, or none.
constexpr size_t kCheckpointMemory = size_t(192) << 20;

// The panels' font has no check marks: "reproduced ✓" reads "reproduced (ok)" there.
std::string imguiText(std::string text) {
    for (auto [from, to] :
         {std::pair<const char*, const char*>{"\u2713", "(ok)"}, {"\u2717", "(X)"}}) {
        for (size_t at; (at = text.find(from)) != std::string::npos;)
            text.replace(at, std::string_view(from).size(), to);
    }
    return text;
}

// A point of the session's timeline: the instruction count and how many recorded actions were
// done. Together with the recording they decide the heap exactly (replay.h).
struct TimelinePoint {
    uint64_t at = 0;
    size_t actions = 0;
    bool operator==(const TimelinePoint&) const = default;
};

// A checkpoint: a Replayer parked at timeline point `index` (at the end of the recording cut
// there), or on its way there while it is being built. Going back to that point or a later one
// advances it from there instead of replaying from the start (replay.h continueWith).
struct Checkpoint {
    size_t index = 0;
    TimelinePoint point;
    std::unique_ptr<Replayer> replayer;
};

} // namespace

struct Playground::Impl {
    PlaygroundOptions options;
    Playground* self = nullptr;
    VM* vm = nullptr;
    ProgramState state = ProgramState::Idle;
    bool started = false;       // startCall done
    bool programAlive = false;  // the call can still run (not finished, failed or stopped)
    bool resumePending = false; // run() yielded (input, message): resumeCall before the next run
    std::string chunkName;
    VizState viz;

    // Recording (replay.h): every outside action on the VM goes through the recorder, so the
    // session can become a share link and any earlier point can be rebuilt exactly.
    std::unique_ptr<Recorder> recorder;
    std::vector<TimelinePoint> points; // the timeline: where the user stopped, oldest first
    size_t cursor = 0;                 // the timeline point the session is at
    // The recording the timeline points refer to once the user went back (the recorder then only
    // holds the actions up to the cursor); empty while the session is at its latest point.
    std::unique_ptr<Recording> track;
    std::string replayVerdict; // the last opened link's "reproduced ✓" / "diverged ✗ ..."
    // Step back from a checkpoint: the parked ones (oldest point first) and the one being built in
    // idle frames. All belong to the current timeline (a new branch drops those past its start).
    std::vector<Checkpoint> checkpoints;
    std::unique_ptr<Checkpoint> building;
    size_t checkpointFailedAt = SIZE_MAX; // a point whose build failed: not tried again
    uint64_t checkpointJumps = 0;         // jumps that started from a checkpoint
    int64_t lastJumpFrom = -1; // instruction the last jump started from (-1: from the start)
    double lastJumpMillis = 0;

    // Panels.
    ControlsPanel controls;
    PhasePanel phases;
    HeapGraphPanel graph;
    HeapMapPanel map;
    InspectorPanel inspector;
    FinalizationPanel finalization;
    WeakTablesPanel weak;
    TimelinePanel timeline;
    OutputPanel output;
    InvariantAlarm alarm;
    ImVec4 viewport{0, 0, 0, 0};
    uint64_t shownSelection = 0; // the selection the narrow layout last brought forward

    // Snapshots. Between collector steps the model follows the collector's events (gcLog); once
    // the mutator ran (or anything else touched the heap) it copies the heap again.
    bool heapDirty = true;
    bool mutatorRan = true;
    GcEventLog gcLog;
    double lastSnapshotAt = -1e9, lastSnapshotCost = 0;
    double sessionStart = wallMs();
    GcCounters lastCounters{};

    // Run until.
    bool untilArmed = false;
    RunUntil untilKind = RunUntil::State;
    GcState untilState = GcState::Pause;
    uint64_t untilObject = 0;
    GcColour untilColour = GcColour::WhiteCurrent;
    bool untilHit = false;

    double autoStepCredit = 0;
    double lastTickAt = 0;
    uint64_t waitMark = 0; // deliveryCount when the program began waiting for a message

    // ----------------------------------------------------------------------------------------
    // Program output goes to onOutput as it comes (chunks); the Output tab collects whole lines.
    void emit(OutputKind kind, std::string_view text) {
        if (self->onOutput) self->onOutput(kind, text);
        bool stream = kind == OutputKind::Stdout || kind == OutputKind::Stderr;
        auto& out = viz.output;
        size_t start = 0;
        while (start <= text.size()) {
            size_t end = text.find('\n', start);
            std::string_view piece =
                text.substr(start, end == std::string_view::npos ? end : end - start);
            if (stream && !out.empty() && out.back().first == kind && openLine)
                out.back().second += piece;
            else if (!piece.empty() || end != std::string_view::npos)
                out.emplace_back(kind, std::string(piece));
            openLine = stream && end == std::string_view::npos;
            if (end == std::string_view::npos) break;
            start = end + 1;
            if (start == text.size()) break;
        }
        if (!stream) openLine = false;
        if (out.size() > 2000) out.erase(out.begin(), out.begin() + 500);
    }
    bool openLine = false;

    double now() const { return (wallMs() - sessionStart) / 1000.0; }

    void destroyVm() {
        if (vm) vmDestroy(vm);
        vm = nullptr;
        viz.model.clear();
        viz.layout.clear();
        viz.history = GcHistory{};
        viz.selected = 0;
        viz.alarm = false;
        viz.breach = InvariantBreach{};
        started = programAlive = untilArmed = resumePending = false;
        lastCounters = GcCounters{};
        recorder.reset();
        gcLog.clear();
        mutatorRan = true;
    }

    // The settings a fresh session records: the script, the memory limit, the collector's
    // parameters, an interactive stdin (the page's stdin line). Seeds, clock: the defaults.
    Recording freshSettings(std::string_view source) const {
        Recording r;
        r.main.source = std::string(source);
        r.main.chunkName = chunkName;
        r.memoryLimit = options.memoryLimit;
        r.gcPause = viz.gcPause;
        r.gcStepMul = viz.gcStepMul;
        r.gcStepSizeLog2 = viz.gcStepSizeLog2;
        r.gcValidate = viz.validateEveryStep;
        r.interactiveStdin = true;
        return r;
    }

    VMOptions outputOptions() {
        VMOptions vo;
        vo.writeStdout = [this](std::string_view s) { emit(OutputKind::Stdout, s); };
        vo.writeStderr = [this](std::string_view s) { emit(OutputKind::Stderr, s); };
        return vo;
    }

    // Hooks the playground's observers and output into a VM (fresh or adopted from a replay).
    void attachVm() {
        VMOptions vo = outputOptions();
        vm->options.writeStdout = vo.writeStdout;
        vm->options.writeStderr = vo.writeStderr;
        vm->gc.observer = [this](VM&, const GcEvent& e) { onGcEvent(e); };
    }

    // A fresh VM in the recorded environment (replay.h createRecordedVm: virtual clock, in-memory
    // files, interactive stdin); the platform's onVmCreated may open the `worker` library, whose
    // deliveries the recorder then writes down.
    bool createVm(std::string_view source) {
        recorder = std::make_unique<Recorder>(freshSettings(source));
        vm = recorder->createVm(outputOptions());
        if (!vm) return false;
        if (self->onVmCreated) self->onVmCreated(*vm);
        if (vmMailbox(*vm)) recorder->workersOpened(*vm);
        attachVm();
        return true;
    }

    // The collector's event stream: finalizers, resurrections, weak clearing, run-until stops.
    void onGcEvent(const GcEvent& e) {
        GcHistory& h = viz.history;
        h.events++;
        gcLog.record(e);
        switch (e.kind) {
        case GcEventKind::StateEntered:
            if (e.state == GcState::Atomic) h.clearedThisAtomic.clear();
            if (e.state == GcState::SweepAllgc) h.clearedLastAtomic = h.clearedThisAtomic;
            if (untilArmed && untilKind == RunUntil::State && e.state == untilState)
                untilHit = true;
            break;
        case GcEventKind::WeakEntryCleared:
            h.clearedThisAtomic.push_back({e.objectId, e.otherId, e.atomicStep});
            break;
        case GcEventKind::FinalizerCalled:
            h.finalizerCalls++;
            h.finalized.push_back(e.objectId);
            if (h.finalized.size() > 500) h.finalized.erase(h.finalized.begin());
            if (untilArmed && untilKind == RunUntil::Finalizer) untilHit = true;
            break;
        case GcEventKind::Resurrected: h.resurrected.insert(e.objectId); break;
        case GcEventKind::Freed:
            if (untilArmed && untilKind == RunUntil::ColourChange && e.objectId == untilObject)
                untilHit = true;
            break;
        case GcEventKind::ValidatorFailed:
            if (untilArmed && untilKind == RunUntil::InvariantViolation) untilHit = true;
            break;
        default: break;
        }
    }

    // ----------------------------------------------------------------------------------------
    // Program

    bool ensureStarted() {
        if (!vm || !programAlive) return false;
        if (!started) {
            startCall(*vm, 0);
            started = true;
        }
        if (resumePending) {
            resumeCall(*vm, 0); // the waiting read or receive() looks again
            resumePending = false;
        }
        return true;
    }

    bool waitingForInput() { return vm && programAlive && waitingForStandardInput(*vm); }

    // Runs at most `budget` instructions; updates the state from the result.
    void runSlice(uint64_t budget) {
        if (!ensureStarted()) return;
        if (gcMutatorLocked(*vm)) return; // the interpreter refuses; the caller shows the lock
        RunStatus s = tricolor::run(*vm, budget);
        heapDirty = mutatorRan = true;
        switch (s) {
        case RunStatus::Paused:
            // A read inside a coroutine waits by polling: nothing to run until a line comes.
            if (waitingForInput()) state = ProgramState::WaitingForInput;
            break;
        case RunStatus::Finished:
            pop(*vm, stackSize(*vm));
            programAlive = false;
            state = ProgramState::Finished;
            emit(OutputKind::Info, "program finished");
            break;
        case RunStatus::Error: {
            std::string message = errorMessage(*vm);
            std::string trace = errorTraceback(*vm);
            pop(*vm, stackSize(*vm));
            programAlive = false;
            state = ProgramState::Error;
            emit(OutputKind::Error, trace.empty() ? message : message + "\n" + trace);
            break;
        }
        case RunStatus::Yielded:
        case RunStatus::WaitingForMessage:
            resumePending = true; // io.read / receive() look again when the program resumes
            if (waitingForInput()) {
                state = ProgramState::WaitingForInput;
            } else {
                state = ProgramState::WaitingForMessage;
                waitMark = deliveryCount(*vm);
            }
            break;
        case RunStatus::Idle: programAlive = false; break;
        }
    }

    int currentLine() const {
        if (!vm || !programAlive || !started) return -1;
        std::string chunk;
        int line = -1;
        return currentPosition(*vm, chunk, line) ? line : -1;
    }

    void refusedByLock() {
        viz.lastMessage = "The mutator is locked: the collector is inside the atomic phase. "
                          "Step the collector (or Run) to finish it.";
    }

    // ----------------------------------------------------------------------------------------
    // Collector

    // The recorder takes a heap digest after each action so a replay can say at which step it
    // diverged; on a big heap that walk would cost more than the step, so there the only digest
    // is the one a share link or bug report takes when it is made (Recorder::snapshot).
    static constexpr uint64_t kMaxObjectsForStepDigests = 100000;
    void chooseDigestPolicy() {
        if (recorder)
            recorder->recordDigests =
                viz.model.snapshot().stats.objects <= kMaxObjectsForStepDigests;
    }
    bool gcStepRecorded(ActionKind kind, uint64_t count = 1) {
        chooseDigestPolicy();
        return recorder->gcStep(*vm, kind, count);
    }

    void afterGcCommand(bool ok, const char* what) {
        heapDirty = true;
        // Explicit steps are validated one by one (the collector itself amortises validation);
        // for big heaps that would cost more than the step, so only below 200k objects.
        if (vm && viz.validateEveryStep && !vm->gc.validationFailed &&
            viz.model.snapshot().stats.objects < 200000)
            gcValidate(*vm);
        if (!ok)
            viz.lastMessage = std::string(what) + " refused (a finalizer is running)";
        else
            viz.lastMessage.clear();
        refreshSnapshot(true);
        sample();
    }

    bool untilConditionHolds() {
        if (untilHit) return true;
        if (untilKind == RunUntil::ColourChange) {
            GCObject* o = gcFindObject(*vm, untilObject);
            return !o || gcColourOf(*vm, o) != untilColour;
        }
        if (untilKind == RunUntil::InvariantViolation) return vm->gc.validationFailed;
        return false;
    }

    // Only the collector runs (the program cannot).
    // Unit by unit through the recorder (one recorded action), checking the condition between
    // units; the collector's events (onGcEvent) flag states, finalizers and frees.
    void runUntilCollectorOnly() {
        GCObject* watched = nullptr;
        if (untilKind == RunUntil::ColourChange) {
            watched = gcFindObject(*vm, untilObject);
            if (!watched) {
                viz.lastMessage = "select an object first";
                untilArmed = false;
                return;
            }
        }
        untilHit = false;
        auto holds = [&] {
            if (untilHit) return true;
            switch (untilKind) {
            case RunUntil::ColourChange: return gcColourOf(*vm, watched) != untilColour;
            case RunUntil::InvariantViolation: return vm->gc.validationFailed || !gcValidate(*vm);
            default: return false;
            }
        };
        chooseDigestPolicy();
        uint64_t units = recorder->gcUnitsUntil(*vm, holds, kMaxUntilUnits);
        bool reached = holds();
        bool refused = !reached && units < kMaxUntilUnits;
        untilArmed = false;
        afterGcCommand(!refused, "run until");
        if (!reached && !refused)
            viz.lastMessage =
                "the condition did not happen within " + std::to_string(kMaxUntilUnits) + " units";
        markPoint();
    }

    // ----------------------------------------------------------------------------------------
    // Snapshots, samples, the alarm

    void refreshSnapshot(bool force) {
        if (!vm || !heapDirty) return;
        double t = now();
        // While running, snapshot at most every 50 ms or 5x the cost of one (big heaps stay fluid).
        if (!force && t - lastSnapshotAt < std::max(0.05, 5 * lastSnapshotCost)) return;
        double start = wallMs();
        bool followed = !mutatorRan && viz.model.follow(*vm, gcLog, t);
        if (!followed) viz.model.resync(*vm, t);
        gcLog.clear();
        mutatorRan = false;
        lastSnapshotCost = (wallMs() - start) / 1000.0;
        lastSnapshotAt = t;
        heapDirty = false;
        checkAlarm();
    }

    void checkAlarm() {
        if (!vm || viz.alarm || !vm->gc.validationFailed) return;
        viz.alarm = true;
        viz.alarmMessage = vm->gc.validationMessage;
        viz.breach = findBlackToWhiteEdge(viz.model.snapshot());
        if (viz.breach.found) {
            const HeapEdge& e = viz.model.snapshot().edges[viz.breach.edge];
            viz.selected = viz.model.snapshot().nodes[e.from].id;
        }
        if (state == ProgramState::Running) state = ProgramState::Paused;
        viz.autoStep = false;
        emit(OutputKind::Error, "gc validator: " + viz.alarmMessage);
    }

    void sample() {
        if (!vm) return;
        GcStats s = gcStatsWithoutCounts(*vm); // a sample never walks the heap
        GcHistory& h = viz.history;
        TimelineSample p;
        p.time = now();
        p.state = s.state;
        p.bytes = double(s.bytesInUse);
        p.threshold = double(s.threshold);
        p.debt = double(s.debt);
        p.work = double(s.counters.units - lastCounters.units);
        p.finalizers = uint32_t(s.counters.finalizersCalled - lastCounters.finalizersCalled);
        p.messages = 0;
        if (s.counters.steps != lastCounters.steps) {
            h.stepPauses.push_back(s.counters.lastStepMs);
            if (h.stepPauses.size() > GcHistory::kMaxPauses) h.stepPauses.pop_front();
        }
        lastCounters = s.counters;
        h.samples.push_back(p);
        if (h.samples.size() > GcHistory::kMaxSamples) h.samples.pop_front();
    }

    // ----------------------------------------------------------------------------------------
    // Frame loop

    void tickRunning() {
        if (gcMutatorLocked(*vm)) {
            // Finish atomic one visible sub-step per frame, then the program continues.
            gcStepRecorded(ActionKind::GcUnit, 1);
            heapDirty = true;
            return;
        }
        double start = wallMs();
        uint64_t done = 0;
        while (state == ProgramState::Running && done < options.instructionsPerTick) {
            runSlice(std::min<uint64_t>(kSlice, options.instructionsPerTick - done));
            done += kSlice;
            if (untilArmed && untilConditionHolds()) {
                untilArmed = false;
                if (state == ProgramState::Running) state = ProgramState::Paused;
                viz.lastMessage = "run until: condition reached";
            }
            if (vm->gc.validationFailed || gcMutatorLocked(*vm)) break;
            if (wallMs() - start > options.maxTickMilliseconds) break;
        }
        if (untilArmed && !programAlive) runUntilCollectorOnly();
        if (state != ProgramState::Running) markPoint(); // stopped by itself: a point to go back to
    }

    void tickAutoStep(double dt) {
        autoStepCredit += dt * viz.autoStepPerSecond;
        int units = int(std::min(autoStepCredit, 5000.0));
        autoStepCredit -= units;
        if (units > 0) gcStepRecorded(ActionKind::GcUnit, uint64_t(units));
        if (units > 0) {
            heapDirty = true;
            sample();
        }
    }

    void tick() {
        double t = now();
        double dt = std::clamp(t - lastTickAt, 0.0, 0.25);
        lastTickAt = t;
        if (!vm) return;
        // Workers (core/worker.h): a safe point between slices takes in what arrived (messages,
        // their output, end notices); a receive() that waited resumes once something was delivered.
        if (!gcMutatorLocked(*vm)) {
            uint64_t delivered = deliveryCount(*vm);
            recorder->deliverMessages(*vm);
            if (deliveryCount(*vm) != delivered) heapDirty = mutatorRan = true;
        }
        if (state == ProgramState::WaitingForMessage && programAlive &&
            deliveryCount(*vm) != waitMark)
            state = ProgramState::Running;
        if (state == ProgramState::Running) {
            tickRunning();
            sample();
        } else if (viz.autoStep) {
            tickAutoStep(dt);
        }
        if (state != ProgramState::Running) buildCheckpoint(kCheckpointMillisPerFrame);
        refreshSnapshot(state != ProgramState::Running);
        for (uint64_t id : viz.model.expireGhosts(t))
            viz.layout.release(id);
    }

    void layoutWindows();

    // ----------------------------------------------------------------------------------------
    // Timeline, step back, share links

    TimelinePoint here() const {
        return {vm ? vm->instructionCount : 0, recorder ? recorder->settings().actions.size() : 0};
    }

    // Records where the session stands as a timeline point (after every user command). A point
    // made after going back starts a new branch: the points after the cursor are dropped.
    void markPoint() {
        if (!vm || !recorder) return;
        TimelinePoint p = here();
        if (!points.empty() && points[cursor] == p) return;
        if (cursor + 1 < points.size()) {
            points.resize(cursor + 1);
            dropCheckpointsAfter(cursor);
            viz.lastMessage.clear(); // "at point k of n" no longer holds
        }
        track.reset();
        points.push_back(p);
        cursor = points.size() - 1;
    }

    // Replays `r` in a fresh VM up to `step` and continues the session from there (recording
    // on). Output of the replay goes to the console when `showOutput`.
    // With `parked` (a checkpoint already continued with `r`), advances that one instead.
    ReplayResult adoptReplay(const Recording& r, uint64_t step, bool showOutput,
                             std::unique_ptr<Replayer> parked = nullptr) {
        destroyVm();
        viz.source = r.main.source;
        chunkName = r.main.chunkName;
        std::unique_ptr<Replayer> fresh;
        if (!parked) {
            ReplayOptions ro = replayOptions();
            if (showOutput)
                ro.onOutput = [this](std::string_view s) { emit(OutputKind::Stdout, s); };
            fresh = std::make_unique<Replayer>(r, ro);
            fresh->start();
        }
        Replayer& replayer = parked ? *parked : *fresh;
        if (!replayer.failed()) replayer.advanceTo(step);
        ReplayResult result = replayer.result();
        started = replayer.programStarted();
        programAlive = replayer.programAlive() && !replayer.failed();
        resumePending = replayer.waiting();
        vm = replayer.releaseVm();
        if (!vm) {
            state = ProgramState::Error;
            return result;
        }
        Recording continued = r;
        continued.actions.resize(std::min<size_t>(r.actions.size(), size_t(result.step)));
        recorder = std::make_unique<Recorder>(continued, true);
        recorder->adopt(*vm);
        attachVm();
        vm->gc.validate = viz.validateEveryStep = r.gcValidate;
        viz.gcPause = vm->gc.pause;
        viz.gcStepMul = vm->gc.stepMul;
        viz.gcStepSizeLog2 = vm->gc.stepSizeLog2;
        if (replayer.failed())
            state = ProgramState::Error;
        else if (programAlive)
            state = waitingForInput() ? ProgramState::WaitingForInput
                    : resumePending   ? ProgramState::WaitingForMessage
                                      : ProgramState::Paused;
        else if (!result.programError.empty())
            state = ProgramState::Error;
        else
            state = result.programEnded ? ProgramState::Finished : ProgramState::Idle;
        if (state == ProgramState::WaitingForMessage) waitMark = deliveryCount(*vm);
        heapDirty = true;
        refreshSnapshot(true);
        sample();
        return result;
    }

    ReplayOptions replayOptions() const {
        ReplayOptions ro;
        ro.maxInstructions = kMaxReplayInstructions;
        return ro;
    }

    // The session's recording cut at timeline point `index` (what replaying to it replays).
    Recording cutRecording(size_t index) const {
        Recording r = track ? *track : recorder->settings();
        r.actions.resize(std::min(r.actions.size(), points[index].actions));
        r.endAt = points[index].at;
        r.expectedDigest = r.portableDigest = 0;
        r.cursor = 0;
        r.selectedObject = 0;
        return r;
    }

    // ----------------------------------------------------------------------------------------
    // Checkpoints (docs/replay.md): going back advances the nearest parked Replayer at or
    // before the target point instead of replaying from step 0. Idle frames (re)build them, a
    // few slices a frame, for the points a jump is likely to go to: the two before the cursor
    // (step back) and the latest (back to the present).

    std::vector<size_t> wantedCheckpoints() const {
        std::vector<size_t> wanted;
        for (size_t back = 1; back <= 2 && back <= cursor; back++)
            wanted.push_back(cursor - back);
        if (!points.empty() && points.size() - 1 != cursor) wanted.push_back(points.size() - 1);
        // Point 0 is the loaded program: replaying to it costs nothing.
        std::erase_if(wanted, [this](size_t i) { return points[i].at == 0; });
        return wanted;
    }

    // Wanted points without a parked checkpoint yet (a failed build is not retried).
    size_t checkpointsPending() const {
        size_t pending = 0;
        for (size_t i : wantedCheckpoints()) {
            bool parked = std::any_of(checkpoints.begin(), checkpoints.end(),
                                      [i](const Checkpoint& c) { return c.index == i; });
            if (!parked && i != checkpointFailedAt) pending++;
        }
        return pending;
    }

    bool hasCheckpoint(size_t index) const {
        for (const Checkpoint& c : checkpoints)
            if (c.index == index) return true;
        return building && building->index == index;
    }

    // A new branch starts after point `last`: checkpoints for later points are of the old one.
    void dropCheckpointsAfter(size_t last) {
        std::erase_if(checkpoints, [last](const Checkpoint& c) { return c.index > last; });
        if (building && building->index > last) building.reset();
        if (checkpointFailedAt != SIZE_MAX && checkpointFailedAt > last)
            checkpointFailedAt = SIZE_MAX;
    }

    void clearCheckpoints() {
        checkpoints.clear();
        building.reset();
        checkpointFailedAt = SIZE_MAX;
    }

    // Advances the checkpoint being built for about `millis` (starting one for the first wanted
    // point without one); parks it when it reaches its point. Keeps at most kMaxCheckpoints,
    // dropping first those no longer wanted.
    void buildCheckpoint(double millis) {
        if (!vm || !recorder || points.empty()) return;
        std::vector<size_t> wanted = wantedCheckpoints();
        if (!building) {
            for (size_t i : wanted) {
                if (hasCheckpoint(i) || i == checkpointFailedAt) continue;
                if (!makeRoomForCheckpoint(wanted)) return;
                building = std::make_unique<Checkpoint>();
                building->index = i;
                building->point = points[i];
                ReplayOptions ro = replayOptions();
                ro.maxInstructions = kMaxCheckpointInstructions;
                building->replayer = std::make_unique<Replayer>(cutRecording(i), ro);
                if (!building->replayer->start()) {
                    checkpointFailedAt = i;
                    building.reset();
                }
                break;
            }
            if (!building) return;
        }
        double start = wallMs();
        Replayer& r = *building->replayer;
        while (r.step() < r.lastStep() && wallMs() - start < millis)
            if (!r.advanceToward(r.lastStep(), kCheckpointSlice)) break;
        if (r.failed()) {
            checkpointFailedAt = building->index;
            building.reset();
            return;
        }
        if (r.step() < r.lastStep()) return;
        checkpoints.push_back(std::move(*building));
        building.reset();
        std::sort(checkpoints.begin(), checkpoints.end(),
                  [](const Checkpoint& a, const Checkpoint& b) { return a.index < b.index; });
        while (checkpoints.size() > kMaxCheckpoints) {
            auto unwanted = std::find_if(checkpoints.begin(), checkpoints.end(), [&](auto& c) {
                return std::find(wanted.begin(), wanted.end(), c.index) == wanted.end();
            });
            checkpoints.erase(unwanted != checkpoints.end() ? unwanted : checkpoints.begin());
        }
    }

    // Drops parked checkpoints no longer wanted until one more heap the size of the session's
    // fits in kCheckpointMemory; false when it does not fit even so.
    bool makeRoomForCheckpoint(const std::vector<size_t>& wanted) {
        auto parkedBytes = [this] {
            size_t bytes = 0;
            for (const Checkpoint& c : checkpoints)
                bytes += c.replayer->vm() ? c.replayer->vm()->memory.bytesInUse : 0;
            return bytes;
        };
        while (parkedBytes() + vm->memory.bytesInUse > kCheckpointMemory) {
            auto unwanted = std::find_if(checkpoints.begin(), checkpoints.end(), [&](auto& c) {
                return std::find(wanted.begin(), wanted.end(), c.index) == wanted.end();
            });
            if (unwanted == checkpoints.end()) return false;
            checkpoints.erase(unwanted);
        }
        return true;
    }

    // Takes the checkpoint (parked or being built) nearest before `r`'s end that can continue
    // with `r`, already switched to it; null when none can (replay from the start then).
    std::unique_ptr<Replayer> takeCheckpoint(const Recording& r, size_t index) {
        if (building) { // a half-built one counts too: what it ran is not run again
            checkpoints.push_back(std::move(*building));
            building.reset();
        }
        auto best = checkpoints.end();
        for (auto it = checkpoints.begin(); it != checkpoints.end(); ++it) {
            if (it->index > index || !it->replayer->canContinueWith(r)) continue;
            if (r.endAt - it->replayer->vm()->instructionCount > kMaxReplayInstructions) continue;
            if (best == checkpoints.end() ||
                it->replayer->vm()->instructionCount > best->replayer->vm()->instructionCount)
                best = it;
        }
        std::unique_ptr<Replayer> taken;
        if (best != checkpoints.end()) {
            taken = std::move(best->replayer);
            checkpoints.erase(best);
            taken->continueWith(r);
        }
        // Unfinished ones are rebuilt for the new cursor.
        std::erase_if(checkpoints, [](const Checkpoint& c) {
            return c.replayer->step() < c.replayer->lastStep();
        });
        return taken;
    }

    // Rebuilds the session at timeline point `index` by replaying the recording from the nearest
    // checkpoint at or before it, or from the start.
    bool jumpTo(size_t index) {
        if (!vm || !recorder || index >= points.size()) return false;
        // Anything done since the cursor's point is a new branch: keep it as the latest point.
        if (points[cursor] != here()) markPoint();
        if (index == cursor) return true;
        if (!track) track = std::make_unique<Recording>(recorder->snapshot(*vm, viz.selected));
        double jumpStart = wallMs();
        Recording r = cutRecording(index);
        std::unique_ptr<Replayer> parked = takeCheckpoint(r, index);
        lastJumpFrom = parked ? int64_t(parked->vm()->instructionCount) : -1;
        std::vector<TimelinePoint> keepTimeline = std::move(points);
        std::unique_ptr<Recording> keepTrack = std::move(track);
        uint64_t selected = viz.selected;
        auto keepOutput = viz.output;
        ReplayResult result = adoptReplay(r, r.stepCount() - 1, false, std::move(parked));
        if (!result.ok && lastJumpFrom >= 0) { // should not happen: try from the start
            lastJumpFrom = -1;
            result = adoptReplay(r, r.stepCount() - 1, false);
        }
        if (lastJumpFrom >= 0) checkpointJumps++;
        lastJumpMillis = wallMs() - jumpStart;
        viz.output = std::move(keepOutput);
        points = std::move(keepTimeline);
        track = std::move(keepTrack);
        cursor = index;
        viz.selected = selected;
        if (!result.ok) {
            viz.lastMessage = "going back failed: " + result.error;
            emit(OutputKind::Error, viz.lastMessage);
            return false;
        }
        viz.lastMessage =
            "at point " + std::to_string(index) + " of " + std::to_string(points.size() - 1) +
            " (instruction " + std::to_string(points[index].at) + ", replayed from " +
            (lastJumpFrom < 0 ? std::string("the start")
                              : "the checkpoint at instruction " + std::to_string(lastJumpFrom)) +
            ")";
        return true;
    }
};

// ---------------------------------------------------------------------------------------------

Playground::Playground(PlaygroundOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->options = options;
    impl_->self = this;
    impl_->viz.playground = this;
}

Playground::~Playground() {
    impl_->destroyVm();
}

bool Playground::load(std::string_view source, std::string_view chunkName) {
    Impl& m = *impl_;
    m.destroyVm();
    m.viz.source = std::string(source);
    m.chunkName = std::string(chunkName);
    m.points.clear();
    m.cursor = 0;
    m.track.reset();
    m.clearCheckpoints();
    m.replayVerdict.clear();
    if (!m.createVm(source)) {
        m.state = ProgramState::Error;
        m.emit(OutputKind::Error, "cannot create state: not enough memory");
        return false;
    }
    std::string error;
    if (!loadString(*m.vm, source, chunkName, error)) {
        m.state = ProgramState::Error;
        m.emit(OutputKind::Error, error);
        m.heapDirty = true;
        m.refreshSnapshot(true);
        return false;
    }
    m.programAlive = true;
    m.state = ProgramState::Paused;
    m.heapDirty = true;
    m.refreshSnapshot(true);
    m.sample();
    m.markPoint();
    return true;
}

void Playground::run() {
    Impl& m = *impl_;
    if (!m.vm || !m.programAlive) return;
    m.state = ProgramState::Running;
}

void Playground::pause() {
    Impl& m = *impl_;
    if (m.state == ProgramState::Running) m.state = ProgramState::Paused;
    m.untilArmed = false;
    m.viz.autoStep = false;
    m.markPoint();
}

void Playground::stop() {
    Impl& m = *impl_;
    if (m.vm && m.started && m.programAlive) {
        abortCall(*m.vm);
        m.recorder->stopped(*m.vm);
    }
    if (m.vm) stopWorkers(*m.vm);
    m.programAlive = m.resumePending = false;
    m.untilArmed = false;
    m.heapDirty = m.mutatorRan = true; // the call's frames are gone
    m.state = ProgramState::Idle;
    m.markPoint();
}

void Playground::stepInstruction() {
    Impl& m = *impl_;
    if (!m.vm || !m.programAlive) return;
    if (gcMutatorLocked(*m.vm)) return m.refusedByLock();
    m.state = ProgramState::Paused;
    m.runSlice(1);
    m.refreshSnapshot(true);
    m.sample();
    m.markPoint();
}

void Playground::stepLine() {
    Impl& m = *impl_;
    if (!m.vm || !m.programAlive) return;
    if (gcMutatorLocked(*m.vm)) return m.refusedByLock();
    m.state = ProgramState::Paused;
    int line = m.currentLine();
    for (int i = 0; i < 1000000 && m.programAlive && m.state == ProgramState::Paused; i++) {
        m.runSlice(1);
        if (gcMutatorLocked(*m.vm)) break;
        int now = m.currentLine();
        if (now != line && now >= 0) break;
    }
    m.refreshSnapshot(true);
    m.sample();
    m.markPoint();
}

// The line is queued on the VM's stdin (and recorded) even while the program runs: a later
// io.read finds it. A program waiting for it continues.
void Playground::provideInput(std::string_view line) {
    Impl& m = *impl_;
    if (!m.vm || !m.programAlive) return;
    std::string bytes(line);
    bytes += '\n';
    m.recorder->input(*m.vm, bytes);
    if (m.state == ProgramState::WaitingForInput) m.state = ProgramState::Running;
}

void Playground::gcStepUnit() {
    Impl& m = *impl_;
    if (!m.vm) return;
    m.afterGcCommand(m.gcStepRecorded(ActionKind::GcUnit), "step unit");
    m.markPoint();
}

void Playground::gcStepPhase() {
    Impl& m = *impl_;
    if (!m.vm) return;
    m.afterGcCommand(m.gcStepRecorded(ActionKind::GcPhase), "step phase");
    m.markPoint();
}

void Playground::gcFullCycle() {
    Impl& m = *impl_;
    if (!m.vm) return;
    // From the middle of a cycle: finish it; from pause: a whole cycle.
    m.afterGcCommand(m.gcStepRecorded(ActionKind::GcCycle), "full cycle");
    m.markPoint();
}

void Playground::runUntil(RunUntil condition, int state) {
    Impl& m = *impl_;
    if (!m.vm) return;
    m.untilKind = condition;
    m.untilState = state >= 0 && state < kGcStateCount ? GcState(state) : GcState::Atomic;
    m.untilObject = m.viz.selected;
    m.untilHit = false;
    if (condition == RunUntil::ColourChange) {
        GCObject* o = m.viz.selected ? gcFindObject(*m.vm, m.viz.selected) : nullptr;
        if (!o) {
            m.viz.lastMessage = "run until colour change: select an object first";
            return;
        }
        m.untilColour = gcColourOf(*m.vm, o);
    }
    m.untilArmed = true;
    if (m.programAlive && !gcMutatorLocked(*m.vm)) {
        m.state = ProgramState::Running;
    } else {
        m.runUntilCollectorOnly();
    }
}

void Playground::setGcParameters(int pause, int stepMul, int stepSizeLog2) {
    Impl& m = *impl_;
    m.viz.gcPause = pause;
    m.viz.gcStepMul = stepMul;
    m.viz.gcStepSizeLog2 = stepSizeLog2;
    if (!m.vm) return;
    m.recorder->gcParams(*m.vm, pause, stepMul, stepSizeLog2);
}

void Playground::setAutoStep(bool on, float unitsPerSecond) {
    impl_->viz.autoStep = on;
    impl_->viz.autoStepPerSecond = unitsPerSecond;
}

void Playground::setValidation(bool on) {
    impl_->viz.validateEveryStep = on;
    if (impl_->vm) impl_->vm->gc.validate = on;
}

void Playground::tick() {
    impl_->tick();
}

void Playground::setViewport(float x, float y, float width, float height) {
    impl_->viewport = ImVec4(x, y, width, height);
}

// The tiling: controls and phases on the left, graph/map over the timeline in the middle,
// inspector and finalization/weak panes on the right. Everything follows the window's size.
void Playground::showHeapMap(bool map) {
    impl_->viz.selectHeapTab = map ? 1 : 0;
}

void Playground::setGraphZoom(float zoom) {
    if (zoom <= 0) {
        impl_->graph.fitRequested = true;
    } else {
        impl_->graph.zoom = zoom;
        impl_->graph.pan = ImVec2(40, 30);
    }
}

// The tiling. Wide (>= 1150 logical pixels): controls and phases on the left, graph/map over the
// timeline in the middle, inspector and finalization/weak panes on the right. Narrow (the page's
// pane next to the editor): controls and phases on the left, the graph over one tabbed pane
// (inspector, timeline, finalization, weak tables, output). Everything follows the window's size.
void Playground::Impl::layoutWindows() {
    ImGuiIO& io = ImGui::GetIO();
    ImVec2 origin(viewport.x, viewport.y);
    ImVec2 size(viewport.z, viewport.w);
    if (size.x <= 0 || size.y <= 0) {
        origin = ImVec2(0, 0);
        size = io.DisplaySize;
    }
    const float gap = 4.0f;
    bool narrow = size.x < 1150.0f;
    float left = narrow ? std::clamp(size.x * 0.3f, 220.0f, 290.0f)
                        : std::clamp(size.x * 0.22f, 250.0f, 330.0f);
    float right = narrow ? 0.0f : std::clamp(size.x * 0.24f, 260.0f, 380.0f);
    float middle = std::max(200.0f, size.x - left - right - (narrow ? 3 : 4) * gap);
    float top = origin.y + gap, height = size.y - 2 * gap;
    float controlsHeight = std::min(height * 0.5f, 390.0f);
    float bottomHeight = narrow ? std::clamp(height * 0.4f, 180.0f, 420.0f)
                                : std::clamp(height * 0.32f, 170.0f, 300.0f);
    float x0 = origin.x + gap, x1 = x0 + left + gap, x2 = x1 + middle + gap;

    auto place = [](ImVec2 pos, ImVec2 sz) {
        ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
        ImGui::SetNextWindowSize(sz, ImGuiCond_Always);
    };
    const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;
    auto tab = [](const char* name, bool select, auto&& body) {
        if (ImGui::BeginTabItem(name, nullptr, select ? ImGuiTabItemFlags_SetSelected : 0)) {
            body();
            ImGui::EndTabItem();
        }
    };

    place(ImVec2(x0, top), ImVec2(left, controlsHeight));
    viz.mainWindowVisible = ImGui::Begin("Tricolor", nullptr, fixed);
    if (viz.mainWindowVisible) controls.Draw(viz);
    ImGui::End();

    place(ImVec2(x0, top + controlsHeight + gap), ImVec2(left, height - controlsHeight - gap));
    if (ImGui::Begin("Collector phases", nullptr, fixed)) phases.Draw(viz);
    ImGui::End();

    float graphHeight = height - bottomHeight - gap;
    place(ImVec2(x1, top), ImVec2(middle, graphHeight));
    if (ImGui::Begin("Heap", nullptr,
                     fixed | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
        if (ImGui::BeginTabBar("heapviews")) {
            int want = viz.selectHeapTab;
            viz.selectHeapTab = -1;
            tab("Graph", want == 0, [&] { graph.Draw(viz); });
            tab("Map", want == 1, [&] { map.Draw(viz); });
            ImGui::EndTabBar();
        }
    }
    ImGui::End();
    // The alarm sits at the bottom of the graph, so the red edge near the roots stays visible.
    if (viz.alarm) alarm.Draw(viz, ImVec2(x1 + 12, top + graphHeight - 12), middle - 24);

    // A new selection brings the inspector to the front in the narrow arrangement.
    bool showInspector = narrow && viz.selected != shownSelection && viz.selected != 0;
    shownSelection = viz.selected;
    place(ImVec2(x1, top + graphHeight + gap), ImVec2(middle, bottomHeight));
    if (ImGui::Begin(narrow ? "Details###bottom" : "Timeline###bottom", nullptr, fixed)) {
        if (ImGui::BeginTabBar("bottom")) {
            tab("Timeline", false, [&] { timeline.Draw(viz); });
            if (narrow) tab("Inspector", showInspector, [&] { inspector.Draw(viz); });
            if (narrow) {
                tab("Finalization", false, [&] { finalization.Draw(viz); });
                tab("Weak tables", false, [&] { weak.Draw(viz); });
            }
            tab("Output", false, [&] { output.Draw(viz); });
            ImGui::EndTabBar();
        }
    }
    ImGui::End();
    if (narrow) return;

    float inspectorHeight = height * 0.5f;
    place(ImVec2(x2, top), ImVec2(right, inspectorHeight));
    if (ImGui::Begin("Inspector", nullptr, fixed)) inspector.Draw(viz);
    ImGui::End();

    place(ImVec2(x2, top + inspectorHeight + gap), ImVec2(right, height - inspectorHeight - gap));
    if (ImGui::Begin("Finalizers and weak tables", nullptr, fixed)) {
        if (ImGui::BeginTabBar("finweak")) {
            tab("Finalization", false, [&] { finalization.Draw(viz); });
            tab("Weak tables", false, [&] { weak.Draw(viz); });
            ImGui::EndTabBar();
        }
    }
    ImGui::End();
}

void Playground::draw() {
    Impl& m = *impl_;
    m.viz.now = m.now();
    m.viz.modelCurrent = !m.heapDirty;
    int clickedLine = m.viz.focusLine;
    m.controls.HandleShortcuts(m.viz);
    m.layoutWindows();
    if (m.viz.focusLine != clickedLine && m.viz.focusLine >= 0 && onSiteClicked)
        onSiteClicked(m.viz.focusLine);
}

// ---------------------------------------------------------------------------------------------
// Recording, share links, step back

std::string Playground::shareLink() const {
    const Impl& m = *impl_;
    if (!m.vm || !m.recorder) return "";
    return encodeShareLink(m.recorder->snapshot(*m.vm, m.viz.selected));
}

std::string Playground::bugReport(std::string_view pageUrl) const {
    const Impl& m = *impl_;
    if (!m.vm || !m.recorder) return "";
    Recording r = m.recorder->snapshot(*m.vm, m.viz.selected);
    std::string link = std::string(pageUrl) + "#r=" + encodeShareLink(r);
    std::string fence = "```";
    while (r.main.source.find(fence) != std::string::npos)
        fence += '`';
    char settings[512];
    std::snprintf(settings, sizeof settings,
                  "incremental, pause %d, stepmul %d, stepsize 2^%d; heap validation %s; memory "
                  "limit %llu MB; random seed %lld, %lld; string hash seed %llu",
                  m.vm->gc.pause, m.vm->gc.stepMul, m.vm->gc.stepSizeLog2,
                  m.viz.validateEveryStep ? "on" : "off", (unsigned long long)(r.memoryLimit >> 20),
                  (long long)r.randomSeed1, (long long)r.randomSeed2,
                  (unsigned long long)r.hashSeed);
    std::string out = "## Tricolor bug report\n\n";
    out += "**Reproduce:** [open the recording](" + link +
           ") (replays to the same heap; or run `tricolor --replay '" + link + "'`)\n\n";
    out += "- Build: Tricolor " + std::string(versionString()) + " (" +
           std::to_string(int(r.wordBits)) + "-bit)\n";
    out += "- GC settings: " + std::string(settings) + "\n";
    out += "- Program: " + std::string(programStateName(state())) + " after " +
           std::to_string(m.vm->instructionCount) + " instructions; " +
           std::to_string(r.actions.size()) +
           " recorded actions (collector steps, input lines, "
           "messages)\n";
    out += "- Expected digest (recorded): `" + formatDigest(r.expectedDigest) + "` (portable `" +
           formatDigest(r.portableDigest) + "`)\n";
    out += "- Actual digest (this page, now): `" + heapDigest(*m.vm) + "`\n";
    if (!m.replayVerdict.empty()) out += "- Replay of the opened link: " + m.replayVerdict + "\n";
    out += "\n### Script\n\n" + fence + "lua\n" + r.main.source;
    if (r.main.source.empty() || r.main.source.back() != '\n') out += '\n';
    out += fence + "\n\n### What I expected\n\n(describe)\n\n### What happened\n\n(describe)\n";
    return out;
}

bool Playground::openLink(std::string_view link, std::string& message) {
    Impl& m = *impl_;
    Recording r;
    std::string error;
    m.clearCheckpoints();
    if (!decodeShareLink(link, r, error)) {
        // Nothing of a bad link is kept: an empty playground and the reason.
        m.destroyVm();
        m.viz.source.clear();
        m.points.clear();
        m.cursor = 0;
        m.track.reset();
        m.state = ProgramState::Idle;
        message = m.replayVerdict = error;
        m.viz.lastMessage = error;
        m.emit(OutputKind::Error, error);
        return false;
    }
    // The page's memory limit bounds a link's (a hostile link cannot ask for more).
    r.memoryLimit = std::min<uint64_t>(r.memoryLimit, m.options.memoryLimit);
    uint64_t last = r.stepCount() - 1;
    ReplayResult result = m.adoptReplay(r, r.cursor, true);
    if (!result.programError.empty()) m.emit(OutputKind::Error, result.programError);
    // One timeline point per step of the recording.
    m.points.clear();
    m.points.push_back({0, 0});
    for (size_t k = 0; k < r.actions.size(); k++)
        m.points.push_back({r.actions[k].at, k + 1});
    m.points.push_back({r.endAt, r.actions.size()});
    m.cursor = size_t(std::min(result.step, last));
    if (m.cursor == last && m.vm) m.points.back().at = m.vm->instructionCount;
    m.track = m.cursor < last ? std::make_unique<Recording>(r) : nullptr;
    m.viz.selected = r.selectedObject;

    std::string verdict;
    if (result.divergedAtStep >= 0) {
        size_t at = size_t(result.divergedAtStep);
        // The replay's digest of the kind that was compared (full, or portable on a link
        // recorded with another pointer width).
        const char* kind = result.divergedPortable ? "portable " : "";
        verdict = "diverged \u2717 at step " + std::to_string(at) + " (expected " + kind +
                  formatDigest(result.expectedDigest) + ", got " +
                  formatDigest(result.actualDigest) + ")";
    } else if (!result.ok) {
        verdict =
            "diverged \u2717 at step " + std::to_string(result.step + 1) + ": " + result.error;
    } else if (!result.comparable) {
        verdict = "replayed, not compared: recorded by a " + std::to_string(int(r.wordBits)) +
                  "-bit build without a portable digest";
    } else if (result.compared == 0) {
        verdict = "replayed (the link carries no digest to compare)";
    } else {
        verdict = "reproduced \u2713 (" + std::to_string(result.compared) +
                  " digests checked, step " + std::to_string(result.step) + " of " +
                  std::to_string(last) + ")";
    }
    message = m.replayVerdict = verdict;
    m.viz.lastMessage = imguiText(verdict);
    m.emit(OutputKind::Info, verdict);
    return true;
}

std::string Playground::digest() const {
    return impl_->vm ? heapDigest(*impl_->vm) : "";
}

std::string Playground::portableDigest() const {
    return impl_->vm ? formatDigest(portableHeapDigestValue(*impl_->vm)) : "";
}

size_t Playground::timelineSize() const {
    return impl_->points.size();
}

size_t Playground::timelineCursor() const {
    return impl_->cursor;
}

uint64_t Playground::timelineInstruction(size_t point) const {
    return point < impl_->points.size() ? impl_->points[point].at : 0;
}

bool Playground::stepBack() {
    Impl& m = *impl_;
    if (!m.vm || m.points.empty()) return false;
    if (m.points[m.cursor] != m.here()) m.markPoint(); // the present becomes a point first
    if (m.cursor == 0) return false;
    return m.jumpTo(m.cursor - 1);
}

bool Playground::jumpTo(size_t point) {
    return impl_->jumpTo(point);
}

ProgramState Playground::state() const {
    const Impl& m = *impl_;
    // Inside atomic a program that could run cannot: that is the state the user sees.
    bool couldRun = m.state == ProgramState::Paused || m.state == ProgramState::Running;
    if (m.vm && couldRun && gcMutatorLocked(*m.vm)) return ProgramState::MutatorLocked;
    return m.state;
}

uint64_t Playground::instructionCount() const {
    return impl_->vm ? impl_->vm->instructionCount : 0;
}

int Playground::currentLine() const {
    return impl_->currentLine();
}

int Playground::selectedObjectSiteLine() const {
    const HeapNode* n = impl_->viz.model.snapshot().find(impl_->viz.selected);
    return n && n->siteLine > 0 ? n->siteLine : -1;
}

VM* Playground::vm() const {
    return impl_->vm;
}

const std::string& Playground::source() const {
    return impl_->viz.source;
}

void Playground::select(uint64_t objectId) {
    impl_->viz.selected = objectId;
}

uint64_t Playground::selected() const {
    return impl_->viz.selected;
}

bool Playground::mainWindowVisible() const {
    return impl_->viz.mainWindowVisible;
}

bool Playground::alarmRaised() const {
    return impl_->viz.alarm;
}

std::string Playground::frameSummaryJson() const {
    const Impl& m = *impl_;
    const VizState& v = m.viz;
    const HeapSnapshot& s = v.model.snapshot();
    const GraphFrameStats& g = v.graphStats;
    char buffer[1024];
    std::snprintf(
        buffer, sizeof buffer,
        "{\"program\":\"%s\",\"state\":\"%s\",\"atomicStep\":\"%s\",\"mutatorLocked\":%s,"
        "\"objects\":%llu,\"heap\":{\"white\":%llu,\"whiteOther\":%llu,\"gray\":%llu,"
        "\"black\":%llu},\"graph\":{\"white\":%u,\"whiteOther\":%u,\"gray\":%u,\"black\":%u,"
        "\"ghosts\":%u,\"edges\":%u,\"roots\":%u},\"selected\":%llu,\"alarm\":%s,"
        "\"alarmEdgeDrawn\":%s,\"finalizerCalls\":%llu,\"cycles\":%llu,\"line\":%d,"
        "\"instructions\":%llu,\"checkpoints\":%zu,\"checkpointJumps\":%llu,"
        "\"checkpointsPending\":%zu,\"lastJumpFrom\":%lld,\"lastJumpMillis\":%.1f}",
        programStateName(state()), m.vm ? gcStateName(s.stats.state) : "none",
        m.vm && s.stats.state == GcState::Atomic ? gcAtomicStepName(s.stats.atomicStep) : "",
        m.vm && gcMutatorLocked(*m.vm) ? "true" : "false", (unsigned long long)s.stats.objects,
        (unsigned long long)s.stats.white, (unsigned long long)s.stats.whiteOther,
        (unsigned long long)s.stats.gray, (unsigned long long)s.stats.black, g.drawn[0], g.drawn[1],
        g.drawn[2], g.drawn[3], g.ghosts, g.edges, g.roots, (unsigned long long)v.selected,
        v.alarm ? "true" : "false", g.alarmEdgeDrawn ? "true" : "false",
        (unsigned long long)v.history.finalizerCalls, (unsigned long long)s.stats.counters.cycles,
        currentLine(), (unsigned long long)instructionCount(), m.checkpoints.size(),
        (unsigned long long)m.checkpointJumps, m.vm ? m.checkpointsPending() : 0,
        (long long)m.lastJumpFrom, m.lastJumpMillis);
    return buffer;
}

} // namespace tricolor::viz
