// Unit tests of core/table (array + hash parts, next, #, keys, errors, memory)
// and core/tm (metamethod names and the absence cache).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/memory.h"
#include "core/string.h"
#include "core/table.h"
#include "core/tm.h"
#include "core/vm.h"

using namespace tricolor;

namespace {

// A VM with only what tables and strings need: memory accounting, the string
// table and the collector's lists (no threads, no libraries).
struct TableTestVM {
    VM vm;
    TableTestVM() {
        stringTableInit(vm);
        gcInit(vm);
    }
    ~TableTestVM() {
        gcFreeAll(vm);
        stringTableFree(vm);
    }
    Value str(const std::string& s) { return Value::object(internString(vm, s)); }
};

bool sameValue(const Value& a, const Value& b) {
    return rawEquals(a, b) && a.tag == b.tag;
}

// The border definition of the manual: (b == 0 or t[b] ~= nil) and t[b+1] == nil.
bool isBorder(const Table* t, Integer b) {
    return (b == 0 || !tableGetInt(t, b)->isNil()) && tableGetInt(t, b + 1)->isNil();
}

// Every entry `next` yields, in order.
std::vector<std::pair<Value, Value>> entries(const Table* t) {
    std::vector<std::pair<Value, Value>> out;
    Value k, v;
    bool invalid = false;
    while (tableNext(t, k, v, invalid))
        out.push_back({k, v});
    CHECK_FALSE(invalid);
    return out;
}

// The longest collision chain in the hash part. Chains are disjoint paths
// through nextOffset, so the longest walk from any node bounds every lookup.
int longestChain(Table* t) {
    int longest = 0;
    const uint32_t count = tableNodeCount(t);
    TableNode* nodes = tableNodes(t);
    for (uint32_t i = 0; i < count; i++) {
        int length = 1;
        for (TableNode* n = &nodes[i]; n->nextOffset; n += n->nextOffset)
            length++;
        longest = std::max(longest, length);
    }
    return longest;
}

} // namespace

TEST_CASE("an empty table allocates nothing beyond its struct") {
    TableTestVM T;
    size_t before = T.vm.memory.bytesInUse;
    Table* t = newTable(T.vm, 0, 0);
    CHECK(T.vm.memory.bytesInUse - before == sizeof(Table));
    CHECK(tableNodeCount(t) == 0);
    CHECK(t->arraySize == 0);
    CHECK(tablePartsSize(t) == 0);
    CHECK(tableGetInt(t, 1)->isNil());
    CHECK(tableGetStr(t, internString(T.vm, "x"))->isNil());
    CHECK(tableGet(t, Value::boolean(true))->isNil());
    CHECK(tableLength(t) == 0);
    Value k, v;
    bool invalid = true;
    CHECK_FALSE(tableNext(t, k, v, invalid));
    CHECK_FALSE(invalid);
    // Removing an absent key allocates nothing either.
    Value absent = T.str("absent");
    before = T.vm.memory.bytesInUse;
    tableSet(T.vm, t, absent, Value::nil());
    tableSetInt(T.vm, t, 7, Value::nil());
    CHECK(T.vm.memory.bytesInUse == before);
    CHECK(tableNodeCount(t) == 0);
}

TEST_CASE("integer keys go to the array part, others to the hash part") {
    TableTestVM T;
    Table* t = newTable(T.vm);
    for (Integer i = 1; i <= 1000; i++)
        tableSetInt(T.vm, t, i, Value::integer(i * 10));
    CHECK(t->arraySize >= 1000);
    CHECK(t->arraySize <= 2048);
    for (Integer i = 1; i <= 1000; i++)
        CHECK(tableGetInt(t, i)->i == i * 10);
    CHECK(tableGetInt(t, 0)->isNil());
    CHECK(tableGetInt(t, 1001)->isNil());
    CHECK(tableGetInt(t, -1)->isNil());

    for (int i = 0; i < 500; i++)
        tableSetStr(T.vm, t, internString(T.vm, "k" + std::to_string(i)), Value::integer(i));
    CHECK(tableNodeCount(t) >= 500);
    for (int i = 0; i < 500; i++)
        CHECK(tableGetStr(t, internString(T.vm, "k" + std::to_string(i)))->i == i);
    // The integer keys survived the string insertions' rehashes.
    for (Integer i = 1; i <= 1000; i++)
        CHECK(tableGetInt(t, i)->i == i * 10);
    CHECK(tableLength(t) == 1000);
}

