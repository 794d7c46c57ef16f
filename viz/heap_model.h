// viz/heap_model.h — the heap as the visualizer sees it: plain structs copied out of the
// collector through core/introspect.h, plus the memory the pictures need across snapshots.
//
// What it owns:
//   - HeapSnapshot: every object (id, type, size, colour, flags, gray list, age, allocation site)
//     in enumeration order, the labelled edges between them, the roots as pseudo nodes, the first
//     retainer of each object on a shortest path from the roots, and the sweep cursor. Panels read
//     only this; they never touch a GCObject.
//   - HeapModel: the current snapshot, and what changed since the previous one (new objects,
//     colour or flag changes: they flash; freed objects: they linger as fading ghosts).
//   - Following the collector: for a heap too big for edges, the model keeps each object's address
//     next to its node and, after collector steps with no mutator in between, brings the snapshot
//     up to date from the collector's event stream (GcEventLog) in time proportional to what
//     changed (follow()), instead of copying the whole heap again (resync()).
//   - GraphLayout: a position per object id that never changes once given (new objects go to the
//     nearest free grid cell next to their first retainer), so nothing reshuffles between steps.
//
// Invariants: a snapshot is self-contained (indices into its own vectors, no pointers into the
// VM); taking one never allocates in the VM heap, never marks, never changes a colour.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/introspect.h"

namespace tricolor::viz {

// Ids of the root pseudo nodes: the top bit set, the root kind in the low bits.
constexpr uint64_t kRootIdBase = uint64_t(1) << 63;
inline bool isRootId(uint64_t id) {
    return id & kRootIdBase;
}

struct HeapNode {
    uint64_t id = 0;
    Tag tag = Tag::Nil;
    const char* typeName = "";
    uint32_t size = 0;
    GcColour colour = GcColour::WhiteCurrent;
    uint32_t flags = 0; // GcObjectFlags
    GrayList grayList = GrayList::None;
    uint8_t age = 0;
    uint32_t site = 0; // index into HeapSnapshot::siteChunks (0 = unknown)
    int32_t siteLine = 0;
    int32_t parent = -1;    // node index of the first retainer on a shortest path from a root
    int32_t depth = -1;     // edges from the nearest root (-1: unreachable)
    uint32_t firstEdge = 0; // out edges: edges[firstEdge, firstEdge + edgeCount)
    uint32_t edgeCount = 0;
    std::string preview; // strings: the first bytes, quoted; roots: their name
};

// A viz-only flag bit of HeapNode::flags: the object was freed since the last full snapshot (its
// node stays, drawn empty, until the sweep ends and the model compacts; find() no longer sees it).
constexpr uint32_t kNodeFreed = 1u << 31;

struct HeapEdge {
    uint32_t from = 0, to = 0; // node indices
    GcEdgeKind kind = GcEdgeKind::TableValue;
    bool weak = false;
    std::string label;
};

struct SnapshotOptions {
    // Above this many objects edges (and retainers, paths, the graph) are skipped: only the heap
    // map is meaningful for such heaps.
    size_t maxObjectsWithEdges = 20000;
    bool stringPreviews = true;
};

// Node index by object id. Ids are handed out in allocation order, so a heap's ids are nearly
// dense: then a flat vector (one load per lookup, built in one pass even for a million objects);
// otherwise, and for the roots' pseudo ids, a hash map.
class IdIndex {
  public:
    // Indexes nodes[0, n) by their ids.
    template <typename Nodes>
    void build(const Nodes& nodes);
    int32_t get(uint64_t id) const {
        if (id >= base_ && id - base_ < flat_.size()) return flat_[size_t(id - base_)];
        auto it = sparse_.find(id);
        return it == sparse_.end() ? -1 : int32_t(it->second);
    }
    bool contains(uint64_t id) const { return get(id) >= 0; }
    void erase(uint64_t id) {
        if (id >= base_ && id - base_ < flat_.size())
            flat_[size_t(id - base_)] = -1;
        else
            sparse_.erase(id);
    }

  private:
    uint64_t base_ = 0;
    std::vector<int32_t> flat_; // id - base_ -> node index, -1: none
    std::unordered_map<uint64_t, uint32_t> sparse_;
};

struct HeapSnapshot {
    std::vector<HeapNode> nodes; // roots first (pseudo nodes), then objects in enumeration order
    std::vector<HeapEdge> edges; // grouped by `from`
    std::vector<std::string> siteChunks; // site index -> chunk name
    size_t rootCount = 0;
    bool hasEdges = false;
    GcStats stats{};
    int64_t sweepCursor = -1; // node index of the next object the sweeper visits, or -1
    IdIndex indexOfId;

