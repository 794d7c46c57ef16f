// number.cpp - see number.h for the design.
#include "core/number.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace tricolor {

namespace {

constexpr Number kTwoTo63 = 9223372036854775808.0; // 2^63, exactly representable

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
bool isDecimalDigit(char c) {
    return c >= '0' && c <= '9';
}

// Value of c as a digit in base 36, or 99 when c is not alphanumeric.
int digitValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

// Cursor over the numeral text, with the small scanning steps the grammar needs.
struct Scanner {
    std::string_view s;
    size_t pos = 0;

    bool atEnd() const { return pos >= s.size(); }
    char peek() const { return pos < s.size() ? s[pos] : '\0'; }
    bool accept(char lower) {
        if (atEnd() || (s[pos] | 0x20) != lower) return false;
        ++pos;
        return true;
    }
    bool acceptSign() {
        if (peek() == '+' || peek() == '-') {
            ++pos;
            return true;
        }
        return false;
    }
};

// Reads an exponent's digits, saturating far beyond any double's range.
std::optional<long> scanExponentDigits(Scanner& sc) {
    bool negative = sc.peek() == '-';
    sc.acceptSign();
    if (!isDecimalDigit(sc.peek())) return std::nullopt;
    long e = 0;
    while (isDecimalDigit(sc.peek())) {
        if (e < 100000000) e = e * 10 + (sc.peek() - '0');
        ++sc.pos;
    }
    return negative ? -e : e;
}

// Rounds mantissa * 2^exponent to the nearest double, ties to even, handling subnormals
// and overflow. sticky says nonzero bits were dropped below the mantissa (only possible
// when it holds more than 53 significant bits).
Number roundBinary(uint64_t mantissa, long exponent, bool sticky) {
    if (mantissa == 0) return 0.0;
    int bits = 64 - __builtin_clzll(mantissa);
    long leadExponent = bits - 1 + exponent;
    long keep = leadExponent >= -1022 ? 53 : leadExponent + 1075; // subnormals keep fewer
    long shift = bits - keep;
    if (shift <= 0) return std::ldexp(static_cast<Number>(mantissa), exponent); // exact
    if (shift > 64) return 0.0; // below half the smallest subnormal
    uint64_t kept = shift == 64 ? 0 : mantissa >> shift;
    uint64_t rest = shift == 64 ? mantissa : mantissa & ((uint64_t{1} << shift) - 1);
    uint64_t half = uint64_t{1} << (shift - 1);
    if (rest > half || (rest == half && (sticky || (kept & 1)))) ++kept;
    return std::ldexp(static_cast<Number>(kept), exponent + shift);
}

// Hex numeral after "0x": an integer (wrapping) when it has neither '.' nor 'p', otherwise
// an exactly rounded float.
std::optional<Numeral> scanHexBody(Scanner& sc) {
    uint64_t wrapped = 0, mantissa = 0;
    long exponent = 0;
    bool sticky = false, sawDot = false, isFloat = false;
    int digits = 0;
    for (;; ++sc.pos) {
        char c = sc.peek();
        if (c == '.' && !sawDot) {
            sawDot = isFloat = true;
            continue;
        }
        int d = digitValue(c);
        if (d >= 16) break;
        ++digits;
        wrapped = wrapped * 16 + d;
        if (mantissa >> 60 == 0) {
            mantissa = mantissa * 16 + d;
            if (sawDot) exponent -= 4;
        } else {
            sticky |= d != 0;
            if (!sawDot) exponent += 4;
        }
    }
    if (digits == 0) return std::nullopt;
    if (sc.accept('p')) {
        isFloat = true;
        auto e = scanExponentDigits(sc);
        if (!e) return std::nullopt;
        exponent += *e;
    }
    if (!isFloat) return Numeral{true, static_cast<Integer>(wrapped), 0.0};
    return Numeral{false, 0, roundBinary(mantissa, exponent, sticky)};
}

// strtod on a copy of text (string_view is not NUL terminated).
Number decimalToDouble(std::string_view text) {
    char small[64];
    if (text.size() < sizeof small) {
        std::memcpy(small, text.data(), text.size());
        small[text.size()] = '\0';
        return std::strtod(small, nullptr);
    }
    std::string copy(text);
    return std::strtod(copy.c_str(), nullptr);
}

// Decimal numeral: an Integer when it is all digits and fits (the magnitude limit is 2^63
// when negative), otherwise a float.
std::optional<Numeral> scanDecimalBody(Scanner& sc, bool negative) {
    size_t start = sc.pos;
    uint64_t value = 0;
    bool fits = true;
    const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
    int digits = 0;
    while (isDecimalDigit(sc.peek())) {
        unsigned d = sc.peek() - '0';
        if (value > (limit - d) / 10) fits = false;
        if (fits) value = value * 10 + d;
        ++digits, ++sc.pos;
    }
    bool isFloat = false;
    if (sc.peek() == '.') {
        isFloat = true;
        ++sc.pos;
        while (isDecimalDigit(sc.peek()))
            ++digits, ++sc.pos;
    }
    if (digits == 0) return std::nullopt;
    if (sc.accept('e')) {
        isFloat = true;
        if (!scanExponentDigits(sc)) return std::nullopt;
    }
    if (!isFloat && fits) {
        Integer i = negative ? wrapNeg(static_cast<Integer>(value)) : static_cast<Integer>(value);
        return Numeral{true, i, 0.0};
    }
    Number n = decimalToDouble(sc.s.substr(start, sc.pos - start));
    return Numeral{false, 0, negative ? -n : n};
}

} // namespace

