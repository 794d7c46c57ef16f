// test_heap_model.cpp — the visualizer's heap model (viz/heap_model.h): snapshots taken through
// introspect.h, their differences (changes, ghosts of freed objects), the stable graph layout, the
// sweep cursor and the black->white edge finder behind the invariant alarm.
//
// unit_tests links tricolor_viz_model (viz/CMakeLists.txt: the model without ImGui).
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "core/api.h"
#include "core/gc.h"
#include "core/introspect.h"
#include "core/stdlib.h"
#include "core/vm.h"
#include "viz/heap_model.h"

using namespace tricolor;
using namespace tricolor::viz;

namespace {

// A VM with the standard library that has run `source` to the end.
struct ScriptVm {
    VM* vm = nullptr;
    explicit ScriptVm(const char* source) {
        VMOptions options;
        options.writeStdout = [](std::string_view) {};
        vm = vmCreate(options);
        openStdlib(*vm);
        std::string error;
        REQUIRE(loadString(*vm, source, "=test", error));
        startCall(*vm, 0);
        REQUIRE(run(*vm, 10000000) == RunStatus::Finished);
        pop(*vm, stackSize(*vm));
    }
    ~ScriptVm() { vmDestroy(vm); }
    uint64_t globalId(const char* name) const { return getGlobal(*vm, name).gc->id; }
};

const char* kScript = R"lua(
list = {value = 1, next = {value = 2, next = {value = 3}}}
weak = setmetatable({}, {__mode = "k"})
collectgarbage() -- the collector caches a table's weak mode when it traverses it
weak[{}] = "gone soon"
local function make() local n = 0; return function() n = n + 1; return n end end
counter = make()
)lua";

bool hasEdgeLabelled(const HeapSnapshot& s, uint32_t from, uint32_t to, const std::string& label) {
    const HeapNode& n = s.nodes[from];
    for (uint32_t e = n.firstEdge; e < n.firstEdge + n.edgeCount; e++)
        if (s.edges[e].to == to && s.edges[e].label == label) return true;
    return false;
}

} // namespace

TEST_CASE("heap model: a snapshot has the roots, every object, labelled edges and paths") {
    ScriptVm v(kScript);
    HeapSnapshot s = takeSnapshot(*v.vm);
    REQUIRE(s.hasEdges);
    GcStats stats = gcStats(*v.vm);
    CHECK(s.nodes.size() - s.rootCount == stats.objects);
    std::set<std::string> roots;
    for (size_t i = 0; i < s.rootCount; i++)
        roots.insert(s.nodes[i].preview);
    CHECK(roots.count("registry"));
    CHECK(roots.count("globals"));
    CHECK(roots.count("main stack"));
    CHECK(roots.count("inbox"));

    int32_t list = s.indexOf(v.globalId("list"));
    REQUIRE(list >= 0);
    CHECK(std::string(s.nodes[size_t(list)].typeName) == "table");
    CHECK(s.nodes[size_t(list)].siteLine == 2);
    int32_t globals = s.indexOf(v.vm->globals->id);
    REQUIRE(globals >= 0);
    CHECK(hasEdgeLabelled(s, uint32_t(globals), uint32_t(list), "field 'list'"));

    // The path: a root, the globals table, then list.
    std::vector<uint32_t> path = s.pathToRoot(uint32_t(list));
    REQUIRE(path.size() >= 3);
    CHECK(path.front() < s.rootCount);
    CHECK(path.back() == uint32_t(list));
    CHECK(s.nodes[size_t(list)].depth == int32_t(path.size()) - 1);
    std::vector<uint32_t> retainers = s.retainers(uint32_t(list));
    REQUIRE(retainers.size() == 1);
    CHECK(s.edges[retainers[0]].from == uint32_t(globals));

    // Weak edges are marked, and are not used for retention paths.
    int32_t weak = s.indexOf(v.globalId("weak"));
    REQUIRE(weak >= 0);
    CHECK((s.nodes[size_t(weak)].flags & kObjWeakKeys) != 0);
    const HeapNode& w = s.nodes[size_t(weak)];
    bool sawWeakKey = false;
    for (uint32_t e = w.firstEdge; e < w.firstEdge + w.edgeCount; e++)
        if (s.edges[e].kind == GcEdgeKind::TableKey) {
            CHECK(s.edges[e].weak);
            sawWeakKey = true;
            CHECK(s.nodes[s.edges[e].to].depth == -1); // only weakly reachable
        }
    CHECK(sawWeakKey);
}

