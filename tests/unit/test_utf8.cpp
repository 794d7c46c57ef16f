// Unit tests for core/utf8util. Expected values were produced by Debian's lua5.4 (5.4.4)
// with the utf8 library.
#include "core/utf8util.h"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace tricolor;

namespace {

std::string describe(const Utf8Error& e, const char* fn) {
    if (e.argument == 0) return "error: " + e.message;
    return "bad argument #" + std::to_string(e.argument) + " to '" + fn + "' (" + e.message + ")";
}

// utf8.len as "count", "nil pos" or the error.
std::string len(std::string_view s, Integer i = 1, Integer j = -1, bool lax = false) {
    Utf8LengthResult r;
    Utf8Error e;
    if (!utf8Length(s, i, j, lax, r, e)) return describe(e, "utf8.len");
    return r.valid ? std::to_string(r.count) : "nil " + std::to_string(r.badPosition);
}

std::string codepoint(std::string_view s, Integer i = 1, std::optional<Integer> j = {},
                      bool lax = false) {
    std::vector<uint32_t> codes;
    Utf8Error e;
    if (!utf8Codepoints(s, i, j, lax, codes, e)) return describe(e, "utf8.codepoint");
    std::string out;
    for (uint32_t c : codes)
        out += (out.empty() ? "" : " ") + std::to_string(c);
    return out;
}

std::string offset(std::string_view s, Integer n, std::optional<Integer> i = {}) {
    std::optional<Integer> p;
    Utf8Error e;
    if (!utf8Offset(s, n, i, p, e)) return describe(e, "utf8.offset");
    return p ? std::to_string(*p) : "nil";
}

// for p, c in utf8.codes(s, lax): "p:c p:c ..." or the error.
std::string codes(std::string_view s, bool lax = false) {
    std::string out;
    Integer control = 0, position;
    uint32_t code;
    for (;;) {
        Utf8CodesStep step = utf8NextCode(s, control, lax, position, code);
        if (step == Utf8CodesStep::End) return out;
        if (step == Utf8CodesStep::Invalid) return "error: invalid UTF-8 code";
        out += (out.empty() ? "" : " ") + std::to_string(position) + ":" + std::to_string(code);
        control = position;
    }
}

} // namespace

TEST_CASE("encoding matches utf8.char") {
    const struct {
        uint32_t code;
        std::string_view bytes;
    } cases[] = {{0x0, std::string_view("\x00", 1)},
                 {0x7F, "\x7f"},
                 {0x80, "\xc2\x80"},
                 {0x7FF, "\xdf\xbf"},
                 {0x800, "\xe0\xa0\x80"},
                 {0xFFFF, "\xef\xbf\xbf"},
                 {0x10000, "\xf0\x90\x80\x80"},
                 {0x10FFFF, "\xf4\x8f\xbf\xbf"},
                 {0x1FFFFF, "\xf7\xbf\xbf\xbf"},
                 {0x200000, "\xf8\x88\x80\x80\x80"},
                 {0x3FFFFFF, "\xfb\xbf\xbf\xbf\xbf"},
                 {0x4000000, "\xfc\x84\x80\x80\x80\x80"},
                 {0x7FFFFFFF, "\xfd\xbf\xbf\xbf\xbf\xbf"},
                 {0xD800, "\xed\xa0\x80"}};
    for (const auto& c : cases) {
        CAPTURE(c.code);
        std::string out;
        appendUtf8(out, c.code);
        CHECK(out == c.bytes);
        uint32_t back = 0;
        bool strictOk = c.code <= kMaxUnicode && (c.code < 0xD800 || c.code > 0xDFFF);
        CHECK(decodeUtf8(out, 0, back, false) == out.size());
        CHECK(back == c.code);
        CHECK((decodeUtf8(out, 0, back, true) != 0) == strictOk);
    }
    CHECK(isValidUtf8CharArgument(0x7FFFFFFF));
    CHECK_FALSE(isValidUtf8CharArgument(0x80000000));
    CHECK_FALSE(isValidUtf8CharArgument(-1));
}

TEST_CASE("every code point round-trips through encode and decode") {
    uint32_t firstFailure = 0;
    int failures = 0;
    for (uint64_t code = 0; code <= kMaxUtf8Code; code += (code < 0x20000 ? 1 : 4093)) {
        char buffer[kMaxUtf8Length];
        size_t n = encodeUtf8(static_cast<uint32_t>(code), buffer);
        uint32_t back = 0;
        if (decodeUtf8(std::string_view(buffer, n), 0, back, false) != n || back != code) {
            if (failures++ == 0) firstFailure = static_cast<uint32_t>(code);
        }
    }
    CHECK(failures == 0);
    CHECK(firstFailure == 0);
}

