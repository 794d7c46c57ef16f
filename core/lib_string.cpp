// lib_string.cpp — the `string` library and the string metatable.
//
// The heavy lifting lives in VM-independent engines: pattern.h (find, match,
// gmatch, gsub), strformat.h (format), strpack.h (pack, packsize, unpack) and
// dump.h (string.dump). This file binds them to Lua values with lua5.4's
// argument rules and messages.
//
// The string metatable has __index = string (so ("x"):rep(3) works) and the
// arithmetic metamethods through which Lua 5.4 coerces numeric strings
// ("10" + 1 == 11): the interpreter itself never converts strings for
// arithmetic.
//
// gsub with a function or table replacement calls Lua through kHostCallK:
// the match state is rebuilt from the subject and a byte position kept in
// the frame's context, and the result built so far lives in a stack slot,
// so a budget can pause inside the replacement function.
#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstring>
#include <new>
#include <string>
#include <type_traits>
#include <vector>

#include "core/auxlib.h"
#include "core/dump.h"
#include "core/interp.h"
#include "core/memory.h"
#include "core/number.h"
#include "core/pattern.h"
#include "core/stdlib.h"
#include "core/strformat.h"
#include "core/string.h"
#include "core/strpack.h"
#include "core/table.h"
#include "core/tm.h"

