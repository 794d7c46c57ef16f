// lib_utf8.cpp — the `utf8` library.
//
// Strings are decoded with lua5.4's rules: sequences of up to six bytes
// (code points up to 2^31 - 1), overlong forms rejected, and in strict mode
// (the default) also surrogates and values above U+10FFFF. Positions are
// byte positions, 1-based, negative counting from the end. (The small
// decoder lives here until helper-2's utf8util.h engine lands.)
#include <climits>
#include <string>

#include "core/auxlib.h"
#include "core/stdlib.h"
#include "core/string.h"
#include "core/table.h"

namespace tricolor {
namespace {

constexpr uint32_t kMaxUtf = 0x7FFFFFFFu;   // largest extended code point
constexpr uint32_t kMaxUnicode = 0x10FFFFu; // largest strict code point
constexpr const char* kInvalid = "invalid UTF-8 code";

bool isContinuation(std::string_view s, size_t i) {
    return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
}

// Decodes the sequence at s[i]; returns the index after it, or npos when it
// is invalid (truncated, overlong, too large, or a surrogate when strict).
size_t decode(std::string_view s, size_t i, uint32_t& code, bool strict) {
    static const uint32_t minimum[] = {~0u, 0x80, 0x800, 0x10000u, 0x200000u, 0x4000000u};
    unsigned c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
        code = c;
        return i + 1;
    }
    uint32_t result = 0;
    int count = 0;
    for (; c & 0x40; c <<= 1) {
        if (!isContinuation(s, i + size_t(count) + 1)) return std::string_view::npos;
        result = (result << 6) | (static_cast<unsigned char>(s[i + size_t(count) + 1]) & 0x3F);
        ++count;
    }
    result |= uint32_t(c & 0x7F) << (count * 5);
    if (count > 5 || result > kMaxUtf || result < minimum[count]) return std::string_view::npos;
    if (strict && (result > kMaxUnicode || (0xD800u <= result && result <= 0xDFFFu)))
        return std::string_view::npos;
    code = result;
    return i + size_t(count) + 1;
}

void encode(std::string& out, uint32_t x) {
    if (x < 0x80) {
        out.push_back(char(x));
        return;
    }
    char buf[8];
    int n = 0;
    uint32_t firstMax = 0x3F; // largest value that fits in the first byte
    do {
        buf[7 - n++] = char(0x80 | (x & 0x3F));
        x >>= 6;
        firstMax >>= 1;
    } while (x > firstMax);
    buf[7 - n] = char(((~firstMax << 1) | x) & 0xFF);
    out.append(buf + 7 - n, size_t(n) + 1);
}

// A relative position: negative counts from the end; too negative gives 0.
Integer relativePosition(Integer pos, size_t len) {
    if (pos >= 0) return pos;
    if (uint64_t(0) - uint64_t(pos) > len) return 0;
    return Integer(len) + pos + 1;
}

int utf8Char(VM& vm, HostCall& call) {
    std::string out;
    for (int i = 1; i <= call.count(); ++i) {
        Integer code = checkInteger(vm, call, i);
        argCheck(vm, call, uint64_t(code) <= kMaxUtf, i, "value out of range");
        encode(out, uint32_t(code));
    }
    return pushResult(vm, call, stringValue(vm, out));
}

int utf8Len(VM& vm, HostCall& call) {
    std::string_view s = checkStringView(vm, call, 1);
    Integer posi = relativePosition(optInteger(vm, call, 2, 1), s.size());
    Integer posj = relativePosition(optInteger(vm, call, 3, -1), s.size());
    bool lax = call.arg(4).isTruthy();
    argCheck(vm, call, 1 <= posi && posi - 1 <= Integer(s.size()), 2,
             "initial position out of bounds");
    --posi;
    argCheck(vm, call, posj - 1 < Integer(s.size()), 3, "final position out of bounds");
    --posj;
    Integer n = 0;
    while (posi <= posj) {
        uint32_t code;
        size_t next = decode(s, size_t(posi), code, !lax);
        if (next == std::string_view::npos) {
            call.push(vm, Value());
            call.push(vm, Value::integer(posi + 1));
            return 2;
        }
        posi = Integer(next);
        ++n;
    }
    return pushResult(vm, call, Value::integer(n));
}

int utf8Codepoint(VM& vm, HostCall& call) {
    std::string_view s = checkStringView(vm, call, 1);
    Integer i = optInteger(vm, call, 2, 1);
    Integer posi = relativePosition(i, s.size());
    Integer pose = relativePosition(optInteger(vm, call, 3, posi), s.size());
    bool lax = call.arg(4).isTruthy();
    argCheck(vm, call, posi >= 1, 2, "out of bounds");
    argCheck(vm, call, pose <= Integer(s.size()), 3, "out of bounds");
    if (posi > pose) return 0;
    if (pose - posi >= INT_MAX) libError(vm, call, "string slice too long");
    int n = 0;
    size_t at = size_t(posi - 1);
    while (at < size_t(pose)) {
        uint32_t code;
        size_t next = decode(s, at, code, !lax);
        if (next == std::string_view::npos) libError(vm, call, "%s", kInvalid);
        call.push(vm, Value::integer(code));
        ++n;
        at = next;
    }
    return n;
}

int utf8Offset(VM& vm, HostCall& call) {
    std::string_view s = checkStringView(vm, call, 1);
    Integer n = checkInteger(vm, call, 2);
    Integer def = n >= 0 ? 1 : Integer(s.size()) + 1;
    Integer posi = relativePosition(optInteger(vm, call, 3, def), s.size());
    argCheck(vm, call, 1 <= posi && posi - 1 <= Integer(s.size()), 3, "position out of bounds");
    size_t p = size_t(posi - 1);
    if (n == 0) {
        while (p > 0 && isContinuation(s, p))
            --p; // start of the character containing p
        return pushResult(vm, call, Value::integer(Integer(p) + 1));
    }
    if (isContinuation(s, p)) libError(vm, call, "initial position is a continuation byte");
    if (n < 0) {
        while (n < 0 && p > 0) {
            do
                --p;
            while (p > 0 && isContinuation(s, p));
            ++n;
        }
    } else {
        --n; // the character at p is the first one
        while (n > 0 && p < s.size()) {
            do
                ++p;
            while (isContinuation(s, p));
            --n;
        }
    }
    if (n != 0) return pushResult(vm, call, Value());
    return pushResult(vm, call, Value::integer(Integer(p) + 1));
}

// The codes iterator: the control value is the 1-based position of the last
// character; its continuation bytes are skipped to find the next one.
int codesStep(VM& vm, HostCall& call, bool strict) {
    std::string_view s = checkStringView(vm, call, 1);
    Integer last = 0;
    toInteger(call.arg(2), last);
    uint64_t n = uint64_t(last);
    if (n < s.size())
        while (isContinuation(s, size_t(n)))
            ++n;
    if (n >= s.size()) return 0;
    uint32_t code;
    if (decode(s, size_t(n), code, strict) == std::string_view::npos)
        libError(vm, call, "%s", kInvalid);
    call.push(vm, Value::integer(Integer(n) + 1));
    call.push(vm, Value::integer(code));
    return 2;
}

int codesStrict(VM& vm, HostCall& call) {
    return codesStep(vm, call, true);
}
int codesLax(VM& vm, HostCall& call) {
    return codesStep(vm, call, false);
}

int utf8Codes(VM& vm, HostCall& call) {
    String* s = checkString(vm, call, 1);
    bool lax = call.arg(2).isTruthy();
    argCheck(vm, call, !isContinuation(view(s), 0), 1, kInvalid);
    call.push(vm, Value::hostFunction(lax ? codesLax : codesStrict));
    call.push(vm, Value::object(s));
    call.push(vm, Value::integer(0));
    return 3;
}

const LibEntry kUtf8Functions[] = {
    {"char", utf8Char}, {"codepoint", utf8Codepoint}, {"codes", utf8Codes},
    {"len", utf8Len},   {"offset", utf8Offset},       {nullptr, nullptr},
};

} // namespace

void openUtf8Lib(VM& vm) {
    Table* t = newLib(vm, "utf8", kUtf8Functions);
    static const char pattern[] = "[\0-\x7F\xC2-\xFD][\x80-\xBF]*";
    tableSetStr(vm, t, internString(vm, "charpattern"),
                stringValue(vm, std::string_view(pattern, sizeof pattern - 1)));
}

} // namespace tricolor
