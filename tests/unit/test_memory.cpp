// test_memory.cpp — the VM's allocator (memory.h): the small-block pool's
// size classes and reuse, memRealloc across class boundaries and into and
// out of malloc, exact byte accounting, and the memory limit.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/api.h"
#include "core/memory.h"
#include "core/vm.h"

using namespace tricolor;

namespace {

using Pool = SmallBlockPool;

// Fills `size` bytes with a pattern derived from `seed`.
void fill(void* block, size_t size, uint8_t seed) {
    auto* p = static_cast<uint8_t*>(block);
    for (size_t i = 0; i < size; i++)
        p[i] = uint8_t(seed + i * 7);
}

bool holds(const void* block, size_t size, uint8_t seed) {
    auto* p = static_cast<const uint8_t*>(block);
    for (size_t i = 0; i < size; i++)
        if (p[i] != uint8_t(seed + i * 7)) return false;
    return true;
}

// A VM whose limit is `headroom` bytes above what it holds after creation.
struct LimitedVM {
    VM* vm;
    explicit LimitedVM(size_t headroom) : vm(vmCreate(VMOptions{})) {
        REQUIRE(vm);
        vm->options.memoryLimit = vm->memory.bytesInUse + headroom;
    }
    ~LimitedVM() {
        vm->options.memoryLimit = SIZE_MAX;
        vmDestroy(vm);
    }
};

} // namespace

TEST_CASE("memory: size classes are 16-byte steps up to kMaxSmall") {
    CHECK_FALSE(Pool::isSmall(0));
    CHECK(Pool::isSmall(1));
    CHECK(Pool::isSmall(Pool::kMaxSmall));
    CHECK_FALSE(Pool::isSmall(Pool::kMaxSmall + 1));
    CHECK(Pool::classOf(1) == 0);
    CHECK(Pool::classOf(16) == 0);
    CHECK(Pool::classOf(17) == 1);
    CHECK(Pool::classOf(Pool::kMaxSmall) == Pool::kClassCount - 1);
    CHECK(Pool::classBytes(Pool::classOf(72)) == 80);
    CHECK(Pool::classBytes(Pool::kClassCount - 1) == Pool::kMaxSmall);
}

TEST_CASE("memory: pool blocks are aligned, distinct and reused by class") {
    Pool pool;
    std::vector<void*> blocks;
    for (size_t size = 1; size <= Pool::kMaxSmall; size += 5) {
        void* b = pool.allocate(size);
        REQUIRE(b);
        CHECK(reinterpret_cast<uintptr_t>(b) % alignof(std::max_align_t) == 0);
        fill(b, size, uint8_t(size));
        blocks.push_back(b);
    }
    // No block overlapped another: every pattern survived.
    size_t i = 0;
    for (size_t size = 1; size <= Pool::kMaxSmall; size += 5)
        CHECK(holds(blocks[i++], size, uint8_t(size)));
    CHECK(pool.chunkCount() >= 1);

    // A freed block is reused by its class, never by another class (under
    // ASan it first waits in the quarantine: then it is on no list yet).
    void* a = pool.allocate(40); // class 2
    const size_t before = pool.freeBlocks(Pool::classOf(40));
    pool.release(a, 40);
    const bool quarantined = Pool::quarantines();
    CHECK(pool.freeBlocks(Pool::classOf(40)) == before + (quarantined ? 0 : 1));
    void* b = pool.allocate(100); // class 6: must not get `a`
    CHECK(b != a);
    if (!quarantined) {
        CHECK(pool.allocate(48) == a);
    }
}

TEST_CASE("memory: many small blocks span chunks and are all released with the pool") {
    Pool pool;
    std::vector<void*> blocks;
    const size_t count = 3 * Pool::kChunkBytes / 80;
    for (size_t i = 0; i < count; i++) {
        void* b = pool.allocate(72);
        REQUIRE(b);
        fill(b, 72, uint8_t(i));
        blocks.push_back(b);
    }
    CHECK(pool.chunkCount() >= 3);
    CHECK(pool.reservedBytes() == pool.chunkCount() * Pool::kChunkBytes);
    for (size_t i = 0; i < count; i++)
        CHECK(holds(blocks[i], 72, uint8_t(i)));
    const size_t chunks = pool.chunkCount();
    for (void* b : blocks)
        pool.release(b, 72);
    // Freed blocks come back before any new chunk is taken (under ASan they
    // are all still in the quarantine: 3 chunks are less than it holds).
    if (!Pool::quarantines()) {
        CHECK(pool.freeBlocks(Pool::classOf(72)) == count);
        for (size_t i = 0; i < count; i++)
            REQUIRE(pool.allocate(72));
        CHECK(pool.chunkCount() == chunks);
        CHECK(pool.freeBlocks(Pool::classOf(72)) == 0);
    }
}

