// Unit tests of core/string: interning, the seeded hash, table growth, removal.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "core/memory.h"
#include "core/string.h"
#include "core/vm.h"

using namespace tricolor;

namespace {

struct StringTestVM {
    VM vm;
    explicit StringTestVM(uint64_t seed = 0) {
        vm.options.hashSeed = seed;
        stringTableInit(vm);
        gcInit(vm);
    }
    ~StringTestVM() {
        gcFreeAll(vm);
        stringTableFree(vm);
    }
};

// The longest bucket chain of the intern table.
uint32_t longestBucket(const StringTable& st) {
    uint32_t longest = 0;
    for (uint32_t i = 0; i < st.bucketCount; i++) {
        uint32_t n = 0;
        for (String* s = st.buckets[i]; s; s = s->hashNext)
            n++;
        longest = std::max(longest, n);
    }
    return longest;
}

} // namespace

TEST_CASE("equal bytes intern to the same String") {
    StringTestVM T;
    String* a = internString(T.vm, "hello");
    String* b = internString(T.vm, std::string("hel") + "lo");
    String* c = internString(T.vm, "hellO");
    CHECK(a == b);
    CHECK(a != c);
    CHECK(a->tag == Tag::String);
    CHECK(a->length == 5);
    CHECK(view(a) == "hello");
    CHECK(a->data()[5] == '\0');
    CHECK(T.vm.strings.count == 2);
}

TEST_CASE("the empty string and strings with embedded NULs") {
    StringTestVM T;
    String* empty = internString(T.vm, "", 0);
    CHECK(empty->length == 0);
    CHECK(empty->data()[0] == '\0');
    CHECK(internString(T.vm, std::string_view()) == empty);

    const char ab[] = {'a', '\0', 'b'};
    const char ac[] = {'a', '\0', 'c'};
    String* s1 = internString(T.vm, ab, 3);
    String* s2 = internString(T.vm, ac, 3);
    String* s3 = internString(T.vm, "a", 1);
    CHECK(s1 != s2);
    CHECK(s1 != s3);
    CHECK(s1->length == 3);
    CHECK(std::memcmp(s1->data(), ab, 3) == 0);
    CHECK(internString(T.vm, std::string_view(ab, 3)) == s1);
    // NULs only: every length is a different string.
    std::set<String*> zeros;
    std::string z;
    for (int n = 0; n < 40; n++, z.push_back('\0'))
        zeros.insert(internString(T.vm, z));
    CHECK(zeros.size() == 40);
}

TEST_CASE("many strings: identity holds while the table grows") {
    StringTestVM T;
    const uint32_t initialBuckets = T.vm.strings.bucketCount;
    std::vector<String*> made;
    for (int i = 0; i < 100000; i++)
        made.push_back(internString(T.vm, "str" + std::to_string(i)));
    CHECK(T.vm.strings.count == 100000);
    CHECK(T.vm.strings.bucketCount > initialBuckets);
    CHECK(T.vm.strings.count <= T.vm.strings.bucketCount);
    for (int i = 0; i < 100000; i++)
        CHECK(internString(T.vm, "str" + std::to_string(i)) == made[size_t(i)]);
    std::set<String*> distinct(made.begin(), made.end());
    CHECK(distinct.size() == made.size());
    // Buckets stay short for these very similar keys.
    CHECK(longestBucket(T.vm.strings) <= 12);
}

