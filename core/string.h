// string.h — interned strings.
//
// Every Lua string is interned: the VM keeps one String object per distinct
// byte sequence, found through a chained hash table (StringTable). Interning
// makes equality a pointer compare and lets tables hash string keys by the
// precomputed `hash`. The hash is seeded per VM (VMOptions::hashSeed) so that
// a recording can reproduce table iteration order exactly.
//
// Strings are collectable: when the collector frees a String it is first
// removed from the intern table (stringTableRemove). A string that is dead
// (white of the previous cycle) but not yet swept may be found again by
// interning; internString then revives it (gc.h: gcReviveString) instead of
// creating a duplicate.
//
// The hash reads the bytes a word at a time (string.cpp), so interning a long
// string costs little more than copying it. A new String has reservedWord 0;
// code that fixes a string for good (gcFix: reserved words, metamethod names)
// may tag it there, since a fixed string is never recreated.
//
// Owner: the objects helper (string.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/object.h"

namespace tricolor {

struct StringTable {
    String** buckets = nullptr;
    uint32_t bucketCount = 0; // a power of two
    uint32_t count = 0;       // strings in the table
};

uint32_t hashBytes(uint64_t seed, const char* bytes, size_t length);

// Creates the table (called once by VM creation).
void stringTableInit(VM& vm);
// Frees the bucket array (VM shutdown, after every string was freed).
void stringTableFree(VM& vm);
// Removes a string that the collector is about to free.
void stringTableRemove(VM& vm, String* s);

// Returns the unique String with these bytes, creating it if needed.
String* internString(VM& vm, const char* bytes, size_t length);
inline String* internString(VM& vm, std::string_view s) {
    return internString(vm, s.data(), s.size());
}

inline std::string_view view(const String* s) {
    return {s->data(), s->length};
}

} // namespace tricolor
