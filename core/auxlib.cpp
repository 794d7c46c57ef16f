// auxlib.cpp — argument checks, library errors and tostring (see auxlib.h).
#include "core/auxlib.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/interp.h"
#include "core/number.h"
#include "core/stdlib.h"
#include "core/string.h"
#include "core/table.h"

namespace tricolor {

// ---------------------------------------------------------------------------
// Registration

static Table* loadedTable(VM& vm) {
    String* key = internString(vm, "_LOADED");
    const Value* v = tableGetStr(vm.registry, key);
    if (v->isTable()) return v->asTable();
    Table* t = newTable(vm);
    tableSetStr(vm, vm.registry, key, Value::object(t));
    return t;
}

void registerLib(VM& vm, Table* target, const LibEntry* entries, const char* libName) {
    LibState& lib = libState(vm);
    bool base = libName == nullptr || std::strcmp(libName, "_G") == 0;
    bool anonymous = libName != nullptr && libName[0] == '\0';
    for (const LibEntry* e = entries; e->name != nullptr; ++e) {
        tableSetStr(vm, target, internString(vm, e->name), Value::hostFunction(e->fn));
        if (anonymous) continue;
        std::string qualified = base ? std::string(e->name) : std::string(libName) + "." + e->name;
        // The first name wins: an alias registered later (math.atan2 for
        // math.atan) does not rename the function in error messages.
        lib.functionNames.try_emplace(e->fn, LibFunctionName{e->name, std::move(qualified)});
    }
}

Table* newLib(VM& vm, const char* libName, const LibEntry* entries) {
    Table* t = newTable(vm);
    Value tv = Value::object(t);
    // Anchor first: registration allocates.
    tableSetStr(vm, loadedTable(vm), internString(vm, libName), tv);
    registerLib(vm, t, entries, libName);
    tableSetStr(vm, vm.globals, internString(vm, libName), tv);
    return t;
}

// ---------------------------------------------------------------------------
// Function names

CalledName calledFunctionName(VM& vm, HostCall& call) {
    // As luaL_argerror: the name the caller used for the function; for a call
    // without one (pcall(f), a metamethod...), the name under which the
    // function was registered as a library function ("string.rep").
    CalledName result;
    Thread* th = call.thread;
    std::string namewhat;
    if (th->numFrames > 0) frameFunctionName(vm, th, int(th->numFrames) - 1, namewhat, result.name);
    result.isMethod = namewhat == "method";
    if (!result.name.empty()) return result;
    result.name = "?";
    if (th->numFrames == 0 || vm.lib == nullptr) return result;
    const CallFrame& frame = th->frames[th->numFrames - 1];
    if (frame.isLua()) return result;
    auto it = vm.lib->functionNames.find(frame.fn);
    if (it != vm.lib->functionNames.end()) result.name = it->second.qualified;
    return result;
}

// ---------------------------------------------------------------------------
// Errors

std::string whereCaller(VM& vm, HostCall&) {
    return whereString(vm, 1);
}

static std::string vformat(const char* fmt, va_list ap) {
    char small[256];
    va_list copy;
    va_copy(copy, ap);
    int n = std::vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    if (n < 0) return "";
    if (size_t(n) < sizeof small) return std::string(small, size_t(n));
    std::string big(size_t(n) + 1, '\0');
    std::vsnprintf(big.data(), big.size(), fmt, ap);
    big.resize(size_t(n));
    return big;
}

// Raises "chunk:line: message" with the position of the calling Lua function.
[[noreturn]] static void raiseMessage(VM& vm, const std::string& message) {
    raiseError(vm, stringValue(vm, whereString(vm, 1) + message));
}

void libError(VM& vm, HostCall&, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    std::string msg = vformat(fmt, ap);
    va_end(ap);
    raiseMessage(vm, msg);
}

void argError(VM& vm, HostCall& call, int arg, const char* extra) {
    CalledName who = calledFunctionName(vm, call);
    if (who.isMethod) {
        --arg;
        if (arg == 0) raiseMessage(vm, "calling '" + who.name + "' on bad self (" + extra + ")");
    }
    raiseMessage(vm,
                 "bad argument #" + std::to_string(arg) + " to '" + who.name + "' (" + extra + ")");
}

std::string typeNameForError(VM& vm, HostCall& call, int arg) {
    if (!call.hasArg(arg)) return "no value";
    Value v = call.arg(arg);
    Value name = getMetafield(vm, v, Metamethod::Name);
    if (name.isString()) return std::string(view(name.asString()));
    if (v.tag == Tag::LightUserdata) return "light userdata";
    return luaTypeName(v.type());
}

void typeError(VM& vm, HostCall& call, int arg, const char* expectedType) {
    std::string msg =
        std::string(expectedType) + " expected, got " + typeNameForError(vm, call, arg);
    argError(vm, call, arg, msg.c_str());
}

// ---------------------------------------------------------------------------
// Conversions

bool toInteger(Value v, Integer& out) {
    switch (v.tag) {
    case Tag::Int: out = v.i; return true;
    case Tag::Float: {
        auto i = floatToInteger(v.n, FloatToIntMode::Exact);
        if (!i) return false;
        out = *i;
        return true;
    }
    case Tag::String: {
        auto num = parseNumeral(view(v.asString()));
        if (!num) return false;
        if (num->isInteger) {
            out = num->i;
            return true;
        }
        auto i = floatToInteger(num->n, FloatToIntMode::Exact);
        if (!i) return false;
        out = *i;
        return true;
    }
    default: return false;
    }
}

bool toNumber(Value v, Number& out) {
    switch (v.tag) {
    case Tag::Int: out = Number(v.i); return true;
    case Tag::Float: out = v.n; return true;
    case Tag::String: {
        auto num = parseNumeral(view(v.asString()));
        if (!num) return false;
        out = num->isInteger ? Number(num->i) : num->n;
        return true;
    }
    default: return false;
    }
}

String* numberToString(VM& vm, Value number) {
    char buf[kNumberBufferSize];
    size_t n = number.isInt() ? formatIntegerTo(number.i, buf) : formatNumberTo(number.n, buf);
    return internString(vm, buf, n);
}

Value getMetafield(VM& vm, Value v, const char* event) {
    Table* mt = getMetatable(vm, v);
    if (mt == nullptr) return Value();
    return *tableGetStr(mt, internString(vm, event));
}

Value getMetafield(VM& vm, Value v, Metamethod event) {
    return getMetamethod(vm, v, event);
}

bool primitiveLess(Value a, Value b, bool& result) {
    if (a.isNumber() && b.isNumber()) {
        if (a.isInt() && b.isInt())
            result = a.i < b.i;
        else if (a.isInt())
            result = lessThan(a.i, b.n);
        else if (b.isInt())
            result = lessThan(a.n, b.i);
        else
            result = a.n < b.n;
        return true;
    }
    if (!a.isString() || !b.isString()) return false;
    // strcoll stops at NUL: compare the NUL-separated pieces one by one.
    const String* x = a.asString();
    const String* y = b.asString();
    size_t pa = 0, pb = 0;
    for (;;) {
        int c = std::strcoll(x->data() + pa, y->data() + pb);
        if (c != 0) {
            result = c < 0;
            return true;
        }
        size_t la = std::strlen(x->data() + pa), lb = std::strlen(y->data() + pb);
        if (pb + lb == y->length) {
            result = false; // b is done: a >= b
            return true;
        }
        if (pa + la == x->length) {
            result = true;
            return true;
        }
        pa += la + 1;
        pb += lb + 1;
    }
}

void orderError(VM& vm, Value a, Value b) {
    std::string ta = objTypeName(vm, a), tb = objTypeName(vm, b);
    if (ta == tb) raiseError(vm, stringValue(vm, "attempt to compare two " + ta + " values"));
    raiseError(vm, stringValue(vm, "attempt to compare " + ta + " with " + tb));
}

// The address lua5.4 would print for an object ("%p" of lua_topointer).
static const void* valueAddress(Value v) {
    switch (v.tag) {
    case Tag::LightUserdata: return v.p;
    case Tag::HostFunction: return reinterpret_cast<const void*>(v.fn);
    case Tag::Userdata: return v.asUserdata()->bytes();
    default: return v.isCollectable() ? static_cast<const void*>(v.gc) : nullptr;
    }
}

String* toStringRaw(VM& vm, Value v) {
    switch (v.tag) {
    case Tag::Nil: return internString(vm, "nil");
    case Tag::False: return internString(vm, "false");
    case Tag::True: return internString(vm, "true");
    case Tag::Int:
    case Tag::Float: return numberToString(vm, v);
    case Tag::String: return v.asString();
    default: break;
    }
    Value name = getMetafield(vm, v, Metamethod::Name);
    std::string kind = name.isString() ? std::string(view(name.asString())) : luaTypeName(v.type());
    char buf[64];
    std::snprintf(buf, sizeof buf, ": %p", valueAddress(v));
    return internString(vm, kind + buf);
}

String* toStringMeta(VM& vm, Value v) {
    Value handler = getMetafield(vm, v, Metamethod::ToString);
    if (handler.isNil()) return toStringRaw(vm, v);
    // Not resumable: print/tostring use the kHostCallK path instead.
    Thread* th = vm.current;
    uint32_t top = th->top;
    callNested(vm, handler, &v, 1, 1);
    Value r = th->stack[th->top - 1];
    th->top = top;
    if (r.isString()) return r.asString();
    if (r.isNumber()) return numberToString(vm, r);
    raiseMessage(vm, "'__tostring' must return a string");
}

void checkResultSpace(VM& vm, HostCall& call, uint64_t n, const char* msg) {
    constexpr uint64_t kExtraSlots = 5; // as lua5.4's EXTRA_STACK
    if (uint64_t(call.top()) + kExtraSlots + n > kMaxStackSlots)
        raiseError(vm, stringValue(vm, std::string("stack overflow (") + msg + ")"));
}

// ---------------------------------------------------------------------------
// Indexing with metamethods (for the rare library paths that need it)

namespace {
constexpr int kMaxMetaChain = 2000; // as lua5.4's MAXTAGLOOP

[[noreturn]] void cannotIndex(VM& vm, Value obj) {
    std::string kind = objTypeName(vm, obj); // honours __name, as lua5.4's luaT_objtypename
    raiseError(vm, Value::object(internString(vm, "attempt to index a " + kind + " value")));
}
} // namespace

Value indexValue(VM& vm, Value obj, Value key) {
    for (int loop = 0; loop < kMaxMetaChain; ++loop) {
        Value handler;
        if (obj.isTable()) {
            const Value* v = tableGet(obj.asTable(), key);
            if (!v->isNil()) return *v;
            const Value* h = fastMetamethod(vm, obj.asTable()->metatable, Metamethod::Index);
            if (h == nullptr) return Value();
            handler = *h;
        } else {
            handler = getMetafield(vm, obj, Metamethod::Index);
            if (handler.isNil()) cannotIndex(vm, obj);
        }
        if (handler.isFunction()) {
            Thread* th = vm.current;
            uint32_t top = th->top;
            Value args[2] = {obj, key};
            callNested(vm, handler, args, 2, 1);
            Value r = th->stack[th->top - 1];
            th->top = top;
            return r;
        }
        obj = handler;
    }
    raiseError(vm, stringValue(vm, "'__index' chain too long; possible loop"));
}

void setIndexValue(VM& vm, Value obj, Value key, Value v) {
    for (int loop = 0; loop < kMaxMetaChain; ++loop) {
        Value handler;
        if (obj.isTable()) {
            Table* t = obj.asTable();
            const Value* h = nullptr;
            if (tableGet(t, key)->isNil())
                h = fastMetamethod(vm, t->metatable, Metamethod::NewIndex);
            if (h == nullptr) {
                tableSet(vm, t, key, v);
                return;
            }
            handler = *h;
        } else {
            handler = getMetafield(vm, obj, Metamethod::NewIndex);
            if (handler.isNil()) cannotIndex(vm, obj);
        }
        if (handler.isFunction()) {
            Thread* th = vm.current;
            uint32_t top = th->top;
            Value args[3] = {obj, key, v};
            callNested(vm, handler, args, 3, 0);
            th->top = top;
            return;
        }
        obj = handler;
    }
    raiseError(vm, stringValue(vm, "'__newindex' chain too long; possible loop"));
}

// ---------------------------------------------------------------------------
// Calling Lua from host functions

int callThen(VM& vm, HostCall& call, Value fn, std::initializer_list<Value> args, int wantResults,
             HostFn continuation, intptr_t context) {
    call.calleeIndex = call.top();
    call.push(vm, fn);
    for (const Value& a : args)
        call.push(vm, a);
    call.wantResults = wantResults;
    call.continuation = continuation;
    call.context = context;
    return kHostCallK;
}

// ---------------------------------------------------------------------------
// Checkers

void checkAny(VM& vm, HostCall& call, int arg) {
    if (!call.hasArg(arg)) argError(vm, call, arg, "value expected");
}

void checkType(VM& vm, HostCall& call, int arg, LuaType t) {
    if (!call.hasArg(arg) || call.arg(arg).type() != t) typeError(vm, call, arg, luaTypeName(t));
}

Integer checkInteger(VM& vm, HostCall& call, int arg) {
    Value v = call.arg(arg);
    if (v.isInt()) return v.i;
    Integer out;
    if (toInteger(v, out)) return out;
    Number dummy;
    if (toNumber(v, dummy)) argError(vm, call, arg, "number has no integer representation");
    typeError(vm, call, arg, "number");
}

Number checkNumber(VM& vm, HostCall& call, int arg) {
    Value v = call.arg(arg);
    if (v.isFloat()) return v.n;
    Number out;
    if (toNumber(v, out)) return out;
    typeError(vm, call, arg, "number");
}

String* checkString(VM& vm, HostCall& call, int arg) {
    Value v = call.arg(arg);
    if (v.isString()) return v.asString();
    if (v.isNumber()) {
        String* s = numberToString(vm, v);
        call.argSlot(arg) = Value::object(s); // keep it reachable, as lua_tolstring does
        return s;
    }
    typeError(vm, call, arg, "string");
}

std::string_view checkStringView(VM& vm, HostCall& call, int arg) {
    return view(checkString(vm, call, arg));
}

Table* checkTable(VM& vm, HostCall& call, int arg) {
    Value v = call.arg(arg);
    if (!v.isTable()) typeError(vm, call, arg, "table");
    return v.asTable();
}

bool checkBoolean(VM&, HostCall& call, int arg) {
    return call.arg(arg).isTruthy();
}

Integer optInteger(VM& vm, HostCall& call, int arg, Integer def) {
    return call.arg(arg).isNil() ? def : checkInteger(vm, call, arg);
}

Number optNumber(VM& vm, HostCall& call, int arg, Number def) {
    return call.arg(arg).isNil() ? def : checkNumber(vm, call, arg);
}

String* optString(VM& vm, HostCall& call, int arg, String* def) {
    return call.arg(arg).isNil() ? def : checkString(vm, call, arg);
}

std::string_view optStringView(VM& vm, HostCall& call, int arg, std::string_view def) {
    return call.arg(arg).isNil() ? def : checkStringView(vm, call, arg);
}

int checkOption(VM& vm, HostCall& call, int arg, const char* def, const char* const options[]) {
    std::string_view name =
        def != nullptr ? optStringView(vm, call, arg, def) : checkStringView(vm, call, arg);
    for (int i = 0; options[i] != nullptr; ++i)
        if (name == options[i]) return i;
    std::string msg = "invalid option '" + std::string(name) + "'";
    argError(vm, call, arg, msg.c_str());
}

Userdata* testUserdata(VM& vm, HostCall& call, int arg, const char* typeName) {
    Value v = call.arg(arg);
    if (v.tag != Tag::Userdata) return nullptr;
    Table* mt = v.asUserdata()->metatable;
    if (mt == nullptr) return nullptr;
    const Value* expected = tableGetStr(vm.registry, internString(vm, typeName));
    if (!expected->isTable() || expected->asTable() != mt) return nullptr;
    return v.asUserdata();
}

Userdata* checkUserdata(VM& vm, HostCall& call, int arg, const char* typeName) {
    Userdata* u = testUserdata(vm, call, arg, typeName);
    if (u == nullptr) typeError(vm, call, arg, typeName);
    return u;
}

// ---------------------------------------------------------------------------
// Results

void pushString(VM& vm, HostCall& call, std::string_view s) {
    call.push(vm, stringValue(vm, s));
}

int pushFail(VM& vm, HostCall& call, std::string_view message) {
    call.push(vm, Value());
    pushString(vm, call, message);
    return 2;
}

int pushFailErrno(VM& vm, HostCall& call, std::string_view message, int errnum) {
    call.push(vm, Value());
    pushString(vm, call, message);
    call.push(vm, Value::integer(errnum));
    return 3;
}

} // namespace tricolor
