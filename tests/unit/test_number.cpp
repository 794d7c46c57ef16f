// Unit tests for core/number: expected values were produced by Debian's lua5.4 (5.4.4).
#include "core/number.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <doctest/doctest.h>
#include <limits>
#include <string_view>

using namespace tricolor;

namespace {

enum Kind { N, I, F };
struct NumeralCase {
    std::string_view text;
    Kind kind;
    Integer i;
    Number n;
};
#define SV(lit) std::string_view(lit, sizeof(lit) - 1)

// Generated with lua5.4: for each input, tonumber(s) and its math.type ('%a' for floats).
const NumeralCase kNumeralCases[] = {
    {SV("0x10"), I, 16LL, 0},
    {SV("  0x1p4  "), F, 0, 0x1p+4},
    {SV("1e"), N, 0, 0},
    {SV("0x"), N, 0, 0},
    {SV("0x.p1"), N, 0, 0},
    {SV(".5"), F, 0, 0x1p-1},
    {SV("5."), F, 0, 0x1.4p+2},
    {SV("0x.8"), F, 0, 0x1p-1},
    {SV("inf"), N, 0, 0},
    {SV("nan"), N, 0, 0},
    {SV(" -0x10 "), I, -16LL, 0},
    {SV("- 1"), N, 0, 0},
    {SV("0xffffffffffffffffff"), I, -1LL, 0},
    {SV("9223372036854775807"), I, 9223372036854775807LL, 0},
    {SV("9223372036854775808"), F, 0, 0x1p+63},
    {SV("-9223372036854775808"), I, INT64_MIN, 0},
    {SV("-9223372036854775809"), F, 0, -0x1p+63},
    {SV("1e400"), F, 0, INFINITY},
    {SV("0x1P-1074"), F, 0, 0x0.0000000000001p-1022},
    {SV("0x1p-1075"), F, 0, 0x0p+0},
    {SV("0x1.8p-1075"), F, 0, 0x0.0000000000001p-1022},
    {SV("0x1p-1076"), F, 0, 0x0p+0},
    {SV("0x1.0000000000001p-1075"), F, 0, 0x0.0000000000001p-1022},
    {SV("1 2"), N, 0, 0},
    {SV("\01112\012"), I, 12LL, 0},
    {SV("0x7fffffffffffffff1"), I, -15LL, 0},
    {SV("1e+"), N, 0, 0},
    {SV("08"), I, 8LL, 0},
    {SV("0x1.8"), F, 0, 0x1.8p+0},
    {SV("0xA.8p0"), F, 0, 0x1.5p+3},
    {SV(""), N, 0, 0},
    {SV("+1"), I, 1LL, 0},
    {SV("+0x10"), I, 16LL, 0},
    {SV("1e+5"), F, 0, 0x1.86ap+16},
    {SV("0x1p"), N, 0, 0},
    {SV("0x1p+"), N, 0, 0},
    {SV("1E5"), F, 0, 0x1.86ap+16},
    {SV("0X1P4"), F, 0, 0x1p+4},
    {SV("."), N, 0, 0},
    {SV("-.5"), F, 0, -0x1p-1},
    {SV("1..2"), N, 0, 0},
    {SV("0x1."), F, 0, 0x1p+0},
    {SV("0x.1"), F, 0, 0x1p-4},
    {SV("infinity"), N, 0, 0},
    {SV("1e1 "), F, 0, 0x1.4p+3},
    {SV("\0131\014"), I, 1LL, 0},
    {SV("0x1.fffffffffffff8p0"), F, 0, 0x1p+1},
    {SV("0x1.fffffffffffff7ffffp0"), F, 0, 0x1.fffffffffffffp+0},
    {SV("0x1.00000000000008p0"), F, 0, 0x1p+0},
    {SV("0x1.000000000000080000001p0"), F, 0, 0x1.0000000000001p+0},
    {SV("0x1.00000000000018p0"), F, 0, 0x1.0000000000002p+0},
    {SV("0x123456789abcdef0123456789"), I, -6066930334832433271LL, 0},
    {SV("0x.000000000000000000000000001"), F, 0, 0x1p-108},
    {SV("0x1p1023"), F, 0, 0x1p+1023},
    {SV("0x1p1024"), F, 0, INFINITY},
    {SV("0x1.fffffffffffffp1023"), F, 0, 0x1.fffffffffffffp+1023},
    {SV("0x1.fffffffffffff8p1023"), F, 0, INFINITY},
    {SV("0x0.0000000000001p-1022"), F, 0, 0x0.0000000000001p-1022},
    {SV("0x0.00000000000008p-1022"), F, 0, 0x0p+0},
    {SV("0x0.00000000000018p-1022"), F, 0, 0x0.0000000000002p-1022},
    {SV("0x1p99999999999999"), F, 0, INFINITY},
    {SV("0x1p-99999999999999"), F, 0, 0x0p+0},
    {SV("0.1"), F, 0, 0x1.999999999999ap-4},
    {SV("1e-400"), F, 0, 0x0p+0},
    {SV("2.5e-324"), F, 0, 0x0.0000000000001p-1022},
    {SV("123456789012345678901234567890"), F, 0, 0x1.8ee90ff6c373ep+96},
    {SV("1.7976931348623157e308"), F, 0, 0x1.fffffffffffffp+1023},
    {SV("1.7976931348623159e308"), F, 0, INFINITY},
    {SV("3.14159265358979323846264338327950288"), F, 0, 0x1.921fb54442d18p+1},
    {SV("0x"), N, 0, 0},
    {SV("0xg"), N, 0, 0},
    {SV("1e5.5"), N, 0, 0},
    {SV("0x1e"), I, 30LL, 0},
    {SV("0x1E+2"), N, 0, 0},
    {SV("1_0"), N, 0, 0},
    {SV("1\000"), N, 0, 0},
    {SV("0b1"), N, 0, 0},
    {SV("00012"), I, 12LL, 0},
    {SV("-0"), I, 0LL, 0},
    {SV("-0.0"), F, 0, -0x0p+0},
    {SV("0x-1"), N, 0, 0},
    {SV("0x+1"), N, 0, 0},
    {SV("- 0x1"), N, 0, 0},
};

bool sameFloat(Number a, Number b) {
    return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b));
}

} // namespace