TEST_CASE("heap model: big heaps skip edges but keep every object") {
    ScriptVm v("t = {} for i = 1, 300 do t[i] = {} end");
    SnapshotOptions options;
    options.maxObjectsWithEdges = 100;
    HeapSnapshot s = takeSnapshot(*v.vm, options);
    CHECK_FALSE(s.hasEdges);
    CHECK(s.edges.empty());
    CHECK(s.nodes.size() - s.rootCount == gcStats(*v.vm).objects);
}

TEST_CASE("heap model: changes flash, freed objects become ghosts that expire") {
    ScriptVm v(kScript);
    HeapModel model;
    model.update(takeSnapshot(*v.vm), 0.0);
    CHECK(model.lastChanged().empty()); // the first snapshot is not a change

    uint64_t doomed = getGlobal(*v.vm, "list").asTable()->id;
    setGlobal(*v.vm, "list", Value()); // the whole list becomes garbage
    REQUIRE(gcStepPhase(*v.vm));       // pause -> propagate: the roots turn gray
    model.update(takeSnapshot(*v.vm), 1.0);
    CHECK_FALSE(model.lastChanged().empty());
    uint64_t changed = model.lastChanged().front();
    CHECK(model.sinceChange(changed, 1.5) == doctest::Approx(0.5));

    REQUIRE(gcStepCycle(*v.vm)); // finish: the list is swept
    model.update(takeSnapshot(*v.vm), 2.0);
    CHECK(model.lastFreedCount() >= 3);
    bool ghost = false;
    for (const Ghost& g : model.ghosts())
        ghost = ghost || g.id == doomed;
    CHECK(ghost);
    CHECK(model.snapshot().find(doomed) == nullptr);

    std::vector<uint64_t> expired = model.expireGhosts(2.0 + model.ghostLifetime + 0.1);
    CHECK(std::find(expired.begin(), expired.end(), doomed) != expired.end());
    CHECK(model.ghosts().empty());
}

TEST_CASE("heap model: the layout never moves a placed object and never shares a cell") {
    ScriptVm v(kScript);
    GraphLayout layout;
    HeapSnapshot first = takeSnapshot(*v.vm);
    layout.place(first);
    std::unordered_map<uint64_t, std::pair<int, int>> before;
    for (const HeapNode& n : first.nodes) {
        REQUIRE(layout.has(n.id));
        GraphLayout::Cell c = layout.cellOf(n.id);
        before[n.id] = {c.x, c.y};
    }
    // Roots sit in column 0, objects right of it; the first retainer is a neighbour.
    for (size_t i = 0; i < first.rootCount; i++)
        CHECK(layout.cellOf(first.nodes[i].id).x == 0);
    for (size_t i = first.rootCount; i < first.nodes.size(); i++)
        CHECK(layout.cellOf(first.nodes[i].id).x >= 1);

    // New objects and colour changes: old positions stay, new ones are free cells.
    std::string error;
    REQUIRE(loadString(*v.vm, "extra = {a = {}, b = {}, c = 'text'}", "=more", error));
    startCall(*v.vm, 0);
    REQUIRE(run(*v.vm, 100000) == RunStatus::Finished);
    pop(*v.vm, stackSize(*v.vm));
    REQUIRE(gcStepPhase(*v.vm));
    for (int i = 0; i < 50; i++)
        gcStepUnit(*v.vm);
    HeapSnapshot second = takeSnapshot(*v.vm);
    layout.place(second);
    std::set<std::pair<int, int>> used;
    for (const HeapNode& n : second.nodes) {
        REQUIRE(layout.has(n.id));
        GraphLayout::Cell c = layout.cellOf(n.id);
        CHECK(used.insert({c.x, c.y}).second);
        auto it = before.find(n.id);
        if (it != before.end()) CHECK(it->second == std::make_pair(c.x, c.y));
    }
    // The new table sits near its retainer (the globals table, whose many children ring it).
    GraphLayout::Cell extra = layout.cellOf(v.globalId("extra"));
    GraphLayout::Cell globals = layout.cellOf(v.vm->globals->id);
    CHECK(std::abs(extra.x - globals.x) <= 16);
    CHECK(std::abs(extra.y - globals.y) <= 16);

    // A filter: only wanted nodes get a place; the rest get one when shown.
    GraphLayout filtered;
    filtered.place(second, [](const HeapNode& n) { return n.tag != Tag::String; });
    for (size_t i = second.rootCount; i < second.nodes.size(); i++)
        CHECK(filtered.has(second.nodes[i].id) == (second.nodes[i].tag != Tag::String));
}

