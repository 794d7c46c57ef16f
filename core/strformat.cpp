// strformat.cpp - see strformat.h for the design.
#include "core/strformat.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace tricolor {

namespace {

// Longest flags/width/precision run lua5.4 accepts between '%' and the conversion.
constexpr size_t kMaxSpecLength = 20;

bool isSpecChar(char c) {
    return c == '-' || c == '+' || c == ' ' || c == '#' || c == '.' || (c >= '0' && c <= '9');
}
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

// One conversion: the text between '%' and the conversion letter, and what it says.
struct Spec {
    std::string_view text;
    char conversion = '\0';
    bool leftAlign = false, plus = false, space = false, alternate = false, zeroPad = false;
    int width = 0;
    int precision = -1;

    // "%<text><conversion>" as lua5.4 shows it in messages (a NUL conversion shows nothing).
    std::string form() const {
        std::string f = "%";
        f += text;
        if (conversion != '\0') f += conversion;
        return f;
    }
};

// lua5.4's rule for a spec: any run of the allowed flags, then (unless the next character
// is '0') up to two width digits and, when allowed, '.' and up to two precision digits;
// nothing may remain.
bool specIsValid(std::string_view text, std::string_view flags, bool precisionAllowed) {
    size_t i = 0;
    while (i < text.size() && flags.find(text[i]) != std::string_view::npos)
        ++i;
    if (i < text.size() && text[i] != '0') {
        for (int d = 0; d < 2 && i < text.size() && isDigit(text[i]); ++d)
            ++i;
        if (i < text.size() && text[i] == '.' && precisionAllowed) {
            ++i;
            for (int d = 0; d < 2 && i < text.size() && isDigit(text[i]); ++d)
                ++i;
        }
    }
    return i == text.size();
}

// Fills the flag, width and precision fields of a spec already known to be valid.
void decodeSpec(Spec& spec) {
    size_t i = 0;
    const std::string_view t = spec.text;
    for (; i < t.size(); ++i) {
        char c = t[i];
        if (c == '-')
            spec.leftAlign = true;
        else if (c == '+')
            spec.plus = true;
        else if (c == ' ')
            spec.space = true;
        else if (c == '#')
            spec.alternate = true;
        else if (c == '0')
            spec.zeroPad = true;
        else
            break;
    }
    while (i < t.size() && isDigit(t[i]))
        spec.width = spec.width * 10 + (t[i++] - '0');
    if (i < t.size() && t[i] == '.') {
        ++i;
        spec.precision = 0;
        while (i < t.size() && isDigit(t[i]))
            spec.precision = spec.precision * 10 + (t[i++] - '0');
    }
}

// Appends text padded with spaces to the spec's width (left or right aligned).
void appendPadded(std::string& out, std::string_view text, const Spec& spec) {
    size_t pad = static_cast<size_t>(spec.width) > text.size() ? spec.width - text.size() : 0;
    if (!spec.leftAlign) out.append(pad, ' ');
    out.append(text);
    if (spec.leftAlign) out.append(pad, ' ');
}

// snprintf with the spec rebuilt as a C format ("%<text><lengthModifier><conversion>").
template <typename T>
void appendPrintf(std::string& out, const Spec& spec, const char* lengthModifier, T value) {
    char format[40];
    std::snprintf(format, sizeof format, "%%%.*s%s%c", static_cast<int>(spec.text.size()),
                  spec.text.data(), lengthModifier, spec.conversion);
    char buffer[512]; // enough for %99.99f of the largest double
    int n = std::snprintf(buffer, sizeof buffer, format, value);
    if (n < 0) return;
    if (static_cast<size_t>(n) < sizeof buffer) {
        out.append(buffer, static_cast<size_t>(n));
        return;
    }
    size_t at = out.size();
    out.resize(at + static_cast<size_t>(n) + 1);
    std::snprintf(out.data() + at, static_cast<size_t>(n) + 1, format, value);
    out.resize(at + static_cast<size_t>(n));
}

void appendInteger(std::string& out, Integer i) {
    char buffer[24];
    auto r = std::to_chars(buffer, buffer + sizeof buffer, i);
    out.append(buffer, r.ptr);
}

// The formatter proper: walks the format string, one conversion at a time.
class Formatter {
  public:
    Formatter(FormatArguments& args, std::string& out, FormatError& error)
        : args_(args), out_(out), error_(error), top_(args.top()) {}

