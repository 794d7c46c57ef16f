// Unit tests for the resolver (core/resolver.h): locals, upvalues, globals, registers,
// captured flags, compile-time constants, goto/break targets and scope errors. Expected
// messages and compile-time-constant decisions were produced by Debian's lua5.4 (5.4.4).
#include "core/ast.h"
#include "core/parser.h"
#include "core/resolver.h"

#include <doctest/doctest.h>

#include <string>

using namespace tricolor;
using namespace tricolor::ast;

namespace {

std::string errorOf(std::string_view src) {
    ParseResult r = parse(src, "=x");
    return r.ok() ? "OK" : r.error;
}

ParseResult parseOk(std::string_view src) {
    ParseResult r = parse(src, "=x");
    REQUIRE_MESSAGE(r.ok(), r.error);
    return r;
}

// Resolved dump of the main chunk.
std::string resolved(std::string_view src) {
    return dumpChunk(*parseOk(src).chunk, true);
}

std::optional<ConstValue> fold(std::string_view expression) {
    ParseResult r = parseOk("return " + std::string(expression));
    return foldConstant(r.chunk->main->body->stmts[0]->as<ReturnStmt>()->values[0]);
}

std::string repeatText(std::string_view s, int n) {
    std::string out;
    for (int k = 0; k < n; ++k)
        out += s;
    return out;
}

struct Case {
    std::string source;
    std::string expected;
};

} // namespace

TEST_CASE("resolver: locals, upvalues and globals") {
    CHECK(resolved("local a = 1; local function f() return a, b end") ==
          "(fn () (upvals _ENV:outside) (block!close (local a@0^ = 1) (localfunction f@1 (fn () "
          "(upvals a:local@0 _ENV:upval#0) (block (return a:upval#0 b:global))))))");
    // The middle function gets an upvalue too, so that the inner one can reach the local.
    CHECK(resolved("local x; function f() return function() return x end end") ==
          "(fn () (upvals _ENV:outside) (block!close (local x@0^) (function f:global (fn () "
          "(upvals x:local@0) (block (return (fn () (upvals x:upval#0) (block (return "
          "x:upval#0)))))))))");
    // Upvalues are numbered by first reference.
    CHECK(resolved("local a, b; function f() return b, g, a, b end") ==
          "(fn () (upvals _ENV:outside) (block!close (local a@0^ b@1^) (function f:global (fn () "
          "(upvals b:local@1 _ENV:upval#0 a:local@0) (block (return b:upval#0 g:global "
          "a:upval#2 b:upval#0))))))");
    // `local x = x` reads the outer x; a local _ENV changes where globals go.
    CHECK(resolved("local x = x; local _ENV = {}; y = x") ==
          "(fn () (upvals _ENV:outside) (block (local x@0 = x:global) (local _ENV@1 = (table)) "
          "(assign y:global[_ENV:local@1] = x:local@0)))");
    CHECK(resolved("local function f(a, ...) local a = a; return ... end") ==
          "(fn () (upvals _ENV:outside) (block (localfunction f@0 (fn (a@0 ...) (upvals) (block "
          "(local a@1 = a:local@0) (return ...))))))");
    CHECK(resolved("function t:m() return self end") ==
          "(fn () (upvals _ENV:outside) (block (method (index t:global \"m\") (fn (self@0) "
          "(upvals) (block (return self:local@0))))))");
}

TEST_CASE("resolver: registers, scopes and closing") {
    ParseResult r = parseOk("local a; do local b; local function g() return b end end; local c "
                            "for i = 1, 2 do local d end "
                            "for k, v in next, {} do end "
                            "do local e <close> = nil end");
    const FunctionExpr* main = r.chunk->main;
    const std::vector<Stmt*>& s = main->body->stmts;
    const Block* doBody = s[1]->as<DoStmt>()->body;
    CHECK(doBody->baseSlots == 1);
    CHECK(doBody->needsClose); // b is captured by g
    CHECK(doBody->locals[0]->name == "b");
    CHECK(doBody->locals[0]->captured);
    CHECK(doBody->locals[1]->slot == 2);
    CHECK(s[2]->as<LocalStmt>()->vars[0]->slot == 1); // c reuses b's register
    const NumericForStmt* nf = s[3]->as<NumericForStmt>();
    CHECK(nf->hidden.size() == 3);
    CHECK(nf->hidden[0]->slot == 2);
    CHECK(nf->hidden[0]->name == "(for state)");
    CHECK(nf->var->slot == 5);
    CHECK(nf->body->locals[0] == nf->var);
    CHECK(nf->body->locals[1]->slot == 6);
    CHECK_FALSE(nf->body->needsClose);
    const GenericForStmt* gf = s[4]->as<GenericForStmt>();
    CHECK(gf->hidden.size() == 4);
    CHECK(gf->hidden[3]->attrib == Attrib::Close);
    CHECK(gf->vars[0]->slot == 6);
    CHECK(gf->vars[1]->slot == 7);
    CHECK(s[5]->as<DoStmt>()->body->needsClose); // <close>
    CHECK(main->maxSlots == 8);
    CHECK(main->locals.size() == 16);
}

