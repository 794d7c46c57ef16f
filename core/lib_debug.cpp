// lib_debug.cpp — the `debug` library.
//
// Frames are read through interp.h (frameIndexAtLevel, frameCurrentLine,
// frameFunctionName, traceback, setHook/getHook) and names through
// debuginfo.h. Levels count as in lua5.4: in the running thread level 0 is
// the debug function itself and 1 its caller; in another thread level 0 is
// its topmost frame. Frame layout facts used here (interp.cpp): a Lua frame's
// registers start at `base`; a vararg function's extra arguments sit at
// func + 1 + numParams, `extra` of them.
#include <cstring>
#include <string>

#include "core/auxlib.h"
#include "core/compiler.h"
#include "core/debuginfo.h"
#include "core/interp.h"
#include "core/lexer.h"
#include "core/stdlib.h"
#include "core/string.h"
#include "core/table.h"
#include "core/tm.h"

namespace tricolor {
namespace {

// The optional thread argument: returns the thread and sets `off` to 1 when
// argument 1 is a thread (the other arguments shift by one).
Thread* threadArg(HostCall& call, int& off) {
    if (call.arg(1).tag == Tag::Thread) {
        off = 1;
        return call.arg(1).asThread();
    }
    off = 0;
    return call.thread;
}

// Index of the instruction a Lua frame is executing.
uint32_t currentPc(const CallFrame& f) {
    const Proto* p = f.closure->proto;
    return f.pc > p->code ? uint32_t(f.pc - p->code) - 1 : 0;
}

void setField(VM& vm, Table* t, const char* name, Value v) {
    tableSetStr(vm, t, internString(vm, name), v);
}

// Fields 'S' for a function value.
void sourceFields(VM& vm, Table* t, Value fn) {
    if (fn.tag == Tag::LuaClosure) {
        const Proto* p = fn.asLuaClosure()->proto;
        std::string source = p->source != nullptr ? std::string(view(p->source)) : "=?";
        setField(vm, t, "source", stringValue(vm, source));
        setField(vm, t, "short_src", stringValue(vm, chunkId(source)));
        setField(vm, t, "linedefined", Value::integer(p->lineDefined));
        setField(vm, t, "lastlinedefined", Value::integer(p->lastLineDefined));
        setField(vm, t, "what", stringValue(vm, p->lineDefined == 0 ? "main" : "Lua"));
    } else {
        setField(vm, t, "source", stringValue(vm, "=[C]"));
        setField(vm, t, "short_src", stringValue(vm, "[C]"));
        setField(vm, t, "linedefined", Value::integer(-1));
        setField(vm, t, "lastlinedefined", Value::integer(-1));
        setField(vm, t, "what", stringValue(vm, "C"));
    }
}

void upvalueFields(VM& vm, Table* t, Value fn) {
    int nups = 0, nparams = 0;
    bool vararg = true;
    if (fn.tag == Tag::LuaClosure) {
        const Proto* p = fn.asLuaClosure()->proto;
        nups = fn.asLuaClosure()->numUpvalues;
        nparams = p->numParams;
        vararg = p->isVararg;
    } else if (fn.tag == Tag::HostClosure) {
        nups = fn.asHostClosure()->numUpvalues;
    }
    setField(vm, t, "nups", Value::integer(nups));
    setField(vm, t, "nparams", Value::integer(nparams));
    setField(vm, t, "isvararg", Value::boolean(vararg));
}

// 'L': the set of lines that have code (a vararg function's VARARGPREP line excluded).
void activeLines(VM& vm, Table* t, Value fn) {
    if (fn.tag != Tag::LuaClosure) {
        setField(vm, t, "activelines", Value());
        return;
    }
    const Proto* p = fn.asLuaClosure()->proto;
    Table* lines = newTable(vm);
    setField(vm, t, "activelines", Value::object(lines));
    if (p->lineInfo == nullptr) return;
    for (uint32_t pc = p->isVararg ? 1 : 0; pc < p->codeSize; ++pc)
        tableSetInt(vm, lines, p->lineInfo[pc], Value::boolean(true));
}

int dbGetinfo(VM& vm, HostCall& call) {
    int off;
    Thread* th = threadArg(call, off);
    std::string what(optStringView(vm, call, off + 2, "flnSrtu"));
    argCheck(vm, call, what.empty() || what[0] != '>', off + 2, "invalid option '>'");
    for (char c : what)
        if (std::strchr("SlnrutfL", c) == nullptr) argError(vm, call, off + 2, "invalid option");
    Value fn;
    int fi = -1;
    Value target = call.arg(off + 1);
    if (target.isFunction()) {
        fn = target;
    } else {
        Integer level = checkInteger(vm, call, off + 1);
        fi = level >= 0 && level < INT32_MAX ? frameIndexAtLevel(th, int(level)) : -1;
        if (fi < 0) return pushResult(vm, call, Value());
        fn = th->stack[th->frames[fi].func];
    }
    Table* t = newTable(vm);
    call.push(vm, Value::object(t));
    const CallFrame* f = fi >= 0 ? &th->frames[fi] : nullptr;
    for (char c : what) {
        switch (c) {
        case 'S': sourceFields(vm, t, fn); break;
        case 'l':
            setField(vm, t, "currentline",
                     Value::integer(f != nullptr ? frameCurrentLine(*f) : -1));
            break;
        case 'u': upvalueFields(vm, t, fn); break;
        case 'n': {
            std::string namewhat, name;
            if (f != nullptr) frameFunctionName(vm, th, fi, namewhat, name);
            setField(vm, t, "name", namewhat.empty() ? Value() : stringValue(vm, name));
            setField(vm, t, "namewhat", stringValue(vm, namewhat));
            break;
        }
        case 'r':
            setField(vm, t, "ftransfer", Value::integer(0));
            setField(vm, t, "ntransfer", Value::integer(0));
            break;
        case 't':
            setField(vm, t, "istailcall",
                     Value::boolean(f != nullptr && (f->flags & kFrameTailCall)));
            break;
        case 'f': setField(vm, t, "func", fn); break;
        case 'L': activeLines(vm, t, fn); break;
        }
    }
    return 1;
}

// --- locals -------------------------------------------------------------------

// Finds local n of frame fi: its name and stack slot. False if none.
bool findLocal(Thread* th, int fi, Integer n, const char*& name, uint32_t& slotIndex) {
    const CallFrame& f = th->frames[fi];
    if (f.isLua()) {
        const Proto* p = f.closure->proto;
        if (n < 0) {
            if (!p->isVararg || -n > Integer(f.extra)) return false;
            name = "(vararg)";
            slotIndex = f.func + 1 + p->numParams + uint32_t(-n - 1);
            return true;
        }
        unsigned reg = 0;
        const String* s =
            n > 0 && n < INT32_MAX ? localVariableName(p, int(n), currentPc(f), &reg) : nullptr;
        if (s != nullptr) {
            name = s->data();
            slotIndex = f.base + reg;
            return true;
        }
    }
    if (n <= 0) return false;
    uint32_t limit = uint32_t(fi) + 1 < th->numFrames ? th->frames[fi + 1].func : th->top;
    if (limit <= f.base || Integer(limit - f.base) < n) return false;
    name = f.isLua() ? "(temporary)" : "(C temporary)";
    slotIndex = f.base + uint32_t(n - 1);
    return true;
}

int dbGetlocal(VM& vm, HostCall& call) {
    int off;
    Thread* th = threadArg(call, off);
    Integer n = checkInteger(vm, call, off + 2);
    Value target = call.arg(off + 1);
    if (target.isFunction()) {
        if (target.tag != Tag::LuaClosure || n <= 0 || n >= INT32_MAX)
            return pushResult(vm, call, Value());
        const String* s = localVariableName(target.asLuaClosure()->proto, int(n), 0);
        return pushResult(vm, call, s != nullptr ? Value::object(const_cast<String*>(s)) : Value());
    }
    Integer level = checkInteger(vm, call, off + 1);
    int fi = level >= 0 && level < INT32_MAX ? frameIndexAtLevel(th, int(level)) : -1;
    argCheck(vm, call, fi >= 0, off + 1, "level out of range");
    const char* name;
    uint32_t slotIndex;
    if (!findLocal(th, fi, n, name, slotIndex)) return pushResult(vm, call, Value());
    Value v = th->stack[slotIndex];
    pushString(vm, call, name);
    call.push(vm, v);
    return 2;
}

int dbSetlocal(VM& vm, HostCall& call) {
    int off;
    Thread* th = threadArg(call, off);
    Integer level = checkInteger(vm, call, off + 1);
    Integer n = checkInteger(vm, call, off + 2);
    checkAny(vm, call, off + 3);
    int fi = level >= 0 && level < INT32_MAX ? frameIndexAtLevel(th, int(level)) : -1;
    argCheck(vm, call, fi >= 0, off + 1, "level out of range");
    const char* name;
    uint32_t slotIndex;
    if (!findLocal(th, fi, n, name, slotIndex)) return pushResult(vm, call, Value());
    th->stack[slotIndex] = call.arg(off + 3);
    return pushResult(vm, call, stringValue(vm, name));
}

// --- upvalues -----------------------------------------------------------------

// The slot of upvalue n of function fn (null if none) and its name.
Value* upvalueSlot(Value fn, Integer n, const char** name, GCObject** owner) {
    if (fn.tag == Tag::LuaClosure) {
        LuaClosure* c = fn.asLuaClosure();
        if (n < 1 || n > c->numUpvalues) return nullptr;
        const UpvalueDesc& d = c->proto->upvalues[n - 1];
        if (name != nullptr) *name = d.name != nullptr ? d.name->data() : "(no name)";
        Upvalue* uv = c->upvalues()[n - 1];
        if (owner != nullptr) *owner = uv;
        return uv->location;
    }
    if (fn.tag == Tag::HostClosure) {
        HostClosure* c = fn.asHostClosure();
        if (n < 1 || n > c->numUpvalues) return nullptr;
        if (name != nullptr) *name = "";
        if (owner != nullptr) *owner = c;
        return &c->upvalues()[n - 1];
    }
    return nullptr;
}

int dbGetupvalue(VM& vm, HostCall& call) {
    checkType(vm, call, 1, LuaType::Function);
    Integer n = checkInteger(vm, call, 2);
    const char* name;
    Value* s = upvalueSlot(call.arg(1), n, &name, nullptr);
    if (s == nullptr) return 0;
    Value v = *s;
    pushString(vm, call, name);
    call.push(vm, v);
    return 2;
}

int dbSetupvalue(VM& vm, HostCall& call) {
    checkAny(vm, call, 3);
    checkType(vm, call, 1, LuaType::Function);
    Integer n = checkInteger(vm, call, 2);
    const char* name;
    GCObject* owner;
    Value* s = upvalueSlot(call.arg(1), n, &name, &owner);
    if (s == nullptr) return 0;
    Value v = call.arg(3);
    *s = v;
    writeBarrier(vm, owner, v);
    return pushResult(vm, call, stringValue(vm, name));
}

void* upvalueIdentity(Value fn, Integer n) {
    if (fn.tag == Tag::LuaClosure) {
        LuaClosure* c = fn.asLuaClosure();
        if (n < 1 || n > c->numUpvalues) return nullptr;
        return c->upvalues()[n - 1];
    }
    if (fn.tag == Tag::HostClosure) {
        HostClosure* c = fn.asHostClosure();
        if (n < 1 || n > c->numUpvalues) return nullptr;
        return &c->upvalues()[n - 1];
    }
    return nullptr;
}

int dbUpvalueid(VM& vm, HostCall& call) {
    checkType(vm, call, 1, LuaType::Function);
    Integer n = checkInteger(vm, call, 2);
    void* id = upvalueIdentity(call.arg(1), n);
    return pushResult(vm, call, id != nullptr ? Value::lightUserdata(id) : Value());
}

int dbUpvaluejoin(VM& vm, HostCall& call) {
    checkType(vm, call, 1, LuaType::Function);
    Integer n1 = checkInteger(vm, call, 2);
    argCheck(vm, call, upvalueIdentity(call.arg(1), n1) != nullptr, 2, "invalid upvalue index");
    checkType(vm, call, 3, LuaType::Function);
    Integer n2 = checkInteger(vm, call, 4);
    argCheck(vm, call, upvalueIdentity(call.arg(3), n2) != nullptr, 4, "invalid upvalue index");
    argCheck(vm, call, call.arg(1).tag == Tag::LuaClosure, 1, "Lua function expected");
    argCheck(vm, call, call.arg(3).tag == Tag::LuaClosure, 3, "Lua function expected");
    LuaClosure* f1 = call.arg(1).asLuaClosure();
    Upvalue* uv = call.arg(3).asLuaClosure()->upvalues()[n2 - 1];
    f1->upvalues()[n1 - 1] = uv;
    objectBarrier(vm, f1, uv);
    return 0;
}

// --- metatables, registry, user values ----------------------------------------------

int dbGetmetatable(VM& vm, HostCall& call) {
    checkAny(vm, call, 1);
    Table* mt = getMetatable(vm, call.arg(1));
    return pushResult(vm, call, mt != nullptr ? Value::object(mt) : Value());
}

int dbSetmetatable(VM& vm, HostCall& call) {
    Value v = call.arg(1);
    Value mtv = call.arg(2);
    if (call.count() < 2 || (!mtv.isNil() && !mtv.isTable()))
        typeError(vm, call, 2, "nil or table");
    Table* mt = mtv.isNil() ? nullptr : mtv.asTable();
    if (v.isTable()) {
        v.asTable()->metatable = mt;
        if (mt != nullptr) {
            objectBarrier(vm, v.asTable(), mt);
            gcCheckFinalizer(vm, v.asTable(), mt);
        }
    } else if (v.tag == Tag::Userdata) {
        v.asUserdata()->metatable = mt;
        if (mt != nullptr) {
            objectBarrier(vm, v.asUserdata(), mt);
            gcCheckFinalizer(vm, v.asUserdata(), mt);
        }
    } else {
        vm.typeMetatables[int(v.type())] = mt;
    }
    return pushResult(vm, call, v);
}

int dbGetregistry(VM& vm, HostCall& call) {
    return pushResult(vm, call, Value::object(vm.registry));
}

int dbGetuservalue(VM& vm, HostCall& call) {
    Integer n = optInteger(vm, call, 2, 1);
    Value u = call.arg(1);
    if (u.tag != Tag::Userdata) return pushResult(vm, call, Value());
    Userdata* ud = u.asUserdata();
    if (n < 1 || n > ud->numUserValues) return pushResult(vm, call, Value());
    call.push(vm, ud->userValues()[n - 1]);
    call.push(vm, Value::boolean(true));
    return 2;
}

int dbSetuservalue(VM& vm, HostCall& call) {
    checkType(vm, call, 1, LuaType::Userdata);
    checkAny(vm, call, 2);
    Integer n = optInteger(vm, call, 3, 1);
    Userdata* ud = call.arg(1).asUserdata();
    if (n < 1 || n > ud->numUserValues) return pushResult(vm, call, Value());
    Value v = call.arg(2);
    ud->userValues()[n - 1] = v;
    writeBarrier(vm, ud, v);
    return pushResult(vm, call, call.arg(1));
}

// --- hooks ----------------------------------------------------------------------

int dbSethook(VM& vm, HostCall& call) {
    int off;
    Thread* th = threadArg(call, off);
    if (call.arg(off + 1).isNil()) {
        setHook(vm, th, Value(), 0, 0);
        return 0;
    }
    std::string_view smask = checkStringView(vm, call, off + 2);
    checkType(vm, call, off + 1, LuaType::Function);
    Integer count = optInteger(vm, call, off + 3, 0);
    int mask = 0;
    if (smask.find('c') != smask.npos) mask |= kHookCall;
    if (smask.find('r') != smask.npos) mask |= kHookReturn;
    if (smask.find('l') != smask.npos) mask |= kHookLine;
    if (count > 0) mask |= kHookCount;
    if (mask == 0) {
        setHook(vm, th, Value(), 0, 0);
        return 0;
    }
    setHook(vm, th, call.arg(off + 1), mask, int(count));
    return 0;
}

int dbGethook(VM& vm, HostCall& call) {
    int off;
    Thread* th = threadArg(call, off);
    Value fn;
    int mask = 0, count = 0;
    getHook(vm, th, fn, mask, count);
    if (fn.isNil()) return pushResult(vm, call, Value());
    std::string smask;
    if (mask & kHookCall) smask += 'c';
    if (mask & kHookReturn) smask += 'r';
    if (mask & kHookLine) smask += 'l';
    call.push(vm, fn);
    pushString(vm, call, smask);
    call.push(vm, Value::integer(count));
    return 3;
}

// --- traceback and the rest ------------------------------------------------------------

int dbTraceback(VM& vm, HostCall& call) {
    int off;
    Thread* th = threadArg(call, off);
    Value msg = call.arg(off + 1);
    if (!msg.isNil() && !msg.isString() && !msg.isNumber()) return pushResult(vm, call, msg);
    Integer level = optInteger(vm, call, off + 2, th == call.thread ? 1 : 0);
    std::string out;
    if (!msg.isNil()) {
        out = std::string(view(checkString(vm, call, off + 1)));
        out += "\n";
    }
    int shown = level < 0 ? 0 : level > INT32_MAX - 1 ? INT32_MAX - 1 : int(level);
    // interp.h's traceback counts the top frame as 1.
    out += traceback(vm, th, shown + 1);
    return pushResult(vm, call, stringValue(vm, out));
}

// debug.debug(): a tiny REPL on the standard input until "cont".
int dbDebug(VM& vm, HostCall& call) {
    LibState& lib = libState(vm);
    Stream* in = lib.fs->standardInput();
    auto err = [&](std::string_view s) {
        if (vm.options.writeStderr)
            vm.options.writeStderr(s);
        else
            std::fwrite(s.data(), 1, s.size(), stderr);
    };
    for (;;) {
        err("lua_debug> ");
        std::string line;
        int c;
        while ((c = in->getChar()) != EOF && c != '\n')
            line.push_back(char(c));
        if ((c == EOF && line.empty()) || line == "cont") return 0;
        std::string error;
        LuaClosure* fn = compileToClosure(vm, line, "=(debug command)", error);
        if (fn == nullptr) {
            err(error + "\n");
            continue;
        }
        uint32_t top = call.top();
        try {
            Value f = Value::object(fn);
            callNested(vm, f, nullptr, 0, 0);
        } catch (const LuaError&) {
            String* s = toStringRaw(vm, vm.current->errorValue);
            err(std::string(view(s)) + "\n");
        }
        setTop(call, top);
    }
}

int dbSetcstacklimit(VM& vm, HostCall& call) {
    checkInteger(vm, call, 1);
    return pushResult(vm, call, Value::integer(0));
}

const LibEntry kDebugFunctions[] = {
    {"debug", dbDebug},
    {"gethook", dbGethook},
    {"getinfo", dbGetinfo},
    {"getlocal", dbGetlocal},
    {"getmetatable", dbGetmetatable},
    {"getregistry", dbGetregistry},
    {"getupvalue", dbGetupvalue},
    {"getuservalue", dbGetuservalue},
    {"sethook", dbSethook},
    {"setlocal", dbSetlocal},
    {"setmetatable", dbSetmetatable},
    {"setupvalue", dbSetupvalue},
    {"setuservalue", dbSetuservalue},
    {"traceback", dbTraceback},
    {"upvalueid", dbUpvalueid},
    {"upvaluejoin", dbUpvaluejoin},
    {"setcstacklimit", dbSetcstacklimit},
    {nullptr, nullptr},
};

} // namespace

void openDebugLib(VM& vm) {
    newLib(vm, "debug", kDebugFunctions);
}

} // namespace tricolor
