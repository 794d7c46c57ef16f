// test_gc.cpp — the collector, unit by unit, on heaps built by hand.
//
// Each test builds a small VM (string table, collector, metamethod names,
// registry and globals: no interpreter), roots objects in the globals, and
// steps the collector one unit at a time through introspect.h, asserting
// colours, barrier effects, weak-table clearing, ephemeron convergence,
// finalizer order and resurrection, and that the validator catches a
// deliberately broken invariant.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/gc.h"
#include "core/introspect.h"
#include "core/memory.h"
#include "core/string.h"
#include "core/table.h"
#include "core/tm.h"
#include "core/vm.h"

using namespace tricolor;

namespace {

// What the fake finalizer caller saw (hung off vm.host).
struct FinalizerLog {
    std::vector<uint64_t> calledIds;
    bool resurrectIntoGlobals = false;
    std::string resurrectName;
};

bool recordFinalizer(VM& vm, Value, Value obj, Value&) {
    auto* log = static_cast<FinalizerLog*>(vm.host);
    log->calledIds.push_back(obj.gc->id);
    if (log->resurrectIntoGlobals)
        tableSetStr(vm, vm.globals, internString(vm, log->resurrectName), obj);
    return true;
}

struct TestVM {
    VM vm;
    FinalizerLog log;
    std::string errors;

    TestVM() {
        vm.options.writeStderr = [this](std::string_view s) { errors += s; };
        stringTableInit(vm);
        gcInit(vm);
        initMetamethodNames(vm);
        vm.registry = newTable(vm);
        vm.globals = newTable(vm);
        vm.host = &log;
        vm.gc.callFinalizer = recordFinalizer;
        vm.gc.validate = true;
    }
    ~TestVM() {
        gcFreeAll(vm);
        stringTableFree(vm);
    }

    String* str(const char* s) { return internString(vm, s); }
    void setGlobal(const char* name, Value v) { tableSetStr(vm, vm.globals, str(name), v); }
    void setGlobal(const char* name, GCObject* o) { setGlobal(name, Value::object(o)); }
    void clearGlobal(const char* name) { setGlobal(name, Value()); }
    bool alive(uint64_t id) { return gcFindObject(vm, id) != nullptr; }
    GcColour colour(const GCObject* o) { return gcColourOf(vm, o); }
    void stepTo(GcState s) { REQUIRE(gcStepTo(vm, s, 1000000)); }
    // A table whose metatable has __mode = mode.
    Table* weakTable(const char* mode) {
        Table* t = newTable(vm);
        setGlobal("__tmp", t);
        Table* mt = newTable(vm);
        t->metatable = mt;
        tableSetStr(vm, mt, str("__mode"), Value::object(str(mode)));
        clearGlobal("__tmp");
        return t;
    }
    // A table with a metatable carrying __gc, registered for finalization.
    Table* finalizable() {
        Table* t = newTable(vm);
        setGlobal("__tmp", t);
        Table* mt = newTable(vm);
        tableSetStr(vm, mt, str("__gc"), Value::boolean(true));
        t->metatable = mt;
        gcCheckFinalizer(vm, t, mt);
        clearGlobal("__tmp");
        return t;
    }
    HostClosure* hostClosure(uint16_t nup) {
        auto* cl = newObject<HostClosure>(vm, Tag::HostClosure, nup * sizeof(Value));
        cl->numUpvalues = nup;
        for (uint16_t i = 0; i < nup; i++)
            cl->upvalues()[i] = Value();
        return cl;
    }
};

} // namespace

TEST_CASE("gc: new objects are current white; a full collection frees exactly the unreachable") {
    TestVM t;
    Table* kept = newTable(t.vm);
    Table* lost = newTable(t.vm);
    CHECK(t.colour(kept) == GcColour::WhiteCurrent);
    t.setGlobal("kept", kept);
    Table* child = newTable(t.vm);
    tableSetInt(t.vm, kept, 1, Value::object(child));
    uint64_t keptId = kept->id, lostId = lost->id, childId = child->id;
    gcFullCollect(t.vm);
    CHECK(t.alive(keptId));
    CHECK(t.alive(childId));
    CHECK_FALSE(t.alive(lostId));
    CHECK(t.vm.gc.state == GcState::Pause);
    CHECK(t.colour(kept) == GcColour::WhiteCurrent);
    CHECK_FALSE(t.vm.gc.validationFailed);
}