TEST_CASE("resolver: compile-time constants") {
    ParseResult r = parseOk("local a <const> = 1; local b <const> = {}; "
                            "local c <const>, d <const> = 1, 2; local e <const> = -0.0; "
                            "local g <const> = true and 5; local h <const> = 2^10; local i = 1 "
                            "local function f() return a, h, i end");
    const std::vector<LocalVar*>& locals = r.chunk->main->locals;
    auto find = [&](const char* name) -> const LocalVar* {
        for (const LocalVar* v : locals)
            if (v->name == name) return v;
        FAIL("no local " << name);
        return nullptr;
    };
    CHECK(find("a")->isCompileTimeConstant);
    CHECK(find("a")->slot == -1);
    CHECK(find("a")->constant.i == 1);
    CHECK_FALSE(find("b")->isCompileTimeConstant);
    CHECK(find("b")->slot == 0);
    CHECK_FALSE(find("c")->isCompileTimeConstant); // only the last name of the list
    CHECK(find("d")->isCompileTimeConstant);
    CHECK_FALSE(find("e")->isCompileTimeConstant); // -0.0 is not folded
    CHECK(find("g")->constant.type == ConstValue::Type::Integer);
    CHECK(find("g")->constant.i == 5);
    CHECK(find("h")->constant.type == ConstValue::Type::Float);
    CHECK(find("h")->constant.n == 1024.0);
    CHECK(find("i")->slot == 3); // b, c, e hold registers 0..2
    // Constants need no upvalue: f only captures i.
    const FunctionExpr* f = r.chunk->main->body->stmts.back()->as<LocalFunctionStmt>()->func;
    REQUIRE(f->upvalues.size() == 1);
    CHECK(f->upvalues[0].name == "i");
    CHECK(dumpBlock(f->body, true) == "(block (return a:const h:const i:upval#0))");
}

TEST_CASE("resolver: which <const> initialisers lua5.4 folds into compile-time constants") {
    struct Init {
        std::string text;
        bool isConstant;
    };
    const Init inits[] = {
        {"1", true},
        {"-1", true},
        {"1.5", true},
        {"-0.0", false},
        {"0.0", true},
        {"'s'", true},
        {"nil", true},
        {"true", true},
        {"false", true},
        {"{}", false},
        {"1 + 2", true},
        {"7 // 2", true},
        {"7.0 // 2", true},
        {"1 / 2", true},
        {"1 / 0", false},
        {"1 // 0", false},
        {"1 % 0", false},
        {"3 % -2", true},
        {"5.5 % 2", true},
        {"1 << 64", true},
        {"1 | 2.0", true},
        {"1 | 2.5", false},
        {"~0", true},
        {"~1.5", false},
        {"0.5 - 0.5", false},
        {"2^2", true},
        {"2^0.5", true},
        {"'a' .. 'b'", false},
        {"1 < 2", false},
        {"1 == 1", false},
        {"not nil", true},
        {"not 1", true},
        {"nil and 1", false},
        {"false or 2", true},
        {"1 and 2", true},
        {"1 or 2", false},
        {"#'abc'", false},
        {"-'2'", false},
        {"'2' + 1", false},
        {"(3)", true},
        {"-0", true},
        {"- -1", true},
        {"math.pi", false},
        {"...", false},
        {"(...)", false},
        {"f()", false},
        {"true and nil", true},
        {"nil or false", true},
        {"0x7fffffffffffffff + 1", true},
        {"-(-0x7fffffffffffffff - 1)", true},
        {"1e308 * 10", true},
        {"-(1e308 * 10)", true},
        {"(1e308 * 10) - (1e308 * 10)", false},
        {"2^1024", true},
        {"3 // 0.0", false},
        {"-7 // 2.0", true},
        {"k + 1", true},
        {"k .. 'x'", false},
        {"-k", true},
    };
    for (const Init& init : inits) {
        CAPTURE(init.text);
        ParseResult r = parseOk("local k <const> = 10\nlocal x <const> = " + init.text);
        CHECK(r.chunk->main->locals.back()->isCompileTimeConstant == init.isConstant);
    }
}