TEST_CASE("sparse integer keys stay in the hash part") {
    TableTestVM T;
    Table* t = newTable(T.vm);
    for (Integer i = 1; i <= 100; i++)
        tableSetInt(T.vm, t, i * 1000, Value::integer(i));
    CHECK(t->arraySize == 0);
    for (Integer i = 1; i <= 100; i++)
        CHECK(tableGetInt(t, i * 1000)->i == i);
    CHECK(tableGetInt(t, 500)->isNil());
}

TEST_CASE("mixed keys through many rehashes agree with a reference map") {
    TableTestVM T;
    Table* t = newTable(T.vm);
    Table* tableKey = newTable(T.vm);
    int dummy = 0;
    std::mt19937_64 rng(12345);
    // A pool of keys of every kind.
    std::vector<Value> keys;
    for (Integer i = -20; i <= 300; i++)
        keys.push_back(Value::integer(i));
    for (Integer i = 1; i <= 200; i++)
        keys.push_back(Value::integer(i * 4096));
    for (Integer i = 1; i <= 50; i++)
        keys.push_back(Value::integer(INT64_MAX - i));
    for (int i = 0; i < 400; i++)
        keys.push_back(T.str("s" + std::to_string(i)));
    for (int i = 0; i < 50; i++)
        keys.push_back(Value::number(i + 0.5));
    keys.push_back(Value::number(std::ldexp(1.0, 63))); // integral but beyond int64: stays a float
    keys.push_back(Value::number(-std::numeric_limits<double>::infinity()));
    keys.push_back(Value::boolean(true));
    keys.push_back(Value::boolean(false));
    keys.push_back(Value::object(tableKey));
    keys.push_back(Value::lightUserdata(&dummy));
    keys.push_back(Value::hostFunction([](VM&, HostCall&) { return 0; }));

    std::map<size_t, Integer> model; // key index -> value
    for (int step = 0; step < 20000; step++) {
        size_t k = rng() % keys.size();
        const uint64_t action = rng() % 100;
        if (action < 33) {
            tableSet(T.vm, t, keys[k], Value::nil());
            model.erase(k);
            if (action < 16 && keys[k].isCollectable()) {
                // What the collector does to the key of an emptied node.
                TableNode* nodes = tableNodes(t);
                for (uint32_t i = 0; i < tableNodeCount(t); i++)
                    if (nodes[i].value.isNil() && nodes[i].key.tag == keys[k].tag &&
                        nodes[i].key.gc == keys[k].gc)
                        nodes[i].key.tag = Tag::DeadKey;
            }
        } else if (action == 99) {
            tableResize(T.vm, t, uint32_t(rng() % 300), uint32_t(rng() % 64));
        } else {
            Integer v = Integer(rng() % 1000000);
            tableSet(T.vm, t, keys[k], Value::integer(v));
            model[k] = v;
        }
        if (step % 997 == 0) {
            for (size_t i = 0; i < keys.size(); i++) {
                auto it = model.find(i);
                const Value* got = tableGet(t, keys[i]);
                if (it == model.end())
                    CHECK(got->isNil());
                else
                    CHECK(sameValue(*got, Value::integer(it->second)));
            }
        }
    }
    // `next` visits each live entry exactly once.
    auto all = entries(t);
    CHECK(all.size() == model.size());
    std::vector<int> seen(keys.size(), 0);
    for (auto& [k, v] : all) {
        size_t index = keys.size();
        for (size_t i = 0; i < keys.size(); i++)
            if (sameValue(keys[i], k)) index = i;
        REQUIRE(index < keys.size());
        seen[index]++;
        CHECK(sameValue(v, Value::integer(model[index])));
    }
    for (size_t i = 0; i < keys.size(); i++)
        CHECK(seen[i] == (model.count(i) ? 1 : 0));
}

