// string.cpp — the intern table and the string hash (see string.h).
//
// The intern table is an array of bucket chains (String::hashNext), doubled
// whenever the strings outnumber the buckets, so chains stay about one
// string long. It never shrinks.
//
// The hash reads whole 8-byte words (little-endian loads, so the native and
// the WebAssembly builds agree, which recordings rely on): strings of up to
// 16 bytes take two overlapping word loads and no loop; longer ones run four
// independent multiply-rotate lanes over 32-byte blocks, so a long string
// hashes at several bytes per cycle. A final avalanche spreads every input
// bit over the result, so the low bits that pick a bucket are good.
#include "core/string.h"

#include <cstring>
#include <initializer_list>

#include "core/gc.h"
#include "core/memory.h"
#include "core/vm.h"

namespace tricolor {

namespace {

constexpr uint64_t kGolden = 0x9E3779B97F4A7C15ull; // 2^64 / golden ratio
constexpr uint64_t kMulA = 0xC2B2AE3D27D4EB4Full;
constexpr uint64_t kMulB = 0xFF51AFD7ED558CCDull;
constexpr uint64_t kMulC = 0xC4CEB9FE1A85EC53ull;

constexpr uint32_t kInitialBuckets = 256;

inline uint64_t load64(const char* p) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}

inline uint64_t load32(const char* p) {
    uint32_t w;
    std::memcpy(&w, p, 4);
    return w;
}

inline uint64_t rotl(uint64_t x, int r) {
    return (x << r) | (x >> (64 - r));
}

// One lane step: absorbs a word into an accumulator.
inline uint64_t absorb(uint64_t acc, uint64_t word) {
    acc += word * kMulA;
    acc = rotl(acc, 31);
    return acc * kGolden;
}

// Spreads every bit of h over all 64 bits.
inline uint64_t avalanche(uint64_t h) {
    h ^= h >> 33;
    h *= kMulB;
    h ^= h >> 29;
    h *= kMulC;
    h ^= h >> 32;
    return h;
}

// The 1..7 trailing bytes as one word. Together with the length (which the
// callers mix in) the word determines the bytes: two overlapping 4-byte
// loads for 4..7 bytes, first/middle/last byte for 1..3.
inline uint64_t tailWord(const char* p, size_t n) {
    if (n >= 4) return load32(p) | (load32(p + n - 4) << 32);
    return uint64_t(uint8_t(p[0])) | uint64_t(uint8_t(p[n >> 1])) << 8 |
           uint64_t(uint8_t(p[n - 1])) << 16;
}

// Strings of at most 16 bytes: no loop.
inline uint64_t hashShort(uint64_t seed, const char* p, size_t n) {
    uint64_t h = seed ^ (uint64_t(n) * kGolden);
    if (n >= 8) {
        h = absorb(h, load64(p));
        h ^= absorb(kMulC, load64(p + n - 8));
    } else if (n > 0) {
        h = absorb(h, tailWord(p, n));
    }
    return avalanche(h);
}

uint64_t hashLong(uint64_t seed, const char* p, size_t n) {
    const char* end = p + n;
    uint64_t h;
    if (n >= 32) {
        uint64_t lane0 = seed + kGolden + kMulA, lane1 = seed + kMulA, lane2 = seed,
                 lane3 = seed - kGolden;
        for (; end - p >= 32; p += 32) {
            lane0 = absorb(lane0, load64(p));
            lane1 = absorb(lane1, load64(p + 8));
            lane2 = absorb(lane2, load64(p + 16));
            lane3 = absorb(lane3, load64(p + 24));
        }
        h = rotl(lane0, 1) + rotl(lane1, 7) + rotl(lane2, 12) + rotl(lane3, 18);
        for (uint64_t lane : {lane0, lane1, lane2, lane3})
            h = (h ^ absorb(0, lane)) * kGolden + kMulC;
    } else {
        h = seed + kMulC;
    }
    h += uint64_t(n);
    for (; end - p >= 8; p += 8)
        h = rotl(h ^ absorb(0, load64(p)), 27) * kGolden + kMulB;
    if (p < end) h = rotl(h ^ absorb(0, tailWord(p, size_t(end - p))), 23) * kMulA;
    return avalanche(h);
}

inline uint32_t fold(uint64_t h) {
    return uint32_t(h ^ (h >> 32));
}

inline String** bucketFor(StringTable& st, uint32_t hash) {
    return &st.buckets[hash & (st.bucketCount - 1)];
}

// Doubles the bucket array. The new array is allocated before anything is
// touched, so a memory error leaves the table as it was.
void growBuckets(VM& vm) {
    StringTable& st = vm.strings;
    const uint32_t newCount = st.bucketCount * 2;
    String** fresh = memAllocArray<String*>(vm, newCount);
    std::memset(fresh, 0, sizeof(String*) * newCount);
    for (uint32_t i = 0; i < st.bucketCount; i++) {
        for (String* s = st.buckets[i]; s;) {
            String* next = s->hashNext;
            String** slot = &fresh[s->hash & (newCount - 1)];
            s->hashNext = *slot;
            *slot = s;
            s = next;
        }
    }
    memFreeArray(vm, st.buckets, st.bucketCount);
    st.buckets = fresh;
    st.bucketCount = newCount;
}

// Looks the bytes up in their bucket; a dead-but-unswept match is revived.
inline String* findInterned(VM& vm, uint32_t hash, const char* bytes, size_t length) {
    for (String* s = *bucketFor(vm.strings, hash); s; s = s->hashNext) {
        if (s->hash == hash && s->length == length &&
            (length == 0 || std::memcmp(s->data(), bytes, length) == 0)) {
            if (gcIsDead(vm, s)) gcReviveString(vm, s);
            return s;
        }
    }
    return nullptr;
}

String* createString(VM& vm, uint32_t hash, const char* bytes, size_t length) {
    if (length >= UINT32_MAX) raiseMemoryError(vm);
    StringTable& st = vm.strings;
    if (st.count >= st.bucketCount) growBuckets(vm);
    String* s = newObject<String>(vm, Tag::String, length + 1);
    s->hash = hash;
    s->length = uint32_t(length);
    if (length) std::memcpy(s->mutableData(), bytes, length);
    s->mutableData()[length] = '\0';
    String** bucket = bucketFor(st, hash);
    s->hashNext = *bucket;
    *bucket = s;
    st.count++;
    return s;
}

} // namespace

