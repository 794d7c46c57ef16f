// viz/heap_graph.cpp — the heap as a graph (see panels.h).
//
// Positions come from GraphLayout (stable by id); this file only projects, culls and draws them
// with ImDrawList primitives. Order of drawing: edges, then nodes, then ghosts, then overlays
// (alarm edge, selection path), so the tri-colour state of a node is never hidden by a line.
//
// WebGL2's ImGui backend has no 32-bit indices and no vertex offsets, so one ImDrawList holds at
// most 65536 vertices; a big graph is drawn into several transparent child windows stacked over the
// canvas ("chunks"), each with its own draw list.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "viz/panels.h"

namespace tricolor::viz {

namespace {

constexpr float kNodeW = 74.0f, kNodeH = 24.0f;
constexpr float kFlashSeconds = 1.5f;
constexpr float kEdgeZoom = 0.25f;        // below this zoom only the selection's edges are drawn
constexpr uint32_t kMaxFanOffScreen = 32; // more out edges: only those between visible nodes

const char* shortType(const HeapNode& n) {
    switch (n.tag) {
    case Tag::String: return "str";
    case Tag::Table: return "tbl";
    case Tag::LuaClosure: return "fn";
    case Tag::HostClosure: return "cfn";
    case Tag::Userdata: return "ud";
    case Tag::Thread: return "thread";
    case Tag::Proto: return "proto";
    case Tag::Upvalue: return "upval";
    default: return "?";
    }
}

ImU32 withAlpha(ImU32 c, float a) {
    int alpha = int(((c >> IM_COL32_A_SHIFT) & 0xFF) * std::clamp(a, 0.0f, 1.0f));
    return (c & ~IM_COL32_A_MASK) | (ImU32(alpha) << IM_COL32_A_SHIFT);
}

// Draws into one draw list until it is nearly full, then into a fresh transparent child window over
// the same rectangle (see the comment at the top).
struct ChunkedDrawList {
    ImVec2 min, max;
    ImDrawList* dl = nullptr;
    int chunks = 0;
    bool needsChunks = false;