TEST_CASE("decoding rejects malformed sequences") {
    uint32_t code;
    CHECK(decodeUtf8("\x80", 0, code, false) == 0);            // stray continuation
    CHECK(decodeUtf8("\xc3", 0, code, false) == 0);            // truncated
    CHECK(decodeUtf8("\xc0\x80", 0, code, false) == 0);        // overlong NUL
    CHECK(decodeUtf8("\xe0\x80\x80", 0, code, false) == 0);    // overlong
    CHECK(decodeUtf8("\xf4\x90\x80\x80", 0, code, true) == 0); // above U+10FFFF
    CHECK(decodeUtf8("\xf4\x90\x80\x80", 0, code, false) == 4);
    CHECK(decodeUtf8("\xfe\x80\x80\x80\x80\x80\x80", 0, code, false) == 0);
    CHECK(decodeUtf8("\xff", 0, code, false) == 0);
    CHECK(decodeUtf8("a\xc3\xa9", 1, code, true) == 2);
    CHECK(code == 0xE9);
}

TEST_CASE("utf8.len") {
    CHECK(len("h\xc3\xa9llo") == "5");
    CHECK(len("h\xffllo") == "nil 2");
    CHECK(len("\xed\xa0\x80", 1, -1, true) == "1");
    CHECK(len("\xed\xa0\x80") == "nil 1");
    CHECK(len("abc", 0) == "bad argument #2 to 'utf8.len' (initial position out of bounds)");
    CHECK(len("abc", 5) == "bad argument #2 to 'utf8.len' (initial position out of bounds)");
    CHECK(len("abc", 4) == "0");
    CHECK(len("abc", 1, 4) == "bad argument #3 to 'utf8.len' (final position out of bounds)");
    CHECK(len("abc", 1, 3) == "3");
    CHECK(len("abc", -1) == "1");
    CHECK(len("abc", -10) == "bad argument #2 to 'utf8.len' (initial position out of bounds)");
    CHECK(len("abc", 1, -10) == "0");
    CHECK(len("\xc3\xa9", 2) == "nil 2");
}

TEST_CASE("utf8.codepoint") {
    CHECK(codepoint("h\xc3\xa9llo", 1, -1) == "104 233 108 108 111");
    CHECK(codepoint("abc", 0) == "bad argument #2 to 'utf8.codepoint' (out of bounds)");
    CHECK(codepoint("abc", 4) == "bad argument #3 to 'utf8.codepoint' (out of bounds)");
    CHECK(codepoint("abc", 1, 4) == "bad argument #3 to 'utf8.codepoint' (out of bounds)");
    CHECK(codepoint("abc", 3, 2) == "");
    CHECK(codepoint("\xff") == "error: invalid UTF-8 code");
    CHECK(codepoint("\xc3\xa9", 2) == "error: invalid UTF-8 code");
    CHECK(codepoint("\xc3") == "error: invalid UTF-8 code");
    CHECK(codepoint("\xed\xa0\x80") == "error: invalid UTF-8 code");
    CHECK(codepoint("\xed\xa0\x80", 1, 1, true) == "55296");
    CHECK(codepoint("\xfd\xbf\xbf\xbf\xbf\xbf", 1, 1, true) == "2147483647");
    CHECK(codepoint("\xf4\x90\x80\x80") == "error: invalid UTF-8 code");
    CHECK(codepoint("\xc0\x80", 1, 1, true) == "error: invalid UTF-8 code");
    CHECK(codepoint("abc", -1) == "99");
}

TEST_CASE("utf8.offset") {
    const std::string_view s = "a\xc3\xa9"
                               "b";
    CHECK(offset(s, 3) == "4");
    CHECK(offset(s, 0, 3) == "2");
    CHECK(offset(s, -1) == "4");
    CHECK(offset(s, -2) == "2");
    CHECK(offset(s, 10) == "nil");
    CHECK(offset(s, 1, 3) == "error: initial position is a continuation byte");
    CHECK(offset("abc", 1, 0) == "bad argument #3 to 'utf8.offset' (position out of bounds)");
    CHECK(offset("abc", 1, 5) == "bad argument #3 to 'utf8.offset' (position out of bounds)");
    CHECK(offset("abc", 1, 4) == "4");
    CHECK(offset("abc", 4) == "4");
    CHECK(offset("abc", 5) == "nil");
    CHECK(offset("abc", -4) == "nil");
    CHECK(offset("abc", -3) == "1");
    CHECK(offset("abc", 0, 4) == "4");
    CHECK(offset("", 1) == "1");
    CHECK(offset("", 0) == "1");
}

TEST_CASE("utf8.codes") {
    CHECK(codes("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80") == "1:97 2:233 4:8364 7:128512");
    CHECK(codes("a\xff"
                "b") == "error: invalid UTF-8 code");
    CHECK(codes("\x80"
                "a") == "2:97"); // lua5.4.4 skips leading continuation bytes
    CHECK(codes("a\xc3") == "error: invalid UTF-8 code");
    CHECK(codes("\xed\xa0\x80") == "error: invalid UTF-8 code");
    CHECK(codes("\xed\xa0\x80", true) == "1:55296");
    CHECK(codes("\xc3\xa9\x80") == "1:233");
    CHECK(codes("") == "");
    CHECK(kUtf8CharPattern.size() == 14);
    CHECK(kUtf8CharPattern[1] == '\0');
}