TEST_CASE("entries removed during next do not disturb the traversal") {
    TableTestVM T;
    Table* t = newTable(T.vm);
    for (Integer i = 1; i <= 100; i++)
        tableSetInt(T.vm, t, i, Value::integer(i));
    for (int i = 0; i < 300; i++)
        tableSet(T.vm, t, T.str("f" + std::to_string(i)), Value::integer(i));
    for (Integer i = 1; i <= 50; i++)
        tableSetInt(T.vm, t, -i, Value::integer(i));
    const size_t total = 450;

    SUBCASE("removing the current key") {
        size_t visited = 0;
        Value k, v;
        bool invalid = false;
        while (tableNext(t, k, v, invalid)) {
            visited++;
            tableSet(T.vm, t, k, Value::nil());
        }
        CHECK_FALSE(invalid);
        CHECK(visited == total);
        CHECK(entries(t).empty());
    }
    SUBCASE("removing the current key and other keys, already visited or not") {
        std::vector<Value> order;
        for (auto& e : entries(t))
            order.push_back(e.first);
        REQUIRE(order.size() == total);
        size_t visited = 0;
        Value k, v;
        bool invalid = false;
        while (tableNext(t, k, v, invalid)) {
            CHECK(sameValue(k, order[visited]));
            visited++;
            tableSet(T.vm, t, k, Value::nil());
            if (visited >= 2) tableSet(T.vm, t, order[visited - 2], Value::nil());
            // Assigning to an existing field during traversal is allowed too.
            if (visited < total) {
                const Value* next = tableGet(t, order[visited]);
                if (!next->isNil()) tableSet(T.vm, t, order[visited], Value::integer(-7));
            }
        }
        CHECK_FALSE(invalid);
        CHECK(visited == total);
    }
    SUBCASE("a removed key marked dead by the collector still continues the traversal") {
        Value k, v;
        bool invalid = false;
        size_t visited = 0;
        while (tableNext(t, k, v, invalid)) {
            visited++;
            if (k.isString()) {
                tableSet(T.vm, t, k, Value::nil());
                // What the collector does to the key of an empty slot.
                TableNode* nodes = tableNodes(t);
                for (uint32_t i = 0; i < tableNodeCount(t); i++)
                    if (nodes[i].key.isString() && nodes[i].key.gc == k.gc)
                        nodes[i].key.tag = Tag::DeadKey;
            }
        }
        CHECK_FALSE(invalid);
        CHECK(visited == total);
    }
}

TEST_CASE("next reports a key that is not in the table") {
    TableTestVM T;
    Table* t = newTable(T.vm);
    tableSet(T.vm, t, T.str("a"), Value::integer(1));
    Value k = T.str("b"), v;
    bool invalid = false;
    CHECK_FALSE(tableNext(t, k, v, invalid));
    CHECK(invalid);
    k = Value::number(NAN);
    CHECK_FALSE(tableNext(t, k, v, invalid));
    CHECK(invalid);
    // The last key ends the traversal without an error.
    k = T.str("a");
    CHECK_FALSE(tableNext(t, k, v, invalid));
    CHECK_FALSE(invalid);
}

TEST_CASE("# is n for a proper sequence, however it was built") {
    TableTestVM T;
    for (Integer n = 0; n <= 300; n++) {
        Table* forward = newTable(T.vm);
        for (Integer i = 1; i <= n; i++)
            tableSetInt(T.vm, forward, i, Value::boolean(true));
        CHECK(tableLength(forward) == n);
        Table* backward = newTable(T.vm);
        for (Integer i = n; i >= 1; i--)
            tableSetInt(T.vm, backward, i, Value::boolean(true));
        CHECK(tableLength(backward) == n);
        Table* hinted = newTable(T.vm, uint32_t(n / 2), 3);
        for (Integer i = 1; i <= n; i++)
            tableSetInt(T.vm, hinted, i, Value::boolean(true));
        CHECK(tableLength(hinted) == n);
    }
}

