// Unit tests for core/pattern. Expected values were produced by Debian's lua5.4 (5.4.4);
// the helpers below play the part of the string library binding (1-based results).
#include "core/pattern.h"

#include <doctest/doctest.h>
#include <string>

using namespace tricolor;

namespace {

std::string captureText(PatternMatcher& m, std::string_view subject, int i, bool& ok) {
    Capture c;
    ok = m.getCapture(i, c);
    if (!ok) return {};
    return c.isPosition ? std::to_string(c.start + 1)
                        : std::string(subject.substr(c.start, c.length));
}

// string.match(subject, pattern, init): values joined by '|', "nil", or "error: message".
std::string match(std::string_view subject, std::string_view pattern, size_t init = 1,
                  PatternLimits limits = {}) {
    PatternMatcher m(subject, pattern, init - 1, PatternMatcher::Mode::HonourAnchor, limits);
    if (!m.next()) return m.failed() ? "error: " + m.error().message() : "nil";
    std::string out;
    for (int i = 0; i < m.resultCount(); ++i) {
        bool ok;
        std::string v = captureText(m, subject, i, ok);
        if (!ok) return "error: " + m.error().message();
        out += (i ? "|" : "") + v;
    }
    return out;
}

// string.find(subject, pattern, init, plain): "start end|captures...".
std::string find(std::string_view subject, std::string_view pattern, size_t init = 1,
                 bool plain = false) {
    if (init - 1 > subject.size()) return "nil";
    if (plain || !hasPatternSpecials(pattern)) {
        size_t at = plainFind(subject, pattern, init - 1);
        if (at == SIZE_MAX) return "nil";
        return std::to_string(at + 1) + " " + std::to_string(at + pattern.size());
    }
    PatternMatcher m(subject, pattern, init - 1);
    if (!m.next()) return m.failed() ? "error: " + m.error().message() : "nil";
    std::string out = std::to_string(m.matchStart() + 1) + " " + std::to_string(m.matchEnd());
    for (int i = 0; i < m.captureCount(); ++i) {
        bool ok;
        std::string v = captureText(m, subject, i, ok);
        if (!ok) return "error: " + m.error().message();
        out += "|" + v;
    }
    return out;
}

// string.gsub(subject, pattern, replacement[, max]): "result count" or "error: message".
std::string gsub(std::string_view subject, std::string_view pattern, std::string_view repl,
                 int max = 1 << 30) {
    PatternMatcher m(subject, pattern);
    std::string out;
    size_t copied = 0;
    int count = 0;
    while (count < max && m.next()) {
        out.append(subject.substr(copied, m.matchStart() - copied));
        if (!m.expandReplacement(repl, out)) return "error: " + m.error().message();
        copied = m.matchEnd();
        ++count;
    }
    if (m.failed()) return "error: " + m.error().message();
    out.append(subject.substr(copied));
    return out + " " + std::to_string(count);
}

// for a in string.gmatch(subject, pattern): first values joined by ','.
std::string gmatch(std::string_view subject, std::string_view pattern) {
    PatternMatcher m(subject, pattern, 0, PatternMatcher::Mode::Gmatch);
    std::string out;
    for (int n = 0; m.next(); ++n) {
        bool ok;
        std::string v = captureText(m, subject, 0, ok);
        if (!ok) return "error: " + m.error().message();
        out += (n ? "," : "") + v;
    }
    if (m.failed()) return "error: " + m.error().message();
    return out;
}

std::string rep(std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
        out += s;
    return out;
}

} // namespace

TEST_CASE("pattern errors use lua5.4's messages") {
    CHECK(match("abc", "%") == "error: malformed pattern (ends with '%')");
    CHECK(match("abc", "[a") == "error: malformed pattern (missing ']')");
    CHECK(match("abc", "[a%") == "error: malformed pattern (missing ']')");
    CHECK(match("abc", "[") == "error: malformed pattern (missing ']')");
    CHECK(match("abc", "[^") == "error: malformed pattern (missing ']')");
    CHECK(match("abc", "[]") == "error: malformed pattern (missing ']')");
    CHECK(match("abc", "[^]") == "error: malformed pattern (missing ']')");
    CHECK(match("abc", "%f") == "error: missing '[' after '%f' in pattern");
    CHECK(match("abc", "%fa") == "error: missing '[' after '%f' in pattern");
    CHECK(match("abc", "%1") == "error: invalid capture index %1");
    CHECK(match("abc", "(%1)") == "error: invalid capture index %1");
    CHECK(match("abc", "%0") == "error: invalid capture index %0");
    CHECK(match("abc", "(a)%2") == "error: invalid capture index %2");
    CHECK(match("abc", "(()") == "error: unfinished capture");
    CHECK(match("abc", "(") == "error: unfinished capture");
    CHECK(match("abc", ")") == "error: invalid pattern capture");
    CHECK(match("abc", "a)") == "error: invalid pattern capture");
    CHECK(match("abc", "%b") == "error: malformed pattern (missing arguments to '%b')");
    CHECK(match("abc", "%ba") == "error: malformed pattern (missing arguments to '%b')");
    CHECK(match("abc", rep("()", 33)) == "error: too many captures");
    CHECK(match("x", rep("(", 300)) == "error: too many captures");
    CHECK(match("abc", rep("()", 32)).substr(0, 6) == "1|1|1|");
    CHECK(find(rep("a", 300), rep("a?", 300) + rep("a", 300)) == "error: pattern too complex");
    CHECK(find("abc", "(a") == "error: unfinished capture");
    CHECK(gsub("abc", "a", "%2") == "error: invalid capture index %2");
    CHECK(gsub("abc", "(a)", "%2") == "error: invalid capture index %2");
    CHECK(gsub("abc", "a", "%x") == "error: invalid use of '%' in replacement string");
    CHECK(gsub("abc", "a", "%") == "error: invalid use of '%' in replacement string");
    CHECK(gsub("abc", "(a", "%1") == "error: unfinished capture");
}