uint32_t hashBytes(uint64_t seed, const char* bytes, size_t length) {
    return fold(length <= 16 ? hashShort(seed, bytes, length) : hashLong(seed, bytes, length));
}

void stringTableInit(VM& vm) {
    StringTable& st = vm.strings;
    st.buckets = memAllocArray<String*>(vm, kInitialBuckets);
    std::memset(st.buckets, 0, sizeof(String*) * kInitialBuckets);
    st.bucketCount = kInitialBuckets;
    st.count = 0;
}

void stringTableFree(VM& vm) {
    StringTable& st = vm.strings;
    memFreeArray(vm, st.buckets, st.bucketCount);
    st.buckets = nullptr;
    st.bucketCount = 0;
    st.count = 0;
}

void stringTableRemove(VM& vm, String* s) {
    StringTable& st = vm.strings;
    if (st.bucketCount == 0) return;
    for (String** link = bucketFor(st, s->hash); *link; link = &(*link)->hashNext) {
        if (*link == s) {
            *link = s->hashNext;
            st.count--;
            return;
        }
    }
}

String* internString(VM& vm, const char* bytes, size_t length) {
    const uint64_t seed = vm.options.hashSeed;
    if (length <= 16) {
        // Short strings (names, keys, most literals): no hashing loop.
        const uint32_t hash = fold(hashShort(seed, bytes, length));
        if (String* s = findInterned(vm, hash, bytes, length)) return s;
        return createString(vm, hash, bytes, length);
    }
    const uint32_t hash = fold(hashLong(seed, bytes, length));
    if (String* s = findInterned(vm, hash, bytes, length)) return s;
    return createString(vm, hash, bytes, length);
}

} // namespace tricolor
