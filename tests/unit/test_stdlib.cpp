// Unit tests of the standard library pieces that do not need the interpreter
// loop: conversions, ordering, the native file system and clock, and library
// host functions called directly on a VM's main thread (argument checks and
// their messages included). Script-level behaviour is covered by the corpus
// in tests/lua/lib/, compared against lua5.4.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/auxlib.h"
#include "core/interp.h"
#include "core/stdlib.h"
#include "core/string.h"
#include "core/table.h"
#include "core/vm.h"

namespace tricolor {
VM* vmCreate(const VMOptions& options);
void vmDestroy(VM* vm);
} // namespace tricolor

using namespace tricolor;

namespace {

// A VM with the standard library open, its printed output captured.
struct LibVM {
    VM* vm = nullptr;
    std::string out;
    std::string err;

    LibVM() {
        VMOptions options;
        options.writeStdout = [this](std::string_view s) { out.append(s); };
        options.writeStderr = [this](std::string_view s) { err.append(s); };
        vm = vmCreate(options);
        REQUIRE(vm != nullptr);
        openStdlib(*vm);
    }
    ~LibVM() { vmDestroy(vm); }

    Value str(std::string_view s) { return stringValue(*vm, s); }

    // The function lib.name (lib == nullptr: a global).
    Value function(const char* lib, const char* name) {
        Table* t = vm->globals;
        if (lib != nullptr) t = tableGetStr(vm->globals, internString(*vm, lib))->asTable();
        return *tableGetStr(t, internString(*vm, name));
    }

    // Calls a host function through the interpreter's entry point (so it has
    // a frame, as when called from pcall); returns its results, or sets
    // `error` to the error message.
    std::vector<Value> call(Value fn, std::vector<Value> args, std::string* error = nullptr) {
        Thread* th = vm->mainThread;
        uint32_t func = th->top;
        pushValue(*vm, th, fn);
        for (const Value& a : args)
            pushValue(*vm, th, a);
        std::vector<Value> results;
        if (beginCall(*vm, func, -1) && execute(*vm, UINT64_MAX) == ExecStatus::Finished) {
            for (uint32_t i = func; i < th->top; ++i)
                results.push_back(th->stack[i]);
        } else {
            Value e = th->errorValue;
            if (error != nullptr)
                *error = e.isString() ? std::string(view(e.asString())) : "(non-string)";
            else
                FAIL("unexpected error");
        }
        th->top = func;
        return results;
    }

    std::string error(Value fn, std::vector<Value> args) {
        std::string e;
        auto r = call(fn, std::move(args), &e);
        return e;
    }
};

std::string text(const Value& v) {
    return v.isString() ? std::string(view(v.asString())) : "<not a string>";
}

} // namespace

TEST_CASE("toInteger and toNumber follow lua_tointegerx / lua_tonumberx") {
    Integer i = 0;
    CHECK(toInteger(Value::integer(7), i));
    CHECK(i == 7);
    CHECK(toInteger(Value::number(3.0), i));
    CHECK(i == 3);
    CHECK_FALSE(toInteger(Value::number(3.5), i));
    CHECK_FALSE(toInteger(Value::number(9.3e18), i));
    CHECK_FALSE(toInteger(Value::boolean(true), i));
    Number n = 0;
    CHECK(toNumber(Value::integer(2), n));
    CHECK(n == 2.0);
    CHECK_FALSE(toNumber(Value(), n));
}

TEST_CASE("the native file system reads, writes, seeks and reports errno") {
    auto fs = makeNativeFileSystem();
    std::string name;
    REQUIRE(fs->tmpname(name));
    int err = 0;
    {
        auto w = fs->open(name, "w", err);
        REQUIRE(w);
        CHECK(w->write("hello\nworld", 11));
        CHECK(w->seek(SEEK_CUR, 0) == 11);
        CHECK(w->close());
    }
    {
        auto r = fs->open(name, "r", err);
        REQUIRE(r);
        CHECK(r->getChar() == 'h');
        r->ungetChar('h');
        char buf[16] = {};
        CHECK(r->read(buf, 5) == 5);
        CHECK(std::string(buf, 5) == "hello");
        CHECK(r->seek(SEEK_END, 0) == 11);
        CHECK(r->getChar() == EOF);
        CHECK_FALSE(r->hasError());
        CHECK(r->close());
    }
    CHECK(fs->readable(name));
    std::string moved = name + ".moved";
    CHECK(fs->rename(name, moved) == 0);
    CHECK_FALSE(fs->readable(name));
    CHECK(fs->remove(moved) == 0);
    CHECK(fs->remove(moved) == ENOENT);
    CHECK(fs->open("/nonexistent-dir/x", "r", err) == nullptr);
    CHECK(err == ENOENT);
}

