// lib_utf8.cpp — the `utf8` library: a thin binding of utf8util.h.
//
// The engine decodes with lua5.4's rules (up to six bytes, overlongs
// rejected, strict mode refusing surrogates and values above U+10FFFF) and
// resolves positions; this file checks the arguments, turns the engine's
// errors into Lua errors and pushes the results.
#include <optional>
#include <string>
#include <vector>

#include "core/auxlib.h"
#include "core/stdlib.h"
#include "core/string.h"
#include "core/table.h"
#include "core/utf8util.h"

namespace tricolor {
namespace {

[[noreturn]] void utf8Error(VM& vm, HostCall& call, const Utf8Error& error) {
    if (error.argument > 0) argError(vm, call, error.argument, error.message.c_str());
    libError(vm, call, "%s", error.message.c_str());
}

std::optional<Integer> optionalInteger(VM& vm, HostCall& call, int arg) {
    if (call.arg(arg).isNil()) return std::nullopt;
    return checkInteger(vm, call, arg);
}

int utf8Char(VM& vm, HostCall& call) {
    std::string out;
    for (int i = 1; i <= call.count(); ++i) {
        Integer code = checkInteger(vm, call, i);
        argCheck(vm, call, isValidUtf8CharArgument(code), i, "value out of range");
        appendUtf8(out, uint32_t(code));
    }
    return pushResult(vm, call, stringValue(vm, out));
}

int utf8Len(VM& vm, HostCall& call) {
    std::string_view s = checkStringView(vm, call, 1);
    Integer i = optInteger(vm, call, 2, 1);
    Integer j = optInteger(vm, call, 3, -1);
    bool lax = call.arg(4).isTruthy();
    Utf8LengthResult result;
    Utf8Error error;
    if (!utf8Length(s, i, j, lax, result, error)) utf8Error(vm, call, error);
    if (result.valid) return pushResult(vm, call, Value::integer(result.count));
    call.push(vm, Value());
    call.push(vm, Value::integer(result.badPosition));
    return 2;
}

// lua5.4 reserves one stack slot per byte of a valid slice before decoding it
// (luaL_checkstack: "stack overflow (string slice too long)").
void reserveForCodepoints(VM& vm, HostCall& call, size_t size, Integer i,
                          std::optional<Integer> j) {
    auto relative = [size](Integer pos) -> Integer {
        if (pos >= 0) return pos;
        if (0u - uint64_t(pos) > size) return 0;
        return Integer(size) + pos + 1;
    };
    Integer first = relative(i);
    Integer last = relative(j ? *j : i);
    if (first < 1 || last > Integer(size) || first > last) return; // errors / empty: later
    checkResultSpace(vm, call, uint64_t(last - first) + 1, "string slice too long");
}

int utf8Codepoint(VM& vm, HostCall& call) {
    std::string_view s = checkStringView(vm, call, 1);
    Integer i = optInteger(vm, call, 2, 1);
    std::optional<Integer> j = optionalInteger(vm, call, 3);
    bool lax = call.arg(4).isTruthy();
    reserveForCodepoints(vm, call, s.size(), i, j);
    std::vector<uint32_t> codes;
    Utf8Error error;
    if (!utf8Codepoints(s, i, j, lax, codes, error)) utf8Error(vm, call, error);
    for (uint32_t c : codes)
        call.push(vm, Value::integer(c));
    return int(codes.size());
}

int utf8OffsetFn(VM& vm, HostCall& call) {
    std::string_view s = checkStringView(vm, call, 1);
    Integer n = checkInteger(vm, call, 2);
    std::optional<Integer> i = optionalInteger(vm, call, 3);
    std::optional<Integer> position;
    Utf8Error error;
    if (!utf8Offset(s, n, i, position, error)) utf8Error(vm, call, error);
    return pushResult(vm, call, position ? Value::integer(*position) : Value());
}

// The codes iterator (control value: the previous character's position).
int codesStep(VM& vm, HostCall& call, bool lax) {
    std::string_view s = checkStringView(vm, call, 1);
    Integer control = 0;
    toInteger(call.arg(2), control);
    Integer position = 0;
    uint32_t code = 0;
    switch (utf8NextCode(s, control, lax, position, code)) {
    case Utf8CodesStep::End: return 0;
    case Utf8CodesStep::Invalid: libError(vm, call, "invalid UTF-8 code");
    case Utf8CodesStep::Code: break;
    }
    call.push(vm, Value::integer(position));
    call.push(vm, Value::integer(code));
    return 2;
}

int codesStrict(VM& vm, HostCall& call) {
    return codesStep(vm, call, false);
}
int codesLax(VM& vm, HostCall& call) {
    return codesStep(vm, call, true);
}

int utf8Codes(VM& vm, HostCall& call) {
    String* s = checkString(vm, call, 1);
    bool lax = call.arg(2).isTruthy();
    argCheck(vm, call,
             s->length == 0 || !isUtf8Continuation(static_cast<unsigned char>(s->data()[0])), 1,
             "invalid UTF-8 code");
    call.push(vm, Value::hostFunction(lax ? codesLax : codesStrict));
    call.push(vm, Value::object(s));
    call.push(vm, Value::integer(0));
    return 3;
}

const LibEntry kUtf8Functions[] = {
    {"char", utf8Char}, {"codepoint", utf8Codepoint}, {"codes", utf8Codes},
    {"len", utf8Len},   {"offset", utf8OffsetFn},     {nullptr, nullptr},
};

} // namespace

void openUtf8Lib(VM& vm) {
    Table* t = newLib(vm, "utf8", kUtf8Functions);
    tableSetStr(vm, t, internString(vm, "charpattern"), stringValue(vm, kUtf8CharPattern));
}

} // namespace tricolor
