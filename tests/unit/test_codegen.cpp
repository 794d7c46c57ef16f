// Code generator, compiler pipeline, disassembler and binary chunks.
//
// Instruction sequences are checked through the disassembler (opcode and operands, without
// pc and line). Every Proto compiled here also goes through the bytecode verifier of
// dump.h, so a codegen change that breaks an invariant the interpreter relies on fails
// these tests even when the listing still looks plausible.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "core/api.h"
#include "core/compiler.h"
#include "core/disasm.h"
#include "core/dump.h"
#include "core/opcodes.h"
#include "core/string.h"
#include "core/vm.h"

using namespace tricolor;

namespace {

struct CodegenVM {
    VM* vm = vmCreate(VMOptions{});
    ~CodegenVM() { vmDestroy(vm); }
};

// Verifies p and every nested function.
void verifyTree(const Proto* p, const Proto* parent = nullptr) {
    std::string problem = verifyProto(p, parent);
    INFO(disassemble(p, false));
    CHECK(problem == "");
    for (uint32_t i = 0; i < p->numProtos; i++)
        verifyTree(p->protos[i], p);
}

Proto* compileOk(VM& vm, const std::string& source) {
    std::string error;
    Proto* p = compile(vm, source, "=test", error);
    INFO(source);
    INFO(error);
    REQUIRE(p != nullptr);
    verifyTree(p);
    return p;
}

std::string compileError(VM& vm, const std::string& source) {
    std::string error;
    Proto* p = compile(vm, source, source, error);
    CHECK(p == nullptr);
    return error;
}

// "ADD 0 1 2 ; comment" per instruction: the listing without pc and line, spaces collapsed.
std::vector<std::string> code(const Proto* p) {
    std::vector<std::string> out;
    for (uint32_t pc = 0; pc < p->codeSize; pc++) {
        std::string line = formatInstruction(p, pc);
        line = line.substr(line.find("] ") + 2);
        std::string collapsed;
        for (char c : line)
            if (!(c == ' ' && !collapsed.empty() && collapsed.back() == ' ')) collapsed += c;
        out.push_back(collapsed);
    }
    return out;
}

bool has(const std::vector<std::string>& listing, const std::string& instruction) {
    return std::find(listing.begin(), listing.end(), instruction) != listing.end();
}

int count(const std::vector<std::string>& listing, const std::string& opcodePrefix) {
    return int(std::count_if(listing.begin(), listing.end(), [&](const std::string& s) {
        return s.compare(0, opcodePrefix.size(), opcodePrefix) == 0 &&
               (s.size() == opcodePrefix.size() || s[opcodePrefix.size()] == ' ');
    }));
}

std::string joined(const std::vector<std::string>& listing) {
    std::string s;
    for (const auto& l : listing)
        s += l + "\n";
    return s;
}

} // namespace

TEST_CASE("arithmetic goes straight into the destination local") {
    CodegenVM T;
    auto c = code(compileOk(*T.vm, "local a, b, c; a = b + c"));
    CHECK(c ==
          std::vector<std::string>{"VARARGPREP 0", "LOADNIL 0 2", "ADD 0 1 2", "RETURN 3 1 0"});
    c = code(compileOk(*T.vm, "local b, c; local a = b + c"));
    CHECK(has(c, "ADD 2 0 1"));
    CHECK(count(c, "MOVE") == 0);
}

TEST_CASE("immediate and constant operands") {
    CodegenVM T;
    auto c = code(compileOk(*T.vm, "local a, x; a = a + 1; a = a - 1; a = 1 + a; a = a * 2.5; "
                                   "a = a & 3; a = a << 1"));
    INFO(joined(c));
    CHECK(has(c, "ADDI 0 0 1"));
    CHECK(has(c, "SUBK 0 0 0 ; 1")); // not ADDI -1: __sub must stay __sub
    CHECK(has(c, "ADD 0 2 0"));      // 1 + a keeps its operand order for __add
    CHECK(has(c, "MULK 0 0 1 ; 2.5"));
    CHECK(has(c, "BANDK 0 0 2 ; 3"));
    CHECK(has(c, "SHL 0 0 2"));
}