TEST_CASE("gc: propagation blackens one gray object per unit and shades its children") {
    TestVM t;
    Table* root = newTable(t.vm);
    Table* a = newTable(t.vm);
    Table* b = newTable(t.vm);
    t.setGlobal("root", root);
    tableSetInt(t.vm, root, 1, Value::object(a));
    tableSetInt(t.vm, a, 1, Value::object(b));
    gcStepUnit(t.vm); // pause -> propagate: roots marked
    CHECK(t.vm.gc.state == GcState::Propagate);
    CHECK(t.colour(t.vm.globals) == GcColour::Gray);
    CHECK(grayListOf(t.vm.globals) == GrayList::Gray);
    CHECK(t.colour(root) == GcColour::WhiteCurrent);
    // Blacken until root is black: a must be gray then, b still white.
    while (t.colour(root) != GcColour::Black)
        REQUIRE(gcStepUnit(t.vm));
    CHECK(t.colour(a) == GcColour::Gray);
    CHECK(t.colour(b) == GcColour::WhiteCurrent);
    REQUIRE(gcRunUntilColourChange(t.vm, a) == GcStopReason::Condition);
    CHECK(t.colour(a) == GcColour::Black);
    CHECK(t.colour(b) == GcColour::Gray);
    CHECK_FALSE(t.vm.gc.validationFailed);
}

TEST_CASE("gc: the forward barrier shades a white child stored into a black object") {
    TestVM t;
    HostClosure* cl = t.hostClosure(1);
    t.setGlobal("f", cl);
    gcStepUnit(t.vm);
    REQUIRE(gcRunUntilColourChange(t.vm, cl) == GcStopReason::Condition); // gray
    REQUIRE(gcRunUntilColourChange(t.vm, cl) == GcStopReason::Condition); // black
    REQUIRE(t.colour(cl) == GcColour::Black);
    Table* fresh = newTable(t.vm);
    cl->upvalues()[0] = Value::object(fresh);
    uint64_t before = t.vm.gc.counters.barriersForward;
    writeBarrier(t.vm, cl, cl->upvalues()[0]);
    CHECK(t.vm.gc.counters.barriersForward == before + 1);
    CHECK(t.colour(fresh) == GcColour::Gray);
    CHECK(t.colour(cl) == GcColour::Black);
    CHECK(gcValidate(t.vm));
    gcFullCollect(t.vm);
    CHECK(t.alive(fresh->id));
}

TEST_CASE("gc: the backward barrier turns a black table gray again (grayagain)") {
    TestVM t;
    Table* tab = newTable(t.vm);
    t.setGlobal("t", tab);
    gcStepUnit(t.vm);
    while (t.colour(tab) != GcColour::Black)
        REQUIRE(gcStepUnit(t.vm));
    Table* fresh = newTable(t.vm);
    tableSetStr(t.vm, tab, t.str("x"), Value::object(fresh)); // runs tableBarrier
    CHECK(t.colour(tab) == GcColour::Gray);
    CHECK(grayListOf(tab) == GrayList::GrayAgain);
    CHECK(t.colour(fresh) == GcColour::WhiteCurrent); // not shaded: the table will be re-traversed
    CHECK(gcValidate(t.vm));
    t.stepTo(GcState::SweepAllgc);
    CHECK(t.colour(fresh) == GcColour::Black);
    gcStepCycle(t.vm);
    CHECK(t.alive(fresh->id));
}

