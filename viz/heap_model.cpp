// viz/heap_model.cpp — snapshots of the heap, their differences, and the stable graph layout
// (see heap_model.h).
#include "viz/heap_model.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <deque>

#include "core/debuginfo.h"
#include "core/interp.h"
#include "core/number.h"
#include "core/object.h"
#include "core/table.h"
#include "core/vm.h"

namespace tricolor::viz {

// ---------------------------------------------------------------------------
// Snapshot

const HeapNode* HeapSnapshot::find(uint64_t id) const {
    int32_t i = indexOf(id);
    return i < 0 ? nullptr : &nodes[size_t(i)];
}

int32_t HeapSnapshot::indexOf(uint64_t id) const {
    return indexOfId.get(id);
}

std::vector<uint32_t> HeapSnapshot::pathToRoot(uint32_t index) const {
    std::vector<uint32_t> path;
    if (index >= nodes.size() || nodes[index].depth < 0) return path;
    for (int32_t i = int32_t(index); i >= 0; i = nodes[size_t(i)].parent) {
        path.push_back(uint32_t(i));
        if (path.size() > nodes.size()) break; // defensive: parents form a tree
    }
    std::reverse(path.begin(), path.end());
    return path;
}

std::vector<uint32_t> HeapSnapshot::retainers(uint32_t index) const {
    std::vector<uint32_t> out;
    for (uint32_t e = 0; e < edges.size(); e++)
        if (edges[e].to == index) out.push_back(e);
    return out;
}

namespace {

// The roots shown as pseudo nodes (the always-present ones first).
struct RootSlot {
    GcRootKind kind;
    const char* name;
};
constexpr RootSlot kRootSlots[] = {
    {GcRootKind::Registry, "registry"},
    {GcRootKind::Globals, "globals"},
    {GcRootKind::MainThread, "main stack"},
    {GcRootKind::CurrentThread, "coroutine"},
    {GcRootKind::TypeMetatable, "type mts"},
    {GcRootKind::ToBeFinalized, "tobefnz"},
    {GcRootKind::Inbox, "inbox"},
};

bool alwaysShown(GcRootKind k) {
    return k == GcRootKind::Registry || k == GcRootKind::Globals || k == GcRootKind::MainThread ||
           k == GcRootKind::Inbox;
}

// A short printable preview of a string object: "hello" or "a long stri…".
std::string stringPreview(const GCObject* o) {
    auto* s = static_cast<const String*>(o);
    std::string out = "\"";
    uint32_t n = std::min<uint32_t>(s->length, 14);
    for (uint32_t i = 0; i < n; i++) {
        unsigned char c = static_cast<unsigned char>(s->data()[i]);
        out += (c >= 32 && c < 127) ? char(c) : '.';
    }
    out += s->length > n ? "...\"" : "\"";
    return out;
}

// Node indices by the root kind they stand for.
struct RootTable {
    std::vector<GcRoot> roots;
    int32_t slotNode[std::size(kRootSlots)];
};

RootTable collectRoots(const VM& vm, HeapSnapshot& s) {
    RootTable t;
    gcEnumerateRoots(vm, [&](const GcRoot& r) { t.roots.push_back(r); });
    for (size_t k = 0; k < std::size(kRootSlots); k++) {
        t.slotNode[k] = -1;
        bool present = alwaysShown(kRootSlots[k].kind);
        for (const GcRoot& r : t.roots)
            present = present || r.kind == kRootSlots[k].kind;
        if (!present) continue;
        HeapNode n;
        n.id = kRootIdBase | uint64_t(kRootSlots[k].kind);
        n.typeName = "root";
        n.colour = GcColour::Black;
        n.preview = kRootSlots[k].name;
        n.depth = 0;
        t.slotNode[k] = int32_t(s.nodes.size());
        s.nodes.push_back(std::move(n));
    }
    s.rootCount = s.nodes.size();
    return t;
}

void collectObjects(const VM& vm, HeapSnapshot& s, const SnapshotOptions& options,
                    std::unordered_map<const GCObject*, uint32_t>* indexOfObject,
                    std::vector<const GCObject*>* objects) {
    std::unordered_map<std::string, uint32_t> siteOfChunk;
    s.siteChunks.push_back("");
    std::vector<uint32_t> siteMap; // vm site index -> our site index (0: not yet)
    bool previews = options.stringPreviews;
    gcEnumerateHeap(vm, [&](const GcObjectInfo& info) {
        HeapNode n;
        n.id = info.id;
        n.tag = info.tag;
        n.typeName = info.typeName;
        n.size = uint32_t(std::min<size_t>(info.size, UINT32_MAX));
        n.colour = info.colour;
        n.flags = info.flags;
        n.grayList = info.grayList;
        n.age = info.age;
        n.siteLine = info.siteLine;
        if (info.site != 0) {
            if (info.site >= siteMap.size()) siteMap.resize(info.site + 1, 0);
            uint32_t& mine = siteMap[info.site];
            if (mine == 0) {
                auto [it, fresh] =
                    siteOfChunk.emplace(info.siteChunk, uint32_t(s.siteChunks.size()));
                if (fresh) s.siteChunks.push_back(info.siteChunk);
                mine = it->second;
            }
            n.site = mine;
        }
        if (previews && info.tag == Tag::String) n.preview = stringPreview(info.object);
        uint32_t index = uint32_t(s.nodes.size());
        if (indexOfObject) (*indexOfObject)[info.object] = index;
        if (objects) objects->push_back(info.object);
        s.nodes.push_back(std::move(n));
    });
}

void addEdge(HeapSnapshot& s, uint32_t from, uint32_t to, GcEdgeKind kind, bool weak,
             std::string label) {
    HeapEdge e;
    e.from = from;
    e.to = to;
    e.kind = kind;
    e.weak = weak;
    e.label = std::move(label);
    s.edges.push_back(std::move(e));
}

void collectEdges(const VM& vm, HeapSnapshot& s, const RootTable& roots,
                  const std::unordered_map<const GCObject*, uint32_t>& indexOfObject,
                  const std::vector<const GCObject*>& objects) {
    for (size_t k = 0; k < std::size(kRootSlots); k++) {
        int32_t from = roots.slotNode[k];
        if (from < 0) continue;
        HeapNode& root = s.nodes[size_t(from)];
        root.firstEdge = uint32_t(s.edges.size());
        for (const GcRoot& r : roots.roots) {
            if (r.kind != kRootSlots[k].kind) continue;
            auto it = indexOfObject.find(r.object);
            if (it == indexOfObject.end()) continue;
            std::string label = gcRootKindName(r.kind);
            if (r.kind == GcRootKind::TypeMetatable || r.kind == GcRootKind::ToBeFinalized)
                label += " " + std::to_string(r.index);
            addEdge(s, uint32_t(from), it->second, GcEdgeKind::StackSlot, false, std::move(label));
        }
        root.edgeCount = uint32_t(s.edges.size()) - root.firstEdge;
    }
    for (size_t i = 0; i < objects.size(); i++) {
        uint32_t from = uint32_t(s.rootCount + i);
        s.nodes[from].firstEdge = uint32_t(s.edges.size());
        gcEnumerateEdges(vm, objects[i], [&](const GcEdge& e) {
            auto it = indexOfObject.find(e.to);
            if (it == indexOfObject.end()) return;
            addEdge(s, from, it->second, e.kind, e.weak, gcEdgeLabel(e));
        });
        s.nodes[from].edgeCount = uint32_t(s.edges.size()) - s.nodes[from].firstEdge;
    }
}

// Breadth-first from the roots over strong edges: depth and first retainer of every node.
void computeRetention(HeapSnapshot& s) {
    std::deque<uint32_t> queue;
    for (uint32_t r = 0; r < s.rootCount; r++)
        queue.push_back(r);
    while (!queue.empty()) {
        uint32_t n = queue.front();
        queue.pop_front();
        const HeapNode& from = s.nodes[n];
        for (uint32_t e = from.firstEdge; e < from.firstEdge + from.edgeCount; e++) {
            const HeapEdge& edge = s.edges[e];
            HeapNode& to = s.nodes[edge.to];
            if (edge.weak || to.depth >= 0) continue;
            to.depth = from.depth + 1;
            to.parent = int32_t(n);
            queue.push_back(edge.to);
        }
    }
}

bool isAllgcObject(const HeapNode& n) {
    return !(n.flags & (kObjFinalizable | kObjToBeFinalized | kObjFixed));
}

// The sweeper turns survivors into the current white as it goes: the next object it visits is the
// first one, in list order, that is not yet current white.
int64_t findSweepCursor(const HeapSnapshot& s) {
    GcState st = s.stats.state;
    if (st != GcState::SweepAllgc && st != GcState::SweepFinobj && st != GcState::SweepTobefnz)
        return -1;
    for (size_t i = s.rootCount; i < s.nodes.size(); i++) {
        const HeapNode& n = s.nodes[i];
        bool onList = st == GcState::SweepAllgc    ? isAllgcObject(n)
                      : st == GcState::SweepFinobj ? (n.flags & kObjFinalizable) != 0
                                                   : (n.flags & kObjToBeFinalized) != 0;
        if (onList && n.colour != GcColour::WhiteCurrent) return int64_t(i);
    }
    return -1;
}

} // namespace

HeapSnapshot takeSnapshot(const VM& vm, const SnapshotOptions& options,
                          std::vector<const GCObject*>* objectsOut) {
    HeapSnapshot s;
    s.stats = gcStats(vm);
    bool withEdges = s.stats.objects <= options.maxObjectsWithEdges;
    s.nodes.reserve(size_t(s.stats.objects) + 8);
    RootTable roots = collectRoots(vm, s);
    std::vector<const GCObject*> objects;
    objects.reserve(size_t(s.stats.objects));
    if (withEdges) {
        std::unordered_map<const GCObject*, uint32_t> indexOfObject;
        indexOfObject.reserve(size_t(s.stats.objects));
        collectObjects(vm, s, options, &indexOfObject, &objects);
        s.indexOfId.build(s.nodes);
        collectEdges(vm, s, roots, indexOfObject, objects);
        s.hasEdges = true;
        computeRetention(s);
    } else {
        collectObjects(vm, s, options, nullptr, &objects);
        s.indexOfId.build(s.nodes);
    }
    s.sweepCursor = findSweepCursor(s);
    if (objectsOut) {
        objectsOut->assign(s.rootCount, nullptr);
        objectsOut->insert(objectsOut->end(), objects.begin(), objects.end());
    }
    return s;
}

void GcEventLog::record(const GcEvent& e) {
    switch (e.kind) {
    case GcEventKind::StateEntered:
    case GcEventKind::AtomicStepDone: everything = true; break;
    case GcEventKind::Separated:
    case GcEventKind::Resurrected:
    case GcEventKind::FinalizerCalled: lists = true; break;
    case GcEventKind::Freed:
        if (freed.size() < kMaxTouched)
            freed.push_back(e.objectId);
        else
            lists = true; // too many to follow: copy the heap again
        break;
    case GcEventKind::Shaded:
    case GcEventKind::Blackened:
    case GcEventKind::BarrierForward:
    case GcEventKind::BarrierBack:
        if (everything) break;
        if (touched.size() + 2 > kMaxTouched) {
            everything = true;
            touched.clear();
            break;
        }
        if (e.objectId) touched.push_back(e.objectId);
        if (e.otherId) touched.push_back(e.otherId);
        break;
    default: break; // weak clearing changes contents, not colours; validator: no colour
    }
}

void GcEventLog::clear() {
    touched.clear();
    freed.clear();
    lists = everything = false;
}

// ---------------------------------------------------------------------------
// Object contents (the inspector)

namespace {

std::string quoted(const String* s, size_t maxChars) {
    std::string out = "\"";
    size_t n = std::min<size_t>(s->length, maxChars);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = static_cast<unsigned char>(s->data()[i]);
        if (c == '\n')
            out += "\\n";
        else if (c == '"' || c == '\\')
            out += char('\\'), out += char(c);
        else if (c >= 32 && c < 127)
            out += char(c);
        else {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\%u", unsigned(c));
            out += esc;
        }
    }
    out += s->length > n ? "\"..." : "\"";
    if (s->length > n) out += " (" + std::to_string(s->length) + " bytes)";
    return out;
}

// "main", "f.lua", or the first line of a source text.
std::string chunkLabel(const String* source) {
    if (!source) return "?";
    std::string c(source->data(), source->length);
    if (!c.empty() && (c[0] == '=' || c[0] == '@')) return c.substr(1);
    size_t end = std::min(c.find('\n'), size_t(24));
    return "[string \"" + c.substr(0, end) + (end < c.size() ? "...\"]" : "\"]");
}

std::string protoLabel(const Proto* p) {
    if (!p) return "?";
    if (p->lineDefined == 0) return "main chunk of " + chunkLabel(p->source);
    return "function <" + chunkLabel(p->source) + ":" + std::to_string(p->lineDefined) + ">";
}

// A table key as Lua code would write it: name, ["text"], [3], [table #12].
std::string describeKey(const Value& k) {
    if (k.tag == Tag::String) {
        const String* s = k.asString();
        bool name =
            s->length > 0 && s->length <= 40 && !(s->data()[0] >= '0' && s->data()[0] <= '9');
        for (uint32_t i = 0; name && i < s->length; i++) {
            char c = s->data()[i];
            name = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   (c >= '0' && c <= '9');
        }
        if (name) return std::string(s->data(), s->length);
    }
    return "[" + describeValue(k, 30) + "]";
}

ContentRow row(std::string key, const Value& v) {
    ContentRow r;
    r.key = std::move(key);
    r.value = describeValue(v);
    if (v.tag >= Tag::String && v.tag <= Tag::Thread) r.target = v.gc->id;
    return r;
}

void add(ContentSection& section, size_t maxRows, std::string key, const Value& v) {
    if (section.rows.size() >= maxRows) {
        section.omitted++;
        return;
    }
    section.rows.push_back(row(std::move(key), v));
}

void describeTable(const Table* t, ObjectContents& out, size_t maxRows) {
    out.facts.push_back("array part " + std::to_string(t->arraySize) + ", hash part " +
                        std::to_string(tableNodeCount(t)) + " nodes, length (#) " +
                        std::to_string(tableLength(t)));
    if (t->weakMode) out.facts.push_back("weak table (mode cached by the collector)");
    ContentSection fields;
    fields.title = "fields";
    if (t->metatable) add(fields, maxRows, "(metatable)", Value::object(t->metatable));
    Value key, value;
    bool invalid = false;
    for (int guard = 0; tableNext(t, key, value, invalid) && guard < 10000000; guard++)
        add(fields, maxRows, describeKey(key), value);
    out.sections.push_back(std::move(fields));
}

void describeLuaClosure(const VM& vm, const LuaClosure* c, ObjectContents& out, size_t maxRows) {
    (void)vm;
    out.facts.push_back(protoLabel(c->proto));
    ContentSection ups;
    ups.title = "upvalues";
    auto* self = const_cast<LuaClosure*>(c);
    for (uint16_t i = 0; i < c->numUpvalues; i++) {
        const Upvalue* u = self->upvalues()[i];
        const String* name =
            c->proto && i < c->proto->numUpvalues ? c->proto->upvalues[i].name : nullptr;
        std::string key = name ? std::string(name->data(), name->length) : "?";
        if (!u) {
            add(ups, maxRows, key, Value::nil());
            continue;
        }
        key += u->isOpen() ? " (open)" : " (closed)";
        add(ups, maxRows, key, *u->location);
    }
    out.sections.push_back(std::move(ups));
}

void describeHostClosure(const HostClosure* c, ObjectContents& out, size_t maxRows) {
    ContentSection ups;
    ups.title = "upvalues";
    auto* self = const_cast<HostClosure*>(c);
    for (uint16_t i = 0; i < c->numUpvalues; i++)
        add(ups, maxRows, "upvalue " + std::to_string(i + 1), self->upvalues()[i]);
    out.sections.push_back(std::move(ups));
}

const char* threadStatusName(ThreadStatus s) {
    switch (s) {
    case ThreadStatus::Suspended: return "suspended";
    case ThreadStatus::Running: return "running";
    case ThreadStatus::Normal: return "normal (resumed another coroutine)";
    case ThreadStatus::Dead: return "dead";
    case ThreadStatus::Error: return "dead (error)";
    }
    return "?";
}

// One section per call frame, innermost first: where it is and its named locals with values.
void describeThread(const VM& vm, const Thread* th, ObjectContents& out, size_t maxRows) {
    out.facts.push_back(std::string(th == vm.mainThread ? "main thread, " : "coroutine, ") +
                        "status: " + threadStatusName(th->status) + ", " +
                        std::to_string(th->numFrames) + " frames, " + std::to_string(th->top) +
                        " stack slots in use");
    for (int fi = int(th->numFrames) - 1; fi >= 0 && out.sections.size() < 40; fi--) {
        const CallFrame& f = th->frames[fi];
        ContentSection frame;
        if (!f.isLua()) {
            frame.title = "frame " + std::to_string(fi) + ": host function";
            out.sections.push_back(std::move(frame));
            continue;
        }
        const Proto* p = f.closure ? f.closure->proto : nullptr;
        frame.title = "frame " + std::to_string(fi) + ": " + (p ? chunkLabel(p->source) : "?") +
                      ":" + std::to_string(frameCurrentLine(f)) + " in " + protoLabel(p);
        if (p) {
            uint32_t pc = f.pc > p->code ? uint32_t(f.pc - p->code - 1) : 0;
            for (int n = 1; n < 250; n++) {
                unsigned reg = 0;
                const String* name = localVariableName(p, n, pc, &reg);
                if (!name) break;
                uint32_t slot = f.base + reg;
                // Slots at or above the thread's top may hold stale values (never read them).
                Value v = slot < th->top ? th->stack[slot] : Value::nil();
                add(frame, maxRows, "local " + std::string(name->data(), name->length), v);
            }
        }
        out.sections.push_back(std::move(frame));
    }
}

void describeUserdata(const Userdata* u, ObjectContents& out, size_t maxRows) {
    out.facts.push_back(std::to_string(u->size) + " bytes of raw memory");
    ContentSection values;
    values.title = "metatable and user values";
    if (u->metatable) add(values, maxRows, "(metatable)", Value::object(u->metatable));
    auto* self = const_cast<Userdata*>(u);
    for (uint16_t i = 0; i < u->numUserValues; i++)
        add(values, maxRows, "user value " + std::to_string(i + 1), self->userValues()[i]);
    out.sections.push_back(std::move(values));
}

void describeProto(const Proto* p, ObjectContents& out, size_t maxRows) {
    out.facts.push_back(protoLabel(p) + ", lines " + std::to_string(p->lineDefined) + "-" +
                        std::to_string(p->lastLineDefined) + ", " + std::to_string(p->codeSize) +
                        " instructions, " + std::to_string(p->numParams) + " parameters" +
                        (p->isVararg ? " + ..." : ""));
    ContentSection constants;
    constants.title = "constants";
    for (uint32_t i = 0; i < p->numConstants; i++)
        add(constants, maxRows, "[" + std::to_string(i) + "]", p->constants[i]);
    out.sections.push_back(std::move(constants));
}

} // namespace

