// viz/panel_phases.cpp — the phase ladder: Lua 5.4's collector states with one line each, the
// current one lit, atomic's sub-steps while inside it, and the "mutator locked" badge.
#include <cstdio>

#include "viz/panels.h"

namespace tricolor::viz {

namespace {

// A filled badge with text, e.g. "MUTATOR LOCKED".
void badge(const char* text, ImU32 background) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImVec2 size = ImGui::CalcTextSize(text);
    ImVec2 pad(8, 3);
    dl->AddRectFilled(p, ImVec2(p.x + size.x + 2 * pad.x, p.y + size.y + 2 * pad.y), background, 4);
    dl->AddText(ImVec2(p.x + pad.x, p.y + pad.y), IM_COL32(255, 255, 255, 255), text);
    ImGui::Dummy(ImVec2(size.x + 2 * pad.x, size.y + 2 * pad.y));
}

// One rung: a coloured bar for the state, its name, its explanation wrapped below when current.
void rung(const char* name, const char* explanation, ImU32 colour, bool current, bool done) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p = ImGui::GetCursorScreenPos();
    float width = ImGui::GetContentRegionAvail().x;
    float h = ImGui::GetTextLineHeightWithSpacing();
    if (current) {
        float wrapHeight = ImGui::CalcTextSize(explanation, nullptr, false, width - 14).y;
        dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h + wrapHeight + 4),
                          IM_COL32(60, 66, 80, 255), 4);
    }
    dl->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + 5, p.y + h - 2), colour, 2);
    ImGui::SetCursorScreenPos(ImVec2(p.x + 10, p.y));
    if (current)
        ImGui::TextColored(ImVec4(1, 1, 1, 1), "> %s", name);
    else if (done)
        ImGui::TextDisabled("  %s", name);
    else
        ImGui::Text("  %s", name);
    if (current) {
        ImGui::SetCursorScreenPos(ImVec2(p.x + 14, ImGui::GetCursorScreenPos().y));
        ImGui::PushTextWrapPos(p.x + width - ImGui::GetWindowPos().x);
        ImGui::TextUnformatted(explanation);
        ImGui::PopTextWrapPos();
        ImGui::Dummy(ImVec2(0, 2));
    } else if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("%s", explanation);
    }
}

} // namespace

void PhasePanel::Draw(VizState& v) {
    const HeapSnapshot& s = v.model.snapshot();
    if (!v.playground->vm()) {
        textDisabledWrapped("Load a script to see the collector.");
        return;
    }
    GcState current = s.stats.state;
    bool locked = s.stats.mutatorLocked;
    if (locked)
        badge("MUTATOR LOCKED - no Lua code runs", IM_COL32(200, 60, 60, 255));
    else
        badge("mutator may run", IM_COL32(50, 110, 70, 255));

    for (int i = 0; i < kGcStateCount; i++) {
        GcState st = GcState(i);
        rung(gcStateName(st), explainState(st), palette::state(st), st == current,
             i < int(current));
        if (st == GcState::Atomic && current == GcState::Atomic) {
            ImGui::Indent(20);
            for (int k = 0; k < kAtomicStepCount; k++) {
                AtomicStep step = AtomicStep(k);
                bool next = step == s.stats.atomicStep;
                bool done = k < int(s.stats.atomicStep);
                ImVec4 colour = next   ? ImVec4(1.0f, 0.8f, 0.3f, 1)
                                : done ? ImVec4(0.5f, 0.5f, 0.5f, 1)
                                       : ImVec4(0.85f, 0.85f, 0.85f, 1);
                ImGui::TextColored(colour, "%s %s",
                                   next   ? ">"
                                   : done ? "v"
                                          : " ",
                                   gcAtomicStepName(step));
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", explainAtomicStep(step));
                if (next) {
                    // The sub-step the next unit runs, explained in one line.
                    ImGui::Indent(14);
                    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.85f, 0.75f, 0.5f, 1));
                    ImGui::TextWrapped("%s", explainAtomicStep(step));
                    ImGui::PopStyleColor();
                    ImGui::Unindent(14);
                }
            }
            ImGui::Unindent(20);
        }
    }
    ImGui::Separator();
    // Two short pairs per line: a narrow pane never splits a count from its colour.
    char pair[2][64];
    std::snprintf(pair[0], sizeof pair[0], "white %llu  other %llu",
                  (unsigned long long)s.stats.white, (unsigned long long)s.stats.whiteOther);
    std::snprintf(pair[1], sizeof pair[1], "gray %llu  black %llu",
                  (unsigned long long)s.stats.gray, (unsigned long long)s.stats.black);
    ImGui::TextUnformatted(pair[0]);
    sameLineIfFits(ImGui::CalcTextSize(pair[1]).x, 14);
    ImGui::TextUnformatted(pair[1]);
    ImGui::TextWrapped("%llu objects, %.1f KB in use, cycle %llu",
                       (unsigned long long)s.stats.objects, double(s.stats.bytesInUse) / 1024.0,
                       (unsigned long long)s.stats.counters.cycles);
}

} // namespace tricolor::viz
