// strpack.h - the engines of Lua 5.4's string.pack, string.unpack and string.packsize.
//
// Owns: the format language of the manual (section 6.4.2): endianness (< > =), maximum
// alignment (![n]), integers (b B h H l L j J T i[n] I[n], n in 1..16), floats (f d n),
// strings (s[n] c<n> z), padding (x, X<op>) and spaces, with lua5.4's limits, alignment
// rules and error messages, and the exact layout lua5.4 produces on x86-64 Linux (int 4,
// long 8, size_t 8, native order little-endian, native maximum alignment 8) whatever the
// host, so packed data is portable between the native and WebAssembly builds.
//
// Like PUC Lua, a format ends at its first zero byte. Arguments come in through
// PackArguments (the binding supplies Lua's coercions and their error messages); unpacked
// values go out as PackValue, whose strings view the data string (no copies).
// Errors: PackError with argument > 0 means "bad argument #<argument> to '<function>'
// (<message>)"; argument 0 means the message is raised as is. Nothing throws.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/number.h"

namespace tricolor {

struct PackError {
    int argument = 0; // Lua argument index, or 0 for a plain error
    std::string message;
};

// One unpacked value.
struct PackValue {
    enum class Kind { Integer, Number, String };
    Kind kind;
    Integer integer = 0;
    Number number = 0;
    std::string_view string; // views the data passed to unpackValues
};

// string.pack's arguments; Lua indices (the format is argument 1, the first value 2).
// A getter that fails fills error (e.g. {2, "number expected, got nil"}) and returns false.
class PackArguments {
  public:
    virtual ~PackArguments() = default;
    virtual bool getInteger(int arg, Integer& out, PackError& error) = 0; // luaL_checkinteger
    virtual bool getNumber(int arg, Number& out, PackError& error) = 0;   // luaL_checknumber
    // luaL_checklstring; the view must stay valid until packValues returns.
    virtual bool getString(int arg, std::string_view& out, PackError& error) = 0;
};

// string.pack: appends the packed bytes to out.
bool packValues(std::string_view format, PackArguments& args, std::string& out, PackError& error);

// string.packsize: the size of any string the format produces.
bool packSize(std::string_view format, Integer& size, PackError& error);

// string.unpack(format, data, init): init is Lua's (1-based, negative from the end,
// default 1). Appends the values to out and sets nextPosition (1-based) to the position
// after the last byte read.
bool unpackValues(std::string_view format, std::string_view data, Integer init,
                  std::vector<PackValue>& out, Integer& nextPosition, PackError& error);

} // namespace tricolor