TEST_CASE("resolver: foldConstant values") {
    auto integer = [](std::string_view e) {
        std::optional<ConstValue> v = fold(e);
        REQUIRE(v);
        REQUIRE(v->type == ConstValue::Type::Integer);
        return v->i;
    };
    auto number = [](std::string_view e) {
        std::optional<ConstValue> v = fold(e);
        REQUIRE(v);
        REQUIRE(v->type == ConstValue::Type::Float);
        return v->n;
    };
    CHECK(integer("1 + 2 * 3") == 7);
    CHECK(integer("7 // 2") == 3);
    CHECK(integer("-7 // 2") == -4);
    CHECK(integer("3 % -2") == -1);
    CHECK(integer("1 << 63") == INT64_MIN);
    CHECK(integer("1 << 64") == 0);
    CHECK(integer("-1 >> 63") == 1);
    CHECK(integer("1 | 2.0") == 3);
    CHECK(integer("5 ~ 3") == 6);
    CHECK(integer("~0") == -1);
    CHECK(integer("0x7fffffffffffffff + 1") == INT64_MIN);
    CHECK(integer("-(-0x7fffffffffffffff - 1)") == INT64_MIN);
    CHECK(integer("(3)") == 3);
    CHECK(number("7.0 // 2") == 3.0);
    CHECK(number("1 / 2") == 0.5);
    CHECK(number("5.5 % 2") == 1.5);
    CHECK(number("-5.5 % 2") == 0.5);
    CHECK(number("2^10") == 1024.0);
    CHECK(number("-7 // 2.0") == -4.0);
    CHECK_FALSE(fold("1 / 0"));
    CHECK_FALSE(fold("1 % 0.0"));
    CHECK_FALSE(fold("0.5 - 0.5"));
    CHECK_FALSE(fold("1 | 2.5"));
    CHECK_FALSE(fold("'a' .. 'b'"));
    CHECK_FALSE(fold("'1' + 1"));
    CHECK_FALSE(fold("1 < 2"));
    CHECK_FALSE(fold("#'abc'"));
    CHECK_FALSE(fold("x"));
    CHECK(fold("not nil")->b);
    CHECK_FALSE(fold("not 'x'")->b);
    CHECK(fold("'s'")->s == "s");
    CHECK(fold("nil")->type == ConstValue::Type::Nil);
    CHECK(integer("false or 2") == 2);
    CHECK_FALSE(fold("1 or 2"));
    CHECK_FALSE(fold("nil and 1"));
    // Long left-associative chains fold without deep recursion.
    ParseResult r = parseOk("local x <const> = 1" + repeatText(" + 1", 100000));
    CHECK(r.chunk->main->locals[0]->constant.i == 100001);
}

