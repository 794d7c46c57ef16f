// pattern.cpp - see pattern.h for the design.
#include "core/pattern.h"

#include <array>
#include <charconv>
#include <cstring>

namespace tricolor {

namespace {

// Character class bits for the "C" locale (what <ctype.h> answers before any setlocale).
enum ClassBit : uint16_t {
    kAlpha = 1 << 0,
    kControl = 1 << 1,
    kDigit = 1 << 2,
    kGraph = 1 << 3,
    kLower = 1 << 4,
    kPunct = 1 << 5,
    kSpace = 1 << 6,
    kUpper = 1 << 7,
    kHexDigit = 1 << 8,
    kNul = 1 << 9, // the deprecated %z class: the zero byte
};

constexpr std::array<uint16_t, 256> makeClassTable() {
    std::array<uint16_t, 256> t{};
    for (int c = 0; c < 256; ++c) {
        uint16_t bits = 0;
        bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
        bool digit = c >= '0' && c <= '9';
        if (upper) bits |= kUpper | kAlpha;
        if (lower) bits |= kLower | kAlpha;
        if (digit) bits |= kDigit;
        if (digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) bits |= kHexDigit;
        if (c < 32 || c == 127) bits |= kControl;
        if (c == ' ' || (c >= '\t' && c <= '\r')) bits |= kSpace;
        if (c > 32 && c < 127) bits |= kGraph;
        if (c > 32 && c < 127 && !upper && !lower && !digit) bits |= kPunct;
        if (c == 0) bits |= kNul;
        t[c] = bits;
    }
    return t;
}

constexpr std::array<uint16_t, 256> kClassTable = makeClassTable();

// For each byte: the class bits its letter names after '%' ('a' and 'A' alike), or 0 when
// the byte names no class and so stands for itself.
constexpr std::array<uint16_t, 256> makeLetterTable() {
    std::array<uint16_t, 256> t{};
    const struct {
        char letter;
        uint16_t bits;
    } classes[] = {{'a', kAlpha},          {'c', kControl},  {'d', kDigit}, {'g', kGraph},
                   {'l', kLower},          {'p', kPunct},    {'s', kSpace}, {'u', kUpper},
                   {'w', kAlpha | kDigit}, {'x', kHexDigit}, {'z', kNul}};
    for (auto [letter, bits] : classes) {
        t[static_cast<unsigned char>(letter)] = bits;
        t[static_cast<unsigned char>(letter - 'a' + 'A')] = bits;
    }
    return t;
}

constexpr std::array<uint16_t, 256> kLetterTable = makeLetterTable();

// Does byte c belong to the class named by the letter after '%'? Letters that name no class
// (and every non-letter) stand for themselves; an upper-case class letter complements it.
[[gnu::always_inline]] inline bool classMatches(unsigned char c, unsigned char letter) {
    uint16_t bits = kLetterTable[letter];
    if (bits == 0) return letter == c;
    bool inClass = (kClassTable[c] & bits) != 0;
    return inClass != (letter < 'a'); // class letters below 'a' are the upper-case ones
}

} // namespace

std::string PatternError::message() const {
    switch (kind) {
    case PatternErrorKind::None: return {};
    case PatternErrorKind::EndsWithPercent: return "malformed pattern (ends with '%')";
    case PatternErrorKind::MissingBracket: return "malformed pattern (missing ']')";
    case PatternErrorKind::MissingBalanceArguments:
        return "malformed pattern (missing arguments to '%b')";
    case PatternErrorKind::MissingFrontierBracket: return "missing '[' after '%f' in pattern";
    case PatternErrorKind::InvalidCaptureIndex:
        return "invalid capture index %" + std::to_string(captureIndex);
    case PatternErrorKind::InvalidPatternCapture: return "invalid pattern capture";
    case PatternErrorKind::UnfinishedCapture: return "unfinished capture";
    case PatternErrorKind::TooManyCaptures: return "too many captures";
    case PatternErrorKind::TooComplex: return "pattern too complex";
    case PatternErrorKind::StepLimit: return "pattern too complex (step limit exceeded)";
    case PatternErrorKind::InvalidReplacement: return "invalid use of '%' in replacement string";
    }
    return {};
}

bool hasPatternSpecials(std::string_view pattern) {
    return pattern.find_first_of(std::string_view("^$*+?.([%-", 10)) != std::string_view::npos;
}

size_t plainFind(std::string_view subject, std::string_view needle, size_t init) {
    size_t at = subject.find(needle, init);
    return at == std::string_view::npos ? SIZE_MAX : at;
}

PatternMatcher::PatternMatcher(std::string_view subject, std::string_view pattern, size_t init,
                               Mode mode, PatternLimits limits)
    : subject_(subject), pattern_(pattern), patternStart_(0), anchored_(false), position_(init),
      lastMatchEnd_(kFail), depthLeft_(limits.maxDepth), maxDepth_(limits.maxDepth),
      stepsLeft_(limits.maxSteps) {
    if (mode == Mode::HonourAnchor && !pattern.empty() && pattern[0] == '^') {
        anchored_ = true;
        patternStart_ = 1;
    }
    if (position_ > subject_.size()) exhausted_ = true;
    if (!anchored_) computeFirstItemFilter();
}

// When every match must begin with one byte matched by a simple item (after at most
// kMaxCaptures opening captures), start positions whose byte fails that item cannot match:
// next() skips them without running the matcher. Patterns whose first item could raise an
// error or match empty keep the plain path, so results and errors are unchanged.
void PatternMatcher::computeFirstItemFilter() {
    const size_t end = pattern_.size();
    size_t p = patternStart_;
    int opens = 0;
    while (p < end && pattern_[p] == '(') {
        p += (p + 1 < end && pattern_[p + 1] == ')') ? 2 : 1;
        ++opens;
    }
    if (opens > kMaxCaptures || p >= end) return;
    char c = pattern_[p];
    if (c == ')' || (c == '$' && p + 1 == end)) return;
    if (c == '%' && p + 1 < end) {
        char op = pattern_[p + 1];
        if (op == 'b' || op == 'f' || (op >= '0' && op <= '9')) return;
    }
    size_t ep = itemEnd(p);
    if (failed()) {
        error_ = {};
        return;
    }
    char quantifier = ep < end ? pattern_[ep] : '\0';
    if (quantifier == '*' || quantifier == '?' || quantifier == '-') return;
    firstItem_ = p;
    firstItemEnd_ = ep;
}

bool PatternMatcher::next() {
    if (exhausted_ || failed()) return false;
    for (;;) {
        size_t start = position_;
        if (firstItemEnd_ != 0) {
            size_t first = start;
            while (start < subject_.size() && !singleMatch(start, firstItem_, firstItemEnd_))
                ++start;
            if (start - first > stepsLeft_) { // one step per position skipped
                stepsLeft_ = 0;
                fail(PatternErrorKind::StepLimit);
                exhausted_ = true;
                return false;
            }
            stepsLeft_ -= start - first;
        }
        level_ = 0;
        depthLeft_ = maxDepth_;
        size_t end = match(start, patternStart_);
        if (failed()) {
            exhausted_ = true;
            return false;
        }
        if (end != kFail && end != lastMatchEnd_) {
            matchStart_ = start;
            matchEnd_ = lastMatchEnd_ = position_ = end;
            if (anchored_) exhausted_ = true;
            return true;
        }
        if (anchored_ || start >= subject_.size()) {
            exhausted_ = true;
            return false;
        }
        position_ = start + 1;
    }
}

bool PatternMatcher::getCapture(int i, Capture& out) {
    if (i >= level_) {
        if (i != 0) {
            fail(PatternErrorKind::InvalidCaptureIndex, i + 1);
            return false;
        }
        out = {matchStart_, matchEnd_ - matchStart_, false};
        return true;
    }
    const CaptureSlot& slot = captures_[i];
    if (slot.length == kUnfinished) {
        fail(PatternErrorKind::UnfinishedCapture);
        return false;
    }
    if (slot.length == kPositionLength)
        out = {slot.start, 0, true};
    else
        out = {slot.start, slot.length, false};
    return true;
}

bool PatternMatcher::expandReplacement(std::string_view replacement, std::string& out) {
    size_t i = 0;
    while (i < replacement.size()) {
        size_t percent = replacement.find('%', i);
        if (percent == std::string_view::npos) {
            out.append(replacement.substr(i));
            break;
        }
        out.append(replacement.substr(i, percent - i));
        char c = percent + 1 < replacement.size() ? replacement[percent + 1] : '\0';
        if (c == '%') {
            out += '%';
        } else if (c == '0') {
            out.append(subject_.substr(matchStart_, matchEnd_ - matchStart_));
        } else if (c >= '1' && c <= '9') {
            Capture capture;
            if (!getCapture(c - '1', capture)) return false;
            if (capture.isPosition) {
                char digits[24];
                auto r = std::to_chars(digits, digits + sizeof digits, capture.start + 1);
                out.append(digits, r.ptr);
            } else {
                out.append(subject_.substr(capture.start, capture.length));
            }
        } else {
            fail(PatternErrorKind::InvalidReplacement);
            return false;
        }
        i = percent + 2;
    }
    return true;
}

size_t PatternMatcher::fail(PatternErrorKind kind, int index) {
    if (!failed()) error_ = {kind, index};
    return kFail;
}

bool PatternMatcher::spendStep() {
    if (stepsLeft_ == 0) {
        fail(PatternErrorKind::StepLimit);
        return false;
    }
    --stepsLeft_;
    return true;
}

// Index just past the single-character item at p ("x", "%x", "." or "[set]").
// A set's first character (after an optional '^') never closes it, so "[]]" is a set of ']'.
size_t PatternMatcher::itemEnd(size_t p) {
    const size_t end = pattern_.size();
    char c = pattern_[p++];
    if (c == '%') {
        if (p >= end) return fail(PatternErrorKind::EndsWithPercent);
        return p + 1;
    }
    if (c != '[') return p;
    if (p < end && pattern_[p] == '^') ++p;
    do {
        if (p >= end) return fail(PatternErrorKind::MissingBracket);
        char member = pattern_[p++];
        if (member == '%' && p < end) ++p; // the escaped character is part of the set
    } while (p >= end || pattern_[p] != ']');
    return p + 1;
}

// Does byte c belong to the set whose '[' is at setStart and ']' at setClose?
bool PatternMatcher::setMatches(unsigned char c, size_t setStart, size_t setClose) const {
    bool positive = true;
    size_t i = setStart + 1;
    if (pattern_[i] == '^') {
        positive = false;
        ++i;
    }
    for (; i < setClose; ++i) {
        unsigned char member = static_cast<unsigned char>(pattern_[i]);
        if (member == '%') {
            ++i;
            if (classMatches(c, static_cast<unsigned char>(pattern_[i]))) return positive;
        } else if (i + 2 < setClose && pattern_[i + 1] == '-') {
            unsigned char high = static_cast<unsigned char>(pattern_[i + 2]);
            if (member <= c && c <= high) return positive;
            i += 2;
        } else if (member == c) {
            return positive;
        }
    }
    return !positive;
}

// Does the item [p, itemEnd) match the subject byte at s (false at the end of the subject)?
[[gnu::always_inline]] inline bool PatternMatcher::singleMatch(size_t s, size_t p,
                                                               size_t itemEnd) const {
    if (s >= subject_.size()) return false;
    unsigned char c = static_cast<unsigned char>(subject_[s]);
    switch (pattern_[p]) {
    case '.': return true;
    case '%': return classMatches(c, static_cast<unsigned char>(pattern_[p + 1]));
    case '[': return setMatches(c, p, itemEnd - 1);
    default: return static_cast<unsigned char>(pattern_[p]) == c;
    }
}

// Matches pattern_[p...] against subject_[s...]; returns the end of the match or kFail.
// Depth counts nested calls, like PUC's matchdepth, so "pattern too complex" triggers
// at the same nesting lua5.4 reports it.
size_t PatternMatcher::match(size_t s, size_t p) {
    if (depthLeft_ == 0) return fail(PatternErrorKind::TooComplex);
    --depthLeft_;
    const size_t end = pattern_.size();
    size_t result = kFail;
    for (;;) {
        if (!spendStep()) break;
        if (p == end) {
            result = s;
            break;
        }
        char c = pattern_[p];
        if (c == '(') {
            bool position = p + 1 < end && pattern_[p + 1] == ')';
            result = position ? startCapture(s, p + 2, kPositionLength)
                              : startCapture(s, p + 1, kUnfinished);
            break;
        }
        if (c == ')') {
            result = endCapture(s, p + 1);
            break;
        }
        if (c == '$' && p + 1 == end) {
            result = s == subject_.size() ? s : kFail;
            break;
        }
        if (c == '%' && p + 1 < end) {
            char op = pattern_[p + 1];
            if (op == 'b') {
                s = matchBalance(s, p + 2);
                if (s == kFail) break;
                p += 4;
                continue;
            }
            if (op == 'f') {
                p += 2;
                if (p >= end || pattern_[p] != '[') {
                    fail(PatternErrorKind::MissingFrontierBracket);
                    break;
                }
                size_t setEnd = itemEnd(p);
                if (failed() || !frontierMatches(s, p, setEnd - 1)) break;
                p = setEnd;
                continue;
            }
            if (op >= '0' && op <= '9') {
                s = matchBackReference(s, op);
                if (s == kFail) break;
                p += 2;
                continue;
            }
        }
        // A single-character item, possibly followed by a quantifier.
        size_t ep = itemEnd(p);
        if (failed()) break;
        char quantifier = ep < end ? pattern_[ep] : '\0';
        if (!singleMatch(s, p, ep)) {
            if (quantifier == '*' || quantifier == '?' || quantifier == '-') {
                p = ep + 1; // zero occurrences are fine
                continue;
            }
            break;
        }
        if (quantifier == '?') {
            result = match(s + 1, ep + 1);
            if (result != kFail || failed()) break;
            p = ep + 1;
            continue;
        }
        if (quantifier == '+') {
            result = maxExpand(s + 1, p, ep);
            break;
        }
        if (quantifier == '*') {
            result = maxExpand(s, p, ep);
            break;
        }
        if (quantifier == '-') {
            result = minExpand(s, p, ep);
            break;
        }
        ++s;
        p = ep;
    }
    ++depthLeft_;
    return failed() ? kFail : result;
}

// Greedy repetition: take as many items as possible, then give them back one at a time.
size_t PatternMatcher::maxExpand(size_t s, size_t p, size_t itemEnd) {
    size_t count = 0;
    while (singleMatch(s + count, p, itemEnd))
        ++count;
    if (count > stepsLeft_) { // one step per byte taken
        stepsLeft_ = 0;
        return fail(PatternErrorKind::StepLimit);
    }
    stepsLeft_ -= count;
    for (;;) {
        size_t result = match(s + count, itemEnd + 1);
        if (result != kFail || failed()) return result;
        if (count == 0) return kFail;
        --count;
    }
}

// Lazy repetition: try the rest of the pattern first, then take one more item.
size_t PatternMatcher::minExpand(size_t s, size_t p, size_t itemEnd) {
    for (;;) {
        size_t result = match(s, itemEnd + 1);
        if (result != kFail || failed()) return result;
        if (!singleMatch(s, p, itemEnd)) return kFail;
        ++s;
    }
}

size_t PatternMatcher::startCapture(size_t s, size_t p, size_t length) {
    if (level_ >= kMaxCaptures) return fail(PatternErrorKind::TooManyCaptures);
    captures_[level_] = {s, length};
    ++level_;
    size_t result = match(s, p);
    if (result == kFail) --level_;
    return result;
}

// Closes the innermost capture still open.
size_t PatternMatcher::endCapture(size_t s, size_t p) {
    int open = level_ - 1;
    while (open >= 0 && captures_[open].length != kUnfinished)
        --open;
    if (open < 0) return fail(PatternErrorKind::InvalidPatternCapture);
    captures_[open].length = s - captures_[open].start;
    size_t result = match(s, p);
    if (result == kFail) captures_[open].length = kUnfinished;
    return result;
}

// %bxy with x at pattern_[args] and y after it: a balanced run starting at s.
size_t PatternMatcher::matchBalance(size_t s, size_t args) {
    if (args + 1 >= pattern_.size()) return fail(PatternErrorKind::MissingBalanceArguments);
    char open = pattern_[args], close = pattern_[args + 1];
    if (s >= subject_.size() || subject_[s] != open) return kFail;
    int depth = 1;
    for (size_t i = s + 1; i < subject_.size(); ++i) {
        if (!spendStep()) return kFail;
        char c = subject_[i];
        if (c == close) {
            if (--depth == 0) return i + 1;
        } else if (c == open) {
            ++depth;
        }
    }
    return kFail;
}

// %f[set]: the previous byte (NUL at the start) is outside the set and the current byte
// (NUL at the end) is inside it.
bool PatternMatcher::frontierMatches(size_t s, size_t setStart, size_t setClose) {
    unsigned char previous = s == 0 ? 0 : static_cast<unsigned char>(subject_[s - 1]);
    unsigned char current = s < subject_.size() ? static_cast<unsigned char>(subject_[s]) : 0;
    return !setMatches(previous, setStart, setClose) && setMatches(current, setStart, setClose);
}

// Index of the closed capture a back-reference digit names, or -1 after recording an error.
int PatternMatcher::resolveBackReference(char digit) {
    int index = digit - '1';
    if (index < 0 || index >= level_ || captures_[index].length == kUnfinished) {
        fail(PatternErrorKind::InvalidCaptureIndex, index + 1);
        return -1;
    }
    return index;
}

// %1-%9: the same bytes as an earlier capture. A position capture never matches.
size_t PatternMatcher::matchBackReference(size_t s, char digit) {
    int index = resolveBackReference(digit);
    if (index < 0) return kFail;
    const CaptureSlot& slot = captures_[index];
    if (slot.length == kPositionLength) return kFail;
    if (subject_.size() - s < slot.length) return kFail;
    if (slot.length != 0 &&
        std::memcmp(subject_.data() + slot.start, subject_.data() + s, slot.length) != 0)
        return kFail;
    return s + slot.length;
}

} // namespace tricolor