    bool run(std::string_view format);

  private:
    bool convert(Spec& spec);
    bool integerConversion(Spec& spec, std::string_view flags);
    bool floatConversion(Spec& spec);
    bool hexFloatConversion(Spec& spec);
    bool charConversion(Spec& spec);
    bool stringConversion(Spec& spec);
    bool pointerConversion(Spec& spec);
    bool quoteConversion(Spec& spec);
    bool checkSpec(Spec& spec, std::string_view flags, bool precisionAllowed);
    bool argumentError(const char* message);
    bool plainError(std::string message);

    FormatArguments& args_;
    std::string& out_;
    FormatError& error_;
    int top_;
    int arg_ = 1;
};

bool Formatter::argumentError(const char* message) {
    error_ = {arg_, message};
    return false;
}

bool Formatter::plainError(std::string message) {
    error_ = {0, std::move(message)};
    return false;
}

bool Formatter::checkSpec(Spec& spec, std::string_view flags, bool precisionAllowed) {
    if (!specIsValid(spec.text, flags, precisionAllowed))
        return plainError("invalid conversion specification: '" + spec.form() + "'");
    decodeSpec(spec);
    return true;
}

bool Formatter::run(std::string_view format) {
    size_t i = 0;
    while (i < format.size()) {
        size_t percent = format.find('%', i);
        if (percent == std::string_view::npos) {
            out_.append(format.substr(i));
            break;
        }
        out_.append(format.substr(i, percent - i));
        i = percent + 1;
        if (i < format.size() && format[i] == '%') {
            out_ += '%';
            ++i;
            continue;
        }
        if (++arg_ > top_) return argumentError("no value");
        size_t specStart = i;
        while (i < format.size() && isSpecChar(format[i]))
            ++i;
        if (i - specStart > kMaxSpecLength) return plainError("invalid format (too long)");
        Spec spec;
        spec.text = format.substr(specStart, i - specStart);
        if (i < format.size()) spec.conversion = format[i++];
        if (!convert(spec)) return false;
    }
    return true;
}

bool Formatter::convert(Spec& spec) {
    switch (spec.conversion) {
    case 'd':
    case 'i': return integerConversion(spec, "-+ 0");
    case 'u': return integerConversion(spec, "-0");
    case 'o':
    case 'x':
    case 'X': return integerConversion(spec, "-#0");
    case 'c': return charConversion(spec);
    case 'a':
    case 'A': return hexFloatConversion(spec);
    case 'e':
    case 'E':
    case 'f':
    case 'g':
    case 'G': return floatConversion(spec);
    case 's': return stringConversion(spec);
    case 'p': return pointerConversion(spec);
    case 'q': return quoteConversion(spec);
    default: {
        std::string form = spec.form();
        form.resize(std::strlen(form.c_str())); // PUC prints the form as a C string
        return plainError("invalid conversion '" + form + "' to 'format'");
    }
    }
}

// Integer conversions fetch the argument before validating the spec (as lua5.4 does).
bool Formatter::integerConversion(Spec& spec, std::string_view flags) {
    Integer value;
    if (!args_.getInteger(arg_, value, error_)) return false;
    if (!checkSpec(spec, flags, true)) return false;
    if (spec.text.empty() && (spec.conversion == 'd' || spec.conversion == 'i')) {
        appendInteger(out_, value);
        return true;
    }
    if (spec.conversion == 'd' || spec.conversion == 'i')
        appendPrintf(out_, spec, "ll", static_cast<long long>(value));
    else
        appendPrintf(out_, spec, "ll", static_cast<unsigned long long>(value));
    return true;
}

bool Formatter::floatConversion(Spec& spec) {
    Number value;
    if (!args_.getNumber(arg_, value, error_)) return false;
    if (!checkSpec(spec, "-+ #0", true)) return false;
    appendPrintf(out_, spec, "", value);
    return true;
}

// %a validates the spec before fetching the argument.
bool Formatter::hexFloatConversion(Spec& spec) {
    if (!checkSpec(spec, "-+ #0", true)) return false;
    Number value;
    if (!args_.getNumber(arg_, value, error_)) return false;
    HexFloatStyle style;
    style.upper = spec.conversion == 'A';
    style.plus = spec.plus;
    style.space = spec.space;
    style.alternate = spec.alternate;
    style.leftAlign = spec.leftAlign;
    style.zeroPad = spec.zeroPad;
    style.width = spec.width;
    style.precision = spec.precision;
    appendHexFloat(out_, value, style);
    return true;
}

bool Formatter::charConversion(Spec& spec) {
    if (!checkSpec(spec, "-", false)) return false;
    Integer value;
    if (!args_.getInteger(arg_, value, error_)) return false;
    char c = static_cast<char>(static_cast<unsigned char>(value));
    appendPadded(out_, std::string_view(&c, 1), spec);
    return true;
}

// %s: without modifiers the whole string (zeros included) is kept; with modifiers it must
// not contain zeros, and a string of 100+ bytes without a precision is kept whole.
bool Formatter::stringConversion(Spec& spec) {
    std::string_view s;
    if (!args_.getDisplayString(arg_, s, error_)) return false;
    if (spec.text.empty()) {
        out_.append(s);
        return true;
    }
    if (s.find('\0') != std::string_view::npos) return argumentError("string contains zeros");
    if (!checkSpec(spec, "-", true)) return false;
    if (spec.precision < 0 && s.size() >= 100) {
        out_.append(s);
        return true;
    }
    if (spec.precision >= 0 && s.size() > static_cast<size_t>(spec.precision))
        s = s.substr(0, static_cast<size_t>(spec.precision));
    appendPadded(out_, s, spec);
    return true;
}

bool Formatter::pointerConversion(Spec& spec) {
    if (!checkSpec(spec, "-", false)) return false;
    const void* pointer = args_.getPointer(arg_);
    if (pointer == nullptr) {
        appendPadded(out_, "(null)", spec);
        return true;
    }
    char buffer[24] = "0x";
    auto r =
        std::to_chars(buffer + 2, buffer + sizeof buffer, reinterpret_cast<uintptr_t>(pointer), 16);
    appendPadded(out_, std::string_view(buffer, static_cast<size_t>(r.ptr - buffer)), spec);
    return true;
}

bool Formatter::quoteConversion(Spec& spec) {
    if (!spec.text.empty()) return plainError("specifier '%q' cannot have modifiers");
    LiteralValue v = args_.getLiteral(arg_);
    switch (v.kind) {
    case LiteralValue::Kind::String: appendQuotedString(out_, v.string); return true;
    case LiteralValue::Kind::Integer:
        if (v.integer == INT64_MIN)
            out_ += "0x8000000000000000";
        else
            appendInteger(out_, v.integer);
        return true;
    case LiteralValue::Kind::Number: appendQuotedFloat(out_, v.number); return true;
    case LiteralValue::Kind::Nil: out_ += "nil"; return true;
    case LiteralValue::Kind::Boolean: out_ += v.boolean ? "true" : "false"; return true;
    case LiteralValue::Kind::Other: break;
    }
    return argumentError("value has no literal form");
}

} // namespace

