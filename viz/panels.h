// viz/panels.h — the visualizer's ImGui panels and the state they share.
//
// Each panel is a small struct with a Draw(VizState&) (the ImGui demo's ExampleAppLog habit): it
// owns only its view settings (filters, zoom, scroll) and reads everything else from VizState.
// VizState is filled by the Playground (playground.cpp) from core/introspect.h snapshots and the
// collector's event stream; panels never touch a GCObject or the VM. Commands (run, step, select)
// go back through the Playground's public interface or VizState's small request fields.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include "viz/heap_model.h"
#include "viz/playground.h"

namespace tricolor::viz {

// One point of the timeline (one tick of a running program or one explicit step).
struct TimelineSample {
    double time = 0; // seconds since the session started
    GcState state = GcState::Pause;
    double bytes = 0;     // bytes in use
    double threshold = 0; // when the next step is due
    double debt = 0;
    double work = 0;         // units of collector work since the previous sample
    uint32_t finalizers = 0; // finalizers called since the previous sample
    uint32_t messages = 0;   // inbox deliveries since the previous sample
};

// What the collector's event stream told us (the observer in playground.cpp fills it).
struct GcHistory {
    std::deque<TimelineSample> samples; // at most kMaxSamples
    std::deque<double> stepPauses;      // wall time of each incremental step, ms
    static constexpr size_t kMaxSamples = 1200;
    static constexpr size_t kMaxPauses = 20000;

    std::vector<uint64_t> finalized;          // ids whose finalizer was called, oldest first
    std::unordered_set<uint64_t> resurrected; // ids resurrected for their finalizer
    struct WeakClear {
        uint64_t table, cleared;
        AtomicStep step;
    };
    std::vector<WeakClear> clearedThisAtomic; // filled during atomic
    std::vector<WeakClear> clearedLastAtomic; // the last completed atomic's clearings
    uint64_t finalizerCalls = 0, messages = 0;
    uint64_t events = 0;
};

// What the graph drew in the last frame (exported for tests as the frame summary).
struct GraphFrameStats {
    uint32_t drawn[4] = {0, 0, 0, 0}; // by GcColour
    uint32_t ghosts = 0, edges = 0, roots = 0;
    bool alarmEdgeDrawn = false;
};

struct VizState {
    Playground* playground = nullptr;
    HeapModel model;
    GraphLayout layout;
    GcHistory history;
    double now = 0; // seconds since the session started (ImGui time)

    uint64_t selected = 0; // object id, 0 = none
    int focusLine = -1;    // a clicked allocation site's line (the editor scrolls there)

    // The invariant alarm.
    bool alarm = false;
    std::string alarmMessage; // the validator's message
    InvariantBreach breach;   // the offending edge found in the snapshot

    GraphFrameStats graphStats;
    bool mainWindowVisible = false;
    // The model matches the VM right now (nothing ran since the last snapshot): only then may a
    // panel use the model's object addresses (HeapModel::objectOf).
    bool modelCurrent = false;

    // Controls.
    bool autoStep = false;
    float autoStepPerSecond = 20.0f;
    RunUntil runUntilKind = RunUntil::State;
    int runUntilState = int(GcState::Atomic);
    bool validateEveryStep = true;
    int gcPause = 200, gcStepMul = 100, gcStepSizeLog2 = 13;
    bool showHelp = false;
    int selectHeapTab = -1;  // 0 graph, 1 map: select that tab next frame
    std::string lastMessage; // a one-line status ("stepping refused: ...")

    std::vector<std::pair<OutputKind, std::string>> output; // program output (Output tab)
    std::string source;                                     // the loaded script
};

// The colours of the tri-colour abstraction, shared by every panel and the legend.
namespace palette {
ImU32 fill(GcColour c);
ImU32 outline(GcColour c);
ImU32 text(GcColour c); // readable on the fill
const char* label(GcColour c);
ImU32 state(GcState s);
constexpr ImU32 kFrontier = IM_COL32(255, 196, 0, 255); // the gray frontier ring
constexpr ImU32 kFlash = IM_COL32(0, 220, 255, 255);    // changed in the last step
constexpr ImU32 kGhost = IM_COL32(220, 80, 80, 255);    // freed
constexpr ImU32 kAlarm = IM_COL32(255, 40, 40, 255);    // the offending edge
constexpr ImU32 kSelected = IM_COL32(120, 200, 255, 255);
constexpr ImU32 kRoot = IM_COL32(90, 140, 230, 255);
constexpr ImU32 kResurrected = IM_COL32(220, 120, 255, 255);
} // namespace palette

// Draws the colour legend (white, white(other), gray, black, frontier, ghost), wrapped to the pane.
void drawLegend();

// Flow layout, so narrow panes wrap rows of small items instead of clipping them: called between
// two items, it keeps the next one (`width` pixels wide) on the current line when it fits there and
// starts a new line otherwise.
void sameLineIfFits(float width, float spacing = -1.0f);
float buttonWidth(const char* label);      // ImGui::Button
float smallButtonWidth(const char* label); // ImGui::SmallButton
float checkboxWidth(const char* label);    // ImGui::Checkbox
// TextDisabled, wrapped at the pane's edge.
void textDisabledWrapped(const char* text);
// `text` cut to fit `width` pixels, ending in "..." when cut (for one-line captions).
std::string elided(const char* text, float width);
// "#12 table" with the colour swatch; clicking selects it. Returns true when clicked.
bool objectButton(VizState& v, const HeapNode& n);

// One sentence per collector state and atomic sub-step.
const char* explainState(GcState s);
const char* explainAtomicStep(AtomicStep s);

// --- Panels ---------------------------------------------------------------------

// The main "Tricolor" window: program and collector controls, run until, parameters, help.
struct ControlsPanel {
    void Draw(VizState& v);
    void HandleShortcuts(VizState& v);