TEST_CASE("parseNumeral agrees with lua5.4 tonumber") {
    for (const auto& c : kNumeralCases) {
        CAPTURE(c.text);
        auto r = parseNumeral(c.text);
        if (c.kind == N) {
            CHECK_FALSE(r.has_value());
            continue;
        }
        REQUIRE(r.has_value());
        CHECK(r->isInteger == (c.kind == I));
        if (c.kind == I)
            CHECK(r->i == c.i);
        else
            CHECK(sameFloat(r->n, c.n));
    }
}

TEST_CASE("parseNumeral lexer syntax rejects signs and whitespace") {
    CHECK_FALSE(parseNumeral("-1", NumeralSyntax::Lexer));
    CHECK_FALSE(parseNumeral("+1", NumeralSyntax::Lexer));
    CHECK_FALSE(parseNumeral(" 1", NumeralSyntax::Lexer));
    CHECK_FALSE(parseNumeral("1 ", NumeralSyntax::Lexer));
    CHECK_FALSE(parseNumeral("3..2", NumeralSyntax::Lexer));
    auto big = parseNumeral("9223372036854775808", NumeralSyntax::Lexer);
    REQUIRE(big);
    CHECK_FALSE(big->isInteger);
    CHECK(big->n == 9223372036854775808.0);
    auto hex = parseNumeral("0xA.8P1", NumeralSyntax::Lexer);
    REQUIRE(hex);
    CHECK(hex->n == 21.0);
    auto i = parseNumeral("0xff", NumeralSyntax::Lexer);
    REQUIRE(i);
    CHECK(i->isInteger);
    CHECK(i->i == 255);
}

TEST_CASE("parseNumeral handles long decimal numerals beyond the stack buffer") {
    std::string longNumeral = "0." + std::string(200, '0') + "1";
    auto r = parseNumeral(longNumeral);
    REQUIRE(r);
    CHECK(r->n == 1e-201);
    std::string longInt(400, '9');
    auto f = parseNumeral(longInt);
    REQUIRE(f);
    CHECK_FALSE(f->isInteger);
    CHECK(f->n == std::numeric_limits<double>::infinity());
}