TEST_CASE("# always returns a border of sparse tables") {
    TableTestVM T;
    std::mt19937_64 rng(99);
    for (int round = 0; round < 300; round++) {
        Table* t = newTable(T.vm);
        const Integer range = Integer(1 + rng() % 200);
        const int writes = int(rng() % 300);
        for (int w = 0; w < writes; w++) {
            Integer k = Integer(rng() % uint64_t(range)) + 1;
            tableSetInt(T.vm, t, k, rng() % 4 ? Value::boolean(true) : Value::nil());
        }
        const Integer b = tableLength(t);
        CHECK(isBorder(t, b));
    }
    // Keys far beyond the array part, reaching the top of the integer range.
    Table* t = newTable(T.vm);
    tableSetInt(T.vm, t, 1, Value::boolean(true));
    tableSetInt(T.vm, t, 2, Value::boolean(true));
    for (Integer k = 4; k > 0 && k < INT64_MAX / 2; k *= 2)
        tableSetInt(T.vm, t, k, Value::boolean(true));
    CHECK(isBorder(t, tableLength(t)));
    Table* top = newTable(T.vm);
    for (Integer k = 1; k <= 64; k++)
        tableSetInt(T.vm, top, k, Value::boolean(true));
    tableSetInt(T.vm, top, INT64_MAX, Value::boolean(true));
    CHECK(isBorder(top, tableLength(top)));
}

TEST_CASE("float keys with integer values are integer keys") {
    TableTestVM T;
    Table* t = newTable(T.vm);
    tableSet(T.vm, t, Value::number(1.0), Value::integer(10));
    tableSet(T.vm, t, Value::number(-0.0), Value::integer(20));
    tableSet(T.vm, t, Value::number(std::ldexp(1.0, 53)), Value::integer(30));
    tableSet(T.vm, t, Value::number(2.5), Value::integer(40));
    CHECK(tableGetInt(t, 1)->i == 10);
    CHECK(tableGetInt(t, 0)->i == 20);
    CHECK(tableGet(t, Value::number(0.0))->i == 20);
    CHECK(tableGetInt(t, Integer(1) << 53)->i == 30);
    CHECK(tableGet(t, Value::number(2.5))->i == 40);
    CHECK(tableGet(t, Value::integer(2))->isNil());
    CHECK(tableGet(t, Value::number(NAN))->isNil());
    // The integer key written as an int is the same entry.
    tableSetInt(T.vm, t, 1, Value::integer(11));
    CHECK(tableGet(t, Value::number(1.0))->i == 11);
    // next reports normalised keys: ints, and the one float.
    int floats = 0, ints = 0;
    for (auto& [k, v] : entries(t)) {
        floats += k.isFloat();
        ints += k.isInt();
    }
    CHECK(floats == 1);
    CHECK(ints == 3);
    // 2^63 is integral but not an Integer: it stays a float key, distinct from maxinteger.
    tableSet(T.vm, t, Value::number(std::ldexp(1.0, 63)), Value::integer(50));
    CHECK(tableGetInt(t, INT64_MAX)->isNil());
    CHECK(tableGet(t, Value::number(std::ldexp(1.0, 63)))->i == 50);
}

TEST_CASE("nil and NaN keys raise on writes, read as absent") {
    TableTestVM T;
    Table* t = newTable(T.vm);
    CHECK_THROWS_AS(tableSet(T.vm, t, Value::nil(), Value::integer(1)), LuaError);
    CHECK_THROWS_AS(tableSet(T.vm, t, Value::nil(), Value::nil()), LuaError);
    CHECK_THROWS_AS(tableSet(T.vm, t, Value::number(NAN), Value::integer(1)), LuaError);
    CHECK_THROWS_AS(tableSet(T.vm, t, Value::number(NAN), Value::nil()), LuaError);
    CHECK(tableGet(t, Value::nil())->isNil());
    CHECK(tableGet(t, Value::number(NAN))->isNil());
    CHECK(tableFindSlot(t, Value::nil()) == nullptr);
    CHECK(entries(t).empty());
}

