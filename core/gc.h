// gc.h — the incremental tri-colour collector: its state and its interface.
//
// What it owns. Every collectable object lives on exactly one of four lists
// threaded through GCObject::next:
//   allgc    ordinary objects;
//   finobj   objects whose metatable had __gc when it was set (they have a
//            finalizer that has not run yet);
//   tobefnz  objects found dead that wait for their finalizer to be called;
//   fixed    permanent objects (metamethod names, reserved words: strings).
// Objects that have children and are waiting to be traversed sit on one of
// the gray lists (gray, grayagain, weak, ephemeron, allweak), threaded
// through their own `gclist` field. The collector state machine (GcState)
// is explained in the essay at the top of gc.cpp.
//
// Colours live in GCObject::marked: two white bits (the "current" white
// alternates every cycle, so that after marking the objects with the *other*
// white are exactly the dead ones), a black bit, and gray = none of them.
// GCObject::gcinfo holds introspection-only bookkeeping: which gray list the
// object is on (low 3 bits) and its age in survived cycles (high 5 bits).
//
// Invariants it keeps:
//   - While marking (propagate, enter-atomic, atomic) no black object points
//     to a white object, except a large table being traversed in chunks
//     (`chunkTable`), which is black with its unscanned part still pending
//     (a chunked weak table stays gray instead).
//     Mutator stores keep this with the barriers below (forward for large
//     tables, so that atomic does not re-traverse them).
//   - While sweeping, no live object points to a dead (other-white) object.
//   - Between enter-atomic and the end of atomic no Lua code runs: the
//     interpreter refuses to run while gcMutatorLocked(vm) is true.
//   - Fixed objects are gray forever and must have no children.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/object.h"

namespace tricolor {

// Colour and finalizer bits in GCObject::marked.
constexpr uint8_t kWhite0Bit = 1 << 0;
constexpr uint8_t kWhite1Bit = 1 << 1;
constexpr uint8_t kBlackBit = 1 << 2;
constexpr uint8_t kFinalizedBit = 1 << 3;   // has a pending finalizer (on finobj or tobefnz)
constexpr uint8_t kResurrectedBit = 1 << 4; // was found dead and revived for its finalizer
constexpr uint8_t kFixedBit = 1 << 5;       // permanent (on the fixed list)
constexpr uint8_t kWhiteBits = kWhite0Bit | kWhite1Bit;
constexpr uint8_t kColourBits = kWhiteBits | kBlackBit;

inline bool isWhite(const GCObject* o) {
    return o->marked & kWhiteBits;
}
inline bool isBlack(const GCObject* o) {
    return o->marked & kBlackBit;
}
inline bool isGray(const GCObject* o) {
    return !(o->marked & kColourBits);
}

// The collector's states, in the order a cycle visits them (Lua 5.4's).
enum class GcState : uint8_t {
    Pause,          // between cycles; the next step marks the roots
    Propagate,      // blacken gray objects one by one; the mutator interleaves
    EnterAtomic,    // the gray list is empty; the next step starts atomic
    Atomic,         // the atomic sub-steps (AtomicStep); mutator locked
    SweepAllgc,     // free dead objects of allgc, whiten the survivors
    SweepFinobj,    // whiten finobj (nothing in it can be dead)
    SweepTobefnz,   // whiten tobefnz
    SweepEnd,       // sweeping done
    CallFinalizers, // call pending finalizers one by one, then pause
};
constexpr int kGcStateCount = 9;

// The atomic phase, cut into sub-steps a visualizer can single-step.
enum class AtomicStep : uint8_t {
    Remark,              // mark roots again, drain gray and grayagain
    ConvergeEphemerons,  // re-traverse ephemeron tables until nothing new is marked
    ClearWeakValues,     // remove dead values from weak-value tables
    SeparateFinalizable, // move dead objects with finalizers from finobj to tobefnz
    Resurrect,           // mark them (and all they reach) so they survive for __gc
    ClearWeakKeys,       // remove dead keys (and values of resurrected objects)
    FlipWhite,           // swap the current white: the unmarked become "dead"
};
constexpr int kAtomicStepCount = 7;

// Which gray list an object is on (GCObject::gcinfo low bits).
enum class GrayList : uint8_t { None, Gray, GrayAgain, Weak, Ephemeron, AllWeak };

inline GrayList grayListOf(const GCObject* o) {
    return GrayList(o->gcinfo & 7);
}
inline uint8_t ageOf(const GCObject* o) {
    return o->gcinfo >> 3;
}

// What the collector tells an observer (introspect.h documents each kind).
enum class GcEventKind : uint8_t {
    StateEntered,
    AtomicStepDone,
    Shaded,    // white -> gray (or white -> black for leaves)
    Blackened, // gray -> black (one traversal, or the last chunk of a table)
    BarrierForward,
    BarrierBack,
    Freed,
    Separated,   // moved to tobefnz
    Resurrected, // marked for its finalizer
    FinalizerCalled,
    WeakEntryCleared,
    ValidatorFailed,
};

struct GcEvent {
    GcEventKind kind;
    GcState state;         // the collector state when it happened
    AtomicStep atomicStep; // meaningful in Atomic
    uint64_t objectId = 0; // the object concerned (0 = none)
    Tag objectTag = Tag::Nil;
    uint64_t otherId = 0; // barrier: the child; weak clearing: the cleared key/value
};

using GcObserver = std::function<void(VM&, const GcEvent&)>;

// Counters for the host (all cumulative unless said otherwise).
struct GcCounters {
    uint64_t cycles = 0;
    uint64_t steps = 0;        // incremental steps (debt-driven or explicit)
    uint64_t units = 0;        // single units of work done
    uint64_t lastStepWork = 0; // work units of the last step
    double lastStepMs = 0;     // wall time of the last step
    double maxStepMs = 0;      // worst step so far
    uint64_t objectsFreed = 0;
    uint64_t bytesFreed = 0;
    uint64_t finalizersCalled = 0;
    uint64_t barriersForward = 0;
    uint64_t barriersBack = 0;
};

// Calls a finalizer `fn(obj)`: returns true on success, else false with the
// error value in `error`. Installed by the interpreter (interp.h); without it
// finalizers are skipped.
// One collector step as a benchmark sees it (Collector::stepLog).
struct GcStepSample {
    float ms;     // wall time
    float cpuMs;  // process CPU time (on a loaded machine wall time includes preemption)
    int64_t work; // units of work done
    GcState from; // state when the step started
    GcState to;   // state when it ended
};

using FinalizerCaller = bool (*)(VM& vm, Value fn, Value obj, Value& error);

struct Collector {
    // Object lists (see the top of this file).
    GCObject* allgc = nullptr;
    GCObject* finobj = nullptr;
    GCObject* tobefnz = nullptr;
    GCObject* fixed = nullptr;