std::string describeValue(const Value& v, size_t maxChars) {
    switch (v.tag) {
    case Tag::Nil: return "nil";
    case Tag::False: return "false";
    case Tag::True: return "true";
    case Tag::Int: return formatInteger(v.i);
    case Tag::Float: return formatNumber(v.n);
    case Tag::LightUserdata: return "light userdata";
    case Tag::HostFunction: return "host function";
    case Tag::String: return quoted(v.asString(), maxChars);
    case Tag::DeadKey: return "(dead key)";
    default: break;
    }
    return std::string(gcTypeName(v.tag)) + " #" + std::to_string(v.gc->id);
}

ObjectContents describeObject(const VM& vm, uint64_t id, size_t maxRows, const GCObject* known) {
    ObjectContents out;
    const GCObject* o = known && known->id == id ? known : id ? gcFindObject(vm, id) : nullptr;
    if (!o) return out;
    out.found = true;
    switch (o->tag) {
    case Tag::String: {
        auto* s = static_cast<const String*>(o);
        out.facts.push_back(std::to_string(s->length) + " bytes: " + quoted(s, 400));
        break;
    }
    case Tag::Table: describeTable(static_cast<const Table*>(o), out, maxRows); break;
    case Tag::LuaClosure:
        describeLuaClosure(vm, static_cast<const LuaClosure*>(o), out, maxRows);
        break;
    case Tag::HostClosure:
        describeHostClosure(static_cast<const HostClosure*>(o), out, maxRows);
        break;
    case Tag::Userdata: describeUserdata(static_cast<const Userdata*>(o), out, maxRows); break;
    case Tag::Thread: describeThread(vm, static_cast<const Thread*>(o), out, maxRows); break;
    case Tag::Proto: describeProto(static_cast<const Proto*>(o), out, maxRows); break;
    case Tag::Upvalue: {
        auto* u = static_cast<const Upvalue*>(o);
        ContentSection value;
        value.title = u->isOpen() ? "value (open: still a variable on a stack)" : "value (closed)";
        add(value, maxRows, "value", *u->location);
        out.sections.push_back(std::move(value));
        break;
    }
    default: break;
    }
    return out;
}

