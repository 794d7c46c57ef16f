// gc.cpp — the collector (bootstrap version: stop-the-world placeholders so
// other subsystems can link; the real incremental collector replaces this).
#include "core/gc.h"

#include "core/memory.h"
#include "core/vm.h"

namespace tricolor {

void gcInit(VM& vm) { vm.gc = Collector{}; }

void gcLinkNewObject(VM& vm, GCObject* o) {
    o->marked = vm.gc.currentWhite;
    o->next = vm.gc.allgc;
    vm.gc.allgc = o;
}

void gcFix(VM& vm, GCObject* o) {
    // Unlink from allgc (it is normally the newest object) and move to fixed.
    GCObject** p = &vm.gc.allgc;
    while (*p && *p != o) p = &(*p)->next;
    if (*p) *p = o->next;
    o->marked = kBlackBit;
    o->next = vm.gc.fixed;
    vm.gc.fixed = o;
}

void gcCheck(VM&) {}
void gcFullCollect(VM&) {}

static void freeList(VM& vm, GCObject*& list) {
    while (list) {
        GCObject* next = list->next;
        freeObject(vm, list);
        list = next;
    }
}

void gcFreeAll(VM& vm) {
    freeList(vm, vm.gc.tobefnz);
    freeList(vm, vm.gc.finobj);
    freeList(vm, vm.gc.allgc);
    freeList(vm, vm.gc.fixed);
}

void gcReviveString(VM& vm, String* s) { s->marked = vm.gc.currentWhite; }
bool gcIsDead(const VM&, const GCObject*) { return false; }
void gcBarrierForward(VM&, GCObject*, GCObject*) {}
void gcBarrierBack(VM&, GCObject*) {}

} // namespace tricolor
