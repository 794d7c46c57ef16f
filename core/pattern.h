// pattern.h - Lua 5.4 pattern matching on byte strings, independent of the VM.
//
// Owns: the pattern language of the manual (section 6.4.1): character classes in the "C"
// locale (%a %c %d %g %l %p %s %u %w %x, the deprecated %z, their complements), sets with
// ranges and '^', '.', escapes, the quantifiers * + - ?, captures (including position
// captures "()"), back-references %1-%9, %b, %f, and the '^' / '$' anchors. Plus the pieces
// string.find / match / gmatch / gsub need, so their bindings stay thin: an iterator over
// successive matches with Lua's empty-match rules, capture extraction with Lua's "no
// captures means the whole match" rule, gsub replacement-string expansion, and the plain
// find that string.find uses when the pattern has no special characters.
//
// Semantics follow lua5.4 exactly, including *when* errors are raised: a malformed piece of
// a pattern is only diagnosed when matching reaches it (string.find("", "a[") is nil, not an
// error), and messages use PUC Lua's wording.
//
// Invariants and bounds:
//  - No allocation while matching; captures live in a fixed array of kMaxCaptures.
//  - Recursion depth is bounded (PatternLimits::maxDepth, 200 like PUC's MAXCCALLS, gives
//    "pattern too complex"), so a pattern cannot overflow the C++ stack.
//  - Work is bounded by a step budget (PatternLimits::maxSteps, counted over the whole life
//    of one PatternMatcher): a pathological pattern ends with a clean error instead of
//    hanging the page. PUC Lua has no such budget; the message is our own.
//  - Errors never throw: the matcher records the first error and unwinds by return values.
//  - Offsets are 0-based byte offsets into the subject; the binding adds 1 for Lua.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tricolor {

inline constexpr int kMaxCaptures = 32; // PUC's LUA_MAXCAPTURES

struct PatternLimits {
    int maxDepth = 200;              // nested matcher calls before "pattern too complex"
    uint64_t maxSteps = 200'000'000; // matcher steps per PatternMatcher before giving up
};

enum class PatternErrorKind {
    None,
    EndsWithPercent,         // malformed pattern (ends with '%')
    MissingBracket,          // malformed pattern (missing ']')
    MissingBalanceArguments, // malformed pattern (missing arguments to '%b')
    MissingFrontierBracket,  // missing '[' after '%f' in pattern
    InvalidCaptureIndex,     // invalid capture index %N
    InvalidPatternCapture,   // invalid pattern capture
    UnfinishedCapture,       // unfinished capture
    TooManyCaptures,         // too many captures
    TooComplex,              // pattern too complex
    StepLimit,               // pattern too complex (step limit exceeded)  [ours]
    InvalidReplacement,      // invalid use of '%' in replacement string
};

struct PatternError {
    PatternErrorKind kind = PatternErrorKind::None;
    int captureIndex = 0; // the N of "invalid capture index %N"
    // PUC Lua's message for this error (no position prefix: these come from C functions).
    std::string message() const;
};

// One capture's value: a substring of the subject, or a position (Lua value: start + 1).
struct Capture {
    size_t start;
    size_t length;
    bool isPosition;
};

// True when the pattern contains one of Lua's special characters "^$*+?.([%-"; when it does
// not, string.find does a plain substring search (so e.g. ")" is never a pattern error).
bool hasPatternSpecials(std::string_view pattern);

// Plain substring search from offset init (init <= subject.size()); npos when absent.
size_t plainFind(std::string_view subject, std::string_view needle, size_t init);

// Iterates over the matches of a pattern in a subject, the way find/match (first result
// only), gmatch and gsub walk it: try at each position from init; a match that ends where
// the previous match ended is skipped (so empty matches never repeat). With an anchored
// pattern ('^' first, honoured only when the mode says so) only the first position is tried.
class PatternMatcher {
  public:
    enum class Mode {
        HonourAnchor, // string.find, string.match, string.gsub: leading '^' anchors
        Gmatch,       // string.gmatch: a leading '^' is an ordinary character
    };