TEST_CASE("comparisons in conditions are a test and a jump") {
    CodegenVM T;
    auto c = code(compileOk(*T.vm, "local a, b; if a < b then a = 1 end"));
    CHECK(c == std::vector<std::string>{"VARARGPREP 0", "LOADNIL 0 1", "LT 0 1 0", "JMP 1 ; to 6",
                                        "LOADI 0 1", "RETURN 2 1 0"});
    c = code(compileOk(*T.vm, "local a; if a < 5 then a = 1 elseif 5 < a then a = 2 elseif a == "
                              "'x' then a = 3 elseif a == nil then a = 4 elseif a ~= 3 then a = 5 "
                              "elseif a >= -2 then elseif a > b then end"));
    INFO(joined(c));
    CHECK(has(c, "LTI 0 5 0"));
    CHECK(has(c, "GTI 0 5 0"));
    CHECK(has(c, "EQK 0 0 0 ; \"x\""));
    CHECK(has(c, "EQK 0 1 0 ; nil"));
    CHECK(has(c, "EQI 0 3 1"));
    CHECK(has(c, "GEI 0 -2 0"));
    CHECK(count(c, "LT") == 1); // a > b is b < a
}

TEST_CASE("comparison values, and/or and not") {
    CodegenVM T;
    auto c = code(compileOk(
        *T.vm,
        "local a, b; local c = a and b; local d = a or b; local e = not a; local f = a < b"));
    CHECK(c == std::vector<std::string>{
                   "VARARGPREP 0", "LOADNIL 0 1", "TESTSET 2 0 0", "JMP 1 ; to 6", "MOVE 2 1",
                   "TESTSET 3 0 1", "JMP 1 ; to 9", "MOVE 3 1", "NOT 4 0", "LT 0 1 1",
                   "JMP 2 ; to 14", "LOADFALSE 5", "JMP 1 ; to 15", "LOADTRUE 5", "RETURN 6 1 0"});
    // `not` in a condition becomes the test's sense, not a NOT instruction.
    c = code(compileOk(*T.vm, "local a; if not a then a = 1 end"));
    CHECK(count(c, "NOT") == 0);
    CHECK(has(c, "TEST 0 1"));
}

TEST_CASE("globals, fields and _ENV as a local") {
    CodegenVM T;
    auto c = code(compileOk(*T.vm, "x = t.f"));
    CHECK(c == std::vector<std::string>{"VARARGPREP 0", "GETTABUP 0 0 1 ; _ENV \"t\"",
                                        "GETFIELD 0 0 2 ; \"f\"", "SETTABUP 0 0 0 ; _ENV \"x\"",
                                        "RETURN 0 1 0"});
    c = code(compileOk(*T.vm, "local _ENV = {}; x = y"));
    CHECK(has(c, "GETFIELD 1 0 1 ; \"y\""));
    CHECK(has(c, "SETFIELD 0 0 1 ; \"x\""));
    c = code(compileOk(*T.vm, "local t, k; local v = t[1]; v = t[300]; v = t[k]; t[1] = v; "
                              "t.name = v; t[k] = v"));
    INFO(joined(c));
    CHECK(has(c, "GETINT 2 0 1"));
    CHECK(has(c, "GETTABLE 2 0 3"));
    CHECK(has(c, "GETTABLE 2 0 1"));
    CHECK(has(c, "SETINT 0 1 2"));
    CHECK(has(c, "SETFIELD 0 0 2 ; \"name\""));
    CHECK(has(c, "SETTABLE 0 1 2"));
}

TEST_CASE("constants beyond the 8-bit operand range go through registers") {
    CodegenVM T;
    std::string src = "local t = {}\nlocal x = {";
    for (int i = 0; i < 300; i++)
        src += "'s" + std::to_string(i) + "',";
    src += "}\nx = t.late\nt.late2 = 1\nreturn x == 'late3', g";
    Proto* p = compileOk(*T.vm, src);
    auto c = code(p);
    INFO(joined(c));
    CHECK(count(c, "GETFIELD") == 0);
    CHECK(count(c, "SETFIELD") == 0);
    CHECK(count(c, "EQK") == 0);
    CHECK(count(c, "GETTABUP") == 0); // "g" has K index > 255: _ENV is loaded, then GETTABLE
    CHECK(count(c, "GETUPVAL") == 1);
    CHECK(p->numConstants > 300);
}

TEST_CASE("constants are deduplicated by exact value and type") {
    CodegenVM T;
    Proto* p = compileOk(*T.vm, "return 100000, 100000.0, '100000', 100000, 100000.0, "
                                "-0.5, 0.5, 1e300, 1e300");
    CHECK(p->numConstants == 6);
    auto c = code(p);
    CHECK(has(c, "LOADK 3 0 ; 100000"));
    CHECK(has(c, "LOADK 4 1 ; 100000.0"));
}

