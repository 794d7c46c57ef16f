// debuginfo.h — names for values, recovered from bytecode.
//
// When `x.y.z` fails because `x.y` is nil, Lua says "attempt to index a nil
// value (field 'y')". The VM does not keep names at run time; they are
// recovered after the fact from the function's bytecode and debug info:
//
//   1. If the register holds an active local variable at that pc, its name
//      comes from Proto::locals ("local 'z'").
//   2. Otherwise find the instruction that last wrote the register on every
//      path to pc (a forward scan that forgets the writer whenever a jump
//      lands between it and pc, since the value then depends on the path
//      taken). The writer tells the story: GETTABUP/GETFIELD on _ENV is a
//      "global", on anything else a "field"; GETUPVAL an "upvalue"; LOADK of
//      a string a "constant"; SELF a "method"; MOVE defers to its source.
//
// The same analysis names the function being called for tracebacks and for
// "bad argument #1 to 'insert'": the caller's CALL instruction tells which
// register held the callee, and step 2 describes it. Instructions that call
// metamethods name the event ("metamethod 'index'"); generic-for calls are
// "for iterator".
//
// Everything here is pure: it reads a Proto and never allocates VM memory.
#pragma once

#include <cstdint>
#include <string>

#include "core/object.h"

namespace tricolor {

// A description such as {"global", "print"}; kind == nullptr when nothing is known.
struct VarDescription {
    const char* kind = nullptr; // "global", "local", "field", "upvalue", "constant", "method"
    std::string name;
    explicit operator bool() const { return kind != nullptr; }
};

// Describes what register `reg` holds just before instruction `pc` executes.
VarDescription describeRegister(const Proto* p, uint32_t pc, unsigned reg);

// Describes upvalue `index` of a function with prototype `p` ({"upvalue", name}).
VarDescription describeUpvalue(const Proto* p, unsigned index);

// " (global 'x')" for error messages, or "" when nothing is known.
std::string formatVarInfo(const VarDescription& d);

// How the function called by instruction `callPc` of `caller` was named:
// namewhat is "global", "local", "method", "field", "upvalue", "constant",
// "for iterator", "metamethod" or "" (unknown).
struct FunctionName {
    std::string namewhat;
    std::string name;
};
FunctionName describeCalledFunction(const Proto* caller, uint32_t callPc);

// The name of the n-th (1-based) local variable active at `pc`, as
// debug.getlocal numbers them, or nullptr. Sets `reg` to its register.
const String* localVariableName(const Proto* p, int n, uint32_t pc, unsigned* reg = nullptr);

// The name of the local held in register `reg` at `pc`, or nullptr.
const String* localNameOfRegister(const Proto* p, unsigned reg, uint32_t pc);

// Source line of instruction `pc` (-1 if there is no line information).
int lineOfInstruction(const Proto* p, uint32_t pc);

} // namespace tricolor