TEST_CASE("the system clock is monotone enough and after 2020") {
    auto clock = makeSystemClock();
    CHECK(clock->epochSeconds() > 1577836800);
    double a = clock->processSeconds();
    double b = clock->processSeconds();
    CHECK(b >= a);
}

TEST_CASE("argument errors use lua5.4's wording") {
    LibVM L;
    Value rep = L.function("string", "rep");
    CHECK(L.error(rep, {}) == "bad argument #1 to 'string.rep' (string expected, got no value)");
    CHECK(L.error(rep, {L.str("x")}) ==
          "bad argument #2 to 'string.rep' (number expected, got no value)");
    CHECK(L.error(rep, {L.str("x"), Value::number(1.5)}) ==
          "bad argument #2 to 'string.rep' (number has no integer representation)");
    CHECK(L.error(rep, {L.str("x"), L.str("abc")}) ==
          "bad argument #2 to 'string.rep' (number expected, got string)");
    CHECK(L.error(rep, {L.str("x"), Value::integer(Integer(1) << 40)}) ==
          "resulting string too large");
    Value insert = L.function("table", "insert");
    CHECK(L.error(insert, {Value(), Value::integer(1)}) ==
          "bad argument #1 to 'table.insert' (table expected, got nil)");
    Value tostring = L.function(nullptr, "tostring");
    CHECK(L.error(tostring, {}) == "bad argument #1 to 'tostring' (value expected)");
}

TEST_CASE("base functions called directly") {
    LibVM L;
    auto r = L.call(L.function(nullptr, "select"), {L.str("#"), Value(), Value()});
    REQUIRE(r.size() == 1);
    CHECK(r[0].i == 2);
    r = L.call(L.function(nullptr, "select"), {Value::integer(-1), L.str("a"), L.str("b")});
    REQUIRE(r.size() == 1);
    CHECK(text(r[0]) == "b");
    CHECK(L.error(L.function(nullptr, "select"), {Value::integer(0)}) ==
          "bad argument #1 to 'select' (index out of range)");
    r = L.call(L.function(nullptr, "tonumber"), {L.str("ff"), Value::integer(16)});
    CHECK(r[0].i == 255);
    r = L.call(L.function(nullptr, "tonumber"), {L.str("0x1p4")});
    CHECK(r[0].isFloat());
    CHECK(r[0].n == 16.0);
    r = L.call(L.function(nullptr, "tostring"), {Value::number(-0.0)});
    CHECK(text(r[0]) == "-0.0");
    r = L.call(L.function(nullptr, "type"), {Value::boolean(false)});
    CHECK(text(r[0]) == "boolean");
    L.call(L.function(nullptr, "print"),
           {Value::integer(1), Value::number(2.5), Value(), L.str("s")});
    CHECK(L.out == "1\t2.5\tnil\ts\n");
}

TEST_CASE("warn writes to stderr only when switched on") {
    LibVM L;
    Value warn = L.function(nullptr, "warn");
    L.call(warn, {L.str("hidden")});
    CHECK(L.err.empty());
    L.call(warn, {L.str("@on")});
    L.call(warn, {L.str("a"), L.str("b")});
    CHECK(L.err == "Lua warning: ab\n");
    L.call(warn, {L.str("@off")});
    L.call(warn, {L.str("hidden")});
    CHECK(L.err == "Lua warning: ab\n");
}

TEST_CASE("string functions called directly") {
    LibVM L;
    auto r = L.call(L.function("string", "rep"), {L.str("ab"), Value::integer(3), L.str(",")});
    CHECK(text(r[0]) == "ab,ab,ab");
    r = L.call(L.function("string", "sub"),
               {L.str("hello"), Value::integer(-3), Value::integer(-2)});
    CHECK(text(r[0]) == "ll");
    r = L.call(L.function("string", "byte"), {L.str("abc"), Value::integer(1), Value::integer(-1)});
    REQUIRE(r.size() == 3);
    CHECK(r[2].i == 'c');
    CHECK(L.error(L.function("string", "char"), {Value::integer(256)}) ==
          "bad argument #1 to 'string.char' (value out of range)");
    r = L.call(L.function("string", "upper"), {L.str(std::string_view("a\0b", 3))});
    CHECK(text(r[0]) == std::string("A\0B", 3));
}