TEST_CASE("tableFindSlot finds present values only") {
    TableTestVM T;
    Table* t = newTable(T.vm);
    tableSetInt(T.vm, t, 1, Value::integer(1));
    tableSetInt(T.vm, t, 2, Value::integer(2));
    tableSet(T.vm, t, T.str("x"), Value::integer(3));
    REQUIRE(tableFindSlot(t, Value::integer(1)) != nullptr);
    CHECK(tableFindSlot(t, Value::number(2.0))->i == 2);
    CHECK(tableFindSlot(t, T.str("x"))->i == 3);
    CHECK(tableFindSlot(t, T.str("y")) == nullptr);
    tableSet(T.vm, t, T.str("x"), Value::nil());
    CHECK(tableFindSlot(t, T.str("x")) == nullptr);
    tableSetInt(T.vm, t, 2, Value::nil());
    CHECK(tableFindSlot(t, Value::integer(2)) == nullptr);
    *tableFindSlot(t, Value::integer(1)) = Value::integer(9);
    CHECK(tableGetInt(t, 1)->i == 9);
}

TEST_CASE("integer keys hash well, sequential or strided") {
    TableTestVM T;
    for (Integer stride : {Integer(1), Integer(2), Integer(8), Integer(1024), Integer(1) << 20,
                           Integer(1) << 32, Integer(3) << 40, Integer(-1)}) {
        Table* t = newTable(T.vm);
        // Start far from 1 so that nothing goes to the array part.
        for (Integer i = 0; i < 4096; i++)
            tableSetInt(T.vm, t, (Integer(1) << 40) + i * stride, Value::integer(i));
        CHECK(t->arraySize == 0);
        for (Integer i = 0; i < 4096; i++)
            CHECK(tableGetInt(t, (Integer(1) << 40) + i * stride)->i == i);
        INFO("stride ", stride);
        CHECK(longestChain(t) <= 12);
    }
}

TEST_CASE("tableResize grows and shrinks both parts and keeps every entry") {
    TableTestVM T;
    Table* t = newTable(T.vm);
    for (Integer i = 1; i <= 64; i++)
        tableSetInt(T.vm, t, i, Value::integer(i));
    for (int i = 0; i < 20; i++)
        tableSet(T.vm, t, T.str("n" + std::to_string(i)), Value::integer(i));
    auto check = [&] {
        for (Integer i = 1; i <= 64; i++)
            CHECK(tableGetInt(t, i)->i == i);
        for (int i = 0; i < 20; i++)
            CHECK(tableGet(t, T.str("n" + std::to_string(i)))->i == i);
        CHECK(entries(t).size() == 84);
        CHECK(tableLength(t) == 64);
    };
    tableResize(T.vm, t, 16, 0); // 48 integers move to the hash part
    CHECK(t->arraySize == 16);
    CHECK(tableNodeCount(t) >= 68);
    check();
    tableResize(T.vm, t, 200, 32);
    CHECK(t->arraySize == 200);
    check();
    tableResize(T.vm, t, 0, 0);
    CHECK(t->arraySize == 0);
    check();
    tableSetInt(T.vm, t, 65, Value::integer(65));
    CHECK(tableLength(t) == 65);
}

TEST_CASE("memory accounting: parts are counted and freed exactly") {
    TableTestVM T;
    const size_t start = T.vm.memory.bytesInUse;
    Table* t = newTable(T.vm, 10, 10);
    Value key = T.str("key");
    const size_t withString = T.vm.memory.bytesInUse - start - sizeof(Table) - tablePartsSize(t);
    for (Integer i = 1; i <= 5000; i++)
        tableSetInt(T.vm, t, i * 3, Value::integer(i));
    tableSet(T.vm, t, key, Value::boolean(true));
    CHECK(T.vm.memory.bytesInUse - start == sizeof(Table) + tablePartsSize(t) + withString);
    tableFreeParts(T.vm, t);
    CHECK(T.vm.memory.bytesInUse - start == sizeof(Table) + withString);
    CHECK(tableNodeCount(t) == 0);
    CHECK(tableGet(t, key)->isNil()); // a freed table reads as empty
    gcFreeAll(T.vm);
    stringTableFree(T.vm);
    CHECK(T.vm.memory.bytesInUse == 0);
    stringTableInit(T.vm); // for the fixture's destructor
}