TEST_CASE("memory: accounting is exact for small and large blocks") {
    VM* vm = vmCreate(VMOptions{});
    REQUIRE(vm);
    const size_t base = vm->memory.bytesInUse;
    const uint64_t count = vm->memory.allocationCount;
    void* small = memAlloc(*vm, 24);
    void* large = memAlloc(*vm, 5000);
    CHECK(vm->memory.bytesInUse == base + 24 + 5000);
    CHECK(vm->memory.allocationCount == count + 2);
    CHECK(memAlloc(*vm, 0) == nullptr);
    memFree(*vm, small, 24);
    memFree(*vm, large, 5000);
    memFree(*vm, nullptr, 10);
    CHECK(vm->memory.bytesInUse == base);
    vmDestroy(vm);
}

TEST_CASE("memory: memRealloc keeps the contents across every kind of boundary") {
    VM* vm = vmCreate(VMOptions{});
    REQUIRE(vm);
    const size_t base = vm->memory.bytesInUse;
    // small -> same class -> bigger class -> large -> larger -> small -> smaller class
    const size_t sizes[] = {20, 30, 100, Pool::kMaxSmall, Pool::kMaxSmall + 1, 4096, 300, 17, 1};
    void* block = memAlloc(*vm, 10);
    fill(block, 10, 3);
    size_t size = 10;
    for (size_t next : sizes) {
        void* resized = memRealloc(*vm, block, size, next);
        REQUIRE(resized);
        CHECK(holds(resized, std::min(size, next), 3));
        if (Pool::isSmall(size) && Pool::isSmall(next) &&
            Pool::classOf(size) == Pool::classOf(next))
            CHECK(resized == block); // within a class: in place
        fill(resized, next, 3);
        CHECK(vm->memory.bytesInUse == base + next);
        block = resized;
        size = next;
    }
    CHECK(memRealloc(*vm, block, size, 0) == nullptr);
    CHECK(vm->memory.bytesInUse == base);
    // From nothing: a plain allocation.
    void* fresh = memRealloc(*vm, nullptr, 0, 40);
    REQUIRE(fresh);
    CHECK(vm->memory.bytesInUse == base + 40);
    memFree(*vm, fresh, 40);
    vmDestroy(vm);
}

TEST_CASE("memory: the limit raises and leaves the heap as it was") {
    LimitedVM limited(1000);
    VM& vm = *limited.vm;
    const size_t base = vm.memory.bytesInUse;
    void* a = memAlloc(vm, 600);
    fill(a, 600, 9);
    CHECK_THROWS_AS(memAlloc(vm, 401), LuaError);
    CHECK(vm.memory.bytesInUse == base + 600);
    CHECK_THROWS_AS(memAlloc(vm, SIZE_MAX), LuaError);
    // A growing realloc past the limit fails and keeps the old block intact.
    CHECK_THROWS_AS(memRealloc(vm, a, 600, 1001), LuaError);
    CHECK(vm.memory.bytesInUse == base + 600);
    CHECK(holds(a, 600, 9));
    // Shrinking always works, and exactly the limit is allowed.
    a = memRealloc(vm, a, 600, 200);
    CHECK(holds(a, 200, 9));
    void* b = memAlloc(vm, 800);
    CHECK(vm.memory.bytesInUse == base + 1000);
    CHECK_THROWS_AS(memAlloc(vm, 1), LuaError);
    memFree(vm, b, 800);
    memFree(vm, a, 200);
    CHECK(vm.memory.bytesInUse == base);
}

TEST_CASE("memory: freed small blocks are reused by the VM without new chunks") {
    VM* vm = vmCreate(VMOptions{});
    REQUIRE(vm);
    std::vector<void*> blocks;
    size_t firstRoundChunks = 0;
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 20000; i++)
            blocks.push_back(memAlloc(*vm, 72));
        if (round == 0) firstRoundChunks = vm->memory.pool.chunkCount();
        for (void* b : blocks)
            memFree(*vm, b, 72);
        blocks.clear();
    }
    // Later rounds fit in what the first one carved (plus at most the ASan
    // quarantine's worth of chunks in sanitizer builds).
    const size_t asanSlack =
        Pool::quarantines() ? Pool::kQuarantineBytes / Pool::kChunkBytes + 1 : 0;
    CHECK(vm->memory.pool.chunkCount() <= firstRoundChunks + asanSlack);
    vmDestroy(vm);
}

TEST_CASE("memory: blocks freed in a large class serve smaller classes before a new chunk") {
    Pool pool;
    std::vector<void*> large;
    for (int i = 0; i < 1000; i++)
        large.push_back(pool.allocate(256));
    const size_t chunks = pool.chunkCount();
    for (void* b : large)
        pool.release(b, 256);
    if (Pool::quarantines()) return; // under ASan they are not reusable yet
    // Each 256-byte block splits into five 48-byte blocks (and 16 bytes).
    std::vector<void*> small;
    for (int i = 0; i < 4000; i++) {
        void* b = pool.allocate(48);
        REQUIRE(b);
        fill(b, 48, uint8_t(i));
        small.push_back(b);
    }
    CHECK(pool.chunkCount() == chunks);
    for (int i = 0; i < 4000; i++)
        CHECK(holds(small[size_t(i)], 48, uint8_t(i)));
}