TEST_CASE("gc: barriers while sweeping whiten the parent instead of marking") {
    TestVM t;
    Table* tab = newTable(t.vm);
    t.setGlobal("t", tab);
    t.stepTo(GcState::SweepAllgc);
    // tab is near the end of allgc (old), so still black while sweeping starts.
    REQUIRE(t.colour(tab) == GcColour::Black);
    Table* fresh = newTable(t.vm);
    tableSetInt(t.vm, tab, 1, Value::object(fresh));
    CHECK(t.colour(tab) == GcColour::WhiteCurrent);
    CHECK(t.colour(fresh) == GcColour::WhiteCurrent);
    gcStepCycle(t.vm);
    gcFullCollect(t.vm);
    CHECK(t.alive(fresh->id));
    CHECK_FALSE(t.vm.gc.validationFailed);
}

TEST_CASE("gc: objects unreachable at the flip are other-white and freed by the sweep") {
    TestVM t;
    Table* tab = newTable(t.vm);
    t.setGlobal("t", tab);
    t.stepTo(GcState::EnterAtomic);
    Table* garbage = newTable(t.vm); // created during marking, never stored anywhere
    t.clearGlobal("t");              // tab was marked already: it survives this cycle
    t.stepTo(GcState::SweepAllgc);
    CHECK(t.colour(garbage) == GcColour::WhiteOther);
    CHECK(gcIsDead(t.vm, garbage));
    CHECK(t.colour(tab) == GcColour::Black);
    uint64_t gid = garbage->id, tid = tab->id;
    gcStepCycle(t.vm);
    CHECK_FALSE(t.alive(gid));
    CHECK(t.alive(tid)); // floating garbage: freed only by the next cycle
    gcStepCycle(t.vm);
    CHECK_FALSE(t.alive(tid));
}

TEST_CASE("gc: the mutator is locked exactly while atomic sub-steps are pending") {
    TestVM t;
    t.stepTo(GcState::EnterAtomic);
    CHECK_FALSE(gcMutatorLocked(t.vm));
    REQUIRE(gcStepUnit(t.vm));
    CHECK(t.vm.gc.state == GcState::Atomic);
    std::vector<AtomicStep> seen;
    while (t.vm.gc.state == GcState::Atomic) {
        CHECK(gcMutatorLocked(t.vm));
        seen.push_back(t.vm.gc.atomicStep);
        REQUIRE(gcStepUnit(t.vm));
    }
    CHECK_FALSE(gcMutatorLocked(t.vm));
    REQUIRE(seen.size() == size_t(kAtomicStepCount));
    for (int i = 0; i < kAtomicStepCount; i++)
        CHECK(seen[i] == AtomicStep(i));
    CHECK(t.vm.gc.state == GcState::SweepAllgc);
}

TEST_CASE("gc: weak values are cleared, strings and numbers never are") {
    TestVM t;
    Table* w = t.weakTable("v");
    t.setGlobal("w", w);
    Table* dead = newTable(t.vm);
    Table* live = newTable(t.vm);
    t.setGlobal("live", live);
    tableSetStr(t.vm, w, t.str("dead"), Value::object(dead));
    tableSetStr(t.vm, w, t.str("live"), Value::object(live));
    tableSetStr(t.vm, w, t.str("s"), Value::object(t.str("a string value")));
    tableSetInt(t.vm, w, 1, Value::object(newTable(t.vm)));
    tableSetInt(t.vm, w, 2, Value::integer(42));
    gcFullCollect(t.vm);
    CHECK(tableGetStr(w, t.str("dead"))->isNil());
    CHECK(tableGetStr(w, t.str("live"))->isTable());
    CHECK(tableGetStr(w, t.str("s"))->isString());
    CHECK(tableGetInt(w, 1)->isNil());
    CHECK(tableGetInt(w, 2)->isInt());
    CHECK_FALSE(t.vm.gc.validationFailed);
}

