// viz/panel_controls.cpp — the main "Tricolor" window: program and collector controls, "run until",
// the collector's parameters, auto-step and the keyboard shortcuts.
#include <algorithm>
#include <cstdio>

#include "core/version.h"
#include "viz/panels.h"

namespace tricolor::viz {

namespace {

struct Shortcut {
    ImGuiKey key;
    const char* name;
    const char* what;
};

// Letters are looked up by their ImGuiKey index (SDL backends map keys to ImGuiKey in 1.86 through
// KeysDown[] indexed by scancode-derived keycodes), so the shortcuts use function and named keys.
constexpr Shortcut kShortcuts[] = {
    {ImGuiKey_Space, "Space", "run / pause the program"},
    {ImGuiKey_Enter, "Enter", "step one instruction"},
    {ImGuiKey_Tab, "Tab", "step one line"},
    {ImGuiKey_RightArrow, "Right", "collector: one unit"},
    {ImGuiKey_DownArrow, "Down", "collector: one phase"},
    {ImGuiKey_End, "End", "collector: finish / run a full cycle"},
    {ImGuiKey_Home, "Home", "run until (the condition chosen below)"},
    {ImGuiKey_Insert, "Insert", "auto-step the collector on / off"},
    {ImGuiKey_Escape, "Esc", "pause everything, close this help"},
};

bool button(const char* label, bool enabled, const char* tooltip) {
    if (!enabled) ImGui::BeginDisabled();
    bool clicked = ImGui::Button(label);
    if (!enabled) ImGui::EndDisabled();
    if (tooltip && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", tooltip);
    return clicked && enabled;
}

const char* kStateNames[kGcStateCount] = {"pause",        "propagate",  "enteratomic",
                                          "atomic",       "sweepallgc", "sweepfinobj",
                                          "sweeptobefnz", "sweepend",   "callfinalizers"};

void drawTimeline(VizState& v);

} // namespace

void ControlsPanel::HandleShortcuts(VizState& v) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    Playground& p = *v.playground;
    auto pressed = [&](ImGuiKey k) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(k), true); };
    if (pressed(ImGuiKey_Space)) p.state() == ProgramState::Running ? p.pause() : p.run();
    if (pressed(ImGuiKey_Enter)) p.stepInstruction();
    if (pressed(ImGuiKey_Tab)) p.stepLine();
    if (pressed(ImGuiKey_RightArrow)) p.gcStepUnit();
    if (pressed(ImGuiKey_DownArrow)) p.gcStepPhase();
    if (pressed(ImGuiKey_End)) p.gcFullCycle();
    if (pressed(ImGuiKey_Home)) p.runUntil(v.runUntilKind, v.runUntilState);
    if (pressed(ImGuiKey_Insert)) p.setAutoStep(!v.autoStep, v.autoStepPerSecond);
    if (pressed(ImGuiKey_Escape)) {
        p.pause();
        v.showHelp = false;
    }
}

void ControlsPanel::Draw(VizState& v) {
    Playground& p = *v.playground;
    ImGui::Text("Tricolor %s", versionString());
    sameLineIfFits(smallButtonWidth("Keys (?)"));
    if (ImGui::SmallButton("Keys (?)")) v.showHelp = true;
    ImGui::TextDisabled("%.0f fps", ImGui::GetIO().Framerate);
    char stateText[64];
    std::snprintf(stateText, sizeof stateText, "program: %s", programStateName(p.state()));
    sameLineIfFits(ImGui::CalcTextSize(stateText).x);
    ProgramState s = p.state();
    ImVec4 stateColour = s == ProgramState::Error           ? ImVec4(1, 0.4f, 0.4f, 1)
                         : s == ProgramState::MutatorLocked ? ImVec4(1, 0.55f, 0.3f, 1)
                         : s == ProgramState::Running       ? ImVec4(0.4f, 0.9f, 0.5f, 1)
                                                            : ImVec4(0.8f, 0.8f, 0.8f, 1);
    ImGui::TextColored(stateColour, "%s", stateText);
    ImGui::Separator();
    DrawProgramControls(v);
    ImGui::Separator();
    DrawCollectorControls(v);
    DrawRunUntil(v);
    DrawParameters(v);
    if (!v.lastMessage.empty()) ImGui::TextWrapped("%s", v.lastMessage.c_str());
    DrawHelp(v);
}

void ControlsPanel::DrawProgramControls(VizState& v) {
    Playground& p = *v.playground;
    ProgramState s = p.state();
    bool loaded = p.vm() != nullptr;
    bool runnable = loaded && (s == ProgramState::Paused || s == ProgramState::WaitingForMessage ||
                               s == ProgramState::MutatorLocked);
    ImGui::TextUnformatted("Program");
    if (s == ProgramState::Running) {
        if (button("Pause", true, "Pause the program (Space)")) p.pause();
    } else if (button("Run", runnable, "Run the program (Space)")) {
        p.run();
    }
    sameLineIfFits(buttonWidth("Step instr"));
    if (button("Step instr", runnable, "One VM instruction (Enter)")) p.stepInstruction();
    sameLineIfFits(buttonWidth("Step line"));
    if (button("Step line", runnable, "Until the source line changes (Tab)")) p.stepLine();
    sameLineIfFits(buttonWidth("Restart"));
    if (button("Restart", loaded, "Load the script again in a fresh VM"))
        p.load(std::string(p.source()));
    int line = p.currentLine();
    ImGui::TextDisabled("%llu instructions%s", (unsigned long long)p.instructionCount(),
                        line > 0 ? "" : "");
    if (line > 0) {
        sameLineIfFits(ImGui::CalcTextSize("- next line 00000").x);
        ImGui::TextDisabled("- next line %d", line);
    }
    drawTimeline(v);
}

