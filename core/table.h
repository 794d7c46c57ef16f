// table.h — Lua tables: an array part and a hash part.
//
// Keys 1..arraySize live in `array` (a plain Value array, nil = absent); all
// other keys live in the hash part, a power-of-two array of TableNodes with
// collision chains threaded through `nextOffset` (open hashing inside one
// block, no per-entry allocation). A key is removed by setting its value to
// nil; the node keeps its key (later marked Tag::DeadKey by the collector if
// the key object dies) so that `next` can continue an iteration across
// removals. The hash part is rebuilt only when an insertion finds no free
// node; the rebuild counts integer keys to choose a new array size so that
// more than half of the array slots are in use (the manual's border rules for
// `#` then hold with a binary search).
//
// Reads never allocate and never raise. Writes may allocate (and so raise a
// memory error) and raise "index is nil" / "index is NaN". Every write runs
// the table's backward barrier (gc.h). Any write of a new key resets the
// metamethod-absence cache, so a table used as a metatable is re-checked.
//
// Owner: the objects helper (table.cpp).
#pragma once

#include <cstdint>

#include "core/object.h"

namespace tricolor {

Table* newTable(VM& vm, uint32_t arraySizeHint = 0, uint32_t hashSizeHint = 0);

// Raw reads: return a pointer to the stored value, or to a shared nil when
// the key is absent. The pointer is valid until the next write to the table.
const Value* tableGet(const Table* t, const Value& key);
const Value* tableGetInt(const Table* t, Integer key);
const Value* tableGetStr(const Table* t, const String* key);

// Raw writes (rawset semantics). Float keys with an integer value are
// normalised to integers (t[1.0] is t[1]).
void tableSet(VM& vm, Table* t, const Value& key, const Value& value);
void tableSetInt(VM& vm, Table* t, Integer key, const Value& value);
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
// ("invalid key to 'next'?").
bool tableNext(const Table* t, Value& key, Value& value, bool& invalidKey);

// Resizes both parts (table.move / SETLIST / NEWTABLE hints / GC shrinking).
void tableResize(VM& vm, Table* t, uint32_t arraySize, uint32_t hashSize);

// --- For the collector and introspection -------------------------------------
uint32_t tableNodeCount(const Table* t); // number of nodes in the hash part (0 when empty)
inline Value* tableArray(Table* t) { return t->array; }
TableNode* tableNodes(Table* t); // valid when tableNodeCount(t) > 0
// Bytes owned by the table besides its struct (array + nodes).
size_t tablePartsSize(const Table* t);
// Frees the array and hash parts (the collector frees the struct).
void tableFreeParts(VM& vm, Table* t);

} // namespace tricolor
