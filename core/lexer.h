// lexer.h - turns Lua 5.4 source text into tokens, and formats chunk names for messages.
//
// Owns: the token set of Lua 5.4, the scanning rules (names, numerals, short strings with
// every escape, long strings and comments with levels, line counting), and the wording of
// lexical errors, which is lua5.4's word for word ("malformed number near '3x'").
//
// Invariants kept:
//  - line() is what lua5.4 calls the current line number: the line where scanning stopped,
//    i.e. where the current token ends (or the lookahead token, once peek() was called).
//    The parser uses it for node lines and for the position of every error message.
//  - A newline is any of "\n", "\r", "\n\r", "\r\n"; each counts as one line.
//  - Errors are thrown as FrontEndError with the complete message (chunk id, line, "near"
//    part). FrontEndError never escapes the front end: parse() catches it.
//  - The lexer never reads outside the source view; the source may contain '\0' bytes.
#pragma once

#include "core/number.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace tricolor {

// The prefix lua5.4 puts before positions in messages, from a chunk name: "=stdin" ->
// "stdin", "@file.lua" -> "file.lua" (keeping the end of long names), any other name is
// source text -> [string "first line..."]. The result is at most 59 characters long
// (lua5.4's LUA_IDSIZE 60 minus the terminator), exactly as lua5.4 truncates.
std::string chunkId(std::string_view chunkname);

// An error found while compiling; `message` is complete and ready to return from load().
struct FrontEndError {
    std::string message;
};

enum class Tok : uint8_t {
    // Reserved words (in the order of the manual's list).
    And,
    Break,
    Do,
    Else,
    Elseif,
    End,
    False,
    For,
    Function,
    Goto,
    If,
    In,
    Local,
    Nil,
    Not,
    Or,
    Repeat,
    Return,
    Then,
    True,
    Until,
    While,
    // Multi-character symbols.
    IDiv,    // //
    Concat,  // ..
    Dots,    // ...
    Eq,      // ==
    Ge,      // >=
    Le,      // <=
    Ne,      // ~=
    Shl,     // <<
    Shr,     // >>
    DbColon, // ::
    // Tokens with a value.
    Eof,
    Flt, // a float numeral
    Int, // an integer numeral
    Name,
    String,
    // Any other single byte ('+', '(', '#', but also '@' or '$'): see Token::ch.
    Char,
};

struct Token {
    Tok type = Tok::Eof;
    char ch = 0;           // Tok::Char: the byte
    int line = 0;          // line where the token ends (lua5.4's linenumber while current)
    std::string text;      // Name: the name; String: the decoded value
    Integer i = 0;         // Tok::Int
    Number n = 0;          // Tok::Flt
    std::string_view raw;  // the token's source text (numerals and names show this)
    uint8_t longLevel = 0; // String: number of '=' of a long bracket
    char quote = 0;        // String: '"' or '\'' for short strings, 0 for long brackets
};

class Lexer {
  public:
    // chunkname as given to load() ("=stdin", "@f.lua", or the source itself).
    // skipShebang: what lua5.4 does for files only: skip a UTF-8 byte-order mark and a first
    // line starting with '#' (keeping its newline, so line numbers do not move).
    Lexer(std::string_view source, std::string_view chunkname, bool skipShebang);

    const Token& current() const { return current_; }
    // Consumes the current token and scans the next one.
    void next();
    // The token after the current one (scans it once; moves line() forward like lua5.4).
    const Token& peek();

    int line() const { return line_; }
    // Line where the last consumed token ended (lua5.4's lastline).
    int lastLine() const { return lastLine_; }
    const std::string& chunkIdText() const { return chunkId_; }

    // How a token appears after "near" or in "... expected": 'end', '<=', <eof>, '<\1>'...
    static std::string tokenName(Tok t, char ch = 0);
    // How the CURRENT token is shown after "near": names and numerals by their source
    // text, strings with their delimiters and decoded contents.
    std::string currentTokenText() const;

    // Errors at the current position, to be thrown by the caller:
    // "chunk:line: msg near 'current token'" / "chunk:line: msg".
    FrontEndError syntaxError(const std::string& msg) const;
    FrontEndError errorWithoutToken(const std::string& msg) const;

  private:
    void scan(Token& out);
    void scanInto(Token& out);
    bool atEnd() const { return pos_ >= src_.size(); }
    int cur() const { return atEnd() ? -1 : static_cast<unsigned char>(src_[pos_]); }
    int peekChar(size_t ahead) const;
    bool isNewline(int c) const { return c == '\n' || c == '\r'; }
    void skipNewline();
    void skipLineComment();
    int longBracketLevel();
    void readLongString(Token& out, int level, bool isComment, int startLine);
    void readShortString(Token& out, char quote);
    void readEscape();
    void readHexEscape();
    void readUtf8Escape();
    void readDecimalEscape();
    void skipZapWhitespace();
    void readNumeral(Token& out);
    void readName(Token& out);
    [[noreturn]] void lexError(const std::string& msg, bool nearEof) const;
    [[noreturn]] void escapeError(const std::string& msg);

    std::string_view src_;
    size_t pos_ = 0;
    int line_ = 1;
    int lastLine_ = 1;
    std::string chunkId_;
    Token current_;
    Token ahead_;
    bool hasAhead_ = false;
    // Text of the token being scanned, as lua5.4 shows it in lexical errors: the opening
    // delimiter, then decoded contents (raw while an escape is being read).
    std::string buf_;
};

} // namespace tricolor
