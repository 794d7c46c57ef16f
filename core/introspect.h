// introspect.h — the collector seen from outside: the ONLY interface the
// visualizer, the web page and the `gc` Lua library use to look at and drive
// the collector.
//
// What it offers:
//   - stepping: one unit (one gray object blackened or one chunk of a large
//     table, one object swept, one finalizer called, one atomic sub-step),
//     one phase, one cycle, or run until a condition (an object changes
//     colour, a state is entered, a finalizer is called, the validator
//     fails);
//   - the heap: every object with its stable id, type, size, colour, flags,
//     gray list, age and allocation site; the labelled edges out of an
//     object; the roots;
//   - events: install a GcObserver (gc.h) in vm.gc.observer; the collector
//     then reports every shade, blacken, barrier, free, separation,
//     resurrection, finalizer call, weak-entry clearing and state change.
//     With no observer the mutator pays one predictable branch per event site;
//   - counters: bytes in use, debt, threshold, objects by colour, work and
//     time per step.
//
// Everything here is plain structs and callbacks: no UI code, no allocation
// in the VM's heap (so looking never changes what is looked at), except
// that stepping runs finalizers, which are Lua code.
//
// Invariants: enumeration never marks, never allocates VM memory, never
// changes colours. Stepping is refused (returns false / 0) while a finalizer
// runs or the VM is closing.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/gc.h"
#include "core/object.h"

namespace tricolor {

// ---------------------------------------------------------------------------
// Colours and flags

enum class GcColour : uint8_t { WhiteCurrent, WhiteOther, Gray, Black };
const char* gcColourName(GcColour c); // "white", "white(other)", "gray", "black"
GcColour gcColourOf(const VM& vm, const GCObject* o);

enum GcObjectFlags : uint32_t {
    kObjFinalizable = 1 << 0,   // has a pending finalizer (on finobj)
    kObjToBeFinalized = 1 << 1, // separated: on tobefnz, finalizer not yet called
    kObjResurrected = 1 << 2,   // was dead and revived for a finalizer
    kObjFixed = 1 << 3,         // permanent
    kObjWeakKeys = 1 << 4,      // table with weak keys (cached mode)
    kObjWeakValues = 1 << 5,    // table with weak values
    kObjChunked = 1 << 6,       // large table being traversed in chunks right now
    kObjDead = 1 << 7,          // other white while sweeping: will be freed
};

struct GcObjectInfo {
    const GCObject* object;
    uint64_t id;
    Tag tag;
    const char* typeName; // "string", "table", "function", "userdata", "thread", "proto", "upvalue"
    size_t size;          // objectSize
    GcColour colour;
    uint32_t flags; // GcObjectFlags
    GrayList grayList;
    uint8_t age;   // cycles survived (saturates at 31)
    uint32_t site; // index into vm.sites (0 = unknown)
    int32_t siteLine;
    std::string siteChunk; // chunk name of the site ("" when unknown)
};

GcObjectInfo gcObjectInfo(const VM& vm, const GCObject* o);
// Calls fn for every object (allgc, finobj, tobefnz, fixed, in that order).
void gcEnumerateHeap(const VM& vm, const std::function<void(const GcObjectInfo&)>& fn);
// The object with that id, or null (linear search).
GCObject* gcFindObject(const VM& vm, uint64_t id);
const char* gcTypeName(Tag tag);

// ---------------------------------------------------------------------------
// Edges

enum class GcEdgeKind : uint8_t {
    TableKey,   // a key object of a table entry
    TableValue, // the value of a table entry (label: the key, "[3]" or "name")
    ArrayItem,  // array part value (index)
    Metatable,
    Upvalue,      // closure -> upvalue object / host closure upvalue value (label: name)
    UpvalueValue, // upvalue -> its value
    Proto,        // closure -> proto, proto -> nested proto
    Constant,     // proto -> constant
    DebugName,    // proto -> source/variable name strings
    UserValue,    // userdata -> user value
    StackSlot,    // thread -> stack slot (index; frame)
    ErrorValue,   // thread -> error value being unwound
    OpenUpvalue,  // thread -> open upvalue
};

struct GcEdge {
    const GCObject* from;
    const GCObject* to;
    GcEdgeKind kind;
    bool weak;      // a weak reference (weak table key/value)
    uint32_t index; // array index (1-based), stack slot, upvalue or constant index
    int32_t frame;  // StackSlot: frame index owning the slot (-1: above every frame)
    Value key;      // TableKey/TableValue: the entry's key
};

// Calls fn for every reference from `o` to a collectable object (dead keys
// and empty table entries are skipped).
void gcEnumerateEdges(const VM& vm, const GCObject* o,
                      const std::function<void(const GcEdge&)>& fn);
// A human label: "field 'x'", "[3]", "key", "metatable", "upvalue 'n'",
// "stack slot 4 (frame 2)", ...
std::string gcEdgeLabel(const GcEdge& e);

enum class GcRootKind : uint8_t {
    Registry,
    Globals,
    MainThread,
    CurrentThread,
    TypeMetatable, // index: LuaType
    MetamethodName,
    SiteChunk,
    ToBeFinalized,
    Inbox, // the worker message inbox (vm.inbox, core/worker.h)
};
struct GcRoot {
    GcRootKind kind;
    const GCObject* object;
    uint32_t index;
};
void gcEnumerateRoots(const VM& vm, const std::function<void(const GcRoot&)>& fn);
const char* gcRootKindName(GcRootKind k);

// ---------------------------------------------------------------------------
// Counters

struct GcStats {
    GcState state;
    AtomicStep atomicStep;
    bool mutatorLocked;
    size_t bytesInUse;
    int64_t debt;
    size_t threshold;
    uint64_t objects, white, whiteOther, gray, black;
    uint64_t finobj, tobefnz, fixed;
    GcCounters counters;
};
GcStats gcStats(const VM& vm);
// gcStats without the counts by colour and list (objects ... fixed stay 0): those need a walk
// over the whole heap, this reads only the collector's scalars (cheap enough for every frame).
GcStats gcStatsWithoutCounts(const VM& vm);

// ---------------------------------------------------------------------------
// Stepping

// One unit of work; returns false if stepping is refused right now.
bool gcStepUnit(VM& vm);
// Units until the state changes (in atomic: one sub-step is one unit).
bool gcStepPhase(VM& vm);
// Units until the collector is back in pause (from pause: a whole cycle).
bool gcStepCycle(VM& vm);
// Units until `state` is entered (at most maxUnits).
bool gcStepTo(VM& vm, GcState state, uint64_t maxUnits = UINT64_MAX);

enum class GcStopReason : uint8_t { Condition, UnitLimit, Refused };
// Runs units until stop(event) returns true for an event seen, or (if
// afterUnit is given) afterUnit() returns true after a unit.
GcStopReason gcRunUntil(VM& vm, const std::function<bool(const GcEvent&)>& stop,
                        uint64_t maxUnits = 10000000);
// Common conditions.
GcStopReason gcRunUntilColourChange(VM& vm, const GCObject* o, uint64_t maxUnits = 10000000);
GcStopReason gcRunUntilState(VM& vm, GcState s, uint64_t maxUnits = 10000000);
GcStopReason gcRunUntilFinalizer(VM& vm, uint64_t maxUnits = 10000000);
GcStopReason gcRunUntilValidatorFails(VM& vm, uint64_t maxUnits = 10000000);

// The state name <-> enum (gcStateName is in gc.h).
bool gcStateFromName(const char* name, GcState& out);

} // namespace tricolor