TEST_CASE("pattern errors are raised only when matching reaches them") {
    CHECK(find("", "a[") == "nil");
    CHECK(find("a", "a[") == "error: malformed pattern (missing ']')");
    CHECK(find("abc", ")") == "nil"); // no specials: plain find
    CHECK(find("abc", "a)") == "nil");
    CHECK(gsub("abc", "(a", "x") == "xbc 1");
    CHECK(gsub("abc", "(a", "%0") == "abc 1");
    CHECK(gsub("abc", "x", "%") == "abc 0");
    CHECK(match("abc", "(a)(%1)") == "nil");
    CHECK(match("abc", "()%1") == "nil"); // back-reference to a position never matches
}

TEST_CASE("depth limit triggers where lua5.4's does") {
    for (int k : {199, 200}) {
        std::string subject = rep("a", k);
        std::string expected = k == 199 ? "1 199" : "error: pattern too complex";
        CHECK(find(subject, rep("a?", k) + "$") == expected);
        CHECK(find(subject, rep("a-", k) + "$") == expected);
    }
    CHECK(find(rep("a", 250), "()" + rep("a*", 250) + "$") == "1 250|1");
}

TEST_CASE("step budget stops pathological patterns cleanly") {
    PatternLimits limits;
    limits.maxSteps = 1'000'000;
    std::string subject = rep("a", 5000);
    CHECK(match(subject, rep(".-", 20) + "b", 1, limits) ==
          "error: pattern too complex (step limit exceeded)");
    PatternMatcher m(subject, "a+", 0, PatternMatcher::Mode::HonourAnchor, limits);
    REQUIRE(m.next());
    CHECK(m.matchEnd() == 5000);
    CHECK(m.stepsLeft() < limits.maxSteps);
    CHECK(m.stepsLeft() > limits.maxSteps - 20000);
}

TEST_CASE("classes, sets and quantifiers") {
    CHECK(match("  trim  ", "^%s*(.-)%s*$") == "trim");
    CHECK(match("2024-01-15", "(%d+)-(%d+)-(%d+)") == "2024|01|15");
    CHECK(match("A1b2", "%u%d%l%d") == "A1b2");
    CHECK(match("\t\n x", "%s+()") == "4");
    CHECK(match("~!@", "%p+") == "~!@");
    CHECK(match("abcABC", "%U+") == "abc");
    CHECK(match("0x1F", "0x(%x+)") == "1F");
    CHECK(match("abcd", "[^%a]") == "nil");
    CHECK(match("ab12", "[%a%d]+") == "ab12");
    CHECK(match("a-b]c)%$^z", "[a-]") == "a");
    CHECK(match("a-b]c)%$^z", "[%a-z]") == "a");
    CHECK(match("a-b]c)%$^z", "[]]") == "]");
    CHECK(match("a-b]c)%$^z", "[^]]") == "a");
    CHECK(match("a-b]c)%$^z", "%A") == "-");
    CHECK(match("a-b]c)%$^z", "[a-%%]") == "]");
    CHECK(match("a-b]c)%$^z", "%z") == "nil");
    CHECK(match("a-b]c)%$^z", "%Z") == "a");
    CHECK(match("a-b]c)%$^z", "%%") == "%");
    CHECK(match("a$b", "a$b") == "a$b");
    CHECK(match("x^y", "x^y") == "x^y");
    CHECK(match("a^b", "^^") == "nil");
    CHECK(match("aaa", "^(a-)a$") == "aa");
    CHECK(match("aaa", "a-$") == "aaa");
    CHECK(match("aaab", "a-b") == "aaab");
    CHECK(match("one two", "%a+$") == "two");
    CHECK(match("[test]", "^%[(.*)%]$") == "test");
    CHECK(match("--[==[ x ]==]", "%[(=*)%[") == "==");
    CHECK(match("\x80\x81", "[\x80-\xff]+") == "\x80\x81");
    CHECK(match("\xc3\xa9", "%a") == "nil"); // C locale: bytes >= 0x80 are in no class
    CHECK(match("x = \"a\\\"b\"", "\"(.-)\"") == "a\\");
    CHECK(match("abcabc", "(abc)%1") == "abc");
    CHECK(match("hello", "(h)(e)(l)(l)(o)") == "h|e|l|l|o");
    CHECK(match("  x", "()x()") == "3|4");
    CHECK(match("key = value", "(%w+)%s*=%s*(%w+)") == "key|value");
    CHECK(match("colou", "colou?r") == "nil");
    CHECK(match("color", "colou?r") == "color");
    CHECK(match("\x01\x7f ", "%c+") == "\x01\x7f");
    CHECK(match("az AZ", "%g+") == "az");
}

