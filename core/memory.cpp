// memory.cpp — accounted allocation and object lifetime (see memory.h).
#include "core/memory.h"

#include <cstdlib>
#include <cstring>

#include "core/gc.h"
#include "core/string.h"
#include "core/table.h"
#include "core/vm.h"

namespace tricolor {

namespace {

// Would `extra` more bytes push the VM past its limit?
bool exceedsLimit(const VM& vm, size_t extra) {
    return extra > vm.options.memoryLimit ||
           vm.memory.bytesInUse > vm.options.memoryLimit - extra;
}

void countAllocation(VM& vm, size_t size) {
    MemoryStats& m = vm.memory;
    m.bytesInUse += size;
    m.totalAllocated += size;
    m.allocationCount++;
    if (m.bytesInUse > m.peakBytes) m.peakBytes = m.bytesInUse;
}

} // namespace

void* memAlloc(VM& vm, size_t size) {
    if (size == 0) return nullptr;
    if (exceedsLimit(vm, size)) raiseMemoryError(vm);
    void* block = std::malloc(size);
    if (!block) raiseMemoryError(vm);
    countAllocation(vm, size);
    return block;
}

void* memRealloc(VM& vm, void* block, size_t oldSize, size_t newSize) {
    if (newSize == 0) {
        memFree(vm, block, oldSize);
        return nullptr;
    }
    if (newSize > oldSize && exceedsLimit(vm, newSize - oldSize)) raiseMemoryError(vm);
    void* grown = std::realloc(block, newSize);
    if (!grown) raiseMemoryError(vm);
    vm.memory.bytesInUse -= oldSize;
    countAllocation(vm, newSize);
    return grown;
}

void memFree(VM& vm, void* block, size_t size) {
    if (!block) return;
    vm.memory.bytesInUse -= size;
    std::free(block);
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
    return p->codeSize * (sizeof(Instruction) + sizeof(int32_t)) +
           p->numConstants * sizeof(Value) + p->numProtos * sizeof(Proto*) +
           p->numUpvalues * sizeof(UpvalueDesc) + p->numLocals * sizeof(LocalVarInfo);
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
    while (*link && *link != uv) link = &(*link)->openNext;
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