TEST_CASE("table functions on plain tables") {
    LibVM L;
    Table* t = newTable(*L.vm);
    Value tv = Value::object(t);
    pushValue(*L.vm, L.vm->mainThread, tv); // keep it reachable
    for (int i = 1; i <= 3; ++i)
        tableSetInt(*L.vm, t, i, Value::integer(i * 10));
    auto r = L.call(L.function("table", "concat"), {tv, L.str("-")});
    CHECK(text(r[0]) == "10-20-30");
    L.call(L.function("table", "insert"), {tv, Value::integer(1), Value::integer(5)});
    r = L.call(L.function("table", "concat"), {tv, L.str(",")});
    CHECK(text(r[0]) == "5,10,20,30");
    r = L.call(L.function("table", "remove"), {tv});
    CHECK(r[0].i == 30);
    CHECK(L.error(L.function("table", "insert"), {tv, Value::integer(9), Value::integer(1)}) ==
          "bad argument #2 to 'table.insert' (position out of bounds)");
    CHECK(L.error(L.function("table", "insert"), {tv}) == "wrong number of arguments to 'insert'");
    // sort without a comparator needs no Lua calls
    tableSetInt(*L.vm, t, 4, Value::integer(-1));
    L.call(L.function("table", "sort"), {tv});
    r = L.call(L.function("table", "concat"), {tv, L.str(",")});
    CHECK(text(r[0]) == "-1,5,10,20");
    CHECK(L.error(L.function("table", "concat"),
                  {tv, L.str(","), Value::integer(1), Value::integer(9)}) ==
          "invalid value (nil) at index 5 in table for 'concat'");
}

TEST_CASE("table.sort terminates and stays in bounds on many inputs") {
    LibVM L;
    Table* t = newTable(*L.vm);
    Value tv = Value::object(t);
    pushValue(*L.vm, L.vm->mainThread, tv);
    for (int n : {2, 3, 4, 5, 10, 100, 1000}) {
        for (int pattern = 0; pattern < 4; ++pattern) {
            for (int i = 1; i <= n; ++i) {
                Integer v = pattern == 0   ? i
                            : pattern == 1 ? n - i
                            : pattern == 2 ? (i * 7919) % 13
                                           : 5;
                tableSetInt(*L.vm, t, i, Value::integer(v));
            }
            tableSetInt(*L.vm, t, n + 1, Value());
            L.call(L.function("table", "sort"), {tv});
            bool sorted = true;
            for (int i = 2; i <= n; ++i)
                if (tableGetInt(t, i - 1)->i > tableGetInt(t, i)->i) sorted = false;
            CHECK(sorted);
        }
    }
}

namespace {
// package.path of a fresh VM; with noEnv, the registry's LUA_NOENV is set
// before the libraries are opened (as lua -E does).
std::string freshPackagePath(bool noEnv) {
    VMOptions options;
    options.writeStdout = [](std::string_view) {};
    options.writeStderr = [](std::string_view) {};
    VM* vm = vmCreate(options);
    REQUIRE(vm != nullptr);
    if (noEnv) tableSetStr(*vm, vm->registry, internString(*vm, "LUA_NOENV"), Value::boolean(true));
    openStdlib(*vm);
    Table* package = tableGetStr(vm->globals, internString(*vm, "package"))->asTable();
    std::string path(view(tableGetStr(package, internString(*vm, "path"))->asString()));
    vmDestroy(vm);
    return path;
}
} // namespace

TEST_CASE("package.path: LUA_PATH unless the registry says LUA_NOENV") {
    const char* saved = std::getenv("LUA_PATH");
    std::string savedValue = saved ? saved : "";
    const char* savedVersioned = std::getenv("LUA_PATH_5_4");
    std::string savedVersionedValue = savedVersioned ? savedVersioned : "";
    unsetenv("LUA_PATH_5_4");
    setenv("LUA_PATH", "env/?.lua;;", 1);
    std::string withEnv = freshPackagePath(false);
    std::string without = freshPackagePath(true);
    if (saved)
        setenv("LUA_PATH", savedValue.c_str(), 1);
    else
        unsetenv("LUA_PATH");
    if (savedVersioned) setenv("LUA_PATH_5_4", savedVersionedValue.c_str(), 1);
    CHECK(withEnv.rfind("env/?.lua;", 0) == 0);
    CHECK(without.find("env/") == std::string::npos);
    CHECK(without.find("./?.lua") != std::string::npos);
}
