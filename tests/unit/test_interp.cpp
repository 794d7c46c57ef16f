// test_interp.cpp — the interpreter through the embedding API: budgeted
// resumable runs, pausing inside metamethods, tail calls in constant space,
// stack overflows, coroutines, nested host->Lua calls, yields to the host.
#include <doctest/doctest.h>

#include <string>

#include "core/api.h"
#include "core/interp.h"
#include "core/stdlib.h"
#include "core/string.h"

using namespace tricolor;

namespace {

struct TestVM {
    VM* vm = nullptr;
    std::string out;
    std::string err;
    TestVM() {
        VMOptions o;
        o.writeStdout = [this](std::string_view s) { out.append(s); };
        o.writeStderr = [this](std::string_view s) { err.append(s); };
        vm = vmCreate(o);
        REQUIRE(vm != nullptr);
        openStdlib(*vm);
    }
    ~TestVM() { vmDestroy(vm); }

    // Loads `src` and starts it; fails the test on a syntax error.
    void start(const std::string& src, int nargs = 0) {
        std::string error;
        REQUIRE_MESSAGE(loadString(*vm, src, "=test", error), error);
        startCall(*vm, nargs);
    }
    // Runs to the end in slices of `slice` instructions; returns the final status.
    RunStatus runAll(uint64_t slice, int* pauses = nullptr) {
        RunStatus s;
        int n = 0;
        while ((s = run(*vm, slice)) == RunStatus::Paused)
            n++;
        if (pauses) *pauses = n;
        return s;
    }
    std::string exec(const std::string& src, uint64_t slice = uint64_t(1) << 40) {
        out.clear();
        start(src);
        RunStatus s = runAll(slice);
        if (s == RunStatus::Error) {
            std::string m = errorMessage(*vm);
            pop(*vm, 1);
            return out + "ERROR: " + m;
        }
        pop(*vm, stackSize(*vm));
        return out;
    }
};

const char* kMixedProgram = R"(
local log = {}
local mt = {__index = function(t, k) return k .. "!" end,
            __add = function(a, b) return 42 end,
            __lt = function(a, b) return true end,
            __concat = function(a, b) return "cc" end,
            __len = function() return 7 end,
            __call = function(self, x) return x * 2 end,
            __close = function() log[#log + 1] = "closed" end}
local obj = setmetatable({}, mt)
print(obj.key, obj + 1, obj < obj, obj .. "x", #obj, obj(21))
local co = coroutine.wrap(function(a)
  local b = coroutine.yield(a + 1)
  local ok, e = pcall(function() coroutine.yield("in pcall") error("boom", 0) end)
  return b, ok, e
end)
print(co(1)) print(co(5)) print(co())
do local x <close> = obj end
print(log[1])
local function tail(n) if n == 0 then return "tail done" end return tail(n - 1) end
print(tail(1000))
print(pcall(error, {}) == false)
print(select('#', table.unpack({1, 2, 3})))
local s = 0
for i = 1, 100 do s = s + i end
print(s)
)";

} // namespace

TEST_CASE("interp: a chunk runs and returns its results on the API stack") {
    TestVM t;
    t.start("return 1 + 2, 'x', ...", 0);
    CHECK(t.runAll(1000) == RunStatus::Finished);
    REQUIRE(stackSize(*t.vm) == 2);
    CHECK(stackValue(*t.vm, 1).i == 3);
    CHECK(view(stackValue(*t.vm, 2).asString()) == "x");
}

TEST_CASE("interp: run() obeys the budget exactly and resumes where it stopped") {
    TestVM t;
    t.start("local n = 0 while n < 1000 do n = n + 1 end return n");
    uint64_t before = t.vm->instructionCount;
    CHECK(run(*t.vm, 10) == RunStatus::Paused);
    CHECK(t.vm->instructionCount - before == 10);
    CHECK(run(*t.vm, 7) == RunStatus::Paused);
    CHECK(t.vm->instructionCount - before == 17);
    CHECK(t.runAll(1) == RunStatus::Finished);
    CHECK(stackValue(*t.vm, -1).i == 1000);
}

TEST_CASE("interp: currentPosition names the line a paused program will run next") {
    TestVM t;
    t.start("local n = 0\nwhile true do\n  n = n + 1\nend");
    std::string chunk;
    int line = 0;
    // The main chunk is vararg: VARARGPREP, then `local n = 0`, both on line 1.
    CHECK(run(*t.vm, 2) == RunStatus::Paused);
    REQUIRE(currentPosition(*t.vm, chunk, line));
    CHECK(chunk == "=test");
    CHECK(line == 3); // the loop body is next (`while true` compiles to no test)
    CHECK(run(*t.vm, 1000) == RunStatus::Paused);
    REQUIRE(currentPosition(*t.vm, chunk, line));
    CHECK(line >= 2);
    CHECK(line <= 4);
}

TEST_CASE("interp: an infinite loop inside __index is pausable") {
    TestVM t;
    t.start("local t = setmetatable({}, {__index = function() while true do end end}) return t.x");
    for (int i = 0; i < 50; i++)
        REQUIRE(run(*t.vm, 1000) == RunStatus::Paused);
    // The running frame is the metamethod, above the main chunk's frame.
    Thread* th = t.vm->current;
    REQUIRE(th->numFrames >= 2);
    CHECK(th->frames[th->numFrames - 1].onReturn == ReturnAction::FinishOp);
}

TEST_CASE("interp: slices of 1 instruction give the same output as one slice") {
    TestVM a, b;
    std::string whole = a.exec(kMixedProgram);
    std::string sliced = b.exec(kMixedProgram, 1);
    CHECK(whole == sliced);
    CHECK(whole == "key!\t42\ttrue\tcc\t7\t42\n2\nin pcall\n5\tfalse\tboom\nclosed\n"
                   "tail done\ntrue\n3\n5050\n");
}

TEST_CASE("interp: 10^7 tail calls run in constant space") {
    TestVM t;
    CHECK(t.exec("local function f(n) if n == 0 then return 'ok' end return f(n - 1) end "
                 "print(f(10000000))") == "ok\n");
    CHECK(t.vm->mainThread->frameCapacity <= 64);
    CHECK(t.vm->mainThread->stackSize <= 1024);
}

TEST_CASE("interp: deep recursion is a catchable 'stack overflow' error") {
    TestVM t;
    CHECK(t.exec("local function f() return 1 + f() end print(pcall(f))") ==
          "false\ttest:1: stack overflow\n");
    // The emergency space is given back: a second overflow is reported the same way.
    CHECK(t.exec("local function g(n) local t = {} return 1 + g(n) end print(pcall(g, 1))") ==
          "false\ttest:1: stack overflow\n");
}

TEST_CASE("interp: metamethod recursion stops with 'C stack overflow'") {
    TestVM t;
    std::string r = t.exec("local t = setmetatable({}, {__index = function(t, k) return t[k] end}) "
                           "print(pcall(function() return t.x end))");
    CHECK(r == "false\ttest:1: C stack overflow\n");
}

TEST_CASE("interp: runtime error messages name the variable") {
    TestVM t;
    CHECK(t.exec("local x; return x.y") ==
          "ERROR: test:1: attempt to index a nil value (local 'x')");
    CHECK(t.exec("return nope.y") == "ERROR: test:1: attempt to index a nil value (global 'nope')");
    CHECK(t.exec("local t = {} t.a.b = 1") ==
          "ERROR: test:1: attempt to index a nil value (field 'a')");
    CHECK(t.exec("local s = 'x' s:nosuch()") ==
          "ERROR: test:1: attempt to call a nil value (method 'nosuch')");
    CHECK(t.exec("return 1 < 'x'") == "ERROR: test:1: attempt to compare number with string");
    CHECK(t.exec("return {} < {}") == "ERROR: test:1: attempt to compare two table values");
    CHECK(t.exec("local t = {} return t + 1") ==
          "ERROR: test:1: attempt to perform arithmetic on a table value (local 't')");
    CHECK(t.exec("return 1 // 0") == "ERROR: test:1: attempt to divide by zero");
    CHECK(t.exec("return 1 % 0") == "ERROR: test:1: attempt to perform 'n%0'");
    CHECK(t.exec("for i = 1, 10, 0 do end") == "ERROR: test:1: 'for' step is zero");
    CHECK(t.exec("for i = {}, 1 do end") ==
          "ERROR: test:1: bad 'for' initial value (number expected, got table)");
    CHECK(t.exec("local x = 1.5 return x | 1") ==
          "ERROR: test:1: number (local 'x') has no integer representation");
    CHECK(t.exec("local a <close> = 1") == "ERROR: test:1: variable 'a' got a non-closable value");
}

TEST_CASE("interp: the traceback of an uncaught error is captured at the error") {
    TestVM t;
    t.start(
        "local function inner() error('deep') end\nlocal function outer() inner() end\nouter()");
    REQUIRE(t.runAll(100) == RunStatus::Error);
    CHECK(errorMessage(*t.vm) == "test:1: deep");
    CHECK(errorTraceback(*t.vm) == "stack traceback:\n"
                                   "\t[C]: in function 'error'\n"
                                   "\ttest:1: in upvalue 'inner'\n"
                                   "\ttest:2: in local 'outer'\n"
                                   "\ttest:3: in main chunk\n"
                                   "\t[C]: in ?");
}

TEST_CASE("interp: to-be-closed variables close in reverse order, also on errors") {
    TestVM t;
    std::string r = t.exec(R"(
local function c(n) return setmetatable({}, {__close = function(_, e) print('close', n, e) end}) end
do local a <close> = c(1) local b <close> = c(2) end
print(pcall(function() local x <close> = c(3) error('E', 0) end))
)");
    CHECK(r == "close\t2\tnil\nclose\t1\tnil\nclose\t3\tE\nfalse\tE\n");
}

TEST_CASE("interp: 100000 coroutine switches do not grow the C++ stack") {
    TestVM t;
    std::string r = t.exec(R"(
local co = coroutine.wrap(function() local n = 0 while true do n = n + coroutine.yield(n) end end)
co()
local v
for i = 1, 100000 do v = co(1) end
print(v)
)");
    CHECK(r == "100000\n");
}

TEST_CASE("interp: coroutine status, errors and close") {
    TestVM t;
    std::string r = t.exec(R"(
local co = coroutine.create(function(a) local b = coroutine.yield(a) error('x' .. b, 0) end)
print(coroutine.resume(co, 1)) print(coroutine.status(co))
print(coroutine.resume(co, 2)) print(coroutine.status(co))
print(coroutine.resume(co))
print(pcall(coroutine.yield))
)");
    CHECK(r == "true\t1\nsuspended\nfalse\tx2\ndead\nfalse\tcannot resume dead coroutine\n"
               "false\tattempt to yield from outside a coroutine\n");
}

namespace {
int nestedCaller(VM& vm, HostCall& call) {
    Value fn = call.arg(1);
    Value arg = Value::integer(20);
    int n = callNested(vm, fn, &arg, 1, 1);
    (void)n;
    return 1; // the result callNested pushed
}
int yieldToHost(VM& vm, HostCall& call) {
    call.yieldCount = 0;
    return kHostYield;
}
} // namespace

TEST_CASE("interp: callNested runs Lua synchronously and bounds it") {
    TestVM t;
    setGlobal(*t.vm, "nested", Value::hostFunction(nestedCaller));
    CHECK(t.exec("print(nested(function(x) return x + 1 end))") == "21\n");
    CHECK(t.exec("print(pcall(nested, function(x) error('inner', 0) end))") == "false\tinner\n");
    // A non-resumable call that never ends gets what is left of the run()
    // slice plus a hard cap of 10^7 instructions, then fails naming itself.
    uint64_t before = t.vm->instructionCount;
    std::string r = t.exec("print(pcall(nested, function() while true do end end))", 100000);
    uint64_t used = t.vm->instructionCount - before;
    CHECK(r == "false\tinstruction limit exceeded in function <test:1> (a call that cannot be "
               "paused)\n");
    CHECK(used >= 10000000);
    CHECK(used <= 10000000 + 100000 + 100);
    CHECK(t.exec("print(coroutine.wrap(function() return pcall(nested, coroutine.yield) end)())") ==
          "false\tattempt to yield across a C-call boundary\n");
}

TEST_CASE("interp: a host function on the main thread can yield to the host") {
    TestVM t;
    setGlobal(*t.vm, "wait", Value::hostFunction(yieldToHost));
    t.out.clear();
    t.start("print('before') local a, b = wait() print('after', a, b)");
    CHECK(t.runAll(1000) == RunStatus::Yielded);
    CHECK(t.out == "before\n");
    push(*t.vm, Value::integer(7));
    push(*t.vm, Value::integer(8));
    resumeCall(*t.vm, 2);
    CHECK(t.runAll(1000) == RunStatus::Finished);
    CHECK(t.out == "before\nafter\t7\t8\n");
}

TEST_CASE("interp: the collector in stress mode keeps every live value") {
    TestVM a, b;
    b.vm->gc.stress = true;
    std::string plain = a.exec(kMixedProgram);
    std::string stressed = b.exec(kMixedProgram, 3);
    CHECK(plain == stressed);
}

TEST_CASE("interp: exceeding the memory limit is a catchable 'not enough memory' error") {
    VMOptions o;
    std::string out;
    o.writeStdout = [&out](std::string_view s) { out.append(s); };
    o.memoryLimit = size_t(8) << 20;
    VM* vm = vmCreate(o);
    REQUIRE(vm);
    openStdlib(*vm);
    std::string error;
    REQUIRE(loadString(
        *vm,
        "local ok, e = pcall(function() local t = {} for i = 1, 1e9 do t[i] = {} end end) "
        "collectgarbage() print(ok, e) print(#string.rep('x', 100))",
        "=mem", error));
    startCall(*vm, 0);
    RunStatus s;
    while ((s = run(*vm, 100000)) == RunStatus::Paused) {
    }
    CHECK(s == RunStatus::Finished);
    CHECK(out == "false\tnot enough memory\n100\n");
    vmDestroy(vm);
}

TEST_CASE("interp: allocation sites name the chunk and line") {
    TestVM t;
    t.exec("local a = {}\nlocal b = {}\nlocal s = ('x'):rep(10) .. 'y'");
    bool line2 = false;
    for (const AllocSite& site : t.vm->sites) {
        if (site.chunk && view(site.chunk) == "=test" && site.line == 2) line2 = true;
    }
    CHECK(line2);
}

TEST_CASE("interp: abortCall stops a running script and the VM runs the next one") {
    TestVM t;
    t.start("local co = coroutine.wrap(function() while true do end end)\nco()");
    CHECK(run(*t.vm, 1000) == RunStatus::Paused);
    std::string chunk;
    int line = 0;
    REQUIRE(currentPosition(*t.vm, chunk, line));
    CHECK(chunk == "=test");
    CHECK(line == 1);
    abortCall(*t.vm);
    CHECK(!isRunning(*t.vm));
    CHECK(stackSize(*t.vm) == 0);
    CHECK(t.vm->current == t.vm->mainThread);
    CHECK(t.exec("print('again')") == "again\n");
}
