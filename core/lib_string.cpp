// lib_string.cpp — the `string` library and the string metatable.
//
// The heavy lifting lives in VM-independent engines: pattern.h (find, match,
// gmatch, gsub), strformat.h (format), strpack.h (pack, packsize, unpack) and
// dump.h (string.dump). This file binds them to Lua values with lua5.4's
// argument rules and messages.
//
// The string metatable has __index = string (so ("x"):rep(3) works) and the
// arithmetic metamethods through which Lua 5.4 coerces numeric strings
// ("10" + 1 == 11): the interpreter itself never converts strings for
// arithmetic.
//
// gsub with a function or table replacement calls Lua through kHostCallK:
// the match state is rebuilt from the subject and a byte position kept in
// the frame's context, and the result built so far lives in a stack slot,
// so a budget can pause inside the replacement function.
#include <cctype>
#include <climits>
#include <cmath>
#include <cstring>
#include <string>

#include "core/auxlib.h"
#include "core/dump.h"
#include "core/interp.h"
#include "core/number.h"
#include "core/stdlib.h"
#include "core/string.h"
#include "core/table.h"
#include "core/tm.h"

namespace tricolor {
namespace {

constexpr size_t kMaxStringSize = INT_MAX; // as lua5.4's string library MAXSIZE

// Converts a relative initial position (negative counts from the end) to an
// absolute one in [1, inf).
size_t startPosition(Integer pos, size_t len) {
    if (pos > 0) return size_t(pos);
    if (pos == 0) return 1;
    if (pos < -Integer(len)) return 1;
    return len + size_t(pos) + 1;
}

// Converts a relative end position to an absolute one in [0, len].
size_t endPosition(Integer pos, size_t len) {
    if (pos > Integer(len)) return len;
    if (pos >= 0) return size_t(pos);
    if (pos < -Integer(len)) return 0;
    return len + size_t(pos) + 1;
}

// Raises "not enough memory" early for results the VM could never hold (so
// no host-side buffer of that size is ever attempted).
void checkResultSize(VM& vm, size_t size) {
    if (size > vm.options.memoryLimit) raiseMemoryError(vm);
}

int strLen(VM& vm, HostCall& call) {
    return pushResult(vm, call, Value::integer(checkString(vm, call, 1)->length));
}

int strSub(VM& vm, HostCall& call) {
    std::string_view s = checkStringView(vm, call, 1);
    size_t i = startPosition(checkInteger(vm, call, 2), s.size());
    size_t j = endPosition(optInteger(vm, call, 3, -1), s.size());
    if (i > j) return pushResult(vm, call, stringValue(vm, ""));
    return pushResult(vm, call, stringValue(vm, s.substr(i - 1, j - i + 1)));
}

int strReverse(VM& vm, HostCall& call) {
    std::string s(checkStringView(vm, call, 1));
    std::string r(s.rbegin(), s.rend());
    return pushResult(vm, call, stringValue(vm, r));
}

int strLower(VM& vm, HostCall& call) {
    std::string s(checkStringView(vm, call, 1));
    for (char& c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return pushResult(vm, call, stringValue(vm, s));
}

int strUpper(VM& vm, HostCall& call) {
    std::string s(checkStringView(vm, call, 1));
    for (char& c : s)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return pushResult(vm, call, stringValue(vm, s));
}

int strRep(VM& vm, HostCall& call) {
    std::string_view s = checkStringView(vm, call, 1);
    Integer n = checkInteger(vm, call, 2);
    std::string_view sep = optStringView(vm, call, 3, "");
    if (n <= 0 || (s.empty() && sep.empty())) return pushResult(vm, call, stringValue(vm, ""));
    size_t unit = s.size() + sep.size();
    if (unit > kMaxStringSize / uint64_t(n)) libError(vm, call, "resulting string too large");
    size_t total = unit * size_t(n) - sep.size();
    checkResultSize(vm, total);
    std::string out;
    out.reserve(total);
    for (Integer k = 0; k < n; ++k) {
        out.append(s);
        if (k + 1 < n) out.append(sep);
    }
    return pushResult(vm, call, stringValue(vm, out));
}

int strByte(VM& vm, HostCall& call) {
    std::string_view s = checkStringView(vm, call, 1);
    Integer i = optInteger(vm, call, 2, 1);
    size_t first = startPosition(i, s.size());
    size_t last = endPosition(optInteger(vm, call, 3, Integer(first)), s.size());
    if (first > last) return 0;
    if (last - first >= size_t(INT_MAX)) libError(vm, call, "string slice too long");
    int n = int(last - first) + 1;
    for (int k = 0; k < n; ++k)
        call.push(vm, Value::integer(static_cast<unsigned char>(s[first - 1 + size_t(k)])));
    return n;
}

int strChar(VM& vm, HostCall& call) {
    std::string out;
    for (int i = 1; i <= call.count(); ++i) {
        Integer c = checkInteger(vm, call, i);
        argCheck(vm, call, uint64_t(c) <= 255u, i, "value out of range");
        out.push_back(char(c));
    }
    return pushResult(vm, call, stringValue(vm, out));
}

int strDump(VM& vm, HostCall& call) {
    checkType(vm, call, 1, LuaType::Function);
    bool strip = call.arg(2).isTruthy();
    Value f = call.arg(1);
    if (f.tag != Tag::LuaClosure) libError(vm, call, "unable to dump given function");
    std::string bytes = dumpProto(f.asLuaClosure()->proto, strip);
    return pushResult(vm, call, stringValue(vm, bytes));
}

// ---------------------------------------------------------------------------
// Arithmetic metamethods of strings

enum class ArithOp { Add, Sub, Mul, Mod, Pow, Div, IDiv, Unm };

// A number, or a string that converts to one (the `tonum` of lua5.4's string library).
bool operandNumber(Value v, Value& out) {
    if (v.isNumber()) {
        out = v;
        return true;
    }
    if (!v.isString()) return false;
    auto num = parseNumeral(view(v.asString()));
    if (!num) return false;
    out = num->isInteger ? Value::integer(num->i) : Value::number(num->n);
    return true;
}

Value arith(VM& vm, HostCall& call, ArithOp op, Value a, Value b) {
    bool ints = a.isInt() && b.isInt();
    switch (op) {
    case ArithOp::Add:
        return ints ? Value::integer(wrapAdd(a.i, b.i))
                    : Value::number(a.asNumber() + b.asNumber());
    case ArithOp::Sub:
        return ints ? Value::integer(wrapSub(a.i, b.i))
                    : Value::number(a.asNumber() - b.asNumber());
    case ArithOp::Mul:
        return ints ? Value::integer(wrapMul(a.i, b.i))
                    : Value::number(a.asNumber() * b.asNumber());
    case ArithOp::Div: return Value::number(a.asNumber() / b.asNumber());
    case ArithOp::Pow: return Value::number(std::pow(a.asNumber(), b.asNumber()));
    case ArithOp::IDiv:
        if (ints) {
            if (b.i == 0) raiseError(vm, stringValue(vm, "attempt to divide by zero"));
            return Value::integer(floorDiv(a.i, b.i));
        }
        return Value::number(floatFloorDiv(a.asNumber(), b.asNumber()));
    case ArithOp::Mod:
        if (ints) {
            if (b.i == 0) raiseError(vm, stringValue(vm, "attempt to perform 'n%0'"));
            return Value::integer(floorMod(a.i, b.i));
        }
        return Value::number(floatMod(a.asNumber(), b.asNumber()));
    case ArithOp::Unm: return a.isInt() ? Value::integer(wrapNeg(a.i)) : Value::number(-a.n);
    }
    return Value();
}

const char* const kArithEvents[] = {"add", "sub", "mul", "mod", "pow", "div", "idiv", "unm"};
const Metamethod kArithMetamethods[] = {Metamethod::Add,  Metamethod::Sub, Metamethod::Mul,
                                        Metamethod::Mod,  Metamethod::Pow, Metamethod::Div,
                                        Metamethod::IDiv, Metamethod::Unm};

int arithResult(VM&, HostCall&) {
    return 1;
}

int stringArith(VM& vm, HostCall& call, ArithOp op) {
    Value a = call.arg(1), b = call.arg(2);
    Value x, y;
    if (operandNumber(a, x) && operandNumber(b, y))
        return pushResult(vm, call, arith(vm, call, op, x, y));
    // The other operand may have its own metamethod for this event.
    Metamethod event = kArithMetamethods[int(op)];
    if (!b.isString()) {
        Value handler = getMetafield(vm, b, event);
        if (!handler.isNil()) return callThen(vm, call, handler, {a, b}, 1, arithResult);
    }
    libError(vm, call, "attempt to %s a '%s' with a '%s'", kArithEvents[int(op)],
             luaTypeName(a.type()), luaTypeName(b.type()));
}

int strAdd(VM& vm, HostCall& call) {
    return stringArith(vm, call, ArithOp::Add);
}
int strSubMM(VM& vm, HostCall& call) {
    return stringArith(vm, call, ArithOp::Sub);
}
int strMul(VM& vm, HostCall& call) {
    return stringArith(vm, call, ArithOp::Mul);
}
int strMod(VM& vm, HostCall& call) {
    return stringArith(vm, call, ArithOp::Mod);
}
int strPow(VM& vm, HostCall& call) {
    return stringArith(vm, call, ArithOp::Pow);
}
int strDiv(VM& vm, HostCall& call) {
    return stringArith(vm, call, ArithOp::Div);
}
int strIDiv(VM& vm, HostCall& call) {
    return stringArith(vm, call, ArithOp::IDiv);
}
int strUnm(VM& vm, HostCall& call) {
    return stringArith(vm, call, ArithOp::Unm);
}

const LibEntry kStringMetamethods[] = {
    {"__add", strAdd},   {"__sub", strSubMM}, {"__mul", strMul},
    {"__mod", strMod},   {"__pow", strPow},   {"__div", strDiv},
    {"__idiv", strIDiv}, {"__unm", strUnm},   {nullptr, nullptr},
};

const LibEntry kStringFunctions[] = {
    {"byte", strByte},   {"char", strChar},  {"dump", strDump},       {"len", strLen},
    {"lower", strLower}, {"rep", strRep},    {"reverse", strReverse}, {"sub", strSub},
    {"upper", strUpper}, {nullptr, nullptr},
};

} // namespace

void openStringLib(VM& vm) {
    Table* string = newLib(vm, "string", kStringFunctions);
    Table* mt = newTable(vm);
    vm.typeMetatables[int(LuaType::String)] = mt;
    registerLib(vm, mt, kStringMetamethods, "");
    tableSetStr(vm, mt, internString(vm, "__index"), Value::object(string));
}

} // namespace tricolor
