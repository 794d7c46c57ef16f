// viz/panel_common.cpp — what every panel shares: the palette, the legend, object buttons and
// the one-line explanations of the collector's states.
#include <cstdio>

#include "viz/panels.h"

namespace tricolor::viz {

namespace palette {

ImU32 fill(GcColour c) {
    switch (c) {
    case GcColour::WhiteCurrent: return IM_COL32(240, 240, 236, 255);
    case GcColour::WhiteOther: return IM_COL32(236, 200, 150, 255); // last cycle's white: tan
    case GcColour::Gray: return IM_COL32(128, 132, 140, 255);
    case GcColour::Black: return IM_COL32(3, 3, 3, 255); // not ImGui's window background
    }
    return IM_COL32(255, 0, 255, 255);
}

ImU32 outline(GcColour c) {
    switch (c) {
    case GcColour::WhiteCurrent: return IM_COL32(150, 150, 150, 255);
    case GcColour::WhiteOther: return IM_COL32(180, 120, 60, 255);
    case GcColour::Gray: return IM_COL32(200, 204, 212, 255);
    case GcColour::Black: return IM_COL32(150, 160, 180, 255);
    }
    return IM_COL32(255, 0, 255, 255);
}

ImU32 text(GcColour c) {
    return c == GcColour::Black || c == GcColour::Gray ? IM_COL32(240, 240, 240, 255)
                                                       : IM_COL32(20, 20, 20, 255);
}

const char* label(GcColour c) {
    switch (c) {
    case GcColour::WhiteCurrent: return "white";
    case GcColour::WhiteOther: return "white (other: dead if unmarked)";
    case GcColour::Gray: return "gray";
    case GcColour::Black: return "black";
    }
    return "?";
}

ImU32 state(GcState s) {
    switch (s) {
    case GcState::Pause: return IM_COL32(70, 80, 95, 255);
    case GcState::Propagate: return IM_COL32(60, 130, 200, 255);
    case GcState::EnterAtomic: return IM_COL32(120, 110, 210, 255);
    case GcState::Atomic: return IM_COL32(210, 70, 90, 255);
    case GcState::SweepAllgc: return IM_COL32(70, 170, 110, 255);
    case GcState::SweepFinobj: return IM_COL32(100, 190, 130, 255);
    case GcState::SweepTobefnz: return IM_COL32(130, 200, 150, 255);
    case GcState::SweepEnd: return IM_COL32(160, 200, 90, 255);
    case GcState::CallFinalizers: return IM_COL32(220, 150, 60, 255);
    }
    return IM_COL32(255, 0, 255, 255);
}

} // namespace palette

namespace {

void swatch(ImU32 fillColour, ImU32 outlineColour, bool ring = false) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p = ImGui::GetCursorScreenPos();
    float h = ImGui::GetTextLineHeight();
    ImVec2 c(p.x + h * 0.5f, p.y + h * 0.5f);
    dl->AddCircleFilled(c, h * 0.4f, fillColour, 16);
    dl->AddCircle(c, h * 0.4f, ring ? palette::kFrontier : outlineColour, 16, ring ? 2.0f : 1.0f);
    ImGui::Dummy(ImVec2(h, h));
    ImGui::SameLine(0, 3);
}

} // namespace

void sameLineIfFits(float width, float spacing) {
    float gap = spacing < 0 ? ImGui::GetStyle().ItemSpacing.x : spacing;
    float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + gap + width <= right) ImGui::SameLine(0, gap);
}

float buttonWidth(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
}

float smallButtonWidth(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
}

float checkboxWidth(const char* label) {
    const ImGuiStyle& style = ImGui::GetStyle();
    return ImGui::GetFrameHeight() + style.ItemInnerSpacing.x +
           ImGui::CalcTextSize(label, nullptr, true).x;
}