TEST_CASE("gc: ephemerons converge: chains through keys survive, self-references do not") {
    TestVM t;
    Table* e = t.weakTable("k");
    t.setGlobal("e", e);
    Table* a = newTable(t.vm);
    Table* b = newTable(t.vm);
    Table* c = newTable(t.vm);
    t.setGlobal("a", a);
    // e[a] = b, e[b] = c : b and c reachable only through ephemeron values.
    tableSet(t.vm, e, Value::object(b), Value::object(c)); // inserted first: needs a second pass
    tableSet(t.vm, e, Value::object(a), Value::object(b));
    // e[k] = {k}: the value refers to its own key; nothing else holds k.
    Table* k = newTable(t.vm);
    Table* v = newTable(t.vm);
    tableSetInt(t.vm, v, 1, Value::object(k));
    tableSet(t.vm, e, Value::object(k), Value::object(v));
    // A string key is never removed.
    tableSetStr(t.vm, e, t.str("name"), Value::object(newTable(t.vm)));
    uint64_t bId = b->id, cId = c->id, kId = k->id, vId = v->id;
    gcFullCollect(t.vm);
    CHECK(t.alive(bId));
    CHECK(t.alive(cId));
    CHECK(tableGet(e, Value::object(b))->isTable());
    CHECK_FALSE(t.alive(kId));
    CHECK_FALSE(t.alive(vId));
    CHECK(tableGetStr(e, t.str("name"))->isTable());
    t.clearGlobal("a");
    gcFullCollect(t.vm);
    CHECK_FALSE(t.alive(bId));
    CHECK_FALSE(t.alive(cId));
    CHECK_FALSE(t.vm.gc.validationFailed);
}

TEST_CASE("gc: all-weak tables lose dead keys and dead values") {
    TestVM t;
    Table* w = t.weakTable("kv");
    t.setGlobal("w", w);
    Table* live = newTable(t.vm);
    t.setGlobal("live", live);
    tableSet(t.vm, w, Value::object(newTable(t.vm)), Value::integer(1));
    tableSet(t.vm, w, Value::object(live), Value::object(newTable(t.vm)));
    tableSet(t.vm, w, Value::integer(7), Value::object(live));
    gcFullCollect(t.vm);
    int entries = 0;
    Value key, value;
    bool invalid = false;
    while (tableNext(w, key, value, invalid))
        entries++;
    CHECK(entries == 1);
    CHECK(tableGetInt(w, 7)->isTable());
}

TEST_CASE("gc: the validator names a black->white edge made without a barrier") {
    TestVM t;
    Table* tab = newTable(t.vm);
    t.setGlobal("victim", tab);
    tableSetStr(t.vm, tab, t.str("field"), Value::boolean(true));
    gcStepUnit(t.vm);
    while (t.colour(tab) != GcColour::Black)
        REQUIRE(gcStepUnit(t.vm));
    Table* white = newTable(t.vm);
    // A buggy store: bypass the barrier.
    *tableFindSlot(tab, Value::object(t.str("field"))) = Value::object(white);
    t.vm.gc.validate = false;
    CHECK_FALSE(gcValidate(t.vm));
    CHECK(t.vm.gc.validationFailed);
    std::string msg = t.vm.gc.validationMessage;
    CHECK(msg.find("black->white edge") != std::string::npos);
    CHECK(msg.find("#" + std::to_string(tab->id) + " table (black)") != std::string::npos);
    CHECK(msg.find("field 'field'") != std::string::npos);
    CHECK(msg.find("#" + std::to_string(white->id) + " table (white)") != std::string::npos);
    CHECK(t.errors.find("gc validator") != std::string::npos);
    // Repair so shutdown is clean.
    *tableFindSlot(tab, Value::object(t.str("field"))) = Value::boolean(true);
}

TEST_CASE("gc: the validator catches a dangling gray object and a freed object still referenced") {
    TestVM t;
    t.vm.gc.validate = false;
    Table* tab = newTable(t.vm);
    t.setGlobal("x", tab);
    gcStepUnit(t.vm);
    tab->marked = uint8_t(tab->marked & ~kColourBits); // gray, but on no list
    CHECK_FALSE(gcValidate(t.vm));
    CHECK(t.vm.gc.validationMessage.find("on no gray list") != std::string::npos);
}