    const HeapNode* find(uint64_t id) const;
    int32_t indexOf(uint64_t id) const;
    // Node indices from a root to `index` (root first), empty if unreachable.
    std::vector<uint32_t> pathToRoot(uint32_t index) const;
    // Edges pointing at `index`.
    std::vector<uint32_t> retainers(uint32_t index) const;
};

template <typename Nodes>
void IdIndex::build(const Nodes& nodes) {
    flat_.clear();
    sparse_.clear();
    uint64_t lo = UINT64_MAX, hi = 0;
    size_t objects = 0;
    for (const auto& n : nodes)
        if (!isRootId(n.id)) {
            lo = std::min(lo, n.id);
            hi = std::max(hi, n.id);
            objects++;
        }
    bool dense = objects > 0 && hi - lo < uint64_t(objects) * 4 + 4096;
    base_ = dense ? lo : UINT64_MAX;
    if (dense) flat_.assign(size_t(hi - lo + 1), -1);
    for (size_t i = 0; i < nodes.size(); i++) {
        uint64_t id = nodes[i].id;
        if (dense && !isRootId(id))
            flat_[size_t(id - lo)] = int32_t(i);
        else
            sparse_[id] = uint32_t(i);
    }
}

// Copies the heap out of `vm` (read-only: see the invariants above). With `objects`, also the
// address of every object node (objects->at(i) for nodes[i]; null for the roots).
HeapSnapshot takeSnapshot(const VM& vm, const SnapshotOptions& options = {},
                          std::vector<const GCObject*>* objects = nullptr);

// What the collector reported between two looks at the heap (filled from the GcObserver).
struct GcEventLog {
    std::vector<uint64_t> touched; // objects whose colour, flags or gray list may have changed
    std::vector<uint64_t> freed;
    bool lists = false;      // separation, resurrection, a finalizer call: objects changed lists
    bool everything = false; // a state change, an atomic sub-step, or too many events: re-read all
    static constexpr size_t kMaxTouched = 100000;
    void record(const GcEvent& e);
    void clear();
};

// What an object holds, as the inspector shows it: every field, upvalue or stack slot with its
// value written out (numbers, strings, booleans too, not only references to objects).
struct ContentRow {
    std::string key;     // "x", "[3]", "upvalue 'n'", "local 'i'"
    std::string value;   // "42", "\"hello\"", "true", "table #12"
    uint64_t target = 0; // the object id when the value is an object (clickable), else 0
};
struct ContentSection {
    std::string title; // "fields", "upvalues", "frame 2: main:12 (function <main:3>)"
    std::vector<ContentRow> rows;
    size_t omitted = 0; // rows left out beyond the limit
};
struct ObjectContents {
    bool found = false;
    std::vector<std::string>
        facts; // one-line facts: "array part 4, hash part 8", "status: suspended"
    std::vector<ContentSection> sections;
};
// Reads the object with id `id` out of `vm` (read-only, like takeSnapshot: no allocation in the VM
// heap, no metamethod, no colour change). At most `maxRows` rows per section. `known`: the object
// when the caller has its address (HeapModel::objectOf), which spares a search of the whole heap.
ObjectContents describeObject(const VM& vm, uint64_t id, size_t maxRows = 300,
                              const GCObject* known = nullptr);
// A value as the inspector writes it (strings quoted and cut at `maxChars`).
std::string describeValue(const Value& v, size_t maxChars = 60);

// A black object pointing at a white one while the tri-colour invariant must hold.
struct InvariantBreach {
    bool found = false;
    uint32_t edge = 0; // index into the snapshot's edges
    std::string sentence;
};
// Looks for the first black->white edge (only while marking: propagate, enteratomic, atomic).
InvariantBreach findBlackToWhiteEdge(const HeapSnapshot& s);

// An object freed since an earlier snapshot, kept on screen for a while.
struct Ghost {
    uint64_t id;
    const char* typeName;
    GcColour colour; // its last colour
    double freedAt;  // model time
};

class HeapModel {
  public:
    // Replaces the snapshot; computes changes against the previous one at time `now` (seconds).
    void update(HeapSnapshot snapshot, double now);
    // update() with a fresh snapshot of `vm`; for a heap without edges it also keeps the objects'
    // addresses so that follow() can take it from there.
    void resync(const VM& vm, double now, const SnapshotOptions& options = {});
    // Brings the snapshot up to date after collector steps only (no mutator ran since the last
    // resync or follow) from the events they reported: the freed objects become ghosts, the
    // touched objects (and those the sweeper passed) are read again; a state change re-reads every
    // object's colour (no copying, no allocation). False, with nothing changed, when the model
    // cannot follow (a heap with edges, new objects, objects that moved between lists): resync().
    bool follow(const VM& vm, const GcEventLog& log, double now);
    void clear();
    // Whether the last update was follow(); then lastChangedNodes() lists the node indices whose
    // colour or flags changed or that were freed, and node indices kept their meaning unless
    // structureVersion() changed.
    bool lastUpdateFollowed() const { return followed_; }
    const std::vector<uint32_t>& lastChangedNodes() const { return changedNodes_; }
    uint64_t structureVersion() const { return structureVersion_; }
    // The object behind a node while following (null otherwise, for roots and freed nodes).
    const GCObject* objectOf(uint64_t id) const;