    // Gray lists (threaded through each object's gclist).
    GCObject* gray = nullptr;
    GCObject* grayagain = nullptr;
    GCObject* weak = nullptr;
    GCObject* ephemeron = nullptr;
    GCObject* allweak = nullptr;

    uint8_t currentWhite = kWhite0Bit;
    GcState state = GcState::Pause;
    AtomicStep atomicStep = AtomicStep::Remark; // next sub-step while state == Atomic
    GCObject** sweepCursor = nullptr;           // link to the next object to sweep

    // A large table traversed in bounded chunks (black while pending).
    Table* chunkTable = nullptr;
    uint32_t chunkCursor = 0;
    const void* chunkArray = nullptr; // layout at the start, to detect a resize
    const void* chunkNodes = nullptr;
    uint32_t chunkSlots = 0;
    const void* chunkLastFree = nullptr; // a node claimed since: entries may have moved
    uint8_t chunkWeakMode = 0; // a weak table: gray on grayagain, strong parts marked early
    // A thread with a deep stack traversed in bounded chunks during
    // propagation (it stays gray: atomic traverses every thread again).
    Thread* chunkThread = nullptr;
    uint32_t chunkThreadCursor = 0;
    // Rounds of re-traversing grayagain tables before atomic this cycle
    // (keeps atomic short; see "KEEPING ATOMIC SHORT" in gc.cpp).
    uint8_t preAtomicRounds = 0;

    // Pacing (Lua 5.4's parameters).
    bool running = true;           // false after collectgarbage("stop")
    bool generationalMode = false; // reported by collectgarbage; collection stays incremental
    int pause = 200;               // percent: wait until the heap grows to pause% of the live size
    int stepMul = 100;             // work per allocated byte, in percent
    int stepSizeLog2 = 13;         // a step every 2^13 bytes of allocation
    size_t threshold = 0;          // bytesInUse at which the next step is due
    int64_t debt = 0;              // bytesInUse - threshold, updated at each check/step
    uint64_t markedCount = 0;      // objects marked this cycle (convergence detection)
    // Heads of the weak and allweak lists when ClearWeakValues ran: later
    // atomic sub-steps clear only tables listed in front of them.
    GCObject* weakCleared = nullptr;
    GCObject* allweakCleared = nullptr;

    // Finalizers.
    FinalizerCaller callFinalizer = nullptr; // gcInit installs the interpreter's (callNested)
    int finalizerDepth = 0;                  // > 0 while a finalizer runs: no collector steps
    bool closing = false;                    // gcFreeAll running: no new finalizers register