TEST_CASE("gc: finalizers run newest first, once; resurrected objects stay usable") {
    TestVM t;
    Table* a = t.finalizable();
    Table* b = t.finalizable();
    Table* c = t.finalizable();
    uint64_t ids[3] = {a->id, b->id, c->id};
    CHECK((a->marked & kFinalizedBit) != 0);
    gcFullCollect(t.vm);
    REQUIRE(t.log.calledIds.size() == 3);
    CHECK(t.log.calledIds[0] == ids[2]);
    CHECK(t.log.calledIds[1] == ids[1]);
    CHECK(t.log.calledIds[2] == ids[0]);
    // They were resurrected for the call, and go at the next cycle.
    CHECK(t.alive(ids[0]));
    gcFullCollect(t.vm);
    CHECK_FALSE(t.alive(ids[0]));
    CHECK(t.log.calledIds.size() == 3);
    CHECK_FALSE(t.vm.gc.validationFailed);
}

TEST_CASE("gc: a finalizer that stores its object resurrects it for good, without a second call") {
    TestVM t;
    Table* a = t.finalizable();
    Table* inner = newTable(t.vm);
    tableSetInt(t.vm, a, 1, Value::object(inner));
    uint64_t aId = a->id, innerId = inner->id;
    t.log.resurrectIntoGlobals = true;
    t.log.resurrectName = "saved";
    t.stepTo(GcState::SweepAllgc);
    GCObject* o = gcFindObject(t.vm, aId);
    REQUIRE(o);
    CHECK((o->marked & kResurrectedBit) != 0);
    CHECK((gcObjectInfo(t.vm, o).flags & kObjToBeFinalized) != 0);
    gcStepCycle(t.vm);
    REQUIRE(t.log.calledIds.size() == 1);
    t.log.resurrectIntoGlobals = false;
    gcFullCollect(t.vm);
    gcFullCollect(t.vm);
    CHECK(t.alive(aId));
    CHECK(t.alive(innerId));
    CHECK(t.log.calledIds.size() == 1);
    CHECK_FALSE(t.vm.gc.validationFailed);
}

TEST_CASE("gc: resurrected objects leave weak values before the finalizer, weak keys only after") {
    TestVM t;
    Table* wv = t.weakTable("v");
    Table* wk = t.weakTable("k");
    t.setGlobal("wv", wv);
    t.setGlobal("wk", wk);
    Table* f = t.finalizable();
    uint64_t fId = f->id;
    tableSetInt(t.vm, wv, 1, Value::object(f));
    tableSet(t.vm, wk, Value::object(f), Value::integer(1));
    bool checked = false;
    t.vm.gc.observer = [&](VM&, const GcEvent& e) {
        if (e.kind != GcEventKind::FinalizerCalled) return;
        checked = true;
        CHECK(tableGetInt(wv, 1)->isNil());             // cleared before the call
        CHECK(tableGet(wk, Value::object(f))->isInt()); // still there during it
    };
    gcFullCollect(t.vm);
    CHECK(checked);
    t.vm.gc.observer = nullptr;
    gcFullCollect(t.vm);
    CHECK_FALSE(t.alive(fId));
    Value key, value;
    bool invalid = false;
    CHECK_FALSE(tableNext(wk, key, value, invalid));
}

TEST_CASE("gc: a __gc added to the metatable later does not register") {
    TestVM t;
    Table* obj = newTable(t.vm);
    t.setGlobal("obj", obj);
    Table* mt = newTable(t.vm);
    obj->metatable = mt;
    gcCheckFinalizer(t.vm, obj, mt);
    CHECK((obj->marked & kFinalizedBit) == 0);
    tableSetStr(t.vm, mt, t.str("__gc"), Value::boolean(true));
    t.clearGlobal("obj");
    gcFullCollect(t.vm);
    CHECK(t.log.calledIds.empty());
}

TEST_CASE("gc: pending finalizers run at shutdown, newest first") {
    std::vector<uint64_t> order;
    uint64_t ids[2];
    {
        TestVM t;
        Table* a = t.finalizable();
        Table* b = t.finalizable();
        t.setGlobal("a", a);
        t.setGlobal("b", b);
        ids[0] = a->id;
        ids[1] = b->id;
        gcFreeAll(t.vm);
        order = t.log.calledIds;
        // ~TestVM runs gcFreeAll again on an empty heap.
    }
    REQUIRE(order.size() == 2);
    CHECK(order[0] == ids[1]);
    CHECK(order[1] == ids[0]);
}