TEST_CASE("a memory limit hit during a resize leaves the table intact") {
    TableTestVM T;
    Table* t = newTable(T.vm);
    for (Integer i = 1; i <= 100; i++)
        tableSetInt(T.vm, t, i, Value::integer(i));
    std::vector<Value> names;
    for (int i = 0; i < 3000; i++)
        names.push_back(T.str("m" + std::to_string(i)));
    T.vm.options.memoryLimit = T.vm.memory.bytesInUse + 20000;
    int inserted = 0;
    bool raised = false;
    try {
        for (; inserted < 3000; inserted++)
            tableSet(T.vm, t, names[size_t(inserted)], Value::integer(inserted));
    } catch (const LuaError&) {
        raised = true;
    }
    REQUIRE(raised);
    CHECK(inserted > 0);
    for (Integer i = 1; i <= 100; i++)
        CHECK(tableGetInt(t, i)->i == i);
    for (int i = 0; i < inserted; i++)
        CHECK(tableGet(t, names[size_t(i)])->i == i);
    CHECK(tableGet(t, names[size_t(inserted)])->isNil());
    CHECK(entries(t).size() == size_t(100 + inserted));
    CHECK(tableLength(t) == 100);
    // The same for an array part that cannot grow.
    raised = false;
    Integer next = 101;
    size_t used = 0;
    try {
        for (; next < 100000; next++) {
            used = T.vm.memory.bytesInUse;
            tableSetInt(T.vm, t, next, Value::integer(next));
        }
    } catch (const LuaError&) {
        raised = true;
    }
    REQUIRE(raised);
    CHECK(T.vm.memory.bytesInUse == used); // the failed resize leaked nothing
    CHECK(tableLength(t) == next - 1);
    // Lifting the limit lets the insertion go through.
    T.vm.options.memoryLimit = size_t(256) << 20;
    tableSet(T.vm, t, names[size_t(inserted)], Value::integer(inserted));
    CHECK(tableGet(t, names[size_t(inserted)])->i == inserted);
}

TEST_CASE("new keys reset the metamethod absence cache; fastMetamethod fills it") {
    TableTestVM T;
    initMetamethodNames(T.vm);
    CHECK(std::strcmp(metamethodName(Metamethod::Index), "__index") == 0);
    CHECK(std::strcmp(metamethodName(Metamethod::Eq), "__eq") == 0);
    CHECK(std::strcmp(metamethodName(Metamethod::Close), "__close") == 0);
    CHECK(std::strcmp(metamethodName(Metamethod::Pairs), "__pairs") == 0);
    CHECK(view(T.vm.metamethodNames[int(Metamethod::Concat)]) == "__concat");

    Table* mt = newTable(T.vm);
    CHECK(fastMetamethod(T.vm, mt, Metamethod::Index) == nullptr);
    CHECK(fastMetamethod(T.vm, mt, Metamethod::Len) == nullptr);
    CHECK(mt->metamethodAbsent == ((1 << int(Metamethod::Index)) | (1 << int(Metamethod::Len))));
    CHECK(fastMetamethod(T.vm, mt, Metamethod::Add) == nullptr); // no cache bit for __add
    CHECK(mt->metamethodAbsent == ((1 << int(Metamethod::Index)) | (1 << int(Metamethod::Len))));

    tableSet(T.vm, mt, T.str("__index"), Value::integer(5));
    CHECK(mt->metamethodAbsent == 0);
    REQUIRE(fastMetamethod(T.vm, mt, Metamethod::Index) != nullptr);
    CHECK(fastMetamethod(T.vm, mt, Metamethod::Index)->i == 5);

    // Updating an existing field keeps the cache; removing then re-adding resets it.
    CHECK(fastMetamethod(T.vm, mt, Metamethod::Eq) == nullptr);
    const uint8_t cached = mt->metamethodAbsent;
    CHECK(cached != 0);
    tableSet(T.vm, mt, T.str("__index"), Value::integer(6));
    CHECK(mt->metamethodAbsent == cached);
    tableSet(T.vm, mt, T.str("__index"), Value::nil());
    CHECK(fastMetamethod(T.vm, mt, Metamethod::Index) == nullptr);
    tableSet(T.vm, mt, T.str("__index"), Value::integer(7));
    CHECK(mt->metamethodAbsent == 0);
    CHECK(fastMetamethod(T.vm, mt, Metamethod::Index)->i == 7);

    // getMetatable / getMetamethod for tables and for other types.
    Table* t = newTable(T.vm);
    CHECK(getMetatable(T.vm, Value::object(t)) == nullptr);
    CHECK(getMetamethod(T.vm, Value::object(t), Metamethod::Index).isNil());
    t->metatable = mt;
    CHECK(getMetatable(T.vm, Value::object(t)) == mt);
    CHECK(getMetamethod(T.vm, Value::object(t), Metamethod::Index).i == 7);
    CHECK(getMetamethod(T.vm, Value::integer(3), Metamethod::Index).isNil());
    T.vm.typeMetatables[int(LuaType::String)] = mt;
    CHECK(getMetamethod(T.vm, T.str("s"), Metamethod::Index).i == 7);
    CHECK(getMetamethod(T.vm, Value::integer(3), Metamethod::Index).isNil());
}

