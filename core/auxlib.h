// auxlib.h — helpers every library function is written with.
//
// Owns: argument access and checking with PUC Lua 5.4's exact error wording,
// the naming of the running host function in those errors, `tostring`
// semantics (__tostring, __name, "table: 0x..."), metafield lookup, and the
// registration of library tables.
//
// Error wording (checked against lua5.4):
//   bad argument #1 to 'insert' (table expected, got nil)
//   bad argument #2 to 'rep' (number has no integer representation)
//   bad argument #1 to 'seek' (invalid option 'x')
//   calling 'f' on bad self (string expected, got table)     (method call, arg 1)
// The "got" type uses the value's metatable `__name` when it is a string.
//
// Function names. PUC computes the name from how the function was called
// (`t.f()` -> 'f', `local g = string.rep; g()` -> 'g', `pcall(string.rep)`
// -> 'string.rep', the global name found in package.loaded). All of that is
// funnelled through ONE function, `calledFunctionName`: when the
// interpreter's call-site description (interp.h frameFunctionName)
// gives no name, it falls back to the qualified name the function was
// registered under by `registerLib` ("string.rep"), as PUC's search of
// package.loaded does.
//
// Raising. Argument errors are rare paths, so they throw through
// raiseError (vm.h) with a message prefixed by the position of the calling
// Lua function (luaL_where(L, 1)), exactly like luaL_argerror.
//
// Invariants: a checker never leaves a fresh, unreachable object behind —
// checkString converts a number argument to a string IN its stack slot (as
// lua_tolstring does), so the string stays reachable while the host function
// runs, even across kHostCallK calls.
#pragma once

#include <cstdarg>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/host.h"
#include "core/object.h"
#include "core/tm.h"
#include "core/vm.h"

