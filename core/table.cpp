// table.cpp — Lua tables (see table.h for the representation and its rules).
//
// The hash part is a coalesced hash table: every key has a main position
// (its hash, masked), and keys that collide are threaded into a chain through
// `nextOffset`, all inside the one node block. Inserting a key whose main
// position is taken:
//   - if the occupant is a guest (its own main position is elsewhere), the
//     guest moves to a free node and the new key takes its rightful place, so
//     chains never start with a stranger and stay short;
//   - otherwise the new key goes to a free node linked right after its main
//     position.
// A node whose value is nil (a removed key) in the main position is reused on
// the spot, keeping its chain link: the chain that ran through it still does.
// Free nodes (never used: nil key) are found by walking `lastFree` down from
// the end of the block; when it reaches the start the table is rebuilt
// (rehash), which also drops removed keys.
//
// Every node has at most one predecessor (each operation above moves a link,
// never duplicates one), so the chains are disjoint paths and each key is
// reachable from its main position.
//
// Hashes: strings use their intern hash; every other key goes through
// Fibonacci hashing (the top bits of key * 2^64/phi), which spreads both
// consecutive integers and strided ones (multiples of 2^k, aligned pointers)
// over the whole node block. Collectable keys hash by their object id (the
// allocation number), never by address, so `next` order depends only on the
// program and the hash seed: a replay iterates tables exactly as the original
// run did. (Light userdata and light host functions hash by address.)
#include "core/table.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "core/gc.h"
#include "core/memory.h"
#include "core/vm.h"