TEST_CASE("gc: a large table is marked in bounded chunks, and survives mutation meanwhile") {
    TestVM t;
    Table* big = newTable(t.vm, 5000, 0);
    t.setGlobal("big", big);
    for (int i = 1; i <= 5000; i++)
        tableSetInt(t.vm, big, i, Value::object(newTable(t.vm)));
    gcStepUnit(t.vm);
    while (t.vm.gc.chunkTable != big)
        REQUIRE(gcStepUnit(t.vm));
    CHECK(t.colour(big) == GcColour::Black);
    CHECK((gcObjectInfo(t.vm, big).flags & kObjChunked) != 0);
    CHECK(t.vm.gc.counters.lastStepWork <= 1100);
    CHECK(gcValidate(t.vm)); // the pending chunk is exempt from the invariant
    // A store into the part already scanned: a large table takes the forward
    // barrier (the child is shaded), so atomic need not traverse it again.
    Table* fresh = newTable(t.vm);
    uint64_t forward = t.vm.gc.counters.barriersForward;
    tableSetInt(t.vm, big, 1, Value::object(fresh));
    CHECK(t.vm.gc.counters.barriersForward == forward + 1);
    CHECK(t.colour(big) == GcColour::Black);
    CHECK(t.vm.gc.chunkTable == big);
    CHECK(t.colour(fresh) == GcColour::Gray);
    CHECK(gcValidate(t.vm));
    gcStepCycle(t.vm);
    gcStepCycle(t.vm);
    CHECK(t.alive(fresh->id));
    CHECK(tableGetInt(big, 5000)->isTable());
    CHECK_FALSE(t.vm.gc.validationFailed);
}

TEST_CASE("gc: a dead string found again by interning is revived") {
    TestVM t;
    String* s = t.str("ephemeral string");
    uint64_t id = s->id;
    t.stepTo(GcState::SweepAllgc);
    REQUIRE(gcIsDead(t.vm, s));
    String* again = t.str("ephemeral string");
    CHECK(again == s);
    CHECK_FALSE(gcIsDead(t.vm, again));
    t.setGlobal("keep", again);
    gcStepCycle(t.vm);
    CHECK(t.alive(id));
}

TEST_CASE("gc: debt pacing runs steps at safe points and finishes cycles") {
    TestVM t;
    Table* keep = newTable(t.vm);
    t.setGlobal("keep", keep);
    uint64_t cycles = t.vm.gc.counters.cycles;
    for (int i = 0; i < 20000; i++) {
        Table* junk = newTable(t.vm, 4, 0);
        (void)junk;
        gcCheck(t.vm);
    }
    CHECK(t.vm.gc.counters.cycles > cycles);
    CHECK(t.vm.memory.bytesInUse < size_t(4) << 20);
    t.vm.gc.running = false;
    uint64_t steps = t.vm.gc.counters.steps;
    for (int i = 0; i < 2000; i++) {
        newTable(t.vm);
        gcCheck(t.vm);
    }
    CHECK(t.vm.gc.counters.steps == steps);
}

TEST_CASE("gc: heap enumeration and events") {
    TestVM t;
    Table* tab = newTable(t.vm);
    t.setGlobal("tab", tab);
    tableSetStr(t.vm, tab, t.str("child"), Value::object(newTable(t.vm)));
    bool found = false;
    gcEnumerateHeap(t.vm, [&](const GcObjectInfo& info) {
        if (info.id == tab->id) {
            found = true;
            CHECK(std::string(info.typeName) == "table");
            CHECK(info.size >= sizeof(Table));
        }
    });
    CHECK(found);
    std::vector<std::string> labels;
    gcEnumerateEdges(t.vm, tab, [&](const GcEdge& e) { labels.push_back(gcEdgeLabel(e)); });
    CHECK(std::find(labels.begin(), labels.end(), "field 'child'") != labels.end());
    int roots = 0;
    gcEnumerateRoots(t.vm, [&](const GcRoot&) { roots++; });
    CHECK(roots >= 2);
    int states = 0, blackened = 0;
    t.vm.gc.observer = [&](VM&, const GcEvent& e) {
        states += e.kind == GcEventKind::StateEntered;
        blackened += e.kind == GcEventKind::Blackened;
    };
    gcStepCycle(t.vm);
    CHECK(states == kGcStateCount);
    CHECK(blackened >= 3);
    GcStats s = gcStats(t.vm);
    CHECK(s.objects > 0);
    CHECK(s.white == s.objects - s.fixed);
    t.vm.gc.observer = nullptr; // the counters die before t: detach before t's teardown frees all
}

