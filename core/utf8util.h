// utf8util.h - UTF-8 encoding and decoding with Lua 5.4's rules, and the engines of the
// utf8 library (char, len, codepoint, offset, codes), independent of the VM.
//
// Owns: lua5.4's extended UTF-8: code points up to 0x7FFFFFFF in sequences of up to six
// bytes, overlong forms always rejected; "strict" decoding (the default in the library)
// also rejects surrogates (U+D800-U+DFFF) and values above U+10FFFF, "lax" accepts them.
// Positions in the library functions are Lua's (1-based, negative counting from the end);
// results use the same convention. Bytes past the end of a string read as NUL, as in C Lua,
// so a truncated sequence is invalid and never read out of bounds.
//
// Errors come back as Utf8Error: argument > 0 means "bad argument #<argument> to '<fn>'
// (<message>)", argument 0 a plain error (e.g. "invalid UTF-8 code"). Nothing throws and
// nothing allocates except the output vector of utf8Codepoints.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/number.h"

namespace tricolor {

inline constexpr uint32_t kMaxUtf8Code = 0x7FFFFFFFu; // largest code point Lua encodes
inline constexpr uint32_t kMaxUnicode = 0x10FFFFu;    // largest strict code point
inline constexpr size_t kMaxUtf8Length = 6;           // bytes of the longest sequence

// utf8.charpattern
inline constexpr std::string_view kUtf8CharPattern{"[\0-\x7F\xC2-\xFD][\x80-\xBF]*", 14};

struct Utf8Error {
    int argument = 0; // Lua argument index, or 0 for a plain error
    std::string message;
};

inline bool isUtf8Continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

// Writes the encoding of code (<= kMaxUtf8Code) into buffer; returns its length (1..6).
size_t encodeUtf8(uint32_t code, char* buffer);
// Appends the encoding of code (<= kMaxUtf8Code).
void appendUtf8(std::string& out, uint32_t code);

// Decodes the sequence starting at byte s[at] (at < s.size()). Returns its length in bytes
// and sets code, or returns 0 when the sequence is invalid (under strict rules if strict).
size_t decodeUtf8(std::string_view s, size_t at, uint32_t& code, bool strict);

// utf8.char's argument check: "value out of range" unless 0 <= code <= 0x7FFFFFFF.
inline bool isValidUtf8CharArgument(Integer code) {
    return static_cast<uint64_t>(code) <= kMaxUtf8Code;
}

// utf8.len(s, i, j, lax): i and j as given (defaults 1 and -1 are the binding's).
// On success either valid (count set) or not (badPosition = 1-based start of the first
// invalid sequence; the binding returns fail, badPosition).
struct Utf8LengthResult {
    bool valid = true;
    Integer count = 0;
    Integer badPosition = 0;
};
bool utf8Length(std::string_view s, Integer i, Integer j, bool lax, Utf8LengthResult& result,
                Utf8Error& error);

// utf8.codepoint(s, i, j, lax): i as given (default 1 is the binding's); j defaults to
// the resolved i. Appends the code points of the characters starting in [i, j].
bool utf8Codepoints(std::string_view s, Integer i, std::optional<Integer> j, bool lax,
                    std::vector<uint32_t>& out, Utf8Error& error);

// utf8.offset(s, n, i): the 1-based position where the n-th character (counting from
// position i) starts; i defaults to 1 when n >= 0 and to #s + 1 otherwise. position is
// nullopt when there is no such character (the binding returns fail).
bool utf8Offset(std::string_view s, Integer n, std::optional<Integer> i,
                std::optional<Integer>& position, Utf8Error& error);

// One step of the utf8.codes iterator: control is the previous position (0 at the start).
enum class Utf8CodesStep { Code, End, Invalid };
Utf8CodesStep utf8NextCode(std::string_view s, Integer control, bool lax, Integer& position,
                           uint32_t& code);

} // namespace tricolor