namespace tricolor {

namespace {

// The hash part of every table that has none: one node, nil key, no chain.
// It lives in read-only memory and is never written.
constexpr TableNode kEmptyNode{};

constexpr uint32_t kMaxLog2Array = 30; // at most 2^30 array slots
constexpr uint32_t kMaxLog2Nodes = 30; // at most 2^30 nodes
constexpr uint64_t kGolden = 0x9E3779B97F4A7C15ull;

TableNode* sharedEmptyNode() {
    return const_cast<TableNode*>(&kEmptyNode);
}
inline bool hasHashPart(const Table* t) {
    return t->nodes != &kEmptyNode;
}
inline uint32_t nodeCountOf(const Table* t) {
    return hasHashPart(t) ? uint32_t(1) << t->log2NodeCount : 0;
}

inline bool inArrayPart(const Table* t, Integer k) {
    return uint64_t(k) - 1 < t->arraySize;
}

// --- Keys ------------------------------------------------------------------

// The node a non-string key hashes to: the top log2NodeCount bits of
// x * 2^64/phi (two shifts so that a zero-bit mask is not a 64-bit shift).
inline TableNode* fibonacciNode(const Table* t, uint64_t x) {
    const uint64_t h = x * kGolden;
    return &t->nodes[(h >> (63 - t->log2NodeCount)) >> 1];
}

inline TableNode* stringNode(const Table* t, const String* s) {
    return &t->nodes[s->hash & tableHashMask(t)];
}

uint64_t floatBits(Number n) {
    uint64_t b;
    std::memcpy(&b, &n, sizeof b);
    return b;
}

// Where `key` (normalised, live) starts its search.
TableNode* mainPosition(const Table* t, const Value& key) {
    switch (key.tag) {
    case Tag::String: return stringNode(t, key.asString());
    case Tag::Int: return fibonacciNode(t, uint64_t(key.i));
    case Tag::Float: {
        const uint64_t b = floatBits(key.n);
        return fibonacciNode(t, b ^ (b >> 29));
    }
    case Tag::False:
    case Tag::True: return fibonacciNode(t, uint64_t(key.tag));
    case Tag::LightUserdata: return fibonacciNode(t, uint64_t(uintptr_t(key.p)));
    case Tag::HostFunction: return fibonacciNode(t, uint64_t(reinterpret_cast<uintptr_t>(key.fn)));
    // Objects hash by their allocation number, not their address, so that
    // iteration order is the same in every run of a recording.
    default: return fibonacciNode(t, key.gc->id);
    }
}

// Equality of a stored key and a normalised query key. Float keys are never
// NaN, -0.0 or integral, so == on them is exact identity.
inline bool keysEqual(const Value& stored, const Value& key) {
    if (stored.tag != key.tag) return false;
    switch (key.tag) {
    case Tag::Int: return stored.i == key.i;
    case Tag::Float: return stored.n == key.n;
    case Tag::False:
    case Tag::True: return true;
    case Tag::LightUserdata: return stored.p == key.p;
    case Tag::HostFunction: return stored.fn == key.fn;
    default: return stored.gc == key.gc;
    }
}

// A float with an integer value becomes an Int key (t[1.0] is t[1], t[-0.0]
// is t[0]). Returns false for NaN.
inline bool normaliseKey(Value& key) {
    if (key.tag != Tag::Float) return true;
    const Number n = key.n;
    if (n != n) return false;
    if (n >= -0x1p63 && n < 0x1p63) {
        const Integer i = Integer(n);
        if (Number(i) == n) key = Value::integer(i);
    }
    return true;
}

// The key as a write sees it: normalised, with PUC Lua's errors for nil/NaN.
Value checkedWriteKey(VM& vm, const Value& key) {
    Value k = key;
    if (k.isNil()) raiseRuntimeError(vm, "table index is nil");
    if (!normaliseKey(k)) raiseRuntimeError(vm, "table index is NaN");
    return k;
}

// --- Node search -------------------------------------------------------------

inline TableNode* findIntNode(const Table* t, Integer k) {
    TableNode* n = fibonacciNode(t, uint64_t(k));
    for (;;) {
        if (n->key.tag == Tag::Int && n->key.i == k) return n;
        if (n->nextOffset == 0) return nullptr;
        n += n->nextOffset;
    }
}

inline TableNode* findStrNode(const Table* t, const String* s) {
    TableNode* n = stringNode(t, s);
    const GCObject* wanted = s;
    for (;;) {
        if (n->key.gc == wanted && n->key.tag == Tag::String) return n;
        if (n->nextOffset == 0) return nullptr;
        n += n->nextOffset;
    }
}

// Any normalised, non-nil key (including its removed node, whose value is nil).
TableNode* findNode(const Table* t, const Value& key) {
    switch (key.tag) {
    case Tag::Int: return findIntNode(t, key.i);
    case Tag::String: return findStrNode(t, key.asString());
    default: break;
    }
    TableNode* n = mainPosition(t, key);
    for (;;) {
        if (keysEqual(n->key, key)) return n;
        if (n->nextOffset == 0) return nullptr;
        n += n->nextOffset;
    }
}

// Like findNode, but also finds the node of a removed key that the collector
// has since marked DeadKey (same object pointer): `next` must be able to
// continue from a key removed during the traversal.
const TableNode* findNodeForNext(const Table* t, const Value& key) {
    const TableNode* n = mainPosition(t, key);
    for (;;) {
        if (keysEqual(n->key, key)) return n;
        if (n->key.tag == Tag::DeadKey && key.isCollectable() && n->key.gc == key.gc) return n;
        if (n->nextOffset == 0) return nullptr;
        n += n->nextOffset;
    }
}

// --- Insertion ---------------------------------------------------------------

inline void link(TableNode* from, TableNode* to) {
    from->nextOffset = int32_t(to - from);
}
inline TableNode* successor(TableNode* n) {
    return n->nextOffset ? n + n->nextOffset : nullptr;
}

// A never-used node, searching down from lastFree; nullptr when none is left.
TableNode* takeFreeNode(Table* t) {
    while (t->lastFree > t->nodes) {
        --t->lastFree;
        if (t->lastFree->key.isNil()) return t->lastFree;
    }
    return nullptr;
}

// Finds the node a new key (absent from the table) should occupy and links
// it into the key's chain; the caller fills key and value. Returns nullptr
// when the hash part has no room (the caller rehashes).
TableNode* claimNode(Table* t, const Value& key) {
    if (!hasHashPart(t)) return nullptr;
    TableNode* mp = mainPosition(t, key);
    if (mp->value.isNil()) return mp; // unused or removed: reuse, keep its chain link
    TableNode* freeNode = takeFreeNode(t);
    if (!freeNode) return nullptr;
    TableNode* occupantHome = mainPosition(t, mp->key);
    if (occupantHome != mp) {
        // The occupant is a guest: move it out to the free node.
        TableNode* prev = occupantHome;
        while (successor(prev) != mp)
            prev = successor(prev);
        link(prev, freeNode);
        freeNode->key = mp->key;
        freeNode->value = mp->value;
        if (TableNode* next = successor(mp))
            link(freeNode, next);
        else
            freeNode->nextOffset = 0;
        mp->nextOffset = 0;
        mp->value = Value::nil();
        return mp;
    }
    // The occupant is at home: the new key goes second in the chain.
    if (TableNode* next = successor(mp))
        link(freeNode, next);
    else
        freeNode->nextOffset = 0;
    link(mp, freeNode);
    return freeNode;
}

// Places an entry during a rebuild (the new parts are known to have room).
void placeEntry(Table* t, const Value& key, const Value& value) {
    if (key.tag == Tag::Int && inArrayPart(t, key.i)) {
        t->array[key.i - 1] = value;
        return;
    }
    TableNode* n = claimNode(t, key);
    n->key = key;
    n->value = value;
}

// --- Rebuilding ----------------------------------------------------------------

// Allocates a hash part for at least `count` entries (the shared empty node
// for 0). Raises before anything is changed.
TableNode* allocateNodes(VM& vm, uint64_t count, uint8_t& log2Count) {
    log2Count = 0;
    if (count == 0) return sharedEmptyNode();
    const int lg = std::bit_width(count - 1);
    if (lg > int(kMaxLog2Nodes)) raiseMemoryError(vm);
    const uint32_t n = uint32_t(1) << lg;
    TableNode* nodes = memAllocArray<TableNode>(vm, n);
    for (uint32_t i = 0; i < n; i++)
        nodes[i] = TableNode{};
    log2Count = uint8_t(lg);
    return nodes;
}

void freeNodes(VM& vm, TableNode* nodes, uint32_t count) {
    if (nodes != &kEmptyNode) memFreeArray(vm, nodes, count);
}

// How many live entries would not fit an array part of `arraySize` slots.
uint64_t entriesOutside(const Table* t, uint32_t arraySize) {
    uint64_t count = 0;
    for (uint32_t i = arraySize; i < t->arraySize; i++)
        count += !t->array[i].isNil();
    const uint32_t nodeCount = nodeCountOf(t);
    for (uint32_t i = 0; i < nodeCount; i++) {
        const TableNode& n = t->nodes[i];
        if (n.value.isNil()) continue;
        count += !(n.key.tag == Tag::Int && uint64_t(n.key.i) - 1 < arraySize);
    }
    return count;
}

// Rebuilds the table with an array part of exactly `arraySize` slots and a
// hash part big enough for `hashSize` entries and for everything that does
// not fit the array. All allocation happens before the table is touched:
// a memory error leaves it exactly as it was.
void rebuild(VM& vm, Table* t, uint32_t arraySize, uint64_t hashSize) {
    if (arraySize > (uint32_t(1) << kMaxLog2Array)) raiseMemoryError(vm);
    if (hashSize == 0 && !hasHashPart(t) && arraySize >= t->arraySize) {
        // Only the array grows (a constructor's SETLIST, a sized new table):
        // nothing to re-place, one reallocation.
        Value* array = t->array;
        if (arraySize > t->arraySize)
            array = memReallocArray(vm, t->array, t->arraySize, arraySize);
        for (uint32_t i = t->arraySize; i < arraySize; i++)
            array[i] = Value::nil();
        t->array = array;
        t->arraySize = arraySize;
        return;
    }
    hashSize = std::max(hashSize, entriesOutside(t, arraySize));

    const uint32_t oldArraySize = t->arraySize;
    Value* const oldArray = t->array;
    TableNode* const oldNodes = t->nodes;
    const uint32_t oldNodeCount = nodeCountOf(t);

    uint8_t log2Count;
    TableNode* nodes = allocateNodes(vm, hashSize, log2Count);
    Value* array = oldArray;
    const bool shrinking = arraySize < oldArraySize;
    try {
        if (arraySize > oldArraySize)
            array = memReallocArray(vm, oldArray, oldArraySize, arraySize);
        else if (shrinking)
            array = arraySize ? memAllocArray<Value>(vm, arraySize) : nullptr;
    } catch (...) {
        freeNodes(vm, nodes, uint32_t(1) << log2Count);
        throw;
    }

    // From here on nothing can fail.
    if (shrinking) {
        std::copy(oldArray, oldArray + arraySize, array);
    } else {
        for (uint32_t i = oldArraySize; i < arraySize; i++)
            array[i] = Value::nil();
    }
    t->array = array;
    t->arraySize = arraySize;
    t->nodes = nodes;
    t->log2NodeCount = log2Count;
    t->lastFree = nodes + nodeCountOf(t);

    if (shrinking) {
        for (uint32_t i = arraySize; i < oldArraySize; i++) {
            if (!oldArray[i].isNil()) placeEntry(t, Value::integer(Integer(i) + 1), oldArray[i]);
        }
        memFreeArray(vm, oldArray, oldArraySize);
    }
    for (uint32_t i = 0; i < oldNodeCount; i++) {
        if (!oldNodes[i].value.isNil()) placeEntry(t, oldNodes[i].key, oldNodes[i].value);
    }
    freeNodes(vm, oldNodes, oldNodeCount);
}

// Integer keys counted by power-of-two slices: slices[b] holds the keys k
// with 2^(b-1) < k <= 2^b (slices[0] is k = 1).
struct KeyCensus {
    uint64_t slices[kMaxLog2Array + 1] = {};
    uint64_t candidates = 0; // keys counted in slices
    uint64_t total = 0;      // every live key