    // Debugging switches.
    bool stress = false;   // run a step at every safe point
    bool validate = false; // run the validator after steps (amortised, see below)
    // With `validate`: run it after literally every step, not amortised.
    // Costs (docs/gc-pauses.md): ~5x CPU over corpus files in release, ~8x
    // under ASan for tests/lua/gc (lesson1.lua: 17 s CPU under ASan).
    bool validateEveryStep = false;
    bool validationFailed = false;
    // The validator costs O(heap): after every step it runs only once the
    // collector did as much work as the last validation cost, and always
    // when the state changed (so stress + validate stays linear).
    uint64_t validationCost = 0; // objects + edges checked last time
    uint64_t workSinceValidation = 0;
    GcState lastValidatedState = GcState::Pause;
    std::string validationMessage; // the first failure

    // Introspection.
    GcObserver observer;                     // optional; empty = no events
    std::function<void(VM&)> markExtraRoots; // e.g. the message inbox
    GcCounters counters;
    // Optional: every step (paced, stress, explicit unit) is appended here
    // (bench/gc_pause.cpp). Host memory, not the VM's heap.
    std::vector<GcStepSample>* stepLog = nullptr;

    // Every live thread, to re-mark the open upvalues of unmarked ones in
    // atomic (rebuilt at each flip; new threads are appended).
    std::vector<Thread*> threads;
};

void gcInit(VM& vm);
// Puts a new object on allgc, coloured current white (black during atomic).
void gcLinkNewObject(VM& vm, GCObject* o);
// Makes an object permanent (never collected): metamethod names, reserved
// words. Only objects without children (strings).
void gcFix(VM& vm, GCObject* o);
// Safe point: run collector work if the debt calls for it (or in stress mode).
void gcCheck(VM& vm);
// collectgarbage("collect"): finish the current cycle, run a full one, call
// pending finalizers.
void gcFullCollect(VM& vm);
// Frees everything (VM shutdown), running pending finalizers first.
void gcFreeAll(VM& vm);
// Called by interning for a found string: a dead-but-unswept string is made
// live again (and one found during atomic is marked).
void gcReviveString(VM& vm, String* s);
// Is the object dead (white of the other colour, waiting to be swept)?
bool gcIsDead(const VM& vm, const GCObject* o);
// setmetatable hook: if `mt` has __gc, moves `o` (table or full userdata)
// from allgc to finobj so it will be finalized. A __gc added to the
// metatable later does not register (as in Lua 5.4).
void gcCheckFinalizer(VM& vm, GCObject* o, Table* mt);
// True between enter-atomic and the end of atomic: no Lua code may run.
bool gcMutatorLocked(const VM& vm);
// One incremental step as paced by the debt (what gcCheck runs). Returns true
// if the step finished a cycle (reached Pause).
bool gcStep(VM& vm, int64_t extraWorkBytes = 0);
// Exactly one unit of work (introspect.h builds its stepping on it). Returns
// its cost, 0 if refused (inside a finalizer, or while closing).
int64_t gcSingleUnit(VM& vm);
// Marks a value (for markExtraRoots hooks).
void gcMarkValue(VM& vm, const Value& v);
// The validator: checks the invariants above; on failure records the first
// message in validationMessage, sets validationFailed, writes it to stderr,
// and returns false.
bool gcValidate(VM& vm);
// "pause", "propagate", ... (the names gc.state() returns).
const char* gcStateName(GcState s);
const char* gcAtomicStepName(AtomicStep s);

// Slow paths of the barriers below.
void gcBarrierForward(VM& vm, GCObject* parent, GCObject* child);
void gcBarrierBack(VM& vm, GCObject* parent);
// A store of `child` into a black table: backward barrier for ordinary
// tables, forward (marks the child) for large ones, so that a big table
// written during propagation is not traversed again in atomic.
void gcBarrierTable(VM& vm, Table* t, GCObject* child);

// Forward barrier: run when storing `v` into a field of `parent` (an
// upvalue (also right after closing one: writeBarrier(vm, uv, uv->closed)), closure, userdata user
// value, metatable field of a userdata...). Marks the child (while marking) or whitens the parent
// (while sweeping).
inline void writeBarrier(VM& vm, GCObject* parent, const Value& v) {
    if (v.isCollectable() && isBlack(parent) && isWhite(v.gc)) gcBarrierForward(vm, parent, v.gc);
}
// Backward barrier: run when storing `v` into a table (key or value). Turns
// the table gray again so atomic re-traverses it (a large table instead
// marks `v`: gcBarrierTable).
inline void tableBarrier(VM& vm, Table* t, const Value& v) {
    if (v.isCollectable() && isBlack(t) && isWhite(v.gc)) gcBarrierTable(vm, t, v.gc);
}
// Object-to-object store (a metatable pointer, a closure's upvalue pointer).
inline void objectBarrier(VM& vm, GCObject* parent, GCObject* child) {
    if (isBlack(parent) && isWhite(child)) gcBarrierForward(vm, parent, child);
}

} // namespace tricolor

namespace tricolor {
// Registers `collectgarbage` in the globals and the `gc` library (gclib.cpp).
// Called by openStdlib.
void openGcLib(VM& vm);
} // namespace tricolor
