// memory.h — every byte the VM allocates goes through here.
//
// The VM counts the bytes it holds (`MemoryStats::bytesInUse`) so that the
// collector can pace itself by allocation debt (gc.h) and so that a per-VM
// memory limit can turn a runaway script into a clean "not enough memory"
// error instead of taking the page down. Sizes are passed back on free (as
// the allocation's owner always knows them), which keeps accounting exact
// without a per-block header.
//
// Allocation never runs the collector: objects are created in the middle of
// operations where fresh values are not yet reachable from any root. The
// interpreter runs collector steps only at safe points (gc.h, gcCheck).
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>

#include "core/object.h"

namespace tricolor {

struct MemoryStats {
    size_t bytesInUse = 0;
    size_t peakBytes = 0;
    uint64_t totalAllocated = 0; // bytes ever allocated (for allocation-rate metrics)
    uint64_t allocationCount = 0;
};

// Allocates `size` bytes (uninitialised). Raises "not enough memory" when the
// VM's limit would be exceeded or the system allocator fails. size 0 returns
// nullptr.
void* memAlloc(VM& vm, size_t size);
// Resizes a block allocated here; oldSize must be the size it was allocated
// with. On failure raises and leaves the old block untouched.
void* memRealloc(VM& vm, void* block, size_t oldSize, size_t newSize);
// Frees a block allocated here (nullptr is fine).
void memFree(VM& vm, void* block, size_t size);

template <class T>
T* memAllocArray(VM& vm, size_t count) {
    if (count > SIZE_MAX / sizeof(T)) memAlloc(vm, SIZE_MAX); // raises
    return static_cast<T*>(memAlloc(vm, count * sizeof(T)));
}
template <class T>
T* memReallocArray(VM& vm, T* block, size_t oldCount, size_t newCount) {
    if (newCount > SIZE_MAX / sizeof(T)) memAlloc(vm, SIZE_MAX); // raises
    return static_cast<T*>(memRealloc(vm, block, oldCount * sizeof(T), newCount * sizeof(T)));
}
template <class T>
void memFreeArray(VM& vm, T* block, size_t count) {
    memFree(vm, block, count * sizeof(T));
}

// Allocates a collectable object of `size` bytes (at least sizeof(GCObject)),
// zero-fills its first `zeroBytes` bytes, fills the header (tag, a fresh id,
// the current allocation site) and hands it to the collector (gcLinkNewObject),
// which colours it and puts it on its list.
GCObject* newObjectRaw(VM& vm, Tag tag, size_t size, size_t zeroBytes);

// Typed form: T's struct part is zero-initialised, `extraBytes` of trailing
// payload (string bytes, upvalue slots...) are left for the caller.
template <class T>
T* newObject(VM& vm, Tag tag, size_t extraBytes = 0) {
    return static_cast<T*>(newObjectRaw(vm, tag, sizeof(T) + extraBytes, sizeof(T)));
}

// The allocation size of a live object, computed from its fields (used by
// the collector when it frees the object, and by introspection).
size_t objectSize(const GCObject* o);

// Frees one object and whatever arrays it owns. Only the collector (sweep,
// VM shutdown) calls this.
void freeObject(VM& vm, GCObject* o);

// Defined by the interpreter (interp.cpp), which owns CallFrame and the
// thread's private extension: the bytes a thread owns besides its struct
// (stack, frames, extension), and freeing them.
size_t threadPartsSize(const Thread* t);
void threadFreeParts(VM& vm, Thread* t);

} // namespace tricolor