TEST_CASE("gc: a store into a large black table shades the child; atomic does not redo the table") {
    TestVM t;
    Table* big = newTable(t.vm, 3000, 0);
    t.setGlobal("big", big);
    t.stepTo(GcState::EnterAtomic);
    REQUIRE(t.colour(big) == GcColour::Black);
    Table* fresh = newTable(t.vm);
    tableSetInt(t.vm, big, 7, Value::object(fresh));
    CHECK(t.colour(big) == GcColour::Black);
    CHECK(grayListOf(big) == GrayList::None);
    CHECK(t.colour(fresh) == GcColour::Gray);
    CHECK(gcValidate(t.vm));
    t.stepTo(GcState::Pause);
    gcStepCycle(t.vm);
    CHECK(t.alive(fresh->id));
    CHECK_FALSE(t.vm.gc.validationFailed);
}

TEST_CASE("gc: tables dirtied during propagation are traversed again before atomic, boundedly") {
    TestVM t;
    Table* a = newTable(t.vm);
    Table* b = newTable(t.vm);
    t.setGlobal("a", a);
    t.setGlobal("b", b);
    gcStepUnit(t.vm);
    while (t.colour(a) != GcColour::Black || t.colour(b) != GcColour::Black)
        REQUIRE(gcStepUnit(t.vm));
    Table* fresh = newTable(t.vm);
    tableSetStr(t.vm, a, t.str("x"), Value::object(fresh)); // backward barrier
    REQUIRE(grayListOf(a) == GrayList::GrayAgain);
    // Propagation runs dry, then re-traverses `a` (round 1) instead of entering atomic.
    while (t.vm.gc.gray || t.vm.gc.chunkTable)
        REQUIRE(gcStepUnit(t.vm));
    REQUIRE(gcStepUnit(t.vm));
    CHECK(t.vm.gc.state == GcState::Propagate);
    CHECK(t.vm.gc.preAtomicRounds == 1);
    CHECK(grayListOf(a) == GrayList::Gray);
    REQUIRE(gcStepUnit(t.vm));
    CHECK(t.colour(a) == GcColour::Black);
    CHECK(t.colour(fresh) == GcColour::Gray);
    CHECK(gcValidate(t.vm));
    // Dirty again twice: one more round, then atomic takes what is left.
    tableSetStr(t.vm, b, t.str("y"), Value::object(newTable(t.vm)));
    while (t.vm.gc.preAtomicRounds < 2)
        REQUIRE(gcStepUnit(t.vm));
    while (t.colour(b) != GcColour::Black)
        REQUIRE(gcStepUnit(t.vm));
    tableSetStr(t.vm, b, t.str("z"), Value::object(newTable(t.vm)));
    t.stepTo(GcState::EnterAtomic);
    CHECK(grayListOf(b) == GrayList::GrayAgain); // left for atomic: rounds are bounded
    t.stepTo(GcState::SweepAllgc);
    CHECK(t.colour(b) == GcColour::Black);
    CHECK(tableGetStr(b, t.str("z"))->isTable());
    gcStepCycle(t.vm);
    CHECK(tableGetStr(b, t.str("z"))->isTable());
    CHECK_FALSE(t.vm.gc.validationFailed);
}

