// utf8util.cpp - see utf8util.h for the design.
#include "core/utf8util.h"

#include <climits>

namespace tricolor {

namespace {

// Byte at i, or NUL past the end (C strings end with one).
unsigned char byteAt(std::string_view s, size_t i) {
    return i < s.size() ? static_cast<unsigned char>(s[i]) : 0;
}

// Lua's relative position for the utf8 library: negative counts from the end, and a
// position before the start becomes 0.
Integer relativePosition(Integer pos, size_t length) {
    if (pos >= 0) return pos;
    if (0u - static_cast<uint64_t>(pos) > length) return 0;
    return static_cast<Integer>(length) + pos + 1;
}

// Smallest code point that needs a sequence with this many continuation bytes.
constexpr uint32_t kSmallestForContinuations[] = {0, 0x80, 0x800, 0x10000, 0x200000, 0x4000000};

} // namespace

size_t encodeUtf8(uint32_t code, char* buffer) {
    if (code < 0x80) {
        buffer[0] = static_cast<char>(code);
        return 1;
    }
    // Count continuation bytes: each holds 6 bits; the lead byte keeps 6 - count bits.
    size_t continuations = 1;
    while (continuations < 5 && code >= kSmallestForContinuations[continuations + 1])
        ++continuations;
    for (size_t k = continuations; k > 0; --k) {
        buffer[k] = static_cast<char>(0x80 | (code & 0x3F));
        code >>= 6;
    }
    unsigned leadMarker = (0xFF00u >> (continuations + 1)) & 0xFF; // 110xxxxx for one, ...
    buffer[0] = static_cast<char>(leadMarker | code);
    return continuations + 1;
}

void appendUtf8(std::string& out, uint32_t code) {
    char buffer[kMaxUtf8Length];
    out.append(buffer, encodeUtf8(code, buffer));
}

size_t decodeUtf8(std::string_view s, size_t at, uint32_t& code, bool strict) {
    unsigned char lead = byteAt(s, at);
    uint32_t value;
    size_t continuations = 0;
    if (lead < 0x80) {
        value = lead;
    } else {
        // Each leading 1 bit after the first announces one continuation byte.
        uint32_t bits = 0;
        for (unsigned marker = lead; marker & 0x40; marker <<= 1) {
            unsigned char next = byteAt(s, at + continuations + 1);
            if (!isUtf8Continuation(next)) return 0;
            bits = (bits << 6) | (next & 0x3F);
            ++continuations;
            if (continuations > 5) return 0;
        }
        if (continuations == 0) return 0; // a stray continuation byte
        uint32_t leadBits = lead & (0x3Fu >> continuations);
        value = (leadBits << (continuations * 6)) | bits;
        if (value > kMaxUtf8Code || value < kSmallestForContinuations[continuations]) return 0;
    }
    if (strict && (value > kMaxUnicode || (value >= 0xD800 && value <= 0xDFFF))) return 0;
    code = value;
    return continuations + 1;
}

bool utf8Length(std::string_view s, Integer i, Integer j, bool lax, Utf8LengthResult& result,
                Utf8Error& error) {
    const size_t length = s.size();
    Integer start = relativePosition(i, length);
    Integer end = relativePosition(j, length);
    if (start < 1 || start - 1 > static_cast<Integer>(length))
        return error = {2, "initial position out of bounds"}, false;
    if (end - 1 >= static_cast<Integer>(length))
        return error = {3, "final position out of bounds"}, false;
    result = {};
    for (Integer at = start - 1; at <= end - 1;) {
        uint32_t code;
        size_t n = decodeUtf8(s, static_cast<size_t>(at), code, !lax);
        if (n == 0) {
            result.valid = false;
            result.badPosition = at + 1;
            return true;
        }
        at += static_cast<Integer>(n);
        ++result.count;
    }
    return true;
}

bool utf8Codepoints(std::string_view s, Integer i, std::optional<Integer> j, bool lax,
                    std::vector<uint32_t>& out, Utf8Error& error) {
    const size_t length = s.size();
    Integer start = relativePosition(i, length);
    Integer end = relativePosition(j.value_or(start), length);
    if (start < 1) return error = {2, "out of bounds"}, false;
    if (end > static_cast<Integer>(length)) return error = {3, "out of bounds"}, false;
    if (start > end) return true;
    if (end - start >= INT_MAX) return error = {0, "string slice too long"}, false;
    for (size_t at = static_cast<size_t>(start - 1); at < static_cast<size_t>(end);) {
        uint32_t code;
        size_t n = decodeUtf8(s, at, code, !lax);
        if (n == 0) return error = {0, "invalid UTF-8 code"}, false;
        out.push_back(code);
        at += n;
    }
    return true;
}

bool utf8Offset(std::string_view s, Integer n, std::optional<Integer> i,
                std::optional<Integer>& position, Utf8Error& error) {
    const Integer length = static_cast<Integer>(s.size());
    Integer at = relativePosition(i.value_or(n >= 0 ? 1 : length + 1), s.size());
    if (at < 1 || at - 1 > length) return error = {3, "position out of bounds"}, false;
    --at; // 0-based from here
    auto continuation = [&](Integer k) { return isUtf8Continuation(byteAt(s, size_t(k))); };
    if (n == 0) {
        while (at > 0 && continuation(at)) // back to the start of this character
            --at;
        position = at + 1;
        return true;
    }
    if (continuation(at)) return error = {0, "initial position is a continuation byte"}, false;
    if (n < 0) {
        for (; n < 0 && at > 0; ++n) { // step back one character at a time
            do {
                --at;
            } while (at > 0 && continuation(at));
        }
    } else {
        for (--n; n > 0 && at < length; --n) { // step forward one character at a time
            do {
                ++at;
            } while (continuation(at));
        }
    }
    position = n == 0 ? std::optional<Integer>(at + 1) : std::nullopt;
    return true;
}

Utf8CodesStep utf8NextCode(std::string_view s, Integer control, bool lax, Integer& position,
                           uint32_t& code) {
    // control is the previous character's 1-based position, i.e. the 0-based index of the
    // byte after its lead byte; skip that character's continuation bytes.
    uint64_t at = static_cast<uint64_t>(control);
    if (at < s.size()) {
        while (isUtf8Continuation(byteAt(s, at)))
            ++at;
    }
    if (at >= s.size()) return Utf8CodesStep::End; // also a negative control
    if (decodeUtf8(s, static_cast<size_t>(at), code, !lax) == 0) return Utf8CodesStep::Invalid;
    position = static_cast<Integer>(at) + 1;
    return Utf8CodesStep::Code;
}

} // namespace tricolor