// ---------------------------------------------------------------------------
// The tri-colour invariant, checked on a snapshot

namespace {

bool marking(GcState st) {
    return st == GcState::Propagate || st == GcState::EnterAtomic || st == GcState::Atomic;
}

std::string describeNode(const HeapNode& n) {
    return "#" + std::to_string(n.id) + " (" + n.typeName + ")";
}

// Open upvalues are re-scanned with their thread, so a black one may point to a white value.
bool isOpenUpvalue(const HeapSnapshot& s, uint32_t index) {
    if (s.nodes[index].tag != Tag::Upvalue) return false;
    for (const HeapEdge& e : s.edges)
        if (e.to == index && e.kind == GcEdgeKind::OpenUpvalue) return true;
    return false;
}

} // namespace

InvariantBreach findBlackToWhiteEdge(const HeapSnapshot& s) {
    InvariantBreach b;
    if (!marking(s.stats.state)) return b;
    for (uint32_t i = 0; i < s.edges.size(); i++) {
        const HeapEdge& e = s.edges[i];
        if (e.from < s.rootCount) continue;
        const HeapNode& from = s.nodes[e.from];
        const HeapNode& to = s.nodes[e.to];
        bool white = to.colour == GcColour::WhiteCurrent || to.colour == GcColour::WhiteOther;
        if (from.colour != GcColour::Black || !white) continue;
        if (from.flags & kObjChunked) continue;
        if (isOpenUpvalue(s, e.from)) continue;
        b.found = true;
        b.edge = i;
        b.sentence = "Black " + describeNode(from) + " points to white " + describeNode(to) +
                     " through " + e.label + " while the collector is marking: a store skipped " +
                     "its write barrier, so " + describeNode(to) +
                     " would be freed while it is still reachable.";
        return b;
    }
    return b;
}

