// viz/invariant_alarm.cpp — the red banner shown when the heap validator fails: what broke, in one
// sentence, and the offending object (the graph draws the black->white edge in red).
#include "viz/panels.h"

namespace tricolor::viz {

void InvariantAlarm::Draw(VizState& v, ImVec2 anchor, float width) {
    ImGui::SetNextWindowPos(anchor, ImGuiCond_Always, ImVec2(0, 1)); // anchor: bottom left
    ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(110, 20, 24, 240));
    ImGui::PushStyleColor(ImGuiCol_Border, palette::kAlarm);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 2.0f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_AlwaysAutoResize;
    if (ImGui::Begin("Invariant alarm", nullptr, flags)) {
        ImGui::TextColored(ImVec4(1, 0.85f, 0.85f, 1), "INVARIANT BROKEN - execution paused");
        ImGui::PushTextWrapPos(width - 16);
        if (v.breach.found) ImGui::TextUnformatted(v.breach.sentence.c_str());
        ImGui::TextDisabled("validator: %s", v.alarmMessage.c_str());
        ImGui::PopTextWrapPos();
        if (ImGui::SmallButton("Dismiss")) v.alarm = false;
    }
    ImGui::End();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(2);
}

} // namespace tricolor::viz