TEST_CASE("balance, frontier and embedded zeros") {
    CHECK(match("f(a(b)c)d", "%b()") == "(a(b)c)");
    CHECK(match("[[x]]", "%b[]") == "[[x]]");
    CHECK(match("(((", "%b()") == "nil");
    CHECK(match("abba", "%baa") == "abba");
    CHECK(match("THE (quick) fox", "%f[%a]%a+%f[%A]") == "THE");
    CHECK(match("THE (quick) fox", "%f[%a]%a+", 5) == "quick");
    CHECK(match("hello", "%f[%l]") == "");
    CHECK(match("hello", "()%f[%z]") == "6");
    CHECK(gsub("THE (quick) fox", "%f[%a]%a+", "W") == "W (W) W 3");
    using namespace std::literals;
    CHECK(find("a\0b"sv, "%z") == "2 2");
    CHECK(find("a\0b"sv, "[%z]") == "2 2");
    CHECK(find("a\0b"sv, "\0"sv) == "2 2");
    CHECK(find("a\0b"sv, "\0+"sv) == "2 2");
    CHECK(match("a\0b"sv, "[\0]b"sv) == "\0b"s);
}

TEST_CASE("find: init, plain and anchors") {
    CHECK(find("THE (quick) fox", "%((%a+)%)") == "5 11|quick");
    CHECK(find("a.b", ".", 1, true) == "2 2");
    CHECK(find("a+b", "+", 1, true) == "2 2");
    CHECK(find("abc", "[b-]") == "2 2");
    CHECK(find("abc", "b", 3) == "nil");
    CHECK(find("abc", "", 4) == "4 3");
    CHECK(find("abc", "", 5) == "nil");
    CHECK(find("abc", "^b") == "nil");
    CHECK(find("abc", "^a") == "1 1");
    CHECK(find("abc", "^b", 2) == "2 2");
    CHECK(find("abc", "c$") == "3 3");
    CHECK(find("abc", "()") == "1 0|1");
}

TEST_CASE("gsub and gmatch iteration") {
    CHECK(gsub("hello world from Lua", "(%w+)", "<%1>") == "<hello> <world> <from> <Lua> 4");
    CHECK(gsub("hello world", "(%w+)%s*(%w+)", "%2 %1") == "world hello 1");
    CHECK(gsub("abc", "%w", "%0%0") == "aabbcc 3");
    CHECK(gsub("abc = 1, d = 22", "(%w+)%s*=%s*(%d+)", "%2=%1") == "1=abc, 22=d 2");
    CHECK(gsub("abc", "", "-") == "-a-b-c- 4");
    CHECK(gsub("abc", ".-", "-") == "-a-b-c- 4");
    CHECK(gsub("abc", "b*", "-") == "-a-c- 3");
    CHECK(gsub("hello world", "%w+", "%0 %0", 1) == "hello hello world 1");
    CHECK(gsub("abc", "^", "-") == "-abc 1");
    CHECK(gsub("abc", "^b", "-") == "abc 0");
    CHECK(gsub("abc", "()b", "%1%0") == "a2bc 1");
    CHECK(gsub("abc", "b", "%%") == "a%c 1");
    CHECK(gmatch("a^b^b", "^b") == "^b,^b");
    CHECK(gmatch("abab", "^ab") == "");
    CHECK(gmatch("one two  three", "%a+") == "one,two,three");
    CHECK(gmatch("abc", "") == ",,,");
    CHECK(gmatch("k1=v1, k2=v2", "(%w+)=%w+") == "k1,k2");
}

TEST_CASE("helpers") {
    CHECK(hasPatternSpecials("a.b"));
    CHECK(hasPatternSpecials("x-"));
    CHECK_FALSE(hasPatternSpecials("abc)]"));
    using namespace std::literals;
    CHECK(hasPatternSpecials("a\0%"sv));
    CHECK(plainFind("hello", "ll", 0) == 2);
    CHECK(plainFind("hello", "ll", 3) == SIZE_MAX);
    CHECK(plainFind("hello", "", 5) == 5);
    PatternError e{PatternErrorKind::InvalidCaptureIndex, 3};
    CHECK(e.message() == "invalid capture index %3");
}
