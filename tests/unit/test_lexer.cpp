// Unit tests for the lexer (core/lexer.h): tokens, numerals, escapes, long brackets, line
// counting, chunk names, and lexical error messages. Expected messages were produced by
// Debian's lua5.4 (5.4.4): `select(2, load(src, "=x"))`.
#include "core/lexer.h"
#include "core/parser.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace tricolor;

namespace {

struct Lexed {
    std::vector<Token> tokens;
    std::string error;
};

Lexed lexAll(std::string_view src, bool skipShebang = false) {
    Lexed out;
    try {
        Lexer lex(src, "=x", skipShebang);
        do {
            lex.next();
            out.tokens.push_back(lex.current());
        } while (lex.current().type != Tok::Eof);
    } catch (const FrontEndError& e) {
        out.error = e.message;
    }
    return out;
}

std::vector<Tok> typesOf(std::string_view src) {
    std::vector<Tok> types;
    for (const Token& t : lexAll(src).tokens)
        types.push_back(t.type);
    return types;
}

// The value of the single string literal in src.
std::string stringValue(std::string_view src) {
    Lexed l = lexAll(src);
    REQUIRE(l.error == "");
    REQUIRE(l.tokens.size() == 2);
    REQUIRE(l.tokens[0].type == Tok::String);
    return l.tokens[0].text;
}

std::string errorOf(std::string_view src) {
    ParseResult r = parse(src, "=x");
    return r.ok() ? "OK" : r.error;
}

struct Case {
    std::string source;
    std::string expected;
};

} // namespace

TEST_CASE("lexer: reserved words, names and symbols") {
    using T = Tok;
    CHECK(typesOf("and break do else elseif end false for function goto if in local nil not or "
                  "repeat return then true until while") ==
          std::vector<Tok>{T::And,   T::Break, T::Do,       T::Else,  T::Elseif, T::End,
                           T::False, T::For,   T::Function, T::Goto,  T::If,     T::In,
                           T::Local, T::Nil,   T::Not,      T::Or,    T::Repeat, T::Return,
                           T::Then,  T::True,  T::Until,    T::While, T::Eof});
    CHECK(typesOf("// .. ... == >= <= ~= << >> ::") ==
          std::vector<Tok>{T::IDiv, T::Concat, T::Dots, T::Eq, T::Ge, T::Le, T::Ne, T::Shl, T::Shr,
                           T::DbColon, T::Eof});
    Lexed l = lexAll("+-*/%^#&~|< > =(){}[];:,. _x1 And goto_ X");
    std::string singles;
    std::vector<std::string> names;
    for (const Token& t : l.tokens) {
        if (t.type == Tok::Char) singles += t.ch;
        if (t.type == Tok::Name) names.push_back(t.text);
    }
    CHECK(singles == "+-*/%^#&~|<>=(){}[];:,.");
    CHECK(names == std::vector<std::string>{"_x1", "And", "goto_", "X"});
}

TEST_CASE("lexer: numerals") {
    auto integer = [](std::string_view src) {
        Lexed l = lexAll(src);
        REQUIRE(l.error == "");
        REQUIRE(l.tokens[0].type == Tok::Int);
        return l.tokens[0].i;
    };
    auto number = [](std::string_view src) {
        Lexed l = lexAll(src);
        REQUIRE(l.error == "");
        REQUIRE(l.tokens[0].type == Tok::Flt);
        return l.tokens[0].n;
    };
    CHECK(integer("0") == 0);
    CHECK(integer("123") == 123);
    CHECK(integer("0x10") == 16);
    CHECK(integer("0XfF") == 255);
    CHECK(integer("9223372036854775807") == INT64_MAX);
    CHECK(integer("0xffffffffffffffff") == -1);                    // hex integers wrap
    CHECK(integer("0x10000000000000001") == 1);                    // ... modulo 2^64
    CHECK(number("9223372036854775808") == 9223372036854775808.0); // decimal overflow: float
    CHECK(number("3.0") == 3.0);
    CHECK(number(".5") == 0.5);
    CHECK(number("5.") == 5.0);
    CHECK(number("1e10") == 1e10);
    CHECK(number("1E-2") == 0.01);
    CHECK(number(".3e+2") == 30.0);
    CHECK(number("0x.8") == 0.5);
    CHECK(number("0xA.8P1") == 21.0);
    CHECK(number("0x1p-2") == 0.25);
    // A numeral stops before a second '.'-less operator and keeps its source text.
    Lexed l = lexAll("3..x 0x1e+5");
    REQUIRE(l.error == "x:1: malformed number near '3..x'");
    l = lexAll("0x1e+5 1e+5");
    REQUIRE(l.error == "");
    CHECK(l.tokens[0].i == 0x1e); // 'e' is a hex digit, not an exponent mark
    CHECK(l.tokens[1].type == Tok::Char);
    CHECK(l.tokens[2].i == 5);
    CHECK(l.tokens[3].n == 1e5);
    CHECK(l.tokens[3].raw == "1e+5");
}