// ---------------------------------------------------------------------------
// Model: changes and ghosts

void HeapModel::update(HeapSnapshot snapshot, double now) {
    lastChanged_.clear();
    lastFreed_ = 0;
    bool first = !hasSnapshot_;
    hasSnapshot_ = true;
    // Between collector steps the heap is enumerated in the same order: compare node i with the
    // previous node i when it is the same object (no lookup), else look it up.
    auto previous = [&](size_t i, uint64_t id) -> const HeapNode* {
        if (i < current_.nodes.size() && current_.nodes[i].id == id) return &current_.nodes[i];
        return current_.find(id);
    };
    flagged_.clear();
    for (size_t i = snapshot.rootCount; i < snapshot.nodes.size(); i++) {
        const HeapNode& n = snapshot.nodes[i];
        if (n.flags & kFlaggedMask) flagged_.push_back(uint32_t(i));
        const HeapNode* before = previous(i, n.id);
        bool changed = before ? (before->colour != n.colour || before->flags != n.flags) : !first;
        if (changed) {
            changedAt_[n.id] = now;
            lastChanged_.push_back(n.id);
        }
    }
    for (size_t i = current_.rootCount; i < current_.nodes.size(); i++) {
        const HeapNode& n = current_.nodes[i];
        if (n.flags & kNodeFreed) continue; // already a ghost (follow())
        if (i < snapshot.nodes.size() && snapshot.nodes[i].id == n.id) continue;
        if (snapshot.indexOfId.contains(n.id)) continue;
        ghosts_.push_back(Ghost{n.id, n.typeName, n.colour, now});
        changedAt_.erase(n.id);
        lastFreed_++;
    }
    current_ = std::move(snapshot);
    objects_.clear();
    freedNodes_ = 0;
    followed_ = false;
    changedNodes_.clear();
    structureVersion_++;
    chunkTableSeen_ = nullptr;
    lastUpdateAt_ = now;
    version_++;
}

