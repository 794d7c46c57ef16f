// viz/panel_inspector.cpp — the selected object: identity, colour, flags, allocation site (a click
// moves the editor there), contents (its outgoing edges: fields, upvalues, stack slots), retainers
// and one shortest path to a root.
#include <algorithm>
#include <string>

#include "viz/panels.h"

namespace tricolor::viz {

namespace {

std::string flagList(uint32_t f) {
    std::string out;
    auto add = [&](uint32_t bit, const char* name) {
        if (!(f & bit)) return;
        if (!out.empty()) out += ", ";
        out += name;
    };
    add(kObjFinalizable, "has finalizer");
    add(kObjToBeFinalized, "to be finalized");
    add(kObjResurrected, "resurrected");
    add(kObjFixed, "fixed");
    add(kObjWeakKeys, "weak keys");
    add(kObjWeakValues, "weak values");
    add(kObjChunked, "traversed in chunks");
    add(kObjDead, "dead (will be freed)");
    return out.empty() ? "none" : out;
}

const char* grayListName(GrayList g) {
    switch (g) {
    case GrayList::None: return "none";
    case GrayList::Gray: return "gray";
    case GrayList::GrayAgain: return "grayagain";
    case GrayList::Weak: return "weak";
    case GrayList::Ephemeron: return "ephemeron";
    case GrayList::AllWeak: return "allweak";
    }
    return "?";
}

const char* contentsTitle(Tag t) {
    switch (t) {
    case Tag::Table: return "Fields";
    case Tag::LuaClosure:
    case Tag::HostClosure: return "Upvalues";
    case Tag::Thread: return "Call frames and locals";
    case Tag::Proto: return "Constants";
    case Tag::Upvalue: return "Value";
    default: return "Contents";
    }
}

// One "label -> object" row per edge.
void edgeRows(VizState& v, const HeapSnapshot& s, const std::vector<uint32_t>& edges,
              bool outgoing) {
    ImGuiListClipper clipper;
    clipper.Begin(int(edges.size()));
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; r++) {
            const HeapEdge& e = s.edges[edges[size_t(r)]];
            ImGui::PushID(r);
            ImGui::TextDisabled("%s%s", e.label.c_str(), outgoing ? " ->" : " of");
            ImGui::SameLine();
            objectButton(v, s.nodes[outgoing ? e.to : e.from]);
            ImGui::PopID();
        }
    }
}

// A value cell: plain values as text, objects as a link that selects them.
void valueCell(VizState& v, const ContentRow& r) {
    if (r.target == 0) {
        ImGui::TextUnformatted(r.value.c_str());
        return;
    }
    const HeapNode* n = v.model.snapshot().find(r.target);
    if (n) {
        objectButton(v, *n);
    } else if (ImGui::Selectable(r.value.c_str(), v.selected == r.target)) {
        v.selected = r.target;
    }
}

} // namespace

// Fields with their values (numbers, strings, booleans and objects), closure upvalues, coroutine
// frames with their locals: read from the VM by describeObject() when the selection or heap
// changes.
void InspectorPanel::DrawContents(VizState& v) {
    VM* vm = v.playground->vm();
    if (!vm) return;
    if (contentsId_ != v.selected || contentsVersion_ != v.model.version()) {
        const GCObject* known = v.modelCurrent ? v.model.objectOf(v.selected) : nullptr;
        contents_ = describeObject(*vm, v.selected, 300, known);
        contentsId_ = v.selected;
        contentsVersion_ = v.model.version();
    }
    for (const std::string& fact : contents_.facts)
        ImGui::TextWrapped("%s", fact.c_str());
    const HeapNode* n = v.model.snapshot().find(v.selected);
    const char* title = n ? contentsTitle(n->tag) : "Contents";
    if (contents_.sections.empty() ||
        !ImGui::CollapsingHeader(title, ImGuiTreeNodeFlags_DefaultOpen))
        return;
    size_t rows = 0;
    for (const ContentSection& section : contents_.sections)
        rows += section.rows.size() + 1;
    float height = std::min(ImGui::GetContentRegionAvail().y * 0.55f,
                            ImGui::GetTextLineHeightWithSpacing() * float(rows + 1) + 8);
    ImGui::BeginChild("contents", ImVec2(0, std::max(height, 60.0f)), false);
    int id = 0;
    for (const ContentSection& section : contents_.sections) {
        bool many = contents_.sections.size() > 1;
        if (many) {
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.6f, 0.75f, 1.0f, 1));
            ImGui::TextWrapped("%s", section.title.c_str());
            ImGui::PopStyleColor();
        }
        if (section.rows.empty()) {
            if (!many) ImGui::TextDisabled("(empty)");
            continue;
        }
        if (ImGui::BeginTable(section.title.c_str(), 2,
                              ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_SizingStretchProp)) {
            ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthStretch, 0.4f);
            ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch, 0.6f);
            for (const ContentRow& r : section.rows) {
                ImGui::PushID(id++);
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextDisabled("%s", r.key.c_str());
                ImGui::TableNextColumn();
                valueCell(v, r);
                ImGui::PopID();
            }
            ImGui::EndTable();
        }
        if (section.omitted) ImGui::TextDisabled("... %zu more not shown", section.omitted);
    }
    ImGui::EndChild();
}

