// strpack.cpp - see strpack.h for the design.
#include "core/strpack.h"

#include <bit>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace tricolor {

namespace {

constexpr int kMaxIntegerSize = 16;
constexpr int kNativeMaxAlign = 8;             // alignment of the widest scalar on x86-64
constexpr size_t kMaxTotalSize = INT_MAX;      // lua5.4's limit for packsize results
constexpr int kMaxNumber = (INT_MAX - 9) / 10; // size digits stop being read beyond this

enum class Option {
    Int,      // signed integer
    Uint,     // unsigned integer
    Float,    // C float
    Double,   // C double (also lua_Number)
    Char,     // fixed-size string
    String,   // string preceded by its length
    ZString,  // zero-terminated string
    Padding,  // one zero byte
    PadAlign, // align to the next option's size
    Nop,      // no data: endianness, alignment setting, spaces
};

struct Item {
    Option option;
    int size;    // bytes the option itself occupies (length prefix for String)
    int padding; // alignment bytes before it
};

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

// Reads a format option by option, keeping the endianness and maximum alignment state.
class FormatReader {
  public:
    explicit FormatReader(std::string_view format) : format_(format.substr(0, format.find('\0'))) {}

    bool atEnd() const { return pos_ >= format_.size(); }
    bool littleEndian() const { return little_; }

    // The next option with its alignment padding, given the bytes laid out so far.
    bool next(size_t laidOut, Item& item, PackError& error) {
        if (!readOption(item.option, item.size, error)) return false;
        int align = item.size;
        if (item.option == Option::PadAlign) {
            Option following = Option::Nop;
            if (!atEnd() && !readOption(following, align, error)) return false;
            if (following == Option::Char || align == 0) {
                error = {1, "invalid next option for option 'X'"};
                return false;
            }
        }
        item.padding = 0;
        if (align <= 1 || item.option == Option::Char) return true;
        if (align > maxAlign_) align = maxAlign_;
        if ((align & (align - 1)) != 0) {
            error = {1, "format asks for alignment not power of 2"};
            return false;
        }
        item.padding =
            (align - static_cast<int>(laidOut & static_cast<size_t>(align - 1))) & (align - 1);
        return true;
    }

  private:
    // Optional decimal size; stops reading digits once the value passes kMaxNumber.
    int readNumber(int absent) {
        if (atEnd() || !isDigit(format_[pos_])) return absent;
        int value = 0;
        do {
            value = value * 10 + (format_[pos_++] - '0');
        } while (!atEnd() && isDigit(format_[pos_]) && value <= kMaxNumber);
        return value;
    }

    bool readIntegerSize(int absent, int& size, PackError& error) {
        size = readNumber(absent);
        if (size > kMaxIntegerSize || size <= 0) {
            error = {0, "integral size (" + std::to_string(size) + ") out of limits [1," +
                            std::to_string(kMaxIntegerSize) + "]"};
            return false;
        }
        return true;
    }

    bool readOption(Option& option, int& size, PackError& error) {
        char c = format_[pos_++];
        size = 0;
        switch (c) {
        case 'b': option = Option::Int, size = 1; return true;
        case 'B': option = Option::Uint, size = 1; return true;
        case 'h': option = Option::Int, size = 2; return true;
        case 'H': option = Option::Uint, size = 2; return true;
        case 'l':
        case 'j': option = Option::Int, size = 8; return true;
        case 'L':
        case 'J':
        case 'T': option = Option::Uint, size = 8; return true;
        case 'f': option = Option::Float, size = 4; return true;
        case 'n':
        case 'd': option = Option::Double, size = 8; return true;
        case 'i': option = Option::Int; return readIntegerSize(4, size, error);
        case 'I': option = Option::Uint; return readIntegerSize(4, size, error);
        case 's': option = Option::String; return readIntegerSize(8, size, error);
        case 'c':
            option = Option::Char;
            size = readNumber(-1);
            if (size == -1) {
                error = {0, "missing size for format option 'c'"};
                return false;
            }
            return true;
        case 'z': option = Option::ZString; return true;
        case 'x': option = Option::Padding, size = 1; return true;
        case 'X': option = Option::PadAlign; return true;
        case ' ': option = Option::Nop; return true;
        case '<': little_ = true, option = Option::Nop; return true;
        case '>': little_ = false, option = Option::Nop; return true;
        case '=': little_ = true, option = Option::Nop; return true;
        case '!': option = Option::Nop; return readIntegerSize(kNativeMaxAlign, maxAlign_, error);
        default: error = {0, std::string("invalid format option '") + c + "'"}; return false;
        }
    }

