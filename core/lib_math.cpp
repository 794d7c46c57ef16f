// lib_math.cpp — the `math` library.
//
// Integer/float distinctions follow lua5.4: floor/ceil/modf give integers
// when the result fits, abs/fmod/max/min keep integers integers, and max/min
// return the winning argument itself (so its subtype is preserved). The
// random generator (xoshiro256**, the same sequence as lua5.4 for the same
// seed) is the engine in random.h; its state lives in LibState.
#include <cmath>
#include <cstring>
#include <ctime>

#include "core/auxlib.h"
#include "core/interp.h"
#include "core/number.h"
#include "core/random.h"
#include "core/stdlib.h"
#include "core/string.h"
#include "core/table.h"

namespace tricolor {
namespace {

// A float result as an integer when it has an exact integer value in range.
Value floatOrInteger(Number f) {
    auto i = floatToInteger(f, FloatToIntMode::Exact);
    return i ? Value::integer(*i) : Value::number(f);
}

int mathAbs(VM& vm, HostCall& call) {
    Value v = call.arg(1);
    if (v.isInt()) return pushResult(vm, call, Value::integer(v.i < 0 ? wrapNeg(v.i) : v.i));
    return pushResult(vm, call, Value::number(std::fabs(checkNumber(vm, call, 1))));
}

int mathFloor(VM& vm, HostCall& call) {
    Value v = call.arg(1);
    if (v.isInt()) return pushResult(vm, call, v);
    return pushResult(vm, call, floatOrInteger(std::floor(checkNumber(vm, call, 1))));
}

int mathCeil(VM& vm, HostCall& call) {
    Value v = call.arg(1);
    if (v.isInt()) return pushResult(vm, call, v);
    return pushResult(vm, call, floatOrInteger(std::ceil(checkNumber(vm, call, 1))));
}

int mathFmod(VM& vm, HostCall& call) {
    Value a = call.arg(1), b = call.arg(2);
    if (a.isInt() && b.isInt()) {
        if (b.i == 0) argError(vm, call, 2, "zero");
        if (b.i == -1) return pushResult(vm, call, Value::integer(0)); // avoids min % -1 overflow
        return pushResult(vm, call, Value::integer(a.i % b.i));        // C remainder: sign of a
    }
    Number x = checkNumber(vm, call, 1), y = checkNumber(vm, call, 2);
    return pushResult(vm, call, Value::number(std::fmod(x, y)));
}

int mathModf(VM& vm, HostCall& call) {
    Value v = call.arg(1);
    if (v.isInt()) {
        call.push(vm, v);
        call.push(vm, Value::number(0.0));
        return 2;
    }
    Number n = checkNumber(vm, call, 1);
    Number whole = n < 0 ? std::ceil(n) : std::floor(n);
    call.push(vm, floatOrInteger(whole));
    call.push(vm, Value::number(std::isinf(n) ? 0.0 : n - whole));
    return 2;
}

int mathSqrt(VM& vm, HostCall& call) {
    return pushResult(vm, call, Value::number(std::sqrt(checkNumber(vm, call, 1))));
}
int mathExp(VM& vm, HostCall& call) {
    return pushResult(vm, call, Value::number(std::exp(checkNumber(vm, call, 1))));
}
int mathSin(VM& vm, HostCall& call) {
    return pushResult(vm, call, Value::number(std::sin(checkNumber(vm, call, 1))));
}
int mathCos(VM& vm, HostCall& call) {
    return pushResult(vm, call, Value::number(std::cos(checkNumber(vm, call, 1))));
}
int mathTan(VM& vm, HostCall& call) {
    return pushResult(vm, call, Value::number(std::tan(checkNumber(vm, call, 1))));
}
int mathAsin(VM& vm, HostCall& call) {
    return pushResult(vm, call, Value::number(std::asin(checkNumber(vm, call, 1))));
}
int mathAcos(VM& vm, HostCall& call) {
    return pushResult(vm, call, Value::number(std::acos(checkNumber(vm, call, 1))));
}
int mathAtan(VM& vm, HostCall& call) {
    Number y = checkNumber(vm, call, 1);
    Number x = optNumber(vm, call, 2, 1.0);
    return pushResult(vm, call, Value::number(std::atan2(y, x)));
}
int mathDeg(VM& vm, HostCall& call) {
    return pushResult(vm, call, Value::number(checkNumber(vm, call, 1) * (180.0 / M_PI)));
}
int mathRad(VM& vm, HostCall& call) {
    return pushResult(vm, call, Value::number(checkNumber(vm, call, 1) * (M_PI / 180.0)));
}

// --- lua5.3 compatibility functions (LUA_COMPAT_MATHLIB) ---------------------
// Debian's lua5.4, the oracle, is built with them, so scripts written for 5.3
// (math.pow, math.log10, ...) behave the same here.

int mathCosh(VM& vm, HostCall& call) {
    return pushResult(vm, call, Value::number(std::cosh(checkNumber(vm, call, 1))));
}
int mathSinh(VM& vm, HostCall& call) {
    return pushResult(vm, call, Value::number(std::sinh(checkNumber(vm, call, 1))));
}
int mathTanh(VM& vm, HostCall& call) {
    return pushResult(vm, call, Value::number(std::tanh(checkNumber(vm, call, 1))));
}
int mathPow(VM& vm, HostCall& call) {
    Number x = checkNumber(vm, call, 1);
    Number y = checkNumber(vm, call, 2);
    return pushResult(vm, call, Value::number(std::pow(x, y)));
}
int mathLog10(VM& vm, HostCall& call) {
    return pushResult(vm, call, Value::number(std::log10(checkNumber(vm, call, 1))));
}
// frexp: the mantissa (float) and the exponent (integer).
int mathFrexp(VM& vm, HostCall& call) {
    int e = 0;
    Number m = std::frexp(checkNumber(vm, call, 1), &e);
    call.push(vm, Value::number(m));
    call.push(vm, Value::integer(e));
    return 2;
}
// ldexp: the exponent must be an integer; it is narrowed to an int as lua5.4 does.
int mathLdexp(VM& vm, HostCall& call) {
    Number m = checkNumber(vm, call, 1);
    int e = static_cast<int>(checkInteger(vm, call, 2));
    return pushResult(vm, call, Value::number(std::ldexp(m, e)));
}

int mathLog(VM& vm, HostCall& call) {
    Number x = checkNumber(vm, call, 1);
    if (call.arg(2).isNil()) return pushResult(vm, call, Value::number(std::log(x)));
    Number base = checkNumber(vm, call, 2);
    Number r;
    if (base == 2.0)
        r = std::log2(x);
    else if (base == 10.0)
        r = std::log10(x);
    else
        r = std::log(x) / std::log(base);
    return pushResult(vm, call, Value::number(r));
}

int mathToInteger(VM& vm, HostCall& call) {
    Integer i;
    if (toInteger(call.arg(1), i)) return pushResult(vm, call, Value::integer(i));
    checkAny(vm, call, 1);
    return pushResult(vm, call, Value());
}

int mathType(VM& vm, HostCall& call) {
    checkAny(vm, call, 1);
    Value v = call.arg(1);
    if (!v.isNumber()) return pushResult(vm, call, Value());
    return pushResult(vm, call, stringValue(vm, v.isInt() ? "integer" : "float"));
}

int mathUlt(VM& vm, HostCall& call) {
    Integer a = checkInteger(vm, call, 1), b = checkInteger(vm, call, 2);
    return pushResult(vm, call, Value::boolean(uint64_t(a) < uint64_t(b)));
}

// `a < b` as the operator compares (metamethods other than the
// primitive cases are not consulted: "attempt to compare").
bool argLess(VM& vm, Value a, Value b) {
    bool less;
    if (!primitiveLess(a, b, less)) orderError(vm, a, b);
    return less;
}

int minOrMax(VM& vm, HostCall& call, bool wantMax) {
    // As lua5.4: only "value expected"; the arguments are compared with `<`.
    int n = call.count();
    argCheck(vm, call, n >= 1, 1, "value expected");
    int best = 1;
    for (int i = 2; i <= n; ++i) {
        bool better = wantMax ? argLess(vm, call.arg(best), call.arg(i))
                              : argLess(vm, call.arg(i), call.arg(best));
        if (better) best = i;
    }
    return pushResult(vm, call, call.arg(best));
}
int mathMax(VM& vm, HostCall& call) {
    return minOrMax(vm, call, true);
}
int mathMin(VM& vm, HostCall& call) {
    return minOrMax(vm, call, false);
}

// ---------------------------------------------------------------------------
// Random numbers (engine: random.h, xoshiro256** as lua5.4; state in LibState)

RandomState& generator(VM& vm) {
    static_assert(sizeof(RandomState) == sizeof(LibState::randomState));
    return *reinterpret_cast<RandomState*>(libState(vm).randomState);
}

// As lua5.4, the next value is drawn before the arguments are checked, so a
// call that raises an error still advances the sequence.
int mathRandom(VM& vm, HostCall& call) {
    RandomState& g = generator(vm);
    uint64_t bits = nextRandom(g);
    Integer low, up;
    switch (call.count()) {
    case 0: return pushResult(vm, call, Value::number(unitFloatFromBits(bits)));
    case 1:
        low = 1;
        up = checkInteger(vm, call, 1);
        if (up == 0) return pushResult(vm, call, Value::integer(static_cast<Integer>(bits)));
        break;
    case 2:
        low = checkInteger(vm, call, 1);
        up = checkInteger(vm, call, 2);
        break;
    default: libError(vm, call, "wrong number of arguments");
    }
    argCheck(vm, call, low <= up, 1, "interval is empty");
    return pushResult(vm, call, Value::integer(rangeFromBits(g, bits, low, up)));
}

// Seeds from LibState's clock (lua5.4 uses the time and an address): the real
// clock varies from run to run, while a recording's virtual clock makes an
// argument-less math.randomseed() replay identically.
void seedRandomly(VM& vm, Integer& n1, Integer& n2) {
    Clock& clock = *libState(vm).clock;
    n1 = Integer(clock.epochSeconds());
    n2 = Integer(clock.processSeconds() * 1e6) ^ Integer(vm.instructionCount);
}

int mathRandomseed(VM& vm, HostCall& call) {
    Integer n1, n2;
    if (call.count() == 0) {
        seedRandomly(vm, n1, n2);
    } else {
        n1 = checkInteger(vm, call, 1);
        n2 = optInteger(vm, call, 2, 0);
    }
    seedRandom(generator(vm), n1, n2);
    call.push(vm, Value::integer(n1));
    call.push(vm, Value::integer(n2));
    return 2;
}

const LibEntry kMathFunctions[] = {
    {"abs", mathAbs},
    {"ceil", mathCeil},
    {"floor", mathFloor},
    {"fmod", mathFmod},
    {"modf", mathModf},
    {"sqrt", mathSqrt},
    {"exp", mathExp},
    {"log", mathLog},
    {"sin", mathSin},
    {"cos", mathCos},
    {"tan", mathTan},
    {"asin", mathAsin},
    {"acos", mathAcos},
    {"atan", mathAtan},
    {"deg", mathDeg},
    {"rad", mathRad},
    {"tointeger", mathToInteger},
    {"type", mathType},
    {"ult", mathUlt},
    {"max", mathMax},
    {"min", mathMin},
    {"random", mathRandom},
    {"randomseed", mathRandomseed},
    // lua5.3 compatibility (see above)
    {"atan2", mathAtan},
    {"cosh", mathCosh},
    {"sinh", mathSinh},
    {"tanh", mathTanh},
    {"pow", mathPow},
    {"log10", mathLog10},
    {"frexp", mathFrexp},
    {"ldexp", mathLdexp},
    {nullptr, nullptr},
};

} // namespace

void openMathLib(VM& vm) {
    Table* m = newLib(vm, "math", kMathFunctions);
    tableSetStr(vm, m, internString(vm, "pi"), Value::number(M_PI));
    tableSetStr(vm, m, internString(vm, "huge"), Value::number(HUGE_VAL));
    tableSetStr(vm, m, internString(vm, "maxinteger"), Value::integer(INT64_MAX));
    tableSetStr(vm, m, internString(vm, "mininteger"), Value::integer(INT64_MIN));
    Integer n1, n2;
    seedRandomly(vm, n1, n2);
    seedRandom(generator(vm), n1, n2);
}

} // namespace tricolor