    // init is 0-based; an init beyond the end gives no match (the binding converts Lua's
    // init first, e.g. gmatch's init > #s + 1 becomes #s + 1).
    PatternMatcher(std::string_view subject, std::string_view pattern, size_t init = 0,
                   Mode mode = Mode::HonourAnchor, PatternLimits limits = {});

    // Finds the next match. Returns false when there is none or on error (see failed()).
    bool next();

    bool failed() const { return error_.kind != PatternErrorKind::None; }
    const PatternError& error() const { return error_; }

    // Valid after next() returned true.
    size_t matchStart() const { return matchStart_; }
    size_t matchEnd() const { return matchEnd_; }
    // Number of captures the pattern made (0 when it has none).
    int captureCount() const { return level_; }
    // Number of values string.match / gmatch / a gsub function receive: the captures, or
    // 1 (the whole match) when there are none. string.find returns only captureCount().
    int resultCount() const { return level_ == 0 ? 1 : level_; }
    // Capture i (0-based). With no captures, index 0 is the whole match. Errors:
    // "invalid capture index %N" and "unfinished capture". Returns false on error.
    bool getCapture(int i, Capture& out);

    // Appends gsub's expansion of a replacement string for the current match (%0-%9, %%;
    // position captures append their Lua integer value). Returns false on error.
    bool expandReplacement(std::string_view replacement, std::string& out);

    // Steps left in the budget (for tests and for bindings that report usage).
    uint64_t stepsLeft() const { return stepsLeft_; }
    // Sets the steps the next matches may take (bindings give each call its own share of the
    // VM's budget; a persistent matcher, as gmatch's, gets a fresh share at every call).
    void setStepLimit(uint64_t steps) { stepsLeft_ = steps; }

  private:
    static constexpr size_t kFail = SIZE_MAX;
    static constexpr size_t kUnfinished = SIZE_MAX; // capture length while open
    static constexpr size_t kPositionLength = SIZE_MAX - 1;

    struct CaptureSlot {
        size_t start;
        size_t length; // kUnfinished, kPositionLength or a byte count
    };

    void computeFirstItemFilter();
    size_t match(size_t s, size_t p);
    size_t matchItem(size_t s, size_t p, size_t itemEnd);
    size_t maxExpand(size_t s, size_t p, size_t itemEnd);
    size_t minExpand(size_t s, size_t p, size_t itemEnd);
    size_t startCapture(size_t s, size_t p, size_t length);
    size_t endCapture(size_t s, size_t p);
    size_t matchBalance(size_t s, size_t p);
    size_t matchBackReference(size_t s, char digit);
    bool frontierMatches(size_t s, size_t setStart, size_t setEnd);
    size_t itemEnd(size_t p);
    bool singleMatch(size_t s, size_t p, size_t itemEnd) const;
    bool setMatches(unsigned char c, size_t setStart, size_t setClose) const;
    int resolveBackReference(char digit);
    bool spendStep();
    size_t fail(PatternErrorKind kind, int index = 0);

    std::string_view subject_;
    std::string_view pattern_;
    size_t patternStart_;
    bool anchored_;
    size_t position_;     // next position to try
    size_t lastMatchEnd_; // end of the previous match, kFail before the first
    bool exhausted_ = false;
    size_t firstItem_ = 0;    // pattern index of the item every match starts with
    size_t firstItemEnd_ = 0; // its end, or 0 when no such filter applies
    size_t matchStart_ = 0;
    size_t matchEnd_ = 0;
    int level_ = 0;
    int depthLeft_;
    int maxDepth_;
    uint64_t stepsLeft_;
    PatternError error_;
    CaptureSlot captures_[kMaxCaptures];
};

} // namespace tricolor