TEST_CASE("hex float rounding is exact around ties and subnormals") {
    // Walk every power of two and check 1 + half-ulp patterns and subnormal boundaries.
    for (int e = -1074; e <= 1023; e += 7) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "0x1p%d", e);
        auto r = parseNumeral(buf);
        REQUIRE(r);
        CHECK(r->n == std::ldexp(1.0, e));
    }
    CHECK(parseNumeral("0x3p-1076")->n == std::ldexp(1.0, -1074)); // 0.75 ulp: up
    CHECK(parseNumeral("0x1p-1075")->n == 0.0);                    // tie to even: 0
    CHECK(parseNumeral("0x3p-1075")->n == std::ldexp(1.0, -1073)); // 1.5 ulp: up to 2
    CHECK(parseNumeral("0x5p-1075")->n == std::ldexp(1.0, -1073)); // 2.5 ulp: down to 2
    CHECK(parseNumeral("0xffffffffffffffffff")->i == -1);
    CHECK(parseNumeral("0xffffffffffffffffff.0")->n == std::ldexp(1.0, 72));
}

TEST_CASE("parseIntegerInBase matches tonumber(s, base)") {
    CHECK(parseIntegerInBase("ff", 16) == 255);
    CHECK(parseIntegerInBase(" -ff ", 16) == -255);
    CHECK(parseIntegerInBase("+ff", 16) == 255);
    CHECK(parseIntegerInBase("zz", 36) == 1295);
    CHECK(parseIntegerInBase("ZZ", 36) == 1295);
    CHECK(parseIntegerInBase("777", 8) == 511);
    CHECK(parseIntegerInBase("101", 2) == 5);
    CHECK_FALSE(parseIntegerInBase("8", 8));
    CHECK_FALSE(parseIntegerInBase("", 10));
    CHECK_FALSE(parseIntegerInBase("-", 10));
    CHECK_FALSE(parseIntegerInBase("1.0", 10));
    CHECK_FALSE(parseIntegerInBase("1 1", 10));
    CHECK_FALSE(parseIntegerInBase("0x10", 16));
    CHECK(parseIntegerInBase("7fffffffffffffffff", 16) == -1);
    CHECK(parseIntegerInBase("\t10\n", 10) == 10);
}

TEST_CASE("formatNumber prints floats like lua5.4") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK(formatNumber(INFINITY) == "inf");
    CHECK(formatNumber(-INFINITY) == "-inf");
    CHECK(formatNumber(std::copysign(nan, -1.0)) == "-nan");
    CHECK(formatNumber(std::copysign(nan, 1.0)) == "nan");
    CHECK(formatNumber(1e15) == "1e+15");
    CHECK(formatNumber(1e100) == "1e+100");
    CHECK(formatNumber(0x1p53) == "9.007199254741e+15");
    CHECK(formatNumber(-0.0) == "-0.0");
    CHECK(formatNumber(0.0) == "0.0");
    CHECK(formatNumber(0.1) == "0.1");
    CHECK(formatNumber(1e14) == "1e+14");
    CHECK(formatNumber(1e14 - 1) == "99999999999999.0");
    CHECK(formatNumber(-1e14 + 1) == "-99999999999999.0");
    CHECK(formatNumber(123.456) == "123.456");
    CHECK(formatNumber(1.0 / 3) == "0.33333333333333");
    CHECK(formatNumber(-0x1p63) == "-9.2233720368548e+18");
    CHECK(formatNumber(1e-5) == "1e-05");
    CHECK(formatNumber(0x0.0000000000001p-1022) == "4.9406564584125e-324");
    CHECK(formatNumber(3.0) == "3.0");
    CHECK(formatNumber(-3.0) == "-3.0");
    CHECK(formatNumber(100.0) == "100.0");
    CHECK(formatNumber(12345678901234.5) == "12345678901234.0");
    CHECK(formatNumber(0.1 + 0.2) == "0.3");
}