TEST_CASE("heap model: the sweep cursor walks the heap while sweeping") {
    ScriptVm v(kScript);
    CHECK(takeSnapshot(*v.vm).sweepCursor == -1); // pause: no sweep
    REQUIRE(gcStepTo(*v.vm, GcState::SweepAllgc));
    HeapSnapshot s = takeSnapshot(*v.vm);
    REQUIRE(s.sweepCursor >= int64_t(s.rootCount));
    const HeapNode& next = s.nodes[size_t(s.sweepCursor)];
    CHECK(next.colour != GcColour::WhiteCurrent); // not swept yet
    REQUIRE(gcStepUnit(*v.vm));
    HeapSnapshot after = takeSnapshot(*v.vm);
    const HeapNode* swept = after.find(next.id);
    if (swept) CHECK(swept->colour == GcColour::WhiteCurrent); // survivors turn white
}

TEST_CASE("heap model: a black->white edge while marking is found and explained") {
    ScriptVm v("holder = {child = {}}");
    Table* holder = getGlobal(*v.vm, "holder").asTable();
    GCObject* child = nullptr;
    REQUIRE(gcStepPhase(*v.vm)); // propagate
    CHECK_FALSE(findBlackToWhiteEdge(takeSnapshot(*v.vm)).found);
    REQUIRE(gcRunUntilColourChange(*v.vm, holder) == GcStopReason::Condition);
    while (!isBlack(holder))
        REQUIRE(gcStepUnit(*v.vm));
    HeapSnapshot s = takeSnapshot(*v.vm);
    const HeapNode& h = s.nodes[size_t(s.indexOf(holder->id))];
    for (uint32_t e = h.firstEdge; e < h.firstEdge + h.edgeCount; e++)
        if (s.edges[e].label == "field 'child'")
            child = gcFindObject(*v.vm, s.nodes[s.edges[e].to].id);
    REQUIRE(child);
    CHECK_FALSE(findBlackToWhiteEdge(s).found); // the collector kept the invariant

    // Break it by hand, as a store without a barrier would: the child turns white again.
    child->marked = uint8_t((child->marked & ~kColourBits) | v.vm->gc.currentWhite);
    InvariantBreach b = findBlackToWhiteEdge(takeSnapshot(*v.vm));
    REQUIRE(b.found);
    CHECK(b.sentence.find("#" + std::to_string(holder->id)) != std::string::npos);
    CHECK(b.sentence.find("field 'child'") != std::string::npos);
    CHECK(b.sentence.find("write barrier") != std::string::npos);
    CHECK_FALSE(gcValidate(*v.vm));                                      // and the validator agrees
    child->marked = uint8_t((child->marked & ~kColourBits) | kBlackBit); // repair for the sweep
}

namespace {

const ContentRow* rowWithKey(const ObjectContents& c, const std::string& key) {
    for (const ContentSection& s : c.sections)
        for (const ContentRow& r : s.rows)
            if (r.key == key) return &r;
    return nullptr;
}

} // namespace

TEST_CASE("heap model: the inspector's contents show plain values, upvalues and coroutine locals") {
    ScriptVm v(R"(
        p = {x = 3, y = 4.5, name = "origin", visible = true, [10] = false, tags = {"a"}}
        local count, label = 7, "clicks"
        function bump(n) count = count + n; return label end
        co = coroutine.create(function(a, b)
          local sum = a + b
          coroutine.yield(sum)
        end)
        coroutine.resume(co, 20, 22)
    )");
    ObjectContents table = describeObject(*v.vm, v.globalId("p"));
    REQUIRE(table.found);
    REQUIRE(rowWithKey(table, "x"));
    CHECK(rowWithKey(table, "x")->value == "3");
    CHECK(rowWithKey(table, "x")->target == 0);
    CHECK(rowWithKey(table, "y")->value == "4.5");
    CHECK(rowWithKey(table, "name")->value == "\"origin\"");
    CHECK(rowWithKey(table, "visible")->value == "true");
    CHECK(rowWithKey(table, "[10]")->value == "false");
    const ContentRow* tags = rowWithKey(table, "tags");
    REQUIRE(tags);
    REQUIRE(tags->target != 0); // the inner table: a link to select it
    REQUIRE(gcFindObject(*v.vm, tags->target));
    CHECK(gcFindObject(*v.vm, tags->target)->tag == Tag::Table);
    CHECK(tags->value == "table #" + std::to_string(tags->target));

    ObjectContents fn = describeObject(*v.vm, v.globalId("bump"));
    REQUIRE(rowWithKey(fn, "count (closed)"));
    CHECK(rowWithKey(fn, "count (closed)")->value == "7");
    CHECK(rowWithKey(fn, "label (closed)")->value == "\"clicks\"");

    ObjectContents co = describeObject(*v.vm, v.globalId("co"));
    REQUIRE(co.found);
    CHECK(co.facts.at(0).find("suspended") != std::string::npos);
    REQUIRE(rowWithKey(co, "local sum"));
    CHECK(rowWithKey(co, "local sum")->value == "42");
    CHECK(rowWithKey(co, "local a")->value == "20");

    CHECK_FALSE(describeObject(*v.vm, 0).found);
    CHECK(describeValue(Value::integer(-5)) == "-5");
    CHECK(describeValue(Value::nil()) == "nil");
}