TEST_CASE("lexer: escape sequences") {
    CHECK(stringValue(R"("\a\b\f\n\r\t\v\\\"\'")") == "\a\b\f\n\r\t\v\\\"'");
    CHECK(stringValue(R"('\65\066\0677\0\00a')") == std::string("AB\x43"
                                                                "7\0\0a",
                                                                7));
    CHECK(stringValue(R"("\x41\x6a\xFF")") == "Aj\xFF");
    CHECK(stringValue(R"("\u{41}\u{7FF}\u{800}\u{FFFF}\u{10FFFF}")") ==
          "A\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF4\x8F\xBF\xBF");
    CHECK(stringValue(R"("\u{200000}\u{7FFFFFFF}\u{0000000041}")") ==
          "\xF8\x88\x80\x80\x80\xFD\xBF\xBF\xBF\xBF\xBF"
          "A");
    CHECK(stringValue("'a\\z  \n\t\r\n  b\\z'") == "ab");
    CHECK(stringValue("'a\\\nb\\\r\nc\\\n\rd\\\re'") == "a\nb\nc\nd\ne");
}

TEST_CASE("lexer: long strings and comments") {
    CHECK(stringValue("[[abc]]") == "abc");
    CHECK(stringValue("[[\nabc]]") == "abc"); // first newline skipped
    CHECK(stringValue("[[\r\nabc\r\n]]") == "abc\n");
    CHECK(stringValue("[==[a]]b]=]c]==]") == "a]]b]=]c");
    CHECK(stringValue("[=[\n\n]=]") == "\n");
    CHECK(stringValue("[[a\rb\n\rc]]") == "a\nb\nc");
    CHECK(typesOf("--[[ comment ]] x --[==[ \n ]] ]==] y -- line\n z --[ not long\n w --[=x\n") ==
          std::vector<Tok>{Tok::Name, Tok::Name, Tok::Name, Tok::Name, Tok::Eof});
}

TEST_CASE("lexer: line numbers") {
    Lexed l = lexAll("a\nb\r\nc\n\rd\r\re\n\n[[\n\n]] f --[[\n]] g 'x\\\ny' h");
    REQUIRE(l.error == "");
    std::vector<int> lines;
    for (const Token& t : l.tokens)
        lines.push_back(t.line);
    // A token's line is where it ends (multi-line strings report their last line).
    CHECK(lines == std::vector<int>{1, 2, 3, 4, 6, 10, 10, 11, 12, 12, 12});
}

TEST_CASE("lexer: shebang and byte-order mark are skipped only on request") {
    CHECK(errorOf("#!/usr/bin/lua\nx = 1") == "x:1: unexpected symbol near '#'");
    CHECK(parse("#!/usr/bin/lua\nx = = 1", "=x", {true}).error ==
          "x:2: unexpected symbol near '='");
    CHECK(parse("\xEF\xBB\xBF# comment\n\nx = = 1", "=x", {true}).error ==
          "x:3: unexpected symbol near '='");
    CHECK(parse("\xEF\xBB\xBFx = 1", "=x", {true}).ok());
    CHECK(errorOf("\xEF\xBB\xBFx = 1") == "x:1: unexpected symbol near '<\\239>'");
}

TEST_CASE("lexer: a NUL byte token is named in no message (lua5.4's token 0)") {
    CHECK(errorOf(std::string("x = 1 \0", 7)) == "x:1: unexpected symbol");
    CHECK(errorOf(std::string("x\0", 2)) == "x:1: syntax error");
    CHECK(errorOf(std::string("x = '\0' 1", 10)) == "x:1: unexpected symbol near '1'");
}