void HeapModel::resync(const VM& vm, double now, const SnapshotOptions& options) {
    std::vector<const GCObject*> objects;
    HeapSnapshot s = takeSnapshot(vm, options, &objects);
    bool follow = !s.hasEdges;
    update(std::move(s), now);
    if (follow) objects_ = std::move(objects);
    nextObjectId_ = vm.nextObjectId;
}

const GCObject* HeapModel::objectOf(uint64_t id) const {
    int32_t i = current_.indexOf(id);
    return i >= 0 && size_t(i) < objects_.size() ? objects_[size_t(i)] : nullptr;
}

void HeapModel::markChanged(uint32_t node, double now) {
    uint64_t id = current_.nodes[node].id;
    changedAt_[id] = now;
    lastChanged_.push_back(id);
    changedNodes_.push_back(node);
}

namespace {
void countColour(GcStats& st, GcColour c, int64_t delta) {
    uint64_t* counts[] = {&st.white, &st.whiteOther, &st.gray, &st.black};
    *counts[int(c)] += uint64_t(delta);
}
bool sweeping(GcState s) {
    return s == GcState::SweepAllgc || s == GcState::SweepFinobj || s == GcState::SweepTobefnz;
}
} // namespace

bool HeapModel::reread(const VM& vm, uint32_t node, double now) {
    const GCObject* o = objects_[node];
    if (!o) return false;
    HeapNode& n = current_.nodes[node];
    // The cheap look first (a re-read of every object must stay fast): an object without flags
    // whose colour and gray list stayed and is not the other white (which becomes "dead" while
    // sweeping) can only have changed its age. (A table's weak mode is cached when it is
    // traversed, which changes its colour or gray list.)
    GcColour colour = gcColourOf(vm, o);
    if (colour == n.colour && colour != GcColour::WhiteOther && n.flags == 0 &&
        grayListOf(o) == n.grayList &&
        o != static_cast<const GCObject*>(vm.gc.chunkTable)) {
        n.age = ageOf(o);
        return false;
    }
    GcObjectInfo info = gcObjectInfo(vm, o);
    n.grayList = info.grayList;
    n.age = info.age;
    n.size = uint32_t(std::min<size_t>(info.size, UINT32_MAX));
    if (info.colour == n.colour && info.flags == n.flags) return false;
    countColour(current_.stats, n.colour, -1);
    countColour(current_.stats, info.colour, 1);
    bool flaggedChange = (info.flags ^ n.flags) & kFlaggedMask;
    n.colour = info.colour;
    n.flags = info.flags;
    markChanged(node, now);
    return flaggedChange;
}