    void add(const Value& key) {
        total++;
        if (key.tag == Tag::Int && key.i >= 1 && key.i <= (Integer(1) << kMaxLog2Array)) {
            slices[std::bit_width(uint64_t(key.i - 1))]++;
            candidates++;
        }
    }

    void addArrayPart(const Table* t) {
        uint32_t start = 0; // first 0-based slot of slice b
        for (uint32_t b = 0; start < t->arraySize; b++) {
            const uint32_t end = std::min(t->arraySize, uint32_t(1) << b);
            uint64_t live = 0;
            for (uint32_t i = start; i < end; i++)
                live += !t->array[i].isNil();
            slices[b] += live;
            candidates += live;
            total += live;
            start = end;
        }
    }

    void addHashPart(const Table* t) {
        const uint32_t count = nodeCountOf(t);
        for (uint32_t i = 0; i < count; i++) {
            if (!t->nodes[i].value.isNil()) add(t->nodes[i].key);
        }
    }

    // The largest power of two n such that more than n/2 of the keys 1..n
    // are present (0 if none); `inArray` gets how many keys it will hold.
    uint32_t bestArraySize(uint64_t& inArray) const {
        uint64_t cumulative = 0;
        uint32_t best = 0;
        inArray = 0;
        for (uint32_t b = 0; b <= kMaxLog2Array; b++) {
            const uint64_t size = uint64_t(1) << b;
            if (size / 2 >= candidates) break; // no bigger size can be half full
            cumulative += slices[b];
            if (cumulative > size / 2) {
                best = uint32_t(size);
                inArray = cumulative;
            }
        }
        return best;
    }
};

// The hash part is full and `key` must go in: rebuild both parts for the
// current keys plus `key`.
void rehashFor(VM& vm, Table* t, const Value& key) {
    KeyCensus census;
    census.addArrayPart(t);
    census.addHashPart(t);
    census.add(key);
    uint64_t inArray;
    const uint32_t arraySize = census.bestArraySize(inArray);
    rebuild(vm, t, arraySize, census.total - inArray);
}

// Adds a key known to be absent (normalised, not in the array range) with a
// non-nil value.
void insertNewKey(VM& vm, Table* t, const Value& key, const Value& value) {
    TableNode* n = claimNode(t, key);
    if (!n) {
        rehashFor(vm, t, key);
        if (key.tag == Tag::Int && inArrayPart(t, key.i)) {
            t->array[key.i - 1] = value;
            tableBarrier(vm, t, value);
            return;
        }
        n = claimNode(t, key); // the rebuilt hash part has room for it
    }
    n->key = key;
    n->value = value;
    t->metamethodAbsent = 0;
    tableBarrier(vm, t, key);
    tableBarrier(vm, t, value);
}

// Stores into the node of a key already in the table. A removed key that
// gets a value again counts as a new key (cache reset, key barrier).
inline void storeInNode(VM& vm, Table* t, TableNode* n, const Value& value) {
    if (n->value.isNil()) {
        if (value.isNil()) return;
        t->metamethodAbsent = 0;
        tableBarrier(vm, t, n->key);
    }
    n->value = value;
    tableBarrier(vm, t, value);
}

} // namespace

// --- Creation and sizes ----------------------------------------------------------

Table* newTable(VM& vm, uint32_t arraySizeHint, uint32_t hashSizeHint) {
    Table* t = newObject<Table>(vm, Tag::Table);
    t->nodes = sharedEmptyNode();
    t->lastFree = t->nodes;
    if (arraySizeHint || hashSizeHint) rebuild(vm, t, arraySizeHint, hashSizeHint);
    return t;
}

void tableResize(VM& vm, Table* t, uint32_t arraySize, uint32_t hashSize) {
    rebuild(vm, t, arraySize, hashSize);
}

uint32_t tableNodeCount(const Table* t) {
    return nodeCountOf(t);
}
TableNode* tableNodes(Table* t) {
    return t->nodes;
}

size_t tablePartsSize(const Table* t) {
    return size_t(t->arraySize) * sizeof(Value) + size_t(nodeCountOf(t)) * sizeof(TableNode);
}

void tableFreeParts(VM& vm, Table* t) {
    memFreeArray(vm, t->array, t->arraySize);
    freeNodes(vm, t->nodes, nodeCountOf(t));
    t->array = nullptr;
    t->arraySize = 0;
    t->nodes = sharedEmptyNode();
    t->log2NodeCount = 0;
    t->lastFree = t->nodes;
}

// --- Reads ---------------------------------------------------------------------------

const Value* tableGetIntFromHash(const Table* t, Integer key) {
    const TableNode* n = findIntNode(t, key);
    return n ? &n->value : &kAbsentValue;
}

const Value* tableGet(const Table* t, const Value& key) {
    switch (key.tag) {
    case Tag::String: return tableGetStr(t, key.asString());
    case Tag::Int: return tableGetInt(t, key.i);
    case Tag::Nil: return &kAbsentValue;
    default: break;
    }
    Value k = key;
    if (!normaliseKey(k)) return &kAbsentValue;
    if (k.tag == Tag::Int) return tableGetInt(t, k.i);
    const TableNode* n = findNode(t, k);
    return n ? &n->value : &kAbsentValue;
}

Value* tableFindSlot(Table* t, const Value& key) {
    if (key.tag == Tag::Int && uint64_t(key.i) - 1 < t->arraySize) { // the common case first
        Value* slot = &t->array[key.i - 1];
        return slot->isNil() ? nullptr : slot;
    }
    Value k = key;
    if (k.isNil() || !normaliseKey(k)) return nullptr;
    if (k.tag == Tag::Int && inArrayPart(t, k.i)) {
        Value* slot = &t->array[k.i - 1];
        return slot->isNil() ? nullptr : slot;
    }
    TableNode* n = findNode(t, k);
    return n && !n->value.isNil() ? &n->value : nullptr;
}

// --- Writes --------------------------------------------------------------------------

void tableSetIntInHash(VM& vm, Table* t, Integer key, const Value& value) {
    if (TableNode* n = findIntNode(t, key))
        storeInNode(vm, t, n, value);
    else if (!value.isNil())
        insertNewKey(vm, t, Value::integer(key), value);
}

void tableSetStr(VM& vm, Table* t, String* key, const Value& value) {
    if (TableNode* n = findStrNode(t, key))
        storeInNode(vm, t, n, value);
    else if (!value.isNil())
        insertNewKey(vm, t, Value::object(key), value);
}

void tableSet(VM& vm, Table* t, const Value& key, const Value& value) {
    switch (key.tag) {
    case Tag::String: tableSetStr(vm, t, key.asString(), value); return;
    case Tag::Int: tableSetInt(vm, t, key.i, value); return;
    default: break;
    }
    const Value k = checkedWriteKey(vm, key);
    if (k.tag == Tag::Int) {
        tableSetInt(vm, t, k.i, value);
    } else if (TableNode* n = findNode(t, k)) {
        storeInNode(vm, t, n, value);
    } else if (!value.isNil()) {
        insertNewKey(vm, t, k, value);
    }
}

// --- Length --------------------------------------------------------------------------

namespace {

// A border above `known` (0, or a key with a non-nil value) among the integer
// keys of the hash part: double until a nil, then binary search.
Integer hashBorder(const Table* t, uint64_t known) {
    uint64_t lo = known, hi = known + 1;
    if (tableGetInt(t, Integer(hi))->isNil()) return Integer(lo);
    constexpr uint64_t kMax = uint64_t(INT64_MAX);
    for (;;) {
        lo = hi;
        if (hi > kMax / 2) {
            if (!tableGetInt(t, INT64_MAX)->isNil()) return INT64_MAX;
            hi = kMax;
            break;
        }
        hi *= 2;
        if (tableGetInt(t, Integer(hi))->isNil()) break;
    }
    // t[lo] is non-nil, t[hi] is nil.
    while (hi - lo > 1) {
        const uint64_t mid = lo + (hi - lo) / 2;
        if (tableGetInt(t, Integer(mid))->isNil())
            hi = mid;
        else
            lo = mid;
    }
    return Integer(lo);
}

} // namespace

Integer tableLength(const Table* t) {
    const uint32_t n = t->arraySize;
    if (n > 0 && t->array[n - 1].isNil()) {
        // A border inside the array part. Invariant: lo == 0 or t[lo] is
        // non-nil; t[hi] is nil.
        uint32_t lo = 0, hi = n;
        while (hi - lo > 1) {
            const uint32_t mid = lo + (hi - lo) / 2;
            if (t->array[mid - 1].isNil())
                hi = mid;
            else
                lo = mid;
        }
        return lo;
    }
    if (!hasHashPart(t)) return n;
    return hashBorder(t, n);
}

// --- Traversal ------------------------------------------------------------------------

namespace {

// The position (array slots first, then nodes) just after `key`; sets
// `invalid` when the key is not in the table.
uint64_t positionAfter(const Table* t, const Value& key, bool& invalid) {
    if (key.isNil()) return 0;
    Value k = key;
    if (!normaliseKey(k)) {
        invalid = true;
        return 0;
    }
    if (k.tag == Tag::Int && inArrayPart(t, k.i)) return uint64_t(k.i);
    const TableNode* n = findNodeForNext(t, k);
    if (!n) {
        invalid = true;
        return 0;
    }
    return uint64_t(t->arraySize) + uint64_t(n - t->nodes) + 1;
}

} // namespace

bool tableNext(const Table* t, Value& key, Value& value, bool& invalidKey) {
    invalidKey = false;
    uint64_t i = positionAfter(t, key, invalidKey);
    if (invalidKey) return false;
    for (; i < t->arraySize; i++) {
        if (!t->array[i].isNil()) {
            key = Value::integer(Integer(i) + 1);
            value = t->array[i];
            return true;
        }
    }
    const uint32_t count = nodeCountOf(t);
    for (uint64_t j = i - t->arraySize; j < count; j++) {
        const TableNode& n = t->nodes[j];
        if (!n.value.isNil()) {
            key = n.key;
            value = n.value;
            return true;
        }
    }
    return false;
}

} // namespace tricolor
