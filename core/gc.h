// gc.h — the incremental collector's interface (PROVISIONAL: the collector
// helper owns this file and will replace this header with the real one,
// keeping every function declared here).
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/object.h"

namespace tricolor {

// Colour bits in GCObject::marked.
constexpr uint8_t kWhite0Bit = 1 << 0;
constexpr uint8_t kWhite1Bit = 1 << 1;
constexpr uint8_t kBlackBit = 1 << 2;
constexpr uint8_t kFinalizedBit = 1 << 3; // has been marked for finalization (finobj)
constexpr uint8_t kWhiteBits = kWhite0Bit | kWhite1Bit;

inline bool isWhite(const GCObject* o) { return o->marked & kWhiteBits; }
inline bool isBlack(const GCObject* o) { return o->marked & kBlackBit; }
inline bool isGray(const GCObject* o) { return !(o->marked & (kWhiteBits | kBlackBit)); }

struct Collector {
    GCObject* allgc = nullptr; // every collectable object not in the lists below
    GCObject* finobj = nullptr;
    GCObject* tobefnz = nullptr;
    GCObject* fixed = nullptr;
    uint8_t currentWhite = kWhite0Bit;
    uint8_t state = 0;
    bool running = true; // false after collectgarbage("stop")
    bool stress = false;
    bool validate = false;
    int64_t debt = 0;
};

void gcInit(VM& vm);
// Puts a new object on allgc, coloured current white.
void gcLinkNewObject(VM& vm, GCObject* o);
// Makes an object permanent (never collected): metamethod names, reserved words.
void gcFix(VM& vm, GCObject* o);
// Safe point: run collector work if the debt calls for it (or in stress mode).
void gcCheck(VM& vm);
// collectgarbage("collect").
void gcFullCollect(VM& vm);
// Frees everything (VM shutdown), running pending finalizers first.
void gcFreeAll(VM& vm);
// A dead-but-unswept string found again by interning is made live again.
void gcReviveString(VM& vm, String* s);
// Is the object dead (white of the other colour) while sweeping?
bool gcIsDead(const VM& vm, const GCObject* o);

// Slow paths of the barriers below.
void gcBarrierForward(VM& vm, GCObject* parent, GCObject* child);
void gcBarrierBack(VM& vm, GCObject* parent);

// Forward barrier: run when storing `v` into a field of `parent` (upvalue,
// closure, userdata user value, metatable field of a userdata...).
inline void writeBarrier(VM& vm, GCObject* parent, const Value& v) {
    if (v.isCollectable() && isBlack(parent) && isWhite(v.gc)) gcBarrierForward(vm, parent, v.gc);
}
// Backward barrier: run when storing `v` into a table (key or value).
inline void tableBarrier(VM& vm, Table* t, const Value& v) {
    if (v.isCollectable() && isBlack(t) && isWhite(v.gc)) gcBarrierBack(vm, t);
}
// Object-to-object store (a metatable pointer, a closure's upvalue pointer).
inline void objectBarrier(VM& vm, GCObject* parent, GCObject* child) {
    if (isBlack(parent) && isWhite(child)) gcBarrierForward(vm, parent, child);
}

} // namespace tricolor
