// viz/heap_map.cpp — the heap as a map: every object one cell, in allocation order (by id),
// coloured by its tri-colour state, with the sweep cursor (see panels.h).
//
// A million cells cannot be a million ImGui rectangles, so the map is a texture of one texel per
// cell, rebuilt and uploaded only when a new snapshot arrives, and drawn as one image (linear
// filtering when a cell is smaller than a pixel). Overlays (cursor, selection) are a few
// primitives.
#include <algorithm>
#include <cmath>
#include <cstdio>

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#include <SDL_opengl.h>
#endif

#include "viz/panels.h"

namespace tricolor::viz {

namespace {

// Lighter than every cell colour's neighbourhood, so black cells stand out.
constexpr ImU32 kMapBackground = IM_COL32(70, 76, 90, 255);

// Map colours: the palette's, but white-other made strong enough to read in a dense map.
ImU32 cellColour(const HeapNode& n) {
    if (n.flags & kNodeFreed) return kMapBackground;
    if (n.flags & kObjDead) return IM_COL32(200, 90, 60, 255);
    return palette::fill(n.colour);
}

} // namespace

HeapMapPanel::~HeapMapPanel() {
    if (texture_) {
        GLuint t = texture_;
        glDeleteTextures(1, &t);
    }
}

// Rebuilds the texels from the snapshot and uploads only the rows that changed (stepping a big heap
// changes a few cells per step), or everything when the grid's shape changed.
void HeapMapPanel::UploadTexture(const VizState& v, int columns, int rows) {
    const HeapSnapshot& s = v.model.snapshot();
    size_t texels = size_t(columns) * size_t(rows);
    bool reshaped = columns != textureColumns_ || rows != textureRows_ || pixels_.size() != texels;
    if (reshaped) pixels_.assign(texels, kMapBackground);
    size_t firstChanged = texels, lastChanged = 0;
    for (size_t k = 0; k < texels; k++) {
        uint32_t colour = k < order_.size() ? cellColour(s.nodes[order_[k]]) : kMapBackground;
        if (pixels_[k] == colour && !reshaped) continue;
        pixels_[k] = colour;
        firstChanged = std::min(firstChanged, k);
        lastChanged = k;
    }
    if (!texture_) {
        GLuint t = 0;
        glGenTextures(1, &t);
        texture_ = t;
    }
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    glBindTexture(GL_TEXTURE_2D, GLuint(texture_));
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    if (reshaped) {
        bool small = texels > 200000;
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, small ? GL_LINEAR : GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, columns, rows, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                     pixels_.data());
        textureColumns_ = columns;
        textureRows_ = rows;
        uploadedRows_ = rows;
        glBindTexture(GL_TEXTURE_2D, GLuint(previous));
    } else {
        glBindTexture(GL_TEXTURE_2D, GLuint(previous));
        UploadRows(firstChanged, lastChanged);
    }
}

// Sends the rows holding texels [firstTexel, lastTexel] (nothing when first > last).
void HeapMapPanel::UploadRows(size_t firstTexel, size_t lastTexel) {
    uploadedRows_ = 0;
    if (firstTexel > lastTexel || !texture_) return;
    size_t columns = size_t(textureColumns_);
    int top = int(firstTexel / columns), bottom = int(lastTexel / columns);
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    glBindTexture(GL_TEXTURE_2D, GLuint(texture_));
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, top, textureColumns_, bottom - top + 1, GL_RGBA,
                    GL_UNSIGNED_BYTE, pixels_.data() + size_t(top) * columns);
    glBindTexture(GL_TEXTURE_2D, GLuint(previous));
    uploadedRows_ = bottom - top + 1;
}

void HeapMapPanel::PatchTexture(const VizState& v) {
    const HeapSnapshot& s = v.model.snapshot();
    size_t first = SIZE_MAX, last = 0;
    for (uint32_t node : v.model.lastChangedNodes()) {
        if (node < s.rootCount || node >= cellOfNode_.size()) continue;
        size_t k = cellOfNode_[node];
        if (k >= pixels_.size()) continue;
        pixels_[k] = cellColour(s.nodes[node]);
        first = std::min(first, k);
        last = std::max(last, k);
    }
    UploadRows(first, last);
}

// Node indices in id order (allocation order). Between collector steps nothing is allocated, so
// the previous order usually still holds: checked in one pass instead of sorted again.
void HeapMapPanel::UpdateOrder(const HeapSnapshot& s) {
    size_t count = s.nodes.size() - s.rootCount;
    bool valid = order_.size() == count && orderRootCount_ == s.rootCount;
    for (size_t k = 0; valid && k < count; k++)
        valid = order_[k] < s.nodes.size() &&
                (k == 0 || s.nodes[order_[k - 1]].id < s.nodes[order_[k]].id);
    if (!valid) {
        order_.resize(count);
        // The heap lists new objects first: enumeration order is mostly descending ids, so
        // reversing first leaves the sort little to do.
        for (size_t k = 0; k < count; k++)
            order_[k] = uint32_t(s.nodes.size() - 1 - k);
        std::sort(order_.begin(), order_.end(),
                  [&](uint32_t a, uint32_t b) { return s.nodes[a].id < s.nodes[b].id; });
        orderRootCount_ = s.rootCount;
    }
    cellOfNode_.assign(s.nodes.size(), UINT32_MAX);
    for (size_t k = 0; k < count; k++)
        cellOfNode_[order_[k]] = uint32_t(k);
}

