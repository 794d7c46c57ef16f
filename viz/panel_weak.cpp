// viz/panel_weak.cpp — weak tables: each one with its mode and entries, and which entries the last
// atomic phase cleared (keys or values that were dead).
#include <cstdio>

#include "viz/panels.h"

namespace tricolor::viz {

void WeakTablesPanel::Draw(VizState& v) {
    const HeapSnapshot& s = v.model.snapshot();
    int tables = 0;
    for (uint32_t i : v.model.flagged()) {
        const HeapNode& n = s.nodes[i];
        if (!(n.flags & (kObjWeakKeys | kObjWeakValues))) continue;
        tables++;
        const char* mode = (n.flags & kObjWeakKeys) && (n.flags & kObjWeakValues) ? "kv (all weak)"
                           : (n.flags & kObjWeakKeys)                             ? "k (ephemeron)"
                                                      : "v (weak values)";
        char title[96];
        std::snprintf(title, sizeof title, "table #%llu  mode %s  %u refs###weak%llu",
                      (unsigned long long)n.id, mode, n.edgeCount, (unsigned long long)n.id);
        ImGui::PushID(int(i));
        if (ImGui::TreeNodeEx(title, ImGuiTreeNodeFlags_DefaultOpen)) {
            if (ImGui::SmallButton("select")) v.selected = n.id;
            for (uint32_t e = n.firstEdge; e < n.firstEdge + n.edgeCount && s.hasEdges; e++) {
                const HeapEdge& edge = s.edges[e];
                ImGui::PushID(int(e));
                ImGui::TextDisabled("%s%s", edge.label.c_str(), edge.weak ? "" : " (strong)");
                ImGui::SameLine();
                objectButton(v, s.nodes[edge.to]);
                ImGui::PopID();
            }
            int cleared = 0;
            for (const auto& c : v.history.clearedLastAtomic) {
                if (c.table != n.id) continue;
                if (cleared++ == 0)
                    ImGui::TextColored(ImVec4(1, 0.5f, 0.5f, 1), "cleared by the last atomic:");
                ImGui::BulletText("#%llu (%s)", (unsigned long long)c.cleared,
                                  gcAtomicStepName(c.step));
            }
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
    if (tables == 0) ImGui::TextDisabled("No weak tables (setmetatable(t, {__mode = \"k\"})).");
    size_t total = v.history.clearedLastAtomic.size();
    if (total) ImGui::TextWrapped("The last atomic cleared %zu weak entries.", total);
}

} // namespace tricolor::viz
