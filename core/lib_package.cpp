// lib_package.cpp — `require` and the `package` library.
//
// Searchers, loaders and require itself follow the manual (and lua5.4's
// messages, including the Debian default paths, so "module 'x' not found"
// lists the same files). Files are found and read only through the
// FileSystem of LibState. Native C modules cannot be loaded in Tricolor:
// package.loadlib reports the manual's "absent" failure, and the two C
// searchers still look through package.cpath so their "no file" lines match,
// but a found library fails to load with that same message.
//
// require calls searchers and the loader through kHostCallK (resumable); its
// working values (the error message being built, the searchers table, the
// loader data) live in stack slots after the argument.
#include <cstring>
#include <string>

#include "core/auxlib.h"
#include "core/compiler.h"
#include "core/interp.h"
#include "core/memory.h"
#include "core/stdlib.h"
#include "core/string.h"
#include "core/table.h"

namespace tricolor {
namespace {

constexpr const char* kDefaultPath =
    "/usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;"
    "/usr/local/lib/lua/5.4/?.lua;/usr/local/lib/lua/5.4/?/init.lua;"
    "/usr/share/lua/5.4/?.lua;/usr/share/lua/5.4/?/init.lua;./?.lua;./?/init.lua";
constexpr const char* kDefaultCPath =
    "/usr/local/lib/lua/5.4/?.so;/usr/lib/x86_64-linux-gnu/lua/5.4/?.so;"
    "/usr/lib/lua/5.4/?.so;/usr/local/lib/lua/5.4/loadall.so;./?.so";
constexpr const char* kNoDynamicLibraries =
    "dynamic libraries not enabled; check your Lua installation";

Table* registryTable(VM& vm, const char* key) {
    String* k = internString(vm, key);
    const Value* v = tableGetStr(vm.registry, k);
    if (v->isTable()) return v->asTable();
    Table* t = newTable(vm);
    tableSetStr(vm, vm.registry, k, Value::object(t));
    return t;
}

Value field(VM& vm, Table* t, const char* name) {
    return *tableGetStr(t, internString(vm, name));
}

// The package table: upvalue 1 of require and of the searchers.
Table* packageOf(HostCall& call) {
    return call.upvalues[0].asTable();
}

// Replaces every occurrence of `from` in s by `to`.
std::string replaceAll(std::string_view s, std::string_view from, std::string_view to) {
    if (from.empty()) return std::string(s);
    std::string out;
    size_t pos = 0;
    for (;;) {
        size_t hit = s.find(from, pos);
        if (hit == std::string_view::npos) break;
        out.append(s.substr(pos, hit - pos)).append(to);
        pos = hit + from.size();
    }
    out.append(s.substr(pos));
    return out;
}

// package.searchpath's search: the first readable file, or the message
// listing every file tried ("no file 'a'\n\tno file 'b'").
bool searchPath(VM& vm, std::string_view name, std::string_view path, std::string_view sep,
                std::string_view rep, std::string& found, std::string& tried) {
    std::string n = replaceAll(name, sep, rep);
    FileSystem& fs = *libState(vm).fs;
    size_t pos = 0;
    for (;;) {
        size_t end = path.find(';', pos);
        std::string_view templ =
            path.substr(pos, end == std::string_view::npos ? path.npos : end - pos);
        std::string file = replaceAll(templ, "?", n);
        if (fs.readable(file)) {
            found = file;
            return true;
        }
        if (!tried.empty()) tried += "\n\t";
        tried += "no file '" + file + "'";
        if (end == std::string_view::npos) break;
        pos = end + 1;
    }
    return false;
}

int pkgSearchpath(VM& vm, HostCall& call) {
    // lua5.4 (as built by Debian) checks the path before the name.
    std::string path(checkStringView(vm, call, 2));
    std::string name(checkStringView(vm, call, 1));
    std::string sep(optStringView(vm, call, 3, "."));
    std::string rep(optStringView(vm, call, 4, "/"));
    std::string found, tried;
    if (searchPath(vm, name, path, sep, rep, found, tried))
        return pushResult(vm, call, stringValue(vm, found));
    return pushFail(vm, call, tried);
}

int pkgLoadlib(VM& vm, HostCall& call) {
    checkString(vm, call, 1);
    checkString(vm, call, 2);
    call.push(vm, Value());
    pushString(vm, call, kNoDynamicLibraries);
    pushString(vm, call, "absent");
    return 3;
}

// Reads a whole file through the FileSystem; false with `error` set on failure.
bool readWholeFile(VM& vm, const std::string& path, std::string& out, std::string& error) {
    int err = 0;
    auto s = libState(vm).fs->open(path, "rb", err);
    if (!s) {
        error = "cannot open " + path;
        return false;
    }
    char buf[4096];
    size_t n;
    while ((n = s->read(buf, sizeof buf)) > 0)
        out.append(buf, n);
    bool failed = s->hasError();
    s->close();
    if (failed) {
        error = "cannot read " + path;
        return false;
    }
    return true;
}

[[noreturn]] void loadingError(VM& vm, HostCall& call, std::string_view name,
                               const std::string& file, const std::string& msg) {
    libError(vm, call, "error loading module '%s' from file '%s':\n\t%s", std::string(name).c_str(),
             file.c_str(), msg.c_str());
}

// A path string field of package, or raise "'package.path' must be a string".
std::string pathField(VM& vm, HostCall& call, const char* which) {
    Value v = field(vm, packageOf(call), which);
    if (v.isNumber()) return std::string(view(numberToString(vm, v)));
    if (!v.isString()) libError(vm, call, "'package.%s' must be a string", which);
    return std::string(view(v.asString()));
}

int searcherPreload(VM& vm, HostCall& call) {
    std::string name(checkStringView(vm, call, 1));
    Table* preload = registryTable(vm, "_PRELOAD");
    Value loader = *tableGetStr(preload, internString(vm, name));
    if (loader.isNil())
        return pushResult(vm, call, stringValue(vm, "no field package.preload['" + name + "']"));
    call.push(vm, loader);
    pushString(vm, call, ":preload:");
    return 2;
}

int searcherLua(VM& vm, HostCall& call) {
    std::string name(checkStringView(vm, call, 1));
    std::string path = pathField(vm, call, "path");
    std::string file, tried;
    if (!searchPath(vm, name, path, ".", "/", file, tried))
        return pushResult(vm, call, stringValue(vm, tried));
    std::string source, error;
    if (!readWholeFile(vm, file, source, error)) loadingError(vm, call, name, file, error);
    CompileOptions options;
    options.skipShebang = true;
    Proto* p = loadChunk(vm, source, "@" + file, "bt", error, options);
    if (p == nullptr) loadingError(vm, call, name, file, error);
    LuaClosure* c = makeMainClosure(vm, p);
    call.push(vm, Value::object(c));
    pushString(vm, call, file);
    return 2;
}

// The C searchers: they search package.cpath like lua5.4 but cannot load.
int searchC(VM& vm, HostCall& call, std::string_view searchName, std::string_view moduleName) {
    std::string cpath = pathField(vm, call, "cpath");
    std::string file, tried;
    if (!searchPath(vm, searchName, cpath, ".", "/", file, tried))
        return pushResult(vm, call, stringValue(vm, tried));
    loadingError(vm, call, moduleName, file, kNoDynamicLibraries);
}

int searcherC(VM& vm, HostCall& call) {
    std::string name(checkStringView(vm, call, 1));
    return searchC(vm, call, name, name);
}

int searcherCroot(VM& vm, HostCall& call) {
    std::string name(checkStringView(vm, call, 1));
    size_t dot = name.find('.');
    if (dot == std::string::npos) return 0;
    return searchC(vm, call, name.substr(0, dot), name);
}

// --- require ------------------------------------------------------------------
// Stack slots after the argument: +0 the message so far, +1 the searchers
// table, +2 the loader data.
uint32_t slotMessage(HostCall& call) {
    return call.base + 1;
}

int requireStep(VM& vm, HostCall& call, Integer i);

int requireLoaded(VM& vm, HostCall& call) {
    Value result = call.thread->stack[call.top() - 1];
    String* name = call.arg(1).asString();
    Table* loaded = registryTable(vm, "_LOADED");
    if (!result.isNil()) tableSetStr(vm, loaded, name, result);
    Value now = *tableGetStr(loaded, name);
    if (now.isNil()) {
        now = Value::boolean(true);
        tableSetStr(vm, loaded, name, now);
    }
    Value extra = call.thread->stack[call.base + 3];
    call.push(vm, now);
    call.push(vm, extra);
    return 2;
}

int requireSearched(VM& vm, HostCall& call) {
    Integer i = Integer(call.context);
    Value found = call.thread->stack[call.top() - 2];
    Value extra = call.thread->stack[call.top() - 1];
    setTop(call, call.base + 3);
    if (found.isFunction()) {
        call.push(vm, extra); // slot base + 3
        return callThen(vm, call, found, {call.arg(1), extra}, 1, requireLoaded);
    }
    if (found.isString() || found.isNumber()) { // lua_isstring: numbers count as messages
        Value& msg = call.thread->stack[slotMessage(call)];
        std::string text(view(msg.asString()));
        text += "\n\t";
        text += view(found.isString() ? found.asString() : numberToString(vm, found));
        call.thread->stack[slotMessage(call)] = stringValue(vm, text);
    }
    return requireStep(vm, call, i + 1);
}

int requireStepK(VM& vm, HostCall& call) {
    return requireSearched(vm, call);
}

int requireStep(VM& vm, HostCall& call, Integer i) {
    Table* searchers = call.thread->stack[call.base + 2].asTable();
    Value searcher = *tableGetInt(searchers, i);
    if (searcher.isNil()) {
        String* msg = call.thread->stack[slotMessage(call)].asString();
        libError(vm, call, "module '%s' not found:%s", call.arg(1).asString()->data(), msg->data());
    }
    return callThen(vm, call, searcher, {call.arg(1)}, 2, requireStepK, intptr_t(i));
}

int pkgRequire(VM& vm, HostCall& call) {
    String* name = checkString(vm, call, 1);
    setTop(call, call.base + 1); // extra arguments are ignored
    Table* loaded = registryTable(vm, "_LOADED");
    Value present = *tableGetStr(loaded, name);
    if (present.isTruthy()) return pushResult(vm, call, present);
    Value searchers = field(vm, packageOf(call), "searchers");
    if (!searchers.isTable()) libError(vm, call, "'package.searchers' must be a table");
    call.push(vm, stringValue(vm, ""));
    call.push(vm, searchers);
    return requireStep(vm, call, 1);
}

// A host closure with the package table as its only upvalue.
Value packageClosure(VM& vm, HostFn fn, Table* package) {
    auto* c = newObject<HostClosure>(vm, Tag::HostClosure, sizeof(Value));
    c->fn = fn;
    c->numUpvalues = 1;
    c->upvalues()[0] = Value::object(package);
    return Value::object(c);
}

// Whether the embedder asked to ignore environment variables: a true
// registry field "LUA_NOENV", set before the libraries are opened (lua -E,
// as lua.c does it).
bool environmentIgnored(VM& vm) {
    return tableGetStr(vm.registry, internString(vm, "LUA_NOENV"))->isTruthy();
}

// LUA_PATH_5_4 / LUA_PATH (";;" stands for the default), else the default.
std::string initialPath(VM& vm, const char* versioned, const char* plain, const char* def) {
    FileSystem& fs = *libState(vm).fs;
    std::string value;
    if (environmentIgnored(vm)) return def;
    if (!fs.getenv(versioned, value) && !fs.getenv(plain, value)) return def;
    size_t hit = value.find(";;");
    if (hit == std::string::npos) return value;
    std::string before = value.substr(0, hit), after = value.substr(hit + 2);
    std::string out = before;
    if (!before.empty()) out += ";";
    out += def;
    if (!after.empty()) out += ";" + after;
    return out;
}

const LibEntry kPackageFunctions[] = {
    {"loadlib", pkgLoadlib},
    {"searchpath", pkgSearchpath},
    {nullptr, nullptr},
};

} // namespace

void openPackageLib(VM& vm) {
    Table* package = newLib(vm, "package", kPackageFunctions);
    Table* loaded = registryTable(vm, "_LOADED");
    tableSetStr(vm, package, internString(vm, "loaded"), Value::object(loaded));
    tableSetStr(vm, loaded, internString(vm, "_G"), Value::object(vm.globals));
    tableSetStr(vm, package, internString(vm, "preload"),
                Value::object(registryTable(vm, "_PRELOAD")));
    tableSetStr(vm, package, internString(vm, "config"), stringValue(vm, "/\n;\n?\n!\n-\n"));
    tableSetStr(vm, package, internString(vm, "path"),
                stringValue(vm, initialPath(vm, "LUA_PATH_5_4", "LUA_PATH", kDefaultPath)));
    tableSetStr(vm, package, internString(vm, "cpath"),
                stringValue(vm, initialPath(vm, "LUA_CPATH_5_4", "LUA_CPATH", kDefaultCPath)));

    Table* searchers = newTable(vm, 4);
    tableSetStr(vm, package, internString(vm, "searchers"), Value::object(searchers));
    HostFn fns[] = {searcherPreload, searcherLua, searcherC, searcherCroot};
    for (int i = 0; i < 4; ++i)
        tableSetInt(vm, searchers, i + 1, packageClosure(vm, fns[i], package));

    tableSetStr(vm, vm.globals, internString(vm, "require"),
                packageClosure(vm, pkgRequire, package));
    libState(vm).functionNames[pkgRequire] = LibFunctionName{"require", "require"};
}

} // namespace tricolor