bool formatLua(std::string_view format, FormatArguments& args, std::string& out,
               FormatError& error) {
    return Formatter(args, out, error).run(format);
}

void appendQuotedString(std::string& out, std::string_view s) {
    out += '"';
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '"' || c == '\\' || c == '\n') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 32 || c == 127) {
            // A digit after the escape would extend it, so then use all three digits.
            bool digitFollows = i + 1 < s.size() && isDigit(s[i + 1]);
            char buffer[8];
            int n = std::snprintf(buffer, sizeof buffer, digitFollows ? "\\%03d" : "\\%d", c);
            out.append(buffer, static_cast<size_t>(n));
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '"';
}

void appendQuotedFloat(std::string& out, Number n) {
    if (std::isinf(n))
        out += n > 0 ? "1e9999" : "-1e9999";
    else if (std::isnan(n))
        out += "(0/0)";
    else
        appendHexFloat(out, n);
}

void appendHexFloat(std::string& out, Number n, const HexFloatStyle& style) {
    char body[160]; // sign, "0x", 1 + '.' + up to 99 digits, 'p', exponent
    size_t len = 0;
    size_t digitsStart; // where zero padding goes (after the sign and "0x")
    const char* hex = style.upper ? "0123456789ABCDEF" : "0123456789abcdef";
    if (std::signbit(n))
        body[len++] = '-';
    else if (style.plus)
        body[len++] = '+';
    else if (style.space)
        body[len++] = ' ';
    bool finite = std::isfinite(n);
    if (!finite) {
        const char* word =
            std::isinf(n) ? (style.upper ? "INF" : "inf") : (style.upper ? "NAN" : "nan");
        std::memcpy(body + len, word, 3);
        len += 3;
        digitsStart = len;
    } else {
        constexpr uint64_t kFractionMask = (uint64_t{1} << 52) - 1;
        uint64_t bits;
        Number magnitude = std::fabs(n);
        std::memcpy(&bits, &magnitude, sizeof bits);
        int biased = static_cast<int>(bits >> 52);
        uint64_t full = (bits & kFractionMask) | (biased != 0 ? uint64_t{1} << 52 : 0);
        int exponent = biased != 0 ? biased - 1023 : (full != 0 ? -1022 : 0);
        int digits = 13;
        if (style.precision >= 0 && style.precision < 13) {
            // Round to the requested number of hex digits, ties to even; the leading digit
            // may become 2 (or 1 for a subnormal), as glibc leaves it.
            int shift = (13 - style.precision) * 4;
            uint64_t kept = full >> shift, rest = full & ((uint64_t{1} << shift) - 1);
            uint64_t half = uint64_t{1} << (shift - 1);
            if (rest > half || (rest == half && (kept & 1))) ++kept;
            full = kept << shift;
            digits = style.precision;
        } else if (style.precision < 0) {
            while (digits > 0 && ((full >> ((13 - digits) * 4)) & 0xf) == 0)
                --digits;
        }
        body[len++] = '0';
        body[len++] = style.upper ? 'X' : 'x';
        digitsStart = len;
        body[len++] = hex[full >> 52];
        if (digits > 0 || style.precision > 0 || style.alternate) body[len++] = '.';
        for (int d = 0; d < 13 && d < digits; ++d)
            body[len++] = hex[(full >> ((12 - d) * 4)) & 0xf];
        for (int d = 13; d < style.precision; ++d)
            body[len++] = '0';
        body[len++] = style.upper ? 'P' : 'p';
        body[len++] = exponent < 0 ? '-' : '+';
        auto r = std::to_chars(body + len, body + sizeof body, exponent < 0 ? -exponent : exponent);
        len = static_cast<size_t>(r.ptr - body);
    }
    size_t pad = static_cast<size_t>(style.width) > len ? style.width - len : 0;
    if (style.leftAlign) {
        out.append(body, len);
        out.append(pad, ' ');
    } else if (style.zeroPad && finite) {
        out.append(body, digitsStart);
        out.append(pad, '0');
        out.append(body + digitsStart, len - digitsStart);
    } else {
        out.append(pad, ' ');
        out.append(body, len);
    }
}

} // namespace tricolor