TEST_CASE("small numbers load as immediates") {
    CodegenVM T;
    auto c = code(compileOk(*T.vm, "return 0, -32767, 32768, 32769, 2.0, 2.5, -0.0"));
    INFO(joined(c));
    CHECK(has(c, "LOADI 0 0"));
    CHECK(has(c, "LOADI 1 -32767"));
    CHECK(has(c, "LOADI 2 32768"));
    CHECK(has(c, "LOADK 3 0 ; 32769"));
    CHECK(has(c, "LOADF 4 2"));
    CHECK(has(c, "LOADK 5 1 ; 2.5"));
    CHECK(has(c, "UNM 6 6")); // -0.0 is not folded
}

TEST_CASE("constant folding is exact and never changes run-time behaviour") {
    CodegenVM T;
    auto c = code(compileOk(*T.vm, "return 1 + 2 * 3, 2^53 + 1, 9223372036854775807 + 1, "
                                   "7 // 2.0, -(1 << 63), ~5, 3 % -2, -7 // 2, 1 << 64"));
    INFO(joined(c));
    CHECK(has(c, "LOADI 0 7"));
    CHECK(has(c, "LOADK 1 0 ; 9.007199254741e+15"));
    CHECK(has(c, "LOADK 2 1 ; -9223372036854775808"));
    CHECK(has(c, "LOADF 3 3"));
    CHECK(has(c, "LOADK 4 1 ; -9223372036854775808"));
    CHECK(has(c, "LOADI 5 -6"));
    CHECK(has(c, "LOADI 6 -1"));
    CHECK(has(c, "LOADI 7 -4"));
    CHECK(has(c, "LOADI 8 0"));
    // Not folded: division by zero, NaN, float zero results, non-integral bitwise operands,
    // string coercions.
    c = code(compileOk(*T.vm, "return 1 // 0, 1 % 0, 0/0, 0.0 * 1, 3 & 1.5, '1' + 1, 'a' .. 1"));
    INFO(joined(c));
    CHECK(count(c, "IDIVK") == 1);
    CHECK(count(c, "MODK") == 1);
    CHECK(count(c, "DIVK") == 1);
    CHECK(count(c, "MULK") == 1);
    CHECK(count(c, "BAND") == 1);
    CHECK(count(c, "ADDI") == 1);
    CHECK(count(c, "CONCAT") == 1);
}

TEST_CASE("method calls use SELF; calls pass their argument counts") {
    CodegenVM T;
    auto c = code(compileOk(*T.vm, "local obj; obj:m(1); obj:n(); obj.f(obj, ...)"));
    INFO(joined(c));
    CHECK(has(c, "SELF 1 0 0 ; \"m\""));
    CHECK(has(c, "CALL 1 3 1"));
    CHECK(has(c, "CALL 1 2 1")); // obj:n() passes self
    CHECK(has(c, "VARARG 3 0"));
    CHECK(has(c, "CALL 1 0 1"));
}

TEST_CASE("tail calls, except inside the scope of a to-be-closed variable") {
    CodegenVM T;
    auto c = code(compileOk(*T.vm, "local f, x; return f(x)"));
    CHECK(has(c, "TAILCALL 2 2"));
    c = code(compileOk(*T.vm, "local f; local x <close> = nil; return f()"));
    INFO(joined(c));
    CHECK(count(c, "TAILCALL") == 0);
    CHECK(has(c, "TBC 1"));
    CHECK(has(c, "CALL 2 1 0"));
    CHECK(has(c, "RETURN 2 0 1")); // C == 1: the return closes
    c = code(compileOk(*T.vm, "local f; return (f())"));
    CHECK(has(c, "CALL 1 1 2"));
    CHECK(count(c, "TAILCALL") == 0);
}

TEST_CASE("plain functions use RETURN0/RETURN1, others RETURN with the close flag") {
    CodegenVM T;
    Proto* p =
        compileOk(*T.vm, "local function f(a) if a then return a end end\n"
                         "local function g(...) return 1 end\n"
                         "local function h(a) local b = function() return a end return b end");
    auto f = code(p->protos[0]);
    CHECK(has(f, "RETURN1 0"));
    CHECK(has(f, "RETURN0"));
    CHECK(has(code(p->protos[1]), "RETURN 0 2 0")); // vararg functions use RETURN
    auto h = code(p->protos[2]);
    CHECK(has(h, "RETURN 1 2 1")); // a captured local: RETURN closes
    CHECK(count(h, "RETURN1") == 0);
}

