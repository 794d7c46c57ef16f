// gc.cpp — Tricolor's incremental mark-and-sweep collector.
//
// ============================================================================
//  How this collector works (read this first)
// ============================================================================
//
// THE PROBLEM. A Lua program allocates objects (strings, tables, closures,
// coroutines...) and never frees them. The collector must find the objects
// the program can no longer reach and free them, without stopping the
// program for long: it works in small steps interleaved with the program
// (the "mutator").
//
// THE COLOURS. Every object has one of three colours:
//   white  not reached (yet) in this cycle: a candidate for freeing;
//   gray   reached, but its children (the objects it points to) have not
//          been looked at yet;
//   black  reached, and all its children have been reached too.
// A cycle starts with everything white. Marking the roots (the registry,
// the globals, the main thread, the metatables of basic types) turns them
// gray. Then, one object at a time, the collector takes a gray object,
// shades its white children gray, and blackens it ("propagate"). When no
// gray object is left, every white object is unreachable: it is garbage.
//
// THE INVARIANT. Because the mutator runs between steps, it could store a
// white object into a black one and then drop every other reference to it;
// the collector, which never looks at a black object again, would free a
// live object. So while marking we keep the TRI-COLOUR INVARIANT:
//
//          no black object ever points to a white object.
//
// The mutator keeps it with WRITE BARRIERS, run on every store of a
// collectable value into an object (gc.h):
//   - a FORWARD barrier shades the white child gray at once (used for
//     upvalues, closures, userdata: objects written rarely);
//   - a BACKWARD barrier turns the black parent gray again and puts it on the
//     `grayagain` list to be traversed once more (used for tables: a table
//     written in a loop is then re-traversed once, not every store).
// Stores into a thread's stack have no barrier at all: stacks change on every
// instruction. Instead, threads stay gray during propagation and are always
// traversed again at the end.
//
// TWO WHITES. Freeing happens in a sweep over all objects after marking. To
// tell "white because unreached this cycle" from "white because created after
// marking ended", there are two whites. At the end of marking the collector
// FLIPS the current white: objects created from then on get the new white;
// objects still carrying the old ("other") white are exactly the dead ones.
// The sweep frees them and repaints the survivors with the current white, so
// the next cycle starts all white again.
//
// THE STATES. A cycle walks through the states of GcState:
//   pause -> propagate -> enter-atomic -> atomic -> sweep-allgc ->
//   sweep-finobj -> sweep-tobefnz -> sweep-end -> call-finalizers -> pause
// The smallest unit of work is one object: one gray object blackened (or one
// bounded chunk of a huge table), one object swept, one finalizer called, or
// one sub-step of atomic. Pacing: the collector owes work in proportion to
// what the program allocates (the "debt"); each step pays some of it.
//
// WHY ATOMIC IS ATOMIC. At the end of marking, several decisions must be
// taken together: re-traverse what changed without barriers (threads, tables
// hit by the backward barrier), decide which objects are dead, revive the
// dead ones that have finalizers ("resurrection"), clear weak tables, and
// flip the white. If the mutator ran in the middle — say after "decide who is
// dead" but before "flip" — it could store a dead coroutine somewhere or drop
// the last reference to one we decided was alive, and an object would be
// swept without its finalizer or used after being freed. (This is exactly the
// bug Tricolor's design was born from.) So atomic runs with the mutator
// locked out: a visualizer may single-step its sub-steps, but meanwhile the
// interpreter refuses to run Lua (gcMutatorLocked) and no finalizer runs.
//
// THREADS AND OPEN UPVALUES. A closure's upvalue is "open" while the variable
// still lives in a thread's stack. A live closure can hold an open upvalue of
// a coroutine that is itself unreachable: the stack slot is then reachable
// only through the upvalue. Marking an upvalue marks the value it currently
// sees; in atomic, for every unmarked thread, the values of its marked open
// upvalues are marked again (they may have changed). When such a thread is
// freed, its open upvalues are closed first, so the closures keep the values.
// The interpreter closes upvalues by copying the value into the upvalue and
// then runs writeBarrier(vm, uv, uv->closed).
//
// FINALIZERS AND RESURRECTION. An object whose metatable has __gc when
// setmetatable is called moves to the `finobj` list. In atomic, the white
// (dead) objects of finobj are SEPARATED onto `tobefnz`, and then MARKED
// again with everything they reach: they are resurrected, since their
// finalizer will receive them. After the sweep, finalizers are called one by
// one (newest object first); each object goes back to the ordinary list and
// is freed by a later cycle if it is still unreachable then. Its finalizer is
// not called again (unless setmetatable registers it anew).
//
// WEAK TABLES AND EPHEMERONS. A table whose metatable has __mode containing
// 'k' and/or 'v' holds its keys and/or values weakly: they do not keep their
// objects alive, and entries whose weak part died are removed in atomic.
// Strings are values, not objects, for this purpose: they are never removed.
// A weak-KEY table is an EPHEMERON table: a value is reachable only if its
// key is reachable by other means. Marking therefore iterates: traverse the
// ephemeron tables, marking values whose keys are marked; that may mark new
// keys elsewhere; repeat until nothing changes ("converge"). Resurrected
// objects follow the manual: they are removed from weak values BEFORE their
// finalizers run, but from weak keys only in the next cycle after.
//
// KEEPING STEPS SHORT. A step's length is bounded by its largest unit, and
// atomic is one step. So: a table of more than 1024 slots is marked 1024
// slots per unit (it is black while the rest is pending, the one exception
// to the invariant), and so is a deep thread stack during propagation. A
// store into a LARGE black table uses the forward barrier (it marks the new
// child) instead of the backward one, since re-traversing a million slots in
// atomic would be a long pause. Ordinary tables hit by the backward barrier
// are traversed again at the end of propagation, incrementally (at most two
// rounds, so the mutator cannot postpone atomic forever), and atomic finds
// mostly threads and weak tables left to redo. What atomic cannot avoid:
// every thread's whole stack (stacks have no barrier) and every weak table
// (its dead entries must be cleared before the mutator can see them).
// ============================================================================

#include "core/gc.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

#include "core/interp.h"
#include "core/memory.h"
#include "core/stdlib.h"
#include "core/string.h"
#include "core/table.h"
#include "core/tm.h"
#include "core/vm.h"