void HeapModel::forgetFreed(uint64_t id, double now) {
    int32_t i = current_.indexOf(id);
    if (i < 0 || size_t(i) >= objects_.size() || !objects_[size_t(i)]) return;
    HeapNode& n = current_.nodes[size_t(i)];
    ghosts_.push_back(Ghost{n.id, n.typeName, n.colour, now});
    changedAt_.erase(id);
    lastFreed_++;
    countColour(current_.stats, n.colour, -1);
    current_.stats.objects--;
    n.flags |= kNodeFreed;
    objects_[size_t(i)] = nullptr;
    current_.indexOfId.erase(id);
    changedNodes_.push_back(uint32_t(i));
    freedNodes_++;
}

void HeapModel::rebuildFlagged() {
    flagged_.clear();
    for (size_t i = current_.rootCount; i < current_.nodes.size(); i++)
        if ((current_.nodes[i].flags & kFlaggedMask) && !(current_.nodes[i].flags & kNodeFreed))
            flagged_.push_back(uint32_t(i));
}

// Drops the freed nodes (once the sweep is over): node indices change.
void HeapModel::compact() {
    size_t out = current_.rootCount;
    for (size_t i = current_.rootCount; i < current_.nodes.size(); i++) {
        if (current_.nodes[i].flags & kNodeFreed) continue;
        if (out != i) {
            current_.nodes[out] = std::move(current_.nodes[i]);
            objects_[out] = objects_[i];
        }
        out++;
    }
    current_.nodes.resize(out);
    objects_.resize(out);
    current_.indexOfId.build(current_.nodes);
    freedNodes_ = 0;
    structureVersion_++;
    rebuildFlagged();
}

