// lib_base.cpp — the base library (globals), except pcall, xpcall, error,
// load, loadfile and dofile (interp.h: openInterpLib) and collectgarbage (the
// collector's gclib).
//
// Functions that may call Lua — print and tostring (__tostring), pairs
// (__pairs), the ipairs iterator (__index functions) — do so through the
// kHostCallK protocol (auxlib.h callThen), so a budget can pause inside the
// metamethod and a coroutine can yield from it.
#include <cstdio>
#include <cstring>

#include "core/auxlib.h"
#include "core/interp.h"
#include "core/number.h"
#include "core/stdlib.h"
#include "core/string.h"
#include "core/table.h"
#include "core/tm.h"

namespace tricolor {
namespace {

void writeOut(VM& vm, std::string_view s) {
    if (vm.options.writeStdout)
        vm.options.writeStdout(s);
    else
        std::fwrite(s.data(), 1, s.size(), stdout);
}

void writeErr(VM& vm, std::string_view s) {
    if (vm.options.writeStderr) {
        vm.options.writeStderr(s);
    } else {
        std::fwrite(s.data(), 1, s.size(), stderr);
        std::fflush(stderr);
    }
}

// The string a __tostring handler returned (numbers are converted, as
// luaL_tolstring accepts anything lua_isstring accepts).
String* toStringResult(VM& vm, HostCall& call, Value r) {
    if (r.isString()) return r.asString();
    if (r.isNumber()) return numberToString(vm, r);
    libError(vm, call, "'__tostring' must return a string");
}

// ---------------------------------------------------------------------------
// print / tostring

int printFrom(VM& vm, HostCall& call, int i);

int printContinue(VM& vm, HostCall& call) {
    int i = int(call.context);
    String* s = toStringResult(vm, call, call.thread->stack[call.top() - 1]);
    if (i > 1) writeOut(vm, "\t");
    writeOut(vm, view(s));
    setTop(call, call.base + uint32_t(call.nargs));
    return printFrom(vm, call, i + 1);
}

// Prints arguments i..n; a __tostring handler is called through kHostCallK
// and printing goes on in printContinue.
int printFrom(VM& vm, HostCall& call, int i) {
    for (; i <= call.count(); ++i) {
        Value v = call.arg(i);
        Value handler = getMetafield(vm, v, Metamethod::ToString);
        if (!handler.isNil()) return callThen(vm, call, handler, {v}, 1, printContinue, i);
        String* s = toStringRaw(vm, v);
        if (i > 1) writeOut(vm, "\t");
        writeOut(vm, view(s));
    }
    writeOut(vm, "\n");
    return 0;
}

int basePrint(VM& vm, HostCall& call) {
    return printFrom(vm, call, 1);
}

int tostringContinue(VM& vm, HostCall& call) {
    String* s = toStringResult(vm, call, call.thread->stack[call.top() - 1]);
    return pushResult(vm, call, Value::object(s));
}

int baseTostring(VM& vm, HostCall& call) {
    checkAny(vm, call, 1);
    Value v = call.arg(1);
    Value handler = getMetafield(vm, v, Metamethod::ToString);
    if (!handler.isNil()) return callThen(vm, call, handler, {v}, 1, tostringContinue);
    return pushResult(vm, call, Value::object(toStringRaw(vm, v)));
}

// ---------------------------------------------------------------------------
// Metatables and raw access

int baseGetmetatable(VM& vm, HostCall& call) {
    checkAny(vm, call, 1);
    Table* mt = getMetatable(vm, call.arg(1));
    if (mt == nullptr) return pushResult(vm, call, Value());
    const Value* guard = tableGetStr(mt, vm.metamethodNames[int(Metamethod::Metatable)]);
    if (!guard->isNil()) return pushResult(vm, call, *guard);
    return pushResult(vm, call, Value::object(mt));
}

int baseSetmetatable(VM& vm, HostCall& call) {
    Table* t = checkTable(vm, call, 1);
    Value mtv = call.arg(2);
    if (!mtv.isNil() && !mtv.isTable()) typeError(vm, call, 2, "nil or table");
    if (!call.hasArg(2)) typeError(vm, call, 2, "nil or table");
    if (t->metatable != nullptr &&
        !tableGetStr(t->metatable, vm.metamethodNames[int(Metamethod::Metatable)])->isNil())
        libError(vm, call, "cannot change a protected metatable");
    Table* mt = mtv.isNil() ? nullptr : mtv.asTable();
    t->metatable = mt;
    if (mt != nullptr) {
        objectBarrier(vm, t, mt);
        gcCheckFinalizer(vm, t, mt);
    }
    return pushResult(vm, call, call.arg(1));
}

int baseRawequal(VM& vm, HostCall& call) {
    checkAny(vm, call, 1);
    checkAny(vm, call, 2);
    return pushResult(vm, call, Value::boolean(rawEquals(call.arg(1), call.arg(2))));
}

int baseRawlen(VM& vm, HostCall& call) {
    Value v = call.arg(1);
    if (v.isTable()) return pushResult(vm, call, Value::integer(tableLength(v.asTable())));
    if (v.isString()) return pushResult(vm, call, Value::integer(v.asString()->length));
    argError(vm, call, 1,
             ("table or string expected, got " + typeNameForError(vm, call, 1)).c_str());
}

int baseRawget(VM& vm, HostCall& call) {
    Table* t = checkTable(vm, call, 1);
    checkAny(vm, call, 2);
    return pushResult(vm, call, *tableGet(t, call.arg(2)));
}

int baseRawset(VM& vm, HostCall& call) {
    Table* t = checkTable(vm, call, 1);
    checkAny(vm, call, 2);
    checkAny(vm, call, 3);
    // Raised from a host function: lua5.4 adds no position to these.
    Value key = call.arg(2);
    if (key.isNil()) raiseError(vm, stringValue(vm, "table index is nil"));
    if (key.isFloat() && key.n != key.n) raiseError(vm, stringValue(vm, "table index is NaN"));
    tableSet(vm, t, key, call.arg(3));
    return pushResult(vm, call, call.arg(1));
}

// ---------------------------------------------------------------------------
// Iteration

int baseNext(VM& vm, HostCall& call) {
    Table* t = checkTable(vm, call, 1);
    Value key = call.arg(2), value;
    bool invalid = false;
    if (!tableNext(t, key, value, invalid)) {
        if (invalid) raiseError(vm, stringValue(vm, "invalid key to 'next'"));
        return pushResult(vm, call, Value());
    }
    call.push(vm, key);
    call.push(vm, value);
    return 2;
}

int pairsContinue(VM&, HostCall&) {
    return 3;
}

int basePairs(VM& vm, HostCall& call) {
    checkAny(vm, call, 1);
    Value t = call.arg(1);
    Value handler = getMetafield(vm, t, Metamethod::Pairs);
    if (!handler.isNil()) return callThen(vm, call, handler, {t}, 3, pairsContinue);
    call.push(vm, Value::hostFunction(baseNext));
    call.push(vm, t);
    call.push(vm, Value());
    return 3;
}

// Finishes one ipairs step with the value found at index i.
int ipairsResult(VM& vm, HostCall& call, Integer i, Value v) {
    if (v.isNil()) return pushResult(vm, call, Value());
    call.push(vm, Value::integer(i));
    call.push(vm, v);
    return 2;
}

int ipairsContinue(VM& vm, HostCall& call) {
    Value v = call.thread->stack[call.top() - 1];
    setTop(call, call.base + uint32_t(call.nargs));
    return ipairsResult(vm, call, Integer(call.context), v);
}

constexpr int kMaxIndexChain = 2000; // as lua5.4's MAXTAGLOOP

// The ipairs iterator: t[i+1] with __index honoured (lua_geti).
int ipairsAux(VM& vm, HostCall& call) {
    Integer i = wrapAdd(checkInteger(vm, call, 2), 1);
    Value obj = call.arg(1);
    Value key = Value::integer(i);
    for (int loop = 0; loop < kMaxIndexChain; ++loop) {
        Value handler;
        if (obj.isTable()) {
            const Value* v = tableGetInt(obj.asTable(), i);
            if (!v->isNil()) return ipairsResult(vm, call, i, *v);
            const Value* h = fastMetamethod(vm, obj.asTable()->metatable, Metamethod::Index);
            if (h == nullptr) return ipairsResult(vm, call, i, Value());
            handler = *h;
        } else {
            handler = getMetafield(vm, obj, Metamethod::Index);
            if (handler.isNil())
                raiseError(
                    vm, stringValue(vm, "attempt to index a " + objTypeName(vm, obj) + " value"));
        }
        if (handler.isFunction())
            return callThen(vm, call, handler, {obj, key}, 1, ipairsContinue, intptr_t(i));
        obj = handler;
    }
    raiseError(vm, stringValue(vm, "'__index' chain too long; possible loop"));
}

int baseIpairs(VM& vm, HostCall& call) {
    checkAny(vm, call, 1);
    call.push(vm, Value::hostFunction(ipairsAux));
    call.push(vm, call.arg(1));
    call.push(vm, Value::integer(0));
    return 3;
}

// ---------------------------------------------------------------------------
// Miscellaneous

int baseAssert(VM& vm, HostCall& call) {
    if (call.arg(1).isTruthy()) {
        for (int i = 1; i <= call.count(); ++i)
            call.push(vm, call.arg(i));
        return call.count();
    }
    checkAny(vm, call, 1);
    if (call.hasArg(2)) return call.error(vm, call.arg(2));
    return call.error(vm, stringValue(vm, "assertion failed!"));
}

int baseSelect(VM& vm, HostCall& call) {
    int n = call.count();
    Value first = call.arg(1);
    if (first.isString() && first.asString()->length > 0 && first.asString()->data()[0] == '#')
        return pushResult(vm, call, Value::integer(n - 1));
    Integer i = checkInteger(vm, call, 1);
    if (i < 0)
        i = n + i;
    else if (i > n)
        i = n;
    argCheck(vm, call, 1 <= i, 1, "index out of range");
    for (Integer k = i + 1; k <= n; ++k)
        call.push(vm, call.arg(int(k)));
    return n - int(i);
}

int baseTonumber(VM& vm, HostCall& call) {
    if (call.arg(2).isNil()) {
        Value v = call.arg(1);
        if (v.isNumber()) return pushResult(vm, call, v);
        if (v.isString()) {
            auto num = parseNumeral(view(v.asString()));
            if (num)
                return pushResult(vm, call,
                                  num->isInteger ? Value::integer(num->i) : Value::number(num->n));
        }
        checkAny(vm, call, 1);
        return pushResult(vm, call, Value());
    }
    Integer base = checkInteger(vm, call, 2);
    checkType(vm, call, 1, LuaType::String);
    argCheck(vm, call, 2 <= base && base <= 36, 2, "base out of range");
    auto r = parseIntegerInBase(view(call.arg(1).asString()), int(base));
    return pushResult(vm, call, r ? Value::integer(*r) : Value());
}

int baseType(VM& vm, HostCall& call) {
    checkAny(vm, call, 1);
    return pushResult(vm, call, stringValue(vm, luaTypeName(call.arg(1).type())));
}

// warn(msg1, ...): the pieces form one message. A one-piece message starting
// with '@' is a control message ("@on", "@off"); warnings start off, as in
// the lua5.4 stand-alone interpreter.
int baseWarn(VM& vm, HostCall& call) {
    int n = call.count();
    checkString(vm, call, 1);
    for (int i = 2; i <= n; ++i)
        checkString(vm, call, i);
    LibState& lib = libState(vm);
    for (int i = 1; i <= n; ++i) {
        std::string_view piece = view(call.arg(i).asString());
        bool continues = i < n;
        if (lib.warningContinues) {
            writeErr(vm, piece);
            if (!continues) {
                writeErr(vm, "\n");
                lib.warningContinues = false;
            }
            continue;
        }
        if (!continues && !piece.empty() && piece[0] == '@') {
            if (piece == "@on") lib.warningsOn = true;
            if (piece == "@off") lib.warningsOn = false;
            continue;
        }
        if (!lib.warningsOn) continue;
        writeErr(vm, "Lua warning: ");
        writeErr(vm, piece);
        if (continues)
            lib.warningContinues = true;
        else
            writeErr(vm, "\n");
    }
    return 0;
}

const LibEntry kBaseFunctions[] = {
    {"assert", baseAssert},     {"getmetatable", baseGetmetatable},
    {"ipairs", baseIpairs},     {"next", baseNext},
    {"pairs", basePairs},       {"print", basePrint},
    {"rawequal", baseRawequal}, {"rawget", baseRawget},
    {"rawlen", baseRawlen},     {"rawset", baseRawset},
    {"select", baseSelect},     {"setmetatable", baseSetmetatable},
    {"tonumber", baseTonumber}, {"tostring", baseTostring},
    {"type", baseType},         {"warn", baseWarn},
    {nullptr, nullptr},
};

} // namespace

void openBaseLib(VM& vm) {
    Table* g = vm.globals;
    registerLib(vm, g, kBaseFunctions);
    tableSetStr(vm, g, internString(vm, "_G"), Value::object(g));
    tableSetStr(vm, g, internString(vm, "_VERSION"), stringValue(vm, "Lua 5.4"));
}

} // namespace tricolor