TEST_CASE("numeric and generic for loops") {
    CodegenVM T;
    Proto* p = compileOk(*T.vm, "for i = 1, 10 do local y = i end");
    CHECK(code(p) == std::vector<std::string>{"VARARGPREP 0", "LOADI 0 1", "LOADI 1 10",
                                              "LOADI 2 1", "FORPREP 0 1 ; exit to 8", "MOVE 4 3",
                                              "FORLOOP 0 2 ; to 6", "RETURN 0 1 0"});
    REQUIRE(p->numLocals == 5);
    CHECK(view(p->locals[3].name) == "i");
    CHECK(p->locals[3].reg == 3);
    CHECK(view(p->locals[4].name) == "y");
    CHECK(p->locals[4].reg == 4);

    p = compileOk(*T.vm, "for k, v in next, {} do local z = v end");
    CHECK(code(p) == std::vector<std::string>{"VARARGPREP 0", "GETTABUP 0 0 0 ; _ENV \"next\"",
                                              "NEWTABLE 1 0 0", "LOADNIL 2 1",
                                              "TFORPREP 0 1 ; to 7", "MOVE 6 5", "TFORCALL 0 2",
                                              "TFORLOOP 0 3 ; to 6", "CLOSE 0", "RETURN 0 1 1"});
}

TEST_CASE("captured loop locals are closed every iteration") {
    CodegenVM T;
    auto c = code(compileOk(*T.vm, "for i = 1, 3 do local x = i; f = function() return x end end"));
    INFO(joined(c));
    CHECK(has(c, "CLOSE 3"));
    c = code(compileOk(*T.vm, "local j = 0 while j < 3 do j = j + 1 local k = j "
                              "g = function() return k end end"));
    CHECK(has(c, "CLOSE 1"));
    // repeat: the condition sees the body's locals, both exits close them.
    c = code(compileOk(*T.vm, "repeat local y = 1; g = function() return y end until y > 0"));
    INFO(joined(c));
    CHECK(count(c, "CLOSE") == 2);
    CHECK(has(c, "GTI 0 0 0"));
    // break out of a scope with a captured local closes it.
    c = code(compileOk(*T.vm, "while true do local z = 1; h = function() return z end; "
                              "if z then break end end"));
    INFO(joined(c));
    CHECK(count(c, "CLOSE") >= 2);
}

TEST_CASE("to-be-closed variables and compile-time constants") {
    CodegenVM T;
    auto c = code(compileOk(*T.vm, "local x <close> = f()"));
    CHECK(c == std::vector<std::string>{"VARARGPREP 0", "GETTABUP 0 0 0 ; _ENV \"f\"", "CALL 0 1 2",
                                        "TBC 0", "RETURN 1 1 1"});
    Proto* p = compileOk(*T.vm, "local k <const> = 10; local s <const> = 'x'; return k * 2, s");
    CHECK(code(p) == std::vector<std::string>{"VARARGPREP 0", "LOADI 0 20", "LOADK 1 0 ; \"x\"",
                                              "RETURN 0 3 0", "RETURN 0 1 0"});
    CHECK(p->numLocals == 0); // constants take no register
    c = code(compileOk(*T.vm, "do local a <close> = nil; goto out end ::out::"));
    INFO(joined(c));
    CHECK(count(c, "CLOSE") >= 1);
}

TEST_CASE("varargs and multiple results") {
    CodegenVM T;
    CHECK(code(compileOk(*T.vm, "return ...")) ==
          std::vector<std::string>{"VARARGPREP 0", "VARARG 0 0", "RETURN 0 0 0", "RETURN 0 1 0"});
    CHECK(has(code(compileOk(*T.vm, "local a, b = ...")), "VARARG 0 3"));
    auto c = code(compileOk(*T.vm, "local a, b, c = f()"));
    CHECK(has(c, "CALL 0 1 4"));
    c = code(compileOk(*T.vm, "local a = f(), g()"));
    CHECK(has(c, "CALL 0 1 2"));
    CHECK(has(c, "CALL 1 1 1")); // the extra value is computed and dropped
    c = code(compileOk(*T.vm, "local a = {1, 2, f()}"));
    CHECK(has(c, "NEWTABLE 0 2 0"));
    CHECK(has(c, "CALL 3 1 0"));
    CHECK(has(c, "SETLIST 0 0 0"));
    c = code(compileOk(*T.vm, "local a, b = (f())"));
    CHECK(has(c, "CALL 0 1 2"));
    CHECK(has(c, "LOADNIL 1 0"));
}

