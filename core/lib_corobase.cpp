// lib_corobase.cpp — the base functions that belong to the interpreter
// (pcall, xpcall, error, load, loadfile, dofile) and the `coroutine` library.
//
// None of them waits on the C++ stack for Lua code: pcall/xpcall/dofile and
// load's reader calls use kHostCallK, resume/wrap use the interpreter's
// internal kHostResume signal, yield returns kHostYield. So a budget can
// pause anywhere inside them and a coroutine can yield across pcall.
#include <cerrno>
#include <cstring>
#include <string>

#include "core/auxlib.h"
#include "core/compiler.h"
#include "core/interp.h"
#include "core/interp_internal.h"
#include "core/stdlib.h"
#include "core/string.h"
#include "core/table.h"
#include "core/tm.h"

namespace tricolor {

namespace {

// ---------------------------------------------------------------------------
// pcall / xpcall / error

// Results sit from calleeIndex to top; the status goes in the slot below.
int protectedDone(VM&, HostCall& call) {
    Value* s = call.thread->stack;
    uint32_t first = call.calleeIndex;
    if (call.status == kCallError) {
        s[first - 1] = Value::boolean(false);
        call.thread->top = first + 1;
        return 2;
    }
    s[first - 1] = Value::boolean(true);
    return int(call.thread->top - first) + 1;
}

int xpcallFn(VM& vm, HostCall& call) {
    checkType(vm, call, 2, LuaType::Function);
    // Layout: f, msgh, args...  ->  push f, args... so the callee is contiguous.
    uint32_t callee = call.top();
    call.push(vm, call.arg(1));
    for (int k = 3; k <= call.nargs; k++)
        call.push(vm, call.arg(k));
    call.calleeIndex = callee;
    call.wantResults = -1;
    call.continuation = protectedDone;
    call.status = kCallProtect | kCallProtectHandler;
    return kHostCallK;
}

// ---------------------------------------------------------------------------
// load / loadfile / dofile

int loadResult(VM& vm, HostCall& call, Proto* p, const std::string& err, bool hasEnv, Value env) {
    if (!p) return pushFail(vm, call, err);
    call.push(vm, Value::object(p)); // anchor the proto while the closure is made
    LuaClosure* cl = makeMainClosure(vm, p, hasEnv ? &env : nullptr);
    call.thread->stack[call.top() - 1] = Value::object(cl);
    return 1;
}

std::string_view modeArg(VM& vm, HostCall& call, int arg) {
    return optStringView(vm, call, arg, "bt");
}

int loadPieces(VM& vm, HostCall& call, uint32_t firstPiece) {
    std::string text;
    for (uint32_t k = firstPiece; k < call.top(); k++) {
        text.append(view(call.thread->stack[k].asString()));
    }
    std::string chunkName(optStringView(vm, call, 2, "=(load)"));
    std::string_view mode = modeArg(vm, call, 3);
    std::string err;
    Proto* p = loadChunk(vm, text, chunkName, mode, err);
    setTop(call, firstPiece);
    return loadResult(vm, call, p, err, call.nargs >= 4, call.arg(4));
}

// Continuation of a reader call: the piece (or error) is at top - 1.
int loadReaderStep(VM& vm, HostCall& call) {
    uint32_t firstPiece = call.base + uint32_t(call.nargs);
    if (call.status == kCallError) {
        Value err = call.thread->stack[call.top() - 1];
        setTop(call, firstPiece);
        call.push(vm, Value());
        call.push(vm, err);
        return 2;
    }
    Value piece = call.thread->stack[call.top() - 1];
    if (piece.isNumber()) { // converted as lua_tolstring does
        piece = Value::object(numberToString(vm, piece));
        call.thread->stack[call.top() - 1] = piece;
    }
    if (piece.isNil() || (piece.isString() && piece.asString()->length == 0)) {
        setTop(call, call.top() - 1);
        return loadPieces(vm, call, firstPiece);
    }
    if (!piece.isString()) {
        setTop(call, firstPiece);
        call.push(vm, Value());
        call.push(vm, stringValue(vm, whereString(vm, 1) + "reader function must return a string"));
        return 2;
    }
    // Keep the piece on the stack and call the reader again.
    call.calleeIndex = call.top();
    call.push(vm, call.arg(1));
    call.wantResults = 1;
    call.continuation = loadReaderStep;
    call.status = kCallProtect;
    return kHostCallK;
}

int loadFn(VM& vm, HostCall& call) {
    Value chunk = call.arg(1);
    if (chunk.isNumber()) { // a number is a string chunk, as lua_tolstring makes it
        chunk = Value::object(numberToString(vm, chunk));
        call.thread->stack[call.base] = chunk;
    }
    if (chunk.isString()) {
        std::string_view text = view(chunk.asString());
        std::string chunkName(optStringView(vm, call, 2, text));
        std::string_view mode = modeArg(vm, call, 3);
        std::string err;
        Proto* p = loadChunk(vm, text, chunkName, mode, err);
        return loadResult(vm, call, p, err, call.nargs >= 4, call.arg(4));
    }
    checkType(vm, call, 1, LuaType::Function);
    optStringView(vm, call, 2, "=(load)");
    modeArg(vm, call, 3);
    setTop(call, call.base + uint32_t(call.nargs));
    call.calleeIndex = call.top();
    call.push(vm, chunk);
    call.wantResults = 1;
    call.continuation = loadReaderStep;
    call.status = kCallProtect;
    return kHostCallK;
}

// Reads a whole file through the library's file system; false with a
// lua5.4-style message on failure.
bool readFile(VM& vm, const char* path, std::string& out, std::string& err) {
    LibState& ls = libState(vm);
    int e = 0;
    std::unique_ptr<Stream> s;
    Stream* in;
    if (path) {
        s = ls.fs->open(path, "rb", e);
        if (!s) {
            err = std::string("cannot open ") + path + ": " + std::strerror(e);
            return false;
        }
        in = s.get();
    } else {
        in = ls.fs->standardInput();
    }
    char buf[4096];
    size_t n;
    while ((n = in->read(buf, sizeof buf)) > 0)
        out.append(buf, n);
    if (in->hasError()) {
        err = std::string("cannot read ") + (path ? path : "stdin") + ": " +
              std::strerror(in->lastError());
        return false;
    }
    if (s) s->close();
    return true;
}

Proto* loadFileProto(VM& vm, const char* path, std::string_view mode, std::string& err) {
    std::string text;
    if (!readFile(vm, path, text, err)) return nullptr;
    std::string chunkName = path ? std::string("@") + path : std::string("=stdin");
    CompileOptions opts;
    opts.skipShebang = true;
    return loadChunk(vm, text, chunkName, mode, err, opts);
}

int loadfileFn(VM& vm, HostCall& call) {
    Value name = call.arg(1);
    std::string path;
    if (!name.isNil()) path = std::string(checkStringView(vm, call, 1));
    std::string_view mode = modeArg(vm, call, 2);
    std::string err;
    Proto* p = loadFileProto(vm, name.isNil() ? nullptr : path.c_str(), mode, err);
    return loadResult(vm, call, p, err, call.nargs >= 3, call.arg(3));
}

int dofileDone(VM&, HostCall& call) {
    return int(call.top() - call.calleeIndex);
}

int dofileFn(VM& vm, HostCall& call) {
    Value name = call.arg(1);
    std::string path;
    if (!name.isNil()) path = std::string(checkStringView(vm, call, 1));
    std::string err;
    Proto* p = loadFileProto(vm, name.isNil() ? nullptr : path.c_str(), "bt", err);
    if (!p) raiseError(vm, stringValue(vm, err));
    setTop(call, call.base + uint32_t(call.nargs));
    call.calleeIndex = call.top();
    call.push(vm, Value::object(p));
    LuaClosure* cl = makeMainClosure(vm, p);
    call.thread->stack[call.calleeIndex] = Value::object(cl);
    call.wantResults = -1;
    call.continuation = dofileDone;
    return kHostCallK;
}

// ---------------------------------------------------------------------------
// coroutine library

Thread* checkThread(VM& vm, HostCall& call, int arg) {
    if (call.arg(arg).tag != Tag::Thread) typeError(vm, call, arg, "thread");
    return call.arg(arg).asThread();
}

// Why `co` cannot be resumed now, or nullptr.
const char* resumeProblem(VM& vm, Thread* co) {
    if (co == vm.current) return "cannot resume non-suspended coroutine";
    switch (co->status) {
    case ThreadStatus::Suspended:
        if (co->numFrames == 0 && co->top == 0) return "cannot resume dead coroutine";
        return nullptr;
    case ThreadStatus::Dead:
    case ThreadStatus::Error: return "cannot resume dead coroutine";
    default: return "cannot resume non-suspended coroutine";
    }
}

int coCreate(VM& vm, HostCall& call) {
    checkType(vm, call, 1, LuaType::Function);
    Thread* co = newThread(vm);
    threadState(co).isCoroutine = true;
    co->stack[0] = call.arg(1);
    co->top = 1;
    return pushResult(vm, call, Value::object(co));
}

int resumeDone(VM&, HostCall& call) {
    Value* s = call.thread->stack;
    if (call.status == kCallError) {
        s[call.base] = Value::boolean(false);
        call.thread->top = call.base + 2;
        return 2;
    }
    s[call.base] = Value::boolean(true);
    return int(call.top() - call.base);
}

int coResume(VM& vm, HostCall& call) {
    Thread* co = checkThread(vm, call, 1);
    if (const char* why = resumeProblem(vm, co)) {
        call.push(vm, Value::boolean(false));
        call.push(vm, stringValue(vm, why));
        return 2;
    }
    call.calleeIndex = call.base;
    call.continuation = resumeDone;
    return kHostResume;
}

int wrapDone(VM& vm, HostCall& call) {
    uint32_t first = call.calleeIndex + 1;
    if (call.status == kCallError) {
        Value err = call.thread->stack[call.top() - 1];
        Thread* co = call.upvalues[0].asThread();
        if (co->status == ThreadStatus::Error) {
            Value closeErr;
            closeThreadSync(vm, co, err, closeErr);
            err = closeErr;
        }
        if (err.isString())
            err = stringValue(vm, whereString(vm, 1) + std::string(view(err.asString())));
        return call.error(vm, err);
    }
    return int(call.top() - first);
}

int wrapCall(VM& vm, HostCall& call) {
    Thread* co = call.upvalues[0].asThread();
    if (const char* why = resumeProblem(vm, co)) {
        raiseError(vm, stringValue(vm, whereString(vm, 1) + why));
    }
    uint32_t coIdx = call.top();
    call.push(vm, Value::object(co));
    for (int k = 1; k <= call.nargs; k++)
        call.push(vm, call.arg(k));
    call.calleeIndex = coIdx;
    call.continuation = wrapDone;
    return kHostResume;
}

int coWrap(VM& vm, HostCall& call) {
    coCreate(vm, call);
    Value co = call.thread->stack[call.top() - 1];
    auto* c = newObject<HostClosure>(vm, Tag::HostClosure, sizeof(Value));
    c->fn = wrapCall;
    c->numUpvalues = 1;
    c->upvalues()[0] = co;
    return pushResult(vm, call, Value::object(c));
}

int coYield(VM& vm, HostCall& call) {
    if (!threadState(vm.current).isCoroutine) {
        raiseError(vm, stringValue(vm, "attempt to yield from outside a coroutine"));
    }
    call.yieldCount = call.nargs;
    call.continuation = nullptr;
    return kHostYield;
}

int coStatus(VM& vm, HostCall& call) {
    Thread* co = checkThread(vm, call, 1);
    const char* s;
    if (co == vm.current) {
        s = "running";
    } else {
        switch (co->status) {
        case ThreadStatus::Suspended:
            s = (co->numFrames == 0 && co->top == 0) ? "dead" : "suspended";
            break;
        case ThreadStatus::Normal: s = "normal"; break;
        case ThreadStatus::Running: s = "running"; break;
        default: s = "dead"; break;
        }
    }
    return pushResult(vm, call, stringValue(vm, s));
}

int coRunning(VM& vm, HostCall& call) {
    call.push(vm, Value::object(vm.current));
    call.push(vm, Value::boolean(vm.current == vm.mainThread));
    return 2;
}

int coIsYieldable(VM& vm, HostCall& call) {
    Thread* co = call.hasArg(1) ? checkThread(vm, call, 1) : vm.current;
    ThreadState& ts = threadState(co);
    return pushResult(vm, call, Value::boolean(ts.isCoroutine && ts.boundaries == 0));
}

int coClose(VM& vm, HostCall& call) {
    Thread* co = checkThread(vm, call, 1);
    if (co == vm.current) libError(vm, call, "cannot close a running coroutine");
    if (co->status == ThreadStatus::Normal) libError(vm, call, "cannot close a normal coroutine");
    bool wasError = co->status == ThreadStatus::Error;
    Value err = wasError ? co->errorValue : Value();
    Value outErr;
    bool ok = closeThreadSync(vm, co, err, outErr);
    if (ok && !wasError) return pushResult(vm, call, Value::boolean(true));
    call.push(vm, Value::boolean(false));
    call.push(vm, outErr);
    return 2;
}

const LibEntry kBaseEntries[] = {
    {"pcall", basePcall},     {"xpcall", xpcallFn}, {"error", baseError}, {"load", loadFn},
    {"loadfile", loadfileFn}, {"dofile", dofileFn}, {nullptr, nullptr},
};

const LibEntry kCoroutineEntries[] = {
    {"create", coCreate}, {"resume", coResume},   {"yield", coYield},
    {"status", coStatus}, {"running", coRunning}, {"isyieldable", coIsYieldable},
    {"wrap", coWrap},     {"close", coClose},     {nullptr, nullptr},
};

} // namespace

int basePcall(VM& vm, HostCall& call) {
    checkAny(vm, call, 1);
    call.calleeIndex = call.base;
    call.wantResults = -1;
    call.continuation = protectedDone;
    call.status = kCallProtect;
    return kHostCallK;
}

int baseError(VM& vm, HostCall& call) {
    Value v = call.arg(1);
    Integer level = optInteger(vm, call, 2, 1);
    if (v.isString() && level > 0) {
        v = stringValue(vm, whereString(vm, int(level)) + std::string(view(v.asString())));
    }
    return call.error(vm, v);
}

bool closeThreadSync(VM& vm, Thread* co, Value err, Value& outError) {
    ThreadState& cs = threadState(co);
    Thread* saved = vm.current;
    co->numFrames = 0;
    co->status = ThreadStatus::Running;
    cs.resumer = saved;
    cs.cDepth = uint16_t(threadState(saved).cDepth + 1);
    vm.current = co;
    bool ok = true;
    Value current = err;
    while (cs.tbcCount > 0) {
        uint32_t idx = cs.tbc[--cs.tbcCount];
        Value v = co->stack[idx];
        co->top = idx + 1;
        Value tm = getMetamethod(vm, v, Metamethod::Close);
        if (tm.isNil()) continue;
        Value args[2] = {v, current};
        try {
            callNested(vm, tm, args, 2, 0);
        } catch (const LuaError&) {
            current = co->errorValue;
            ok = false;
        }
    }
    closeUpvalues(vm, co, 0);
    co->top = 0;
    co->status = ThreadStatus::Dead;
    cs.resumer = nullptr;
    vm.current = saved;
    outError = current;
    return ok;
}

void openInterpLib(VM& vm) {
    registerLib(vm, vm.globals, kBaseEntries, nullptr);
    newLib(vm, "coroutine", kCoroutineEntries);
}

} // namespace tricolor