std::optional<Numeral> parseNumeral(std::string_view s, NumeralSyntax syntax) {
    bool negative = false;
    if (syntax == NumeralSyntax::Coercion) {
        while (!s.empty() && isSpace(s.front()))
            s.remove_prefix(1);
        while (!s.empty() && isSpace(s.back()))
            s.remove_suffix(1);
        if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
            negative = s.front() == '-';
            s.remove_prefix(1);
        }
    }
    Scanner sc{s};
    std::optional<Numeral> result;
    if (s.size() >= 2 && s[0] == '0' && (s[1] | 0x20) == 'x') {
        sc.pos = 2;
        result = scanHexBody(sc);
        if (result && negative) {
            if (result->isInteger)
                result->i = wrapNeg(result->i);
            else
                result->n = -result->n;
        }
    } else {
        result = scanDecimalBody(sc, negative);
    }
    if (!result || !sc.atEnd()) return std::nullopt;
    return result;
}

std::optional<Integer> parseIntegerInBase(std::string_view s, int base) {
    size_t pos = 0;
    while (pos < s.size() && isSpace(s[pos]))
        ++pos;
    bool negative = false;
    if (pos < s.size() && (s[pos] == '-' || s[pos] == '+')) negative = s[pos++] == '-';
    uint64_t value = 0;
    size_t digitsStart = pos;
    while (pos < s.size() && digitValue(s[pos]) != 99) {
        int d = digitValue(s[pos]);
        if (d >= base) return std::nullopt;
        value = value * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
        ++pos;
    }
    if (pos == digitsStart) return std::nullopt;
    while (pos < s.size() && isSpace(s[pos]))
        ++pos;
    if (pos != s.size()) return std::nullopt;
    Integer i = static_cast<Integer>(value);
    return negative ? wrapNeg(i) : i;
}

size_t formatIntegerTo(Integer i, char* buffer) {
    auto r = std::to_chars(buffer, buffer + kNumberBufferSize - 1, i);
    *r.ptr = '\0';
    return static_cast<size_t>(r.ptr - buffer);
}

size_t formatNumberTo(Number n, char* buffer) {
    // Fast path: integral values below 1e14 print all their digits under %.14g.
    if (n == std::floor(n) && std::fabs(n) < 1e14) {
        size_t len;
        if (n == 0 && std::signbit(n)) {
            std::memcpy(buffer, "-0", 2);
            len = 2;
        } else {
            len = formatIntegerTo(static_cast<Integer>(n), buffer);
        }
        std::memcpy(buffer + len, ".0", 3);
        return len + 2;
    }
    int len = std::snprintf(buffer, kNumberBufferSize, "%.14g", n);
    // Append ".0" when the text has only a sign and digits (no '.', exponent, inf or nan).
    if (std::strspn(buffer, "-0123456789") == static_cast<size_t>(len)) {
        std::memcpy(buffer + len, ".0", 3);
        len += 2;
    }
    return static_cast<size_t>(len);
}

std::string formatNumber(Number n) {
    char buffer[kNumberBufferSize];
    return std::string(buffer, formatNumberTo(n, buffer));
}

std::string formatInteger(Integer i) {
    char buffer[kNumberBufferSize];
    return std::string(buffer, formatIntegerTo(i, buffer));
}

