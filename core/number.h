// number.h - Lua 5.4 numbers: the two numeric types and every rule that relates them.
//
// Owns: the Integer/Number typedefs used by the whole core (the value model includes this
// header for them, so it depends on nothing but the standard library), string<->number
// conversion exactly as lua5.4 does it (tonumber, the lexer, string coercion, print), and
// the arithmetic corner cases of the manual: floor division and modulo with Lua's sign
// rules, shifts by any count, float->integer conversion, exact mixed integer/float
// comparisons, and numeric-for loop preparation.
//
// Invariants kept:
//  - Integer arithmetic wraps modulo 2^64 (never signed-overflow UB): use the wrapping
//    helpers below rather than raw + - * on Integer.
//  - Mixed comparisons are exact: no rounding of an Integer to a Number ever changes the
//    answer (2^63, NaN and values beyond 2^53 included).
//  - No allocation on the hot paths: parseNumeral allocates only for decimal float numerals
//    longer than 63 characters; formatNumberTo/formatIntegerTo write into a caller buffer.
//  - Decimal floats go through strtod, which assumes the process keeps the "C" LC_NUMERIC
//    locale (Tricolor never calls setlocale). Hex floats are converted here, exactly and
//    correctly rounded, independent of the locale.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace tricolor {

using Integer = int64_t;
using Number = double;

// A parsed numeral: either an Integer (isInteger) or a Number; the unused field is zero.
struct Numeral {
    bool isInteger;
    Integer i;
    Number n;
};

// Which surrounding text a numeral may have.
enum class NumeralSyntax {
    // tonumber / string coercion: leading and trailing C whitespace, one optional '-' or '+'.
    Coercion,
    // The lexer's token: the bare numeral, no whitespace and no sign.
    Lexer,
};

// Lua's string->number conversion. Decimal integers that overflow become floats, hex
// integers wrap modulo 2^64; "inf", "nan" and any trailing garbage are rejected.
std::optional<Numeral> parseNumeral(std::string_view s,
                                    NumeralSyntax syntax = NumeralSyntax::Coercion);

// tonumber(s, base) for base 2..36: optional whitespace around, optional '-' (or '+'),
// at least one alphanumeric digit below base; the value wraps modulo 2^64.
std::optional<Integer> parseIntegerInBase(std::string_view s, int base);

// Buffer size sufficient for formatNumberTo / formatIntegerTo.
inline constexpr size_t kNumberBufferSize = 48;

// Writes a float exactly as lua5.4's tostring does ("%.14g", plus ".0" when the result
// looks like an integer; "inf", "-inf", "nan", "-nan"); returns the length written.
size_t formatNumberTo(Number n, char* buffer);
// Writes an integer in decimal; returns the length written.
size_t formatIntegerTo(Integer i, char* buffer);
std::string formatNumber(Number n);
std::string formatInteger(Integer i);

// The bit pattern of a float and back (exact for NaN payloads and -0.0).
// std::bit_cast would do, but Emscripten 3.1.6's C++ library lacks it.
inline uint64_t floatBits(Number n) {
    uint64_t bits;
    std::memcpy(&bits, &n, sizeof bits);
    return bits;
}
inline Number floatFromBits(uint64_t bits) {
    Number n;
    std::memcpy(&n, &bits, sizeof n);
    return n;
}

// Wrapping integer arithmetic (modulo 2^64, as Lua specifies).
inline Integer wrapAdd(Integer a, Integer b) {
    return static_cast<Integer>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
inline Integer wrapSub(Integer a, Integer b) {
    return static_cast<Integer>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}
inline Integer wrapMul(Integer a, Integer b) {
    return static_cast<Integer>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}
inline Integer wrapNeg(Integer a) {
    return static_cast<Integer>(0u - static_cast<uint64_t>(a));
}

// How a float with a fractional part is turned into an integer.
enum class FloatToIntMode {
    Exact, // only floats with an exact integer value convert
    Floor, // round toward minus infinity first
    Ceil,  // round toward plus infinity first
};

// The float as an Integer under mode; nullopt when out of range, NaN or (Exact) fractional.
std::optional<Integer> floatToInteger(Number n, FloatToIntMode mode = FloatToIntMode::Exact);

// a // b rounded toward minus infinity; precondition b != 0 (the caller raises
// "attempt to perform 'n//0'"). mininteger // -1 wraps to mininteger.
Integer floorDiv(Integer a, Integer b);
// a % b with the sign of b; precondition b != 0 ("attempt to perform 'n%%0'").
Integer floorMod(Integer a, Integer b);
// Float floor division: floor(a / b).
Number floatFloorDiv(Number a, Number b);
// Float modulo with the sign of b, as Lua 5.4 (fmod, then add b when signs differ).
Number floatMod(Number a, Number b);

// x << n; negative n shifts right; |n| >= 64 gives 0. Shifts are logical (no sign fill).
Integer shiftLeft(Integer x, Integer n);
// x >> n (logical); negative n shifts left; |n| >= 64 gives 0.
Integer shiftRight(Integer x, Integer n);

// Exact mixed comparisons (false whenever the float is NaN).
bool lessThan(Integer i, Number f);
bool lessThan(Number f, Integer i);
bool lessEqual(Integer i, Number f);
bool lessEqual(Number f, Integer i);
bool numbersEqual(Integer i, Number f);

// Preparation of an integer numeric for loop (init and step integers, step != 0; the limit
// may be either type). runs == false means the body never executes; otherwise the body
// runs remaining + 1 times, with the control variable advanced by step (wrapping) in
// between. Counting iterations up front means the loop never overflows.
struct IntegerForLoop {
    bool runs;
    uint64_t remaining;
};
// Precondition: step != 0 (the caller raises "'for' step is zero").
IntegerForLoop prepareIntegerForLoop(Integer init, Integer limit, Integer step);
IntegerForLoop prepareIntegerForLoopWithFloatLimit(Integer init, Number limit, Integer step);

// Float loop (init or step is a float; all three converted to Number by the caller):
// whether the body runs for value i. Precondition: step != 0.
inline bool floatForLoopContinues(Number i, Number limit, Number step) {
    return step > 0 ? i <= limit : limit <= i;
}

} // namespace tricolor