TEST_CASE("luaTypeName and rawEquals") {
    TableTestVM T;
    CHECK(std::string(luaTypeName(LuaType::Nil)) == "nil");
    CHECK(std::string(luaTypeName(LuaType::LightUserdata)) == "userdata");
    CHECK(std::string(luaTypeName(LuaType::Function)) == "function");
    CHECK(std::string(luaTypeName(LuaType::None)) == "no value");
    CHECK(rawEquals(Value::integer(1), Value::number(1.0)));
    CHECK_FALSE(rawEquals(Value::integer(1), Value::number(1.5)));
    CHECK_FALSE(rawEquals(Value::integer(INT64_MAX), Value::number(std::ldexp(1.0, 63))));
    CHECK_FALSE(rawEquals(Value::number(NAN), Value::number(NAN)));
    CHECK(rawEquals(Value::number(0.0), Value::number(-0.0)));
    CHECK(rawEquals(T.str("a"), T.str("a")));
    CHECK_FALSE(rawEquals(T.str("a"), T.str("b")));
    CHECK_FALSE(rawEquals(Value::boolean(true), Value::boolean(false)));
    CHECK(rawEquals(Value::nil(), Value::nil()));
    CHECK_FALSE(rawEquals(Value::nil(), Value::boolean(false)));
    Table* a = newTable(T.vm);
    Table* b = newTable(T.vm);
    CHECK(rawEquals(Value::object(a), Value::object(a)));
    CHECK_FALSE(rawEquals(Value::object(a), Value::object(b)));
}

TEST_CASE("iteration order depends only on the program and the seed, not on addresses") {
    // Two VMs run the same allocations; their objects live at different
    // addresses, yet `next` must visit the entries in the same order.
    auto run = [](std::vector<Integer>& order, int padding) {
        TableTestVM T;
        T.vm.options.hashSeed = 7;
        std::vector<void*> noise; // shift the system allocator's addresses
        for (int i = 0; i < padding; i++)
            noise.push_back(std::malloc(size_t(16 + i * 8)));
        Table* t = newTable(T.vm);
        for (Integer i = 0; i < 300; i++) {
            Table* keyTable = newTable(T.vm);
            tableSet(T.vm, t, Value::object(keyTable), Value::integer(i));
            tableSet(T.vm, t, T.str("s" + std::to_string(i)), Value::integer(1000 + i));
            tableSet(T.vm, t, Value::number(double(i) + 0.5), Value::integer(2000 + i));
            if (i % 3 == 0) noise.push_back(std::malloc(size_t(24 * (i + padding))));
        }
        for (auto& [k, v] : entries(t))
            order.push_back(v.i);
        for (void* p : noise)
            std::free(p);
    };
    std::vector<Integer> a, b;
    run(a, 0);
    run(b, 37);
    REQUIRE(a.size() == 900);
    CHECK(a == b);
}