std::optional<Integer> floatToInteger(Number n, FloatToIntMode mode) {
    Number rounded = mode == FloatToIntMode::Floor  ? std::floor(n)
                     : mode == FloatToIntMode::Ceil ? std::ceil(n)
                                                    : n;
    if (mode == FloatToIntMode::Exact && rounded != std::floor(rounded)) return std::nullopt;
    // The range test also rejects NaN (every comparison with it is false).
    if (!(rounded >= -kTwoTo63 && rounded < kTwoTo63)) return std::nullopt;
    return static_cast<Integer>(rounded);
}

Integer floorDiv(Integer a, Integer b) {
    if (b == -1) return wrapNeg(a); // avoids the mininteger / -1 trap
    Integer q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

Integer floorMod(Integer a, Integer b) {
    if (b == -1) return 0;
    Integer r = a % b;
    if (r != 0 && ((r < 0) != (b < 0))) r += b;
    return r;
}

Number floatFloorDiv(Number a, Number b) {
    return std::floor(a / b);
}

Number floatMod(Number a, Number b) {
    Number r = std::fmod(a, b);
    // A nonzero remainder takes the sign of the divisor (floor semantics).
    bool oppositeSigns = (r > 0 && b < 0) || (r < 0 && b > 0);
    if (oppositeSigns) r += b;
    return r;
}

Integer shiftLeft(Integer x, Integer n) {
    if (n <= -64 || n >= 64) return 0;
    uint64_t ux = static_cast<uint64_t>(x);
    return static_cast<Integer>(n >= 0 ? ux << n : ux >> -n);
}

Integer shiftRight(Integer x, Integer n) {
    if (n <= -64 || n >= 64) return 0;
    return shiftLeft(x, -n);
}

// Each comparison reduces the float to an integer bound (floor or ceil) once it is known
// to lie within the Integer range; outside the range the answer follows from its sign.
bool lessThan(Integer i, Number f) {
    if (std::isnan(f)) return false;
    if (f >= kTwoTo63) return true;
    if (f <= -kTwoTo63) return false;
    return i < static_cast<Integer>(std::ceil(f));
}

bool lessEqual(Integer i, Number f) {
    if (std::isnan(f)) return false;
    if (f >= kTwoTo63) return true;
    if (f < -kTwoTo63) return false;
    return i <= static_cast<Integer>(std::floor(f));
}

bool lessThan(Number f, Integer i) {
    if (std::isnan(f)) return false;
    if (f >= kTwoTo63) return false;
    if (f < -kTwoTo63) return true;
    return static_cast<Integer>(std::floor(f)) < i;
}

bool lessEqual(Number f, Integer i) {
    if (std::isnan(f)) return false;
    if (f >= kTwoTo63) return false;
    if (f <= -kTwoTo63) return true;
    return static_cast<Integer>(std::ceil(f)) <= i;
}

bool numbersEqual(Integer i, Number f) {
    auto exact = floatToInteger(f, FloatToIntMode::Exact);
    return exact && *exact == i;
}

IntegerForLoop prepareIntegerForLoop(Integer init, Integer limit, Integer step) {
    if (step > 0 ? init > limit : init < limit) return {false, 0};
    uint64_t span = step > 0 ? static_cast<uint64_t>(limit) - static_cast<uint64_t>(init)
                             : static_cast<uint64_t>(init) - static_cast<uint64_t>(limit);
    // |step| as unsigned, computed without negating mininteger.
    uint64_t stride =
        step > 0 ? static_cast<uint64_t>(step) : static_cast<uint64_t>(-(step + 1)) + 1;
    return {true, span / stride};
}

IntegerForLoop prepareIntegerForLoopWithFloatLimit(Integer init, Number limit, Integer step) {
    if (std::isnan(limit)) return {false, 0};
    auto clipped = floatToInteger(limit, step > 0 ? FloatToIntMode::Floor : FloatToIntMode::Ceil);
    Integer intLimit;
    if (clipped) {
        intLimit = *clipped;
    } else if (limit > 0) {
        if (step < 0) return {false, 0}; // counting down from below a huge limit
        intLimit = INT64_MAX;
    } else {
        if (step > 0) return {false, 0};
        intLimit = INT64_MIN;
    }
    return prepareIntegerForLoop(init, intLimit, step);
}

} // namespace tricolor
