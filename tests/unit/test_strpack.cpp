// Unit tests for core/strpack. Expected bytes and messages were produced by Debian's
// lua5.4 (5.4.4) with string.pack / string.unpack / string.packsize.
#include "core/strpack.h"

#include <doctest/doctest.h>
#include <string>
#include <variant>
#include <vector>

using namespace tricolor;

namespace {

struct Nil {};
using Value = std::variant<Nil, Integer, Number, std::string>;

// A binding stand-in: integers, floats and strings with Lua's number/string coercions.
class TestArguments : public PackArguments {
  public:
    explicit TestArguments(std::vector<Value> values) : values_(std::move(values)) {}

    bool getInteger(int arg, Integer& out, PackError& error) override {
        const Value& v = at(arg);
        if (auto* i = std::get_if<Integer>(&v)) return out = *i, true;
        if (auto* n = std::get_if<Number>(&v)) {
            if (auto i = floatToInteger(*n)) return out = *i, true;
            return error = {arg, "number has no integer representation"}, false;
        }
        return error = {arg, std::string("number expected, got ") + typeName(v)}, false;
    }
    bool getNumber(int arg, Number& out, PackError& error) override {
        const Value& v = at(arg);
        if (auto* i = std::get_if<Integer>(&v)) return out = static_cast<Number>(*i), true;
        if (auto* n = std::get_if<Number>(&v)) return out = *n, true;
        return error = {arg, std::string("number expected, got ") + typeName(v)}, false;
    }
    bool getString(int arg, std::string_view& out, PackError& error) override {
        const Value& v = at(arg);
        if (auto* s = std::get_if<std::string>(&v)) return out = *s, true;
        if (auto* i = std::get_if<Integer>(&v)) {
            scratch_.push_back(formatInteger(*i));
            return out = scratch_.back(), true;
        }
        if (auto* n = std::get_if<Number>(&v)) {
            scratch_.push_back(formatNumber(*n));
            return out = scratch_.back(), true;
        }
        return error = {arg, "string expected, got nil"}, false;
    }

  private:
    // Missing arguments read as nil, as in lua5.4's str_pack.
    const Value& at(int arg) const {
        static const Value nil = Nil{};
        size_t i = static_cast<size_t>(arg - 2);
        return i < values_.size() ? values_[i] : nil;
    }
    static const char* typeName(const Value& v) {
        return std::holds_alternative<Nil>(v) ? "nil" : "string";
    }
    std::vector<Value> values_;
    std::vector<std::string> scratch_;
};

std::string hex(std::string_view s) {
    std::string out;
    char buf[4];
    for (unsigned char c : s) {
        std::snprintf(buf, sizeof buf, "%02x", c);
        out += buf;
    }
    return out;
}

std::string describe(const PackError& e) {
    return e.argument ? "error #" + std::to_string(e.argument) + ": " + e.message
                      : "error: " + e.message;
}

// string.pack as hex, or the error.
std::string pack(std::string_view format, std::vector<Value> values = {}) {
    TestArguments args(std::move(values));
    std::string out;
    PackError error;
    return packValues(format, args, out, error) ? hex(out) : describe(error);
}

std::string packsize(std::string_view format) {
    Integer size;
    PackError error;
    return packSize(format, size, error) ? std::to_string(size) : describe(error);
}

// string.unpack as space-separated values (strings as h:<hex>, floats via formatNumber)
// followed by the next position.
std::string unpack(std::string_view format, std::string_view data, Integer init = 1) {
    std::vector<PackValue> values;
    Integer next;
    PackError error;
    if (!unpackValues(format, data, init, values, next, error)) return describe(error);
    std::string out;
    for (const PackValue& v : values) {
        if (v.kind == PackValue::Kind::Integer) out += formatInteger(v.integer);
        if (v.kind == PackValue::Kind::Number) out += formatNumber(v.number);
        if (v.kind == PackValue::Kind::String) out += "h:" + hex(v.string);
        out += ' ';
    }
    return out + std::to_string(next);
}

std::string bytes(std::initializer_list<int> list) {
    std::string s;
    for (int b : list)
        s += static_cast<char>(b);
    return s;
}

} // namespace