namespace tricolor {

// ---------------------------------------------------------------------------
// Library registration

struct LibEntry {
    const char* name; // nullptr terminates the list
    HostFn fn;
};

// Sets target[name] = fn for every entry (light host functions) and records
// each function's name for error messages (see calledFunctionName).
// `libName` is the library's global name ("string", "table"; nullptr or "_G"
// for the base library) and is used for qualified names ("string.rep"); ""
// registers no names (methods, which lua5.4 reports as '?' when called
// without a name).
void registerLib(VM& vm, Table* target, const LibEntry* entries, const char* libName = nullptr);

// Creates a fresh table holding the entries, stores it as globals[libName]
// and package.loaded[libName] (when package is open), returns it.
Table* newLib(VM& vm, const char* libName, const LibEntry* entries);

// How the running host function was called.
struct CalledName {
    std::string name;      // "?" when unknown
    bool isMethod = false; // called as obj:name(...) — argument numbers shift by one
};
// THE single place that decides the name shown in "bad argument ... to 'NAME'".
CalledName calledFunctionName(VM& vm, HostCall& call);

// ---------------------------------------------------------------------------
// Errors (all raise: they never return)

// luaL_error: message formatted like printf, prefixed with "chunk:line: " of
// the Lua function that called the running host function (when there is one).
[[noreturn]] void libError(VM& vm, HostCall& call, const char* fmt, ...);
// "bad argument #arg to 'name' (extra)" / "calling 'name' on bad self".
[[noreturn]] void argError(VM& vm, HostCall& call, int arg, const char* extra);
// "bad argument #arg to 'name' (T expected, got U)".
[[noreturn]] void typeError(VM& vm, HostCall& call, int arg, const char* expectedType);
// The "chunk:line: " prefix luaL_where(L, 1) produces ("" when unknown).
std::string whereCaller(VM& vm, HostCall& call);

// ---------------------------------------------------------------------------
// Argument checkers (arg is 1-based). Absent arguments are "no value".

// Type name as error messages print it: __name if a string, else the type's
// name ("no value" for an absent argument).
std::string typeNameForError(VM& vm, HostCall& call, int arg);

void checkAny(VM& vm, HostCall& call, int arg); // "value expected"
void checkType(VM& vm, HostCall& call, int arg, LuaType t);
Integer checkInteger(VM& vm, HostCall& call, int arg);
Number checkNumber(VM& vm, HostCall& call, int arg);
// String argument; numbers are converted in place (the slot then holds the string).
String* checkString(VM& vm, HostCall& call, int arg);
std::string_view checkStringView(VM& vm, HostCall& call, int arg);
Table* checkTable(VM& vm, HostCall& call, int arg);
bool checkBoolean(VM& vm, HostCall& call, int arg); // any value: truthiness (lua_toboolean)

// Optional forms: the default when the argument is absent or nil.
Integer optInteger(VM& vm, HostCall& call, int arg, Integer def);
Number optNumber(VM& vm, HostCall& call, int arg, Number def);
String* optString(VM& vm, HostCall& call, int arg, String* def);
std::string_view optStringView(VM& vm, HostCall& call, int arg, std::string_view def);

// Index into `options` (nullptr-terminated) of the string argument; raises
// "invalid option 'x'". def (may be null) is used when the argument is absent/nil.
int checkOption(VM& vm, HostCall& call, int arg, const char* def, const char* const options[]);

// Raises "bad argument #arg to 'f' (msg)" unless cond.
inline void argCheck(VM& vm, HostCall& call, bool cond, int arg, const char* msg) {
    if (!cond) argError(vm, call, arg, msg);
}
// Userdata argument whose metatable is registry[typeName]; raises a type error otherwise.
Userdata* checkUserdata(VM& vm, HostCall& call, int arg, const char* typeName);
// Same, but returns nullptr instead of raising.
Userdata* testUserdata(VM& vm, HostCall& call, int arg, const char* typeName);

// ---------------------------------------------------------------------------
// Conversions (no metamethods unless stated)

// lua_tointegerx: integers, floats with an exact integer value, numeric strings.
bool toInteger(Value v, Integer& out);
// lua_tonumberx: numbers and numeric strings.
bool toNumber(Value v, Number& out);
// Number -> its string form (lua_tolstring on a number).
String* numberToString(VM& vm, Value number);

// (The metatable of any value: tm.h getMetatable.)
// Raw metafield lookup (nil when absent).
Value getMetafield(VM& vm, Value v, const char* event);
Value getMetafield(VM& vm, Value v, Metamethod event);

// luaL_checkstack: room for n more results on the calling thread, else
// "stack overflow (msg)" (no position: lua5.4 raises it from the C function).
void checkResultSpace(VM& vm, HostCall& call, uint64_t n, const char* msg);

// obj[key] as lua_gettable / lua_getfield: __index tables and functions are
// followed (functions through callNested, so NOT resumable). Raises "attempt
// to index a T value" when obj cannot be indexed.
Value indexValue(VM& vm, Value obj, Value key);
// obj[key] = v as lua_settable / lua_setfield: __newindex honoured (callNested).
void setIndexValue(VM& vm, Value obj, Value key, Value v);

// `a < b` without metamethods: numbers exactly across subtypes, strings with
// strcoll piecewise (embedded NULs allowed), as the `<` operator does. Returns
// false when the pair needs a metamethod (or cannot be ordered).
bool primitiveLess(Value a, Value b, bool& result);
// Raises "attempt to compare two T values" / "attempt to compare T with U".
[[noreturn]] void orderError(VM& vm, Value a, Value b);

// tostring without __tostring: numbers, booleans, nil, strings, and
// "<__name or type>: 0x..." for other objects, in lua5.4's address style.
String* toStringRaw(VM& vm, Value v);
// tostring with __tostring (calls Lua through the interpreter's nested-call
// API, so it is NOT resumable; print/tostring use the kHostCallK path instead).
// Raises "'__tostring' must return a string" as lua5.4 does.
String* toStringMeta(VM& vm, Value v);

// ---------------------------------------------------------------------------
// Calling Lua from host functions (the kHostCallK protocol of host.h)

// Pushes fn and its arguments and fills `call` so that returning the result
// (kHostCallK) makes the interpreter call fn wanting `wantResults` results and
// then run `continuation` with `context`. Use as
//   return callThen(vm, call, f, {a, b}, 1, myContinuation, step);
int callThen(VM& vm, HostCall& call, Value fn, std::initializer_list<Value> args, int wantResults,
             HostFn continuation, intptr_t context = 0);
// Drops every stack value at or above index `top` (a continuation uses it to
// discard a callee's results once consumed).
inline void setTop(HostCall& call, uint32_t top) {
    call.thread->top = top;
}

// ---------------------------------------------------------------------------
// Result helpers

inline int pushResult(VM& vm, HostCall& call, Value v) {
    call.push(vm, v);
    return 1;
}
void pushString(VM& vm, HostCall& call, std::string_view s);
// The conventional failure triple/pair: nil, message[, errno].
int pushFail(VM& vm, HostCall& call, std::string_view message);
int pushFailErrno(VM& vm, HostCall& call, std::string_view message, int errnum);

// Interned string value.
inline Value stringValue(VM& vm, std::string_view s) {
    return Value::object(internString(vm, s));
}

} // namespace tricolor