TEST_CASE("SETLIST flushes every 50 items and uses EXTRAARG for large block numbers") {
    CodegenVM T;
    std::string src = "local t = {";
    for (int i = 0; i < 120; i++)
        src += "1,";
    src += "x = 1}";
    auto c = code(compileOk(*T.vm, src));
    CHECK(has(c, "NEWTABLE 0 120 1"));
    CHECK(has(c, "SETLIST 0 50 0"));
    CHECK(has(c, "SETLIST 0 50 1"));
    CHECK(has(c, "SETLIST 0 20 2"));
    src = "local t = {";
    for (int i = 0; i < 255 * 50 + 3; i++)
        src += "0,";
    src += "}";
    c = code(compileOk(*T.vm, src));
    CHECK(has(c, "NEWTABLE 0 255 0"));
    CHECK(has(c, "SETLIST 0 50 254"));
    CHECK(has(c, "SETLIST 0 3 255"));
    CHECK(has(c, "EXTRAARG 255"));
}

TEST_CASE("multiple assignment evaluates everything before storing") {
    CodegenVM T;
    // t[i] must use the old i although i is assigned in the same statement.
    auto c = code(compileOk(*T.vm, "local i = 1; local t = {}; t[i], i = 20, i + 1"));
    INFO(joined(c));
    CHECK(has(c, "MOVE 2 0")); // old i saved
    CHECK(has(c, "SETTABLE 1 2 3"));
    c = code(compileOk(*T.vm, "local a, b; a, b = b, a"));
    INFO(joined(c));
    CHECK(has(c, "MOVE 2 1"));
    CHECK(has(c, "MOVE 1 0"));
    CHECK(has(c, "MOVE 0 2"));
}

TEST_CASE("function statements, methods and closures") {
    CodegenVM T;
    Proto* p = compileOk(*T.vm, "local t = {}\nfunction t.a.b.c:m(x)\n  return self, x\nend");
    auto c = code(p);
    CHECK(has(c, "GETFIELD 1 1 2 ; \"c\""));
    CHECK(has(c, "CLOSURE 2 0"));
    CHECK(has(c, "SETFIELD 1 3 2 ; \"m\""));
    REQUIRE(p->numProtos == 1);
    const Proto* m = p->protos[0];
    CHECK(m->numParams == 2);
    CHECK(view(m->locals[0].name) == "self");
    CHECK(m->lineDefined == 2);
    CHECK(m->lastLineDefined == 4);
    CHECK(p->lineInfo[4] == 2); // the store is attributed to the `function` line

    p = compileOk(*T.vm, "local a; local function f() local b; return function() return a, b "
                         "end end");
    const Proto* f = p->protos[0];
    const Proto* inner = f->protos[0];
    REQUIRE(inner->numUpvalues == 2);
    CHECK(view(inner->upvalues[0].name) == "a");
    CHECK_FALSE(inner->upvalues[0].inParentStack); // a is an upvalue of f
    CHECK(inner->upvalues[0].index == 0);
    CHECK(inner->upvalues[1].inParentStack); // b is f's register 0
    CHECK(inner->upvalues[1].index == 0);
    CHECK(f->upvalues[0].inParentStack);
    CHECK(f->upvalues[0].index == 0);
}

TEST_CASE("line information follows lua5.4") {
    CodegenVM T;
    Proto* p =
        compileOk(*T.vm, "local a, b\nlocal x = a\n + b\nprint(\n1,\n2\n)\nlocal y = a\n<\nb");
    auto lineOf = [&](const std::string& instr) {
        auto c = code(p);
        for (size_t i = 0; i < c.size(); i++)
            if (c[i] == instr) return p->lineInfo[i];
        return -1;
    };
    CHECK(lineOf("ADD 2 0 1") == 3);
    CHECK(lineOf("CALL 3 3 1") == 4);
    CHECK(lineOf("LOADI 5 2") == 7); // the last argument completes at ')'
    CHECK(lineOf("LT 0 1 1") == 10);
}

TEST_CASE("local variable debug information") {
    CodegenVM T;
    Proto* p = compileOk(*T.vm, "local a = 1\ndo local b = 2 end\nlocal c = 3");
    REQUIRE(p->numLocals == 3);
    CHECK(view(p->locals[0].name) == "a");
    CHECK(view(p->locals[1].name) == "b");
    CHECK(view(p->locals[2].name) == "c");
    CHECK(p->locals[0].reg == 0);
    CHECK(p->locals[1].reg == 1);
    CHECK(p->locals[2].reg == 1);
    CHECK(p->locals[0].startPc == 2); // after VARARGPREP and LOADI
    CHECK(p->locals[1].endPc == p->locals[2].startPc - 1);
    CHECK(p->locals[2].endPc == p->codeSize);
}

