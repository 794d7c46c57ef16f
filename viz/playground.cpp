// viz/playground.cpp — one playground session (see playground.h): the VM, its program run in
// budgeted slices, the collector commands, the snapshots the panels read, and the panel layout.
#include "viz/playground.h"

#include <imgui.h>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/api.h"
#include "core/introspect.h"
#include "core/stdlib.h"
#include "core/vm.h"
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

} // namespace

struct Playground::Impl {
    PlaygroundOptions options;
    Playground* self = nullptr;
    VM* vm = nullptr;
    ProgramState state = ProgramState::Idle;
    bool started = false;      // startCall done
    bool programAlive = false; // the call can still run (not finished, failed or stopped)
    std::string chunkName;
    VizState viz;

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

    // Snapshots.
    bool heapDirty = true;
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
        started = programAlive = untilArmed = false;
        lastCounters = GcCounters{};
    }

    bool createVm() {
        VMOptions vo;
        vo.memoryLimit = options.memoryLimit;
        vo.writeStdout = [this](std::string_view s) { emit(OutputKind::Stdout, s); };
        vo.writeStderr = [this](std::string_view s) { emit(OutputKind::Stderr, s); };
        vm = vmCreate(vo);
        if (!vm) return false;
        openStdlib(*vm);
        vm->gc.validate = viz.validateEveryStep;
        vm->gc.observer = [this](VM&, const GcEvent& e) { onGcEvent(e); };
        return true;
    }

    // The collector's event stream: finalizers, resurrections, weak clearing, run-until stops.
    void onGcEvent(const GcEvent& e) {
        GcHistory& h = viz.history;
        h.events++;
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
        return true;
    }

    // Runs at most `budget` instructions; updates the state from the result.
    void runSlice(uint64_t budget) {
        if (!ensureStarted()) return;
        if (gcMutatorLocked(*vm)) return; // the interpreter refuses; the caller shows the lock
        RunStatus s = tricolor::run(*vm, budget);
        heapDirty = true;
        switch (s) {
        case RunStatus::Paused: break;
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
            resumeCall(*vm, 0); // nothing to hand back yet (no inbox in this session)
            state = ProgramState::WaitingForMessage;
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
    void runUntilCollectorOnly() {
        GcStopReason r = GcStopReason::UnitLimit;
        switch (untilKind) {
        case RunUntil::ColourChange: {
            GCObject* o = gcFindObject(*vm, untilObject);
            if (!o) {
                viz.lastMessage = "select an object first";
                return;
            }
            r = gcRunUntilColourChange(*vm, o, kMaxUntilUnits);
            break;
        }
        case RunUntil::State: r = gcRunUntilState(*vm, untilState, kMaxUntilUnits); break;
        case RunUntil::Finalizer: r = gcRunUntilFinalizer(*vm, kMaxUntilUnits); break;
        case RunUntil::InvariantViolation: r = gcRunUntilValidatorFails(*vm, kMaxUntilUnits); break;
        }
        untilArmed = false;
        afterGcCommand(r != GcStopReason::Refused, "run until");
        if (r == GcStopReason::UnitLimit)
            viz.lastMessage =
                "the condition did not happen within " + std::to_string(kMaxUntilUnits) + " units";
    }

    // ----------------------------------------------------------------------------------------
    // Snapshots, samples, the alarm

    void refreshSnapshot(bool force) {
        if (!vm || !heapDirty) return;
        double t = now();
        // While running, snapshot at most every 50 ms or 5x the cost of one (big heaps stay fluid).
        if (!force && t - lastSnapshotAt < std::max(0.05, 5 * lastSnapshotCost)) return;
        double start = wallMs();
        viz.model.update(takeSnapshot(*vm), t);
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
        GcStats s = gcStats(*vm);
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
            tricolor::gcStepUnit(*vm);
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
    }

    void tickAutoStep(double dt) {
        autoStepCredit += dt * viz.autoStepPerSecond;
        int units = int(std::min(autoStepCredit, 5000.0));
        autoStepCredit -= units;
        for (int i = 0; i < units; i++)
            if (!tricolor::gcStepUnit(*vm)) break;
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
        if (state == ProgramState::Running) {
            tickRunning();
            sample();
        } else if (viz.autoStep) {
            tickAutoStep(dt);
        }
        refreshSnapshot(state != ProgramState::Running);
        for (uint64_t id : viz.model.expireGhosts(t))
            viz.layout.release(id);
    }

    void layoutWindows();
};

// ---------------------------------------------------------------------------------------------

Playground::Playground(PlaygroundOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->options = options;
    impl_->self = this;
    impl_->viz.playground = this;
}

#ifdef __EMSCRIPTEN__
namespace {
// The page's session for the tricolor_viz_* exports at the end of this file: the Playground that
// drew the last frame (the page has exactly one).
Playground* lastDrawn = nullptr;
} // namespace
#endif

Playground::~Playground() {
#ifdef __EMSCRIPTEN__
    if (lastDrawn == this) lastDrawn = nullptr;
#endif
    impl_->destroyVm();
}

bool Playground::load(std::string_view source, std::string_view chunkName) {
    Impl& m = *impl_;
    m.destroyVm();
    m.viz.source = std::string(source);
    m.chunkName = std::string(chunkName);
    if (!m.createVm()) {
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
}

void Playground::stop() {
    Impl& m = *impl_;
    if (m.vm && m.started && m.programAlive) abortCall(*m.vm);
    m.programAlive = false;
    m.untilArmed = false;
    m.state = ProgramState::Idle;
}

void Playground::stepInstruction() {
    Impl& m = *impl_;
    if (!m.vm || !m.programAlive) return;
    if (gcMutatorLocked(*m.vm)) return m.refusedByLock();
    m.state = ProgramState::Paused;
    m.runSlice(1);
    m.refreshSnapshot(true);
    m.sample();
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
}

void Playground::provideInput(std::string_view) {
    // io.read in the playground reads nothing yet (see docs/visualizer.md).
}

void Playground::gcStepUnit() {
    Impl& m = *impl_;
    if (!m.vm) return;
    m.afterGcCommand(tricolor::gcStepUnit(*m.vm), "step unit");
}

void Playground::gcStepPhase() {
    Impl& m = *impl_;
    if (!m.vm) return;
    m.afterGcCommand(tricolor::gcStepPhase(*m.vm), "step phase");
}

void Playground::gcFullCycle() {
    Impl& m = *impl_;
    if (!m.vm) return;
    // From the middle of a cycle: finish it; from pause: a whole cycle.
    m.afterGcCommand(tricolor::gcStepCycle(*m.vm), "full cycle");
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
    m.vm->gc.pause = pause;
    m.vm->gc.stepMul = stepMul;
    m.vm->gc.stepSizeLog2 = stepSizeLog2;
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
#ifdef __EMSCRIPTEN__
    lastDrawn = this;
#endif
    m.viz.now = m.now();
    int clickedLine = m.viz.focusLine;
    m.controls.HandleShortcuts(m.viz);
    m.layoutWindows();
    if (m.viz.focusLine != clickedLine && m.viz.focusLine >= 0 && onSiteClicked)
        onSiteClicked(m.viz.focusLine);
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
        "\"instructions\":%llu}",
        programStateName(state()), m.vm ? gcStateName(s.stats.state) : "none",
        m.vm && s.stats.state == GcState::Atomic ? gcAtomicStepName(s.stats.atomicStep) : "",
        m.vm && gcMutatorLocked(*m.vm) ? "true" : "false", (unsigned long long)s.stats.objects,
        (unsigned long long)s.stats.white, (unsigned long long)s.stats.whiteOther,
        (unsigned long long)s.stats.gray, (unsigned long long)s.stats.black, g.drawn[0], g.drawn[1],
        g.drawn[2], g.drawn[3], g.ghosts, g.edges, g.roots, (unsigned long long)v.selected,
        v.alarm ? "true" : "false", g.alarmEdgeDrawn ? "true" : "false",
        (unsigned long long)v.history.finalizerCalls, (unsigned long long)s.stats.counters.cycles,
        currentLine(), (unsigned long long)instructionCount());
    return buffer;
}

} // namespace tricolor::viz