std::string elided(const char* text, float width) {
    std::string s(text);
    if (ImGui::CalcTextSize(s.c_str()).x <= width) return s;
    float dots = ImGui::CalcTextSize("...").x;
    while (!s.empty() && ImGui::CalcTextSize(s.c_str()).x + dots > width)
        s.pop_back();
    while (!s.empty() && (s.back() == ' ' || s.back() == ','))
        s.pop_back();
    return s + "...";
}

void textDisabledWrapped(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

void drawLegend() {
    const GcColour colours[] = {GcColour::WhiteCurrent, GcColour::WhiteOther, GcColour::Gray,
                                GcColour::Black};
    const char* names[] = {"white", "other white", "gray", "black"};
    float h = ImGui::GetTextLineHeight();
    // Each entry (swatch + name) stays whole; the legend wraps between entries.
    auto entry = [&](bool first, ImU32 fillColour, ImU32 outlineColour, bool ring,
                     const char* name) {
        if (!first) sameLineIfFits(h + 3 + ImGui::CalcTextSize(name).x, 10);
        swatch(fillColour, outlineColour, ring);
        ImGui::TextUnformatted(name);
    };
    for (int i = 0; i < 4; i++)
        entry(i == 0, palette::fill(colours[i]), palette::outline(colours[i]),
              colours[i] == GcColour::Gray, names[i]);
    entry(false, IM_COL32(0, 0, 0, 0), palette::kGhost, false, "freed");
    entry(false, IM_COL32(0, 0, 0, 0), palette::kFlash, false, "changed");
}

bool objectButton(VizState& v, const HeapNode& n) {
    swatch(palette::fill(n.colour), palette::outline(n.colour));
    char text[160];
    if (isRootId(n.id))
        std::snprintf(text, sizeof text, "root: %s##%llu", n.preview.c_str(),
                      (unsigned long long)n.id);
    else
        std::snprintf(text, sizeof text, "#%llu %s %s##%llu", (unsigned long long)n.id, n.typeName,
                      n.preview.c_str(), (unsigned long long)n.id);
    bool clicked = ImGui::Selectable(text, v.selected == n.id, ImGuiSelectableFlags_None);
    if (clicked && !isRootId(n.id)) v.selected = n.id;
    return clicked;
}

const char* explainState(GcState s) {
    switch (s) {
    case GcState::Pause: return "Between cycles: the next step marks the roots gray.";
    case GcState::Propagate:
        return "Take a gray object, mark its children gray, turn it black; the program runs in "
               "between.";
    case GcState::EnterAtomic: return "No gray object left: the next step starts the atomic phase.";
    case GcState::Atomic:
        return "Finish marking in one go (roots again, grayagain, weak tables, finalizers); the "
               "program may not run.";
    case GcState::SweepAllgc:
        return "Free the dead (other white) objects, turn survivors white again.";
    case GcState::SweepFinobj: return "Turn the objects that have finalizers white again.";
    case GcState::SweepTobefnz: return "Turn the objects waiting for their finalizer white again.";
    case GcState::SweepEnd: return "Sweeping is done; the finalizers come next.";
    case GcState::CallFinalizers: return "Call the pending __gc finalizers one by one, then pause.";
    }
    return "";
}

const char* explainAtomicStep(AtomicStep s) {
    switch (s) {
    case AtomicStep::Remark: return "mark the roots again, drain gray and grayagain";
    case AtomicStep::ConvergeEphemerons:
        return "re-traverse ephemeron tables until nothing new is marked";
    case AtomicStep::ClearWeakValues: return "remove dead values from weak-value tables";
    case AtomicStep::SeparateFinalizable: return "move dead objects with finalizers to tobefnz";
    case AtomicStep::Resurrect: return "mark them (and what they reach) so __gc can use them";
    case AtomicStep::ClearWeakKeys:
        return "remove dead keys and resurrected values from weak tables";
    case AtomicStep::FlipWhite: return "swap the current white: every unmarked object is now dead";
    }
    return "";
}

} // namespace tricolor::viz
