// validator.cpp — the heap validator (gc.h: gcValidate).
//
// Checks, in this order, and reports the first failure:
//   1. list membership: every object is on exactly one of allgc, finobj,
//      tobefnz, fixed; finalizer bits agree with the list; colour bits are
//      well formed; no dead (other-white) object exists outside sweeping; in
//      pause every object is white;
//   2. gray lists: their members are gray heap objects whose gcinfo names that
//      list; while marking, no gray object is off every list (it would never
//      be traversed);
//   3. edges: every reference points to an object on the heap (no freed
//      object reachable); while marking, no black object points to a white
//      one (the tri-colour invariant), except the large table being marked in
//      chunks and open upvalues (whose stack slot is re-scanned with the
//      thread); while sweeping, no live object points to a dead one;
//   4. counts: interned strings on the heap == the string table's count;
//      objects' sizes add up to no more than the bytes in use; the thread
//      registry holds heap threads only.
#include <cstdio>
#include <string>
#include <unordered_map>

#include "core/gc.h"
#include "core/introspect.h"
#include "core/memory.h"
#include "core/string.h"
#include "core/vm.h"

namespace tricolor {

namespace {

enum class ListId : uint8_t { Allgc, Finobj, Tobefnz, Fixed };

const char* listName(ListId l) {
    static constexpr const char* names[] = {"allgc", "finobj", "tobefnz", "fixed"};
    return names[int(l)];
}

std::string describe(const VM& vm, const GCObject* o) {
    return "#" + std::to_string(o->id) + " " + gcTypeName(o->tag) + " (" +
           gcColourName(gcColourOf(vm, o)) + ")";
}

struct Validator {
    const VM& vm;
    std::unordered_map<const GCObject*, ListId> heap;
    std::string failure;
    uint64_t edges = 0;

    bool fail(std::string msg) {
        if (failure.empty()) failure = std::move(msg);
        return false;
    }

    bool collectLists() {
        const Collector& gc = vm.gc;
        const std::pair<const GCObject*, ListId> lists[] = {{gc.allgc, ListId::Allgc},
                                                            {gc.finobj, ListId::Finobj},
                                                            {gc.tobefnz, ListId::Tobefnz},
                                                            {gc.fixed, ListId::Fixed}};
        for (auto [head, id] : lists) {
            for (const GCObject* o = head; o; o = o->next) {
                auto [it, fresh] = heap.emplace(o, id);
                if (!fresh)
                    return fail("object " + describe(vm, o) + " is on both " +
                                listName(it->second) + " and " + listName(id) +
                                " (or a list has a cycle)");
                if (!checkObjectBits(o, id)) return false;
            }
        }
        return true;
    }

    bool checkObjectBits(const GCObject* o, ListId id) {
        const Collector& gc = vm.gc;
        uint8_t m = o->marked;
        if ((m & kWhiteBits) == kWhiteBits) return fail(describe(vm, o) + " has both white bits");
        if ((m & kBlackBit) && (m & kWhiteBits))
            return fail(describe(vm, o) + " is both black and white");
        bool fin = m & kFinalizedBit, fixed = m & kFixedBit;
        if (fin != (id == ListId::Finobj || id == ListId::Tobefnz))
            return fail(describe(vm, o) + " on " + listName(id) + " has a wrong finalizer bit");
        if (fixed != (id == ListId::Fixed))
            return fail(describe(vm, o) + " on " + listName(id) + " has a wrong fixed bit");
        if (fixed && !isGray(o)) return fail(describe(vm, o) + " is fixed but not gray");
        bool otherWhite = m & (gc.currentWhite ^ kWhiteBits);
        bool sweeping = gc.state >= GcState::SweepAllgc && gc.state <= GcState::SweepEnd;
        if (otherWhite && !sweeping)
            return fail(describe(vm, o) + " is dead (other white) outside sweeping, in state " +
                        gcStateName(gc.state));
        if (otherWhite && id == ListId::Finobj)
            return fail(describe(vm, o) +
                        " is dead but still on finobj: it would be swept unfinalized");
        if (gc.state == GcState::Pause && !fixed && !isWhite(o))
            return fail(describe(vm, o) + " is not white in pause");
        return true;
    }

    bool checkGrayLists() {
        const Collector& gc = vm.gc;
        const std::pair<const GCObject*, GrayList> lists[] = {{gc.gray, GrayList::Gray},
                                                              {gc.grayagain, GrayList::GrayAgain},
                                                              {gc.weak, GrayList::Weak},
                                                              {gc.ephemeron, GrayList::Ephemeron},
                                                              {gc.allweak, GrayList::AllWeak}};
        size_t limit = heap.size();
        for (auto [head, id] : lists) {
            size_t n = 0;
            for (const GCObject* o = head; o; o = nextGray(o)) {
                if (++n > limit) return fail("a gray list has a cycle");
                if (!heap.count(o)) return fail("a gray list holds a freed or foreign object");
                if (!isGray(o)) return fail(describe(vm, o) + " is on a gray list but not gray");
                if (grayListOf(o) != id)
                    return fail(describe(vm, o) + " is on a gray list its gcinfo does not name");
            }
        }
        bool marking = gc.state == GcState::Propagate || gc.state == GcState::EnterAtomic ||
                       gc.state == GcState::Atomic;
        if (marking) {
            for (auto& [o, id] : heap)
                if (isGray(o) && id != ListId::Fixed && grayListOf(o) == GrayList::None)
                    return fail(describe(vm, o) +
                                " is gray but on no gray list: it would never be traversed");
        }
        return true;
    }