namespace tricolor {
namespace {

constexpr size_t kMaxStringSize = INT_MAX; // as lua5.4's string library MAXSIZE

// Converts a relative initial position (negative counts from the end) to an
// absolute one in [1, inf).
size_t startPosition(Integer pos, size_t len) {
    if (pos > 0) return size_t(pos);
    if (pos == 0) return 1;
    if (pos < -Integer(len)) return 1;
    return len + size_t(pos) + 1;
}

// Converts a relative end position to an absolute one in [0, len].
size_t endPosition(Integer pos, size_t len) {
    if (pos > Integer(len)) return len;
    if (pos >= 0) return size_t(pos);
    if (pos < -Integer(len)) return 0;
    return len + size_t(pos) + 1;
}

// Raises "not enough memory" early for results the VM could never hold (so
// no host-side buffer of that size is ever attempted).
void checkResultSize(VM& vm, size_t size) {
    if (size > vm.options.memoryLimit) raiseMemoryError(vm);
}

int strLen(VM& vm, HostCall& call) {
    return pushResult(vm, call, Value::integer(checkString(vm, call, 1)->length));
}

int strSub(VM& vm, HostCall& call) {
    std::string_view s = checkStringView(vm, call, 1);
    size_t i = startPosition(checkInteger(vm, call, 2), s.size());
    size_t j = endPosition(optInteger(vm, call, 3, -1), s.size());
    if (i > j) return pushResult(vm, call, stringValue(vm, ""));
    return pushResult(vm, call, stringValue(vm, s.substr(i - 1, j - i + 1)));
}

int strReverse(VM& vm, HostCall& call) {
    std::string s(checkStringView(vm, call, 1));
    std::string r(s.rbegin(), s.rend());
    return pushResult(vm, call, stringValue(vm, r));
}

int strLower(VM& vm, HostCall& call) {
    std::string s(checkStringView(vm, call, 1));
    for (char& c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return pushResult(vm, call, stringValue(vm, s));
}

int strUpper(VM& vm, HostCall& call) {
    std::string s(checkStringView(vm, call, 1));
    for (char& c : s)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return pushResult(vm, call, stringValue(vm, s));
}

int strRep(VM& vm, HostCall& call) {
    std::string_view s = checkStringView(vm, call, 1);
    Integer n = checkInteger(vm, call, 2);
    std::string_view sep = optStringView(vm, call, 3, "");
    if (n <= 0 || (s.empty() && sep.empty())) return pushResult(vm, call, stringValue(vm, ""));
    size_t unit = s.size() + sep.size();
    if (unit > kMaxStringSize / uint64_t(n)) libError(vm, call, "resulting string too large");
    size_t total = unit * size_t(n) - sep.size();
    checkResultSize(vm, total);
    std::string out;
    out.reserve(total);
    for (Integer k = 0; k < n; ++k) {
        out.append(s);
        if (k + 1 < n) out.append(sep);
    }
    return pushResult(vm, call, stringValue(vm, out));
}

int strByte(VM& vm, HostCall& call) {
    std::string_view s = checkStringView(vm, call, 1);
    Integer i = optInteger(vm, call, 2, 1);
    size_t first = startPosition(i, s.size());
    size_t last = endPosition(optInteger(vm, call, 3, i), s.size()); // default: the original i
    if (first > last) return 0;
    if (last - first >= size_t(INT_MAX)) libError(vm, call, "string slice too long");
    int n = int(last - first) + 1;
    checkResultSpace(vm, call, uint64_t(n), "string slice too long");
    for (int k = 0; k < n; ++k)
        call.push(vm, Value::integer(static_cast<unsigned char>(s[first - 1 + size_t(k)])));
    return n;
}

int strChar(VM& vm, HostCall& call) {
    std::string out;
    for (int i = 1; i <= call.count(); ++i) {
        Integer c = checkInteger(vm, call, i);
        argCheck(vm, call, uint64_t(c) <= 255u, i, "value out of range");
        out.push_back(char(c));
    }
    return pushResult(vm, call, stringValue(vm, out));
}

int strDump(VM& vm, HostCall& call) {
    checkType(vm, call, 1, LuaType::Function);
    bool strip = call.arg(2).isTruthy();
    Value f = call.arg(1);
    if (f.tag != Tag::LuaClosure) libError(vm, call, "unable to dump given function");
    std::string bytes = dumpProto(f.asLuaClosure()->proto, strip);
    return pushResult(vm, call, stringValue(vm, bytes));
}

// ---------------------------------------------------------------------------
// Patterns: find, match, gmatch, gsub (engine: pattern.h)

[[noreturn]] void patternError(VM& vm, HostCall& call, const PatternMatcher& m) {
    libError(vm, call, "%s", m.error().message().c_str());
}

// Pattern matching cannot be paused in the middle of a match, so it is bounded
// by the budget instead: one call may take kPatternStepsPerInstruction matcher
// steps per instruction of what the running run() slice has left plus the
// nested-call cap (interp.h: nonPausableBudget), and the steps it took are
// charged to the slice. A pathological pattern ends with "pattern too complex
// (step limit exceeded)" after about as long as 10^7 instructions take.
constexpr uint64_t kPatternStepsPerInstruction = 4;

class PatternBudget {
  public:
    PatternBudget(VM& vm, PatternMatcher& m) : vm_(vm), m_(m) {
        uint64_t instructions = nonPausableBudget(vm);
        uint64_t steps = instructions > UINT64_MAX / kPatternStepsPerInstruction
                             ? UINT64_MAX
                             : instructions * kPatternStepsPerInstruction;
        limit_ = std::min(steps, PatternLimits{}.maxSteps);
        m_.setStepLimit(limit_);
    }
    ~PatternBudget() { chargeBudget(vm_, (limit_ - m_.stepsLeft()) / kPatternStepsPerInstruction); }
    PatternBudget(const PatternBudget&) = delete;
    PatternBudget& operator=(const PatternBudget&) = delete;

  private:
    VM& vm_;
    PatternMatcher& m_;
    uint64_t limit_;
};

// The Lua value of capture i of the current match.
Value captureValue(VM& vm, HostCall& call, PatternMatcher& m, std::string_view subject, int i) {
    Capture c;
    if (!m.getCapture(i, c)) patternError(vm, call, m);
    if (c.isPosition) return Value::integer(Integer(c.start) + 1);
    return stringValue(vm, subject.substr(c.start, c.length));
}

// Pushes `count` captures (from 0) of the current match; returns count.
int pushCaptures(VM& vm, HostCall& call, PatternMatcher& m, std::string_view subject, int count) {
    for (int i = 0; i < count; ++i)
        call.push(vm, captureValue(vm, call, m, subject, i));
    return count;
}

// string.find (find = true) and string.match.
int findOrMatch(VM& vm, HostCall& call, bool find) {
    std::string_view s = checkStringView(vm, call, 1);
    std::string_view p = checkStringView(vm, call, 2);
    size_t init = startPosition(optInteger(vm, call, 3, 1), s.size()) - 1;
    if (init > s.size()) return pushResult(vm, call, Value());
    if (find && (call.arg(4).isTruthy() || !hasPatternSpecials(p))) {
        size_t at = plainFind(s, p, init);
        if (at == std::string_view::npos) return pushResult(vm, call, Value());
        call.push(vm, Value::integer(Integer(at) + 1));
        call.push(vm, Value::integer(Integer(at + p.size())));
        return 2;
    }
    PatternMatcher m(s, p, init);
    PatternBudget budget(vm, m);
    if (!m.next()) {
        if (m.failed()) patternError(vm, call, m);
        return pushResult(vm, call, Value());
    }
    if (!find) return pushCaptures(vm, call, m, s, m.resultCount());
    call.push(vm, Value::integer(Integer(m.matchStart()) + 1));
    call.push(vm, Value::integer(Integer(m.matchEnd())));
    return 2 + pushCaptures(vm, call, m, s, m.captureCount());
}

int strFind(VM& vm, HostCall& call) {
    return findOrMatch(vm, call, true);
}
int strMatch(VM& vm, HostCall& call) {
    return findOrMatch(vm, call, false);
}

// A PatternMatcher lives in the bytes of a userdata (it owns no heap memory
// and is trivially destructible, so the collector may simply free it); the
// subject and pattern strings it views are kept alive next to it.
static_assert(std::is_trivially_destructible_v<PatternMatcher>);

// A fresh userdata holding an unconstructed PatternMatcher.
PatternMatcher* newMatcherUserdata(VM& vm, Value& out) {
    Userdata* u = newObject<Userdata>(vm, Tag::Userdata, sizeof(PatternMatcher));
    u->size = sizeof(PatternMatcher);
    out = Value::object(u);
    return static_cast<PatternMatcher*>(u->bytes());
}

// The gmatch iterator. Upvalues: subject, pattern, matcher userdata (nil:
// the start position was past the end).
int gmatchStep(VM& vm, HostCall& call) {
    if (call.upvalues[2].isNil()) return 0;
    std::string_view s = view(call.upvalues[0].asString());
    auto* m = static_cast<PatternMatcher*>(call.upvalues[2].asUserdata()->bytes());
    PatternBudget budget(vm, *m);
    if (!m->next()) {
        if (m->failed()) patternError(vm, call, *m);
        return 0;
    }
    return pushCaptures(vm, call, *m, s, m->resultCount());
}

int strGmatch(VM& vm, HostCall& call) {
    String* s = checkString(vm, call, 1);
    String* p = checkString(vm, call, 2);
    size_t init = startPosition(optInteger(vm, call, 3, 1), s->length) - 1;
    if (init > s->length) init = s->length + 1;
    auto* c = newObject<HostClosure>(vm, Tag::HostClosure, 3 * sizeof(Value));
    c->fn = gmatchStep;
    c->numUpvalues = 3;
    Value* up = c->upvalues();
    up[0] = Value::object(s);
    up[1] = Value::object(p);
    up[2] = Value();
    call.push(vm, Value::object(c)); // anchor the closure before allocating again
    if (init > s->length) return 1;  // nothing to match: the iterator ends at once
    Value ud;
    PatternMatcher* m = newMatcherUserdata(vm, ud);
    new (m) PatternMatcher(view(s), view(p), init, PatternMatcher::Mode::Gmatch);
    up[2] = ud;
    writeBarrier(vm, c, ud);
    return 1;
}

// Appends the replacement for the current match, for a string or table
// replacement (function replacements go through gsubCallReplacement).
void appendValueReplacement(VM& vm, HostCall& call, PatternMatcher& m, std::string_view s,
                            Value repl, std::string& out);

// Appends what a replacement function or table produced for the current match.
void appendReplacementResult(VM& vm, HostCall& call, Value r, std::string_view whole,
                             std::string& out) {
    if (r.isFalsy()) {
        out.append(whole); // keep the original text
    } else if (r.isString()) {
        out.append(view(r.asString()));
    } else if (r.isNumber()) {
        out.append(view(numberToString(vm, r)));
    } else {
        libError(vm, call, "invalid replacement value (a %s)", luaTypeName(r.type()));
    }
}

// t[k] honouring __index (functions are called through callNested: not resumable).
Value indexForGsub(VM& vm, Value t, Value k) {
    for (int loop = 0; loop < 2000; ++loop) {
        Value handler;
        if (t.isTable()) {
            const Value* v = tableGet(t.asTable(), k);
            if (!v->isNil()) return *v;
            const Value* h = fastMetamethod(vm, t.asTable()->metatable, Metamethod::Index);
            if (h == nullptr) return Value();
            handler = *h;
        } else {
            handler = getMetafield(vm, t, Metamethod::Index);
            if (handler.isNil())
                raiseError(vm,
                           stringValue(vm, "attempt to index a " + objTypeName(vm, t) + " value"));
        }
        if (handler.isFunction()) {
            Thread* th = vm.current;
            uint32_t top = th->top;
            Value args[2] = {t, k};
            callNested(vm, handler, args, 2, 1);
            Value r = th->stack[th->top - 1];
            th->top = top;
            return r;
        }
        t = handler;
    }
    raiseError(vm, stringValue(vm, "'__index' chain too long; possible loop"));
}

void appendValueReplacement(VM& vm, HostCall& call, PatternMatcher& m, std::string_view s,
                            Value repl, std::string& out) {
    std::string_view whole = s.substr(m.matchStart(), m.matchEnd() - m.matchStart());
    if (repl.isString() || repl.isNumber()) {
        String* r = repl.isString() ? repl.asString() : numberToString(vm, repl);
        if (!m.expandReplacement(view(r), out)) patternError(vm, call, m);
        return;
    }
    Value key = captureValue(vm, call, m, s, 0);
    appendReplacementResult(vm, call, indexForGsub(vm, repl, key), whole, out);
}

// gsub with a function replacement runs as a state machine: its state
// (matcher and counters) lives in a userdata in the stack slot after the
// arguments and the output in a growable userdata in the slot after that, so
// the replacement calls are made with kHostCallK and nothing leaks if the
// gsub is abandoned (an error in the function, a dropped coroutine).
struct GsubState {
    PatternMatcher matcher;
    Integer count;
    Integer maxCount;
    size_t copied; // subject bytes before this offset are already in the output
    size_t length; // bytes in the output buffer
};
static_assert(std::is_trivially_destructible_v<GsubState>);

uint32_t gsubStateSlot(HostCall& call) {
    return call.base + uint32_t(call.nargs);
}

GsubState& gsubState(HostCall& call) {
    return *static_cast<GsubState*>(call.thread->stack[gsubStateSlot(call)].asUserdata()->bytes());
}

// Appends bytes to the output buffer, doubling it (a fresh userdata) when full.
void gsubAppend(VM& vm, HostCall& call, std::string_view piece) {
    uint32_t bufSlot = gsubStateSlot(call) + 1;
    Userdata* buf = call.thread->stack[bufSlot].asUserdata();
    size_t length = gsubState(call).length;
    if (length + piece.size() > buf->size) {
        size_t capacity = std::max(buf->size * 2, length + piece.size());
        checkResultSize(vm, capacity);
        Userdata* grown = newObject<Userdata>(vm, Tag::Userdata, capacity);
        grown->size = capacity;
        std::memcpy(grown->bytes(), buf->bytes(), length);
        call.thread->stack[bufSlot] = Value::object(grown);
        buf = grown;
    }
    std::memcpy(static_cast<char*>(buf->bytes()) + length, piece.data(), piece.size());
    gsubState(call).length = length + piece.size();
}

int gsubContinue(VM& vm, HostCall& call);

// Looks for the next match and calls the replacement function on it; at the
// end returns the result string and the count.
int gsubFunctionStep(VM& vm, HostCall& call) {
    std::string_view s = view(call.arg(1).asString());
    GsubState& st = gsubState(call);
    bool found = false;
    if (st.count < st.maxCount) {
        PatternBudget budget(vm, st.matcher);
        found = st.matcher.next();
    }
    if (found) {
        gsubAppend(vm, call, s.substr(st.copied, st.matcher.matchStart() - st.copied));
        GsubState& st2 = gsubState(call);
        ++st2.count;
        call.calleeIndex = call.top();
        call.push(vm, call.arg(3));
        pushCaptures(vm, call, st2.matcher, s, st2.matcher.resultCount());
        call.wantResults = 1;
        call.continuation = gsubContinue;
        return kHostCallK;
    }
    if (st.matcher.failed()) patternError(vm, call, st.matcher);
    gsubAppend(vm, call, s.substr(gsubState(call).copied));
    GsubState& done = gsubState(call);
    Userdata* buf = call.thread->stack[gsubStateSlot(call) + 1].asUserdata();
    Value result =
        stringValue(vm, std::string_view(static_cast<const char*>(buf->bytes()), done.length));
    call.push(vm, result);
    call.push(vm, Value::integer(done.count));
    return 2;
}

int gsubContinue(VM& vm, HostCall& call) {
    std::string_view s = view(call.arg(1).asString());
    Value r = call.thread->stack[call.top() - 1];
    setTop(call, gsubStateSlot(call) + 2);
    GsubState& st = gsubState(call);
    std::string piece;
    std::string_view whole =
        s.substr(st.matcher.matchStart(), st.matcher.matchEnd() - st.matcher.matchStart());
    appendReplacementResult(vm, call, r, whole, piece);
    gsubAppend(vm, call, piece);
    GsubState& st2 = gsubState(call);
    st2.copied = st2.matcher.matchEnd();
    return gsubFunctionStep(vm, call);
}

int strGsub(VM& vm, HostCall& call) {
    String* subject = checkString(vm, call, 1);
    String* pattern = checkString(vm, call, 2);
    std::string_view s = view(subject), p = view(pattern);
    Value repl = call.arg(3);
    if (!repl.isNumber() && !repl.isString() && !repl.isTable() && !repl.isFunction())
        typeError(vm, call, 3, "string/function/table");
    Integer maxCount = optInteger(vm, call, 4, Integer(s.size()) + 1);
    if (repl.isFunction()) {
        setTop(call, call.base + uint32_t(call.nargs));
        Userdata* u = newObject<Userdata>(vm, Tag::Userdata, sizeof(GsubState));
        u->size = sizeof(GsubState);
        call.push(vm, Value::object(u));
        GsubState* st = static_cast<GsubState*>(u->bytes());
        new (&st->matcher) PatternMatcher(s, p, 0);
        st->count = 0;
        st->maxCount = maxCount;
        st->copied = 0;
        st->length = 0;
        Userdata* buf = newObject<Userdata>(vm, Tag::Userdata, s.size());
        buf->size = s.size();
        call.push(vm, Value::object(buf));
        return gsubFunctionStep(vm, call);
    }
    PatternMatcher m(s, p, 0);
    PatternBudget budget(vm, m);
    std::string out;
    size_t copied = 0;
    Integer count = 0;
    while (count < maxCount && m.next()) {
        out.append(s.substr(copied, m.matchStart() - copied));
        ++count;
        appendValueReplacement(vm, call, m, s, repl, out);
        checkResultSize(vm, out.size());
        copied = m.matchEnd();
    }
    if (m.failed()) patternError(vm, call, m);
    out.append(s.substr(copied));
    checkResultSize(vm, out.size());
    call.push(vm, stringValue(vm, out));
    call.push(vm, Value::integer(count));
    return 2;
}

// ---------------------------------------------------------------------------
// string.format (engine: strformat.h)

// The engine's view of the arguments. Strings made for %s (numbers,
// __tostring results, "table: 0x...") are pushed on the stack so they stay
// reachable while later arguments are converted (a __tostring may collect).
// __tostring is called through callNested: string.format is not resumable
// while it runs one.
class LuaFormatArguments final : public FormatArguments {
  public:
    LuaFormatArguments(VM& vm, HostCall& call) : vm_(vm), call_(call) {}

    int top() const override { return call_.count(); }

    bool getInteger(int arg, Integer& out, FormatError& error) override {
        Value v = call_.arg(arg);
        if (toInteger(v, out)) return true;
        Number n;
        if (toNumber(v, n)) return fail(error, arg, "number has no integer representation");
        return fail(error, arg, "number expected, got " + typeNameForError(vm_, call_, arg));
    }

    bool getNumber(int arg, Number& out, FormatError& error) override {
        if (toNumber(call_.arg(arg), out)) return true;
        return fail(error, arg, "number expected, got " + typeNameForError(vm_, call_, arg));
    }

    bool getDisplayString(int arg, std::string_view& out, FormatError& error) override {
        if (!call_.hasArg(arg)) return fail(error, arg, "value expected");
        Value v = call_.arg(arg);
        if (v.isString()) {
            out = view(v.asString());
            return true;
        }
        String* s = toStringMeta(vm_, v);
        call_.push(vm_, Value::object(s));
        out = view(s);
        return true;
    }

    const void* getPointer(int arg) override {
        Value v = call_.arg(arg);
        switch (v.tag) {
        case Tag::LightUserdata: return v.p;
        case Tag::HostFunction: return reinterpret_cast<const void*>(v.fn);
        case Tag::Userdata: return v.asUserdata()->bytes();
        default: return v.isCollectable() ? static_cast<const void*>(v.gc) : nullptr;
        }
    }

    LiteralValue getLiteral(int arg) override {
        Value v = call_.arg(arg);
        LiteralValue lit;
        switch (v.tag) {
        case Tag::Nil: lit.kind = LiteralValue::Kind::Nil; break;
        case Tag::False:
        case Tag::True:
            lit.kind = LiteralValue::Kind::Boolean;
            lit.boolean = v.isTruthy();
            break;
        case Tag::Int:
            lit.kind = LiteralValue::Kind::Integer;
            lit.integer = v.i;
            break;
        case Tag::Float:
            lit.kind = LiteralValue::Kind::Number;
            lit.number = v.n;
            break;
        case Tag::String:
            lit.kind = LiteralValue::Kind::String;
            lit.string = view(v.asString());
            break;
        default: lit.kind = LiteralValue::Kind::Other; break;
        }
        return lit;
    }

  private:
    static bool fail(FormatError& error, int arg, std::string message) {
        error.argument = arg;
        error.message = std::move(message);
        return false;
    }

    VM& vm_;
    HostCall& call_;
};

int strFormat(VM& vm, HostCall& call) {
    std::string_view format = checkStringView(vm, call, 1);
    uint32_t top = call.top();
    LuaFormatArguments args(vm, call);
    std::string out;
    FormatError error;
    if (!formatLua(format, args, out, error)) {
        if (error.argument > 0) argError(vm, call, error.argument, error.message.c_str());
        libError(vm, call, "%s", error.message.c_str());
    }
    setTop(call, top);
    checkResultSize(vm, out.size());
    return pushResult(vm, call, stringValue(vm, out));
}

// ---------------------------------------------------------------------------
// string.pack / packsize / unpack (engine: strpack.h)

class LuaPackArguments final : public PackArguments {
  public:
    LuaPackArguments(VM& vm, HostCall& call) : vm_(vm), call_(call) {}

    bool getInteger(int arg, Integer& out, PackError& error) override {
        Value v = call_.arg(arg);
        if (toInteger(v, out)) return true;
        Number n;
        if (toNumber(v, n)) return fail(error, arg, "number has no integer representation");
        return fail(error, arg, "number expected, got " + gotName(arg));
    }

    bool getNumber(int arg, Number& out, PackError& error) override {
        if (toNumber(call_.arg(arg), out)) return true;
        return fail(error, arg, "number expected, got " + gotName(arg));
    }

    bool getString(int arg, std::string_view& out, PackError& error) override {
        Value v = call_.arg(arg);
        if (v.isString()) {
            out = view(v.asString());
            return true;
        }
        if (v.isNumber()) {
            String* s = numberToString(vm_, v);
            call_.argSlot(arg) = Value::object(s); // anchored, as lua_tolstring does
            out = view(s);
            return true;
        }
        return fail(error, arg, "string expected, got " + gotName(arg));
    }

  private:
    // lua5.4's pack pushes a nil after its arguments, so the first missing
    // one is reported as "nil" rather than "no value".
    std::string gotName(int arg) {
        if (arg == call_.count() + 1) return "nil";
        return typeNameForError(vm_, call_, arg);
    }

    static bool fail(PackError& error, int arg, std::string message) {
        error.argument = arg;
        error.message = std::move(message);
        return false;
    }

    VM& vm_;
    HostCall& call_;
};

[[noreturn]] void packError(VM& vm, HostCall& call, const PackError& error) {
    if (error.argument > 0) argError(vm, call, error.argument, error.message.c_str());
    libError(vm, call, "%s", error.message.c_str());
}

int strPack(VM& vm, HostCall& call) {
    std::string_view format = checkStringView(vm, call, 1);
    LuaPackArguments args(vm, call);
    std::string out;
    PackError error;
    if (!packValues(format, args, out, error)) packError(vm, call, error);
    return pushResult(vm, call, stringValue(vm, out));
}

int strPacksize(VM& vm, HostCall& call) {
    std::string_view format = checkStringView(vm, call, 1);
    Integer size = 0;
    PackError error;
    if (!packSize(format, size, error)) packError(vm, call, error);
    return pushResult(vm, call, Value::integer(size));
}

int strUnpack(VM& vm, HostCall& call) {
    std::string_view format = checkStringView(vm, call, 1);
    std::string_view data = checkStringView(vm, call, 2);
    Integer init = optInteger(vm, call, 3, 1);
    std::vector<PackValue> values;
    Integer next = 0;
    PackError error;
    if (!unpackValues(format, data, init, values, next, error)) packError(vm, call, error);
    for (const PackValue& v : values) {
        switch (v.kind) {
        case PackValue::Kind::Integer: call.push(vm, Value::integer(v.integer)); break;
        case PackValue::Kind::Number: call.push(vm, Value::number(v.number)); break;
        case PackValue::Kind::String: call.push(vm, stringValue(vm, v.string)); break;
        }
    }
    call.push(vm, Value::integer(next));
    return int(values.size()) + 1;
}

// ---------------------------------------------------------------------------
// Arithmetic metamethods of strings

enum class ArithOp { Add, Sub, Mul, Mod, Pow, Div, IDiv, Unm };

// A number, or a string that converts to one (the `tonum` of lua5.4's string library).
bool operandNumber(Value v, Value& out) {
    if (v.isNumber()) {
        out = v;
        return true;
    }
    if (!v.isString()) return false;
    auto num = parseNumeral(view(v.asString()));
    if (!num) return false;
    out = num->isInteger ? Value::integer(num->i) : Value::number(num->n);
    return true;
}

Value arith(VM& vm, ArithOp op, Value a, Value b) {
    bool ints = a.isInt() && b.isInt();
    switch (op) {
    case ArithOp::Add:
        return ints ? Value::integer(wrapAdd(a.i, b.i))
                    : Value::number(a.asNumber() + b.asNumber());
    case ArithOp::Sub:
        return ints ? Value::integer(wrapSub(a.i, b.i))
                    : Value::number(a.asNumber() - b.asNumber());
    case ArithOp::Mul:
        return ints ? Value::integer(wrapMul(a.i, b.i))
                    : Value::number(a.asNumber() * b.asNumber());
    case ArithOp::Div: return Value::number(a.asNumber() / b.asNumber());
    case ArithOp::Pow: return Value::number(std::pow(a.asNumber(), b.asNumber()));
    case ArithOp::IDiv:
        if (ints) {
            if (b.i == 0) raiseError(vm, stringValue(vm, "attempt to divide by zero"));
            return Value::integer(floorDiv(a.i, b.i));
        }
        return Value::number(floatFloorDiv(a.asNumber(), b.asNumber()));
    case ArithOp::Mod:
        if (ints) {
            if (b.i == 0) raiseError(vm, stringValue(vm, "attempt to perform 'n%0'"));
            return Value::integer(floorMod(a.i, b.i));
        }
        return Value::number(floatMod(a.asNumber(), b.asNumber()));
    case ArithOp::Unm: return a.isInt() ? Value::integer(wrapNeg(a.i)) : Value::number(-a.n);
    }
    return Value();
}

const char* const kArithEvents[] = {"add", "sub", "mul", "mod", "pow", "div", "idiv", "unm"};
const Metamethod kArithMetamethods[] = {Metamethod::Add,  Metamethod::Sub, Metamethod::Mul,
                                        Metamethod::Mod,  Metamethod::Pow, Metamethod::Div,
                                        Metamethod::IDiv, Metamethod::Unm};

int arithResult(VM&, HostCall&) {
    return 1;
}

int stringArith(VM& vm, HostCall& call, ArithOp op) {
    Value a = call.arg(1), b = call.arg(2);
    Value x, y;
    if (operandNumber(a, x) && operandNumber(b, y))
        return pushResult(vm, call, arith(vm, op, x, y));
    // The other operand may have its own metamethod for this event.
    Metamethod event = kArithMetamethods[int(op)];
    if (!b.isString()) {
        Value handler = getMetafield(vm, b, event);
        if (!handler.isNil()) return callThen(vm, call, handler, {a, b}, 1, arithResult);
    }
    libError(vm, call, "attempt to %s a '%s' with a '%s'", kArithEvents[int(op)],
             luaTypeName(a.type()), luaTypeName(b.type()));
}

int strAdd(VM& vm, HostCall& call) {
    return stringArith(vm, call, ArithOp::Add);
}
int strSubMM(VM& vm, HostCall& call) {
    return stringArith(vm, call, ArithOp::Sub);
}
int strMul(VM& vm, HostCall& call) {
    return stringArith(vm, call, ArithOp::Mul);
}
int strMod(VM& vm, HostCall& call) {
    return stringArith(vm, call, ArithOp::Mod);
}
int strPow(VM& vm, HostCall& call) {
    return stringArith(vm, call, ArithOp::Pow);
}
int strDiv(VM& vm, HostCall& call) {
    return stringArith(vm, call, ArithOp::Div);
}
int strIDiv(VM& vm, HostCall& call) {
    return stringArith(vm, call, ArithOp::IDiv);
}
int strUnm(VM& vm, HostCall& call) {
    return stringArith(vm, call, ArithOp::Unm);
}

const LibEntry kStringMetamethods[] = {
    {"__add", strAdd},   {"__sub", strSubMM}, {"__mul", strMul},
    {"__mod", strMod},   {"__pow", strPow},   {"__div", strDiv},
    {"__idiv", strIDiv}, {"__unm", strUnm},   {nullptr, nullptr},
};

const LibEntry kStringFunctions[] = {
    {"byte", strByte},     {"char", strChar},       {"dump", strDump}, {"find", strFind},
    {"format", strFormat}, {"gmatch", strGmatch},   {"gsub", strGsub}, {"len", strLen},
    {"lower", strLower},   {"match", strMatch},     {"pack", strPack}, {"packsize", strPacksize},
    {"rep", strRep},       {"reverse", strReverse}, {"sub", strSub},   {"unpack", strUnpack},
    {"upper", strUpper},   {nullptr, nullptr},
};

} // namespace

void openStringLib(VM& vm) {
    Table* string = newLib(vm, "string", kStringFunctions);
    Table* mt = newTable(vm);
    vm.typeMetatables[int(LuaType::String)] = mt;
    registerLib(vm, mt, kStringMetamethods, "");
    tableSetStr(vm, mt, internString(vm, "__index"), Value::object(string));
}

} // namespace tricolor