TEST_CASE("limits and syntax errors have lua5.4's messages") {
    CodegenVM T;
    CHECK(compileError(*T.vm, "x = = 1") == "[string \"x = = 1\"]:1: unexpected symbol near '='");
    std::string args = "f(";
    for (int i = 0; i < 300; i++)
        args += "1,";
    args += "1)";
    std::string err = compileError(*T.vm, args);
    CHECK(err.find("function or expression needs too many registers") != std::string::npos);
    std::string locals;
    for (int i = 1; i <= 201; i++)
        locals += "local a" + std::to_string(i) + "\n";
    CHECK(compileError(*T.vm, locals) ==
          "[string \"local a1...\"]:202: too many local variables (limit is 200) in main "
          "function near <eof>");
    std::string ups;
    for (int i = 1; i <= 130; i++)
        ups += "local a" + std::to_string(i) + " = 1\n";
    ups += "local function f()\n";
    for (int i = 1; i <= 130; i++)
        ups += "local b" + std::to_string(i) + " = 1\n";
    ups += "return function() return ";
    for (int i = 1; i <= 130; i++)
        ups += "a" + std::to_string(i) + " + b" + std::to_string(i) + " + ";
    ups += "0 end end";
    err = compileError(*T.vm, ups);
    CHECK(err ==
          "[string \"local a1 = 1...\"]:262: too many upvalues (limit is 255) in function at "
          "line 262 near '+'");
}

TEST_CASE("long left-nested chains compile without deep recursion") {
    CodegenVM T;
    std::string sum = "return 0";
    for (int i = 0; i < 100000; i++)
        sum += "+1";
    auto c = code(compileOk(*T.vm, sum));
    CHECK(has(c, "LOADK 0 0 ; 100000"));
    std::string fields = "local t; return t";
    for (int i = 0; i < 50000; i++)
        fields += ".x";
    CHECK(count(code(compileOk(*T.vm, fields)), "GETFIELD") == 50000);
    std::string calls = "local f; f";
    for (int i = 0; i < 50000; i++)
        calls += "()";
    CHECK(count(code(compileOk(*T.vm, calls)), "CALL") == 50000);
}

TEST_CASE("main closures get _ENV") {
    CodegenVM T;
    std::string error;
    LuaClosure* cl = compileToClosure(*T.vm, "return x", "=test", error);
    REQUIRE(cl != nullptr);
    REQUIRE(cl->numUpvalues == 1);
    CHECK(cl->upvalues()[0]->location->gc == T.vm->globals);
    Value env = Value::integer(7);
    cl = compileToClosure(*T.vm, "return x", "=test", error, &env);
    REQUIRE(cl != nullptr);
    CHECK(cl->upvalues()[0]->location->i == 7);
}

TEST_CASE("loadChunk honours the mode") {
    CodegenVM T;
    std::string error;
    Proto* p = compileOk(*T.vm, "return 1");
    std::string binary = dumpProto(p, false);
    CHECK(loadChunk(*T.vm, binary, "=b", "t", error) == nullptr);
    CHECK(error == "attempt to load a binary chunk (mode is 't')");
    CHECK(loadChunk(*T.vm, "return 1", "=t", "b", error) == nullptr);
    CHECK(error == "attempt to load a text chunk (mode is 'b')");
    CHECK(loadChunk(*T.vm, binary, "=b", "bt", error) != nullptr);
    CHECK(loadChunk(*T.vm, "return 1", "=t", "bt", error) != nullptr);
}

namespace {
const char* kSampleProgram = R"(
local t = {1, 2, 3, x = "s\0\n", [1.5] = true, [false] = -0.0}
local function f(a, ...)
  local s <const> = "k"
  for i = 1, #t do a = a + t[i] end
  for k, v in pairs(t) do if k == s then break end end
  local g = function(...) return a, ... end
  repeat local z = a; a = a - 1 until z < 0
  return g, select('#', ...), 2^63, math.huge, -math.huge
end
local o = {}
function o:m(x) return self, x, f(x) end
goto done
::done::
return o:m(1)
)";
}