namespace tricolor {

namespace {

// ---------------------------------------------------------------------------
// Tuning constants
constexpr int64_t kMaxStepFactor = 2;  // a paced step does at most 2x a regular step's work
constexpr uint32_t kChunkSlots = 1024; // slots of a large table marked per unit
constexpr int64_t kWorkSweep = 8;      // work units charged per object swept
constexpr int64_t kWorkFinalizer = 50; // work units charged per finalizer called
constexpr int64_t kWordSize = 16;      // bytes per work unit of debt (one Value)
constexpr int64_t kStressWork = 2000;  // work of one step in stress mode

// ---------------------------------------------------------------------------
// Small helpers: colours, lists, events

uint8_t otherWhite(const Collector& gc) {
    return gc.currentWhite ^ kWhiteBits;
}

bool isMarkingState(GcState s) {
    return s == GcState::Propagate || s == GcState::EnterAtomic || s == GcState::Atomic;
}
bool isSweepState(GcState s) {
    return s >= GcState::SweepAllgc && s <= GcState::SweepEnd;
}

void setColour(GCObject* o, uint8_t colour) {
    o->marked = uint8_t((o->marked & ~kColourBits) | colour);
}
void makeCurrentWhite(Collector& gc, GCObject* o) {
    setColour(o, gc.currentWhite);
}
void makeGray(GCObject* o) {
    setColour(o, 0);
}
void makeBlack(GCObject* o) {
    setColour(o, kBlackBit);
}

void setGrayList(GCObject* o, GrayList l) {
    o->gcinfo = uint8_t((o->gcinfo & ~7) | uint8_t(l));
}

void emitSlow(VM& vm, GcEventKind kind, const GCObject* o, uint64_t other) {
    GcEvent e{kind, vm.gc.state, vm.gc.atomicStep};
    if (o) {
        e.objectId = o->id;
        e.objectTag = o->tag;
    }
    e.otherId = other;
    vm.gc.observer(vm, e);
}
// The only cost of introspection when nobody listens: one branch.
inline void emit(VM& vm, GcEventKind kind, const GCObject* o = nullptr, uint64_t other = 0) {
    if (vm.gc.observer) [[unlikely]]
        emitSlow(vm, kind, o, other);
}

// The gclist link of an object that can be gray-listed (has children).
GCObject** gclistOf(GCObject* o) {
    switch (o->tag) {
    case Tag::Table: return &static_cast<Table*>(o)->gclist;
    case Tag::LuaClosure: return &static_cast<LuaClosure*>(o)->gclist;
    case Tag::HostClosure: return &static_cast<HostClosure*>(o)->gclist;
    case Tag::Userdata: return &static_cast<Userdata*>(o)->gclist;
    case Tag::Thread: return &static_cast<Thread*>(o)->gclist;
    case Tag::Proto: return &static_cast<Proto*>(o)->gclist;
    default: return nullptr;
    }
}

GCObject*& grayListHead(Collector& gc, GrayList l) {
    switch (l) {
    case GrayList::GrayAgain: return gc.grayagain;
    case GrayList::Weak: return gc.weak;
    case GrayList::Ephemeron: return gc.ephemeron;
    case GrayList::AllWeak: return gc.allweak;
    default: return gc.gray;
    }
}

// Puts a gray object on a gray list.
void linkGray(Collector& gc, GCObject* o, GrayList l) {
    GCObject*& head = grayListHead(gc, l);
    *gclistOf(o) = head;
    head = o;
    setGrayList(o, l);
}

// Takes the first object off a gray list.
GCObject* popGray(Collector& gc, GrayList l) {
    GCObject*& head = grayListHead(gc, l);
    GCObject* o = head;
    head = *gclistOf(o);
    *gclistOf(o) = nullptr;
    setGrayList(o, GrayList::None);
    return o;
}

// Empties a gray list, forgetting list membership (objects keep their colour).
void dropGrayList(Collector& gc, GrayList l) {
    while (grayListHead(gc, l))
        popGray(gc, l);
}

void enterState(VM& vm, GcState s) {
    vm.gc.state = s;
    emit(vm, GcEventKind::StateEntered);
}

// ---------------------------------------------------------------------------
// Marking

void markObject(VM& vm, GCObject* o);

inline void markValue(VM& vm, const Value& v) {
    if (v.isCollectable() && isWhite(v.gc)) markObject(vm, v.gc);
}
inline void markIfAny(VM& vm, GCObject* o) {
    if (o && isWhite(o)) markObject(vm, o);
}

// Shades a white object. Leaves (strings) and upvalues have nothing worth
// queueing and go straight to black; everything else turns gray and waits on
// the gray list.
void markObject(VM& vm, GCObject* o) {
    Collector& gc = vm.gc;
    gc.markedCount++;
    switch (o->tag) {
    case Tag::String: makeBlack(o); break;
    case Tag::Upvalue: {
        auto* uv = static_cast<Upvalue*>(o);
        makeBlack(uv);
        markValue(vm, *uv->location);
        break;
    }
    default:
        makeGray(o);
        linkGray(gc, o, GrayList::Gray);
        break;
    }
    emit(vm, GcEventKind::Shaded, o);
}

// The roots: everything reachable without going through another object.
void markRoots(VM& vm) {
    markIfAny(vm, vm.mainThread);
    markIfAny(vm, vm.current);
    markIfAny(vm, vm.registry);
    markIfAny(vm, vm.globals);
    for (Table* mt : vm.typeMetatables)
        markIfAny(vm, mt);
    for (String* name : vm.metamethodNames)
        markIfAny(vm, name);
    for (const AllocSite& site : vm.sites)
        markIfAny(vm, site.chunk);
    // Objects waiting for their finalizer are alive until it has run.
    for (GCObject* o = vm.gc.tobefnz; o; o = o->next)
        markIfAny(vm, o);
    if (vm.gc.markExtraRoots) vm.gc.markExtraRoots(vm);
}

// --- Tables -----------------------------------------------------------------

constexpr uint8_t kWeakKeys = 1;
constexpr uint8_t kWeakValues = 2;

// Reads the weak mode from the metatable's __mode and caches it in the table.
uint8_t refreshWeakMode(VM& vm, Table* t) {
    uint8_t mode = 0;
    const Value* m = fastMetamethod(vm, t->metatable, Metamethod::Mode);
    if (m && m->isString()) {
        std::string_view s = view(m->asString());
        if (s.find('k') != std::string_view::npos) mode |= kWeakKeys;
        if (s.find('v') != std::string_view::npos) mode |= kWeakValues;
    }
    t->weakMode = mode;
    return mode;
}

// Would this key or value be removed from a weak table? Non-collectable
// values and strings never are (strings get marked here, being values).
bool isClearable(VM& vm, const Value& v) {
    if (!v.isCollectable()) return false;
    if (v.tag == Tag::String) {
        markValue(vm, v);
        return false;
    }
    return isWhite(v.gc);
}

// An empty node whose key object may die: stop tracing the key.
void clearDeadKey(TableNode& n) {
    if (n.key.isCollectable()) n.key.tag = Tag::DeadKey;
}

uint32_t tableSlots(Table* t) {
    return t->arraySize + tableNodeCount(t);
}

// Marks slot `i` of a strong table (array part first, then nodes).
void markTableSlot(VM& vm, Table* t, TableNode* nodes, uint32_t i) {
    if (i < t->arraySize) {
        markValue(vm, t->array[i]);
        return;
    }
    TableNode& n = nodes[i - t->arraySize];
    if (n.value.isNil()) {
        clearDeadKey(n);
    } else {
        markValue(vm, n.key);
        markValue(vm, n.value);
    }
}

void markStrongRange(VM& vm, Table* t, uint32_t from, uint32_t to) {
    TableNode* nodes = tableNodeCount(t) ? tableNodes(t) : nullptr;
    for (uint32_t i = from; i < to; i++)
        markTableSlot(vm, t, nodes, i);
}

// Early marking of a slot range of a weak table during propagation (atomic
// traverses the table again in full): strong keys of a weak-value table,
// values whose key is marked in an ephemeron table, strings always.
void markWeakRange(VM& vm, Table* t, uint8_t mode, uint32_t from, uint32_t to) {
    TableNode* nodes = tableNodeCount(t) ? tableNodes(t) : nullptr;
    for (uint32_t i = from; i < to; i++) {
        if (i < t->arraySize) {
            if (mode == kWeakKeys) {
                markValue(vm, t->array[i]);
            } else {
                isClearable(vm, t->array[i]);
            }
            continue;
        }
        TableNode& n = nodes[i - t->arraySize];
        if (n.value.isNil()) continue;
        if (mode == kWeakValues) {
            markValue(vm, n.key);
            isClearable(vm, n.value);
        } else if (!isClearable(vm, n.key)) {
            markValue(vm, n.value);
        }
    }
}

void rememberChunkLayout(Collector& gc, Table* t) {
    gc.chunkArray = t->array;
    gc.chunkNodes = tableNodeCount(t) ? tableNodes(t) : nullptr;
    gc.chunkSlots = tableSlots(t);
    gc.chunkLastFree = t->lastFree;
}

// A new key took a free node since the last piece: that may have moved an
// entry from the unscanned part into the scanned part, where it would never
// be marked. Give up the chunked traversal: the table goes (back) on
// grayagain, to be traversed again before or in atomic.
int64_t abandonChunkedTable(VM& vm, Table* t) {
    Collector& gc = vm.gc;
    gc.chunkTable = nullptr;
    if (!gc.chunkWeakMode) {
        makeGray(t);
        linkGray(gc, t, GrayList::GrayAgain);
    }
    return 1;
}

// One bounded piece of a large table's traversal. If the table was resized
// since the last piece, entries may have moved across the cursor: start over
// (the table is black, so stores since then went through the barrier).
int64_t continueChunkedTable(VM& vm) {
    Collector& gc = vm.gc;
    Table* t = gc.chunkTable;
    const void* nodes = tableNodeCount(t) ? tableNodes(t) : nullptr;
    if (gc.chunkArray != t->array || gc.chunkNodes != nodes || gc.chunkSlots != tableSlots(t)) {
        rememberChunkLayout(gc, t);
        gc.chunkCursor = 0;
    } else if (gc.chunkLastFree != t->lastFree) {
        return abandonChunkedTable(vm, t);
    }
    uint32_t end = std::min(gc.chunkSlots, gc.chunkCursor + kChunkSlots);
    if (gc.chunkWeakMode) {
        markWeakRange(vm, t, gc.chunkWeakMode, gc.chunkCursor, end);
    } else {
        markStrongRange(vm, t, gc.chunkCursor, end);
    }
    int64_t work = end - gc.chunkCursor;
    gc.chunkCursor = end;
    if (end == gc.chunkSlots) {
        gc.chunkTable = nullptr;
        if (!gc.chunkWeakMode) emit(vm, GcEventKind::Blackened, t);
    }
    return work + 1;
}

// A large weak table during propagation: it waits on grayagain (gray) for
// atomic, and meanwhile its strong parts are marked in bounded chunks.
int64_t startChunkedWeakTable(VM& vm, Table* t, uint8_t mode) {
    Collector& gc = vm.gc;
    linkGray(gc, t, GrayList::GrayAgain);
    gc.chunkTable = t;
    gc.chunkWeakMode = mode;
    gc.chunkCursor = 0;
    rememberChunkLayout(gc, t);
    return continueChunkedTable(vm);
}

int64_t traverseStrongTable(VM& vm, Table* t) {
    Collector& gc = vm.gc;
    makeBlack(t);
    uint32_t slots = tableSlots(t);
    if (slots > kChunkSlots && gc.state != GcState::Atomic) {
        gc.chunkTable = t;
        gc.chunkWeakMode = 0;
        gc.chunkCursor = 0;
        rememberChunkLayout(gc, t);
        return continueChunkedTable(vm);
    }
    markStrongRange(vm, t, 0, slots);
    emit(vm, GcEventKind::Blackened, t);
    return 1 + slots;
}

// Weak values: keys are strong, values are not. Outside atomic the table
// waits on grayagain (it will be traversed again); in atomic it goes to the
// `weak` list if it has values to clear.
int64_t traverseWeakValueTable(VM& vm, Table* t) {
    bool hasClearable = false;
    for (uint32_t i = 0; i < t->arraySize; i++)
        hasClearable |= isClearable(vm, t->array[i]);
    uint32_t count = tableNodeCount(t);
    TableNode* nodes = count ? tableNodes(t) : nullptr;
    for (uint32_t i = 0; i < count; i++) {
        TableNode& n = nodes[i];
        if (n.value.isNil()) {
            clearDeadKey(n);
            continue;
        }
        markValue(vm, n.key);
        hasClearable |= isClearable(vm, n.value);
    }
    if (vm.gc.state != GcState::Atomic) {
        linkGray(vm.gc, t, GrayList::GrayAgain);
    } else if (hasClearable) {
        linkGray(vm.gc, t, GrayList::Weak);
    } else {
        makeBlack(t);
        emit(vm, GcEventKind::Blackened, t);
    }
    return 1 + t->arraySize + count;
}

// Ephemeron (weak keys): a value is marked only once its key is. Returns
// whether it marked anything (for convergence) through `markedSomething`.
int64_t traverseEphemeronTable(VM& vm, Table* t, bool& markedSomething) {
    bool hasDeadKeys = false, hasWhiteToWhite = false;
    uint64_t before = vm.gc.markedCount;
    for (uint32_t i = 0; i < t->arraySize; i++)
        markValue(vm, t->array[i]); // integer keys
    uint32_t count = tableNodeCount(t);
    TableNode* nodes = count ? tableNodes(t) : nullptr;
    for (uint32_t i = 0; i < count; i++) {
        TableNode& n = nodes[i];
        if (n.value.isNil()) {
            clearDeadKey(n);
        } else if (isClearable(vm, n.key)) {
            hasDeadKeys = true;
            if (n.value.isCollectable() && isWhite(n.value.gc)) hasWhiteToWhite = true;
        } else {
            markValue(vm, n.value);
        }
    }
    markedSomething = vm.gc.markedCount != before;
    if (vm.gc.state != GcState::Atomic) {
        linkGray(vm.gc, t, GrayList::GrayAgain);
    } else if (hasWhiteToWhite) {
        linkGray(vm.gc, t, GrayList::Ephemeron);
    } else if (hasDeadKeys) {
        linkGray(vm.gc, t, GrayList::AllWeak);
    } else {
        makeBlack(t);
        emit(vm, GcEventKind::Blackened, t);
    }
    return 1 + t->arraySize + 2 * count;
}

int64_t traverseAllWeakTable(VM& vm, Table* t) {
    linkGray(vm.gc, t, vm.gc.state == GcState::Atomic ? GrayList::AllWeak : GrayList::GrayAgain);
    return 1;
}

int64_t traverseTable(VM& vm, Table* t) {
    markIfAny(vm, t->metatable);
    bool unused = false;
    uint8_t mode = refreshWeakMode(vm, t);
    if (mode == kWeakValues || mode == kWeakKeys) {
        if (vm.gc.state != GcState::Atomic && tableSlots(t) > kChunkSlots)
            return startChunkedWeakTable(vm, t, mode);
    }
    switch (mode) {
    case kWeakValues: return traverseWeakValueTable(vm, t);
    case kWeakKeys: return traverseEphemeronTable(vm, t, unused);
    case kWeakKeys | kWeakValues: return traverseAllWeakTable(vm, t);
    default: return traverseStrongTable(vm, t);
    }
}

// --- Functions, userdata, threads --------------------------------------------

int64_t traverseLuaClosure(VM& vm, LuaClosure* cl) {
    makeBlack(cl);
    markIfAny(vm, cl->proto);
    Upvalue** uvs = cl->upvalues();
    for (uint16_t i = 0; i < cl->numUpvalues; i++)
        markIfAny(vm, uvs[i]);
    return 1 + cl->numUpvalues;
}

int64_t traverseHostClosure(VM& vm, HostClosure* cl) {
    makeBlack(cl);
    Value* uvs = cl->upvalues();
    for (uint16_t i = 0; i < cl->numUpvalues; i++)
        markValue(vm, uvs[i]);
    return 1 + cl->numUpvalues;
}

int64_t traverseProto(VM& vm, Proto* p) {
    makeBlack(p);
    markIfAny(vm, p->source);
    for (uint32_t i = 0; i < p->numConstants; i++)
        markValue(vm, p->constants[i]);
    for (uint32_t i = 0; i < p->numProtos; i++)
        markIfAny(vm, p->protos ? p->protos[i] : nullptr);
    for (uint32_t i = 0; i < p->numUpvalues; i++)
        markIfAny(vm, p->upvalues[i].name);
    for (uint32_t i = 0; i < p->numLocals; i++)
        markIfAny(vm, p->locals[i].name);
    return 1 + p->numConstants + p->numProtos + p->numUpvalues + p->numLocals;
}

int64_t traverseUserdata(VM& vm, Userdata* u) {
    makeBlack(u);
    markIfAny(vm, u->metatable);
    Value* uv = u->userValues();
    for (uint16_t i = 0; i < u->numUserValues; i++)
        markValue(vm, uv[i]);
    return 1 + u->numUserValues;
}

// A thread's stack changes without barriers, so a thread stays gray (on
// grayagain) until atomic traverses it the last time; that last traversal
// also clears the unused part of the stack, which may hold stale pointers to
// objects about to be freed.
int64_t continueChunkedThread(VM& vm);

int64_t traverseThread(VM& vm, Thread* th) {
    Collector& gc = vm.gc;
    markValue(vm, th->errorValue);
    for (Upvalue* uv = th->openUpvalues; uv; uv = uv->openNext)
        markIfAny(vm, uv);
    if (gc.state != GcState::Atomic && th->top > kChunkSlots) {
        // A deep stack: mark it in bounded pieces. Correctness does not
        // depend on these pieces (atomic traverses the whole stack again).
        linkGray(gc, th, GrayList::GrayAgain);
        gc.chunkThread = th;
        gc.chunkThreadCursor = 0;
        return continueChunkedThread(vm);
    }
    for (uint32_t i = 0; i < th->top; i++)
        markValue(vm, th->stack[i]);
    if (gc.state == GcState::Atomic) {
        for (uint32_t i = th->top; i < th->stackSize; i++)
            th->stack[i] = Value();
        makeBlack(th);
        emit(vm, GcEventKind::Blackened, th);
    } else {
        linkGray(vm.gc, th, GrayList::GrayAgain);
    }
    return 1 + th->top;
}

// One bounded piece of a deep stack (the stack may have grown, shrunk or
// moved since the last piece: this is only early marking).
int64_t continueChunkedThread(VM& vm) {
    Collector& gc = vm.gc;
    Thread* th = gc.chunkThread;
    uint32_t end = std::min(th->top, gc.chunkThreadCursor + kChunkSlots);
    for (uint32_t i = gc.chunkThreadCursor; i < end; i++)
        markValue(vm, th->stack[i]);
    int64_t work = 1 + int64_t(end > gc.chunkThreadCursor ? end - gc.chunkThreadCursor : 0);
    gc.chunkThreadCursor = end;
    if (end >= th->top) gc.chunkThread = nullptr;
    return work;
}

// Traverses one gray object: "blacken" it.
int64_t blacken(VM& vm, GCObject* o) {
    int64_t work = 0;
    switch (o->tag) {
    case Tag::Table: return traverseTable(vm, static_cast<Table*>(o));
    case Tag::LuaClosure: work = traverseLuaClosure(vm, static_cast<LuaClosure*>(o)); break;
    case Tag::HostClosure: work = traverseHostClosure(vm, static_cast<HostClosure*>(o)); break;
    case Tag::Proto: work = traverseProto(vm, static_cast<Proto*>(o)); break;
    case Tag::Userdata: work = traverseUserdata(vm, static_cast<Userdata*>(o)); break;
    case Tag::Thread: return traverseThread(vm, static_cast<Thread*>(o));
    default: makeBlack(o); return 1;
    }
    emit(vm, GcEventKind::Blackened, o);
    return work;
}

// One unit of propagation: a chunk of the large table in progress, or one
// gray object.
int64_t propagateMark(VM& vm) {
    if (vm.gc.chunkTable) return continueChunkedTable(vm);
    if (vm.gc.chunkThread) return continueChunkedThread(vm);
    return blacken(vm, popGray(vm.gc, GrayList::Gray));
}

bool hasPropagationWork(const Collector& gc) {
    return gc.gray || gc.chunkTable || gc.chunkThread;
}

void propagateAll(VM& vm) {
    while (hasPropagationWork(vm.gc))
        propagateMark(vm);
}

// Before atomic: the ordinary tables that the backward barrier put on
// grayagain are traversed again now, incrementally, so that atomic finds
// (almost) only threads and weak tables there. At most kPreAtomicRounds
// rounds per cycle, so a mutator that keeps dirtying tables cannot delay
// atomic forever. Returns the work (objects moved).
constexpr uint8_t kPreAtomicRounds = 2;

bool isRetraversableEarly(const GCObject* o) {
    return o->tag == Tag::Table && static_cast<const Table*>(o)->weakMode == 0;
}

int64_t regrayDirtyTables(VM& vm) {
    Collector& gc = vm.gc;
    gc.preAtomicRounds++;
    int64_t moved = 0;
    GCObject** link = &gc.grayagain;
    while (GCObject* o = *link) {
        GCObject** next = gclistOf(o);
        if (!isRetraversableEarly(o)) {
            link = next;
            continue;
        }
        *link = *next;
        *next = nullptr;
        linkGray(gc, o, GrayList::Gray);
        moved++;
    }
    return 1 + moved;
}

bool hasDirtyTables(const Collector& gc) {
    for (GCObject* o = gc.grayagain; o; o = *gclistOf(o))
        if (isRetraversableEarly(o)) return true;
    return false;
}

// For every unmarked thread, the marked open upvalues still see stack slots
// that may have changed since they were marked: mark those values.
void remarkOpenUpvalues(VM& vm) {
    for (Thread* th : vm.gc.threads) {
        if (!isWhite(th)) continue;
        for (Upvalue* uv = th->openUpvalues; uv; uv = uv->openNext)
            if (!isWhite(uv)) markValue(vm, *uv->location);
    }
}

// ---------------------------------------------------------------------------
// The atomic sub-steps

void remark(VM& vm) {
    Collector& gc = vm.gc;
    markRoots(vm);
    propagateAll(vm);
    // Everything that changed without barriers, or was hit by the backward
    // barrier, waits on grayagain: traverse it all once more.
    while (gc.grayagain) {
        GCObject* o = popGray(gc, GrayList::GrayAgain);
        linkGray(gc, o, GrayList::Gray);
    }
    propagateAll(vm);
    remarkOpenUpvalues(vm);
    propagateAll(vm);
}

// Traverses the ephemeron tables again and again until a pass marks nothing.
void convergeEphemerons(VM& vm) {
    Collector& gc = vm.gc;
    bool changed;
    do {
        changed = false;
        GCObject* list = gc.ephemeron;
        gc.ephemeron = nullptr;
        while (list) {
            GCObject* next = *gclistOf(list);
            *gclistOf(list) = nullptr;
            setGrayList(list, GrayList::None);
            bool marked = false;
            traverseEphemeronTable(vm, static_cast<Table*>(list), marked);
            if (marked) {
                propagateAll(vm);
                changed = true;
            }
            list = next;
        }
    } while (changed);
}

void clearEntry(VM& vm, Table* t, Value& value, const Value& gone) {
    uint64_t goneId = gone.isCollectable() ? gone.gc->id : 0;
    value = Value();
    emit(vm, GcEventKind::WeakEntryCleared, t, goneId);
}

// Removes entries whose value is dead from every table of a gray list (up
// to `stop`, exclusive).
void clearByValues(VM& vm, GCObject* list, GCObject* stop = nullptr) {
    for (; list && list != stop; list = *gclistOf(list)) {
        auto* t = static_cast<Table*>(list);
        for (uint32_t i = 0; i < t->arraySize; i++)
            if (isClearable(vm, t->array[i])) clearEntry(vm, t, t->array[i], t->array[i]);
        uint32_t count = tableNodeCount(t);
        TableNode* nodes = count ? tableNodes(t) : nullptr;
        for (uint32_t i = 0; i < count; i++) {
            TableNode& n = nodes[i];
            if (isClearable(vm, n.value)) {
                clearEntry(vm, t, n.value, n.value);
                clearDeadKey(n);
            }
        }
    }
}

// Removes entries whose key is dead from every table of a gray list.
void clearByKeys(VM& vm, GCObject* list) {
    for (; list; list = *gclistOf(list)) {
        auto* t = static_cast<Table*>(list);
        uint32_t count = tableNodeCount(t);
        TableNode* nodes = count ? tableNodes(t) : nullptr;
        for (uint32_t i = 0; i < count; i++) {
            TableNode& n = nodes[i];
            if (!n.value.isNil() && isClearable(vm, n.key)) {
                clearEntry(vm, t, n.value, n.key);
                clearDeadKey(n);
            }
        }
    }
}

void clearWeakValues(VM& vm) {
    Collector& gc = vm.gc;
    clearByValues(vm, gc.weak);
    clearByValues(vm, gc.allweak);
    // Lists only grow at the front: remember what was cleared already.
    gc.weakCleared = gc.weak;
    gc.allweakCleared = gc.allweak;
}

// Moves every unmarked object of finobj to the end of tobefnz, keeping the
// list order (newest first), which is the order finalizers will run in.
void separateFinalizable(VM& vm, bool all) {
    Collector& gc = vm.gc;
    GCObject** tail = &gc.tobefnz;
    while (*tail)
        tail = &(*tail)->next;
    GCObject** link = &gc.finobj;
    while (GCObject* o = *link) {
        if (!all && !isWhite(o)) {
            link = &o->next;
            continue;
        }
        *link = o->next;
        o->next = nullptr;
        *tail = o;
        tail = &o->next;
        emit(vm, GcEventKind::Separated, o);
    }
}

// Resurrects the separated objects: they (and all they reach) must survive
// this cycle so their finalizers can receive them.
void markBeingFinalized(VM& vm) {
    for (GCObject* o = vm.gc.tobefnz; o; o = o->next) {
        if (!isWhite(o)) continue;
        o->marked |= kResurrectedBit;
        markObject(vm, o);
        emit(vm, GcEventKind::Resurrected, o);
    }
    propagateAll(vm);
    convergeEphemerons(vm);
}

void clearWeakKeys(VM& vm) {
    Collector& gc = vm.gc;
    clearByKeys(vm, gc.ephemeron);
    clearByKeys(vm, gc.allweak);
    // Values that only resurrected objects kept alive were cleared before
    // resurrection; tables discovered since (in front of the lists) may
    // still hold dead ones. Marking never whitens, so the tables cleared
    // already need no second look.
    clearByValues(vm, gc.weak, gc.weakCleared);
    clearByValues(vm, gc.allweak, gc.allweakCleared);
    gc.weakCleared = gc.allweakCleared = nullptr;
}

// Threads that die in this cycle leave the thread registry now.
void forgetDeadThreads(VM& vm) {
    auto& threads = vm.gc.threads;
    size_t kept = 0;
    for (Thread* th : threads)
        if (!isWhite(th)) threads[kept++] = th;
    threads.resize(kept);
}

void flipWhite(VM& vm) {
    Collector& gc = vm.gc;
    forgetDeadThreads(vm);
    // The weak lists are done with; their tables stay gray until swept.
    for (GrayList l : {GrayList::Gray, GrayList::GrayAgain, GrayList::Weak, GrayList::Ephemeron,
                       GrayList::AllWeak})
        dropGrayList(gc, l);
    gc.currentWhite = otherWhite(gc);
    gc.sweepCursor = &gc.allgc;
}

// Runs the next atomic sub-step.
void atomicStep(VM& vm) {
    Collector& gc = vm.gc;
    AtomicStep step = gc.atomicStep;
    switch (step) {
    case AtomicStep::Remark: remark(vm); break;
    case AtomicStep::ConvergeEphemerons: convergeEphemerons(vm); break;
    case AtomicStep::ClearWeakValues: clearWeakValues(vm); break;
    case AtomicStep::SeparateFinalizable: separateFinalizable(vm, false); break;
    case AtomicStep::Resurrect: markBeingFinalized(vm); break;
    case AtomicStep::ClearWeakKeys: clearWeakKeys(vm); break;
    case AtomicStep::FlipWhite: flipWhite(vm); break;
    }
    emit(vm, GcEventKind::AtomicStepDone);
    if (step == AtomicStep::FlipWhite) {
        gc.atomicStep = AtomicStep::Remark;
        enterState(vm, GcState::SweepAllgc);
    } else {
        gc.atomicStep = AtomicStep(int(step) + 1);
    }
}

// ---------------------------------------------------------------------------
// Sweeping

// Closes every open upvalue of a thread (about to be freed): closures that
// still hold them keep the values.
void closeThreadUpvalues(Thread* th) {
    while (Upvalue* uv = th->openUpvalues) {
        th->openUpvalues = uv->openNext;
        uv->closed = *uv->location;
        uv->location = &uv->closed;
        uv->openNext = nullptr;
        uv->openThread = nullptr;
    }
}

void freeOne(VM& vm, GCObject* o) {
    emit(vm, GcEventKind::Freed, o);
    if (o->tag == Tag::Thread) closeThreadUpvalues(static_cast<Thread*>(o));
    size_t before = vm.memory.bytesInUse;
    freeObject(vm, o);
    vm.gc.counters.objectsFreed++;
    vm.gc.counters.bytesFreed += before - vm.memory.bytesInUse;
}

void reportSweptUnfinalized(VM& vm, GCObject* o);

// Sweeps the object at the cursor: frees it if dead, else repaints it with
// the current white and ages it. Returns false at the end of the list.
bool sweepStep(VM& vm) {
    Collector& gc = vm.gc;
    GCObject* o = *gc.sweepCursor;
    if (!o) return false;
    if (o->marked & otherWhite(gc)) {
        if (o->marked & kFinalizedBit) reportSweptUnfinalized(vm, o);
        *gc.sweepCursor = o->next;
        freeOne(vm, o);
    } else {
        makeCurrentWhite(gc, o);
        uint8_t age = ageOf(o);
        o->gcinfo = uint8_t((age < 31 ? age + 1 : 31) << 3);
        gc.sweepCursor = &o->next;
    }
    return true;
}

// A finalizable object must never be freed before its finalizer ran: that
// would be lesson 1 of DESIGN.md all over again.
void reportSweptUnfinalized(VM& vm, GCObject* o) {
    vm.gc.validationFailed = true;
    if (vm.gc.validationMessage.empty())
        vm.gc.validationMessage =
            "object #" + std::to_string(o->id) + " swept while it still had a pending finalizer";
    emit(vm, GcEventKind::ValidatorFailed, o);
}

void startSweepOf(VM& vm, GcState s, GCObject** list) {
    vm.gc.sweepCursor = list;
    enterState(vm, s);
}

// ---------------------------------------------------------------------------
// Finalizers

void warnFinalizerError(VM& vm, const Value& error) {
    if (!vm.lib || !vm.lib->warningsOn) return;
    std::string msg = "Lua warning: error in __gc (";
    if (error.isString()) {
        msg += view(error.asString());
    } else {
        msg += "error object is not a string";
    }
    msg += ")\n";
    if (vm.options.writeStderr) {
        vm.options.writeStderr(msg);
    } else {
        std::fputs(msg.c_str(), stderr);
    }
}

Table* metatableOf(GCObject* o) {
    if (o->tag == Tag::Table) return static_cast<Table*>(o)->metatable;
    if (o->tag == Tag::Userdata) return static_cast<Userdata*>(o)->metatable;
    return nullptr;
}

// Calls a finalizer through the interpreter; errors come back as a value.
bool callFinalizerDefault(VM& vm, Value fn, Value obj, Value& error) {
    Thread* th = vm.current;
    if (!th) return true; // no interpreter yet: nothing can run
    uint32_t top = th->top;
    try {
        callNested(vm, fn, &obj, 1, 0);
        vm.current->top = top;
        return true;
    } catch (const LuaError&) {
        error = vm.current->errorValue;
        vm.current->errorValue = Value();
        vm.current->top = top;
        return false;
    }
}

// Takes the first object of tobefnz back to allgc and calls its __gc.
void callOneFinalizer(VM& vm) {
    Collector& gc = vm.gc;
    GCObject* o = gc.tobefnz;
    gc.tobefnz = o->next;
    o->marked &= uint8_t(~kFinalizedBit);
    o->next = gc.allgc;
    gc.allgc = o;
    if (isSweepState(gc.state) || gc.state == GcState::CallFinalizers) makeCurrentWhite(gc, o);
    gc.counters.finalizersCalled++;
    emit(vm, GcEventKind::FinalizerCalled, o);
    const Value* tm = fastMetamethod(vm, metatableOf(o), Metamethod::Gc);
    if (!tm || !gc.callFinalizer) return;
    Value fn = *tm, error;
    gc.finalizerDepth++;
    bool ok = gc.callFinalizer(vm, fn, Value::object(o), error);
    gc.finalizerDepth--;
    if (!ok) warnFinalizerError(vm, error);
}

// ---------------------------------------------------------------------------
// The state machine

void setPauseThreshold(Collector& gc, size_t inUse) {
    size_t threshold = inUse / 100 * size_t(gc.pause);
    if (threshold < inUse) threshold = inUse; // pause < 100: start at once
    gc.threshold = threshold;
}

void startCycle(VM& vm) {
    Collector& gc = vm.gc;
    for (GrayList l : {GrayList::Gray, GrayList::GrayAgain, GrayList::Weak, GrayList::Ephemeron,
                       GrayList::AllWeak})
        dropGrayList(gc, l);
    gc.chunkTable = nullptr;
    gc.chunkThread = nullptr;
    gc.preAtomicRounds = 0;
    gc.markedCount = 0;
    enterState(vm, GcState::Propagate);
    markRoots(vm);
}

void finishCycle(VM& vm) {
    Collector& gc = vm.gc;
    gc.counters.cycles++;
    setPauseThreshold(gc, vm.memory.bytesInUse);
    enterState(vm, GcState::Pause);
}

// Does one unit of work in the current state and returns its cost.
int64_t singleUnit(VM& vm) {
    Collector& gc = vm.gc;
    gc.counters.units++;
    switch (gc.state) {
    case GcState::Pause: startCycle(vm); return 1 + int64_t(vm.sites.size());
    case GcState::Propagate:
        if (!hasPropagationWork(gc)) {
            if (gc.preAtomicRounds < kPreAtomicRounds && hasDirtyTables(gc))
                return regrayDirtyTables(vm);
            enterState(vm, GcState::EnterAtomic);
            return 1;
        }
        return propagateMark(vm);
    case GcState::EnterAtomic:
        gc.atomicStep = AtomicStep::Remark;
        enterState(vm, GcState::Atomic);
        return 1;
    case GcState::Atomic: atomicStep(vm); return 1;
    case GcState::SweepAllgc:
        if (!sweepStep(vm)) startSweepOf(vm, GcState::SweepFinobj, &gc.finobj);
        return kWorkSweep;
    case GcState::SweepFinobj:
        if (!sweepStep(vm)) startSweepOf(vm, GcState::SweepTobefnz, &gc.tobefnz);
        return kWorkSweep;
    case GcState::SweepTobefnz:
        if (!sweepStep(vm)) {
            gc.sweepCursor = nullptr;
            enterState(vm, GcState::SweepEnd);
        }
        return kWorkSweep;
    case GcState::SweepEnd: enterState(vm, GcState::CallFinalizers); return 1;
    case GcState::CallFinalizers:
        if (gc.tobefnz && !gc.closing) {
            callOneFinalizer(vm);
            return kWorkFinalizer;
        }
        finishCycle(vm);
        return 1;
    }
    return 1;
}

void runUntilState(VM& vm, GcState target) {
    while (vm.gc.state != target)
        singleUnit(vm);
}

double nowMs() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// Process CPU time, only for Collector::stepLog (a benchmark).
double cpuMs() {
    return double(std::clock()) * 1000.0 / CLOCKS_PER_SEC;
}

struct StepStart {
    double wallMs;
    double cpuMs;
    GcState from;
};

StepStart stepStart(const VM& vm) {
    return {nowMs(), vm.gc.stepLog ? cpuMs() : 0.0, vm.gc.state};
}

void recordStep(VM& vm, int64_t work, const StepStart& start) {
    GcCounters& c = vm.gc.counters;
    c.steps++;
    c.lastStepWork = uint64_t(work);
    c.lastStepMs = nowMs() - start.wallMs;
    if (c.lastStepMs > c.maxStepMs) c.maxStepMs = c.lastStepMs;
    if (vm.gc.stepLog) [[unlikely]]
        vm.gc.stepLog->push_back(
            {float(c.lastStepMs), float(cpuMs() - start.cpuMs), work, start.from, vm.gc.state});
}

// Runs units until `budget` work is done or a cycle ends.
int64_t runBudget(VM& vm, int64_t budget) {
    int64_t done = 0;
    do {
        done += singleUnit(vm);
    } while (done < budget && vm.gc.state != GcState::Pause);
    // A paced step never stops inside atomic: the mutator would stay locked
    // out with nobody left to run the collector (only a host stepping unit
    // by unit, through introspect.h, may stop between atomic sub-steps).
    while (vm.gc.state == GcState::Atomic)
        done += singleUnit(vm);
    return done;
}

// Runs the validator when due: once the collector has done kValidateRatio
// times the work the last validation cost (a validation visits every object
// and edge, much slower per item than marking), or a quarter of that when
// reaching one of the moments that matter most (end of propagation, end of
// atomic, end of the cycle). So --gc-stress --gc-validate stays linear.
constexpr uint64_t kValidateRatio = 16;

bool isCheckpoint(GcState s) {
    return s == GcState::EnterAtomic || s == GcState::SweepAllgc || s == GcState::Pause;
}

void maybeValidate(VM& vm, int64_t work) {
    Collector& gc = vm.gc;
    if (!gc.validate) return;
    gc.workSinceValidation += uint64_t(work);
    bool checkpoint = gc.state != gc.lastValidatedState && isCheckpoint(gc.state);
    gc.lastValidatedState = gc.state;
    if (gc.validateEveryStep) {
        gc.workSinceValidation = 0;
        gcValidate(vm);
        return;
    }
    uint64_t ratio = checkpoint ? kValidateRatio / 4 : kValidateRatio;
    if (gc.workSinceValidation < gc.validationCost * ratio) return;
    gc.workSinceValidation = 0;
    gcValidate(vm);
}

void updateDebt(VM& vm) {
    vm.gc.debt = int64_t(vm.memory.bytesInUse) - int64_t(vm.gc.threshold);
}

} // namespace

// ===========================================================================
// Public interface

void gcInit(VM& vm) {
    vm.gc = Collector{};
    vm.gc.callFinalizer = callFinalizerDefault;
    setPauseThreshold(vm.gc, std::max(vm.memory.bytesInUse, size_t(128) << 10));
}

void gcLinkNewObject(VM& vm, GCObject* o) {
    Collector& gc = vm.gc;
    // Objects born inside atomic are alive by definition (black); otherwise
    // they get the current white.
    o->marked = gc.state == GcState::Atomic ? kBlackBit : gc.currentWhite;
    o->gcinfo = 0;
    o->next = gc.allgc;
    gc.allgc = o;
    if (o->tag == Tag::Thread) gc.threads.push_back(static_cast<Thread*>(o));
}

void gcFix(VM& vm, GCObject* o) {
    Collector& gc = vm.gc;
    GCObject** link = &gc.allgc;
    while (*link && *link != o)
        link = &(*link)->next;
    if (!*link) return;
    if (gc.sweepCursor == &o->next) gc.sweepCursor = link;
    *link = o->next;
    o->marked = kFixedBit; // gray forever: never marked, never swept, no barrier fires
    o->next = gc.fixed;
    gc.fixed = o;
}

bool gcMutatorLocked(const VM& vm) {
    return vm.gc.state == GcState::Atomic;
}

bool gcStep(VM& vm, int64_t extraWorkBytes) {
    Collector& gc = vm.gc;
    if (gc.finalizerDepth > 0 || gc.closing) return false;
    updateDebt(vm);
    StepStart start = stepStart(vm);
    int64_t debt = std::max<int64_t>(gc.debt, 0) + extraWorkBytes;
    int64_t budget = (debt + (int64_t(1) << gc.stepSizeLog2)) / kWordSize * gc.stepMul;
    // A huge debt (one big allocation) must not turn one step into a whole
    // cycle: cap the step; the unpaid debt is forgiven, as after every step.
    // (An explicit collectgarbage("step", kb) gets all the work it asked for.)
    int64_t regular = (int64_t(1) << gc.stepSizeLog2) / kWordSize * gc.stepMul;
    int64_t cap =
        extraWorkBytes > 0 ? INT64_MAX : std::max<int64_t>(regular * kMaxStepFactor, 1024);
    int64_t work = runBudget(vm, std::clamp<int64_t>(budget, 1, cap));
    if (gc.state != GcState::Pause)
        gc.threshold = vm.memory.bytesInUse + (size_t(1) << gc.stepSizeLog2);
    updateDebt(vm);
    recordStep(vm, work, start);
    maybeValidate(vm, work);
    return gc.state == GcState::Pause;
}

// Stress mode: a small step at every safe point, so the mutator runs
// between almost every pair of units and a missing barrier or root shows up
// as a validator failure or a freed object in use.
static void stressStep(VM& vm) {
    StepStart start = stepStart(vm);
    int64_t work = runBudget(vm, kStressWork);
    updateDebt(vm);
    recordStep(vm, work, start);
    maybeValidate(vm, work);
}

void gcCheck(VM& vm) {
    Collector& gc = vm.gc;
    if (!gc.running || gc.finalizerDepth > 0 || gc.closing) return;
    if (vm.memory.bytesInUse >= gc.threshold) {
        gcStep(vm);
    } else if (gc.stress) {
        stressStep(vm);
    }
}

void gcFullCollect(VM& vm) {
    Collector& gc = vm.gc;
    if (gc.finalizerDepth > 0 || gc.closing) return;
    StepStart start = stepStart(vm);
    // Finish the cycle in progress (its marks may be stale), then run a
    // complete one, finalizers included.
    if (gc.state != GcState::Pause) runUntilState(vm, GcState::Pause);
    singleUnit(vm);
    while (gc.state != GcState::Pause)
        maybeValidate(vm, singleUnit(vm));
    maybeValidate(vm, 0);
    updateDebt(vm);
    recordStep(vm, 0, start);
}

void gcFreeAll(VM& vm) {
    Collector& gc = vm.gc;
    // Leave any half-done atomic: no more marking will happen.
    gc.chunkTable = nullptr;
    gc.chunkThread = nullptr;
    gc.state = GcState::CallFinalizers;
    gc.atomicStep = AtomicStep::Remark;
    gc.closing = true; // no new finalizers register from here on
    separateFinalizable(vm, true);
    while (gc.tobefnz)
        callOneFinalizer(vm);
    for (GCObject** list : {&gc.allgc, &gc.finobj, &gc.tobefnz, &gc.fixed}) {
        while (GCObject* o = *list) {
            *list = o->next;
            freeOne(vm, o);
        }
    }
    gc.threads.clear();
    gc.gray = gc.grayagain = gc.weak = gc.ephemeron = gc.allweak = nullptr;
    gc.sweepCursor = nullptr;
}

void gcReviveString(VM& vm, String* s) {
    Collector& gc = vm.gc;
    if (s->marked & otherWhite(gc)) {
        makeCurrentWhite(gc, s); // dead but not yet swept: alive again
    } else if (gc.state == GcState::Atomic && isWhite(s)) {
        makeBlack(s); // unmarked during atomic: would die at the flip
    }
}

bool gcIsDead(const VM& vm, const GCObject* o) {
    const Collector& gc = vm.gc;
    if (o->marked & otherWhite(gc)) return true;
    return gc.state == GcState::Atomic && isWhite(o);
}

void gcCheckFinalizer(VM& vm, GCObject* o, Table* mt) {
    Collector& gc = vm.gc;
    if ((o->marked & kFinalizedBit) || gc.closing || !mt) return;
    if (!fastMetamethod(vm, mt, Metamethod::Gc)) return;
    GCObject** link = &gc.allgc;
    while (*link && *link != o)
        link = &(*link)->next;
    if (!*link) return; // not on allgc (fixed): cannot be finalized
    if (isSweepState(gc.state)) {
        makeCurrentWhite(gc, o); // the sweeper may not see it again
        if (gc.sweepCursor == &o->next) gc.sweepCursor = link;
    }
    *link = o->next;
    o->next = gc.finobj;
    gc.finobj = o;
    o->marked |= kFinalizedBit;
}

void gcMarkValue(VM& vm, const Value& v) {
    markValue(vm, v);
}

void gcBarrierForward(VM& vm, GCObject* parent, GCObject* child) {
    Collector& gc = vm.gc;
    gc.counters.barriersForward++;
    emit(vm, GcEventKind::BarrierForward, parent, child->id);
    if (isMarkingState(gc.state)) {
        markObject(vm, child); // keep the invariant: the child is no longer white
    } else {
        makeCurrentWhite(gc, parent); // sweeping: no invariant; avoid further barriers
    }
}

void gcBarrierBack(VM& vm, GCObject* parent) {
    Collector& gc = vm.gc;
    gc.counters.barriersBack++;
    emit(vm, GcEventKind::BarrierBack, parent);
    if (isMarkingState(gc.state)) {
        if (parent == gc.chunkTable) gc.chunkTable = nullptr; // atomic will redo it whole
        makeGray(parent);
        linkGray(gc, parent, GrayList::GrayAgain);
    } else {
        makeCurrentWhite(gc, parent);
    }
}

void gcBarrierTable(VM& vm, Table* t, GCObject* child) {
    if (isMarkingState(vm.gc.state) && tableSlots(t) > kChunkSlots) {
        gcBarrierForward(vm, t, child);
        return;
    }
    gcBarrierBack(vm, t);
}

const char* gcStateName(GcState s) {
    static constexpr const char* names[kGcStateCount] = {
        "pause",       "propagate",    "enteratomic", "atomic",        "sweepallgc",
        "sweepfinobj", "sweeptobefnz", "sweepend",    "callfinalizers"};
    return names[int(s)];
}

const char* gcAtomicStepName(AtomicStep s) {
    static constexpr const char* names[kAtomicStepCount] = {
        "remark",    "convergeephemerons", "clearweakvalues", "separatefinalizable",
        "resurrect", "clearweakkeys",      "flipwhite"};
    return names[int(s)];
}

// Internal entry points for introspect.cpp (declared there).
int64_t gcSingleUnit(VM& vm) {
    if (vm.gc.finalizerDepth > 0 || vm.gc.closing) return 0;
    StepStart start = stepStart(vm);
    int64_t work = singleUnit(vm);
    updateDebt(vm);
    recordStep(vm, work, start);
    maybeValidate(vm, work);
    return work;
}

} // namespace tricolor
