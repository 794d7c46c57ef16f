// Unit tests for the parser (core/parser.h): grammar coverage and operator precedence via
// the AST dumper, node lines, the nesting guard, and syntax error messages. Expected
// messages were produced by Debian's lua5.4 (5.4.4): `select(2, load(src, "=x"))`.
#include "core/ast.h"
#include "core/parser.h"

#include <doctest/doctest.h>

#include <string>

using namespace tricolor;
using namespace tricolor::ast;

namespace {

std::string errorOf(std::string_view src) {
    ParseResult r = parse(src, "=x");
    return r.ok() ? "OK" : r.error;
}

// Dump of the main chunk's statements.
std::string dumpStatements(std::string_view src) {
    ParseResult r = parse(src, "=x");
    REQUIRE_MESSAGE(r.ok(), r.error);
    return dumpBlock(r.chunk->main->body);
}

// Dump of the expression e, parsed as `return e`.
std::string dumpExpression(std::string_view e) {
    ParseResult r = parse("return " + std::string(e), "=x");
    REQUIRE_MESSAGE(r.ok(), r.error);
    const Stmt* s = r.chunk->main->body->stmts.at(0);
    return ast::dumpExpr(s->as<ReturnStmt>()->values.at(0));
}

std::string repeat(std::string_view s, int n) {
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

TEST_CASE("parser: operator precedence and associativity") {
    CHECK(dumpExpression("1 + 2 * 3") == "(+ 1 (* 2 3))");
    CHECK(dumpExpression("(1 + 2) * 3") == "(* (paren (+ 1 2)) 3)");
    CHECK(dumpExpression("1 - 2 - 3") == "(- (- 1 2) 3)");
    CHECK(dumpExpression("2 ^ 3 ^ 2") == "(^ 2 (^ 3 2))");
    CHECK(dumpExpression("a .. b .. c") == "(.. a (.. b c))");
    CHECK(dumpExpression("-2 ^ 2") == "(neg (^ 2 2))");
    CHECK(dumpExpression("2 ^ -3") == "(^ 2 (neg 3))");
    CHECK(dumpExpression("- - x") == "(neg (neg x))");
    CHECK(dumpExpression("not a == b") == "(== (not a) b)");
    CHECK(dumpExpression("a or b and c") == "(or a (and b c))");
    CHECK(dumpExpression("a and b or c and d") == "(or (and a b) (and c d))");
    CHECK(dumpExpression("1 + 2 .. 3 + 4") == "(.. (+ 1 2) (+ 3 4))");
    CHECK(dumpExpression("a < b == c") == "(== (< a b) c)");
    CHECK(dumpExpression("a .. b < c .. d") == "(< (.. a b) (.. c d))");
    CHECK(dumpExpression("1 | 2 ~ 3 & 4 << 5 .. 6") == "(| 1 (~ 2 (& 3 (<< 4 (.. 5 6)))))");
    CHECK(dumpExpression("1 << 2 >> 3") == "(>> (<< 1 2) 3)");
    CHECK(dumpExpression("a // b % c * d / e") == "(/ (* (% (// a b) c) d) e)");
    CHECK(dumpExpression("#t + ~x ~ y") == "(~ (+ (# t) (~ x)) y)");
    CHECK(dumpExpression("a ~= b and c >= d or e <= f and g > h") ==
          "(or (and (~= a b) (>= c d)) (and (<= e f) (> g h)))");
    CHECK(dumpExpression("not not nil") == "(not (not nil))");
    CHECK(dumpExpression("-x ^ -y ^ z") == "(neg (^ x (neg (^ y z))))");
}

TEST_CASE("parser: expressions") {
    CHECK(dumpExpression("nil, true") == "nil");
    CHECK(dumpExpression("{1, x = 2, [3] = 4; 5,}") == "(table 1 (named \"x\" 2) (keyed 3 4) 5)");
    CHECK(dumpExpression("{}") == "(table)");
    CHECK(dumpExpression("a.b.c") == "(index (index a \"b\") \"c\")");
    CHECK(dumpExpression("a[b][1]") == "(index (index a b) 1)");
    CHECK(dumpExpression("a:b(1, 2)") == "(method a b 1 2)");
    CHECK(dumpExpression("f'str' {1} [[long]] ()") ==
          "(call (call (call (call f \"str\") (table 1)) \"long\"))");
    CHECK(dumpExpression("f()()[1]:m()") == "(method (index (call (call f)) 1) m)");
    CHECK(dumpExpression("(f())") == "(paren (call f))");
    CHECK(dumpExpression("...") == "...");
    CHECK(dumpExpression("function(a, ...) return ... end") == "(fn (a ...) (block (return ...)))");
    CHECK(dumpExpression("function() end") == "(fn () (block))");
    CHECK(dumpExpression("0x10 + 1.5 + 1e300 * 1e10") == "(+ (+ 16 1.5) (* 1e+300 10000000000.0))");
    CHECK(dumpExpression("'a\\0b\\n\"'") == "\"a\\0b\\10\\\"\"");
}

TEST_CASE("parser: statements") {
    CHECK(dumpStatements("local a, b <const>, c <close> = 1, 2") ==
          "(block (local a b<const> c<close> = 1 2))");
    CHECK(dumpStatements("local x; x = 1; a.b, c[1] = 2, 3;;; f(); o:m()") ==
          "(block (local x) (assign x = 1) (assign (index a \"b\") (index c 1) = 2 3) (call f) "
          "(method o m))");
    CHECK(dumpStatements("if a then b() elseif c then d() else e() end if x then end") ==
          "(block (if a (block (call b)) elseif c (block (call d)) else (block (call e))) "
          "(if x (block)))");
    CHECK(dumpStatements("while x do break end repeat local y until y do end") ==
          "(block (while x (block (break))) (repeat (block (local y)) y) (do (block)))");
    CHECK(dumpStatements(
              "for i = 1, 10 do end for i = 1, 2, 3 do end for k, v in pairs(t), 1 do end") ==
          "(block (fornum i 1 10 (block)) (fornum i 1 2 3 (block)) (forin (k v) (call pairs t) 1 "
          "(block)))");
    CHECK(dumpStatements("function a.b.c:m(x) return self end function f(...) end") ==
          "(block (method (index (index (index a \"b\") \"c\") \"m\") (fn (self x) (block (return "
          "self)))) (function f (fn (...) (block))))");
    CHECK(dumpStatements("local function f(a) return f end") ==
          "(block (localfunction f (fn (a) (block (return f)))))");
    CHECK(dumpStatements("::top:: goto top") == "(block (label top) (goto top))");
    CHECK(dumpStatements("return") == "(block (return))");
    CHECK(dumpStatements("return 1, 2;") == "(block (return 1 2))");
    CHECK(dumpStatements("do return end") == "(block (do (block (return))))");
}

TEST_CASE("parser: lines") {
    ParseResult r = parse("local t = {}\n"                 // 1
                          "f\n(\n1)\n"                     // 2-4
                          "t\n.a\n:b()\n"                  // 5-7
                          "local function\ng\n(\n)\nend\n" // 8-12
                          "function\nh\n(\n)\nend\n"       // 13-17
                          "x = a\n+\nb\n"                  // 18-20
                          "for i = 1,\n2\ndo end\n"        // 21-23
                          "for k in\nnext\n,\nt do end\n", // 24-27
                          "=x");
    REQUIRE_MESSAGE(r.ok(), r.error);
    const std::vector<Stmt*>& s = r.chunk->main->body->stmts;
    const CallExpr* call = s[1]->as<CallStmt>()->call->as<CallExpr>();
    CHECK(call->line == 2); // the line of the start of the suffixed expression
    CHECK(call->argsLine == 3);
    CHECK(call->endLine == 4);
    const MethodCallExpr* method = s[2]->as<CallStmt>()->call->as<MethodCallExpr>();
    CHECK(method->line == 5);
    CHECK(method->methodLine == 7);
    CHECK(method->object->line == 6); // t.a: the line of the key
    const FunctionExpr* g = s[3]->as<LocalFunctionStmt>()->func;
    CHECK(g->line == 10); // linedefined: the '(' for local and anonymous functions
    CHECK(g->endLine == 12);
    const FunctionExpr* h = s[4]->as<FunctionStmt>()->func;
    CHECK(h->line == 13); // ... the `function` keyword for function statements
    CHECK(h->endLine == 17);
    CHECK(s[4]->line == 13);
    const Expr* sum = s[5]->as<AssignStmt>()->values[0];
    CHECK(sum->line == 19);
    CHECK(sum->endLine == 20);
    const NumericForStmt* nf = s[6]->as<NumericForStmt>();
    CHECK(nf->line == 21);
    CHECK(nf->doLine == 23);
    const GenericForStmt* gf = s[7]->as<GenericForStmt>();
    CHECK(gf->exprLine == 25);
    CHECK(gf->doLine == 27);
    CHECK(r.chunk->main->line == 0);
}

TEST_CASE("parser: nesting guard (lua5.4's C stack limit, as when load() runs in a main chunk)") {
    // Thresholds measured with lua5.4: the first n that fails.
    CHECK(errorOf("x = " + repeat("(", 195) + "1" + repeat(")", 195)) == "OK");
    CHECK(errorOf("x = " + repeat("(", 196) + "1" + repeat(")", 196)) == "C stack overflow");
    CHECK(errorOf("x = " + repeat("{", 196) + repeat("}", 196)) == "OK");
    CHECK(errorOf("x = " + repeat("{", 197) + repeat("}", 197)) == "C stack overflow");
    CHECK(errorOf(repeat("do ", 197) + repeat("end ", 197)) == "OK");
    CHECK(errorOf(repeat("do ", 198) + repeat("end ", 198)) == "C stack overflow");
    CHECK(errorOf(repeat("function f() ", 197) + repeat("end ", 197)) == "OK");
    CHECK(errorOf(repeat("function f() ", 198) + repeat("end ", 198)) == "C stack overflow");
    CHECK(errorOf("x = " + repeat("function() return ", 97) + "1" + repeat(" end", 97)) == "OK");
    CHECK(errorOf("x = " + repeat("function() return ", 98) + "1" + repeat(" end", 98)) ==
          "C stack overflow");
    CHECK(errorOf("a" + repeat(", a", 195) + " = 1") == "OK");
    CHECK(errorOf("a" + repeat(", a", 196) + " = 1") == "C stack overflow");
    CHECK(errorOf("x = " + repeat("- ", 195) + "1") == "OK");
    CHECK(errorOf("x = " + repeat("2 ^ ", 196) + "1") == "C stack overflow");
    // A label reads the labels following it before it is declared: one level each.
    std::string labels;
    for (int k = 1; k <= 198; ++k)
        labels += "::a" + std::to_string(k) + ":: ";
    CHECK(errorOf(labels) == "C stack overflow");
    CHECK(errorOf(labels.substr(0, labels.rfind("::a198"))) == "OK");
    // Huge inputs fail cleanly instead of overflowing the C++ stack.
    CHECK(errorOf(repeat("(", 100000)) == "C stack overflow");
    CHECK(errorOf("x = " + repeat("{", 100000)) == "C stack overflow");
    CHECK(errorOf("x = " + repeat("- ", 100000)) == "C stack overflow");
    CHECK(errorOf(repeat("function f() ", 100000)) == "C stack overflow");
    CHECK(errorOf(repeat("if x then ", 100000)) == "C stack overflow");
    // Left-associative chains have no depth limit in lua5.4.
    CHECK(errorOf("x = 1" + repeat(" + 1", 100000)) == "OK");
    CHECK(errorOf("x = a" + repeat(".b", 100000)) == "OK");
    CHECK(errorOf("x = f" + repeat("()", 100000)) == "OK");
}

TEST_CASE("parser: default chunk names in messages") {
    CHECK(parse("x = = 1", "x = = 1").error ==
          "[string \"x = = 1\"]:1: unexpected symbol near '='");
    CHECK(parse("x = 1\nx = = 1", "x = 1\nx = = 1").error ==
          "[string \"x = 1...\"]:2: unexpected symbol near '='");
    CHECK(parse("x = = 1", "@f.lua").error == "f.lua:1: unexpected symbol near '='");
}

TEST_CASE("parser: syntax errors match lua5.4") {
    const Case cases[] = {
        {"x = = 1", "x:1: unexpected symbol near '='"},
        {"function f()\n  x = 1\n",
         "x:3: 'end' expected (to close 'function' at line 1) near <eof>"},
        {"x = f(", "x:1: unexpected symbol near <eof>"},
        {"x = {1,2", "x:1: '}' expected near <eof>"},
        {"x = {1,2\n\n3", "x:3: '}' expected (to close '{' at line 1) near '3'"},
        {"local function (x) end", "x:1: <name> expected near '('"},
        {"x = function y() end", "x:1: '(' expected near 'y'"},
        {"a.b:c = 1", "x:1: function arguments expected near '='"},
        {"f() = 1", "x:1: syntax error near '='"},
        {"x = 1 +", "x:1: unexpected symbol near <eof>"},
        {"local 1 = 2", "x:1: <name> expected near '1'"},
        {"for x do end", "x:1: '=' or 'in' expected near 'do'"},
        {"for x, y = 1,2 do end", "x:1: 'in' expected near '='"},
        {"for 1 do end", "x:1: <name> expected near '1'"},
        {"if x then else elseif", "x:1: 'end' expected near 'elseif'"},
        {"x = #", "x:1: unexpected symbol near <eof>"},
        {"a.b", "x:1: syntax error near <eof>"},
        {"x = 1 y = 2 z", "x:1: syntax error near <eof>"},
        {"x = ~= 2", "x:1: unexpected symbol near '~='"},
        {"::1::", "x:1: <name> expected near '1'"},
        {"goto 1", "x:1: <name> expected near '1'"},
        {"x = a & & b", "x:1: unexpected symbol near '&'"},
        {"x = foo bar", "x:1: syntax error near <eof>"},
        {"x = 'it''s'", "x:1: unexpected symbol near ''s''"},
        {"return return", "x:1: unexpected symbol near 'return'"},
        {"local t = {x = }", "x:1: unexpected symbol near '}'"},
        {"f(1,,2)", "x:1: unexpected symbol near ','"},
        {"function f(a, b", "x:1: ')' expected near <eof>"},
        {"function f(a, 1)", "x:1: <name> or '...' expected near '1'"},
        {"function f(..., a) end", "x:1: ')' expected near ','"},
        {"t = {[1] 2}", "x:1: '=' expected near '2'"},
        {"if x then", "x:1: 'end' expected near <eof>"},
        {"while x do", "x:1: 'end' expected near <eof>"},
        {"while x", "x:1: 'do' expected near <eof>"},
        {"for i = 1", "x:1: ',' expected near <eof>"},
        {"repeat", "x:1: 'until' expected near <eof>"},
        {"repeat x = 1\nuntil", "x:2: unexpected symbol near <eof>"},
        {"do", "x:1: 'end' expected near <eof>"},
        {"local function f()", "x:1: 'end' expected near <eof>"},
        {"(f)", "x:1: syntax error near <eof>"},
        {"a, b", "x:1: '=' expected near <eof>"},
        {"a, b() = 1, 2", "x:1: syntax error near '='"},
        {"x, y = ", "x:1: unexpected symbol near <eof>"},
        {"local x = 1, ", "x:1: unexpected symbol near <eof>"},
        {"x = {}\nx.y.z = 1\nx.", "x:3: <name> expected near <eof>"},
        {"x = not", "x:1: unexpected symbol near <eof>"},
        {"return 1,", "x:1: unexpected symbol near <eof>"},
        {"return 1;;", "x:1: <eof> expected near ';'"},
        {"return 1 x = 2", "x:1: <eof> expected near 'x'"},
        {"x = 1 + 2 )", "x:1: unexpected symbol near ')'"},
        {" x = ]]", "x:1: unexpected symbol near ']'"},
        {"f\n(\n1", "x:3: ')' expected (to close '(' at line 1) near <eof>"},
        {"f(\n1", "x:2: ')' expected (to close '(' at line 1) near <eof>"},
        {"x = (\n1", "x:2: ')' expected (to close '(' at line 1) near <eof>"},
        {"local t = {\n1", "x:2: '}' expected (to close '{' at line 1) near <eof>"},
        {"local function f\n(\n)",
         "x:3: 'end' expected (to close 'function' at line 2) near <eof>"},
        {"local x <", "x:1: <name> expected near <eof>"},
        {"local x <const", "x:1: '>' expected near <eof>"},
        {"x = ...", "OK"},
        {"function f() return ... end",
         "x:1: cannot use '...' outside a vararg function near '...'"},
        {"function f(a, ...) local function g() return ... end end",
         "x:1: cannot use '...' outside a vararg function near '...'"},
        {"x:y = 1", "x:1: function arguments expected near '='"},
        {"(x) = 1", "x:1: syntax error near '='"},
        {"x() .y = 1", "OK"},
        {"a..b = 1", "x:1: syntax error near '..'"},
        {"for i, in x do end", "x:1: <name> expected near 'in'"},
        {"for i, 5 in x do end", "x:1: <name> expected near '5'"},
        {"::a", "x:1: '::' expected near <eof>"},
        {"::a:", "x:1: '::' expected near ':'"},
        {":: a ::", "OK"},
        {"x = {a = 1 b = 2}", "x:1: '}' expected near 'b'"},
        {"x = {,}", "x:1: unexpected symbol near ','"},
        {"x = function(a,)", "x:1: <name> or '...' expected near ')'"},
        {"x = function(...", "x:1: ')' expected near <eof>"},
        {"a:b.c()", "x:1: function arguments expected near '.'"},
        {"a:'x'", "x:1: <name> expected near ''x''"},
        {"x = (1,2)", "x:1: ')' expected near ','"},
        {"x = y[]", "x:1: unexpected symbol near ']'"},
        {"x = y.1", "x:1: unexpected symbol near '.1'"},
        {"x = y:z", "x:1: function arguments expected near <eof>"},
        {"\n\n  x = \n\n (\n\n 1 \n\n", "x:9: ')' expected (to close '(' at line 5) near <eof>"},
        {"if x then\n\n\nelse\n\n", "x:6: 'end' expected (to close 'if' at line 1) near <eof>"},
        {"function f()\n\n\nlocal function g()\n\n",
         "x:6: 'end' expected (to close 'function' at line 4) near <eof>"},
        {"function a:b.c() end", "x:1: '(' expected near '.'"},
        {"function a:b:c() end", "x:1: '(' expected near ':'"},
        {"elseif", "x:1: <eof> expected near 'elseif'"},
        {"else", "x:1: <eof> expected near 'else'"},
        {"end", "x:1: <eof> expected near 'end'"},
        {"until", "x:1: <eof> expected near 'until'"},
        {"then", "x:1: unexpected symbol near 'then'"},
        {"for i = 1, 2 do", "x:1: 'end' expected near <eof>"},
        {"for i in x", "x:1: 'do' expected near <eof>"},
        {"local function", "x:1: <name> expected near <eof>"},
        {"function", "x:1: <name> expected near <eof>"},
        {"x = 1 ::", "x:1: <name> expected near <eof>"},
        {"x = 1 //", "x:1: unexpected symbol near <eof>"},
        {"x = 1 <=", "x:1: unexpected symbol near <eof>"},
        {"f{}''[[]]:m''.x = 1", "OK"},
        {"local x <const> , y <close>, z <close>",
         "x:1: multiple to-be-closed variables in local list"},
        {"local x <foo> = 1", "x:1: unknown attribute 'foo'"},
        {"local x <close>, y <close> = 1, 2", "x:1: multiple to-be-closed variables in local list"},
        {"x = {1, 2; 3,}", "OK"},
        {"x = {;}", "x:1: unexpected symbol near ';'"},
        {"return;", "OK"},
        {"do return end return", "OK"},
        {"if a then elseif b then else end end", "x:1: <eof> expected near 'end'"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.source);
        CHECK(errorOf(c.source) == c.expected);
    }
}
