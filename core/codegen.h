// codegen.h — the code generator: a resolved AST (ast.h) becomes a tree of Protos (object.h)
// holding bytecode of opcodes.h.
//
// Design: a classic one-pass register compiler run over the tree instead of over tokens.
//  - Registers: the active locals of a function occupy R[0..nactive-1] in declaration order
//    (the register the resolver wrote in LocalVar::slot); temporaries are allocated above
//    them like a stack (`freeReg`) and released in reverse order. Every statement ends with
//    freeReg back at nactive.
//  - Expression descriptors delay code: an expression is first described (a constant, a
//    local's register, an upvalue, an indexed access, a call, a comparison's pending jump,
//    an instruction whose target register is still open...) and only "discharged" into a
//    register when its consumer knows where the value must go. That is what turns
//    `local a = b + c` into one ADD into a's register and `if a < b then` into LT + JMP.
//  - Jump lists: pending forward jumps are chained through their own sJ field (each JMP
//    points at the previous one of the same list) and patched once the target is known.
//    Short-circuit operators keep "exit when true" / "exit when false" lists.
//  - Constants are deduplicated by exact identity: 1, 1.0 and "1" are three constants, and
//    floats are keyed by their bit pattern (so -0.0 and 0.0 never merge).
//  - Folding happens only when the result is exactly what the interpreter would compute:
//    integer arithmetic wraps, no folding of division/modulo by zero, of float results that
//    are NaN or zero (sign of zero), of bitwise operations on non-integral floats, or of
//    anything that involves strings.
//  - Lines: an instruction gets the line lua5.4 would give it, i.e. the line of the last
//    token read when it is emitted (arithmetic and concat: the operator's line; calls: the
//    line where the call expression starts; closures: the line of `end`), so runtime errors
//    and line hooks report the same lines as lua5.4. The AST gives every node its first and
//    last line, which is all this needs.
//
// Invariants of the output (checked by tests/unit/test_codegen.cpp):
//  - every Proto array is allocated by memory.h with exactly its element count; lineInfo
//    has codeSize entries; Protos and constant strings are ordinary collectable objects.
//  - every JMP target lies inside the function; a comparison or TEST/TESTSET is always
//    followed by a JMP.
//  - vararg functions start with VARARGPREP; every function ends with a RETURN.
//
// The code generator never runs the collector (it contains no safe point), so Protos under
// construction need no rooting.
#pragma once

#include <string>

#include "core/ast.h"
#include "core/object.h"

namespace tricolor {

// Generates the Proto of the main function of `chunk` (and, nested, of every function in
// it). `source` is the chunk name stored in every Proto (Proto::source). On a limit error
// ("function or expression needs too many registers", "control structure too long", ...)
// returns nullptr and sets `error` to the complete message ("chunk:line: ...").
Proto* generateCode(VM& vm, const ast::Chunk& chunk, String* source, std::string& error);

} // namespace tricolor