TEST_CASE("formatInteger") {
    CHECK(formatInteger(0) == "0");
    CHECK(formatInteger(-42) == "-42");
    CHECK(formatInteger(INT64_MIN) == "-9223372036854775808");
    CHECK(formatInteger(INT64_MAX) == "9223372036854775807");
    char buf[kNumberBufferSize];
    CHECK(formatIntegerTo(123, buf) == 3);
    CHECK(std::string_view(buf) == "123");
}

TEST_CASE("floatToInteger modes") {
    CHECK(floatToInteger(3.0) == 3);
    CHECK_FALSE(floatToInteger(3.5));
    CHECK(floatToInteger(3.5, FloatToIntMode::Floor) == 3);
    CHECK(floatToInteger(3.5, FloatToIntMode::Ceil) == 4);
    CHECK(floatToInteger(-3.5, FloatToIntMode::Floor) == -4);
    CHECK(floatToInteger(-3.5, FloatToIntMode::Ceil) == -3);
    CHECK(floatToInteger(-0x1p63) == INT64_MIN);
    CHECK_FALSE(floatToInteger(0x1p63));
    CHECK_FALSE(floatToInteger(INFINITY));
    CHECK_FALSE(floatToInteger(NAN, FloatToIntMode::Floor));
    CHECK(floatToInteger(0x1p63 - 1024) == INT64_MAX - 1023);
    CHECK(floatToInteger(-0.0) == 0);
}

TEST_CASE("floor division and modulo follow lua5.4") {
    CHECK(floorDiv(-7, 2) == -4);
    CHECK(floorDiv(7, -2) == -4);
    CHECK(floorDiv(7, 2) == 3);
    CHECK(floorDiv(-7, -2) == 3);
    CHECK(floorDiv(INT64_MIN, -1) == INT64_MIN);
    CHECK(floorMod(INT64_MIN, -1) == 0);
    CHECK(floorMod(-5, INT64_MIN) == -5);
    CHECK(floorMod(5, INT64_MIN) == -9223372036854775803LL);
    CHECK(floorMod(-7, 3) == 2);
    CHECK(floorMod(7, -3) == -2);
    CHECK(floorMod(6, -3) == 0);
    CHECK(floatMod(-1, INFINITY) == INFINITY);
    CHECK(floatMod(1, -INFINITY) == -INFINITY);
    CHECK(floatMod(5.5, -2) == -0.5);
    CHECK(floatMod(-5.5, 2) == 0.5);
    CHECK(floatMod(0.0, -1) == 0.0);
    CHECK(floatMod(-3.0, -32769) == -3.0); // same signs: no shift (lua5.4: -3.0 % -32769 == -3.0)
    CHECK(floatMod(3.0, 32769) == 3.0);
    CHECK(std::signbit(floatMod(-0.0, 1)));
    CHECK(std::isnan(floatMod(1, 0.0)));
    CHECK(std::isnan(floatMod(INFINITY, 2)));
    CHECK(floatFloorDiv(7, -2.0) == -4.0);
    CHECK(floatFloorDiv(1, 0.0) == INFINITY);
    CHECK(floatFloorDiv(-1, 0.0) == -INFINITY);
    CHECK(floatFloorDiv(5, 0.0) == INFINITY);
}

TEST_CASE("shifts with any count") {
    CHECK(shiftLeft(1, 64) == 0);
    CHECK(shiftLeft(1, 63) == INT64_MIN);
    CHECK(shiftRight(-1, 1) == INT64_MAX);
    CHECK(shiftRight(1, -1) == 2);
    CHECK(shiftLeft(1, -1) == 0);
    CHECK(shiftLeft(-1, INT64_MIN) == 0);
    CHECK(shiftRight(-1, INT64_MIN) == 0);
    CHECK(shiftRight(-1, INT64_MAX) == 0);
    CHECK(shiftLeft(-1, -63) == 1);
    CHECK(shiftRight(0xff, 4) == 0xf);
}