    std::string_view format_;
    size_t pos_ = 0;
    bool little_ = true;
    int maxAlign_ = 1;
};

// Appends the low `size` bytes of value; bytes beyond the eighth are 0xff when negative.
void packInteger(std::string& out, uint64_t value, bool little, int size, bool negative) {
    char bytes[kMaxIntegerSize];
    for (int i = 0; i < size; ++i) {
        unsigned char b =
            i < 8 ? static_cast<unsigned char>(value >> (8 * i)) : (negative ? 0xff : 0);
        bytes[little ? i : size - 1 - i] = static_cast<char>(b);
    }
    out.append(bytes, static_cast<size_t>(size));
}

constexpr bool kHostLittle = std::endian::native == std::endian::little;

// Appends the bytes of a host scalar in the requested byte order.
void appendOrdered(std::string& out, const void* raw, size_t size, bool little) {
    const char* bytes = static_cast<const char*>(raw);
    for (size_t i = 0; i < size; ++i)
        out += bytes[little == kHostLittle ? i : size - 1 - i];
}

// Fills a host scalar from bytes stored in the given byte order.
void readOrdered(void* raw, const char* data, size_t size, bool little) {
    char* bytes = static_cast<char*>(raw);
    for (size_t i = 0; i < size; ++i)
        bytes[i] = data[little == kHostLittle ? i : size - 1 - i];
}

// double -> float with IEEE round-to-nearest, without the undefined out-of-range cast.
float toFloat(Number n) {
    if (std::isfinite(n) && std::fabs(n) >= 0x1.ffffffp127) return n > 0 ? HUGE_VALF : -HUGE_VALF;
    return static_cast<float>(n);
}

// Reads a `size`-byte integer; bytes beyond the eighth must only extend the sign.
bool unpackInteger(const char* data, bool little, int size, bool isSigned, uint64_t& out,
                   PackError& error) {
    auto byteAt = [&](int i) {
        return static_cast<unsigned char>(data[little ? i : size - 1 - i]);
    };
    int limit = size < 8 ? size : 8;
    uint64_t value = 0;
    for (int i = limit - 1; i >= 0; --i)
        value = (value << 8) | byteAt(i);
    if (size < 8) {
        if (isSigned) {
            uint64_t signBit = uint64_t{1} << (size * 8 - 1);
            value = (value ^ signBit) - signBit; // sign-extend
        }
    } else if (size > 8) {
        unsigned char extension = (!isSigned || static_cast<Integer>(value) >= 0) ? 0 : 0xff;
        for (int i = limit; i < size; ++i) {
            if (byteAt(i) != extension) {
                error = {0, std::to_string(size) + "-byte integer does not fit into Lua Integer"};
                return false;
            }
        }
    }
    out = value;
    return true;
}

bool packOne(const Item& item, int arg, bool little, PackArguments& args, std::string& out,
             size_t& laidOut, PackError& error) {
    switch (item.option) {
    case Option::Int: {
        Integer v;
        if (!args.getInteger(arg, v, error)) return false;
        if (item.size < 8) {
            Integer limit = Integer{1} << (item.size * 8 - 1);
            if (!(-limit <= v && v < limit)) return error = {arg, "integer overflow"}, false;
        }
        packInteger(out, static_cast<uint64_t>(v), little, item.size, v < 0);
        return true;
    }
    case Option::Uint: {
        Integer v;
        if (!args.getInteger(arg, v, error)) return false;
        if (item.size < 8 && static_cast<uint64_t>(v) >= (uint64_t{1} << (item.size * 8)))
            return error = {arg, "unsigned overflow"}, false;
        packInteger(out, static_cast<uint64_t>(v), little, item.size, false);
        return true;
    }
    case Option::Float: {
        Number n;
        if (!args.getNumber(arg, n, error)) return false;
        float f = toFloat(n);
        appendOrdered(out, &f, sizeof f, little);
        return true;
    }
    case Option::Double: {
        Number n;
        if (!args.getNumber(arg, n, error)) return false;
        appendOrdered(out, &n, sizeof n, little);
        return true;
    }
    case Option::Char: {
        std::string_view s;
        if (!args.getString(arg, s, error)) return false;
        if (s.size() > static_cast<size_t>(item.size))
            return error = {arg, "string longer than given size"}, false;
        out.append(s);
        out.append(static_cast<size_t>(item.size) - s.size(), '\0');
        return true;
    }
    case Option::String: {
        std::string_view s;
        if (!args.getString(arg, s, error)) return false;
        if (item.size < 8 && s.size() >= (uint64_t{1} << (item.size * 8)))
            return error = {arg, "string length does not fit in given size"}, false;
        packInteger(out, s.size(), little, item.size, false);
        out.append(s);
        laidOut += s.size();
        return true;
    }
    case Option::ZString: {
        std::string_view s;
        if (!args.getString(arg, s, error)) return false;
        if (s.find('\0') != std::string_view::npos)
            return error = {arg, "string contains zeros"}, false;
        out.append(s);
        out += '\0';
        laidOut += s.size() + 1;
        return true;
    }
    case Option::Padding: out += '\0'; return true;
    case Option::PadAlign:
    case Option::Nop: return true;
    }
    return true;
}

bool consumesArgument(Option option) {
    return option != Option::Padding && option != Option::PadAlign && option != Option::Nop;
}

} // namespace