TEST_CASE("long strings hash every byte") {
    StringTestVM T;
    std::string big(1 << 20, 'x');
    String* a = internString(T.vm, big);
    big.back() = 'y';
    String* b = internString(T.vm, big);
    big.back() = 'x';
    big[big.size() / 2] = 'z';
    String* c = internString(T.vm, big);
    big[big.size() / 2] = 'x';
    CHECK(a != b);
    CHECK(a != c);
    CHECK(internString(T.vm, big) == a);
    CHECK(a->length == (1u << 20));
    CHECK(a->hash != b->hash);
    CHECK(a->hash != c->hash);
    // Every length from 0 to 100 and every single-byte change gives a new hash.
    std::set<uint32_t> hashes;
    std::string s;
    for (int n = 0; n <= 100; n++) {
        hashes.insert(hashBytes(0, s.data(), s.size()));
        s.push_back('q');
    }
    CHECK(hashes.size() == 101);
    std::set<uint32_t> flips;
    std::string base(77, 'a');
    for (size_t i = 0; i < base.size(); i++) {
        for (int bit = 0; bit < 8; bit++) {
            std::string m = base;
            m[i] = char(m[i] ^ (1 << bit));
            flips.insert(hashBytes(0, m.data(), m.size()));
        }
    }
    CHECK(flips.size() == base.size() * 8);
}

TEST_CASE("the hash is seeded and deterministic") {
    const char* text = "the quick brown fox jumps over the lazy dog";
    const size_t n = std::strlen(text);
    CHECK(hashBytes(1, text, n) == hashBytes(1, text, n));
    CHECK(hashBytes(1, text, n) != hashBytes(2, text, n));
    CHECK(hashBytes(1, "ab", 2) != hashBytes(2, "ab", 2));
    StringTestVM seeded(42);
    String* s = internString(seeded.vm, text, n);
    CHECK(s->hash == hashBytes(42, text, n));
    String* shortString = internString(seeded.vm, "ab", 2);
    CHECK(shortString->hash == hashBytes(42, "ab", 2));
}

TEST_CASE("a removed string is created afresh") {
    StringTestVM T;
    String* a = internString(T.vm, "gone");
    const uint64_t id = a->id;
    const uint32_t count = T.vm.strings.count;
    stringTableRemove(T.vm, a);
    CHECK(T.vm.strings.count == count - 1);
    String* b = internString(T.vm, "gone");
    CHECK(b->id != id);
    CHECK(T.vm.strings.count == count);
    // Removing a string that shares its bucket leaves the others findable.
    std::vector<String*> all;
    for (int i = 0; i < 2000; i++)
        all.push_back(internString(T.vm, std::to_string(i)));
    for (int i = 0; i < 2000; i += 2)
        stringTableRemove(T.vm, all[size_t(i)]);
    for (int i = 1; i < 2000; i += 2)
        CHECK(internString(T.vm, std::to_string(i)) == all[size_t(i)]);
    // `a` is still on the collector's list; keep it out of the table's way.
    (void)b;
}

TEST_CASE("string memory is accounted and returned") {
    VM vm;
    stringTableInit(vm);
    gcInit(vm);
    const size_t tableBytes = vm.memory.bytesInUse;
    CHECK(tableBytes == vm.strings.bucketCount * sizeof(String*));
    internString(vm, "abc");
    CHECK(vm.memory.bytesInUse == tableBytes + sizeof(String) + 4);
    for (int i = 0; i < 5000; i++)
        internString(vm, std::string(size_t(i % 50), 'k') + std::to_string(i));
    CHECK(vm.memory.bytesInUse > tableBytes);
    gcFreeAll(vm);
    CHECK(vm.strings.count == 0);
    stringTableFree(vm);
    CHECK(vm.memory.bytesInUse == 0);
}

TEST_CASE("a memory limit stops interning cleanly") {
    StringTestVM T;
    T.vm.options.memoryLimit = T.vm.memory.bytesInUse + 4096;
    int made = 0;
    bool raised = false;
    try {
        for (; made < 100000; made++)
            internString(T.vm, "limited" + std::to_string(made));
    } catch (const LuaError&) {
        raised = true;
    }
    CHECK(raised);
    CHECK(T.vm.strings.count == uint32_t(made));
    T.vm.options.memoryLimit = size_t(256) << 20;
    for (int i = 0; i < made; i++)
        CHECK(view(internString(T.vm, "limited" + std::to_string(i))) ==
              "limited" + std::to_string(i));
    CHECK(T.vm.strings.count == uint32_t(made));
}