// Step back and the timeline scrubber: every point the session stopped at; going to one replays
// the recording from the start (the heap is exactly the one seen there).
namespace {
void drawTimeline(VizState& v) {
    Playground& p = *v.playground;
    int points = int(p.timelineSize());
    if (button("Back", points > 0,
               "Step back: undo the last step (instruction, line, collector "
               "unit or phase, input line), replayed exactly"))
        p.stepBack();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    int cursor = int(p.timelineCursor());
    if (points < 2) ImGui::BeginDisabled();
    ImGui::SliderInt("##timeline", &cursor, 0, std::max(0, points - 1), "point %d");
    if (ImGui::IsItemDeactivatedAfterEdit()) p.jumpTo(size_t(cursor));
    if (points < 2) ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Timeline: drag to any earlier (or later) point; instruction %llu",
                          (unsigned long long)p.timelineInstruction(size_t(cursor)));
}
} // namespace

void ControlsPanel::DrawCollectorControls(VizState& v) {
    Playground& p = *v.playground;
    bool loaded = p.vm() != nullptr;
    ImGui::TextUnformatted("Collector");
    if (button("Unit", loaded,
               "One unit of work: one object blackened or swept, one atomic "
               "sub-step, one finalizer (Right)"))
        p.gcStepUnit();
    sameLineIfFits(buttonWidth("Phase"));
    if (button("Phase", loaded, "Until the state changes; in atomic one sub-step (Down)"))
        p.gcStepPhase();
    sameLineIfFits(buttonWidth("Full cycle"));
    if (button("Full cycle", loaded, "Finish the cycle, or run a whole one from pause (End)"))
        p.gcFullCycle();
    bool autoStep = v.autoStep;
    if (ImGui::Checkbox("Auto-step", &autoStep)) p.setAutoStep(autoStep, v.autoStepPerSecond);
    sameLineIfFits(ImGui::CalcTextSize("2000 units/s").x + 24); // the slider's text must fit
    ImGui::SetNextItemWidth(-1);
    float speed = v.autoStepPerSecond;
    if (ImGui::SliderFloat("##speed", &speed, 1.0f, 2000.0f, "%.0f units/s",
                           ImGuiSliderFlags_Logarithmic))
        p.setAutoStep(v.autoStep, speed);
}

void ControlsPanel::DrawRunUntil(VizState& v) {
    Playground& p = *v.playground;
    const char* kinds[] = {"selected object changes colour", "state is entered",
                           "a finalizer is called", "the invariant breaks"};
    int kind = int(v.runUntilKind);
    if (button("Run until", p.vm() != nullptr,
               "Run (program and collector) until the condition "
               "holds (Home)"))
        p.runUntil(v.runUntilKind, v.runUntilState);
    // The condition's combo beside the button when its choice fits there, else below it.
    sameLineIfFits(ImGui::CalcTextSize(kinds[kind]).x + ImGui::GetFrameHeight() +
                   2 * ImGui::GetStyle().FramePadding.x);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::Combo("##until", &kind, kinds, 4)) v.runUntilKind = RunUntil(kind);
    if (v.runUntilKind == RunUntil::State) {
        ImGui::SetNextItemWidth(-1);
        ImGui::Combo("##untilstate", &v.runUntilState, kStateNames, kGcStateCount);
    }
    if (v.runUntilKind == RunUntil::ColourChange && v.selected == 0)
        textDisabledWrapped("(click an object in the graph first)");
}

void ControlsPanel::DrawParameters(VizState& v) {
    Playground& p = *v.playground;
    if (!ImGui::CollapsingHeader("Parameters")) return;
    int mode = 0;
    ImGui::TextUnformatted("Mode: incremental");
    textDisabledWrapped("(generational is reported, not run)");
    (void)mode;
    bool changed = false;
    ImGui::SetNextItemWidth(140);
    changed |= ImGui::SliderInt("pause %", &v.gcPause, 50, 1000);
    ImGui::SetNextItemWidth(140);
    changed |= ImGui::SliderInt("stepmul %", &v.gcStepMul, 10, 1000);
    ImGui::SetNextItemWidth(140);
    changed |= ImGui::SliderInt("stepsize 2^", &v.gcStepSizeLog2, 6, 20);
    if (changed) p.setGcParameters(v.gcPause, v.gcStepMul, v.gcStepSizeLog2);
    bool validate = v.validateEveryStep;
    if (ImGui::Checkbox("Validate the heap after every step", &validate)) p.setValidation(validate);
}

void ControlsPanel::DrawHelp(VizState& v) {
    if (v.showHelp) {
        ImGui::OpenPopup("Keyboard shortcuts");
        v.showHelp = false;
    }
    if (!ImGui::BeginPopup("Keyboard shortcuts")) return;
    ImGui::TextUnformatted("Keyboard shortcuts (when no text field has focus)");
    ImGui::Separator();
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg)) {
        for (const Shortcut& s : kShortcuts) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(s.name);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(s.what);
        }
        ImGui::EndTable();
    }
    ImGui::TextDisabled("Graph: drag to pan, wheel to zoom, click to select.");
    ImGui::EndPopup();
}

} // namespace tricolor::viz