bool packValues(std::string_view format, PackArguments& args, std::string& out, PackError& error) {
    FormatReader reader(format);
    int arg = 1;
    size_t laidOut = 0;
    while (!reader.atEnd()) {
        Item item;
        if (!reader.next(laidOut, item, error)) return false;
        laidOut += static_cast<size_t>(item.padding + item.size);
        out.append(static_cast<size_t>(item.padding), '\0');
        if (consumesArgument(item.option)) ++arg;
        if (!packOne(item, arg, reader.littleEndian(), args, out, laidOut, error)) return false;
    }
    return true;
}

bool packSize(std::string_view format, Integer& size, PackError& error) {
    FormatReader reader(format);
    size_t total = 0;
    while (!reader.atEnd()) {
        Item item;
        if (!reader.next(total, item, error)) return false;
        if (item.option == Option::String || item.option == Option::ZString)
            return error = {1, "variable-length format"}, false;
        size_t itemSize = static_cast<size_t>(item.padding + item.size);
        if (total > kMaxTotalSize - itemSize) return error = {1, "format result too large"}, false;
        total += itemSize;
    }
    size = static_cast<Integer>(total);
    return true;
}

namespace {

bool unpackOne(const Item& item, std::string_view data, size_t& pos, bool little,
               std::vector<PackValue>& out, PackError& error) {
    const char* at = data.data() + pos;
    switch (item.option) {
    case Option::Int:
    case Option::Uint: {
        uint64_t v;
        if (!unpackInteger(at, little, item.size, item.option == Option::Int, v, error))
            return false;
        out.push_back({PackValue::Kind::Integer, static_cast<Integer>(v), 0, {}});
        return true;
    }
    case Option::Float: {
        float f;
        readOrdered(&f, at, sizeof f, little);
        out.push_back({PackValue::Kind::Number, 0, static_cast<Number>(f), {}});
        return true;
    }
    case Option::Double: {
        Number n;
        readOrdered(&n, at, sizeof n, little);
        out.push_back({PackValue::Kind::Number, 0, n, {}});
        return true;
    }
    case Option::Char:
        out.push_back({PackValue::Kind::String, 0, 0, data.substr(pos, item.size)});
        return true;
    case Option::String: {
        uint64_t length;
        if (!unpackInteger(at, little, item.size, false, length, error)) return false;
        if (length > data.size() - pos - static_cast<size_t>(item.size))
            return error = {2, "data string too short"}, false;
        out.push_back({PackValue::Kind::String, 0, 0, data.substr(pos + item.size, length)});
        pos += length;
        return true;
    }
    case Option::ZString: {
        size_t end = data.find('\0', pos);
        if (end == std::string_view::npos)
            return error = {2, "unfinished string for format 'z'"}, false;
        out.push_back({PackValue::Kind::String, 0, 0, data.substr(pos, end - pos)});
        pos = end + 1;
        return true;
    }
    case Option::Padding:
    case Option::PadAlign:
    case Option::Nop: return true;
    }
    return true;
}

} // namespace

bool unpackValues(std::string_view format, std::string_view data, Integer init,
                  std::vector<PackValue>& out, Integer& nextPosition, PackError& error) {
    const uint64_t length = data.size();
    uint64_t start; // 1-based
    if (init > 0)
        start = static_cast<uint64_t>(init);
    else if (init == 0 || init < -static_cast<Integer>(length))
        start = 1;
    else
        start = length + static_cast<uint64_t>(init) + 1;
    if (start - 1 > length) return error = {3, "initial position out of string"}, false;
    size_t pos = static_cast<size_t>(start - 1);
    FormatReader reader(format);
    while (!reader.atEnd()) {
        Item item;
        if (!reader.next(pos, item, error)) return false;
        if (static_cast<size_t>(item.padding) + static_cast<size_t>(item.size) > data.size() - pos)
            return error = {2, "data string too short"}, false;
        pos += static_cast<size_t>(item.padding);
        if (!unpackOne(item, data, pos, reader.littleEndian(), out, error)) return false;
        pos += static_cast<size_t>(item.size);
    }
    nextPosition = static_cast<Integer>(pos) + 1;
    return true;
}

} // namespace tricolor