void InspectorPanel::Draw(VizState& v) {
    const HeapSnapshot& s = v.model.snapshot();
    int32_t index = s.indexOf(v.selected);
    if (index < 0) {
        bool freed = false;
        for (const Ghost& g : v.model.ghosts())
            freed = freed || g.id == v.selected;
        if (v.selected && freed)
            ImGui::TextColored(ImVec4(1, 0.5f, 0.5f, 1), "#%llu was freed by the sweeper.",
                               (unsigned long long)v.selected);
        else
            textDisabledWrapped("Click an object in the graph or the map.");
        return;
    }
    const HeapNode& n = s.nodes[size_t(index)];
    ImGui::Text("#%llu  %s  %u bytes", (unsigned long long)n.id, n.typeName, n.size);
    if (!n.preview.empty()) ImGui::TextWrapped("%s", n.preview.c_str());
    ImGui::TextUnformatted("colour:");
    ImGui::SameLine();
    ImVec4 c = ImGui::ColorConvertU32ToFloat4(palette::fill(n.colour));
    ImGui::ColorButton("##colour", c, ImGuiColorEditFlags_NoTooltip, ImVec2(14, 14));
    ImGui::SameLine();
    ImGui::TextWrapped("%s  (gray list: %s, age %u)", palette::label(n.colour),
                       grayListName(n.grayList), n.age);
    ImGui::TextWrapped("flags: %s", flagList(n.flags).c_str());
    if (n.site != 0 && n.site < s.siteChunks.size()) {
        ImGui::TextUnformatted("allocated at");
        ImGui::SameLine();
        // Chunk names as messages show them: "=main" -> "main", "@f.lua" -> "f.lua".
        std::string chunk = s.siteChunks[n.site];
        if (!chunk.empty() && (chunk[0] == '=' || chunk[0] == '@')) chunk.erase(0, 1);
        std::string site = chunk + ":" + std::to_string(n.siteLine);
        if (ImGui::SmallButton(site.c_str())) v.focusLine = n.siteLine;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show this line in the editor");
    } else {
        ImGui::TextDisabled("allocated by the host or the library (no site)");
    }
    DrawContents(v);
    if (!s.hasEdges) return;

    std::vector<uint32_t> in = s.retainers(uint32_t(index));
    if (ImGui::CollapsingHeader("Retainers", ImGuiTreeNodeFlags_DefaultOpen)) {
        if (in.empty()) ImGui::TextDisabled("(nothing points here: garbage unless a root)");
        ImGui::BeginChild("retainers",
                          ImVec2(0, std::min(120.0f, 24.0f + 22.0f * float(in.size()))));
        edgeRows(v, s, in, false);
        ImGui::EndChild();
    }
    if (ImGui::CollapsingHeader("Path to a root", ImGuiTreeNodeFlags_DefaultOpen)) {
        std::vector<uint32_t> path = s.pathToRoot(uint32_t(index));
        if (path.empty()) ImGui::TextDisabled("unreachable: the collector will free it");
        for (size_t k = 0; k < path.size(); k++) {
            ImGui::PushID(int(k));
            if (k > 0) {
                // The edge taken from path[k-1] to path[k].
                const HeapNode& from = s.nodes[path[k - 1]];
                for (uint32_t e = from.firstEdge; e < from.firstEdge + from.edgeCount; e++)
                    if (s.edges[e].to == path[k] && !s.edges[e].weak) {
                        ImGui::TextDisabled("  via %s", s.edges[e].label.c_str());
                        break;
                    }
            }
            objectButton(v, s.nodes[path[k]]);
            ImGui::PopID();
        }
    }
}

} // namespace tricolor::viz