void HeapMapPanel::Draw(VizState& v) {
    const HeapSnapshot& s = v.model.snapshot();
    drawLegend();
    size_t count = s.nodes.size() - s.rootCount; // cells: freed nodes stay empty until compacted
    ImGui::Text("%llu objects in allocation order", (unsigned long long)s.stats.objects);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("One cell per object, oldest first. The Graph tab draws heaps of up to "
                          "%zu objects; the map has no limit.",
                          SnapshotOptions{}.maxObjectsWithEdges);
    if (s.sweepCursor >= 0) {
        char cursorText[64];
        std::snprintf(cursorText, sizeof cursorText, "sweep cursor at #%llu",
                      (unsigned long long)s.nodes[size_t(s.sweepCursor)].id);
        sameLineIfFits(ImGui::CalcTextSize(cursorText).x);
        ImGui::TextColored(ImVec4(1, 0.8f, 0.2f, 1), "%s", cursorText);
    }
    ImVec2 lo = ImGui::GetCursorScreenPos();
    ImVec2 size = ImGui::GetContentRegionAvail();
    size.x = std::max(size.x, 50.0f);
    size.y = std::max(size.y, 50.0f);
    ImGui::InvisibleButton("heapmap", size);
    bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(lo, ImVec2(lo.x + size.x, lo.y + size.y), kMapBackground);
    if (count == 0) return;

    // Cells in id order (the allocation order), checked once per snapshot whose node indices
    // changed (a full copy or a compaction, not a followed step).
    bool fresh = uploadedVersion_ != v.model.version();
    bool sameStructure = orderStructure_ == v.model.structureVersion();
    bool onlyChangedCells = fresh && sameStructure && v.model.lastUpdateFollowed() &&
                            v.model.version() == uploadedVersion_ + 1;
    if (fresh && !sameStructure) {
        UpdateOrder(s);
        orderStructure_ = v.model.structureVersion();
    }
    // The grid: square cells that fill the panel.
    float cell = cellSize > 0 ? cellSize : std::sqrt(size.x * size.y / float(count));
    int columns = std::max(1, int(std::floor(size.x / std::max(cell, 0.05f))));
    int rows = int((count + size_t(columns) - 1) / size_t(columns));
    cell = std::min(size.x / float(columns), size.y / float(rows));
    bool sameGrid = columns == textureColumns_ && rows == textureRows_;
    if (onlyChangedCells && sameGrid) {
        PatchTexture(v);
        uploadedVersion_ = v.model.version();
    } else if (fresh || !sameGrid) {
        UploadTexture(v, columns, rows);
        uploadedVersion_ = v.model.version();
    }
    ImVec2 end(lo.x + cell * float(columns), lo.y + cell * float(rows));
    dl->AddImage(reinterpret_cast<ImTextureID>(intptr_t(texture_)), lo, end);

    // The cell of a node: a binary search by id (order_ is sorted by id).
    auto cellOfNode = [&](uint32_t node) {
        uint64_t id = s.nodes[node].id;
        auto it = std::lower_bound(order_.begin(), order_.end(), id,
                                   [&](uint32_t k, uint64_t want) { return s.nodes[k].id < want; });
        return it != order_.end() && *it == node ? it : order_.end();
    };
    auto cellRect = [&](size_t k, ImVec2& a, ImVec2& b) {
        float x = lo.x + float(k % size_t(columns)) * cell,
              y = lo.y + float(k / size_t(columns)) * cell;
        a = ImVec2(x, y);
        b = ImVec2(x + std::max(cell, 2.0f), y + std::max(cell, 2.0f));
    };
    // The sweep cursor: a bright marker at the next object to sweep.
    if (s.sweepCursor >= 0) {
        auto it = cellOfNode(uint32_t(s.sweepCursor));
        if (it != order_.end()) {
            ImVec2 a, b;
            cellRect(size_t(it - order_.begin()), a, b);
            dl->AddRect(ImVec2(a.x - 2, a.y - 2), ImVec2(b.x + 2, b.y + 2), palette::kFrontier, 0,
                        0, 2.0f);
            dl->AddLine(ImVec2(a.x, a.y - 8), ImVec2(a.x, b.y + 8), palette::kFrontier, 2.0f);
        }
    }
    int32_t selected = s.indexOf(v.selected);
    if (selected >= 0) {
        auto it = cellOfNode(uint32_t(selected));
        if (it != order_.end()) {
            ImVec2 a, b;
            cellRect(size_t(it - order_.begin()), a, b);
            dl->AddRect(ImVec2(a.x - 2, a.y - 2), ImVec2(b.x + 2, b.y + 2), palette::kSelected, 0,
                        0, 2.0f);
        }
    }
    if (hovered) {
        ImVec2 m = ImGui::GetIO().MousePos;
        int cx = int((m.x - lo.x) / cell), cy = int((m.y - lo.y) / cell);
        size_t k = size_t(cy) * size_t(columns) + size_t(cx);
        if (cx >= 0 && cx < columns && cy >= 0 && k < order_.size()) {
            const HeapNode& n = s.nodes[order_[k]];
            ImGui::SetTooltip("#%llu %s, %u bytes, %s", (unsigned long long)n.id, n.typeName,
                              n.size, gcColourName(n.colour));
            if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) v.selected = n.id;
        }
    }
}

} // namespace tricolor::viz
