// Unit tests for core/strformat. Expected strings were produced by Debian's lua5.4 (5.4.4)
// running string.format with the same arguments.
#include "core/strformat.h"

#include <doctest/doctest.h>
#include <limits>
#include <optional>
#include <string>
#include <variant>
#include <vector>

using namespace tricolor;

namespace {

struct Nil {};
struct Table {}; // stands for any value without a literal form (has an address)
using Value = std::variant<Nil, bool, Integer, Number, std::string, Table>;

// A binding stand-in with Lua's coercions for the argument kinds the tests use.
class TestArguments : public FormatArguments {
  public:
    explicit TestArguments(std::vector<Value> values) : values_(std::move(values)) {}

    int top() const override { return static_cast<int>(values_.size()) + 1; }

    bool getInteger(int arg, Integer& out, FormatError& error) override {
        const Value& v = at(arg);
        if (auto* i = std::get_if<Integer>(&v)) return out = *i, true;
        std::optional<Number> n = asNumber(v);
        if (!n) return typeError(arg, error);
        if (auto s = std::get_if<std::string>(&v)) {
            auto numeral = parseNumeral(*s);
            if (numeral->isInteger) return out = numeral->i, true;
        }
        auto i = floatToInteger(*n);
        if (!i) {
            error = {arg, "number has no integer representation"};
            return false;
        }
        out = *i;
        return true;
    }

    bool getNumber(int arg, Number& out, FormatError& error) override {
        auto n = asNumber(at(arg));
        if (!n) return typeError(arg, error);
        out = *n;
        return true;
    }

    bool getDisplayString(int arg, std::string_view& out, FormatError&) override {
        const Value& v = at(arg);
        if (auto* s = std::get_if<std::string>(&v)) {
            out = *s;
            return true;
        }
        scratch_.push_back(display(v));
        out = scratch_.back();
        return true;
    }

    const void* getPointer(int arg) override {
        return std::holds_alternative<Table>(at(arg)) ? &values_[arg - 2] : nullptr;
    }

    LiteralValue getLiteral(int arg) override {
        const Value& v = at(arg);
        LiteralValue l;
        if (std::holds_alternative<Nil>(v)) l.kind = LiteralValue::Kind::Nil;
        if (auto* b = std::get_if<bool>(&v)) l.kind = LiteralValue::Kind::Boolean, l.boolean = *b;
        if (auto* i = std::get_if<Integer>(&v))
            l.kind = LiteralValue::Kind::Integer, l.integer = *i;
        if (auto* n = std::get_if<Number>(&v)) l.kind = LiteralValue::Kind::Number, l.number = *n;
        if (auto* s = std::get_if<std::string>(&v))
            l.kind = LiteralValue::Kind::String, l.string = *s;
        return l;
    }

  private:
    const Value& at(int arg) const { return values_.at(static_cast<size_t>(arg - 2)); }

    static std::optional<Number> asNumber(const Value& v) {
        if (auto* i = std::get_if<Integer>(&v)) return static_cast<Number>(*i);
        if (auto* n = std::get_if<Number>(&v)) return *n;
        if (auto* s = std::get_if<std::string>(&v)) {
            auto numeral = parseNumeral(*s);
            if (!numeral) return std::nullopt;
            return numeral->isInteger ? static_cast<Number>(numeral->i) : numeral->n;
        }
        return std::nullopt;
    }

    bool typeError(int arg, FormatError& error) const {
        const Value& v = at(arg);
        const char* type = std::holds_alternative<Nil>(v)           ? "nil"
                           : std::holds_alternative<bool>(v)        ? "boolean"
                           : std::holds_alternative<Table>(v)       ? "table"
                           : std::holds_alternative<std::string>(v) ? "string"
                                                                    : "number";
        error = {arg, std::string("number expected, got ") + type};
        return false;
    }

