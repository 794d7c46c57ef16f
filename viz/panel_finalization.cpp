// viz/panel_finalization.cpp — finalization as a pipeline: objects with a finalizer (finobj) ->
// separated, waiting for the call (tobefnz) -> called; resurrected objects are highlighted.
#include <cstdio>

#include "viz/panels.h"

namespace tricolor::viz {

namespace {

void column(VizState& v, const HeapSnapshot& s, const char* title, uint32_t flag) {
    int shown = 0;
    ImGui::TextUnformatted(title);
    for (uint32_t i : v.model.flagged()) {
        const HeapNode& n = s.nodes[i];
        if (!(n.flags & flag)) continue;
        ImGui::PushID(int(i));
        bool resurrected = (n.flags & kObjResurrected) || v.history.resurrected.count(n.id);
        if (resurrected) ImGui::PushStyleColor(ImGuiCol_Text, palette::kResurrected);
        objectButton(v, n);
        if (resurrected) {
            ImGui::PopStyleColor();
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip(
                    "resurrected: found dead, marked again so its finalizer can use it");
        }
        ImGui::PopID();
        if (++shown >= 200) {
            ImGui::TextDisabled("...");
            break;
        }
    }
    if (shown == 0) ImGui::TextDisabled("(none)");
}

} // namespace

void FinalizationPanel::Draw(VizState& v) {
    const HeapSnapshot& s = v.model.snapshot();
    ImGui::TextDisabled("Resurrected objects in violet.");
    {
        column(v, s, "1. with a finalizer (finobj)", kObjFinalizable);
        ImGui::TextDisabled("   | found dead by atomic: separated");
        column(v, s, "2. to be finalized (tobefnz)", kObjToBeFinalized);
        ImGui::TextDisabled("   | callfinalizers: __gc(o)");
        ImGui::Text("3. called (%llu)", (unsigned long long)v.history.finalizerCalls);
        const auto& called = v.history.finalized;
        for (size_t k = called.size(); k-- > 0 && called.size() - k <= 100;) {
            const HeapNode* n = s.find(called[k]);
            ImGui::PushID(int(k));
            if (n) {
                objectButton(v, *n);
            } else {
                char text[48];
                std::snprintf(text, sizeof text, "#%llu (freed)", (unsigned long long)called[k]);
                if (ImGui::Selectable(text, v.selected == called[k])) v.selected = called[k];
            }
            ImGui::PopID();
        }
        if (called.empty()) ImGui::TextDisabled("(none yet)");
    }
}

} // namespace tricolor::viz