bool HeapModel::follow(const VM& vm, const GcEventLog& log, double now) {
    if (objects_.empty() || current_.hasEdges || log.lists || vm.nextObjectId != nextObjectId_ ||
        objects_.size() != current_.nodes.size())
        return false;
    lastChanged_.clear();
    changedNodes_.clear();
    lastFreed_ = 0;
    followed_ = true;
    HeapSnapshot& s = current_;
    GcState before = s.stats.state;
    int64_t cursorBefore = s.sweepCursor;
    uint64_t objects = s.stats.objects, white = s.stats.white, whiteOther = s.stats.whiteOther,
             gray = s.stats.gray, black = s.stats.black;
    GcStats fresh = gcStatsWithoutCounts(vm);
    fresh.objects = objects;
    fresh.white = white;
    fresh.whiteOther = whiteOther;
    fresh.gray = gray;
    fresh.black = black;
    fresh.finobj = s.stats.finobj;
    fresh.tobefnz = s.stats.tobefnz;
    fresh.fixed = s.stats.fixed;
    s.stats = fresh;

    size_t flaggedBefore = freedNodes_;
    for (uint64_t id : log.freed)
        forgetFreed(id, now);
    bool flaggedDirty = false;
    if (freedNodes_ != flaggedBefore)
        for (uint32_t i : flagged_)
            flaggedDirty = flaggedDirty || (s.nodes[i].flags & kNodeFreed);

    // The sweeper's position: the object its cursor links to.
    auto sweepIndex = [&]() -> int64_t {
        if (!sweeping(s.stats.state) || !vm.gc.sweepCursor || !*vm.gc.sweepCursor) return -1;
        return s.indexOf((*vm.gc.sweepCursor)->id);
    };
    int64_t cursorAfter = sweepIndex();
    bool all = log.everything || s.stats.state != before;
    if (!all && sweeping(before)) {
        // The sweeper whitens the survivors it passes without an event: read what it passed.
        if (cursorBefore < 0 || cursorAfter < cursorBefore)
            all = true;
        else
            for (int64_t i = cursorBefore; i < cursorAfter; i++)
                flaggedDirty |= reread(vm, uint32_t(i), now);
    }
    if (all) {
        for (uint32_t i = uint32_t(s.rootCount); i < s.nodes.size(); i++)
            flaggedDirty |= reread(vm, i, now);
    } else {
        for (uint64_t id : log.touched) {
            int32_t i = s.indexOf(id);
            if (i >= 0) flaggedDirty |= reread(vm, uint32_t(i), now);
        }
        // A large table traversed in chunks is flagged while it is (no event when that ends); a
        // traversal that keeps its object gray (a weak table, a thread) moves it to the head of
        // another gray list with no event: read the heads again.
        const Collector& gc = vm.gc;
        const GCObject* heads[] = {chunkTableSeen_, gc.chunkTable, gc.gray,   gc.grayagain,
                                   gc.weak,         gc.ephemeron,  gc.allweak};
        for (const GCObject* t : heads)
            if (t) {
                int32_t i = s.indexOf(t->id);
                if (i >= 0 && objects_[size_t(i)] == t)
                    flaggedDirty |= reread(vm, uint32_t(i), now);
            }
    }
    chunkTableSeen_ = vm.gc.chunkTable;
    s.sweepCursor = cursorAfter;
    if (freedNodes_ > 0 && !sweeping(s.stats.state)) {
        compact();
        changedNodes_.clear(); // the indices are new: whoever kept some must start over
    } else if (flaggedDirty) {
        rebuildFlagged();
    }
    lastUpdateAt_ = now;
    version_++;
    return true;
}

void HeapModel::clear() {
    current_ = HeapSnapshot{};
    objects_.clear();
    freedNodes_ = 0;
    followed_ = false;
    changedNodes_.clear();
    structureVersion_++;
    changedAt_.clear();
    flagged_.clear();
    ghosts_.clear();
    lastChanged_.clear();
    lastFreed_ = 0;
    hasSnapshot_ = false;
    version_++; // never back to an earlier value: panels compare versions
}