TEST_CASE("resolver: goto and break targets") {
    ParseResult r = parseOk("local a ::top:: local b; local f = function() return b end; "
                            "if a then goto top end "
                            "do goto done; local c end ::done:: "
                            "while a do local d; if d then break end; local e; "
                            "(function() return e end)() end "
                            "while a do break end "
                            "for k in next, {} do break end "
                            "do local x <close> = nil; goto out end ::out::");
    const std::vector<Stmt*>& s = r.chunk->main->body->stmts;
    const LabelStmt* top = s[1]->as<LabelStmt>();
    CHECK(top->activeSlots == 1);
    const GotoStmt* back = s[4]->as<IfStmt>()->clauses[0].body->stmts[0]->as<GotoStmt>();
    CHECK(back->target == top);
    CHECK(back->activeSlots == 3);
    CHECK(back->targetSlots == 1);
    CHECK(back->needsClose); // leaves b, which f captures
    const GotoStmt* forward = s[5]->as<DoStmt>()->body->stmts[0]->as<GotoStmt>();
    CHECK(forward->target == s[6]);
    CHECK_FALSE(forward->needsClose);
    const WhileStmt* loop = s[7]->as<WhileStmt>();
    const BreakStmt* brk =
        loop->body->stmts[1]->as<IfStmt>()->clauses[0].body->stmts[0]->as<BreakStmt>();
    CHECK(brk->loop == loop);
    CHECK(brk->targetSlots == 3);
    CHECK_FALSE(brk->needsClose); // e (captured) is not yet in scope at the break
    CHECK(loop->body->needsClose);
    CHECK_FALSE(s[8]->as<WhileStmt>()->body->stmts[0]->as<BreakStmt>()->needsClose);
    CHECK(s[9]->as<GenericForStmt>()->body->stmts[0]->as<BreakStmt>()->needsClose);
    const GotoStmt* out = s[10]->as<DoStmt>()->body->stmts[1]->as<GotoStmt>();
    CHECK(out->needsClose); // leaves a <close> variable
    // A label at the end of a block is outside the scope of the block's locals.
    ParseResult end = parseOk("do local x; goto e; local y; ::e:: end");
    const Block* body = end.chunk->main->body->stmts[0]->as<DoStmt>()->body;
    CHECK(body->stmts[3]->as<LabelStmt>()->activeSlots == 0);
    CHECK(body->stmts[1]->as<GotoStmt>()->targetSlots == 0);
}

TEST_CASE("resolver: limits") {
    std::string locals;
    for (int k = 1; k <= 200; ++k)
        locals += "local a" + std::to_string(k) + "\n";
    CHECK(errorOf(locals) == "OK");
    CHECK(errorOf(locals + "local z") ==
          "x:201: too many local variables (limit is 200) in main function near <eof>");
    CHECK(errorOf("local a1" + repeatText(", a", 200) + " = 1") ==
          "x:1: too many local variables (limit is 200) in main function near '='");
    CHECK(errorOf("x = 1\nfunction f()\n" + locals + "local z end") ==
          "x:203: too many local variables (limit is 200) in function at line 2 near 'end'");
    CHECK(errorOf("function f(a1" + repeatText(", a", 200) + ") end") ==
          "x:1: too many local variables (limit is 200) in function at line 1 near ')'");
    // 255 upvalues are fine, the 256th is not.
    auto upvalues = [](int n) {
        std::string src;
        for (int k = 1; k <= 150; ++k)
            src += "local u" + std::to_string(k) + " = 1\n";
        src += "local function g()\n";
        for (int k = 151; k <= 300; ++k)
            src += "local u" + std::to_string(k) + " = 1\n";
        src += "local function h()\nreturn u1";
        for (int k = 2; k <= n; ++k)
            src += ", u" + std::to_string(k);
        return src + "\nend end";
    };
    CHECK(errorOf(upvalues(255)) == "OK");
    CHECK(errorOf(upvalues(256)) ==
          "x:304: too many upvalues (limit is 255) in function at line 302 near 'end'");
}