    static const GCObject* nextGray(const GCObject* o) {
        switch (o->tag) {
        case Tag::Table: return static_cast<const Table*>(o)->gclist;
        case Tag::LuaClosure: return static_cast<const LuaClosure*>(o)->gclist;
        case Tag::HostClosure: return static_cast<const HostClosure*>(o)->gclist;
        case Tag::Userdata: return static_cast<const Userdata*>(o)->gclist;
        case Tag::Thread: return static_cast<const Thread*>(o)->gclist;
        case Tag::Proto: return static_cast<const Proto*>(o)->gclist;
        default: return nullptr;
        }
    }

    bool checkEdges() {
        const Collector& gc = vm.gc;
        bool marking = gc.state == GcState::Propagate || gc.state == GcState::EnterAtomic ||
                       gc.state == GcState::Atomic;
        bool sweeping = gc.state >= GcState::SweepAllgc && gc.state <= GcState::SweepEnd;
        uint8_t dead = gc.currentWhite ^ kWhiteBits;
        for (auto& entry : heap) {
            const GCObject* o = entry.first; // not a structured binding: the lambda captures it
            if (sweeping && (o->marked & dead)) continue; // dead objects may point anywhere
            bool ok = true;
            gcEnumerateEdges(vm, o, [&](const GcEdge& e) {
                edges++;
                if (!ok) return;
                if (!heap.count(e.to)) {
                    ok = fail("edge to a freed object: " + describe(vm, o) + " " + gcEdgeLabel(e) +
                              " -> " + std::to_string(reinterpret_cast<uintptr_t>(e.to)));
                    return;
                }
                if (marking && isBlack(o) && isWhite(e.to) && o != gc.chunkTable &&
                    !(o->tag == Tag::Upvalue && static_cast<const Upvalue*>(o)->isOpen())) {
                    ok = fail("black->white edge: " + describe(vm, o) + " " + gcEdgeLabel(e) +
                              " -> " + describe(vm, e.to));
                    return;
                }
                if (sweeping && (e.to->marked & dead))
                    ok = fail("live->dead edge while sweeping: " + describe(vm, o) + " " +
                              gcEdgeLabel(e) + " -> " + describe(vm, e.to));
            });
            if (!ok) return false;
        }
        return true;
    }

    bool checkCounts() {
        size_t strings = 0, bytes = 0;
        for (auto& [o, id] : heap) {
            if (o->tag == Tag::String) strings++;
            bytes += objectSize(o);
        }
        if (vm.strings.buckets && strings != vm.strings.count)
            return fail("the heap holds " + std::to_string(strings) +
                        " strings but the string table counts " + std::to_string(vm.strings.count));
        if (bytes > vm.memory.bytesInUse)
            return fail("objects add up to " + std::to_string(bytes) + " bytes, more than the " +
                        std::to_string(vm.memory.bytesInUse) + " bytes in use");
        for (const Thread* th : vm.gc.threads)
            if (!heap.count(th)) return fail("the thread registry holds a freed thread");
        return true;
    }

    bool run() { return collectLists() && checkGrayLists() && checkEdges() && checkCounts(); }
};

} // namespace

bool gcValidate(VM& vm) {
    Validator v{vm, {}, {}};
    bool ok = v.run();
    Collector& gc = vm.gc;
    gc.validationCost = v.heap.size() + v.edges;
    if (ok) return true;
    std::string msg =
        std::string("tricolor: gc validator (state ") + gcStateName(gc.state) +
        (gc.state == GcState::Atomic ? std::string("/") + gcAtomicStepName(gc.atomicStep) : "") +
        "): " + v.failure + "\n";
    bool first = !gc.validationFailed;
    if (first || gc.validationMessage.empty()) gc.validationMessage = v.failure;
    gc.validationFailed = true;
    if (!first) {
        // already reported: stay quiet, the flag is set
    } else if (vm.options.writeStderr) {
        vm.options.writeStderr(msg);
    } else {
        std::fputs(msg.c_str(), stderr);
    }
    if (gc.observer) {
        GcEvent e{GcEventKind::ValidatorFailed, gc.state, gc.atomicStep};
        gc.observer(vm, e);
    }
    return false;
}

} // namespace tricolor