TEST_CASE("dump and undump round-trip, stripped or not") {
    CodegenVM T;
    Proto* p = compileOk(*T.vm, kSampleProgram);
    std::string error;
    std::string full = dumpProto(p, false);
    CHECK(full.compare(0, 4, kBinaryChunkSignature) == 0);
    Proto* q = undump(*T.vm, full, "=sample", error);
    INFO(error);
    REQUIRE(q != nullptr);
    CHECK(disassemble(q) == disassemble(p));
    CHECK(dumpProto(q, false) == full);

    std::string stripped = dumpProto(p, true);
    CHECK(stripped.size() < full.size());
    Proto* s = undump(*T.vm, stripped, "=sample", error);
    REQUIRE(s != nullptr);
    CHECK(disassembleCode(s->protos[0]).size() > 0);
    CHECK(s->lineInfo == nullptr);
    CHECK(s->numLocals == 0);
    CHECK(s->source == nullptr);
    CHECK(s->codeSize == p->codeSize);
    CHECK(std::equal(s->code, s->code + s->codeSize, p->code));
}

TEST_CASE("undump refuses truncated, foreign and corrupted chunks cleanly") {
    CodegenVM T;
    Proto* p = compileOk(*T.vm, kSampleProgram);
    std::string full = dumpProto(p, false);
    std::string error;
    for (size_t n = 0; n < full.size(); n++) {
        CHECK(undump(*T.vm, full.substr(0, n), "=x", error) == nullptr);
        if (n >= 4) CHECK(error == "x: bad binary format (truncated chunk)");
    }
    CHECK(undump(*T.vm, full + "x", "=x", error) == nullptr);
    CHECK(error == "x: bad binary format (corrupted chunk)");
    CHECK(undump(*T.vm, "\x1bLua\x54", "\x1bLua", error) == nullptr);
    CHECK(error == "binary string: bad binary format (not a binary chunk)");
    std::string wrongVersion = full;
    wrongVersion[4] = 99;
    CHECK(undump(*T.vm, wrongVersion, "@f.luac", error) == nullptr);
    CHECK(error == "f.luac: bad binary format (version mismatch)");

    // Random corruption: every result is either a clean error or a chunk that verifies.
    std::mt19937 rng(12345);
    int refused = 0;
    for (int round = 0; round < 3000; round++) {
        std::string bad = full;
        int flips = 1 + int(rng() % 4);
        for (int i = 0; i < flips; i++)
            bad[rng() % bad.size()] = char(rng() & 0xFF);
        Proto* r = undump(*T.vm, bad, "=x", error);
        if (r)
            verifyTree(r);
        else
            refused++;
    }
    CHECK(refused > 0);
}

TEST_CASE("the verifier rejects bytecode the interpreter could not run safely") {
    CodegenVM T;
    Proto* p = compileOk(*T.vm, "local a, b = 1, 2; if a < b then return a end return b");
    CHECK(verifyProto(p, nullptr) == "");
    Instruction saved = p->code[1];
    p->code[1] = encodeABC(Op::MOVE, 200, 0, 0); // register beyond maxStackSize
    CHECK(verifyProto(p, nullptr) != "");
    p->code[1] = encodeABx(Op::LOADK, 0, 99); // constant out of range
    CHECK(verifyProto(p, nullptr) != "");
    p->code[1] = encodeSJ(Op::JMP, 1000); // jump out of the function
    CHECK(verifyProto(p, nullptr) != "");
    p->code[1] = saved;
    Instruction last = p->code[p->codeSize - 1];
    p->code[p->codeSize - 1] = encodeABC(Op::MOVE, 0, 0, 0); // no final return
    CHECK(verifyProto(p, nullptr) != "");
    p->code[p->codeSize - 1] = last;
    CHECK(verifyProto(p, nullptr) == "");
}

TEST_CASE("breaks and forward gotos that leave captured locals land on a CLOSE, like lua5.4") {
    CodegenVM T;
    // The break jumps to a CLOSE after FORLOOP (on the line of `end`), not a CLOSE of its own.
    Proto* p = compileOk(*T.vm, "local f\nfor i = 1, 3 do\n  local a = i\n"
                                "  f = function() return a end\n  if i == 2 then break end\nend\n");
    auto c = code(p);
    REQUIRE(count(c, "FORLOOP") == 1);
    auto loop = std::find_if(c.begin(), c.end(),
                             [](const std::string& s) { return s.rfind("FORLOOP", 0) == 0; });
    REQUIRE(loop + 1 != c.end());
    CHECK((loop + 1)->rfind("CLOSE 1", 0) == 0);
    CHECK(p->lineInfo[(loop + 1) - c.begin()] == 6);
    // A forward goto: the label closes.
    p = compileOk(*T.vm, "do\n  do local x <close> = nil\n    goto out\n  end\n  ::out::\nend\n");
    c = code(p);
    int closes = count(c, "CLOSE");
    CHECK(closes >= 1);
    bool closeOnLabelLine = false;
    for (uint32_t pc = 0; pc < p->codeSize; pc++)
        if (getOp(p->code[pc]) == Op::CLOSE && p->lineInfo[pc] == 5) closeOnLabelLine = true;
    CHECK(closeOnLabelLine);
}