double HeapModel::sinceChange(uint64_t id, double now) const {
    auto it = changedAt_.find(id);
    return it == changedAt_.end() ? 1e9 : now - it->second;
}

std::vector<uint64_t> HeapModel::expireGhosts(double now) {
    std::vector<uint64_t> expired;
    auto old = [&](const Ghost& g) {
        // An id is never reused, but a ghost must not outlive a revived object either.
        bool gone = now - g.freedAt > ghostLifetime || current_.indexOfId.contains(g.id);
        if (gone) expired.push_back(g.id);
        return gone;
    };
    ghosts_.erase(std::remove_if(ghosts_.begin(), ghosts_.end(), old), ghosts_.end());
    return expired;
}

// ---------------------------------------------------------------------------
// Layout

GraphLayout::Cell GraphLayout::cellOf(uint64_t id) const {
    auto it = cells_.find(id);
    return it == cells_.end() ? Cell{0, 0} : it->second;
}

void GraphLayout::occupy(uint64_t id, Cell c) {
    cells_[id] = c;
    occupied_[key(c)] = id;
}

void GraphLayout::release(uint64_t id) {
    auto it = cells_.find(id);
    if (it == cells_.end()) return;
    occupied_.erase(key(it->second));
    cells_.erase(it);
}

void GraphLayout::clear() {
    cells_.clear();
    occupied_.clear();
    searchStart_.clear();
    nextRootRow_ = 0;
    nextOrphanRow_ = 0;
}

// The free cell nearest to `want` in rings of growing radius, preferring the right-hand side, never
// in the roots' column or left of it. `anchor` remembers how far out earlier searches from the same
// spot had to go, so placing thousands of children of one table stays linear.
GraphLayout::Cell GraphLayout::freeCellNear(Cell want, uint64_t anchor) {
    int& start = searchStart_[anchor];
    for (int r = start;; r++) {
        for (int dx = 0; dx <= 2 * r; dx++) {
            int ox = dx <= r ? dx : r - dx; // 0, 1, ..., r, -1, ..., -r
            for (int dy = 0; dy <= 2 * r; dy++) {
                int oy = (dy & 1) ? (dy + 1) / 2 : -(dy / 2); // 0, 1, -1, 2, -2, ...
                if (std::max(std::abs(ox), std::abs(oy)) != r) continue;
                Cell c{want.x + ox, want.y + oy};
                if (c.x < 1 || occupied_.count(key(c))) continue;
                start = r;
                return c;
            }
        }
    }
}

void GraphLayout::place(const HeapSnapshot& s, const std::function<bool(const HeapNode&)>& wanted) {
    // Order: roots, then reachable objects by depth, then the rest in enumeration order.
    std::vector<uint32_t> order;
    order.reserve(s.nodes.size());
    int32_t maxDepth = 0;
    for (const HeapNode& n : s.nodes)
        maxDepth = std::max(maxDepth, n.depth);
    std::vector<std::vector<uint32_t>> byDepth(size_t(maxDepth) + 2);
    for (uint32_t i = 0; i < s.nodes.size(); i++) {
        int32_t d = s.nodes[i].depth;
        byDepth[d < 0 ? size_t(maxDepth) + 1 : size_t(d)].push_back(i);
    }
    for (auto& bucket : byDepth)
        order.insert(order.end(), bucket.begin(), bucket.end());

    // First retainer of unreachable objects (garbage keeps its shape near its former parent).
    std::vector<int32_t> firstRetainer;
    for (uint32_t i : order) {
        const HeapNode& n = s.nodes[i];
        if (has(n.id) || (wanted && i >= s.rootCount && !wanted(n))) continue;
        if (i < s.rootCount) {
            occupy(n.id, Cell{0, nextRootRow_ * 2});
            nextRootRow_++;
            continue;
        }
        int32_t parent = n.parent;
        if (parent < 0 && s.hasEdges) {
            if (firstRetainer.empty()) {
                firstRetainer.assign(s.nodes.size(), -1);
                for (const HeapEdge& e : s.edges)
                    if (firstRetainer[e.to] < 0 && e.from != e.to)
                        firstRetainer[e.to] = int32_t(e.from);
            }
            parent = firstRetainer[i];
        }
        // The nearest placed ancestor (a filtered-out parent has no place).
        while (parent >= 0 && !has(s.nodes[size_t(parent)].id))
            parent = s.nodes[size_t(parent)].parent;
        if (parent >= 0) {
            uint64_t pid = s.nodes[size_t(parent)].id;
            Cell p = cellOf(pid);
            occupy(n.id, freeCellNear(Cell{p.x + 1, p.y}, pid));
        } else {
            // No placed retainer: the orphan area below the roots.
            occupy(n.id, freeCellNear(Cell{1, 2 * int(std::size(kRootSlots)) + nextOrphanRow_},
                                      kRootIdBase - 1));
        }
    }
}

} // namespace tricolor::viz