  private:
    void DrawProgramControls(VizState& v);
    void DrawCollectorControls(VizState& v);
    void DrawRunUntil(VizState& v);
    void DrawParameters(VizState& v);
    void DrawHelp(VizState& v);
};

// The phase ladder: every state, the current one lit, atomic's sub-steps, the mutator badge.
struct PhasePanel {
    void Draw(VizState& v);
};

// The heap as a graph: roots and objects coloured by state, labelled edges, ghosts, flashes.
struct HeapGraphPanel {
    void Draw(VizState& v);

    bool hideStrings = false;
    bool hideLibrary = true; // objects without an allocation site (the standard library's) beyond
                             // the roots' direct children
    bool showEdgeLabels = true;
    bool collapsed[int(Tag::DeadKey) + 1] = {};
    ImVec2 pan{40.0f, 30.0f};
    float zoom = 1.0f;
    bool fitRequested = false; // fit every node into the canvas next frame

  private:
    void DrawToolbar(VizState& v);
    void DrawCanvas(VizState& v);
    void Fit(const VizState& v, ImVec2 size);
    uint32_t FilterKey() const {
        uint32_t k = hideStrings | hideLibrary << 1;
        for (int t = 0; t <= int(Tag::DeadKey); t++)
            k |= uint32_t(collapsed[t]) << (t + 2);
        return k;
    }
    uint64_t placedVersion_ = ~uint64_t(0);
    uint32_t placedFilter_ = ~0u;
    bool Visible(const VizState& v, const HeapNode& n) const;
};

// The heap as a map: one cell per object in allocation order, the sweep cursor.
struct HeapMapPanel {
    void Draw(VizState& v);
    ~HeapMapPanel();

    float cellSize = 0; // 0: fit the heap into the panel
  private:
    void UploadTexture(const VizState& v, int columns, int rows);
    // Repaints only the cells of the nodes the model's last follow() changed.
    void PatchTexture(const VizState& v);
    void UploadRows(size_t firstTexel, size_t lastTexel);
    void UpdateOrder(const HeapSnapshot& s);
    std::vector<uint32_t> order_;      // node indices sorted by id
    std::vector<uint32_t> cellOfNode_; // node index -> cell (inverse of order_; roots: unused)
    size_t orderRootCount_ = 0;
    uint64_t orderStructure_ = ~uint64_t(0); // the model's structureVersion() order_ was made for
    std::vector<uint32_t> pixels_;           // what the texture holds
    int uploadedRows_ = 0; // rows sent by the last upload (for the benchmark's curiosity)
    unsigned texture_ = 0;
    int textureColumns_ = 0, textureRows_ = 0;
    uint64_t uploadedVersion_ = ~uint64_t(0);
};

// The selected object: identity, colour, flags, site, contents, retainers, path to a root.
struct InspectorPanel {
    void Draw(VizState& v);

  private:
    void DrawContents(VizState& v);
    // describeObject() of the selection, read again only when the selection or the heap changes.
    ObjectContents contents_;
    uint64_t contentsId_ = 0, contentsVersion_ = ~uint64_t(0);
};

// finobj -> tobefnz -> called, resurrections.
struct FinalizationPanel {
    void Draw(VizState& v);
};

// Weak tables, their entries, and what the last atomic cleared.
struct WeakTablesPanel {
    void Draw(VizState& v);
};

// Plots over time: state band, bytes vs threshold, work, pauses, finalizers, messages.
struct TimelinePanel {
    void Draw(VizState& v);

  private:
    void DrawPlots(VizState& v);
    void DrawMessageLog(VizState& v);
    void CountDeliveries(VizState& v);
    // Inbox deliveries seen between frames, by the time of the sample they happened after (the
    // worker inbox counts them; samples are taken by the playground).
    std::map<double, uint32_t> deliveriesAt_;
    uint64_t deliveredSeen_ = 0;
    const VM* deliveriesVm_ = nullptr;
};

// The program's output and the loaded source with the current line.
struct OutputPanel {
    void Draw(VizState& v);

  private:
    size_t seen_ = 0;
};

// The red banner when the validator fails.
struct InvariantAlarm {
    void Draw(VizState& v, ImVec2 anchor, float width);
};

} // namespace tricolor::viz
