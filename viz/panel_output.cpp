// viz/panel_output.cpp — the program's output (for the native window; the page has its own console)
// and the loaded source with the next line marked.
#include "viz/panels.h"

namespace tricolor::viz {

void OutputPanel::Draw(VizState& v) {
    ImGui::BeginChild("out", ImVec2(ImGui::GetContentRegionAvail().x * 0.5f, 0), true);
    for (const auto& [kind, text] : v.output) {
        ImVec4 c = kind == OutputKind::Error    ? ImVec4(1, 0.45f, 0.45f, 1)
                   : kind == OutputKind::Stderr ? ImVec4(1, 0.75f, 0.4f, 1)
                   : kind == OutputKind::Info   ? ImVec4(0.6f, 0.6f, 0.6f, 1)
                                                : ImVec4(0.92f, 0.92f, 0.92f, 1);
        ImGui::PushStyleColor(ImGuiCol_Text, c);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopStyleColor();
    }
    if (v.output.size() != seen_) ImGui::SetScrollHereY(1.0f);
    seen_ = v.output.size();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("src", ImVec2(0, 0), true);
    int current = v.playground->currentLine();
    int lineNo = 1;
    size_t start = 0;
    const std::string& src = v.source;
    while (start <= src.size() && !src.empty()) {
        size_t end = src.find('\n', start);
        if (end == std::string::npos) end = src.size();
        bool here = lineNo == current, focus = lineNo == v.focusLine;
        ImVec4 c = here    ? ImVec4(1, 0.85f, 0.3f, 1)
                   : focus ? ImVec4(0.5f, 0.8f, 1, 1)
                           : ImVec4(0.8f, 0.8f, 0.8f, 1);
        ImGui::TextColored(c, "%s%3d  %.*s", here ? ">" : " ", lineNo, int(end - start),
                           src.c_str() + start);
        if (focus && ImGui::IsItemVisible() == false) ImGui::SetScrollHereY(0.5f);
        start = end + 1;
        lineNo++;
    }
    ImGui::EndChild();
}

} // namespace tricolor::viz