TEST_CASE("pack format errors") {
    CHECK(pack("i17", {1}) == "error: integral size (17) out of limits [1,16]");
    CHECK(pack("i0", {1}) == "error: integral size (0) out of limits [1,16]");
    CHECK(pack("s0", {"ab"}) == "error: integral size (0) out of limits [1,16]");
    CHECK(pack("i99999999999999999999", {1}) ==
          "error: integral size (999999999) out of limits [1,16]");
    CHECK(pack("y", {1}) == "error: invalid format option 'y'");
    CHECK(pack("c", {"a"}) == "error: missing size for format option 'c'");
    CHECK(pack("X") == "error #1: invalid next option for option 'X'");
    CHECK(pack("Xz") == "error #1: invalid next option for option 'X'");
    CHECK(pack("Xc1") == "error #1: invalid next option for option 'X'");
    CHECK(pack("!4Xi3") == "error #1: format asks for alignment not power of 2");
    CHECK(pack("!3i4", {1}) == "error #1: format asks for alignment not power of 2");
    CHECK(pack("!b i3", {1, 2}) == "error #1: format asks for alignment not power of 2");
    CHECK(pack("!8 b i6", {1, 2}) == "error #1: format asks for alignment not power of 2");
    CHECK(pack("!17") == "error: integral size (17) out of limits [1,16]");
    CHECK(packsize("c2147483647") == "error: invalid format option '7'");
    CHECK(packsize("s") == "error #1: variable-length format");
    CHECK(packsize("z") == "error #1: variable-length format");
    CHECK(packsize("c1000000000c1000000000c147483647") == "2147483647");
    CHECK(packsize("c1000000000c1000000000c147483648") == "error #1: format result too large");
}

TEST_CASE("pack argument errors") {
    CHECK(pack("i1", {128}) == "error #2: integer overflow");
    CHECK(pack("i1", {-129}) == "error #2: integer overflow");
    CHECK(pack("i", {Integer{1} << 31}) == "error #2: integer overflow");
    CHECK(pack("I1", {256}) == "error #2: unsigned overflow");
    CHECK(pack("I1", {-1}) == "error #2: unsigned overflow");
    CHECK(pack("s1", {std::string(256, 'x')}) ==
          "error #2: string length does not fit in given size");
    CHECK(pack("c2", {"abc"}) == "error #2: string longer than given size");
    CHECK(pack("z", {std::string("a\0b", 3)}) == "error #2: string contains zeros");
    CHECK(pack("i", {1.5}) == "error #2: number has no integer representation");
    CHECK(pack("i8", {0x1p63}) == "error #2: number has no integer representation");
    CHECK(pack("i") == "error #2: number expected, got nil");
    CHECK(pack("bb", {1}) == "error #3: number expected, got nil");
}

TEST_CASE("pack layouts") {
    CHECK(pack("c0", {""}) == "");
    CHECK(pack("!16 i16", {1}) == "01000000000000000000000000000000");
    CHECK(pack("I1", {255}) == "ff");
    CHECK(pack("i16", {-2}) == "feffffffffffffffffffffffffffffff");
    CHECK(pack(">I16", {1}) == "00000000000000000000000000000001");
    CHECK(pack("c3", {"a"}) == "610000");
    CHECK(pack("z", {"ab"}) == "616200");
    CHECK(pack("bBhH", {-1, 255, -2, 65535}) == "fffffeffffff");
    CHECK(pack(">hl", {1, 2}) == "00010000000000000002");
    CHECK(pack("jJT", {-1, -1, 5}) == "ffffffffffffffffffffffffffffffff0500000000000000");
    CHECK(pack("fdn", {1.5, 2.5, 3.5}) == "0000c03f00000000000004400000000000000c40");
    CHECK(pack("i", {1.0}) == "01000000");
    CHECK(pack("!bxi", {1, 2}) == "0100000002000000");
    CHECK(pack("!2 b h", {1, 2}) == "01000200");
    CHECK(pack("!8 b d", {1, 2}) == "01000000000000000000000000000040");
    CHECK(pack("b Xi4 b", {1, 2}) == "0102");
    CHECK(pack("!8 b Xd b", {1, 2}) == "010000000000000002");
    CHECK(pack("Xi4 b", {1}) == "01");
    CHECK(pack("!4 b Xj b", {1, 2}) == "0100000002");
    CHECK(pack("b Xs b", {1, 2}) == "0102");
    CHECK(pack("T", {-1}) == "ffffffffffffffff");
    CHECK(pack("s16", {"ab"}) == "020000000000000000000000000000006162");
    CHECK(pack("s", {12}) == "02000000000000003132");
    CHECK(pack("z", {1.5}) == "312e3500");
    CHECK(pack(" < b > h ", {1, 2}) == "010002");
    CHECK(pack("b", {1, 2}) == "01");
    CHECK(pack("xx") == "0000");
    CHECK(pack(std::string_view("b\0b", 3), {1, 2}) == "01"); // a format ends at a zero
    CHECK(pack(">j", {1}) == "0000000000000001");
    CHECK(pack("f", {1e300}) == "0000807f"); // overflows to inf like a C cast
    CHECK(packsize("i4i8") == "12");
    CHECK(packsize("!8 b d") == "16");
    CHECK(packsize("xXi8 b") == "2");
    CHECK(packsize("c214748364") == "214748364");
    CHECK(packsize("") == "0");
}