TEST_CASE("gc: a large weak-value table is chunked while gray; atomic still clears it") {
    TestVM t;
    Table* w = t.weakTable("v");
    t.setGlobal("w", w);
    std::vector<Table*> kept;
    for (int i = 1; i <= 3000; i++) {
        Table* v = newTable(t.vm);
        tableSetInt(t.vm, w, i, Value::object(v));
        if (i % 2 == 0) {
            tableSetInt(t.vm, t.vm.registry, i, Value::object(v));
            kept.push_back(v);
        }
    }
    gcStepUnit(t.vm);
    while (t.vm.gc.chunkTable != w)
        REQUIRE(gcStepUnit(t.vm));
    CHECK(t.colour(w) == GcColour::Gray);
    CHECK(grayListOf(w) == GrayList::GrayAgain);
    CHECK(t.vm.gc.counters.lastStepWork <= 1100);
    CHECK(gcValidate(t.vm));
    t.stepTo(GcState::Pause);
    int present = 0;
    for (int i = 1; i <= 3000; i++)
        present += tableGetInt(w, i)->isTable() ? 1 : 0;
    CHECK(present == 1500);
    CHECK_FALSE(t.vm.gc.validationFailed);
}

TEST_CASE("gc: a paced step does at most twice a regular step's work, whatever the debt") {
    TestVM t;
    std::vector<GcStepSample> log;
    t.vm.gc.stepLog = &log;
    Table* keep = newTable(t.vm, 200000, 0);
    t.setGlobal("keep", keep);
    t.vm.gc.threshold = 0; // a huge debt
    gcStep(t.vm);
    REQUIRE(log.size() == 1);
    int64_t regular = (int64_t(1) << t.vm.gc.stepSizeLog2) / 16 * t.vm.gc.stepMul;
    CHECK(log[0].work <= 2 * regular + 2000);
    CHECK(log[0].from == GcState::Pause);
    t.vm.gc.stepLog = nullptr;
}

TEST_CASE("gc: a paced step never stops inside atomic (the mutator would stay locked)") {
    TestVM t;
    Table* tab = newTable(t.vm);
    t.setGlobal("t", tab);
    t.vm.gc.stepMul = 0; // the smallest budget: one unit per step
    bool sawAtomic = false;
    for (int i = 0; i < 10000 && !sawAtomic; i++) {
        t.vm.gc.threshold = 0;
        bool wasEnterAtomic = t.vm.gc.state == GcState::EnterAtomic;
        gcStep(t.vm);
        CHECK_FALSE(gcMutatorLocked(t.vm));
        if (wasEnterAtomic) sawAtomic = true;
    }
    CHECK(sawAtomic);
    CHECK(t.vm.gc.state == GcState::SweepAllgc);
    CHECK_FALSE(t.vm.gc.validationFailed);
}

// A buggy store made right after a step: found by the very next unit only
// when the validator runs after every step.
static bool brokenEdgeFoundAfterOneUnit(bool everyStep) {
    TestVM t;
    t.vm.gc.validateEveryStep = everyStep;
    Table* tab = newTable(t.vm);
    t.setGlobal("victim", tab);
    for (int i = 0; i < 50; i++)
        t.setGlobal(("filler" + std::to_string(i)).c_str(), newTable(t.vm));
    tableSetStr(t.vm, tab, t.str("field"), Value::boolean(true));
    gcStepUnit(t.vm);
    while (t.colour(tab) != GcColour::Black)
        REQUIRE(gcStepUnit(t.vm));
    REQUIRE_FALSE(t.vm.gc.validationFailed);
    Table* white = newTable(t.vm);
    *tableFindSlot(tab, Value::object(t.str("field"))) = Value::object(white); // no barrier
    gcStepUnit(t.vm);
    bool found = t.vm.gc.validationFailed;
    *tableFindSlot(tab, Value::object(t.str("field"))) = Value::boolean(true); // repair
    return found;
}

TEST_CASE("gc: validateEveryStep runs the validator after every unit, not amortised") {
    CHECK(brokenEdgeFoundAfterOneUnit(true));
    CHECK_FALSE(brokenEdgeFoundAfterOneUnit(false));
}