    const HeapSnapshot& snapshot() const { return current_; }
    const std::vector<Ghost>& ghosts() const { return ghosts_; }
    // Seconds since the object last changed (new, colour, flags), or a large number.
    double sinceChange(uint64_t id, double now) const;
    // Ids changed by the last update.
    const std::vector<uint64_t>& lastChanged() const { return lastChanged_; }
    // Whether the object changed (or appeared) in the last update.
    bool changedInLastUpdate(uint64_t id) const {
        auto it = changedAt_.find(id);
        return it != changedAt_.end() && it->second == lastUpdateAt_ && !lastChanged_.empty();
    }
    size_t lastFreedCount() const { return lastFreed_; }
    // Node indices (enumeration order) of the objects the finalization and weak-table panes list:
    // a finalizer, waiting for it, or a weak table. Found once per update, not per frame.
    const std::vector<uint32_t>& flagged() const { return flagged_; }
    static constexpr uint32_t kFlaggedMask =
        kObjFinalizable | kObjToBeFinalized | kObjWeakKeys | kObjWeakValues;
    uint64_t version() const { return version_; }

    double ghostLifetime = 4.0; // seconds a freed object stays visible
    // Drops ghosts older than ghostLifetime; returns their ids.
    std::vector<uint64_t> expireGhosts(double now);

  private:
    void markChanged(uint32_t node, double now);
    bool reread(const VM& vm, uint32_t node, double now); // true if the colour or flags changed
    void forgetFreed(uint64_t id, double now);
    void compact();
    void rebuildFlagged();

    HeapSnapshot current_;
    std::vector<const GCObject*> objects_; // address per node while following (else empty)
    uint64_t nextObjectId_ = 0;            // vm.nextObjectId at the last look: new objects?
    size_t freedNodes_ = 0;                // nodes marked kNodeFreed, waiting for compact()
    bool followed_ = false;
    const GCObject* chunkTableSeen_ = nullptr; // vm.gc.chunkTable at the last look
    std::vector<uint32_t> changedNodes_;
    uint64_t structureVersion_ = 0;
    std::unordered_map<uint64_t, double> changedAt_;
    std::vector<Ghost> ghosts_;
    std::vector<uint64_t> lastChanged_;
    std::vector<uint32_t> flagged_;
    double lastUpdateAt_ = -1;
    size_t lastFreed_ = 0;
    uint64_t version_ = 0;
    bool hasSnapshot_ = false; // the first update flashes nothing
};

// Grid positions by object id, stable for the life of a session.
class GraphLayout {
  public:
    static constexpr float kCellWidth = 120.0f;
    static constexpr float kCellHeight = 40.0f;

    struct Cell {
        int x, y;
    };
    // Gives every node of the snapshot without a position one (roots in column 0, others next
    // to their first retainer, in order of distance from the roots). Existing positions never
    // change. With `wanted`, only the nodes it accepts are placed (filtered-out nodes get a place
    // when they are shown).
    void place(const HeapSnapshot& s, const std::function<bool(const HeapNode&)>& wanted = {});
    // Forgets an id (its cell becomes free): for ghosts that expired.
    void release(uint64_t id);
    void clear();
    bool has(uint64_t id) const { return cells_.count(id) != 0; }
    Cell cellOf(uint64_t id) const;
    size_t size() const { return cells_.size(); }
    // World position (centre of the cell).
    static float worldX(Cell c) { return c.x * kCellWidth; }
    static float worldY(Cell c) { return c.y * kCellHeight; }

  private:
    Cell freeCellNear(Cell want, uint64_t anchor);
    void occupy(uint64_t id, Cell c);
    static uint64_t key(Cell c) { return uint64_t(uint32_t(c.x)) << 32 | uint32_t(c.y); }

    std::unordered_map<uint64_t, Cell> cells_;
    std::unordered_map<uint64_t, uint64_t> occupied_; // cell key -> id
    std::unordered_map<uint64_t, int> searchStart_;   // anchor id -> ring radius to start at
    int nextRootRow_ = 0;
    int nextOrphanRow_ = 0;
};

} // namespace tricolor::viz
