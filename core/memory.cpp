// memory.cpp — accounted allocation and object lifetime (see memory.h).
#include "core/memory.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

// TRICOLOR_ASAN: built with AddressSanitizer (clang says so with
// __has_feature, gcc with __SANITIZE_ADDRESS__).
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TRICOLOR_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(TRICOLOR_ASAN)
#define TRICOLOR_ASAN 1
#endif
#ifdef TRICOLOR_ASAN
#include <sanitizer/asan_interface.h>
#endif

#include "core/gc.h"
#include "core/string.h"
#include "core/table.h"
#include "core/vm.h"

namespace tricolor {

// --- The small-block pool --------------------------------------------------------

namespace {

#ifdef TRICOLOR_ASAN
constexpr bool kAsan = true;
void poison(const void* p, size_t n) {
    ASAN_POISON_MEMORY_REGION(p, n);
}
void unpoison(const void* p, size_t n) {
    ASAN_UNPOISON_MEMORY_REGION(p, n);
}
// ASan builds: a live block has exactly its `size` bytes unpoisoned (the
// class's slack and free blocks are poisoned), so a free or resize with a
// size other than the block's, or of a block already freed, shows here.
void checkLiveBlock(const void* block, size_t size, size_t classBytes) {
    const char* p = static_cast<const char*>(block);
    if (!__asan_address_is_poisoned(p + size - 1) &&
        (size == classBytes || __asan_address_is_poisoned(p + size)))
        return;
    std::fprintf(stderr,
                 "tricolor: small block %p freed or resized with a wrong size (%zu) or "
                 "freed twice\n",
                 block, size);
    __builtin_trap();
}
#else
constexpr bool kAsan = false;
void poison(const void*, size_t) {}
void unpoison(const void*, size_t) {}
void checkLiveBlock(const void*, size_t, size_t) {}
#endif

} // namespace

SmallBlockPool::~SmallBlockPool() {
    while (Chunk* c = chunks_) {
        unpoison(c, c->bytes);
        chunks_ = c->next;
        std::free(c);
    }
}

// Takes a fresh chunk from malloc; what was left of the current one becomes a
// free block of the class that fits it exactly (the rest is always a
// multiple of kGranule).
bool SmallBlockPool::addChunk() {
    auto* c = static_cast<Chunk*>(std::malloc(kChunkBytes));
    if (!c) return false;
    if (size_t rest = size_t(end_ - cursor_); rest >= kGranule) pushFree(cursor_, classOf(rest));
    c->next = chunks_;
    c->bytes = kChunkBytes;
    chunks_ = c;
    reservedBytes_ += kChunkBytes;
    chunkCount_++;
    cursor_ = reinterpret_cast<char*>(c) + kChunkHeader;
    end_ = reinterpret_cast<char*>(c) + kChunkBytes;
    poison(cursor_, size_t(end_ - cursor_));
    return true;
}

// A block for a class whose list is empty: from the current chunk, else split
// off the front of a free block of the smallest larger class that has one
// (the rest goes to the list of its size), else from a new chunk. Splitting
// lets memory freed in big classes serve small ones before the pool grows.
void* SmallBlockPool::carve(size_t sizeClass) {
    const size_t bytes = classBytes(sizeClass);
    if (size_t(end_ - cursor_) < bytes) {
        for (size_t larger = sizeClass + 1; larger < kClassCount; larger++) {
            if (!free_[larger]) continue;
            auto* block = static_cast<char*>(popFree(larger));
            pushFree(block + bytes, larger - sizeClass - 1);
            return block;
        }
        if (!addChunk()) return nullptr;
    }
    void* block = cursor_;
    cursor_ += bytes;
    return block;
}

void SmallBlockPool::pushFree(void* block, size_t sizeClass) {
    auto* b = static_cast<FreeBlock*>(block);
    unpoison(b, sizeof(FreeBlock*));
    b->next = free_[sizeClass];
    poison(b, classBytes(sizeClass));
    free_[sizeClass] = b;
}

// Pops the head of a class's list. Reading a free block's link is usually a
// cache miss (the sweep freed it long ago), and the next pop depends on it:
// so the new head is prefetched now, one allocation ahead of its use.
void* SmallBlockPool::popFree(size_t sizeClass) {
    FreeBlock* b = free_[sizeClass];
    if (!b) return nullptr;
    unpoison(b, sizeof(FreeBlock*));
    FreeBlock* next = b->next;
    free_[sizeClass] = next;
    __builtin_prefetch(next, 1);
    return b;
}

void* SmallBlockPool::allocate(size_t size) {
    const size_t sizeClass = classOf(size);
    void* block = popFree(sizeClass);
    if (!block) block = carve(sizeClass);
    if (block && kAsan) {
        poison(block, classBytes(sizeClass));
        unpoison(block, size);
    }
    return block;
}

void SmallBlockPool::release(void* block, size_t size) {
    checkLiveBlock(block, size, classBytes(classOf(size)));
    if (kAsan)
        quarantine(block, classOf(size));
    else
        pushFree(block, classOf(size));
}

void SmallBlockPool::resizeInPlace(void* block, size_t oldSize, size_t newSize) {
    if (!kAsan) return;
    checkLiveBlock(block, oldSize, classBytes(classOf(oldSize)));
    poison(block, classBytes(classOf(newSize)));
    unpoison(block, newSize);
}

// ASan builds: a freed block waits at the end of a FIFO until
// kQuarantineBytes more have been freed after it, so a dangling pointer
// keeps pointing at poisoned memory for a while instead of at the next
// object of its class.
void SmallBlockPool::quarantine(void* block, size_t sizeClass) {
    auto* b = static_cast<FreeBlock*>(block);
    unpoison(b, sizeof(FreeBlock));
    b->next = nullptr;
    b->sizeClass = sizeClass;
    poison(b, classBytes(sizeClass));
    if (quarantineTail_) {
        unpoison(quarantineTail_, sizeof(FreeBlock));
        quarantineTail_->next = b;
        poison(quarantineTail_, sizeof(FreeBlock));
    } else {
        quarantineHead_ = b;
    }
    quarantineTail_ = b;
    quarantinedBytes_ += classBytes(sizeClass);
    while (quarantinedBytes_ > kQuarantineBytes) {
        FreeBlock* oldest = quarantineHead_;
        unpoison(oldest, sizeof(FreeBlock));
        quarantineHead_ = oldest->next;
        const size_t oldestClass = oldest->sizeClass;
        if (!quarantineHead_) quarantineTail_ = nullptr;
        quarantinedBytes_ -= classBytes(oldestClass);
        pushFree(oldest, oldestClass);
    }
}

bool SmallBlockPool::quarantines() {
    return kAsan;
}

size_t SmallBlockPool::freeBlocks(size_t sizeClass) const {
    size_t n = 0;
    for (FreeBlock* b = free_[sizeClass]; b;) {
        n++;
        unpoison(b, sizeof(FreeBlock*));
        FreeBlock* next = b->next;
        poison(b, sizeof(FreeBlock*));
        b = next;
    }
    return n;
}

// --- Accounted allocation ----------------------------------------------------------

namespace {

// Would `extra` more bytes push the VM past its limit?
bool exceedsLimit(const VM& vm, size_t extra) {
    return extra > vm.options.memoryLimit || vm.memory.bytesInUse > vm.options.memoryLimit - extra;
}

void countAllocation(VM& vm, size_t size) {
    MemoryStats& m = vm.memory;
    m.bytesInUse += size;
    m.totalAllocated += size;
    m.allocationCount++;
    if (m.bytesInUse > m.peakBytes) m.peakBytes = m.bytesInUse;
}

// A block from the pool or from malloc, by size (no accounting; nullptr when
// the system is out of memory).
void* rawAllocate(VM& vm, size_t size) {
    return SmallBlockPool::isSmall(size) ? vm.memory.pool.allocate(size) : std::malloc(size);
}

void rawRelease(VM& vm, void* block, size_t size) {
    if (SmallBlockPool::isSmall(size))
        vm.memory.pool.release(block, size);
    else
        std::free(block);
}

// Resizes without accounting; nullptr (old block untouched) when out of memory.
void* rawResize(VM& vm, void* block, size_t oldSize, size_t newSize) {
    using Pool = SmallBlockPool;
    const bool oldSmall = Pool::isSmall(oldSize), newSmall = Pool::isSmall(newSize);
    if (!oldSmall && !newSmall) return std::realloc(block, newSize);
    if (oldSmall && newSmall && Pool::classOf(oldSize) == Pool::classOf(newSize)) {
        vm.memory.pool.resizeInPlace(block, oldSize, newSize);
        return block;
    }
    void* fresh = rawAllocate(vm, newSize);
    if (!fresh) return nullptr;
    std::memcpy(fresh, block, std::min(oldSize, newSize));
    rawRelease(vm, block, oldSize);
    return fresh;
}

} // namespace

void* memAlloc(VM& vm, size_t size) {
    if (size == 0) return nullptr;
    if (exceedsLimit(vm, size)) raiseMemoryError(vm);
    void* block = rawAllocate(vm, size);
    if (!block) raiseMemoryError(vm);
    countAllocation(vm, size);
    return block;
}

void* memRealloc(VM& vm, void* block, size_t oldSize, size_t newSize) {
    if (newSize == 0) {
        memFree(vm, block, oldSize);
        return nullptr;
    }
    if (!block) return memAlloc(vm, newSize);
    if (newSize > oldSize && exceedsLimit(vm, newSize - oldSize)) raiseMemoryError(vm);
    void* resized = rawResize(vm, block, oldSize, newSize);
    if (!resized) raiseMemoryError(vm);
    vm.memory.bytesInUse -= oldSize;
    countAllocation(vm, newSize);
    return resized;
}

void memFree(VM& vm, void* block, size_t size) {
    if (!block) return;
    vm.memory.bytesInUse -= size;
    rawRelease(vm, block, size);
}

GCObject* newObjectRaw(VM& vm, Tag tag, size_t size, size_t zeroBytes) {
    auto* o = static_cast<GCObject*>(memAlloc(vm, size));
    std::memset(o, 0, zeroBytes);
    o->tag = tag;
    o->id = vm.nextObjectId++;
    o->site = vm.currentSite;
    gcLinkNewObject(vm, o);
    return o;
}

// --- Sizes -------------------------------------------------------------------

namespace {

size_t protoPartsSize(const Proto* p) {
    return p->codeSize * (sizeof(Instruction) + sizeof(int32_t)) + p->numConstants * sizeof(Value) +
           p->numProtos * sizeof(Proto*) + p->numUpvalues * sizeof(UpvalueDesc) +
           p->numLocals * sizeof(LocalVarInfo);
}

size_t structSize(const GCObject* o) {
    switch (o->tag) {
    case Tag::String: return sizeof(String) + static_cast<const String*>(o)->length + 1;
    case Tag::Table: return sizeof(Table);
    case Tag::LuaClosure:
        return sizeof(LuaClosure) +
               static_cast<const LuaClosure*>(o)->numUpvalues * sizeof(Upvalue*);
    case Tag::HostClosure:
        return sizeof(HostClosure) +
               static_cast<const HostClosure*>(o)->numUpvalues * sizeof(Value);
    case Tag::Userdata: {
        auto* u = static_cast<const Userdata*>(o);
        return sizeof(Userdata) + u->numUserValues * sizeof(Value) + u->size;
    }
    case Tag::Thread: return sizeof(Thread);
    case Tag::Proto: return sizeof(Proto);
    case Tag::Upvalue: return sizeof(Upvalue);
    default: return sizeof(GCObject);
    }
}

} // namespace

size_t objectSize(const GCObject* o) {
    size_t size = structSize(o);
    switch (o->tag) {
    case Tag::Table: size += tablePartsSize(static_cast<const Table*>(o)); break;
    case Tag::Proto: size += protoPartsSize(static_cast<const Proto*>(o)); break;
    case Tag::Thread: size += threadPartsSize(static_cast<const Thread*>(o)); break;
    default: break;
    }
    return size;
}

// --- Freeing -------------------------------------------------------------------

namespace {

void freeProtoParts(VM& vm, Proto* p) {
    memFreeArray(vm, p->code, p->codeSize);
    memFreeArray(vm, p->lineInfo, p->codeSize);
    memFreeArray(vm, p->constants, p->numConstants);
    memFreeArray(vm, p->protos, p->numProtos);
    memFreeArray(vm, p->upvalues, p->numUpvalues);
    memFreeArray(vm, p->locals, p->numLocals);
}

// An open upvalue is on its thread's list of open upvalues: take it off.
void unlinkOpenUpvalue(Upvalue* uv) {
    Upvalue** link = &uv->openThread->openUpvalues;
    while (*link && *link != uv)
        link = &(*link)->openNext;
    if (*link) *link = uv->openNext;
}

} // namespace

void freeObject(VM& vm, GCObject* o) {
    size_t size = structSize(o);
    switch (o->tag) {
    case Tag::String: stringTableRemove(vm, static_cast<String*>(o)); break;
    case Tag::Table: tableFreeParts(vm, static_cast<Table*>(o)); break;
    case Tag::Proto: freeProtoParts(vm, static_cast<Proto*>(o)); break;
    case Tag::Thread: threadFreeParts(vm, static_cast<Thread*>(o)); break;
    case Tag::Upvalue: {
        auto* uv = static_cast<Upvalue*>(o);
        if (uv->isOpen()) unlinkOpenUpvalue(uv);
        break;
    }
    default: break;
    }
    memFree(vm, o, size);
}

} // namespace tricolor
