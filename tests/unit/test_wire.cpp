// Worker message wire format: round trips keep types exact, the sender
// rejects what cannot cross, and the decoder survives hostile bytes.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <random>

#include "core/api.h"
#include "core/string.h"
#include "core/table.h"
#include "core/wire.h"

using namespace tricolor;

namespace {

struct WireVM {
    VM* vm = vmCreate(VMOptions{});
    ~WireVM() { vmDestroy(vm); }
    Value str(const char* s) { return Value::object(internString(*vm, s)); }
    Value roundTrip(const Value& v) {
        std::vector<uint8_t> bytes;
        std::string error;
        REQUIRE(wireEncode(*vm, v, bytes, error));
        Value out;
        REQUIRE_MESSAGE(wireDecode(*vm, bytes.data(), bytes.size(), out, error), error);
        return out;
    }
    std::string encodeError(const Value& v) {
        std::vector<uint8_t> bytes;
        std::string error;
        CHECK_FALSE(wireEncode(*vm, v, bytes, error));
        return error;
    }
};

} // namespace

TEST_CASE("wire: scalars keep their exact type and bits") {
    WireVM w;
    CHECK(w.roundTrip(Value()).isNil());
    CHECK(w.roundTrip(Value::boolean(true)).tag == Tag::True);
    CHECK(w.roundTrip(Value::boolean(false)).tag == Tag::False);
    Value i = w.roundTrip(Value::integer(INT64_MIN));
    CHECK(i.isInt());
    CHECK(i.i == INT64_MIN);
    Value f = w.roundTrip(Value::number(3.0));
    CHECK(f.isFloat()); // 3.0 stays a float, distinct from the integer 3
    CHECK(f.n == 3.0);
    Value negZero = w.roundTrip(Value::number(-0.0));
    CHECK(std::signbit(negZero.n));
    CHECK(std::isnan(w.roundTrip(Value::number(NAN)).n));
    Value bytes = Value::object(internString(*w.vm, std::string_view("a\0b\xff", 4)));
    Value s = w.roundTrip(bytes);
    CHECK(s.isString());
    CHECK(s.asString() == bytes.asString()); // interned: same bytes, same object
}

TEST_CASE("wire: nested tables round-trip") {
    WireVM w;
    Table* inner = newTable(*w.vm);
    tableSetInt(*w.vm, inner, 1, w.str("x"));
    tableSetInt(*w.vm, inner, 2, Value::number(2.5));
    Table* outer = newTable(*w.vm);
    tableSetStr(*w.vm, outer, internString(*w.vm, "inner"), Value::object(inner));
    tableSet(*w.vm, outer, Value::boolean(true), Value::integer(7));
    tableSet(*w.vm, outer, Value::number(0.5), w.str("half"));
    Value copy = w.roundTrip(Value::object(outer));
    REQUIRE(copy.isTable());
    CHECK(copy.asTable() != outer);
    const Value* in = tableGetStr(copy.asTable(), internString(*w.vm, "inner"));
    REQUIRE(in->isTable());
    CHECK(tableGetInt(in->asTable(), 1)->asString() == internString(*w.vm, "x"));
    CHECK(tableGetInt(in->asTable(), 2)->n == 2.5);
    CHECK(tableGet(copy.asTable(), Value::boolean(true))->i == 7);
    CHECK(tableGet(copy.asTable(), Value::number(0.5))->asString() == internString(*w.vm, "half"));
}

TEST_CASE("wire: the sender rejects functions, threads and cycles with a clear error") {
    WireVM w;
    Table* t = newTable(*w.vm);
    tableSetStr(*w.vm, t, internString(*w.vm, "f"), Value::hostFunction(nullptr));
    CHECK(w.encodeError(Value::object(t)) == "cannot send a function (at key 'f')");

    Table* cyc = newTable(*w.vm);
    tableSetInt(*w.vm, cyc, 1, Value::object(cyc));
    CHECK(w.encodeError(Value::object(cyc)) == "cannot send a table that contains itself (a cycle) (at index 1)");

    CHECK(w.encodeError(Value::object(w.vm->mainThread)) == "cannot send a thread");

    // Shared but acyclic: sent twice, not rejected.
    Table* shared = newTable(*w.vm);
    Table* pair = newTable(*w.vm);
    tableSetInt(*w.vm, pair, 1, Value::object(shared));
    tableSetInt(*w.vm, pair, 2, Value::object(shared));
    Value copy = w.roundTrip(Value::object(pair));
    CHECK(tableGetInt(copy.asTable(), 1)->isTable());
    CHECK(tableGetInt(copy.asTable(), 2)->isTable());
}

TEST_CASE("wire: every truncation and random corruption of a message is a clean error") {
    WireVM w;
    Table* t = newTable(*w.vm);
    for (int k = 1; k <= 20; k++) tableSetInt(*w.vm, t, k, Value::integer(k * 1000));
    tableSetStr(*w.vm, t, internString(*w.vm, "name"), w.str("a longer string value"));
    std::vector<uint8_t> bytes;
    std::string error;
    REQUIRE(wireEncode(*w.vm, Value::object(t), bytes, error));
    for (size_t n = 0; n < bytes.size(); n++) {
        Value out;
        CHECK_FALSE(wireDecode(*w.vm, bytes.data(), n, out, error));
        CHECK(error.rfind("malformed message: ", 0) == 0);
    }
    std::mt19937 rng(1234);
    for (int trial = 0; trial < 2000; trial++) {
        std::vector<uint8_t> mutated = bytes;
        mutated[rng() % mutated.size()] = uint8_t(rng());
        Value out;
        wireDecode(*w.vm, mutated.data(), mutated.size(), out, error); // must not crash
    }
    // A huge declared count cannot make the decoder allocate unboundedly.
    const uint8_t bomb[] = {'T', 'W', kWireVersion, 'T', 0xff, 0xff, 0xff, 0xff, 0x0f};
    Value out;
    CHECK_FALSE(wireDecode(*w.vm, bomb, sizeof bomb, out, error));
    CHECK(error == "malformed message: table count larger than the message");
}
