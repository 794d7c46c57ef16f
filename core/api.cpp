// api.cpp — the embedding API (see api.h).
#include "core/api.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/auxlib.h"
#include "core/compiler.h"
#include "core/debuginfo.h"
#include "core/gc.h"
#include "core/interp.h"
#include "core/interp_internal.h"
#include "core/string.h"
#include "core/table.h"

namespace tricolor {

namespace {

// The API's state lives in the VM-level interpreter record.
bool& runningFlag(VM& vm) {
    return vmState(vm).apiRunning;
}

Thread* mainThread(VM& vm) {
    return vm.mainThread;
}

uint32_t absIndex(VM& vm, int index) {
    Thread* th = mainThread(vm);
    if (index > 0) return uint32_t(index - 1);
    return uint32_t(int(th->top) + index);
}

} // namespace

int stackSize(VM& vm) {
    return int(mainThread(vm)->top);
}

void push(VM& vm, Value v) {
    pushValue(vm, mainThread(vm), v);
}

void pushString(VM& vm, std::string_view s) {
    push(vm, Value::object(internString(vm, s)));
}

Value stackValue(VM& vm, int index) {
    Thread* th = mainThread(vm);
    if (index == 0) return Value();
    uint32_t i = absIndex(vm, index);
    if (i >= th->top) return Value();
    return th->stack[i];
}

void pop(VM& vm, int n) {
    Thread* th = mainThread(vm);
    th->top = n >= int(th->top) ? 0 : th->top - uint32_t(n);
}

void setGlobal(VM& vm, std::string_view name, Value v) {
    push(vm, v); // anchor
    tableSetStr(vm, vm.globals, internString(vm, name), v);
    pop(vm, 1);
}

Value getGlobal(VM& vm, std::string_view name) {
    return *tableGetStr(vm.globals, internString(vm, name));
}

bool loadString(VM& vm, std::string_view source, std::string_view chunkName, std::string& error) {
    try {
        LuaClosure* cl = compileToClosure(vm, source, chunkName, error);
        if (!cl) return false;
        push(vm, Value::object(cl));
        return true;
    } catch (const LuaError&) {
        error = "not enough memory";
        return false;
    }
}

bool loadFile(VM& vm, const std::string& path, std::string& error) {
    // As luaL_loadfile: "cannot open/read NAME: <strerror>".
    std::FILE* in = std::fopen(path.c_str(), "rb");
    if (!in) {
        error = "cannot open " + path + ": " + std::strerror(errno);
        return false;
    }
    std::string text;
    char buf[8192];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, in)) > 0)
        text.append(buf, n);
    int readError = std::ferror(in) ? errno : 0;
    std::fclose(in);
    if (readError) {
        error = "cannot read " + path + ": " + std::strerror(readError);
        return false;
    }
    CompileOptions opts;
    opts.skipShebang = true;
    try {
        LuaClosure* cl = compileToClosure(vm, text, "@" + path, error, nullptr, opts);
        if (!cl) return false;
        push(vm, Value::object(cl));
        return true;
    } catch (const LuaError&) {
        error = "not enough memory";
        return false;
    }
}

void startCall(VM& vm, int nargs, int nresults) {
    if (runningFlag(vm)) return; // one call at a time
    Thread* th = mainThread(vm);
    uint32_t func = th->top - uint32_t(nargs) - 1;
    vm.current = th;
    beginCall(vm, func, nresults);
    runningFlag(vm) = true;
}

bool isRunning(VM& vm) {
    return runningFlag(vm);
}

RunStatus run(VM& vm, uint64_t budget) {
    if (!runningFlag(vm)) return RunStatus::Idle;
    if (gcMutatorLocked(vm)) return RunStatus::Paused;
    InterpVMState& st = vmState(vm);
    ExecStatus s = execute(vm, budget);
    switch (s) {
    case ExecStatus::Finished: runningFlag(vm) = false; return RunStatus::Finished;
    case ExecStatus::Paused: return RunStatus::Paused;
    case ExecStatus::Yielded:
        if (st.waitingForMessage) {
            st.waitingForMessage = false;
            return RunStatus::WaitingForMessage;
        }
        return RunStatus::Yielded;
    case ExecStatus::Error: {
        runningFlag(vm) = false;
        Thread* th = mainThread(vm);
        vm.current = th;
        th->status = ThreadStatus::Running;
        pushValue(vm, th, th->errorValue);
        return RunStatus::Error;
    }
    }
    return RunStatus::Error;
}

void resumeCall(VM& vm, int nvalues) {
    Thread* th = mainThread(vm);
    if (th->numFrames == 0) return;
    CallFrame& f = th->frames[th->numFrames - 1];
    f.flags = uint8_t((f.flags & ~kFrameYielded) | kFrameContinue);
    f.status = kCallOk;
    f.yieldCount = nvalues;
}

void setWaitingForMessage(VM& vm) {
    vmState(vm).waitingForMessage = true;
}

void abortCall(VM& vm) {
    abandonExecution(vm);
    runningFlag(vm) = false;
}

bool currentPosition(VM& vm, std::string& chunk, int& line) {
    Thread* th = vm.current;
    if (!th) return false;
    for (int fi = int(th->numFrames) - 1; fi >= 0; --fi) {
        const CallFrame& f = th->frames[fi];
        if (!f.isLua()) continue;
        const Proto* p = f.closure->proto;
        chunk = p->source ? std::string(view(p->source)) : "?";
        // The running frame's pc is the next instruction to execute: that is the line a
        // paused program is at. A caller's pc is past its call, so its line is the call's.
        bool innermost = fi == int(th->numFrames) - 1;
        uint32_t next = uint32_t(f.pc - p->code);
        line = innermost && next < p->codeSize ? lineOfInstruction(p, next) : frameCurrentLine(f);
        return true;
    }
    return false;
}

std::string toDisplayString(VM& vm, Value v) {
    try {
        String* s = toStringMeta(vm, v);
        return std::string(view(s));
    } catch (const LuaError&) {
        Value e = vm.current->errorValue;
        if (e.isString()) return std::string(view(e.asString()));
        return "?";
    }
}

// The string e's __tostring returns, if it has one that returns a string.
static bool errorObjectString(VM& vm, Value e, std::string& out) {
    Value tm = getMetafield(vm, e, Metamethod::ToString);
    if (tm.isNil()) return false;
    Thread* th = vm.current;
    uint32_t top = th->top;
    bool ok = false;
    try {
        callNested(vm, tm, &e, 1, 1);
        Value r = th->stack[th->top - 1];
        if (r.isString()) {
            out = std::string(view(r.asString()));
            ok = true;
        }
    } catch (const LuaError&) {
        // lua.c's message handler then describes the object by its type.
    }
    th->top = top;
    return ok;
}

std::string errorMessage(VM& vm, bool* fromToString) {
    if (fromToString) *fromToString = false;
    Value e = stackValue(vm, -1);
    if (e.isString()) return std::string(view(e.asString()));
    if (e.isNumber()) return toDisplayString(vm, e);
    std::string s;
    if (errorObjectString(vm, e, s)) {
        if (fromToString) *fromToString = true;
        return s;
    }
    return "(error object is a " + std::string(luaTypeName(e.type())) + " value)";
}

std::string errorTraceback(VM& vm) {
    return lastErrorTraceback(vm);
}

} // namespace tricolor