TEST_CASE("lexer: token names in messages") {
    CHECK(Lexer::tokenName(Tok::End) == "'end'");
    CHECK(Lexer::tokenName(Tok::Le) == "'<='");
    CHECK(Lexer::tokenName(Tok::Eof) == "<eof>");
    CHECK(Lexer::tokenName(Tok::Name) == "<name>");
    CHECK(Lexer::tokenName(Tok::Char, '+') == "'+'");
    CHECK(Lexer::tokenName(Tok::Char, '\1') == "'<\\1>'");
    CHECK(Lexer::tokenName(Tok::Char, '\x7f') == "'<\\127>'");
}

TEST_CASE("lexer: chunkId as lua5.4 formats chunk names") {
    const Case cases[] = {
        {"=stdin", "stdin"},
        {"=", ""},
        {"@", ""},
        {"@file.lua", "file.lua"},
        {"", "[string \"\"]"},
        {"x = = 1", "[string \"x = = 1\"]"},
        {"x = = 1\nfoo", "[string \"x = = 1...\"]"},
        {"\nx = = 1", "[string \"...\"]"},
        {"x = = 1\015foo", "[string \"x = = 1\015foo\"]"},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = = 1",
         "[string \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = = 1\"]"},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = = 1",
         "[string \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = = 1...\"]"},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = = 1",
         "[string \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = = ...\"]"},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
         "aaaaa = = 1",
         "[string \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\"]"},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = = 1\n",
         "[string \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = = 1...\"]"},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = = 1\n",
         "[string \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = = 1...\"]"},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n = = 1\n",
         "[string \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\"]"},
        {"=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
         "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},
        {"=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
         "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},
        {"=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
         "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},
        {"=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
         "bbbbbbbbbbbb",
         "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},
        {"@cccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
         "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"},
        {"@ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
         "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"},
        {"@cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
         "...cccccccccccccccccccccccccccccccccccccccccccccccccccccccc"},
        {"@cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
         "cccccccccccc",
         "...cccccccccccccccccccccccccccccccccccccccccccccccccccccccc"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.source);
        CHECK(chunkId(c.source) == c.expected);
    }
}

TEST_CASE("lexer: lexical errors match lua5.4") {
    const Case cases[] = {
        {"x = \"abc\\q\"", "x:1: invalid escape sequence near '\"abc\\q'"},
        {"x = \"\\300\"", "x:1: decimal escape too large near '\"\\300\"'"},
        {"x = \"\\255\\256\"", "x:1: decimal escape too large near '\"\377\\256\"'"},
        {"x = \"\\u{80000000}\"", "x:1: UTF-8 value too large near '\"\\u{80000000'"},
        {"x = \"\\u7F\"", "x:1: missing '{' near '\"\\u7'"},
        {"x = \"\\u{7F\"", "x:1: missing '}' near '\"\\u{7F\"'"},
        {"x = \"\\u{}\"", "x:1: hexadecimal digit expected near '\"\\u{}'"},
        {"x = '\\xZZ'", "x:1: hexadecimal digit expected near ''\\xZ'"},
        {"x = '\\x5'", "x:1: hexadecimal digit expected near ''\\x5''"},
        {"x = '\\x'", "x:1: hexadecimal digit expected near ''\\x''"},
        {"x = '\\u'", "x:1: missing '{' near ''\\u''"},
        {"x = '\\u{1x}'", "x:1: missing '}' near ''\\u{1x'"},
        {"x = \"abc", "x:1: unfinished string near <eof>"},
        {"x = \"abc\ny = 1\"", "x:1: unfinished string near '\"abc'"},
        {"x = \"abc\\", "x:1: unfinished string near <eof>"},
        {"x = \"abc\\z", "x:1: unfinished string near <eof>"},
        {"x = [[abc", "x:1: unfinished long string (starting at line 1) near <eof>"},
        {"x = [==[abc]=]", "x:1: unfinished long string (starting at line 1) near <eof>"},
        {"--[==[ abc", "x:1: unfinished long comment (starting at line 1) near <eof>"},
        {"--[[\n\n", "x:3: unfinished long comment (starting at line 1) near <eof>"},
        {"x = [=", "x:1: invalid long string delimiter near '[='"},
        {"x = [==x", "x:1: invalid long string delimiter near '[=='"},
        {"x = [===", "x:1: invalid long string delimiter near '[==='"},
        {"x = 3x", "x:1: malformed number near '3x'"},
        {"x = 0x", "x:1: malformed number near '0x'"},
        {"x = 1e", "x:1: malformed number near '1e'"},
        {"x = 1e+", "x:1: malformed number near '1e+'"},
        {"x = 1..2", "x:1: malformed number near '1..2'"},
        {"x = 3.4.5", "x:1: malformed number near '3.4.5'"},
        {"x = 0x1p", "x:1: malformed number near '0x1p'"},
        {"x = 0x.p1", "x:1: malformed number near '0x.p1'"},
        {"x = 12_", "x:1: malformed number near '12_'"},
        {"x = 0xg", "x:1: malformed number near '0xg'"},
        {"x = 3...4", "x:1: malformed number near '3...4'"},
        {"x = 1 @", "x:1: unexpected symbol near '@'"},
        {"x = 1 $", "x:1: unexpected symbol near '$'"},
        {"x = a\001", "x:1: unexpected symbol near '<\\1>'"},
        {"x = a\310", "x:1: unexpected symbol near '<\\200>'"},
        {"x = a\177", "x:1: unexpected symbol near '<\\127>'"},
        {"x = 1 \"a\\0b\"", "x:1: unexpected symbol near '\"a'"},
        {"x = 1 \"a\\tb\\65\"", "x:1: unexpected symbol near '\"a\011bA\"'"},
        {"x = 1 [==[\nabc]==]", "x:2: unexpected symbol near '[==[abc]==]'"},
        {"x = 1 0x10", "x:1: unexpected symbol near '0x10'"},
        {"x = 1 1e+5", "x:1: unexpected symbol near '1e+5'"},
        {"x = 1 12345678901234567890", "x:1: unexpected symbol near '12345678901234567890'"},
        {"x = 1 3.0", "x:1: unexpected symbol near '3.0'"},
        {"x = 1 ...", "x:1: unexpected symbol near '...'"},
        {"x = 1 end", "x:1: <eof> expected near 'end'"},
        {"x = 1 \"a\\\nb\"", "x:2: unexpected symbol near '\"a\nb\"'"},
        {"a = 1\n\n\nb = = 2", "x:4: unexpected symbol near '='"},
        {"a = 1\015\015b = = 2", "x:3: unexpected symbol near '='"},
        {"a = 1\015\n\015\nb = = 2", "x:3: unexpected symbol near '='"},
        {"a = 1\n\015b = = 2", "x:2: unexpected symbol near '='"},
        {"a = 1\n\015\n\015b = = 2", "x:3: unexpected symbol near '='"},
        {"x = 'abc\015def'", "x:1: unfinished string near ''abc'"},
        {"x = '\\u{7FFFFFFF}' y = = 1", "x:1: unexpected symbol near '='"},
        {"x = [[\n]] ]] = 1", "x:2: unexpected symbol near ']'"},
        {"--[==[ x ]==] = 1", "x:1: unexpected symbol near '='"},
        {"-- comment\n= 1", "x:2: unexpected symbol near '='"},
        {"x = .5 1", "x:1: unexpected symbol near '1'"},
        {"x = 5. 1", "x:1: unexpected symbol near '1'"},
        {"x = 0xA.8P0 1", "x:1: unexpected symbol near '1'"},
        {"x = .0x10", "x:1: malformed number near '.0x10'"},
        {"x = 3x10", "x:1: malformed number near '3x'"},
        {"x = 3.x", "x:1: malformed number near '3.x'"},
        {"x = 0x1x2", "x:1: malformed number near '0x1x'"},
        {"x = 1e5x", "x:1: malformed number near '1e5x'"},
        {"x = 1ee", "x:1: malformed number near '1ee'"},
        {"x = 0.x5", "x:1: malformed number near '0.x'"},
        {"x = 3x-1", "x:1: malformed number near '3x'"},
        {"x = .0 1", "x:1: unexpected symbol near '1'"},
        {std::string("x = \000", 5), "x:1: unexpected symbol"},
        {std::string("x = 1 \000", 7), "x:1: unexpected symbol"},
        {std::string("x \000", 3), "x:1: syntax error"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.source);
        CHECK(errorOf(c.source) == c.expected);
    }
}