TEST_CASE("registersWritten describes each instruction's results") {
    RegisterEffect move = registersWritten(encodeABC(Op::MOVE, 3, 1, 0));
    CHECK(move.first == 3);
    CHECK(move.count == 1);
    CHECK(move.changes(3));
    CHECK_FALSE(move.changes(4));
    CHECK(registersWritten(encodeABC(Op::LOADNIL, 2, 3, 0)).count == 4);
    CHECK(registersWritten(encodeABC(Op::SELF, 5, 1, 0)).writes(6));
    CHECK(registersWritten(encodeABC(Op::SETFIELD, 1, 0, 2)).count == 0);
    CHECK(registersWritten(encodeABC(Op::TESTSET, 4, 2, 0)).writes(4));
    CHECK(registersWritten(encodeABC(Op::TEST, 4, 0, 0)).count == 0);
    // A call writes its results and clobbers everything from its base up.
    RegisterEffect call = registersWritten(encodeABC(Op::CALL, 2, 1, 3));
    CHECK(call.first == 2);
    CHECK(call.count == 2);
    CHECK(call.changes(10));
    CHECK_FALSE(call.changes(1));
    CHECK(registersWritten(encodeABC(Op::CALL, 2, 1, 0)).count == kUpToTop);
    RegisterEffect tforcall = registersWritten(encodeABC(Op::TFORCALL, 1, 0, 2));
    CHECK(tforcall.first == 5);
    CHECK(tforcall.count == 2);
    CHECK_FALSE(tforcall.changes(3));
    CHECK(registersWritten(encodeABx(Op::TFORLOOP, 1, 0)).writes(3));
    CHECK(registersWritten(encodeABx(Op::FORPREP, 1, 0)).count == 4);
    RegisterEffect vararg = registersWritten(encodeABC(Op::VARARG, 0, 0, 3));
    CHECK(vararg.count == 2);
    CHECK_FALSE(vararg.changes(2));
    CHECK(registersWritten(encodeABC(Op::VARARG, 0, 0, 0)).changes(200));
    CHECK(isTestOp(Op::EQK));
    CHECK(isTestOp(Op::TESTSET));
    CHECK_FALSE(isTestOp(Op::JMP));
}

TEST_CASE("the verifier checks the registers an instruction writes") {
    CodegenVM T;
    Proto* p = compileOk(*T.vm, "local a, b = 1, 2; if a < b then return a end return b");
    CHECK(verifyProto(p, nullptr) == "");
    Instruction saved = p->code[1]; // code[0] is VARARGPREP
    unsigned top = p->maxStackSize;
    p->code[1] = encodeABC(Op::LOADNIL, top - 1, 1, 0); // writes one register too many
    CHECK(verifyProto(p, nullptr) != "");
    p->code[1] = encodeABC(Op::LOADNIL, top - 2, 1, 0);
    CHECK(verifyProto(p, nullptr) == "");
    p->code[1] = encodeABC(Op::CALL, top - 1, 1, 3); // two results from the last register
    CHECK(verifyProto(p, nullptr) != "");
    p->code[1] = encodeABC(Op::CALL, top - 2, 1, 3);
    CHECK(verifyProto(p, nullptr) == "");
    p->code[1] = saved;
    CHECK(verifyProto(p, nullptr) == "");
}

TEST_CASE("the disassembler resolves operands") {
    CodegenVM T;
    Proto* p = compileOk(*T.vm, "print('hi\\n')");
    CHECK(formatInstruction(p, 1) == "  2 [1] GETTABUP   0 0 0 ; _ENV \"print\"");
    CHECK(formatInstruction(p, 2) == "  3 [1] LOADK      1 1 ; \"hi\\n\"");
    std::string listing = disassemble(p);
    CHECK(listing.find("main <test:0,0> (5 instructions)") != std::string::npos);
    CHECK(listing.find("upvalues (1):\n  0 _ENV 1 0") != std::string::npos);
}