#ifdef __EMSCRIPTEN__
// Exports for the browser tests and the page: the visualizer's own controls, acting on the session
// that drew the last frame (web/main.cpp owns the session and the program controls).
extern "C" {

using tricolor::viz::lastDrawn;

// The last frame as JSON (Playground::frameSummaryJson); valid until the next call. "{}" before the
// first frame.
EMSCRIPTEN_KEEPALIVE const char* tricolor_viz_frame_summary() {
    static std::string summary;
    summary = lastDrawn ? lastDrawn->frameSummaryJson() : "{}";
    return summary.c_str();
}
EMSCRIPTEN_KEEPALIVE void tricolor_viz_select(double id) {
    if (lastDrawn) lastDrawn->select(static_cast<uint64_t>(id));
}
EMSCRIPTEN_KEEPALIVE void tricolor_viz_show_map(int map) {
    if (lastDrawn) lastDrawn->showHeapMap(map != 0);
}
EMSCRIPTEN_KEEPALIVE void tricolor_viz_set_graph_zoom(float zoom) {
    if (lastDrawn) lastDrawn->setGraphZoom(zoom);
}
// kind: 0 colour change of the selected object, 1 state (a GcState number), 2 finalizer,
// 3 invariant violation.
EMSCRIPTEN_KEEPALIVE void tricolor_viz_run_until(int kind, int state) {
    if (lastDrawn) lastDrawn->runUntil(static_cast<tricolor::viz::RunUntil>(kind), state);
}
EMSCRIPTEN_KEEPALIVE void tricolor_viz_set_auto_step(int on, float unitsPerSecond) {
    if (lastDrawn) lastDrawn->setAutoStep(on != 0, unitsPerSecond);
}

} // extern "C"
#endif