namespace {

// The followed model agrees with a fresh copy of the heap: every live object with the same colour
// and flags, the same counts by colour, no freed object still visible.
void checkSameHeap(const HeapModel& model, const VM& vm, const SnapshotOptions& options,
                   const std::string& where) {
    CAPTURE(where);
    HeapSnapshot fresh = takeSnapshot(vm, options);
    const HeapSnapshot& s = model.snapshot();
    CHECK(s.stats.objects == fresh.stats.objects);
    CHECK(s.stats.white == fresh.stats.white);
    CHECK(s.stats.whiteOther == fresh.stats.whiteOther);
    CHECK(s.stats.gray == fresh.stats.gray);
    CHECK(s.stats.black == fresh.stats.black);
    CHECK(s.stats.state == fresh.stats.state);
    size_t live = 0;
    for (size_t i = s.rootCount; i < s.nodes.size(); i++) {
        const HeapNode& n = s.nodes[i];
        if (n.flags & kNodeFreed) {
            CHECK(fresh.find(n.id) == nullptr);
            CHECK(s.find(n.id) == nullptr);
            continue;
        }
        live++;
        const HeapNode* f = fresh.find(n.id);
        REQUIRE(f != nullptr);
        CAPTURE(n.id);
        CAPTURE(n.typeName);
        CHECK(n.colour == f->colour);
        CHECK(n.flags == f->flags);
        CHECK(n.grayList == f->grayList);
    }
    CHECK(live == fresh.nodes.size() - fresh.rootCount);
}

} // namespace

TEST_CASE("heap model: follow() keeps up with the collector from its events alone") {
    ScriptVm v(R"lua(
keep = {}
for i = 1, 400 do keep[i] = {i, tostring(i)} end
for i = 1, 400 do local garbage = {i} end
weak = setmetatable({}, {__mode = "v"})
weak[1] = {}
big = {}
for i = 1, 3000 do big[i] = i end
)lua");
    SnapshotOptions options;
    options.maxObjectsWithEdges = 10; // no edges: the model may follow
    HeapModel model;
    GcEventLog log;
    v.vm->gc.observer = [&](VM&, const GcEvent& e) { log.record(e); };
    model.resync(*v.vm, 0.0, options);
    uint64_t followed = 0, copied = 0, cycles = v.vm->gc.counters.cycles;
    bool sawFreed = false, sawSweep = false;
    for (int unit = 1; v.vm->gc.counters.cycles < cycles + 2 && unit < 200000; unit++) {
        REQUIRE(gcStepUnit(*v.vm));
        double now = unit * 0.01;
        if (model.follow(*v.vm, log, now)) {
            followed++;
            sawFreed = sawFreed || model.lastFreedCount() > 0;
            sawSweep = sawSweep || model.snapshot().sweepCursor >= 0;
            if (unit % 7 == 0 || log.everything || !log.freed.empty())
                checkSameHeap(model, *v.vm, options, gcStateName(v.vm->gc.state));
        } else {
            model.resync(*v.vm, now, options);
            copied++;
        }
        log.clear();
    }
    checkSameHeap(model, *v.vm, options, "end");
    CHECK(followed > 50 * copied); // nothing here forces a copy but the list moves (none)
    CHECK(sawFreed);
    CHECK(sawSweep);
    // A mutator that allocates cannot be followed: new objects need a copy.
    log.clear();
    std::string error;
    REQUIRE(loadString(*v.vm, "fresh = {}", "=more", error));
    CHECK_FALSE(model.follow(*v.vm, log, 100.0));
    v.vm->gc.observer = nullptr;
}