TEST_CASE("exact mixed comparisons") {
    const double nan = NAN;
    CHECK(lessThan(INT64_MAX, 0x1p63));
    CHECK_FALSE(lessThan(0x1p63, INT64_MAX));
    CHECK(lessEqual(INT64_MIN, -0x1p63));
    CHECK(lessEqual(-0x1p63, INT64_MIN));
    CHECK_FALSE(lessThan(INT64_MIN, -0x1p63));
    CHECK_FALSE(lessThan(-0x1p63, INT64_MIN));
    CHECK(numbersEqual(INT64_MIN, -0x1p63));
    CHECK_FALSE(numbersEqual(INT64_MAX, 0x1p63)); // maxinteger + 0.0 == maxinteger is false
    CHECK_FALSE(lessThan(1, nan));
    CHECK_FALSE(lessThan(nan, 1));
    CHECK_FALSE(lessEqual(1, nan));
    CHECK_FALSE(lessEqual(nan, 1));
    CHECK_FALSE(numbersEqual(0, nan));
    // 2^53 + 1 is not representable: the integer is strictly greater than the float 2^53.
    const Integer big = (Integer{1} << 53) + 1;
    CHECK(lessThan(0x1p53, big));
    CHECK_FALSE(lessEqual(big, 0x1p53));
    CHECK(lessThan(1, 1.5));
    CHECK_FALSE(lessThan(2, 1.5));
    CHECK(lessEqual(1, 1.0));
    CHECK(lessThan(1.5, 2));
    CHECK(lessEqual(-1.5, -1));
    CHECK_FALSE(lessEqual(-0.5, -1));
    CHECK(lessThan(-INFINITY, INT64_MIN));
    CHECK(lessThan(INT64_MAX, INFINITY));
    CHECK(numbersEqual(3, 3.0));
    CHECK_FALSE(numbersEqual(3, 3.5));
}

TEST_CASE("integer for loop preparation") {
    auto full = prepareIntegerForLoop(INT64_MIN, INT64_MAX, 1);
    CHECK(full.runs);
    CHECK(full.remaining == UINT64_MAX);
    auto down = prepareIntegerForLoop(INT64_MAX, INT64_MIN, INT64_MIN);
    CHECK(down.runs);
    CHECK(down.remaining == 1);
    CHECK_FALSE(prepareIntegerForLoop(1, 0, 1).runs);
    CHECK_FALSE(prepareIntegerForLoop(0, 1, -1).runs);
    CHECK(prepareIntegerForLoop(1, 10, 3).remaining == 3);  // 1 4 7 10
    CHECK(prepareIntegerForLoop(10, 1, -4).remaining == 2); // 10 6 2
    // for i = maxinteger-2, math.huge: three iterations in lua5.4
    auto huge = prepareIntegerForLoopWithFloatLimit(INT64_MAX - 2, INFINITY, 1);
    CHECK(huge.runs);
    CHECK(huge.remaining == 2);
    CHECK(prepareIntegerForLoopWithFloatLimit(1, 3.5, 1).remaining == 2);
    CHECK(prepareIntegerForLoopWithFloatLimit(3, -1e300, -1).remaining == (uint64_t{1} << 63) + 3);
    CHECK_FALSE(prepareIntegerForLoopWithFloatLimit(1, NAN, 1).runs);
    CHECK_FALSE(prepareIntegerForLoopWithFloatLimit(1, INFINITY, -1).runs);
    CHECK_FALSE(prepareIntegerForLoopWithFloatLimit(1, -INFINITY, 1).runs);
    CHECK(prepareIntegerForLoopWithFloatLimit(3, 0.5, -1).remaining == 2); // 3 2 1
    CHECK(floatForLoopContinues(1.0, 1.0, 0.5));
    CHECK_FALSE(floatForLoopContinues(1.5, 1.0, 0.5));
    CHECK(floatForLoopContinues(1.0, 1.0, -0.5));
    CHECK_FALSE(floatForLoopContinues(0.5, 1.0, -0.5));
}

TEST_CASE("wrapping arithmetic") {
    CHECK(wrapAdd(INT64_MAX, 1) == INT64_MIN);
    CHECK(wrapSub(INT64_MIN, 1) == INT64_MAX);
    CHECK(wrapMul(INT64_MAX, 2) == -2);
    CHECK(wrapNeg(INT64_MIN) == INT64_MIN);
}
