// lexer.cpp - scanning Lua 5.4 tokens. See lexer.h for the contract.
#include "core/lexer.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace tricolor {

namespace {

// Reserved words, indexed like the first entries of Tok.
constexpr std::array<std::string_view, 22> kReserved = {
    "and",      "break",  "do",   "else", "elseif", "end",  "false", "for",
    "function", "goto",   "if",   "in",   "local",  "nil",  "not",   "or",
    "repeat",   "return", "then", "true", "until",  "while"};

// For each letter, the index of the first reserved word starting with it (or the index of
// the next word after it in alphabetical order).
constexpr std::array<uint8_t, 26> kFirstReservedWith = [] {
    std::array<uint8_t, 26> first{};
    for (size_t letter = 0; letter < 26; ++letter) {
        size_t k = 0;
        while (k < kReserved.size() && static_cast<size_t>(kReserved[k][0] - 'a') < letter)
            ++k;
        first[letter] = static_cast<uint8_t>(k);
    }
    return first;
}();

constexpr std::array<std::string_view, 10> kSymbols = {
    "//", "..", "...", "==", ">=", "<=", "~=", "<<", ">>", "::"};

// Character classes of the C locale, as Lua uses them (no locale-dependent letters).
bool isDigit(int c) {
    return c >= '0' && c <= '9';
}
bool isAlpha(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isAlnum(int c) {
    return isAlpha(c) || isDigit(c);
}
bool isHexDigit(int c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool isSpace(int c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}
int hexValue(int c) {
    return isDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
}

// Appends the (extended, up to 6 bytes, as Lua allows up to 2^31) UTF-8 encoding of x.
void appendUtf8(std::string& out, uint32_t x) {
    if (x < 0x80) {
        out += static_cast<char>(x);
        return;
    }
    int count = x < 0x800 ? 2 : x < 0x10000 ? 3 : x < 0x200000 ? 4 : x < 0x4000000 ? 5 : 6;
    static constexpr unsigned char kLeadMarks[7] = {0, 0, 0xC0, 0xE0, 0xF0, 0xF8, 0xFC};
    char bytes[6];
    for (int k = count - 1; k > 0; --k) {
        bytes[k] = static_cast<char>(0x80 | (x & 0x3F));
        x >>= 6;
    }
    bytes[0] = static_cast<char>(kLeadMarks[count] | x);
    out.append(bytes, count);
}

// Quotes a token's text as lua5.4's "%s" formatting does: stops at the first '\0'.
std::string quoted(std::string_view text) {
    size_t nul = text.find('\0');
    if (nul != std::string_view::npos) text = text.substr(0, nul);
    std::string out = "'";
    out += text;
    out += '\'';
    return out;
}

} // namespace

std::string chunkId(std::string_view name) {
    constexpr size_t kMaxLength = 59; // LUA_IDSIZE (60) minus the terminating '\0'
    if (!name.empty() && name[0] == '=') return std::string(name.substr(1, kMaxLength));
    if (!name.empty() && name[0] == '@') {
        std::string_view file = name.substr(1);
        if (file.size() <= kMaxLength) return std::string(file);
        return "..." + std::string(file.substr(file.size() - (kMaxLength - 3)));
    }
    // Source text: its first line, cut so that the whole [string "..."] fits.
    constexpr std::string_view kPre = "[string \"", kPost = "\"]", kDots = "...";
    constexpr size_t kRoom = kMaxLength - kPre.size() - kDots.size() - kPost.size();
    size_t newline = name.find('\n');
    size_t nul = name.find('\0');
    if (nul != std::string_view::npos) name = name.substr(0, nul);
    if (newline == std::string_view::npos && name.size() < kRoom)
        return std::string(kPre) + std::string(name) + std::string(kPost);
    size_t length = std::min({newline, name.size(), kRoom});
    return std::string(kPre) + std::string(name.substr(0, length)) + std::string(kDots) +
           std::string(kPost);
}

Lexer::Lexer(std::string_view source, std::string_view chunkname, bool skipShebang)
    : src_(source), chunkId_(chunkId(chunkname)) {
    if (skipShebang) {
        if (src_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
        if (pos_ < src_.size() && src_[pos_] == '#') {
            while (pos_ < src_.size() && src_[pos_] != '\n')
                ++pos_; // keep the newline
        }
    }
}

void Lexer::next() {
    lastLine_ = line_;
    if (hasAhead_) {
        std::swap(current_, ahead_);
        hasAhead_ = false;
    } else {
        scan(current_);
    }
}

const Token& Lexer::peek() {
    if (!hasAhead_) {
        scan(ahead_);
        hasAhead_ = true;
    }
    return ahead_;
}

std::string Lexer::tokenName(Tok t, char ch) {
    auto index = static_cast<size_t>(t);
    if (index < kReserved.size()) return quoted(kReserved[index]);
    if (t >= Tok::IDiv && t <= Tok::DbColon)
        return quoted(kSymbols[index - static_cast<size_t>(Tok::IDiv)]);
    switch (t) {
    case Tok::Eof: return "<eof>";
    case Tok::Flt: return "<number>";
    case Tok::Int: return "<integer>";
    case Tok::Name: return "<name>";
    case Tok::String: return "<string>";
    default: break;
    }
    auto byte = static_cast<unsigned char>(ch);
    if (byte >= 32 && byte < 127) return quoted(std::string_view(&ch, 1));
    return "'<\\" + std::to_string(byte) + ">'";
}

std::string Lexer::currentTokenText() const {
    const Token& t = current_;
    switch (t.type) {
    case Tok::Name:
    case Tok::Int:
    case Tok::Flt: return quoted(t.raw);
    case Tok::String: {
        if (t.quote) return quoted(std::string(1, t.quote) + t.text + t.quote);
        std::string equals(t.longLevel, '=');
        return quoted("[" + equals + "[" + t.text + "]" + equals + "]");
    }
    default: return tokenName(t.type, t.ch);
    }
}

FrontEndError Lexer::syntaxError(const std::string& msg) const {
    // lua5.4 numbers tokens by their byte, so a '\0' byte is token 0, which its error
    // routine takes for "no token": the message then has no "near" part.
    if (current_.type == Tok::Char && current_.ch == '\0') return errorWithoutToken(msg);
    return FrontEndError{chunkId_ + ":" + std::to_string(line_) + ": " + msg + " near " +
                         currentTokenText()};
}

FrontEndError Lexer::errorWithoutToken(const std::string& msg) const {
    return FrontEndError{chunkId_ + ":" + std::to_string(line_) + ": " + msg};
}

void Lexer::lexError(const std::string& msg, bool nearEof) const {
    std::string near = nearEof ? "<eof>" : quoted(buf_);
    throw FrontEndError{chunkId_ + ":" + std::to_string(line_) + ": " + msg + " near " + near};
}

int Lexer::peekChar(size_t ahead) const {
    size_t at = pos_ + ahead;
    return at < src_.size() ? static_cast<unsigned char>(src_[at]) : -1;
}

// Skips one line break: "\n", "\r", "\n\r" or "\r\n".
void Lexer::skipNewline() {
    int first = cur();
    ++pos_;
    if (isNewline(cur()) && cur() != first) ++pos_;
    ++line_;
}

void Lexer::skipLineComment() {
    while (!atEnd() && !isNewline(cur()))
        ++pos_;
}

// At '[' or ']': the number of '=' between it and a second bracket of the same kind.
// Returns -1 when there is no second bracket after no '=' (a plain bracket) and -2 - n
// when n > 0 '=' are not followed by the bracket (a malformed delimiter). Does not move.
int Lexer::longBracketLevel() {
    int bracket = cur();
    size_t count = 0;
    while (peekChar(1 + count) == '=')
        ++count;
    if (peekChar(1 + count) == bracket) return static_cast<int>(count);
    return count == 0 ? -1 : -2 - static_cast<int>(count);
}

// Reads a long string or comment whose opening bracket (of `level` '=') starts at pos_.
// A line break right after the opening bracket is not part of the contents.
void Lexer::readLongString(Token& out, int level, bool isComment, int startLine) {
    pos_ += static_cast<size_t>(level) + 2;
    if (isNewline(cur())) skipNewline();
    buf_.clear();
    for (;;) {
        int c = cur();
        if (c < 0) {
            std::string what = isComment ? "comment" : "string";
            lexError("unfinished long " + what + " (starting at line " + std::to_string(startLine) +
                         ")",
                     true);
        }
        if (c == ']' && longBracketLevel() == level) {
            pos_ += static_cast<size_t>(level) + 2;
            break;
        }
        if (isNewline(c)) {
            skipNewline();
            if (!isComment) buf_ += '\n';
        } else {
            ++pos_;
            if (!isComment) buf_ += static_cast<char>(c);
        }
    }
    if (isComment) return;
    out.type = Tok::String;
    out.text = buf_;
    out.longLevel = static_cast<uint8_t>(level);
    out.quote = 0;
}

// An escape error: lua5.4 shows the escape read so far plus the offending character.
void Lexer::escapeError(const std::string& msg) {
    if (!atEnd()) buf_ += src_[pos_++];
    lexError(msg, false);
}

void Lexer::readShortString(Token& out, char quote) {
    buf_.assign(1, quote);
    ++pos_;
    for (;;) {
        int c = cur();
        if (c == quote) {
            ++pos_;
            break;
        }
        if (c < 0) lexError("unfinished string", true);
        if (isNewline(c)) lexError("unfinished string", false);
        if (c == '\\') {
            readEscape();
        } else {
            buf_ += static_cast<char>(c);
            ++pos_;
        }
    }
    out.type = Tok::String;
    out.text.assign(buf_, 1, std::string::npos);
    out.quote = quote;
    out.longLevel = 0;
    buf_ += quote;
}

// At '\\' inside a short string: decodes one escape sequence into buf_. While the escape
// is being read, buf_ holds its raw characters (for error messages); they are then
// replaced by the decoded bytes.
void Lexer::readEscape() {
    size_t start = buf_.size();
    buf_ += '\\';
    ++pos_;
    int c = cur();
    char simple = 0;
    switch (c) {
    case 'a': simple = '\a'; break;
    case 'b': simple = '\b'; break;
    case 'f': simple = '\f'; break;
    case 'n': simple = '\n'; break;
    case 'r': simple = '\r'; break;
    case 't': simple = '\t'; break;
    case 'v': simple = '\v'; break;
    case '\\':
    case '"':
    case '\'': simple = static_cast<char>(c); break;
    case '\n':
    case '\r':
        skipNewline();
        buf_.resize(start);
        buf_ += '\n';
        return;
    case 'x': readHexEscape(); return;
    case 'u': readUtf8Escape(); return;
    case 'z':
        ++pos_;
        buf_.resize(start);
        skipZapWhitespace();
        return;
    case -1: return; // the caller reports "unfinished string"
    default:
        if (!isDigit(c)) escapeError("invalid escape sequence");
        readDecimalEscape();
        return;
    }
    ++pos_;
    buf_.resize(start);
    buf_ += simple;
}

// \xXX: exactly two hexadecimal digits.
void Lexer::readHexEscape() {
    size_t start = buf_.size() - 1;
    buf_ += 'x';
    ++pos_;
    int value = 0;
    for (int k = 0; k < 2; ++k) {
        if (!isHexDigit(cur())) escapeError("hexadecimal digit expected");
        value = value * 16 + hexValue(cur());
        buf_ += src_[pos_++];
    }
    buf_.resize(start);
    buf_ += static_cast<char>(value);
}

// \u{XXX}: one or more hexadecimal digits, value below 2^31.
void Lexer::readUtf8Escape() {
    size_t start = buf_.size() - 1;
    buf_ += 'u';
    ++pos_;
    if (cur() != '{') escapeError("missing '{'");
    buf_ += src_[pos_++];
    if (!isHexDigit(cur())) escapeError("hexadecimal digit expected");
    uint32_t value = 0;
    while (isHexDigit(cur())) {
        if (value > (0x7FFFFFFFu >> 4)) escapeError("UTF-8 value too large");
        value = value * 16 + static_cast<uint32_t>(hexValue(cur()));
        buf_ += src_[pos_++];
    }
    if (cur() != '}') escapeError("missing '}'");
    ++pos_;
    buf_.resize(start);
    appendUtf8(buf_, value);
}

// \ddd: up to three decimal digits, value at most 255.
void Lexer::readDecimalEscape() {
    size_t start = buf_.size() - 1;
    int value = 0;
    for (int k = 0; k < 3 && isDigit(cur()); ++k) {
        value = value * 10 + (cur() - '0');
        buf_ += src_[pos_++];
    }
    if (value > 255) escapeError("decimal escape too large");
    buf_.resize(start);
    buf_ += static_cast<char>(value);
}

// \z: skips the following whitespace, line breaks included.
void Lexer::skipZapWhitespace() {
    while (isSpace(cur())) {
        if (isNewline(cur()))
            skipNewline();
        else
            ++pos_;
    }
}

// A numeral is the longest run of hexadecimal digits and '.', where an exponent mark
// ('e'/'E', or 'p'/'P' after a "0x" prefix) may be followed by a sign. A letter right after
// the run is taken too, so that "3x" is reported whole. number.h does the conversion.
void Lexer::readNumeral(Token& out) {
    size_t start = pos_;
    const char* exponentMarks = "Ee";
    if (cur() == '.') ++pos_; // lua5.4 looks for "0x" after a leading '.' too (".0x1" is hex)
    if (cur() == '0' && (peekChar(1) == 'x' || peekChar(1) == 'X')) {
        pos_ += 2;
        exponentMarks = "Pp";
    }
    for (;;) {
        int c = cur();
        if (c > 0 && (c == exponentMarks[0] || c == exponentMarks[1])) {
            ++pos_;
            if (cur() == '+' || cur() == '-') ++pos_;
        } else if (isHexDigit(c) || c == '.') {
            ++pos_;
        } else {
            break;
        }
    }
    if (isAlpha(cur())) ++pos_;
    std::string_view text = src_.substr(start, pos_ - start);
    std::optional<Numeral> value = parseNumeral(text, NumeralSyntax::Lexer);
    if (!value) {
        buf_.assign(text);
        lexError("malformed number", false);
    }
    if (value->isInteger) {
        out.type = Tok::Int;
        out.i = value->i;
    } else {
        out.type = Tok::Flt;
        out.n = value->n;
    }
}

void Lexer::readName(Token& out) {
    size_t start = pos_;
    while (isAlnum(cur()))
        ++pos_;
    std::string_view word = src_.substr(start, pos_ - start);
    if (word[0] >= 'a' && word[0] <= 'z' && word.size() <= 8) {
        // kReserved is sorted: only the words with the same first letter are candidates.
        for (size_t k = kFirstReservedWith[word[0] - 'a'];
             k < kReserved.size() && kReserved[k][0] == word[0]; ++k) {
            if (kReserved[k] == word) {
                out.type = static_cast<Tok>(k);
                return;
            }
        }
    }
    out.type = Tok::Name;
    out.text.assign(word);
}

void Lexer::scan(Token& out) {
    scanInto(out);
    out.line = line_;
}

// Scans one token into `out` (skipping whitespace and comments first).
void Lexer::scanInto(Token& out) {
    for (;;) {
        size_t start = pos_;
        int c = cur();
        auto single = [&](Tok t, size_t length) {
            pos_ += length;
            out.type = t;
            out.raw = src_.substr(start, length);
        };
        auto oneChar = [&]() {
            single(Tok::Char, 1);
            out.ch = static_cast<char>(c);
        };
        auto twoChar = [&](char second, Tok t) {
            if (peekChar(1) == second)
                single(t, 2);
            else
                oneChar();
        };
        switch (c) {
        case -1:
            out.type = Tok::Eof;
            out.raw = {};
            return;
        case '\n':
        case '\r': skipNewline(); continue;
        case ' ':
        case '\t':
        case '\v':
        case '\f': ++pos_; continue;
        case '-':
            if (peekChar(1) != '-') return oneChar();
            pos_ += 2;
            if (cur() == '[') {
                int level = longBracketLevel();
                if (level >= 0) {
                    readLongString(out, level, true, line_);
                    continue;
                }
            }
            skipLineComment();
            continue;
        case '[': {
            int level = longBracketLevel();
            if (level >= 0) {
                readLongString(out, level, false, line_);
                out.raw = src_.substr(start, pos_ - start);
                return;
            }
            if (level == -1) return oneChar();
            buf_ = "[" + std::string(static_cast<size_t>(-2 - level), '=');
            lexError("invalid long string delimiter", false);
        }
        case '=': return twoChar('=', Tok::Eq);
        case '<':
            if (peekChar(1) == '<') return single(Tok::Shl, 2);
            return twoChar('=', Tok::Le);
        case '>':
            if (peekChar(1) == '>') return single(Tok::Shr, 2);
            return twoChar('=', Tok::Ge);
        case '/': return twoChar('/', Tok::IDiv);
        case '~': return twoChar('=', Tok::Ne);
        case ':': return twoChar(':', Tok::DbColon);
        case '"':
        case '\'':
            readShortString(out, static_cast<char>(c));
            out.raw = src_.substr(start, pos_ - start);
            return;
        case '.':
            if (peekChar(1) == '.') {
                if (peekChar(2) == '.') return single(Tok::Dots, 3);
                return single(Tok::Concat, 2);
            }
            if (!isDigit(peekChar(1))) return oneChar();
            readNumeral(out);
            out.raw = src_.substr(start, pos_ - start);
            return;
        default:
            if (isDigit(c)) {
                readNumeral(out);
            } else if (isAlpha(c)) {
                readName(out);
            } else {
                return oneChar();
            }
            out.raw = src_.substr(start, pos_ - start);
            return;
        }
    }
}

} // namespace tricolor