TEST_CASE("unpack") {
    CHECK(unpack("i16", std::string(16, '\xff')) == "-1 17");
    CHECK(unpack("i16", std::string(8, '\0') + "\x01" + std::string(7, '\0')) ==
          "error: 16-byte integer does not fit into Lua Integer");
    CHECK(unpack("i9", std::string(9, '\xff')) == "-1 10");
    CHECK(unpack("I9", std::string(9, '\xff')) ==
          "error: 9-byte integer does not fit into Lua Integer");
    CHECK(unpack("i9", std::string(8, '\xff') + '\0') ==
          "error: 9-byte integer does not fit into Lua Integer");
    CHECK(unpack("<i12", "\x01" + std::string(11, '\0')) == "1 13");
    CHECK(unpack(">I12", std::string(11, '\0') + "\x01") == "1 13");
    CHECK(unpack("<i12", std::string(7, '\0') + "\x80\xff\xff\xff\xff") ==
          "-9223372036854775808 13");
    CHECK(unpack("i4", "abc") == "error #2: data string too short");
    CHECK(unpack("z", "abc") == "error #2: unfinished string for format 'z'");
    CHECK(unpack("z", std::string("abc\0", 4), 5) == "error #2: unfinished string for format 'z'");
    CHECK(unpack("z", std::string("abc\0", 4), 4) == "h: 5");
    CHECK(unpack("zB", std::string("ab\0c", 4)) == "h:6162 99 5");
    CHECK(unpack("s1", "\x05"
                       "ab") == "error #2: data string too short");
    CHECK(unpack("s1", std::string(1, '\0')) == "h: 2");
    CHECK(unpack(">s2", std::string("\0\2ab", 4)) == "h:6162 5");
    CHECK(unpack("b", "abc", 4) == "error #2: data string too short");
    CHECK(unpack("b", "abc", 5) == "error #3: initial position out of string");
    CHECK(unpack("b", "abc", -1) == "99 4");
    CHECK(unpack("b", "abc", -5) == "97 2");
    CHECK(unpack("b", "abc", 0) == "97 2");
    CHECK(unpack("", "abc", 4) == "4");
    CHECK(unpack("i4", "abcd", -10) == "1684234849 5");
    CHECK(unpack("c0", "") == "h: 1");
    CHECK(unpack("c2", "a") == "error #2: data string too short");
    CHECK(unpack("X", "") == "error #1: invalid next option for option 'X'");
    CHECK(unpack("!4 b Xi4 i4", bytes({1, 0, 0, 0, 2, 0, 0, 0})) == "1 2 9");
    CHECK(unpack("=I3 >I3 <I3", bytes({1, 2, 3, 1, 2, 3, 1, 2, 3})) == "197121 66051 197121 10");
    CHECK(unpack(">i3", "\xff\xff\xfe") == "-2 4");
    CHECK(unpack("<i2", "\xff\x7f") == "32767 3");
    CHECK(unpack("B", "\xc8") == "200 2");
    CHECK(unpack("<j", bytes({1, 0, 0, 0, 0, 0, 0, 0x80})) == "-9223372036854775807 9");
    CHECK(unpack("<I8", std::string(8, '\xff')) == "-1 9");
    CHECK(unpack("c3 s1 z", std::string("abc\2hixyz\0", 10)) == "h:616263 h:6869 h:78797a 11");
    CHECK(unpack("f", bytes({0, 0, 0xc0, 0x7f})) == "nan 5");
}

TEST_CASE("pack and unpack round trip every option") {
    std::string data;
    TestArguments args({-1, 255, -300, 60000, -5, 70000, INT64_MIN, -1, 7, 0.25, 1.0 / 3, -0.0});
    PackError error;
    REQUIRE(packValues("<bBhHi3I3jJTfdn", args, data, error));
    CHECK(unpack("<bBhHi3I3jJTfdn", data) ==
          "-1 255 -300 60000 -5 70000 -9223372036854775808 -1 7 0.25 0.33333333333333 -0.0 57");
}