    static std::string display(const Value& v) {
        if (std::holds_alternative<Nil>(v)) return "nil";
        if (auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
        if (auto* i = std::get_if<Integer>(&v)) return formatInteger(*i);
        if (auto* n = std::get_if<Number>(&v)) return formatNumber(*n);
        return "table: 0x1";
    }

    std::vector<Value> values_;
    std::vector<std::string> scratch_;
};

// string.format(format, ...) as "result", "error: message" or "error #N: message".
std::string fmt(std::string_view format, std::vector<Value> values = {}) {
    TestArguments args(std::move(values));
    std::string out;
    FormatError error;
    if (formatLua(format, args, out, error)) return out;
    if (error.argument > 0)
        return "error #" + std::to_string(error.argument) + ": " + error.message;
    return "error: " + error.message;
}

const Number kInf = std::numeric_limits<Number>::infinity();
const Number kNaN = -std::numeric_limits<Number>::quiet_NaN(); // 0/0 on x86: sign bit set

} // namespace

TEST_CASE("format errors match lua5.4") {
    CHECK(fmt("%y", {1}) == "error: invalid conversion '%y' to 'format'");
    CHECK(fmt("%5y", {1}) == "error: invalid conversion '%5y' to 'format'");
    CHECK(fmt("%-5.3y", {1}) == "error: invalid conversion '%-5.3y' to 'format'");
    CHECK(fmt("%F", {1}) == "error: invalid conversion '%F' to 'format'");
    CHECK(fmt("%", {1}) == "error: invalid conversion '%' to 'format'");
    CHECK(fmt("abc%", {1}) == "error: invalid conversion '%' to 'format'");
    CHECK(fmt("%5", {1}) == "error: invalid conversion '%5' to 'format'");
    CHECK(fmt("%.", {1}) == "error: invalid conversion '%.' to 'format'");
    CHECK(fmt("%5.5.5", {Nil{}}) == "error: invalid conversion '%5.5.5' to 'format'");
    CHECK(fmt(std::string_view("%5\0", 3), {1}) == "error: invalid conversion '%5' to 'format'");
    CHECK(fmt("%") == "error #2: no value");
    CHECK(fmt("%y") == "error #2: no value");
    CHECK(fmt("%d %d", {1}) == "error #3: no value");
    CHECK(fmt("%5q") == "error #2: no value");
    CHECK(fmt("%#d", {3}) == "error: invalid conversion specification: '%#d'");
    CHECK(fmt("%100d", {1}) == "error: invalid conversion specification: '%100d'");
    CHECK(fmt("%.100d", {1}) == "error: invalid conversion specification: '%.100d'");
    CHECK(fmt("%1.1.1d", {1}) == "error: invalid conversion specification: '%1.1.1d'");
    CHECK(fmt("%+x", {1}) == "error: invalid conversion specification: '%+x'");
    CHECK(fmt("% x", {1}) == "error: invalid conversion specification: '% x'");
    CHECK(fmt("%+u", {1}) == "error: invalid conversion specification: '%+u'");
    CHECK(fmt("%#u", {1}) == "error: invalid conversion specification: '%#u'");
    CHECK(fmt("%05c", {65}) == "error: invalid conversion specification: '%05c'");
    CHECK(fmt("%.1c", {65}) == "error: invalid conversion specification: '%.1c'");
    CHECK(fmt("%05s", {"x"}) == "error: invalid conversion specification: '%05s'");
    CHECK(fmt("%#s", {"x"}) == "error: invalid conversion specification: '%#s'");
    CHECK(fmt("%010.3s", {"abc"}) == "error: invalid conversion specification: '%010.3s'");
    CHECK(fmt("%.3p", {1}) == "error: invalid conversion specification: '%.3p'");
    CHECK(fmt("%5q", {1}) == "error: specifier '%q' cannot have modifiers");
    CHECK(fmt("%-q", {1}) == "error: specifier '%q' cannot have modifiers");
    CHECK(fmt("%10.3q", {1}) == "error: specifier '%q' cannot have modifiers");
    CHECK(fmt("%" + std::string(20, '-') + "d", {1}) == "1");
    CHECK(fmt("%" + std::string(21, '-') + "d", {1}) == "error: invalid format (too long)");
    CHECK(fmt("%" + std::string(22, '1') + "d", {1}) == "error: invalid format (too long)");
    CHECK(fmt("%d", {3.5}) == "error #2: number has no integer representation");
    CHECK(fmt("%x", {kInf}) == "error #2: number has no integer representation");
    CHECK(fmt("%d", {"x"}) == "error #2: number expected, got string");
    CHECK(fmt("%d", {Nil{}}) == "error #2: number expected, got nil");
    CHECK(fmt("%d", {Table{}}) == "error #2: number expected, got table");
    CHECK(fmt("%c", {"a"}) == "error #2: number expected, got string");
    CHECK(fmt("%f", {"x"}) == "error #2: number expected, got string");
    CHECK(fmt("%q", {Table{}}) == "error #2: value has no literal form");
    CHECK(fmt("%5s", {std::string("a\0b", 3)}) == "error #2: string contains zeros");
    CHECK(fmt("%05s", {std::string("a\0b", 3)}) == "error #2: string contains zeros");
    CHECK(fmt("%.1s", {std::string("a\0b", 3)}) == "error #2: string contains zeros");
}

TEST_CASE("format validates the spec before or after fetching, per conversion") {
    // Integer and %e/%f/%g conversions fetch the argument first...
    for (const char* f : {"%1.1.1d", "%1.1.1i", "%1.1.1u", "%1.1.1x", "%1.1.1X", "%1.1.1o",
                          "%1.1.1e", "%1.1.1E", "%1.1.1f", "%1.1.1g", "%1.1.1G"}) {
        CAPTURE(f);
        CHECK(fmt(f, {Table{}}) == "error #2: number expected, got table");
    }
    // ...while %c, %a, %A, %s and %p validate first.
    for (const char* f : {"%1.1.1c", "%1.1.1a", "%1.1.1A", "%1.1.1s", "%1.1.1p"}) {
        CAPTURE(f);
        CHECK(fmt(f, {Table{}}) ==
              "error: invalid conversion specification: '" + std::string(f) + "'");
    }
}

TEST_CASE("integer conversions") {
    CHECK(fmt("%u", {5}) == "5");
    CHECK(fmt("%u", {-1}) == "18446744073709551615");
    CHECK(fmt("%i", {5}) == "5");
    CHECK(fmt("%5d", {3}) == "    3");
    CHECK(fmt("%05d", {3}) == "00003");
    CHECK(fmt("%-5d|", {3}) == "3    |");
    CHECK(fmt("%+d", {3}) == "+3");
    CHECK(fmt("% d", {3}) == " 3");
    CHECK(fmt("%.3d", {3}) == "003");
    CHECK(fmt("%5.3d", {3}) == "  003");
    CHECK(fmt("%99d", {1}) == std::string(98, ' ') + "1");
    CHECK(fmt("%.99d", {1}) == std::string(98, '0') + "1");
    CHECK(fmt("%#x", {255}) == "0xff");
    CHECK(fmt("%#o", {8}) == "010");
    CHECK(fmt("%X", {255}) == "FF");
    CHECK(fmt("%x", {-1}) == "ffffffffffffffff");
    CHECK(fmt("%o", {-1}) == "1777777777777777777777");
    CHECK(fmt("%5.3u", {1}) == "  001");
    CHECK(fmt("%-05u|", {1}) == "1    |");
    CHECK(fmt("%--5d|", {1}) == "1    |");
    CHECK(fmt("%-+ 0d", {1}) == "+1");
    CHECK(fmt("%.d", {0}) == "");
    CHECK(fmt("%5.d|", {0}) == "     |");
    CHECK(fmt("%#5.3x", {1}) == "0x001");
    CHECK(fmt("%#.0x", {0}) == "");
    CHECK(fmt("%.3x", {255}) == "0ff");
    CHECK(fmt("%i", {INT64_MIN}) == "-9223372036854775808");
    CHECK(fmt("%x", {INT64_MIN}) == "8000000000000000");
    CHECK(fmt("%d", {3.0}) == "3");
    CHECK(fmt("%d", {-0.0}) == "0");
    CHECK(fmt("%d", {"3"}) == "3");
    CHECK(fmt("%d", {"3.0"}) == "3");
    CHECK(fmt("%d", {" 10 "}) == "10");
    CHECK(fmt("%d", {"9007199254740993"}) == "9007199254740993");
    CHECK(fmt("%x", {"0x10"}) == "10");
}

TEST_CASE("character, string and pointer conversions") {
    CHECK(fmt("%c%c%c", {76, 117, 97}) == "Lua");
    CHECK(fmt("%5c", {65}) == "    A");
    CHECK(fmt("%-5c|", {65}) == "A    |");
    CHECK(fmt("%c", {0}) == std::string(1, '\0'));
    CHECK(fmt("%c", {256}) == std::string(1, '\0'));
    CHECK(fmt("%c", {-1}) == "\xff");
    CHECK(fmt("%s", {"x"}) == "x");
    CHECK(fmt("%5s", {"x"}) == "    x");
    CHECK(fmt("%-5s|", {"x"}) == "x    |");
    CHECK(fmt("%.2s", {"hello"}) == "he");
    CHECK(fmt("%5.1s|", {"abc"}) == "    a|");
    CHECK(fmt("%5.0s|", {"abc"}) == "     |");
    CHECK(fmt("%s", {std::string("a\0b", 3)}) == std::string("a\0b", 3));
    CHECK(fmt("%10.3s|", {std::string(200, 'x')}) == "       xxx|");
    CHECK(fmt("%5s|", {std::string(100, 'x')}) == std::string(100, 'x') + "|");
    CHECK(fmt("%-99s|", {std::string(99, 'x')}) == std::string(99, 'x') + "|");
    CHECK(fmt("%s", {Nil{}}) == "nil");
    CHECK(fmt("%s", {true}) == "true");
    CHECK(fmt("%10s", {Nil{}}) == "       nil");
    CHECK(fmt("%s|%s|%s", {1, 1.5, -0.0}) == "1|1.5|-0.0");
    CHECK(fmt("%10.4s|", {1.25}) == "      1.25|");
    CHECK(fmt("%5.2s|", {true}) == "   tr|");
    CHECK(fmt("%s %s", {1, 2, 3}) == "1 2");
    CHECK(fmt("%p", {1}) == "(null)");
    CHECK(fmt("%5p|", {1}) == "(null)|");
    CHECK(fmt("%-10p|", {Nil{}}) == "(null)    |");
    std::string p = fmt("%p", {Table{}});
    CHECK(p.substr(0, 2) == "0x");
    CHECK(p.size() > 3);
    CHECK(fmt("%%") == "%");
    CHECK(fmt("100%% sure") == "100% sure");
}

TEST_CASE("float conversions") {
    CHECK(fmt("%e", {1}) == "1.000000e+00");
    CHECK(fmt("%E", {1}) == "1.000000E+00");
    CHECK(fmt("%f", {1}) == "1.000000");
    CHECK(fmt("%g", {1}) == "1");
    CHECK(fmt("%G", {1e-10}) == "1E-10");
    CHECK(fmt("%#.3g", {1}) == "1.00");
    CHECK(fmt("%+.3f", {1}) == "+1.000");
    CHECK(fmt("% f", {1}) == " 1.000000");
    CHECK(fmt("%010.2f", {-3.5}) == "-000003.50");
    CHECK(fmt("%.3f", {1.0 / 3}) == "0.333");
    CHECK(fmt("%5.1f|", {3.141592653589793}) == "  3.1|");
    CHECK(fmt("%g", {1e20}) == "1e+20");
    CHECK(fmt("%.14g", {0x1p63}) == "9.2233720368548e+18");
    CHECK(fmt("%.20f", {0.1}) == "0.10000000000000000555");
    CHECK(fmt("%.99f", {1}) == "1." + std::string(99, '0'));
    CHECK(fmt("%f", {kInf}) == "inf");
    CHECK(fmt("%f", {-kInf}) == "-inf");
    CHECK(fmt("%f", {kNaN}) == "-nan");
    CHECK(fmt("%5.1f", {kNaN}) == " -nan");
    CHECK(fmt("%010f", {kInf}) == "       inf");
    CHECK(fmt("%+f", {kInf}) == "+inf");
    CHECK(fmt("% e", {-kNaN}) == " nan");
    CHECK(fmt("%E", {-kInf}) == "-INF");
    CHECK(fmt("%G", {kNaN}) == "-NAN");
    CHECK(fmt("%5.1f", {"3.14159"}) == "  3.1");
    CHECK(fmt("%f", {"1e1"}) == "10.000000");
    CHECK(fmt("%e", {0}) == "0.000000e+00");
    CHECK(fmt("%.0e", {12345}) == "1e+04");
    CHECK(fmt("%#.0e", {12345}) == "1.e+04");
    CHECK(fmt("%#.0f", {1}) == "1.");
    CHECK(fmt("%#g", {1}) == "1.00000");
    CHECK(fmt("%+.3e", {12345.678}) == "+1.235e+04");
    CHECK(fmt("%g", {1000000}) == "1e+06");
    CHECK(fmt("%.99g", {0.1}) == "0.1000000000000000055511151231257827021181583404541015625");
    std::string big = fmt("%99.99f", {-1e308});
    CHECK(big.size() == 410);
    CHECK(big.substr(0, 20) == "-1000000000000000010");
}

TEST_CASE("hex float conversions match glibc's %a") {
    CHECK(fmt("%a", {1}) == "0x1p+0");
    CHECK(fmt("%A", {1}) == "0X1P+0");
    CHECK(fmt("%#a", {1}) == "0x1.p+0");
    CHECK(fmt("%.0a", {1.5}) == "0x2p+0");
    CHECK(fmt("%.1a", {1.03125}) == "0x1.0p+0");
    CHECK(fmt("%.3a", {1.0 / 3}) == "0x1.555p-2");
    CHECK(fmt("%-12a|", {1}) == "0x1p+0      |");
    CHECK(fmt("%012a", {-1}) == "-0x000001p+0");
    CHECK(fmt("%+a", {0}) == "+0x0p+0");
    CHECK(fmt("% a", {-0.0}) == "-0x0p+0");
    CHECK(fmt("%a", {0x0.0000000000001p-1022}) == "0x0.0000000000001p-1022");
    CHECK(fmt("%a", {0x1p-1022}) == "0x1p-1022");
    CHECK(fmt("%a", {0x1p-1023}) == "0x0.8p-1022");
    CHECK(fmt("%A", {255.5}) == "0X1.FFP+7");
    CHECK(fmt("%.0a", {0x1p-1074}) == "0x0p-1022");
    CHECK(fmt("%.2a", {0x3p-1070}) == "0x0.00p-1022");
    CHECK(fmt("%.3a", {1.99999999}) == "0x2.000p+0");
    CHECK(fmt("%.13a", {1}) == "0x1.0000000000000p+0");
    CHECK(fmt("%.15a", {1}) == "0x1.000000000000000p+0");
    CHECK(fmt("%010.1a", {3}) == "0x001.8p+1");
    CHECK(fmt("%-+#12.2A|", {3.0}) == "+0X1.80P+1  |");
    CHECK(fmt("%.0a", {0.0}) == "0x0p+0");
    CHECK(fmt("%#a", {0.0}) == "0x0.p+0");
    CHECK(fmt("%a", {1.5e300}) == "0x1.1eb2d66005835p+997");
    CHECK(fmt("%.1a", {-0x1.f8p5}) == "-0x2.0p+5");
    CHECK(fmt("%010a", {kInf}) == "       inf");
    CHECK(fmt("%+a", {kNaN}) == "-nan");
    CHECK(fmt("%A", {kInf}) == "INF");
}

TEST_CASE("%q writes Lua literals") {
    CHECK(fmt("%q", {1}) == "1");
    CHECK(fmt("%q", {-5}) == "-5");
    CHECK(fmt("%q", {INT64_MIN}) == "0x8000000000000000");
    CHECK(fmt("%q", {INT64_MAX}) == "9223372036854775807");
    CHECK(fmt("%q", {1.0}) == "0x1p+0");
    CHECK(fmt("%q", {0.5}) == "0x1p-1");
    CHECK(fmt("%q", {-0.0}) == "-0x0p+0");
    CHECK(fmt("%q", {kInf}) == "1e9999");
    CHECK(fmt("%q", {-kInf}) == "-1e9999");
    CHECK(fmt("%q", {kNaN}) == "(0/0)");
    CHECK(fmt("%q", {1e100}) == "0x1.249ad2594c37dp+332");
    CHECK(fmt("%q", {0x0.0000000000001p-1022}) == "0x0.0000000000001p-1022");
    CHECK(fmt("%q", {Nil{}}) == "nil");
    CHECK(fmt("%q", {true}) == "true");
    CHECK(fmt("%q", {false}) == "false");
    std::string raw("a\0b\0"
                    "1\r\n\t\"\\\x7f\xc8\x01\x01"
                    "9\xffx",
                    17);
    CHECK(fmt("%q", {raw}) == "\"a\\0b\\0001\\13\\\n\\9\\\"\\\\\\127\xc8\\1\\0019\xffx\"");
    CHECK(fmt("%q", {"x\r\n"}) == "\"x\\13\\\n\"");
    CHECK(fmt("%q", {std::string("\0\0", 2)}) == "\"\\0\\0\"");
    CHECK(fmt("%q", {"\n1"}) == "\"\\\n1\"");
    CHECK(fmt("%q", {std::string("\0"
                                 "9",
                                 2)}) == "\"\\0009\"");
}
