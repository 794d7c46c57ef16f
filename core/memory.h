// memory.h — every byte the VM allocates goes through here.
//
// What it owns. Per VM (`VM::memory`): the byte accounting and the VM's own
// small-block allocator (SmallBlockPool). Nothing is global: several VMs live
// in one process, worker VMs on other threads, and each VM allocates only
// from its own pool, on the thread that runs it.
//
// Accounting. The VM counts the bytes it holds (`MemoryStats::bytesInUse`)
// so that the collector can pace itself by allocation debt (gc.h) and so that
// a per-VM memory limit can turn a runaway script into a clean "not enough
// memory" error instead of taking the page down. Sizes are passed back on
// free (the allocation's owner always knows them), which keeps accounting
// exact without a per-block header. bytesInUse counts the sizes asked for,
// not the size classes or the pool's chunks, so it means the same with any
// allocator behind it.
//
// Why size classes. Almost everything the VM allocates is small (a table
// header is 72 bytes, a hash node 40, a short string 50-80) and dies young,
// and the collector's sweep frees hundreds of thousands of such blocks in a
// row. glibc's malloc turns that into long stalls (malloc_consolidate walks
// every freed fastbin chunk when a large free coalesces: 60+ ms single steps
// with a 185 MB heap, docs/gc-pauses.md), and each free does much more than
// a list push. Since the size is known at free, a segregated free list per
// 16-byte size class needs no header and no search: allocation pops a list
// (or carves from the current chunk), free pushes, both O(1) and a few
// instructions, and nothing is ever coalesced.
//
// Invariants of SmallBlockPool:
// - Sizes 1..kMaxSmall bytes are served by the pool, rounded up to a class of
//   kGranule bytes (class c holds blocks of (c + 1) * kGranule bytes); larger
//   blocks go to malloc/realloc/free. A block is freed (and reallocated)
//   with the size it was allocated with, so the owner's size alone tells
//   which allocator and which list it belongs to.
// - Blocks are carved from chunks of kChunkBytes taken from malloc and are
//   aligned like malloc's blocks. A free block is on exactly one list (its
//   class's free list, or under ASan the quarantine) and its first word
//   links the list.
// - A free block is never given back to malloc and never merged with its
//   neighbours; when a class's list and the current chunk are empty, a free
//   block of a larger class is split (the front serves, the rest goes to the
//   list of its size) before a new chunk is taken. So the pool's footprint
//   is about the high-water mark of its small blocks, and every chunk is
//   released when the VM is destroyed (the pool's destructor).
// - Under AddressSanitizer (TRICOLOR_SANITIZE) free blocks, the uncarved
//   rest of a chunk and the slack between a block's size and its class are
//   poisoned, and freed blocks wait in a FIFO quarantine (kQuarantineBytes)
//   before they can be reused, so use-after-free and overflows into the
//   slack are still reported; a free with the wrong size or a double free of
//   a small block traps with a message.
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

// The VM's allocator for small blocks (see the invariants above). It does no
// accounting and raises nothing: memAlloc & co. do that around it.
class SmallBlockPool {
  public:
    static constexpr size_t kGranule = 16;
    static constexpr size_t kMaxSmall = 512;
    static constexpr size_t kClassCount = kMaxSmall / kGranule;
    static constexpr size_t kChunkBytes = size_t(64) << 10;
    static constexpr size_t kQuarantineBytes = size_t(4) << 20; // ASan builds only

    static constexpr bool isSmall(size_t size) { return size - 1 < kMaxSmall; } // 0 is not
    static constexpr size_t classOf(size_t size) { return (size - 1) / kGranule; }
    static constexpr size_t classBytes(size_t sizeClass) { return (sizeClass + 1) * kGranule; }

    SmallBlockPool() = default;
    SmallBlockPool(const SmallBlockPool&) = delete;
    SmallBlockPool& operator=(const SmallBlockPool&) = delete;
    ~SmallBlockPool();

    // A block for `size` bytes (isSmall(size)); nullptr if malloc fails for a
    // new chunk (the pool is then unchanged).
    void* allocate(size_t size);
    // Gives back a block allocate(size) returned (or resized to `size`).
    void release(void* block, size_t size);
    // A resize within the block's class: tells ASan that `newSize` bytes are
    // now in use; a no-op in other builds.
    void resizeInPlace(void* block, size_t oldSize, size_t newSize);

    static bool quarantines(); // freed blocks wait before reuse (ASan builds)
    size_t reservedBytes() const { return reservedBytes_; } // held in chunks
    size_t chunkCount() const { return chunkCount_; }
    size_t freeBlocks(size_t sizeClass) const; // on the class's list (walks it: tests)

  private:
    struct FreeBlock {
        FreeBlock* next;
        size_t sizeClass; // used by the ASan quarantine only
    };
    struct Chunk {
        Chunk* next;
        size_t bytes;
    };
    static constexpr size_t kChunkHeader = kGranule; // blocks start after it
    static_assert(sizeof(Chunk) <= kChunkHeader && sizeof(FreeBlock) <= kGranule);

    void* carve(size_t sizeClass);
    bool addChunk();
    void pushFree(void* block, size_t sizeClass);
    void* popFree(size_t sizeClass);
    void quarantine(void* block, size_t sizeClass);

    FreeBlock* free_[kClassCount] = {};
    char* cursor_ = nullptr; // the uncarved rest of the newest chunk
    char* end_ = nullptr;
    Chunk* chunks_ = nullptr;
    size_t reservedBytes_ = 0;
    size_t chunkCount_ = 0;
    FreeBlock* quarantineHead_ = nullptr; // oldest (ASan builds)
    FreeBlock* quarantineTail_ = nullptr;
    size_t quarantinedBytes_ = 0;
};

struct MemoryStats {
    size_t bytesInUse = 0;
    size_t peakBytes = 0;
    uint64_t totalAllocated = 0; // bytes ever allocated (for allocation-rate metrics)
    uint64_t allocationCount = 0;
    SmallBlockPool pool; // blocks of up to SmallBlockPool::kMaxSmall bytes
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