TEST_CASE("resolver: scope errors match lua5.4") {
    const Case cases[] = {
        {"local x <const> = 1; x = 2", "x:1: attempt to assign to const variable 'x'"},
        {"local x <const> = 1\nx\n,\ny\n=\n2, 3", "x:3: attempt to assign to const variable 'x'"},
        {"local x <const> = 1\nfunction x() \nend\ny = 1",
         "x:4: attempt to assign to const variable 'x'"},
        {"goto foo", "x:1: no visible label 'foo' for <goto> at line 1"},
        {"do goto foo end\nlocal a\nx = 1", "x:3: no visible label 'foo' for <goto> at line 1"},
        {"goto a\nlocal x\n::a::\nprint(x)",
         "x:4: <goto a> at line 1 jumps into the scope of local 'x'"},
        {"goto a\nlocal x\n::a::\n;;\n::b::", "OK"},
        {"::a::\n::a::", "x:2: label 'a' already defined on line 2"},
        {"::a:: ;\n::b::\n::a::\n\nx = 1", "x:5: label 'a' already defined on line 3"},
        {"break", "x:1: break outside loop at line 1"},
        {"function f()\n  break\nend\nx=1", "x:4: break outside loop at line 2"},
        {"repeat local x; goto l; local y ::l:: until x",
         "x:1: <goto l> at line 1 jumps into the scope of local 'y'"},
        {"for i=1,2 do local x = 1; goto cont; local y = 2; ::cont:: end", "OK"},
        {"goto\nfoo", "x:2: no visible label 'foo' for <goto> at line 2"},
        {"local x <const> = 1\nlocal function f()\n  x = 2\nend",
         "x:3: attempt to assign to const variable 'x'"},
        {"local x <close> = nil\nx = 1", "x:2: attempt to assign to const variable 'x'"},
        {"local x = 1 function f() local y <const> = 2; return function() y = x end end",
         "x:1: attempt to assign to const variable 'y'"},
        {"::a:: do ::a:: end", "x:1: label 'a' already defined on line 1"},
        {"do ::a:: end ::a::", "OK"},
        {"goto a; do ::a:: end", "x:1: no visible label 'a' for <goto> at line 1"},
        {"local x; ::a:: local y; goto a", "OK"},
        {"x = 1 goto a; local x; ::a::", "OK"},
        {"repeat goto b; local x; ::b:: until true",
         "x:1: <goto b> at line 1 jumps into the scope of local 'x'"},
        {"do goto b; local x <const> = 1; ::b:: print(x) end",
         "x:1: <goto b> at line 1 jumps into the scope of local 'x'"},
        {"goto a; goto b; ::a::", "x:1: no visible label 'b' for <goto> at line 1"},
        {"while true do break; ::a:: end goto a", "x:1: no visible label 'a' for <goto> at line 1"},
        {"local a <const> = 5; local b <const> = a + 1; a = 1",
         "x:1: attempt to assign to const variable 'a'"},
        {"local x <const> = {}; function f() return function() x = 2 end end",
         "x:1: attempt to assign to const variable 'x'"},
        {"local x <const> = {}; x.y = 1", "OK"},
        {"local x <close> = nil; function x() end", "x:1: attempt to assign to const variable 'x'"},
        {"local x <const> = 1; function x.y() end", "OK"},
        {"local a <const>, b = 1, 2; a, b = 3, 4", "x:1: attempt to assign to const variable 'a'"},
        {"local a, b <const> = 1, 2; a, b = 3, 4", "x:1: attempt to assign to const variable 'b'"},
        {"local _ENV <const> = {}; x = 1", "OK"},
        {"goto continue; local x = 1; ::continue::", "OK"},
        {"do goto l end ::l::", "OK"},
        {"while true do goto continue; local x = 1; ::continue:: end", "OK"},
        {"local x = 1; goto l; ::l:: ::m::; local y", "OK"},
        {"function f() goto l end ::l::", "x:1: no visible label 'l' for <goto> at line 1"},
        {"::l:: function f() goto l end", "x:1: no visible label 'l' for <goto> at line 1"},
        {"repeat local x; goto l; ::l:: until x", "OK"},
        {"for i = 1, 2 do ::l:: end ::l::", "OK"},
        {"::l:: ::l::", "x:1: label 'l' already defined on line 1"},
        {"do ::l:: end do ::l:: end", "OK"},
        {"goto a; goto b; ::b:: local x ::a:: print(x)",
         "x:1: <goto a> at line 1 jumps into the scope of local 'x'"},
        {"do break end", "x:1: break outside loop at line 1"},
        {"while 1 do end break", "x:1: break outside loop at line 1"},
        {"for i = 1, 2 do local function f() break end end", "x:1: break outside loop at line 1"},
        {"goto foo; break", "x:1: no visible label 'foo' for <goto> at line 1"},
        {"break; goto foo", "x:1: break outside loop at line 1"},
        {"local function f(a, a) end", "OK"},
        {"local x <const> = 1; local function g() local function h() x = 1 end end",
         "x:1: attempt to assign to const variable 'x'"},
        {"for i = 1, 2 do i = 3 end", "OK"},
        {"for k, v in pairs(t) do k = 1 end", "OK"},
        {"local f <close> = nil; local function g() f = 1 end",
         "x:1: attempt to assign to const variable 'f'"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.source);
        CHECK(errorOf(c.source) == c.expected);
    }
}
