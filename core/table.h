// table.h — Lua tables: an array part and a hash part.
//
// Keys 1..arraySize live in `array` (a plain Value array, nil = absent); all
// other keys live in the hash part, a power-of-two array of TableNodes with
// collision chains threaded through `nextOffset` (coalesced hashing inside one
// block, no per-entry allocation; table.cpp explains the insertion scheme). A
// table without a hash part points `nodes` at one shared, read-only empty
// node, so `{}` allocates nothing beyond the Table struct and lookups need no
// emptiness test.
//
// A key is removed by setting its value to nil; the node keeps its key (the
// collector may later retag a dead key object as Tag::DeadKey, keeping its
// pointer, never setting the key to nil) so that `next` can continue an
// iteration across removals. The hash part is rebuilt only when an insertion
// finds no free node; the rebuild counts integer keys to choose a new array
// size so that more than half of the array slots are in use (the manual's
// border rules for `#` then hold with a binary search).
//
// Keys: a float with an integer value is stored as that integer (t[1.0] and
// t[-0.0] are t[1] and t[0]); nil and NaN cannot be keys.
//
// Reads never allocate and never raise. Writes may allocate (and so raise a
// memory error) and raise "table index is nil" / "table index is NaN". A
// failed allocation leaves the table exactly as it was. Every write runs the
// table's backward barrier (gc.h) for the value, and for the key when the key
// is new. Any write of a new key (or of a value for a removed key) resets the
// metamethod-absence cache, so a table used as a metatable is re-checked.
//
// Owner: the objects helper (table.cpp).
#pragma once

#include <cstdint>

#include "core/gc.h"
#include "core/object.h"

namespace tricolor {

Table* newTable(VM& vm, uint32_t arraySizeHint = 0, uint32_t hashSizeHint = 0);

// Raw reads: return a pointer to the stored value, or to a shared nil when
// the key is absent. The pointer is valid until the next write to the table.
const Value* tableGet(const Table* t, const Value& key);
inline const Value* tableGetInt(const Table* t, Integer key);       // inline, below
inline const Value* tableGetStr(const Table* t, const String* key); // inline, below

// Raw writes (rawset semantics). Float keys with an integer value are
// normalised to integers (t[1.0] is t[1]).
void tableSet(VM& vm, Table* t, const Value& key, const Value& value);
inline void tableSetInt(VM& vm, Table* t, Integer key, const Value& value); // inline, below
void tableSetStr(VM& vm, Table* t, String* key, const Value& value);

// Fast path for the interpreter: the slot holding a present (non-nil) value
// for `key`, or nullptr if the key is absent (the caller then checks
// __newindex and falls back to tableSet). Storing through the slot requires
// tableBarrier(vm, t, value) by the caller.
Value* tableFindSlot(Table* t, const Value& key);

// The border `#t` as the manual defines it (raw, no __len).
Integer tableLength(const Table* t);

// Iteration for `next`: given the previous key (nil to start), sets `key` and
// `value` to the next entry and returns true, or returns false at the end.
// Returns false and sets `invalidKey` when `key` is not in the table
// (lua5.4's message: "invalid key to 'next'").
bool tableNext(const Table* t, Value& key, Value& value, bool& invalidKey);

// Resizes both parts (table.move / SETLIST / NEWTABLE hints / GC shrinking):
// the array part gets exactly `arraySize` slots (entries beyond it move to the
// hash part); `hashSize` is a minimum, the hash part always grows enough to
// hold every entry that is not in the array part.
void tableResize(VM& vm, Table* t, uint32_t arraySize, uint32_t hashSize);

// --- For the collector and introspection -------------------------------------
uint32_t tableNodeCount(const Table* t); // number of nodes in the hash part (0 when empty)
inline Value* tableArray(Table* t) {
    return t->array;
}
TableNode* tableNodes(Table* t); // valid when tableNodeCount(t) > 0
// Bytes owned by the table besides its struct (array + nodes).
size_t tablePartsSize(const Table* t);
// Frees the array and hash parts (the collector frees the struct).
void tableFreeParts(VM& vm, Table* t);

// --- Inline fast paths ---------------------------------------------------------
// What an absent key reads as: a shared, read-only nil.
inline constexpr Value kAbsentValue{};

// Out-of-line halves of the inline functions below.
const Value* tableGetIntFromHash(const Table* t, Integer key);
void tableSetIntInHash(VM& vm, Table* t, Integer key, const Value& value);

inline uint32_t tableHashMask(const Table* t) {
    return (1u << t->log2NodeCount) - 1;
}

// Keys 1..arraySize: one bounds check (0 and negatives wrap to huge).
inline const Value* tableGetInt(const Table* t, Integer key) {
    if (uint64_t(key) - 1 < t->arraySize) return &t->array[key - 1];
    return tableGetIntFromHash(t, key);
}

// A pointer-compare walk along the key's collision chain. A table without a
// hash part points at a shared empty node (nil key, no chain), so there is no
// special case.
inline const Value* tableGetStr(const Table* t, const String* key) {
    const TableNode* n = &t->nodes[key->hash & tableHashMask(t)];
    const GCObject* wanted = key;
    for (;;) {
        if (n->key.gc == wanted && n->key.tag == Tag::String) return &n->value;
        if (n->nextOffset == 0) return &kAbsentValue;
        n += n->nextOffset;
    }
}

inline void tableSetInt(VM& vm, Table* t, Integer key, const Value& value) {
    if (uint64_t(key) - 1 < t->arraySize) {
        t->array[key - 1] = value;
        tableBarrier(vm, t, value);
        return;
    }
    tableSetIntInHash(vm, t, key, value);
}

} // namespace tricolor
