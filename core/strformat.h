// strformat.h - the engine of Lua 5.4's string.format, independent of the VM.
//
// Owns: parsing a format string exactly as lua5.4 does (flags, width and precision of at
// most two digits each, per-conversion allowed flags, the 21-character spec limit), every
// conversion lua5.4 accepts (%d %i %u %c %x %X %o %e %E %f %g %G %a %A %q %s %p %%), and
// PUC Lua's error messages and their order (some conversions fetch their argument before
// validating the spec, others after; see formatLua).
//
// The engine reads arguments only through FormatArguments, which the binding implements on
// top of the VM (Lua's coercions, __tostring, __name, type names). Each argument is fetched
// at most once, in argument order. Errors come back as a FormatError: argument > 0 means the
// binding should raise "bad argument #<argument> to 'format' (<message>)", otherwise the
// message is raised as is. Nothing here throws.
//
// %a/%A and %q's floats are formatted here (bit-exact with glibc's %a, on every platform);
// %e %f %g go through snprintf, which glibc and musl both round correctly.
#pragma once

#include <string>
#include <string_view>

#include "core/number.h"

namespace tricolor {

struct FormatError {
    int argument = 0; // Lua argument index (the format string is 1), or 0 for a plain error
    std::string message;
};

// What %q needs to know about an argument.
struct LiteralValue {
    enum class Kind { Nil, Boolean, Integer, Number, String, Other };
    Kind kind = Kind::Other;
    bool boolean = false;
    Integer integer = 0;
    Number number = 0;
    std::string_view string;
};

// The binding's view of string.format's arguments. Lua indices: the first value after the
// format string is argument 2. A getter that fails fills error (argument and message, e.g.
// "number expected, got table" or "number has no integer representation") and returns false.
class FormatArguments {
  public:
    virtual ~FormatArguments() = default;
    // Index of the last argument (lua_gettop).
    virtual int top() const = 0;
    // luaL_checkinteger semantics (strings convert, floats need an exact integer value).
    virtual bool getInteger(int arg, Integer& out, FormatError& error) = 0;
    // luaL_checknumber semantics.
    virtual bool getNumber(int arg, Number& out, FormatError& error) = 0;
    // luaL_tolstring semantics; the view must stay valid until formatLua returns.
    virtual bool getDisplayString(int arg, std::string_view& out, FormatError& error) = 0;
    // lua_topointer: nullptr for values without an address (numbers, booleans, nil).
    virtual const void* getPointer(int arg) = 0;
    // The argument as %q sees it (never fails: Other gives "value has no literal form").
    virtual LiteralValue getLiteral(int arg) = 0;
};

// Appends string.format(format, ...) to out. Returns false with error filled on failure
// (out then holds a partial result the caller should discard).
bool formatLua(std::string_view format, FormatArguments& args, std::string& out,
               FormatError& error);

// %q of a string: quoted, with '"', '\\' and newline escaped by a backslash and other
// control bytes as decimal escapes ("\0", "\13", "\0019" before a digit).
void appendQuotedString(std::string& out, std::string_view s);

// %q of a float: "1e9999", "-1e9999", "(0/0)", or the exact hex form ("0x1.8p+1").
void appendQuotedFloat(std::string& out, Number n);

// Options of the hex-float formatter (the %a conversion).
struct HexFloatStyle {
    bool upper = false;     // %A
    bool plus = false;      // '+' flag
    bool space = false;     // ' ' flag
    bool alternate = false; // '#' flag: always a radix point
    bool leftAlign = false; // '-' flag
    bool zeroPad = false;   // '0' flag
    int width = 0;
    int precision = -1; // -1: as many digits as needed
};

// Appends n in C99 %a notation, as glibc prints it (subnormals as "0x0.<digits>p-1022",
// ties to even when a precision rounds, no renormalisation after rounding).
void appendHexFloat(std::string& out, Number n, const HexFloatStyle& style = {});

} // namespace tricolor
