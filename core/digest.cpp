// digest.cpp — the heap digest (see digest.h).
#include "core/digest.h"

#include <cstring>

#include "core/introspect.h"
#include "core/object.h"
#include "core/vm.h"

namespace tricolor {

namespace {

// A streaming 64-bit hash over 64-bit words: each word is scrambled with
// splitmix64's finalizer and folded in with a multiply-rotate, so the order of
// words matters and one flipped bit changes the result thoroughly. Hashing
// integers (not bytes) keeps it independent of endianness.
class Hasher {
  public:
    void add(uint64_t word) {
        state_ ^= scramble(word + count_++);
        state_ = rotl(state_ * 0x9E3779B97F4A7C15ull, 29);
    }
    uint64_t finish() const { return scramble(state_ ^ count_); }

  private:
    uint64_t state_ = 0x54726963'6f6c6f72ull; // "Tricolor"
    uint64_t count_ = 0;

    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static uint64_t scramble(uint64_t z) {
        z += 0x9E3779B97F4A7C15ull;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
};

// The key of a table edge, in a process-independent form.
void addKey(Hasher& h, const Value& key) {
    h.add(uint64_t(key.tag));
    switch (key.tag) {
    case Tag::Int: h.add(uint64_t(key.i)); break;
    case Tag::Float: {
        uint64_t bits;
        std::memcpy(&bits, &key.n, sizeof bits);
        h.add(bits);
        break;
    }
    default:
        if (key.isCollectable()) h.add(key.gc->id);
        break; // nil, booleans: the tag says it all; addresses are not portable
    }
}

void addEdge(Hasher& h, const GcEdge& e) {
    h.add(e.to ? e.to->id : 0);
    h.add(uint64_t(e.kind) | uint64_t(e.weak) << 8);
    h.add(e.index);
    h.add(uint64_t(int64_t(e.frame)));
    if (e.kind == GcEdgeKind::TableKey || e.kind == GcEdgeKind::TableValue) addKey(h, e.key);
}

// `portable`: leave out what depends on the pointer width (sizes, bytes).
void addObject(Hasher& h, const VM& vm, const GcObjectInfo& info, bool portable) {
    h.add(info.id);
    h.add(uint64_t(info.tag) | uint64_t(info.colour) << 8 | uint64_t(info.grayList) << 16 |
          uint64_t(info.age) << 24 | uint64_t(info.flags) << 32);
    if (!portable) h.add(info.size);
    // A dead object (other white while sweeping) may point to objects already
    // freed: its edges are garbage, and reading them would touch freed memory.
    if (!(info.flags & kObjDead))
        gcEnumerateEdges(vm, info.object, [&](const GcEdge& e) { addEdge(h, e); });
    h.add(0xED6E5E7Dull); // end of this object's edges
}

// The gray-list link of an object (strings and upvalues have none).
const GCObject* gclistOf(const GCObject* o) {
    switch (o->tag) {
    case Tag::Table: return static_cast<const Table*>(o)->gclist;
    case Tag::Proto: return static_cast<const Proto*>(o)->gclist;
    case Tag::LuaClosure: return static_cast<const LuaClosure*>(o)->gclist;
    case Tag::HostClosure: return static_cast<const HostClosure*>(o)->gclist;
    case Tag::Userdata: return static_cast<const Userdata*>(o)->gclist;
    case Tag::Thread: return static_cast<const Thread*>(o)->gclist;
    default: return nullptr;
    }
}

// The ids of one gray list in order (bounded, in case of a corrupt list).
void addGrayList(Hasher& h, const GCObject* first) {
    uint64_t n = 0;
    for (const GCObject* o = first; o && n < (uint64_t(1) << 32); o = gclistOf(o), n++)
        h.add(o->id);
    h.add(n);
}

void addCollector(Hasher& h, const VM& vm, bool portable) {
    const Collector& g = vm.gc;
    h.add(uint64_t(g.state) | uint64_t(g.atomicStep) << 8 | uint64_t(g.currentWhite) << 16 |
          uint64_t(g.running) << 24 | uint64_t(g.generationalMode) << 25);
    const GCObject* cursorTarget = g.sweepCursor ? *g.sweepCursor : nullptr;
    h.add(g.sweepCursor ? (cursorTarget ? cursorTarget->id : ~uint64_t(0)) : 0);
    h.add(g.chunkTable ? g.chunkTable->id : 0);
    h.add(g.chunkCursor);
    for (const GCObject* list : {g.gray, g.grayagain, g.weak, g.ephemeron, g.allweak})
        addGrayList(h, list);
    h.add(uint64_t(int64_t(g.pause)));
    h.add(uint64_t(int64_t(g.stepMul)));
    h.add(uint64_t(int64_t(g.stepSizeLog2)));
    if (!portable) {
        h.add(g.threshold);
        h.add(uint64_t(g.debt));
    }
    h.add(g.markedCount);
    h.add(vm.instructionCount);
    h.add(vm.nextObjectId);
    if (!portable) h.add(vm.memory.bytesInUse);
}

uint64_t digestOf(const VM& vm, bool portable) {
    Hasher h;
    uint64_t objects = 0;
    gcEnumerateHeap(vm, [&](const GcObjectInfo& info) {
        addObject(h, vm, info, portable);
        objects++;
    });
    h.add(objects);
    addCollector(h, vm, portable);
    return h.finish();
}

} // namespace

uint64_t heapDigestValue(const VM& vm) {
    return digestOf(vm, false);
}

uint64_t portableHeapDigestValue(const VM& vm) {
    return digestOf(vm, true);
}

std::string formatDigest(uint64_t digest) {
    static const char kHex[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int k = 15; k >= 0; k--, digest >>= 4)
        out[size_t(k)] = kHex[digest & 15];
    return out;
}

std::string heapDigest(const VM& vm) {
    return formatDigest(heapDigestValue(vm));
}

bool parseDigest(const std::string& text, uint64_t& out) {
    if (text.empty() || text.size() > 16) return false;
    uint64_t v = 0;
    for (char c : text) {
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0) return false;
        v = v << 4 | uint64_t(d);
    }
    out = v;
    return true;
}

} // namespace tricolor