    void begin(ImVec2 lo, ImVec2 hi) {
        min = lo;
        max = hi;
        dl = ImGui::GetWindowDrawList();
        needsChunks = !(ImGui::GetIO().BackendFlags & ImGuiBackendFlags_RendererHasVtxOffset);
        dl->PushClipRect(min, max, true);
    }
    void room(unsigned vertices) {
        if (!needsChunks || dl->_VtxCurrentIdx + vertices < 60000) return;
        dl->PopClipRect();
        if (chunks > 0) ImGui::EndChild();
        ImGui::SetCursorScreenPos(min);
        char id[24];
        std::snprintf(id, sizeof id, "##graphchunk%d", chunks++);
        ImGui::BeginChild(id, ImVec2(max.x - min.x, max.y - min.y), false,
                          ImGuiWindowFlags_NoInputs | ImGuiWindowFlags_NoBackground |
                              ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoSavedSettings);
        dl = ImGui::GetWindowDrawList();
        dl->PushClipRect(min, max, true);
    }
    void end() {
        dl->PopClipRect();
        if (chunks > 0) ImGui::EndChild();
    }
};

struct Projection {
    ImVec2 origin;
    ImVec2 pan;
    float zoom;
    ImVec2 operator()(GraphLayout::Cell c) const {
        return ImVec2(origin.x + pan.x + GraphLayout::worldX(c) * zoom,
                      origin.y + pan.y + GraphLayout::worldY(c) * zoom);
    }
};

// The point where the segment from the centre of a box (half sizes hw, hh) towards `to` leaves it.
ImVec2 boxExit(ImVec2 from, ImVec2 to, float hw, float hh) {
    float dx = to.x - from.x, dy = to.y - from.y;
    float sx = std::abs(dx) > 1e-3f ? hw / std::abs(dx) : 1e9f;
    float sy = std::abs(dy) > 1e-3f ? hh / std::abs(dy) : 1e9f;
    float s = std::min(1.0f, std::min(sx, sy));
    return ImVec2(from.x + dx * s, from.y + dy * s);
}

void arrow(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 colour, float thickness, float head) {
    dl->AddLine(a, b, colour, thickness);
    if (head <= 0) return;
    float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
    if (len < 1) return;
    dx /= len;
    dy /= len;
    ImVec2 l(b.x - dx * head - dy * head * 0.5f, b.y - dy * head + dx * head * 0.5f);
    ImVec2 r(b.x - dx * head + dy * head * 0.5f, b.y - dy * head - dx * head * 0.5f);
    dl->AddTriangleFilled(b, l, r, colour);
}

} // namespace

// Zoom and pan so that every placed node fits the canvas.
void HeapGraphPanel::Fit(const VizState& v, ImVec2 size) {
    fitRequested = false;
    const HeapSnapshot& s = v.model.snapshot();
    float minX = 1e9f, minY = 1e9f, maxX = -1e9f, maxY = -1e9f;
    for (const HeapNode& n : s.nodes) {
        if (!v.layout.has(n.id) || !Visible(v, n)) continue;
        GraphLayout::Cell c = v.layout.cellOf(n.id);
        minX = std::min(minX, GraphLayout::worldX(c));
        maxX = std::max(maxX, GraphLayout::worldX(c));
        minY = std::min(minY, GraphLayout::worldY(c));
        maxY = std::max(maxY, GraphLayout::worldY(c));
    }
    if (minX > maxX) return;
    float w = maxX - minX + kNodeW * 2, h = maxY - minY + kNodeH * 2;
    zoom = std::clamp(std::min(size.x / w, size.y / h), 0.02f, 4.0f);
    pan = ImVec2(-(minX - kNodeW) * zoom, -(minY - kNodeH) * zoom);
}

bool HeapGraphPanel::Visible(const VizState& v, const HeapNode& n) const {
    if (isRootId(n.id)) return true;
    if (collapsed[int(n.tag)]) return false;
    if (hideStrings && n.tag == Tag::String) return false;
    if (hideLibrary && n.site == 0 && n.depth != 1 && n.id != v.selected) return false;
    return true;
}

void HeapGraphPanel::Draw(VizState& v) {
    DrawToolbar(v);
    DrawCanvas(v);
}

void HeapGraphPanel::DrawToolbar(VizState& v) {
    drawLegend();
    // One row when the pane is wide enough, wrapped between items when it is not.
    ImGui::Checkbox("hide strings", &hideStrings);
    sameLineIfFits(checkboxWidth("hide library objects"));
    ImGui::Checkbox("hide library objects", &hideLibrary);
    sameLineIfFits(checkboxWidth("edge labels"));
    ImGui::Checkbox("edge labels", &showEdgeLabels);
    sameLineIfFits(buttonWidth("Collapse types..."));
    if (ImGui::Button("Collapse types...")) ImGui::OpenPopup("collapse");
    if (ImGui::BeginPopup("collapse")) {
        const std::pair<Tag, const char*> types[] = {{Tag::String, "strings"},
                                                     {Tag::Table, "tables"},
                                                     {Tag::LuaClosure, "Lua functions"},
                                                     {Tag::HostClosure, "host functions"},
                                                     {Tag::Userdata, "userdata"},
                                                     {Tag::Thread, "threads"},
                                                     {Tag::Proto, "protos"},
                                                     {Tag::Upvalue, "upvalues"}};
        for (auto& [tag, name] : types)
            ImGui::Checkbox(name, &collapsed[int(tag)]);
        ImGui::EndPopup();
    }
    sameLineIfFits(buttonWidth("Home") + ImGui::GetStyle().ItemSpacing.x + buttonWidth("Fit"));
    if (ImGui::Button("Home")) {
        pan = ImVec2(40, 30);
        zoom = 1.0f;
    }
    ImGui::SameLine();
    if (ImGui::Button("Fit")) fitRequested = true;
    char zoomText[64];
    std::snprintf(zoomText, sizeof zoomText,
                  zoom < kEdgeZoom ? "zoom %.2f (edges: zoom in)" : "zoom %.2f", zoom);
    sameLineIfFits(ImGui::CalcTextSize(zoomText).x);
    ImGui::TextDisabled("%s", zoomText);
    (void)v;
}

void HeapGraphPanel::DrawCanvas(VizState& v) {
    const HeapSnapshot& s = v.model.snapshot();
    GraphFrameStats stats;
    ImVec2 lo = ImGui::GetCursorScreenPos();
    ImVec2 size = ImGui::GetContentRegionAvail();
    size.x = std::max(size.x, 50.0f);
    size.y = std::max(size.y, 50.0f);
    ImVec2 hi(lo.x + size.x, lo.y + size.y);
    ImGui::InvisibleButton("graphcanvas", size,
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    bool hovered = ImGui::IsItemHovered();
    ImGuiIO& io = ImGui::GetIO();

    // Pan with a drag, zoom around the cursor with the wheel.
    if (ImGui::IsItemActive() && (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f) ||
                                  ImGui::IsMouseDragging(ImGuiMouseButton_Right, 1.0f))) {
        pan.x += io.MouseDelta.x;
        pan.y += io.MouseDelta.y;
    }
    if (hovered && io.MouseWheel != 0) {
        float old = zoom;
        zoom = std::clamp(zoom * std::pow(1.15f, io.MouseWheel), 0.02f, 4.0f);
        ImVec2 m(io.MousePos.x - lo.x - pan.x, io.MousePos.y - lo.y - pan.y);
        pan.x -= m.x * (zoom / old - 1);
        pan.y -= m.y * (zoom / old - 1);
    }

    ImDrawList* background = ImGui::GetWindowDrawList();
    background->AddRectFilled(lo, hi, IM_COL32(42, 46, 56, 255));
    if (!v.playground->vm()) {
        background->AddText(ImVec2(lo.x + 16, lo.y + 16), IM_COL32(160, 160, 160, 255),
                            "No program loaded.");
        v.graphStats = stats;
        return;
    }
    if (!s.hasEdges) {
        // Above the limit the snapshot has no edges (collecting them would cost more than a
        // frame), so there is nothing to draw as a graph: say so and offer the map.
        ImGui::SetCursorScreenPos(ImVec2(lo.x + 16, lo.y + 16));
        ImGui::PushTextWrapPos(hi.x - 16);
        ImGui::Text("%zu objects. The graph is drawn for heaps of up to %zu objects: above that "
                    "edges, retainers and paths to a root are not collected.",
                    s.nodes.size() - s.rootCount, SnapshotOptions{}.maxObjectsWithEdges);
        ImGui::TextUnformatted("The heap map shows every object, coloured by state, with the "
                               "sweep cursor.");
        ImGui::PopTextWrapPos();
        if (ImGui::Button("Show the heap map")) v.selectHeapTab = 1;
        v.graphStats = stats;
        return;
    }

    // Give new (and newly shown) nodes a place; placed nodes never move.
    if (placedVersion_ != v.model.version() || placedFilter_ != FilterKey()) {
        v.layout.place(s, [&](const HeapNode& n) { return Visible(v, n); });
        placedVersion_ = v.model.version();
        placedFilter_ = FilterKey();
    }
    if (fitRequested) Fit(v, size);
    Projection project{lo, pan, zoom};
    float hw = kNodeW * 0.5f * zoom, hh = kNodeH * 0.5f * zoom;
    std::vector<ImVec2> at(s.nodes.size());
    std::vector<uint8_t> shown(s.nodes.size(), 0); // 1: visible by filters, 2: also on screen
    for (size_t i = 0; i < s.nodes.size(); i++) {
        const HeapNode& n = s.nodes[i];
        if (!v.layout.has(n.id) || !Visible(v, n)) continue;
        at[i] = project(v.layout.cellOf(n.id));
        bool onScreen = at[i].x + hw * 2 >= lo.x && at[i].x - hw * 2 <= hi.x &&
                        at[i].y + hh >= lo.y && at[i].y - hh <= hi.y;
        shown[i] = onScreen ? 2 : 1;
    }

    ChunkedDrawList out;
    out.begin(lo, hi);
    float head = zoom > 0.45f ? 6.0f * std::min(zoom, 1.5f) : 0.0f;
    int32_t selected = s.indexOf(v.selected);

    // Edges (culled when both ends are off the same side of the canvas).
    // Labels: all of them when few edges are on screen, else only the selected object's.
    size_t labelBudget = showEdgeLabels && zoom >= 0.85f ? 24 : 0;
    std::vector<uint32_t> labelled;
    for (uint32_t e = 0; e < s.edges.size(); e++) {
        const HeapEdge& edge = s.edges[e];
        if (!shown[edge.from] || !shown[edge.to] || edge.from == edge.to) continue;
        ImVec2 a = at[edge.from], b = at[edge.to];
        if ((a.x < lo.x && b.x < lo.x) || (a.x > hi.x && b.x > hi.x) ||
            (a.y < lo.y && b.y < lo.y) || (a.y > hi.y && b.y > hi.y))
            continue;
        out.room(12);
        bool fromRoot = edge.from < s.rootCount;
        bool mine = int32_t(edge.from) == selected || int32_t(edge.to) == selected;
        // Culling: an edge with neither end on screen is only a line across it; an edge leaving
        // the screen is drawn unless it belongs to a fan (a table with thousands of entries would
        // cover the canvas with lines to nowhere). The selection's edges are always drawn.
        bool bothOn = shown[edge.from] == 2 && shown[edge.to] == 2;
        bool oneOn = shown[edge.from] == 2 || shown[edge.to] == 2;
        bool fan = s.nodes[edge.from].edgeCount > kMaxFanOffScreen;
        if (!mine && !bothOn && (!oneOn || fan)) continue;
        // Level of detail: zoomed far out, nodes are specks and edges only noise (and fill
        // time): only the selected object's edges are drawn.
        if (zoom < kEdgeZoom && !mine) continue;
        ImU32 colour = edge.weak  ? IM_COL32(110, 140, 200, 110)
                       : fromRoot ? IM_COL32(90, 140, 230, 150)
                       : mine     ? IM_COL32(150, 210, 255, 230)
                                  : IM_COL32(150, 155, 165, 120);
        ImVec2 from = boxExit(a, b, hw, hh), to = boxExit(b, a, hw, hh);
        arrow(out.dl, from, to, colour, mine ? 2.0f : 1.0f, head);
        stats.edges++;
        if (labelBudget > 0 && (mine || labelled.size() <= labelBudget)) labelled.push_back(e);
    }
    if (labelled.size() > labelBudget && labelBudget > 0) {
        // Too many to read: keep only the selected object's labels.
        labelled.erase(std::remove_if(labelled.begin(), labelled.end(),
                                      [&](uint32_t e) {
                                          return int32_t(s.edges[e].from) != selected &&
                                                 int32_t(s.edges[e].to) != selected;
                                      }),
                       labelled.end());
    }

    // Nodes.
    bool detailed = zoom >= 0.35f;
    GcState st = s.stats.state;
    bool frontier = st == GcState::Propagate || st == GcState::EnterAtomic || st == GcState::Atomic;
    for (size_t i = 0; i < s.nodes.size(); i++) {
        if (shown[i] != 2) continue;
        const HeapNode& n = s.nodes[i];
        ImVec2 c = at[i];
        ImVec2 a(c.x - hw, c.y - hh), b(c.x + hw, c.y + hh);
        out.room(detailed ? 64 : 8);
        if (i < s.rootCount) {
            stats.roots++;
            out.dl->AddRectFilled(a, b, palette::kRoot, 5 * zoom);
            if (detailed && zoom >= 0.6f) {
                ImVec4 clip(a.x, a.y, b.x - 2, b.y);
                out.dl->AddText(nullptr, 0, ImVec2(a.x + 4, c.y - 7), IM_COL32(255, 255, 255, 255),
                                n.preview.c_str(), nullptr, 0, &clip);
            }
            continue;
        }
        stats.drawn[int(n.colour)]++;
        if (!detailed) {
            // Level of detail: two plain quads at most (a ring drawn as a stroke costs ~20
            // vertices; a slightly larger amber quad underneath costs 4).
            if (frontier && n.colour == GcColour::Gray && !(n.flags & kObjFixed))
                out.dl->AddRectFilled(ImVec2(a.x - 1.5f, a.y - 1.5f),
                                      ImVec2(b.x + 1.5f, b.y + 1.5f), palette::kFrontier);
            out.dl->AddRectFilled(a, b, palette::fill(n.colour));
            continue;
        }
        double since = v.model.sinceChange(n.id, v.now);
        if (since < kFlashSeconds) {
            float t = float(1.0 - since / kFlashSeconds);
            float grow = 6 * zoom * t + 2;
            out.dl->AddRectFilled(ImVec2(a.x - grow, a.y - grow), ImVec2(b.x + grow, b.y + grow),
                                  withAlpha(palette::kFlash, 0.55f * t), 6 * zoom);
        }
        if (v.model.changedInLastUpdate(n.id))
            out.dl->AddRect(ImVec2(a.x - 3, a.y - 3), ImVec2(b.x + 3, b.y + 3), palette::kFlash,
                            6 * zoom, 0, 1.5f);
        out.dl->AddRectFilled(a, b, palette::fill(n.colour), 4 * zoom);
        // The frontier while marking (fixed objects are gray forever and never traversed).
        bool gray = frontier && n.colour == GcColour::Gray && !(n.flags & kObjFixed);
        out.dl->AddRect(a, b, gray ? palette::kFrontier : palette::outline(n.colour), 4 * zoom, 0,
                        gray ? 2.5f : 1.0f);
        if (n.colour == GcColour::WhiteOther) {
            // Dashes across the other white, so it reads without colour vision too.
            out.dl->AddLine(ImVec2(a.x + 3, b.y - 3), ImVec2(a.x + 9 * zoom, a.y + 3),
                            palette::outline(n.colour), 1.0f);
        }
        if (n.flags & kObjResurrected)
            out.dl->AddRect(ImVec2(a.x - 3, a.y - 3), ImVec2(b.x + 3, b.y + 3),
                            palette::kResurrected, 5 * zoom, 0, 2.0f);
        if (n.flags & (kObjFinalizable | kObjToBeFinalized))
            out.dl->AddCircleFilled(ImVec2(b.x - 4 * zoom, a.y + 4 * zoom), 2.5f * zoom,
                                    (n.flags & kObjToBeFinalized) ? palette::kResurrected
                                                                  : IM_COL32(230, 160, 60, 255));
        if (zoom >= 0.6f) {
            char text[64];
            if (n.tag == Tag::String && !n.preview.empty())
                std::snprintf(text, sizeof text, "%s", n.preview.c_str());
            else
                std::snprintf(text, sizeof text, "%s %llu", shortType(n), (unsigned long long)n.id);
            ImVec4 clip(a.x, a.y, b.x - 2, b.y);
            out.dl->AddText(nullptr, 0, ImVec2(a.x + 4, c.y - 7), palette::text(n.colour), text,
                            nullptr, 0, &clip);
        }
    }

    // Ghosts of freed objects.
    for (const Ghost& g : v.model.ghosts()) {
        if (!v.layout.has(g.id)) continue;
        ImVec2 c = project(v.layout.cellOf(g.id));
        if (c.x + hw < lo.x || c.x - hw > hi.x || c.y + hh < lo.y || c.y - hh > hi.y) continue;
        float fade = float(1.0 - (v.now - g.freedAt) / v.model.ghostLifetime);
        out.room(40);
        ImVec2 a(c.x - hw, c.y - hh), b(c.x + hw, c.y + hh);
        out.dl->AddRectFilled(a, b, withAlpha(IM_COL32(120, 40, 40, 255), 0.5f * fade), 4 * zoom);
        out.dl->AddRect(a, b, withAlpha(palette::kGhost, fade), 4 * zoom, 0, 1.5f);
        if (zoom >= 0.6f) {
            char text[48];
            std::snprintf(text, sizeof text, "freed %llu", (unsigned long long)g.id);
            ImVec4 clip(a.x, a.y, b.x - 2, b.y);
            out.dl->AddText(nullptr, 0, ImVec2(a.x + 4, c.y - 7), withAlpha(palette::kGhost, fade),
                            text, nullptr, 0, &clip);
        }
        stats.ghosts++;
    }

    // Edge labels, over the nodes (a label between two close boxes would otherwise hide behind
    // them): centred on the visible part of the edge, lifted above it when the edge is flat.
    for (uint32_t e : labelled) {
        const HeapEdge& edge = s.edges[e];
        ImVec2 a = boxExit(at[edge.from], at[edge.to], hw, hh);
        ImVec2 b = boxExit(at[edge.to], at[edge.from], hw, hh);
        // Root edges are named by their root already; the rest is cut to the room between the
        // boxes (plus a little), so a label does not cover the next node's name.
        if (edge.from < s.rootCount && s.nodes[edge.from].edgeCount == 1) continue;
        float room = std::hypot(b.x - a.x, b.y - a.y) + 24;
        float charWidth = ImGui::CalcTextSize("m").x;
        size_t fits = size_t(std::max(3.0f, room / std::max(charWidth, 1.0f)));
        const char* text = edge.label.c_str();
        const char* end = text + std::min<size_t>(edge.label.size(), std::min<size_t>(fits, 22));
        ImVec2 extent = ImGui::CalcTextSize(text, end);
        bool flat = std::abs(b.y - a.y) < std::abs(b.x - a.x) * 0.5f;
        // The selection's edges fan out from (or into) one box: their labels go towards the far
        // end, where the edges have spread apart.
        float t = int32_t(edge.from) == selected ? 0.68f
                  : int32_t(edge.to) == selected ? 0.32f
                                                 : 0.5f;
        ImVec2 mid(a.x + (b.x - a.x) * t - extent.x * 0.5f,
                   a.y + (b.y - a.y) * t - (flat ? extent.y + 1 : extent.y * 0.5f));
        out.room(unsigned(end - text) * 4 + 12);
        out.dl->AddRectFilled(ImVec2(mid.x - 2, mid.y),
                              ImVec2(mid.x + extent.x + 2, mid.y + extent.y),
                              IM_COL32(42, 46, 56, 215), 3);
        out.dl->AddText(mid, IM_COL32(170, 190, 215, 235), text, end);
    }

    // Overlays: the selection's path to a root, the selection, the alarm edge.
    if (selected >= 0 && shown[size_t(selected)]) {
        std::vector<uint32_t> path = s.pathToRoot(uint32_t(selected));
        for (size_t k = 1; k < path.size(); k++) {
            if (!shown[path[k - 1]] || !shown[path[k]]) continue;
            out.room(16);
            arrow(out.dl, boxExit(at[path[k - 1]], at[path[k]], hw, hh),
                  boxExit(at[path[k]], at[path[k - 1]], hw, hh), palette::kSelected, 2.5f, head);
        }
        ImVec2 c = at[size_t(selected)];
        out.room(16);
        out.dl->AddRect(ImVec2(c.x - hw - 4, c.y - hh - 4), ImVec2(c.x + hw + 4, c.y + hh + 4),
                        palette::kSelected, 6 * zoom, 0, 2.5f);
    }
    if (v.alarm && v.breach.found && v.breach.edge < s.edges.size()) {
        const HeapEdge& edge = s.edges[v.breach.edge];
        if (shown[edge.from] && shown[edge.to]) {
            ImVec2 a = at[edge.from], b = at[edge.to];
            out.room(64);
            arrow(out.dl, boxExit(a, b, hw, hh), boxExit(b, a, hw, hh), palette::kAlarm, 4.0f,
                  std::max(head, 8.0f));
            ImVec2 mid((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f + 4);
            out.dl->AddText(mid, palette::kAlarm, "black -> white");
            stats.alarmEdgeDrawn = true;
        }
    }
    out.end();

    // Summary of collapsed types, top left.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float y = lo.y + 6;
    for (int t = 0; t <= int(Tag::DeadKey); t++) {
        if (!collapsed[t]) continue;
        uint32_t count[4] = {0, 0, 0, 0};
        const char* name = "";
        for (size_t i = s.rootCount; i < s.nodes.size(); i++)
            if (int(s.nodes[i].tag) == t) {
                count[int(s.nodes[i].colour)]++;
                name = s.nodes[i].typeName;
            }
        char text[128];
        std::snprintf(text, sizeof text, "%s (collapsed): %u white, %u other, %u gray, %u black",
                      name, count[0], count[1], count[2], count[3]);
        dl->AddRectFilled(ImVec2(lo.x + 6, y),
                          ImVec2(lo.x + 14 + ImGui::CalcTextSize(text).x, y + 18),
                          IM_COL32(40, 44, 54, 230), 4);
        dl->AddText(ImVec2(lo.x + 10, y + 2), IM_COL32(220, 220, 220, 255), text);
        y += 22;
    }

    // Hover and click: the node under the mouse.
    if (hovered) {
        int32_t hit = -1;
        for (size_t i = 0; i < s.nodes.size(); i++) {
            if (shown[i] != 2) continue;
            if (std::abs(io.MousePos.x - at[i].x) <= hw && std::abs(io.MousePos.y - at[i].y) <= hh)
                hit = int32_t(i);
        }
        if (hit >= 0) {
            const HeapNode& n = s.nodes[size_t(hit)];
            if (isRootId(n.id))
                ImGui::SetTooltip("root: %s", n.preview.c_str());
            else
                ImGui::SetTooltip("#%llu %s, %u bytes, %s%s%s", (unsigned long long)n.id,
                                  n.typeName, n.size, gcColourName(n.colour),
                                  n.preview.empty() ? "" : "\n", n.preview.c_str());
            ImVec2 drag = io.MouseClickedPos[0];
            bool click =
                std::abs(io.MousePos.x - drag.x) < 4 && std::abs(io.MousePos.y - drag.y) < 4;
            if (ImGui::IsMouseReleased(ImGuiMouseButton_Left) && click && !isRootId(n.id))
                v.selected = n.id;
        }
    }
    v.graphStats = stats;
}

} // namespace tricolor::viz
