// interp.cpp — the run loop, calls, returns, metamethods, errors, coroutines.
// See interp.h for the design; this file is organised as:
//   [threads]      thread extension, stack and frame arrays, upvalues
//   [messages]     positions, type names, variable descriptions
//   [calls]        precall, host invocation, returns, finishing instructions
//   [metamethods]  index/newindex, arithmetic, comparison, concat, length
//   [errors]       unwinding, handlers, to-be-closed variables
//   [coroutines]   resume, yield, end of a coroutine
//   [loop]         the instruction loop
//   [driver]       execute(), callNested(), beginCall()
#include "core/interp.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <new>

#include "core/debuginfo.h"
#include "core/gc.h"
#include "core/interp_internal.h"
#include "core/lexer.h"
#include "core/memory.h"
#include "core/number.h"
#include "core/opcodes.h"
#include "core/string.h"
#include "core/table.h"
#include "core/tm.h"

namespace tricolor {

namespace {

constexpr uint32_t kInitialStack = 48;
constexpr uint32_t kExtraSlots = 8;    // above a Lua frame's registers: metamethod calls
constexpr uint32_t kHostMinStack = 20; // free slots guaranteed to a host function (LUA_MINSTACK)
constexpr uint32_t kErrorStackExtra = 2000; // headroom to handle a stack overflow
constexpr uint32_t kErrorFrameExtra = 100;
constexpr int kMaxTagLoop = 2000;  // __index/__newindex chains
constexpr int kMaxCallChain = 200; // __call of a __call of ... ("'__call' chain too long")
constexpr uint64_t kNestedCallCap = 10000000; // see nestedCallBudget
// C levels counted below the main thread's first call (with hostEntry's
// two, as lua.c's protected calls): "C stack overflow" comes at the same
// depth as in lua5.4.
constexpr uint16_t kHostCLevels = 1;

enum class Next : uint8_t { Dispatch, Error, Unwind, Paused, Finished, Yielded, Failed };

struct Exec {
    VM& vm;
    uint64_t left;       // instructions left in this slice
    uint64_t unsynced;   // value of `left` at the last instructionCount sync
    bool nested = false; // a callNested() slice (cannot be paused)
};

// Makes `ex` the VM's running slice (InterpVMState::slice) for its lifetime,
// so that a nested call started below it can draw on its budget.
struct SliceScope {
    InterpVMState& st;
    void* saved;
    SliceScope(InterpVMState& s, Exec* ex) : st(s), saved(s.slice) { st.slice = ex; }
    ~SliceScope() { st.slice = saved; }
};

inline void syncCount(Exec& ex) {
    ex.vm.instructionCount += ex.unsynced - ex.left;
    ex.unsynced = ex.left;
}

// Which stack value an error message should describe.
struct Operand {
    enum Kind : uint8_t { None, Reg, Const, Upval } kind = None;
    uint16_t index = 0;
    static Operand reg(unsigned r) { return {Reg, uint16_t(r)}; }
    static Operand konst(unsigned k) { return {Const, uint16_t(k)}; }
    static Operand upval(unsigned u) { return {Upval, uint16_t(u)}; }
};

inline bool isCLevel(ReturnAction a) {
    return a != ReturnAction::Normal && a != ReturnAction::CoroutineEnd;
}

} // namespace

// ============================================================================
// [threads]

// Helpers the loop calls on its slow paths, kept out of line: inlined into
// runLua they compete with the hot state (pc, budget, frame, registers) for
// machine registers, which then live on the stack in every handler.
#define TRICOLOR_COLD __attribute__((noinline, cold))
TRICOLOR_COLD static bool traceInstruction(Exec& ex, Thread* th, const Instruction* pc, Next& out);
TRICOLOR_COLD static Next luaError(Exec& ex, const std::string& msg);
TRICOLOR_COLD static Next typeError(Exec& ex, const Value& v, const char* what, Operand op);
TRICOLOR_COLD static Next pushMetaCall(Exec& ex, Thread* th, Value fn, Value a, Value b, int nargs,
                                       Value c, uint32_t slot);
TRICOLOR_COLD static Upvalue* findUpvalue(VM& vm, Thread* th, uint32_t index);
TRICOLOR_COLD static void addTbc(VM& vm, Thread* th, uint32_t index);
TRICOLOR_COLD static Next equalSlow(Exec& ex, Thread* th, const Value& a, const Value& b,
                                    bool& result, bool& pending);
#undef TRICOLOR_COLD

InterpVMState& vmState(VM& vm) {
    return *threadState(vm.mainThread).vmState;
}

static ThreadState* makeThreadState(VM& vm) {
    void* mem = memAlloc(vm, sizeof(ThreadState));
    return new (mem) ThreadState();
}

Thread* newThread(VM& vm) {
    Thread* th = newObject<Thread>(vm, Tag::Thread);
    th->status = ThreadStatus::Suspended;
    th->interp = makeThreadState(vm);
    Value* stack = memAllocArray<Value>(vm, kInitialStack);
    for (uint32_t i = 0; i < kInitialStack; i++)
        stack[i] = Value();
    th->stack = stack;
    th->stackSize = kInitialStack;
    th->frames = memAllocArray<CallFrame>(vm, 8);
    th->frameCapacity = 8;
    return th;
}

size_t threadPartsSize(const Thread* t) {
    size_t n = size_t(t->stackSize) * sizeof(Value) + size_t(t->frameCapacity) * sizeof(CallFrame);
    if (t->interp) {
        auto* ts = static_cast<const ThreadState*>(t->interp);
        n += sizeof(ThreadState) + ts->tbcCapacity * sizeof(uint32_t);
        if (ts->vmState) n += sizeof(InterpVMState);
    }
    return n;
}

void threadFreeParts(VM& vm, Thread* t) {
    // Open upvalues into this stack must not dangle: close them.
    while (Upvalue* uv = t->openUpvalues) {
        uv->closed = *uv->location;
        uv->location = &uv->closed;
        t->openUpvalues = uv->openNext;
        uv->openNext = nullptr;
        uv->openThread = nullptr;
    }
    memFreeArray(vm, t->stack, t->stackSize);
    memFreeArray(vm, t->frames, t->frameCapacity);
    t->stack = nullptr;
    t->frames = nullptr;
    t->stackSize = t->frameCapacity = t->top = t->numFrames = 0;
    if (auto* ts = static_cast<ThreadState*>(t->interp)) {
        memFreeArray(vm, ts->tbc, ts->tbcCapacity);
        if (ts->vmState) {
            ts->vmState->~InterpVMState();
            memFree(vm, ts->vmState, sizeof(InterpVMState));
        }
        ts->~ThreadState();
        memFree(vm, ts, sizeof(ThreadState));
        t->interp = nullptr;
    }
}

static std::string framePosition(const CallFrame& f);

// A message positioned only when the running frame is a Lua function (as
// luaG_runerror does for errors raised by the call machinery).
static Value topPositionedMessage(VM& vm, Thread* th, const char* msg) {
    std::string s;
    if (th->numFrames > 0 && th->frames[th->numFrames - 1].isLua()) {
        s = framePosition(th->frames[th->numFrames - 1]) + " ";
    }
    return Value::object(internString(vm, s + msg));
}

[[noreturn]] static void stackOverflow(VM& vm, Thread* th, bool frames) {
    (void)frames;
    raiseError(vm, topPositionedMessage(vm, th, "stack overflow"));
}

// Grows th's stack to hold at least `needed` slots. Beyond kMaxStackSlots it
// grows to the emergency size (so the error can be handled) and raises
// "stack overflow".
static void growStack(VM& vm, Thread* th, uint64_t needed) {
    bool overflow = needed > kMaxStackSlots;
    if (overflow) {
        if (th->stackSize >= kMaxStackSlots + kErrorStackExtra ||
            needed > kMaxStackSlots + kErrorStackExtra) {
            // Already handling an overflow.
            Value msg = Value::object(internString(vm, "error in error handling"));
            raiseError(vm, msg);
        }
        needed = kMaxStackSlots + kErrorStackExtra;
    }
    uint64_t newSize = std::max<uint64_t>(needed, uint64_t(th->stackSize) * 2);
    if (newSize > kMaxStackSlots && needed <= kMaxStackSlots) newSize = kMaxStackSlots;
    if (newSize > kMaxStackSlots + kErrorStackExtra) newSize = kMaxStackSlots + kErrorStackExtra;
    uintptr_t oldBase = reinterpret_cast<uintptr_t>(th->stack);
    Value* stack = memReallocArray<Value>(vm, th->stack, th->stackSize, size_t(newSize));
    for (uint64_t i = th->stackSize; i < newSize; i++)
        stack[i] = Value();
    th->stack = stack;
    th->stackSize = uint32_t(newSize);
    for (Upvalue* uv = th->openUpvalues; uv; uv = uv->openNext) {
        uintptr_t off = reinterpret_cast<uintptr_t>(uv->location) - oldBase;
        uv->location = stack + off / sizeof(Value);
    }
    if (overflow) stackOverflow(vm, th, false);
}

static inline void ensureStackTotal(VM& vm, Thread* th, uint64_t needed) {
    if (needed > th->stackSize) growStack(vm, th, needed);
}

void ensureStack(VM& vm, Thread* th, uint32_t n) {
    ensureStackTotal(vm, th, uint64_t(th->top) + n);
}

void pushValue(VM& vm, Thread* th, Value v) {
    ensureStack(vm, th, 1);
    th->stack[th->top++] = v;
}

void HostCall::push(VM& vm, Value v) {
    Thread* th = thread;
    if (th->top < th->stackSize) {
        th->stack[th->top++] = v;
        return;
    }
    pushValue(vm, th, v);
}

int HostCall::error(VM&, Value v) {
    thread->errorValue = v;
    return kHostError;
}

// Returns a fresh frame slot on top of th's frame array.
static CallFrame* pushFrame(VM& vm, Thread* th) {
    if (th->numFrames == th->frameCapacity) {
        if (th->numFrames >= kMaxFrames) {
            if (th->numFrames >= kMaxFrames + kErrorFrameExtra) {
                raiseError(vm, Value::object(internString(vm, "error in error handling")));
            }
            uint32_t cap = kMaxFrames + kErrorFrameExtra;
            th->frames = memReallocArray<CallFrame>(vm, th->frames, th->frameCapacity, cap);
            th->frameCapacity = cap;
            stackOverflow(vm, th, true);
        }
        uint32_t cap = std::min<uint32_t>(th->frameCapacity * 2, kMaxFrames);
        th->frames = memReallocArray<CallFrame>(vm, th->frames, th->frameCapacity, cap);
        th->frameCapacity = cap;
    }
    CallFrame* f = &th->frames[th->numFrames++];
    f->flags = 0;
    f->mmSlot = 0;
    f->savedTop = 0;
    f->concatLeft = 0;
    return f;
}

// Host frames also need their HostCall state cleared.
static void clearHostState(CallFrame* f) {
    f->closure = nullptr;
    f->pc = nullptr;
    f->top = 0;
    f->extra = 0;
    f->continuation = nullptr;
    f->context = 0;
    f->calleeIndex = 0;
    f->status = 0;
    f->wantResults = -1;
    f->yieldCount = -1;
    f->upvalues = nullptr;
    f->numUpvalues = 0;
}

static Upvalue* findUpvalue(VM& vm, Thread* th, uint32_t index) {
    Value* loc = th->stack + index;
    Upvalue** link = &th->openUpvalues;
    while (*link && (*link)->location >= loc) {
        if ((*link)->location == loc) return *link;
        link = &(*link)->openNext;
    }
    Upvalue* uv = newObject<Upvalue>(vm, Tag::Upvalue);
    uv->location = loc;
    uv->openThread = th;
    uv->openNext = *link;
    *link = uv;
    return uv;
}

static void closeUpvaluesImpl(VM& vm, Thread* th, uint32_t level) {
    Value* limit = th->stack + level;
    while (Upvalue* uv = th->openUpvalues) {
        if (uv->location < limit) break;
        uv->closed = *uv->location;
        uv->location = &uv->closed;
        th->openUpvalues = uv->openNext;
        uv->openNext = nullptr;
        uv->openThread = nullptr;
        writeBarrier(vm, uv, uv->closed);
    }
}

void closeUpvalues(VM& vm, Thread* th, uint32_t level) {
    closeUpvaluesImpl(vm, th, level);
}

static inline bool hasOpenUpvaluesAbove(Thread* th, uint32_t level) {
    return th->openUpvalues && th->openUpvalues->location >= th->stack + level;
}

static void addTbc(VM& vm, Thread* th, uint32_t index) {
    ThreadState& ts = threadState(th);
    if (ts.tbcCount == ts.tbcCapacity) {
        uint32_t cap = ts.tbcCapacity ? ts.tbcCapacity * 2 : 4;
        ts.tbc = memReallocArray<uint32_t>(vm, ts.tbc, ts.tbcCapacity, cap);
        ts.tbcCapacity = cap;
    }
    ts.tbc[ts.tbcCount++] = index;
}

static inline bool hasTbcAbove(Thread* th, uint32_t level) {
    ThreadState& ts = threadState(th);
    return ts.tbcCount > 0 && ts.tbc[ts.tbcCount - 1] >= level;
}

// ============================================================================
// [messages]

std::string objTypeName(VM& vm, const Value& v) {
    if (v.tag == Tag::Table || v.tag == Tag::Userdata) {
        Table* mt = getMetatable(vm, v);
        if (mt) {
            const Value* name = tableGetStr(mt, vm.metamethodNames[int(Metamethod::Name)]);
            if (name->isString()) return std::string(view(name->asString()));
        }
    }
    return luaTypeName(v.type());
}

static inline uint32_t pcIndex(const CallFrame& f) {
    return uint32_t(f.pc - f.closure->proto->code) - 1;
}

int frameCurrentLine(const CallFrame& f) {
    if (!f.isLua()) return -1;
    const Proto* p = f.closure->proto;
    uint32_t pc = f.pc > p->code ? pcIndex(f) : 0;
    return lineOfInstruction(p, pc);
}

static std::string sourceId(const Proto* p) {
    if (!p->source) return "?";
    return chunkId(view(p->source));
}

static std::string framePosition(const CallFrame& f) {
    return sourceId(f.closure->proto) + ":" + std::to_string(frameCurrentLine(f)) + ":";
}

// Position prefix of the innermost Lua frame if it is the top frame or just
// below a host frame (luaL_where(1) from a host function).
static std::string innermostPosition(VM& vm) {
    Thread* th = vm.current;
    if (!th || th->numFrames == 0) return "";
    const CallFrame& top = th->frames[th->numFrames - 1];
    if (top.isLua()) return framePosition(top) + " ";
    if (th->numFrames >= 2) {
        const CallFrame& below = th->frames[th->numFrames - 2];
        if (below.isLua()) return framePosition(below) + " ";
    }
    return "";
}

std::string whereString(VM& vm, int level) {
    Thread* th = vm.current;
    int fi = int(th->numFrames) - 1 - level;
    if (fi < 0) return "";
    const CallFrame& f = th->frames[fi];
    // As luaL_where: no position without line information (a stripped function).
    if (!f.isLua() || frameCurrentLine(f) <= 0) return "";
    return framePosition(f) + " ";
}

Value positionedMessage(VM& vm, const std::string& msg) {
    std::string s = innermostPosition(vm) + msg;
    return Value::object(internString(vm, s));
}

static std::string describe(const CallFrame& f, Operand op) {
    const Proto* p = f.closure->proto;
    switch (op.kind) {
    case Operand::Reg: return formatVarInfo(describeRegister(p, pcIndex(f), op.index));
    case Operand::Upval: return formatVarInfo(describeUpvalue(p, op.index));
    case Operand::Const: {
        const Value& k = p->constants[op.index];
        if (k.isString()) return " (constant '" + std::string(view(k.asString())) + "')";
        return "";
    }
    default: return "";
    }
}

// Sets the error value to "chunk:line: msg" for the running Lua frame.
static Next luaError(Exec& ex, const std::string& msg) {
    VM& vm = ex.vm;
    vm.current->errorValue = positionedMessage(vm, msg);
    return Next::Error;
}

static Next typeError(Exec& ex, const Value& v, const char* what, Operand op) {
    Thread* th = ex.vm.current;
    std::string d = describe(th->frames[th->numFrames - 1], op);
    return luaError(ex, std::string("attempt to ") + what + " a " + objTypeName(ex.vm, v) +
                            " value" + d);
}

// ============================================================================
// [calls]

static Next invokeHost(Exec& ex, Thread* th, uint32_t fi, bool continuation);
static Next dispatchHost(Exec& ex, Thread* th, CallFrame& f);
static Next deliverReturn(Exec& ex, Thread* th, uint32_t first, int n);
static Next finishOp(Exec& ex, Thread* th);
static Next doYield(Exec& ex, Thread* th, uint32_t fi, int n);
static Next doResume(Exec& ex, Thread* th, uint32_t fi, uint32_t coIdx);
static Next coroutineFinished(Exec& ex, Thread* co, uint32_t first, int n);
static Next callHook(Exec& ex, Thread* th, const char* event, int line);
static inline uint32_t siteFor(VM& vm, const Proto* p, const Instruction* pc);

// `act` tells a metamethod call (FinishOp: "(metamethod 'close')" and the
// like) from an ordinary one.
static Next callError(Exec& ex, Thread* th, const Value& fn,
                      ReturnAction act = ReturnAction::Normal) {
    VM& vm = ex.vm;
    std::string desc;
    if (th->numFrames > 0) {
        const CallFrame& c = th->frames[th->numFrames - 1];
        if (c.isLua()) {
            Op op = getOp(c.pc[-1]);
            if (op == Op::CALL || op == Op::TAILCALL || op == Op::TFORCALL ||
                act == ReturnAction::FinishOp) {
                FunctionName n = describeCalledFunction(c.closure->proto, pcIndex(c));
                if (!n.namewhat.empty()) desc = " (" + n.namewhat + " '" + n.name + "')";
            }
        }
    }
    // Positioned only when a Lua instruction made the call (not pcall & co.).
    std::string msg = "attempt to call a " + objTypeName(vm, fn) + " value" + desc;
    th->errorValue = topPositionedMessage(vm, th, msg.c_str());
    return Next::Error;
}

// A __call metamethod that is itself not a function resolves through its own
// __call; a loop (a table that is its own __call) ends here instead of
// filling the stack one argument at a time (lua5.4 only stops at "stack overflow").
static Next callChainError(Exec& ex, Thread* th) {
    th->errorValue = topPositionedMessage(ex.vm, th, "'__call' chain too long; possible loop");
    return Next::Error;
}

static bool checkCDepth(Exec& ex, Thread* th, ReturnAction act) {
    if (!isCLevel(act)) return true;
    ThreadState& ts = threadState(th);
    int limit = kMaxCDepth;
    if (act == ReturnAction::ErrorClose || act == ReturnAction::ErrorHandler)
        limit += kMaxCDepth / 10;
    if (ts.cDepth >= limit) {
        if (ts.cDepth >= kMaxCDepth + kMaxCDepth / 10) {
            th->errorValue = Value::object(internString(ex.vm, "error in error handling"));
        } else {
            th->errorValue = topPositionedMessage(ex.vm, th, "C stack overflow");
        }
        return false;
    }
    ts.cDepth++;
    return true;
}

// Calls stack[funcIdx] with the nargs values above it. Lua functions get a
// frame (the loop continues in them); host functions run right away.
static Next precall(Exec& ex, Thread* th, uint32_t funcIdx, int nargs, int nresults,
                    ReturnAction act) {
    VM& vm = ex.vm;
    for (int chain = 0;; chain++) {
        Value fn = th->stack[funcIdx];
        if (fn.tag == Tag::LuaClosure) {
            LuaClosure* cl = fn.asLuaClosure();
            const Proto* p = cl->proto;
            uint32_t np = p->numParams;
            uint32_t argEnd = funcIdx + 1 + uint32_t(nargs);
            ensureStackTotal(vm, th, uint64_t(argEnd) + np + 1 + p->maxStackSize + kExtraSlots);
            if (!checkCDepth(ex, th, act)) return Next::Error;
            CallFrame* f;
            try {
                f = pushFrame(vm, th);
            } catch (...) {
                if (isCLevel(act)) threadState(th).cDepth--;
                throw;
            }
            Value* s = th->stack;
            uint32_t actual = uint32_t(nargs);
            for (; actual < np; actual++)
                s[funcIdx + 1 + actual] = Value();
            uint32_t base = funcIdx + 1;
            uint32_t nvar = 0;
            if (p->isVararg) {
                nvar = actual - np;
                uint32_t newFunc = funcIdx + 1 + actual;
                for (uint32_t k = 0; k <= np; k++)
                    s[newFunc + k] = s[funcIdx + k];
                base = newFunc + 1;
            }
            uint32_t top = base + p->maxStackSize;
            for (uint32_t k = base + np; k < top; k++)
                s[k] = Value();
            f->closure = cl;
            f->pc = p->code;
            f->func = funcIdx;
            f->base = base;
            f->top = top;
            f->nresults = nresults;
            f->extra = nvar;
            f->onReturn = act;
            f->flags = kFrameLua;
            th->top = top;
            if (act == ReturnAction::Boundary) threadState(th).boundaries++;
            return Next::Dispatch;
        }
        if (fn.tag == Tag::HostFunction || fn.tag == Tag::HostClosure) {
            ensureStackTotal(vm, th, uint64_t(funcIdx) + 1 + uint32_t(nargs) + kHostMinStack);
            if (th->numFrames > 0) {
                // Objects the host function allocates belong to the calling line.
                const CallFrame& c = th->frames[th->numFrames - 1];
                if (c.isLua()) vm.currentSite = siteFor(vm, c.closure->proto, c.pc);
            }
            if (!checkCDepth(ex, th, act)) return Next::Error;
            CallFrame* f;
            try {
                f = pushFrame(vm, th);
            } catch (...) {
                if (isCLevel(act)) threadState(th).cDepth--;
                throw;
            }
            clearHostState(f);
            f->func = funcIdx;
            f->base = funcIdx + 1;
            f->nargs = nargs;
            f->nresults = nresults;
            f->onReturn = act;
            f->flags = 0;
            if (fn.tag == Tag::HostFunction) {
                f->fn = fn.fn;
            } else {
                HostClosure* hc = fn.asHostClosure();
                f->fn = hc->fn;
                f->upvalues = hc->upvalues();
                f->numUpvalues = hc->numUpvalues;
            }
            th->top = funcIdx + 1 + uint32_t(nargs);
            ThreadState& ts = threadState(th);
            if (act == ReturnAction::Boundary) ts.boundaries++;
            if ((ts.hookMask & kHookCall) && !ts.inHook) {
                f->flags |= kFramePendingInvoke;
                return callHook(ex, th, "call", -1);
            }
            return invokeHost(ex, th, th->numFrames - 1, false);
        }
        // Not a function: try __call (the object becomes the first argument).
        Value tm = getMetamethod(vm, fn, Metamethod::Call);
        if (tm.isNil()) return callError(ex, th, fn, act);
        if (chain >= kMaxCallChain) return callChainError(ex, th);
        ensureStackTotal(vm, th, uint64_t(funcIdx) + uint32_t(nargs) + 2 + kExtraSlots);
        Value* s = th->stack;
        for (int k = nargs; k >= 0; k--)
            s[funcIdx + 1 + k] = s[funcIdx + k];
        s[funcIdx] = tm;
        nargs++;
        th->top = funcIdx + 1 + uint32_t(nargs);
    }
}

// Pushes a metamethod call (fn, a, b[, c]) above the running Lua frame; when
// it returns, the frame's interrupted instruction is finished (finishOp).
static Next pushMetaCall(Exec& ex, Thread* th, Value fn, Value a, Value b, int nargs = 2,
                         Value c = Value(), uint32_t slot = 0) {
    VM& vm = ex.vm;
    CallFrame& f = th->frames[th->numFrames - 1];
    if (slot == 0) slot = std::max(f.top, th->top);
    f.mmSlot = slot;
    ensureStackTotal(vm, th, uint64_t(slot) + 5 + kExtraSlots);
    Value* s = th->stack;
    s[slot] = fn;
    s[slot + 1] = a;
    s[slot + 2] = b;
    s[slot + 3] = c;
    th->top = slot + 1 + uint32_t(nargs);
    return precall(ex, th, slot, nargs, 1, ReturnAction::FinishOp);
}

// A safe point after a "not enough memory" error: a full collection frees
// what the failed work left, so the caught error leaves a usable VM
// (allocation itself never collects; see CONTRACTS.md).
static void collectAfterMemoryError(VM& vm) {
    vmState(vm).memoryErrorRaised = false;
    try {
        gcFullCollect(vm);
    } catch (const LuaError&) {
        // A finalizer's own error was already reported; nothing else can fail here.
    }
}

// Runs a host function (or its continuation) in frame fi and acts on its answer.
static Next invokeHost(Exec& ex, Thread* th, uint32_t fi, bool continuation) {
    VM& vm = ex.vm;
    CallFrame* f = &th->frames[fi];
    HostCall hc;
    hc.thread = th;
    hc.base = f->base;
    hc.nargs = f->nargs;
    hc.upvalues = f->upvalues;
    hc.numUpvalues = f->numUpvalues;
    hc.context = f->context;
    hc.status = f->status;
    hc.continuation = f->continuation;
    hc.calleeIndex = f->calleeIndex;
    hc.wantResults = f->wantResults;
    HostFn fn = continuation ? f->continuation : f->fn;
    f->flags &= uint8_t(~kFrameContinue);
    syncCount(ex);
    int r;
    try {
        r = fn(vm, hc);
    } catch (const LuaError&) {
        return Next::Error;
    }
    f = &th->frames[fi];
    if (r >= 0) {
        if (vmState(vm).memoryErrorRaised) collectAfterMemoryError(vm);
        gcCheck(vm);
        ThreadState& ts = threadState(th);
        if ((ts.hookMask & kHookReturn) && !ts.inHook) {
            f = &th->frames[fi];
            f->yieldCount = r;
            f->continuation = nullptr;
            f->flags |= kFrameContinue;
            ts.hostReturnHooked = th->numFrames; // fired here, not again when it returns
            return callHook(ex, th, "return", -1);
        }
        return deliverReturn(ex, th, th->top - uint32_t(r), r);
    }
    f->context = hc.context;
    f->continuation = hc.continuation;
    switch (r) {
    case kHostError: return Next::Error;
    case kHostYield: return doYield(ex, th, fi, hc.yieldCount);
    case kHostCallK: {
        f->calleeIndex = hc.calleeIndex;
        f->wantResults = hc.wantResults;
        f->status = 0;
        if (hc.status & kCallProtect) {
            f->flags |= kFrameProtected;
            if (hc.status & kCallProtectHandler) f->flags |= kFrameHandler;
        }
        int nargs = int(th->top - hc.calleeIndex) - 1;
        return precall(ex, th, hc.calleeIndex, nargs, hc.wantResults, ReturnAction::HostK);
    }
    case kHostResume: f->calleeIndex = hc.calleeIndex; return doResume(ex, th, fi, hc.calleeIndex);
    default:
        th->errorValue = Value::object(internString(vm, "invalid host function result"));
        return Next::Error;
    }
}

// Moves n results from `first` to `dst`, adjusted to `wanted` (-1: all);
// returns how many values now sit at dst.
static inline uint32_t moveResults(Thread* th, uint32_t dst, uint32_t first, int n, int wanted) {
    Value* s = th->stack;
    if (wanted < 0) {
        for (int k = 0; k < n; k++)
            s[dst + k] = s[first + k];
        return uint32_t(n);
    }
    int m = n < wanted ? n : wanted;
    for (int k = 0; k < m; k++)
        s[dst + k] = s[first + k];
    for (int k = m; k < wanted; k++)
        s[dst + k] = Value();
    return uint32_t(wanted);
}

// The top frame of th returns the n values at `first`.
static Next deliverReturn(Exec& ex, Thread* th, uint32_t first, int n) {
    CallFrame& f = th->frames[th->numFrames - 1];
    uint32_t dst = f.func;
    int wanted = f.nresults;
    ReturnAction act = f.onReturn;
    ThreadState& ts = threadState(th);
    switch (act) {
    case ReturnAction::Normal: {
        th->numFrames--;
        uint32_t count = moveResults(th, dst, first, n, wanted);
        const CallFrame& c = th->frames[th->numFrames - 1];
        th->top = wanted < 0 ? dst + count : c.top;
        return Next::Dispatch;
    }
    case ReturnAction::FinishOp:
        th->numFrames--;
        ts.cDepth--;
        th->stack[dst] = n > 0 ? th->stack[first] : Value();
        return finishOp(ex, th);
    case ReturnAction::HostK: {
        th->numFrames--;
        ts.cDepth--;
        uint32_t count = moveResults(th, dst, first, n, wanted);
        th->top = dst + count;
        CallFrame& c = th->frames[th->numFrames - 1];
        c.status = kCallOk;
        c.flags = uint8_t((c.flags & ~(kFrameProtected | kFrameHandler)) | kFrameContinue);
        return Next::Dispatch;
    }
    case ReturnAction::Boundary: {
        th->numFrames--;
        ts.cDepth--;
        ts.boundaries--;
        uint32_t count = moveResults(th, dst, first, n, wanted);
        th->top = dst + count;
        return Next::Finished;
    }
    case ReturnAction::CoroutineEnd: return coroutineFinished(ex, th, first, n);
    case ReturnAction::ErrorClose:
        th->numFrames--;
        ts.cDepth--;
        th->errorValue = th->stack[dst - 1];
        th->top = dst - 1;
        return Next::Unwind;
    case ReturnAction::ErrorHandler:
        th->numFrames--;
        ts.cDepth--;
        th->errorValue = n > 0 ? th->stack[first] : Value();
        th->top = dst;
        ts.handlerReturned = true; // deliver this value: no handler call for it
        return Next::Error;
    case ReturnAction::Hook: {
        th->numFrames--;
        ts.cDepth--;
        ts.inHook = false;
        CallFrame& c = th->frames[th->numFrames - 1];
        if (c.isLua()) c.pc--; // callHook advanced it for the hook's view of the line
        th->top = c.isLua() ? c.top : dst;
        return Next::Dispatch;
    }
    }
    return Next::Dispatch;
}

// ============================================================================
// [metamethods]

static inline bool toIntegerExact(const Value& v, Integer& out) {
    if (v.tag == Tag::Int) {
        out = v.i;
        return true;
    }
    if (v.tag == Tag::Float) {
        auto r = floatToInteger(v.n, FloatToIntMode::Exact);
        if (!r) return false;
        out = *r;
        return true;
    }
    return false;
}

// String -> number coercion (for loops only; arithmetic coercion lives in
// the string library's metamethods, as in Lua 5.4).
static bool toNumberCoerce(const Value& v, Value& out) {
    if (v.isNumber()) {
        out = v;
        return true;
    }
    if (v.isString()) {
        auto r = parseNumeral(view(v.asString()));
        if (!r) return false;
        out = r->isInteger ? Value::integer(r->i) : Value::number(r->n);
        return true;
    }
    return false;
}

// t[key] with __index; stores into stack slot `dest` or starts a metamethod call.
static Next indexSlow(Exec& ex, Thread* th, Value t, Value key, uint32_t dest, Operand op) {
    VM& vm = ex.vm;
    for (int loop = 0; loop < kMaxTagLoop; loop++) {
        const Value* tm;
        if (t.tag == Tag::Table) {
            Table* h = t.asTable();
            const Value* v = tableGet(h, key);
            if (!v->isNil()) {
                th->stack[dest] = *v;
                return Next::Dispatch;
            }
            tm = fastMetamethod(vm, h->metatable, Metamethod::Index);
            if (!tm) {
                th->stack[dest] = Value();
                return Next::Dispatch;
            }
        } else {
            tm = fastMetamethod(vm, getMetatable(vm, t), Metamethod::Index);
            if (!tm) return typeError(ex, t, "index", loop == 0 ? op : Operand());
        }
        if (tm->isFunction()) {
            Next n = pushMetaCall(ex, th, *tm, t, key);
            return n;
        }
        t = *tm;
    }
    return luaError(ex, "'__index' chain too long; possible loop");
}

// Follows __index through tables (the usual class pattern) for a string key,
// as indexSlow would: true with *out set when the chain ends in a value or in
// a table without __index; false (out untouched) when it needs the general
// path (a function, a value of another type, a long chain).
static inline bool indexChainStr(VM& vm, const Value* tm, String* key, Value& out) {
    for (int depth = 0; depth < 8; depth++) {
        if (tm->tag != Tag::Table) return false;
        Table* h = tm->asTable();
        const Value* v = tableGetStr(h, key);
        if (!v->isNil()) {
            out = *v;
            return true;
        }
        tm = fastMetamethod(vm, h->metatable, Metamethod::Index);
        if (!tm) {
            out = Value();
            return true;
        }
    }
    return false;
}

// The second half of GETFIELD and SELF's fast path: t[key] for a string key
// through __index tables, once the key was found absent from t itself (when t
// is a table) or for a value whose metatable's __index is a table, such as a
// string. False when indexSlow must do it.
static inline bool getFieldFast(VM& vm, const Value& t, String* key, Value& out) {
    const Value* tm = fastMetamethod(vm, getMetatable(vm, t), Metamethod::Index);
    if (!tm) {
        if (t.tag != Tag::Table) return false; // indexSlow: "attempt to index"
        out = Value();
        return true;
    }
    return indexChainStr(vm, tm, key, out);
}

static Next newindexSlow(Exec& ex, Thread* th, Value t, Value key, Value val, Operand op) {
    VM& vm = ex.vm;
    for (int loop = 0; loop < kMaxTagLoop; loop++) {
        const Value* tm;
        if (t.tag == Tag::Table) {
            Table* h = t.asTable();
            Value* slot = tableFindSlot(h, key);
            if (slot) {
                *slot = val;
                tableBarrier(vm, h, val);
                return Next::Dispatch;
            }
            tm = fastMetamethod(vm, h->metatable, Metamethod::NewIndex);
            if (!tm) {
                tableSet(vm, h, key, val);
                return Next::Dispatch;
            }
        } else {
            tm = fastMetamethod(vm, getMetatable(vm, t), Metamethod::NewIndex);
            if (!tm) return typeError(ex, t, "index", loop == 0 ? op : Operand());
        }
        if (tm->isFunction()) return pushMetaCall(ex, th, *tm, t, key, 3, val);
        t = *tm;
    }
    return luaError(ex, "'__newindex' chain too long; possible loop");
}

static Metamethod arithEvent(Op op) {
    switch (op) {
    case Op::ADD:
    case Op::ADDK:
    case Op::ADDI: return Metamethod::Add;
    case Op::SUB:
    case Op::SUBK: return Metamethod::Sub;
    case Op::MUL:
    case Op::MULK: return Metamethod::Mul;
    case Op::MOD:
    case Op::MODK: return Metamethod::Mod;
    case Op::POW:
    case Op::POWK: return Metamethod::Pow;
    case Op::DIV:
    case Op::DIVK: return Metamethod::Div;
    case Op::IDIV:
    case Op::IDIVK: return Metamethod::IDiv;
    case Op::BAND:
    case Op::BANDK: return Metamethod::BAnd;
    case Op::BOR:
    case Op::BORK: return Metamethod::BOr;
    case Op::BXOR:
    case Op::BXORK: return Metamethod::BXor;
    case Op::SHL: return Metamethod::Shl;
    case Op::SHR: return Metamethod::Shr;
    case Op::UNM: return Metamethod::Unm;
    case Op::BNOT: return Metamethod::BNot;
    default: return Metamethod::Add;
    }
}

static bool isBitwise(Metamethod e) {
    return e == Metamethod::BAnd || e == Metamethod::BOr || e == Metamethod::BXor ||
           e == Metamethod::Shl || e == Metamethod::Shr || e == Metamethod::BNot;
}

// Binary (or unary, with b == a) operation that the fast path could not do.
static Next arithSlow(Exec& ex, Thread* th, Metamethod ev, Value a, Value b, Operand oa,
                      Operand ob) {
    VM& vm = ex.vm;
    Value tm = getMetamethod(vm, a, ev);
    if (tm.isNil()) tm = getMetamethod(vm, b, ev);
    if (!tm.isNil()) return pushMetaCall(ex, th, tm, a, b);
    if (isBitwise(ev)) {
        if (a.isNumber() && b.isNumber()) {
            Integer tmp;
            Operand culprit = toIntegerExact(a, tmp) ? ob : oa;
            const CallFrame& f = th->frames[th->numFrames - 1];
            return luaError(ex, "number" + describe(f, culprit) + " has no integer representation");
        }
        if (!a.isNumber()) return typeError(ex, a, "perform bitwise operation on", oa);
        return typeError(ex, b, "perform bitwise operation on", ob);
    }
    if (!a.isNumber()) return typeError(ex, a, "perform arithmetic on", oa);
    return typeError(ex, b, "perform arithmetic on", ob);
}

// Arithmetic on two numbers (no metamethods). Returns false when the operands
// are not both numbers (or, for bitwise ops, not both integral). May set an
// error message in `err` (division by zero).
static bool arithNumbers(Metamethod ev, const Value& a, const Value& b, Value& out,
                         const char*& err) {
    if (isBitwise(ev)) {
        Integer x, y;
        if (!toIntegerExact(a, x) || !toIntegerExact(b, y)) return false;
        switch (ev) {
        case Metamethod::BAnd: out = Value::integer(x & y); break;
        case Metamethod::BOr: out = Value::integer(x | y); break;
        case Metamethod::BXor: out = Value::integer(x ^ y); break;
        case Metamethod::Shl: out = Value::integer(shiftLeft(x, y)); break;
        case Metamethod::Shr: out = Value::integer(shiftRight(x, y)); break;
        case Metamethod::BNot: out = Value::integer(~x); break;
        default: return false;
        }
        return true;
    }
    if (!a.isNumber() || !b.isNumber()) return false;
    if (a.tag == Tag::Int && b.tag == Tag::Int) {
        Integer x = a.i, y = b.i;
        switch (ev) {
        case Metamethod::Add: out = Value::integer(wrapAdd(x, y)); return true;
        case Metamethod::Sub: out = Value::integer(wrapSub(x, y)); return true;
        case Metamethod::Mul: out = Value::integer(wrapMul(x, y)); return true;
        case Metamethod::Unm: out = Value::integer(wrapNeg(x)); return true;
        case Metamethod::Mod:
            if (y == 0) {
                err = "attempt to perform 'n%0'";
                return true;
            }
            out = Value::integer(floorMod(x, y));
            return true;
        case Metamethod::IDiv:
            if (y == 0) {
                err = "attempt to divide by zero";
                return true;
            }
            out = Value::integer(floorDiv(x, y));
            return true;
        default: break; // Div, Pow: float
        }
    }
    Number x = a.asNumber(), y = b.asNumber();
    switch (ev) {
    case Metamethod::Add: out = Value::number(x + y); break;
    case Metamethod::Sub: out = Value::number(x - y); break;
    case Metamethod::Mul: out = Value::number(x * y); break;
    case Metamethod::Div: out = Value::number(x / y); break;
    case Metamethod::Pow: out = Value::number(y == 2 ? x * x : std::pow(x, y)); break;
    case Metamethod::Mod: out = Value::number(floatMod(x, y)); break;
    case Metamethod::IDiv: out = Value::number(floatFloorDiv(x, y)); break;
    case Metamethod::Unm: out = Value::number(-x); break;
    default: return false;
    }
    return true;
}

static inline bool numLess(const Value& a, const Value& b) {
    if (a.tag == Tag::Int) return b.tag == Tag::Int ? a.i < b.i : lessThan(a.i, b.n);
    return b.tag == Tag::Int ? lessThan(a.n, b.i) : a.n < b.n;
}
static inline bool numLessEq(const Value& a, const Value& b) {
    if (a.tag == Tag::Int) return b.tag == Tag::Int ? a.i <= b.i : lessEqual(a.i, b.n);
    return b.tag == Tag::Int ? lessEqual(a.n, b.i) : a.n <= b.n;
}

static int strCompare(const String* a, const String* b) {
    size_t la = a->length, lb = b->length;
    int c = std::memcmp(a->data(), b->data(), la < lb ? la : lb);
    if (c != 0) return c;
    return la < lb ? -1 : (la > lb ? 1 : 0);
}

// a < b (le: a <= b) without metamethods; false in `ok` when metamethods are needed.
static inline bool compareRaw(const Value& a, const Value& b, bool le, bool& ok) {
    ok = true;
    if (a.isNumber() && b.isNumber()) return le ? numLessEq(a, b) : numLess(a, b);
    if (a.isString() && b.isString()) {
        int c = strCompare(a.asString(), b.asString());
        return le ? c <= 0 : c < 0;
    }
    ok = false;
    return false;
}

// CallFrame::concatLeft of a frame whose interrupted comparison must negate
// the metamethod's result (a <= b computed as not (b < a)).
constexpr uint32_t kNegateComparison = UINT32_MAX;

static Next orderSlow(Exec& ex, Thread* th, Metamethod ev, Value a, Value b) {
    VM& vm = ex.vm;
    Value tm = getMetamethod(vm, a, ev);
    if (tm.isNil()) tm = getMetamethod(vm, b, ev);
    if (!tm.isNil()) return pushMetaCall(ex, th, tm, a, b);
    if (ev == Metamethod::Le) {
        // Debian's lua5.4 is built with LUA_COMPAT_LT_LE: without __le,
        // a <= b is not (b < a) through __lt.
        tm = getMetamethod(vm, b, Metamethod::Lt);
        if (tm.isNil()) tm = getMetamethod(vm, a, Metamethod::Lt);
        if (!tm.isNil()) {
            th->frames[th->numFrames - 1].concatLeft = kNegateComparison;
            return pushMetaCall(ex, th, tm, b, a);
        }
    }
    std::string t1 = objTypeName(vm, a), t2 = objTypeName(vm, b);
    if (t1 == t2) return luaError(ex, "attempt to compare two " + t1 + " values");
    return luaError(ex, "attempt to compare " + t1 + " with " + t2);
}

// Equality with __eq; returns Dispatch with `result` set, or a pending call.
static Next equalSlow(Exec& ex, Thread* th, const Value& a, const Value& b, bool& result,
                      bool& pending) {
    VM& vm = ex.vm;
    pending = false;
    result = rawEquals(a, b);
    if (result || a.tag != b.tag || (a.tag != Tag::Table && a.tag != Tag::Userdata)) {
        return Next::Dispatch;
    }
    const Value* tm = fastMetamethod(vm, getMetatable(vm, a), Metamethod::Eq);
    if (!tm) tm = fastMetamethod(vm, getMetatable(vm, b), Metamethod::Eq);
    if (!tm) return Next::Dispatch;
    pending = true;
    return pushMetaCall(ex, th, *tm, a, b);
}

static inline bool isStrOrNum(const Value& v) {
    return v.isString() || v.isNumber();
}

static size_t toStringPiece(const Value& v, char* buf, const char*& data) {
    if (v.isString()) {
        data = v.asString()->data();
        return v.asString()->length;
    }
    data = buf;
    return v.tag == Tag::Int ? formatIntegerTo(v.i, buf) : formatNumberTo(v.n, buf);
}

// Concatenates stack values [first, first+n) from the right, leaving the
// result in stack[first]. Metamethod calls resume through finishOp (CONCAT).
static Next concatStep(Exec& ex, Thread* th, uint32_t first, uint32_t n) {
    VM& vm = ex.vm;
    while (n > 1) {
        Value* s = th->stack;
        Value a = s[first + n - 2], b = s[first + n - 1];
        if (!isStrOrNum(a) || !isStrOrNum(b)) {
            Value tm = getMetamethod(vm, a, Metamethod::Concat);
            if (tm.isNil()) tm = getMetamethod(vm, b, Metamethod::Concat);
            if (tm.isNil()) {
                CallFrame& f = th->frames[th->numFrames - 1];
                bool blameA = !isStrOrNum(a);
                uint32_t reg = (blameA ? first + n - 2 : first + n - 1) - f.base;
                return typeError(ex, blameA ? a : b, "concatenate", Operand::reg(reg));
            }
            th->frames[th->numFrames - 1].concatLeft = n;
            return pushMetaCall(ex, th, tm, a, b);
        }
        // Collect the longest run of strings/numbers ending at the top.
        uint32_t k = 2;
        while (k < n && isStrOrNum(s[first + n - k - 1]))
            k++;
        char numbuf[kNumberBufferSize];
        uint64_t total = 0;
        for (uint32_t j = first + n - k; j < first + n; j++) {
            const char* d;
            total += toStringPiece(s[j], numbuf, d);
        }
        if (total >= (uint64_t(1) << 31)) return luaError(ex, "string length overflow");
        char small[256];
        char* buf = total <= sizeof small ? small : static_cast<char*>(memAlloc(vm, size_t(total)));
        size_t pos = 0;
        for (uint32_t j = first + n - k; j < first + n; j++) {
            const char* d;
            size_t len = toStringPiece(s[j], numbuf, d);
            std::memcpy(buf + pos, d, len);
            pos += len;
        }
        String* str;
        try {
            str = internString(vm, buf, size_t(total));
        } catch (...) {
            if (buf != small) memFree(vm, buf, size_t(total));
            throw;
        }
        if (buf != small) memFree(vm, buf, size_t(total));
        th->stack[first + n - k] = Value::object(str);
        n -= k - 1;
    }
    return Next::Dispatch;
}

// The hooks see the instruction at pc, dispatched again to go on after its
// metamethod returned, as the same dispatch (see [hooks]).
static inline void markResumed(Thread* th, const Instruction* pc) {
    ThreadState& ts = threadState(th);
    if (ts.hookMask) ts.resumedPc = pc;
}

// Finishes the instruction of the top Lua frame that a metamethod call
// interrupted; the metamethod's result is at stack[f.mmSlot].
static Next finishOp(Exec& ex, Thread* th) {
    CallFrame& f = th->frames[th->numFrames - 1];
    Instruction i = f.pc[-1];
    Value res = th->stack[f.mmSlot];
    Value* R = th->stack + f.base;
    th->top = f.top;
    switch (getOp(i)) {
    case Op::EQ:
    case Op::LT:
    case Op::LE:
    case Op::LTI:
    case Op::LEI:
    case Op::GTI:
    case Op::GEI:
    case Op::EQK:
    case Op::EQI: {
        bool truth = res.isTruthy();
        if (f.concatLeft == kNegateComparison) {
            f.concatLeft = 0;
            truth = !truth;
        }
        if (truth != bool(getC(i))) f.pc++;
        return Next::Dispatch;
    }
    case Op::SETTABUP:
    case Op::SETTABLE:
    case Op::SETINT:
    case Op::SETFIELD: return Next::Dispatch;
    case Op::CONCAT: {
        uint32_t a = getA(i);
        uint32_t n = f.concatLeft;
        R[a + n - 2] = res;
        Next nx = concatStep(ex, th, f.base + a, n - 1);
        if (nx == Next::Dispatch && th->frames[th->numFrames - 1].isLua()) {
            th->top = th->frames[th->numFrames - 1].top;
        }
        return nx;
    }
    case Op::CLOSE:
        f.pc--;
        markResumed(th, f.pc);
        return Next::Dispatch;
    case Op::RETURN:
        f.pc--;
        markResumed(th, f.pc);
        th->top = f.savedTop;
        return Next::Dispatch;
    default: // GET*, SELF, arithmetic, UNM, BNOT, LEN
        R[getA(i)] = res;
        return Next::Dispatch;
    }
}

// ============================================================================
// [errors]
//
// Unwinding has two phases. handleError (phase A) finds the frame that
// catches the error: a protected host frame (pcall/xpcall), a Boundary frame
// (the error leaves execute()), or the bottom frame of a coroutine (the
// coroutine dies and its resumer gets the error). It runs the xpcall message
// handler first, as a frame on top of the intact stack, then drops every
// frame above the catcher. continueUnwind (phase B) closes upvalues and calls
// the pending __close metamethods above the catcher one at a time (each as an
// ErrorClose frame, so they can be paused or yield), then delivers the error.

static void popFramesTo(Thread* th, uint32_t n) {
    ThreadState& ts = threadState(th);
    while (th->numFrames > n) {
        CallFrame& f = th->frames[th->numFrames - 1];
        if (isCLevel(f.onReturn)) ts.cDepth--;
        if (f.onReturn == ReturnAction::Boundary) ts.boundaries--;
        if (f.onReturn == ReturnAction::Hook) {
            ts.inHook = false;
            ts.hookPc = nullptr; // the hooked instruction's frame is gone too
            ts.hostReturnHooked = 0;
        }
        th->numFrames--;
    }
}

static Next coroutineFailed(Exec& ex, Thread* co);

// Keeps the traceback of an error on the main thread that reached Boundary
// frame fi: the outermost one (the error leaves execute()), or a nested call's
// with no pcall below it (the error will leave execute() once the C++ caller
// rethrows it, but by then the frames that raised it are gone).
static void captureTraceback(VM& vm, Thread* th, int fi) {
    InterpVMState& st = vmState(vm);
    bool same = st.hasNestedTraceback && rawEquals(st.nestedTracebackError, th->errorValue);
    if (threadState(th).boundaries == 1) {
        st.lastTraceback = same ? std::move(st.nestedTraceback) : traceback(vm, th, 1);
        st.hasNestedTraceback = false;
        return;
    }
    if (same) return; // taken deeper already
    for (int k = fi - 1; k >= 0; --k) {
        if (th->frames[k].flags & kFrameProtected) return;
    }
    st.nestedTraceback = traceback(vm, th, 1);
    st.nestedTracebackError = th->errorValue;
    st.hasNestedTraceback = true;
}

static Next handleError(Exec& ex) {
    VM& vm = ex.vm;
    Thread* th = vm.current;
    ThreadState& ts = threadState(th);
    int fi = int(th->numFrames) - 1;
    int handlersRunning = 0; // message handlers that failed themselves
    for (; fi >= 0; --fi) {
        const CallFrame& f = th->frames[fi];
        if (f.flags & kFrameProtected) break;
        if (f.onReturn == ReturnAction::Boundary || f.onReturn == ReturnAction::CoroutineEnd) break;
        if (f.onReturn == ReturnAction::ErrorHandler) handlersRunning++;
    }
    if (fi < 0) {
        th->numFrames = 0;
        return Next::Failed;
    }
    CallFrame& target = th->frames[fi];
    uint32_t level;
    if (target.flags & kFrameProtected) {
        // Every error caught by xpcall goes through its handler (also one
        // raised by the handler itself, or by a __close while unwinding),
        // except the value the handler returned. A handler that keeps
        // failing ends as "error in error handling" (lua5.4: C stack overflow).
        bool handle = (target.flags & kFrameHandler) && !ts.handlerReturned &&
                      (!ts.handlerCalled || handlersRunning > 0);
        if (handle && handlersRunning >= kMaxCDepth / 2) {
            th->errorValue = Value::object(internString(vm, "error in error handling"));
            handle = false;
        }
        if (handle) {
            // Marked before the call: if even pushing the handler fails, the
            // next scan delivers that error instead of trying again.
            ts.handlerCalled = true;
            uint32_t slot = th->top;
            const CallFrame& top = th->frames[th->numFrames - 1];
            if (top.isLua() && top.top > slot) slot = top.top;
            ensureStackTotal(vm, th, uint64_t(slot) + 3 + kExtraSlots);
            th->stack[slot] = th->stack[target.base + 1];
            th->stack[slot + 1] = th->errorValue;
            th->top = slot + 2;
            return precall(ex, th, slot, 1, 1, ReturnAction::ErrorHandler);
        }
        level = target.calleeIndex;
    } else if (target.onReturn == ReturnAction::Boundary) {
        level = target.func;
        if (th == vm.mainThread) captureTraceback(vm, th, fi);
    } else {
        return coroutineFailed(ex, th);
    }
    popFramesTo(th, uint32_t(fi) + 1);
    ts.unwinding = true;
    ts.unwindFrame = uint32_t(fi);
    ts.unwindLevel = level;
    return Next::Unwind;
}

// After a stack overflow was handled, gives back the emergency space so the
// next overflow is detected (and reported) the same way.
static void shrinkAfterOverflow(VM& vm, Thread* th) {
    if (th->frameCapacity > kMaxFrames && th->numFrames < kMaxFrames) {
        th->frames = memReallocArray<CallFrame>(vm, th->frames, th->frameCapacity, kMaxFrames);
        th->frameCapacity = kMaxFrames;
    }
    if (th->stackSize > kMaxStackSlots && th->top < kMaxStackSlots / 2) {
        uintptr_t oldBase = reinterpret_cast<uintptr_t>(th->stack);
        th->stack = memReallocArray<Value>(vm, th->stack, th->stackSize, kMaxStackSlots);
        th->stackSize = kMaxStackSlots;
        for (Upvalue* uv = th->openUpvalues; uv; uv = uv->openNext) {
            uintptr_t off = reinterpret_cast<uintptr_t>(uv->location) - oldBase;
            uv->location = th->stack + off / sizeof(Value);
        }
    }
}

static Next continueUnwind(Exec& ex) {
    VM& vm = ex.vm;
    Thread* th = vm.current;
    ThreadState& ts = threadState(th);
    uint32_t level = ts.unwindLevel;
    closeUpvaluesImpl(vm, th, level);
    while (hasTbcAbove(th, level)) {
        uint32_t idx = ts.tbc[--ts.tbcCount];
        Value v = th->stack[idx];
        Value tm = getMetamethod(vm, v, Metamethod::Close);
        if (tm.isNil()) continue;
        ts.handlerCalled = false; // an error in this __close goes to the handler again
        ts.handlerReturned = false;
        uint32_t slot = idx + 1;
        ensureStackTotal(vm, th, uint64_t(slot) + 5 + kExtraSlots);
        Value* s = th->stack;
        s[slot] = th->errorValue;
        s[slot + 1] = tm;
        s[slot + 2] = v;
        s[slot + 3] = th->errorValue;
        th->top = slot + 4;
        return precall(ex, th, slot + 1, 2, 0, ReturnAction::ErrorClose);
    }
    ts.unwinding = false;
    ts.handlerCalled = false;
    ts.handlerReturned = false;
    shrinkAfterOverflow(vm, th);
    CallFrame& target = th->frames[ts.unwindFrame];
    if (target.flags & kFrameProtected) {
        vmState(vm).hasNestedTraceback = false;
        th->stack[level] = th->errorValue;
        th->top = level + 1;
        target.status = kCallError;
        target.flags =
            uint8_t((target.flags & ~(kFrameProtected | kFrameHandler)) | kFrameContinue);
        target.yieldCount = -1;
        return Next::Dispatch;
    }
    popFramesTo(th, ts.unwindFrame);
    th->top = level;
    return Next::Failed;
}

// ============================================================================
// [coroutines]

// Moves the n values at th's top to `to`'s top.
static void transferValues(VM& vm, Thread* from, Thread* to, uint32_t first, int n) {
    ensureStack(vm, to, uint32_t(n) + kHostMinStack);
    for (int k = 0; k < n; k++)
        to->stack[to->top + uint32_t(k)] = from->stack[first + uint32_t(k)];
    to->top += uint32_t(n);
}

// The resumer's resume frame (its top frame) continues with `status`.
static Next returnToResumer(VM& vm, Thread* co, Thread* r, uint32_t status) {
    threadState(co).resumer = nullptr;
    r->status = ThreadStatus::Running;
    vm.current = r;
    CallFrame& f = r->frames[r->numFrames - 1];
    f.status = status;
    f.flags |= kFrameContinue;
    f.yieldCount = -1;
    return Next::Dispatch;
}

static Next doResume(Exec& ex, Thread* th, uint32_t fi, uint32_t coIdx) {
    VM& vm = ex.vm;
    Thread* co = th->stack[coIdx].asThread();
    int nargs = int(th->top - coIdx) - 1;
    ThreadState& ts = threadState(th);
    ThreadState& cs = threadState(co);
    CallFrame& rf = th->frames[fi];
    if (ts.cDepth >= kMaxCDepth - 2) {
        th->top = coIdx + 1;
        pushValue(vm, th, Value::object(internString(vm, "C stack overflow")));
        rf.status = kCallError;
        rf.flags |= kFrameContinue;
        rf.yieldCount = -1;
        return Next::Dispatch;
    }
    bool fresh = co->numFrames == 0;
    ensureStack(vm, co, uint32_t(nargs) + kHostMinStack);
    transferValues(vm, th, co, coIdx + 1, nargs);
    th->top = coIdx + 1;
    co->status = ThreadStatus::Running;
    th->status = ThreadStatus::Normal;
    cs.resumer = th;
    cs.cDepth = uint16_t(ts.cDepth + 1);
    vm.current = co;
    if (fresh) return precall(ex, co, 0, nargs, -1, ReturnAction::CoroutineEnd);
    CallFrame& yf = co->frames[co->numFrames - 1];
    yf.flags = uint8_t((yf.flags & ~kFrameYielded) | kFrameContinue);
    yf.status = kCallOk;
    yf.yieldCount = nargs; // values to return when there is no continuation
    return Next::Dispatch;
}

static Next doYield(Exec& ex, Thread* th, uint32_t fi, int n) {
    VM& vm = ex.vm;
    ThreadState& ts = threadState(th);
    CallFrame& f = th->frames[fi];
    if (ts.inHook) { // a hook function runs as a C call (lua5.4's debug.sethook hook)
        th->errorValue =
            Value::object(internString(vm, "attempt to yield across a C-call boundary"));
        return Next::Error;
    }
    if (!ts.isCoroutine) {
        if (ts.boundaries <= 1) {
            f.flags |= kFrameYielded;
            return Next::Yielded;
        }
        th->errorValue = positionedMessage(vm, "attempt to yield across a C-call boundary");
        return Next::Error;
    }
    if (ts.boundaries > 0) {
        th->errorValue = positionedMessage(vm, "attempt to yield across a C-call boundary");
        return Next::Error;
    }
    f.flags |= kFrameYielded;
    Thread* r = ts.resumer;
    transferValues(vm, th, r, th->top - uint32_t(n), n);
    th->top -= uint32_t(n);
    th->status = ThreadStatus::Suspended;
    return returnToResumer(vm, th, r, kCallOk);
}

static Next coroutineFinished(Exec& ex, Thread* co, uint32_t first, int n) {
    VM& vm = ex.vm;
    ThreadState& cs = threadState(co);
    Thread* r = cs.resumer;
    co->numFrames = 0;
    transferValues(vm, co, r, first, n);
    co->top = 0;
    co->status = ThreadStatus::Dead;
    cs.tbcCount = 0;
    return returnToResumer(vm, co, r, kCallOk);
}

static Next coroutineFailed(Exec& ex, Thread* co) {
    VM& vm = ex.vm;
    ThreadState& cs = threadState(co);
    Thread* r = cs.resumer;
    co->status = ThreadStatus::Error;
    cs.handlerCalled = false;
    cs.handlerReturned = false;
    cs.unwinding = false;
    transferValues(vm, co, r, 0, 0);
    pushValue(vm, r, co->errorValue);
    return returnToResumer(vm, co, r, kCallError);
}

// ============================================================================
// [loop]

static inline uint32_t siteFor(VM& vm, const Proto* p, const Instruction* pc) {
    const uint32_t pcx = uint32_t(pc - p->code) - 1;
    int line = p->lineInfo && pcx < p->codeSize ? p->lineInfo[pcx] : -1; // lineOfInstruction
    InterpVMState& st = vmState(vm);
    auto& e = st.siteCache[(p->id * 31 + uint64_t(line)) & (InterpVMState::kSiteCacheSize - 1)];
    if (e.protoId == p->id && e.line == line && e.site != 0) return e.site;
    if (vm.sites.empty()) vm.sites.push_back(AllocSite{nullptr, 0});
    vm.sites.push_back(AllocSite{p->source, line});
    e.protoId = p->id;
    e.line = line;
    e.site = uint32_t(vm.sites.size() - 1);
    return e.site;
}

// Pushes a call of the thread's hook function for `event` above the running
// Lua frame (whose pc points AT the instruction the hook precedes).
static Next callHook(Exec& ex, Thread* th, const char* event, int line) {
    VM& vm = ex.vm;
    Value fn;
    int mask, count;
    getHook(vm, th, fn, mask, count);
    // As lua5.4, finalizers (__gc) run with the hooks off.
    if (fn.isNil() || vm.gc.finalizerDepth > 0) return Next::Dispatch;
    ThreadState& ts = threadState(th);
    CallFrame& f = th->frames[th->numFrames - 1];
    if (f.isLua()) f.pc++; // so that the frame reports the hooked instruction's line
    uint32_t slot = f.isLua() ? std::max(f.top, th->top) : th->top;
    ensureStackTotal(vm, th, uint64_t(slot) + 4 + kExtraSlots);
    Value* s = th->stack;
    s[slot] = fn;
    s[slot + 1] = Value::object(internString(vm, event));
    s[slot + 2] = line >= 0 ? Value::integer(line) : Value();
    th->top = slot + 3;
    th->frames[th->numFrames - 1].mmSlot = slot;
    ts.inHook = true;
    return precall(ex, th, slot, 2, 0, ReturnAction::Hook);
}

// When lua5.4 gives hook events (the rules the functions below keep):
// - count and line events come when an instruction is *dispatched*. A few
//   instructions run inline right after the one before them, with no event of
//   their own (runsInline), and an instruction dispatched again to finish its
//   work after a metamethod returned (ThreadState::resumedPc) is no new one;
// - a line event fires for the first instruction of a function, for an
//   instruction on another line than the frame's previous one, and for one
//   that does not come after it (a jump back, even to the same line);
// - the previous instruction of a frame is the one it last dispatched, or,
//   once a call it made has returned (a hook call included), the instruction
//   that made the call: after a count event, the line event fires too.
// - the return event of a RETURN comes after its __close calls.

// True for an instruction lua5.4 runs without dispatching it, given the
// frame's previous instruction `last` (null: none).
static bool runsInline(const Proto* p, const Instruction* pc, const Instruction* last) {
    const Instruction* prev = pc > p->code ? pc - 1 : nullptr;
    switch (getOp(*pc)) {
    case Op::VARARGPREP: return true; // the call hook comes with it, no count or line
    case Op::TFORLOOP: return true;   // always straight after its TFORCALL
    case Op::TFORCALL:                // the first one, straight after TFORPREP's jump
        return last && getOp(*last) == Op::TFORPREP && last + 1 + getBx(*last) == pc;
    case Op::JMP: // the jump of a test that did not skip it
        return last && last == prev && isTestOp(getOp(*last));
    case Op::RETURN:
    case Op::RETURN0:
    case Op::RETURN1: // a TAILCALL to a host function returns at once
        return last && last == prev && getOp(*last) == Op::TAILCALL;
    default: return false;
    }
}

// lua5.4 follows every binary arithmetic instruction with an MMBIN one, which
// is dispatched (and counted) only when the operands need a metamethod.
static bool dispatchesMmbin(Thread* th, const CallFrame& f, Instruction i) {
    static_assert(int(Op::ADDI) - int(Op::ADD) == 22, "ADD .. SHR, ADDK .. BXORK, ADDI in a row");
    Op o = getOp(i);
    if (o < Op::ADD || o > Op::ADDI) return false;
    const Value* R = th->stack + f.base;
    Value c = o == Op::ADDI   ? Value::integer(getSC(i))
              : o >= Op::ADDK ? f.closure->proto->constants[getC(i)]
                              : R[getC(i)];
    Value out;
    const char* err = nullptr;
    return !arithNumbers(arithEvent(o), R[getB(i)], c, out, err);
}

// The first visit of the hooks to the instruction at pc: classifies it and
// moves the frame's previous instruction on (ts.hookLineDue: a line event is due).
static void beginTrace(ThreadState& ts, Thread* th, const Proto* p, const Instruction* pc) {
    int depth = int(th->numFrames) - 1;
    const Instruction* last = ts.lastPc;
    bool inProto = last && last >= p->code && last < p->code + p->codeSize;
    if (ts.lastDepth != depth || !inProto) last = pc > p->code ? pc - 1 : nullptr;
    ts.hookPc = pc;
    ts.hookStage = 0;
    ts.hookResumed = pc == ts.resumedPc;
    ts.resumedPc = nullptr;
    ts.hookSilent = !ts.hookResumed && runsInline(p, pc, last);
    ts.lastDepth = depth;
    ts.hookLineDue = false;
    if (ts.hookResumed) {
        ts.lastPc = pc;
        return;
    }
    if (ts.hookSilent) {
        // TFORLOOP follows the iterator call: that call is the previous one.
        ts.lastPc = getOp(*pc) == Op::TFORLOOP ? pc - 1 : last;
        return;
    }
    uint32_t pcx = uint32_t(pc - p->code);
    bool afterVarargPrep = pcx == 1 && getOp(p->code[0]) == Op::VARARGPREP;
    ts.hookLineDue = !last || pc <= last || afterVarargPrep ||
                     lineOfInstruction(p, pcx) != lineOfInstruction(p, uint32_t(last - p->code));
    ts.lastPc = pc;
}

// While a hook function runs no event fires, but lua5.4 still counts its
// instructions (and the Lua functions it calls) for the count hook.
static void countInsideHook(ThreadState& ts, Thread* th, const Instruction* pc) {
    if (!(ts.hookMask & kHookCount) || ts.hookCount <= 0) return;
    const CallFrame& f = th->frames[th->numFrames - 1];
    const Proto* p = f.closure->proto;
    int depth = int(th->numFrames) - 1;
    const Instruction* last = ts.inHookLastPc;
    bool inProto = last && last >= p->code && last < p->code + p->codeSize;
    if (ts.inHookLastDepth != depth || !inProto) last = pc > p->code ? pc - 1 : nullptr;
    ts.inHookLastDepth = depth;
    bool resumed = pc == ts.resumedPc;
    if (resumed) ts.resumedPc = nullptr;
    bool silent = !resumed && runsInline(p, pc, last);
    ts.inHookLastPc = resumed ? pc : !silent ? pc : getOp(*pc) == Op::TFORLOOP ? pc - 1 : last;
    int n = resumed || silent ? 0 : 1 + (dispatchesMmbin(th, f, *pc) ? 1 : 0);
    for (; n > 0; n--)
        if (--ts.hookCounter <= 0) ts.hookCounter = ts.hookCount;
}

// Decides which hooks fire before the instruction at pc of the top Lua frame;
// returns Dispatch after pushing one (the instruction runs when it returns).
static bool traceInstruction(Exec& ex, Thread* th, const Instruction* pc, Next& out) {
    ThreadState& ts = threadState(th);
    if (ts.inHook) {
        countInsideHook(ts, th, pc);
        return false;
    }
    CallFrame& f = th->frames[th->numFrames - 1];
    const Proto* p = f.closure->proto;
    uint32_t pcx = uint32_t(pc - p->code);
    if (ts.hookPc != pc) beginTrace(ts, th, p, pc);
    bool dispatched = !ts.hookSilent && !ts.hookResumed;
    if (ts.hookStage < 1) {
        ts.hookStage = 1;
        if ((ts.hookMask & kHookCall) && pcx == 0) {
            out = callHook(ex, th, (f.flags & kFrameTailCall) ? "tail call" : "call", -1);
            return true;
        }
    }
    if (ts.hookStage < 2) {
        ts.hookStage = 2;
        if (dispatched && (ts.hookMask & kHookCount) && ts.hookCount > 0 && --ts.hookCounter <= 0) {
            ts.hookCounter = ts.hookCount;
            ts.hookLineDue = true; // the hook call returns to this instruction
            out = callHook(ex, th, "count", -1);
            return true;
        }
    }
    if (ts.hookStage < 3) {
        ts.hookStage = 3;
        if (dispatched && (ts.hookMask & kHookLine) && ts.hookLineDue) {
            out = callHook(ex, th, "line", lineOfInstruction(p, pcx));
            return true;
        }
    }
    if (ts.hookStage < 4) {
        ts.hookStage = 4;
        Op op = getOp(*pc);
        bool returns = op == Op::RETURN0 || op == Op::RETURN1 ||
                       (op == Op::RETURN && !hasTbcAbove(th, f.base));
        if ((ts.hookMask & kHookReturn) && returns) {
            out = callHook(ex, th, "return", -1);
            return true;
        }
    }
    if (ts.hookStage < 5) { // the MMBIN that lua5.4 dispatches next (same line)
        ts.hookStage = 5;
        ts.hookLineDue = false;
        if (dispatched && (ts.hookMask & kHookCount) && ts.hookCount > 0 &&
            dispatchesMmbin(th, f, *pc) && --ts.hookCounter <= 0) {
            ts.hookCounter = ts.hookCount;
            ts.hookLineDue = true;
            out = callHook(ex, th, "count", -1);
            return true;
        }
    }
    if (ts.hookStage < 6) {
        ts.hookStage = 6;
        if ((ts.hookMask & kHookLine) && ts.hookLineDue) {
            out = callHook(ex, th, "line", lineOfInstruction(p, pcx));
            return true;
        }
    }
    ts.hookPc = nullptr; // the instruction runs now; its next visit is a new one
    return false;
}

// Threaded dispatch: with GCC/clang (not Emscripten: wasm has no indirect
// jumps, a switch there is the same br_table), each handler ends with its own
// copy of the fetch-and-jump (NEXT), which keeps the hot state in registers
// and gives the branch predictor one indirect jump per handler. The switch
// below stays the portable fallback and the target of a plain `break`.
#if (defined(__GNUC__) || defined(__clang__)) && !defined(__EMSCRIPTEN__) &&                       \
    !defined(TRICOLOR_SWITCH_DISPATCH)
#define TRICOLOR_THREADED_DISPATCH 1
#else
#define TRICOLOR_THREADED_DISPATCH 0
#endif

// Runs Lua frames of vm.current until something needs the driver.
//
// The budget, pc and the register base live in locals (registers) while Lua
// code runs. The budget is split in two: `left` counts down on the fast path;
// `reserve` holds it instead while hooks are set, so that every instruction
// goes through the loop head (where hooks fire) with a single test. Their sum
// is written back to ex.left before anything that reads it (host calls,
// collector steps, errors) and on every exit (EXIT). f->pc, likewise, is only
// stored (SAVE_STATE) before something may read it: a call, an error, an exit,
// a collector step, an allocation (anything that can throw). Two rules keep
// that sound: every `goto reload` and every pushed frame come after a
// SAVE_STATE (reload and returns read the frame's pc back), and nothing writes
// through `f` after a call that may have pushed frames (the frame array may
// have moved, or the slot now holds another frame): those handlers use
// STEP_RESULT / the explicit code below instead of EXIT / NEXT_STEP.
static Next runLua(Exec& ex, uint64_t left, uint64_t reserve) {
    VM& vm = ex.vm;
    Thread* th;
    CallFrame* f;
    LuaClosure* cl;
    const Instruction* pc;
    Value* R;
    const Value* K;
    bool hooked;
    Instruction i;
    // Register A of the running instruction, decoded where it is used (a
    // variable of its own would hold one more register across every handler).
#define A (getA(i))

#if TRICOLOR_THREADED_DISPATCH
#define TRICOLOR_OPCODE_LABEL(name, fmt) &&op_##name,
#define TRICOLOR_PAD1 &&op_invalid,
#define TRICOLOR_PAD4 TRICOLOR_PAD1 TRICOLOR_PAD1 TRICOLOR_PAD1 TRICOLOR_PAD1
#define TRICOLOR_PAD16 TRICOLOR_PAD4 TRICOLOR_PAD4 TRICOLOR_PAD4 TRICOLOR_PAD4
#define TRICOLOR_PAD64 TRICOLOR_PAD16 TRICOLOR_PAD16 TRICOLOR_PAD16 TRICOLOR_PAD16
    // Every byte value has an entry (undump rejects unknown opcodes; this is belt and braces).
    static_assert(int(Op::Count) == 77, "kDispatch: adjust the padding to 256 entries");
    static const void* const kDispatch[256] = {
        TRICOLOR_OPCODES(TRICOLOR_OPCODE_LABEL) TRICOLOR_PAD64 TRICOLOR_PAD64 TRICOLOR_PAD16
            TRICOLOR_PAD16 TRICOLOR_PAD16 TRICOLOR_PAD1 TRICOLOR_PAD1 TRICOLOR_PAD1};
#undef TRICOLOR_OPCODE_LABEL
#undef TRICOLOR_PAD1
#undef TRICOLOR_PAD4
#undef TRICOLOR_PAD16
#undef TRICOLOR_PAD64
#define CASE(name)                                                                                 \
    case Op::name: op_##name:
    // Fetch and jump; anything unusual (budget spent, hooks) goes to the loop head.
#define NEXT()                                                                                     \
    do {                                                                                           \
        if (__builtin_expect(left == 0, 0)) goto head;                                             \
        --left;                                                                                    \
        i = *pc++;                                                                                 \
        goto* kDispatch[uint8_t(getOp(i))];                                                        \
    } while (0)
#else
#define CASE(name) case Op::name:
#define NEXT() break
#endif
// f->pc and ex.left current (see above).
#define SAVE_STATE() (f->pc = pc, ex.left = left + reserve)
#define EXIT(expr)                                                                                 \
    do {                                                                                           \
        SAVE_STATE();                                                                              \
        return (expr);                                                                             \
    } while (0)
#define RELOAD()                                                                                   \
    do {                                                                                           \
        /* ex.left is current here: synced before every jump to reload, and a nested call  */      \
        /* (callNested, a finalizer) may have charged its instructions to it meanwhile.     */     \
        left = ex.left;                                                                            \
        reserve = 0;                                                                               \
        th = vm.current;                                                                           \
        if (th->numFrames == 0) {                                                                  \
            ex.left = left + reserve;                                                              \
            return Next::Dispatch;                                                                 \
        }                                                                                          \
        f = &th->frames[th->numFrames - 1];                                                        \
        if (!f->isLua()) {                                                                         \
            /* A host frame (a continuation after a call it made, as table.sort's */               \
            /* comparator calls): run it here rather than leave and re-enter the loop. */          \
            ex.left = left + reserve;                                                              \
            Next n_ = dispatchHost(ex, th, *f);                                                    \
            if (n_ != Next::Dispatch) return n_;                                                   \
            goto reload;                                                                           \
        }                                                                                          \
        cl = f->closure;                                                                           \
        pc = f->pc;                                                                                \
        R = th->stack + f->base;                                                                   \
        K = cl->proto->constants;                                                                  \
        hooked = threadState(th).hookMask != 0;                                                    \
        if (hooked) {                                                                              \
            reserve = left;                                                                        \
            left = 0;                                                                              \
        }                                                                                          \
    } while (0)
#define NEXT_STEP(expr)                                                                            \
    do {                                                                                           \
        SAVE_STATE();                                                                              \
        Next n_ = (expr);                                                                          \
        if (n_ != Next::Dispatch) return n_;                                                       \
        goto reload;                                                                               \
    } while (0)
// Acts on the result of a step that ran after a SAVE_STATE (f may be stale now).
#define STEP_RESULT(n)                                                                             \
    do {                                                                                           \
        Next n_ = (n);                                                                             \
        if (n_ != Next::Dispatch) return n_;                                                       \
        goto reload;                                                                               \
    } while (0)
#define GC_POINT()                                                                                 \
    do {                                                                                           \
        th->top = f->top;                                                                          \
        SAVE_STATE();                                                                              \
        syncCount(ex);                                                                             \
        gcCheck(vm);                                                                               \
        goto reload;                                                                               \
    } while (0)
// After an allocation that cannot move the stack: when the collector has no
// work due (the pre-test is a superset of gcCheck's own), go straight on.
#define ALLOC_GC_POINT()                                                                           \
    th->top = f->top;                                                                              \
    if (vm.memory.bytesInUse >= vm.gc.threshold || vm.gc.stress) GC_POINT();                       \
    NEXT() /* not inside do-while: NEXT may be `break` (switch dispatch) */
// SAVE_STATE also goes before a call that may throw a LuaError (an allocation,
// "index is nil") and after which the loop goes on with its locals: the error
// leaves the loop with ex.left and f->pc current (drive() catches it).
#define SITE() (SAVE_STATE(), vm.currentSite = siteFor(vm, cl->proto, pc))

reload:
    RELOAD();
    for (;;) {
#if TRICOLOR_THREADED_DISPATCH
        // The loop head only takes the unusual case (left == 0): were it also
        // the common path, the compiler would fold every handler's NEXT into one
        // jump to it (one shared dispatch, and the hot state spilled to memory).
        NEXT();
#endif
    head:
        if (!TRICOLOR_THREADED_DISPATCH && left != 0) {
            --left;
        } else {
            // Budget spent, or hooks set (then the budget is all in `reserve`).
            if (reserve == 0) {
                f->pc = pc;
                EXIT(Next::Paused);
            }
            f->pc = pc;
            ex.left = left + reserve;
            Next hn;
            if (traceInstruction(ex, th, pc, hn)) {
                if (hn != Next::Dispatch) return hn;
                goto reload;
            }
            --reserve;
        }
        i = *pc++;
#if TRICOLOR_THREADED_DISPATCH
        goto* kDispatch[uint8_t(getOp(i))];
#endif
        switch (getOp(i)) {
            CASE(MOVE) R[A] = R[getB(i)];
            NEXT();
            CASE(LOADI) R[A] = Value::integer(getSBx(i));
            NEXT();
            CASE(LOADF) R[A] = Value::number(Number(getSBx(i)));
            NEXT();
            CASE(LOADK) R[A] = K[getBx(i)];
            NEXT();
            CASE(LOADKX)
            R[A] = K[getAx(*pc)];
            pc++;
            NEXT();
            CASE(LOADFALSE) R[A] = Value::boolean(false);
            NEXT();
            CASE(LOADTRUE) R[A] = Value::boolean(true);
            NEXT();
            CASE(LOADNIL)
            for (unsigned k = 0; k <= getB(i); k++)
                R[A + k] = Value();
            NEXT();
            CASE(GETUPVAL) R[A] = *cl->upvalues()[getB(i)]->location;
            NEXT();
            CASE(SETUPVAL) {
                Upvalue* uv = cl->upvalues()[getB(i)];
                *uv->location = R[A];
                writeBarrier(vm, uv, R[A]);
                NEXT();
            }
            CASE(GETTABUP) {
                Value t = *cl->upvalues()[getB(i)]->location;
                const Value& key = K[getC(i)];
                if (t.tag == Tag::Table) {
                    Table* h = t.asTable();
                    const Value* v = tableGetStr(h, key.asString());
                    if (!v->isNil()) {
                        R[A] = *v;
                        NEXT();
                    }
                    if (!fastMetamethod(vm, h->metatable, Metamethod::Index)) {
                        R[A] = Value();
                        NEXT();
                    }
                }
                NEXT_STEP(indexSlow(ex, th, t, key, f->base + A, Operand::upval(getB(i))));
            }
            CASE(GETTABLE) {
                Value t = R[getB(i)];
                Value key = R[getC(i)];
                if (t.tag == Tag::Table) {
                    Table* h = t.asTable();
                    const Value* v = key.tag == Tag::Int ? tableGetInt(h, key.i) : tableGet(h, key);
                    if (!v->isNil()) {
                        R[A] = *v;
                        NEXT();
                    }
                    if (!fastMetamethod(vm, h->metatable, Metamethod::Index)) {
                        R[A] = Value();
                        NEXT();
                    }
                }
                NEXT_STEP(indexSlow(ex, th, t, key, f->base + A, Operand::reg(getB(i))));
            }
            CASE(GETINT) {
                Value t = R[getB(i)];
                if (t.tag == Tag::Table) {
                    Table* h = t.asTable();
                    const Value* v = tableGetInt(h, Integer(getC(i)));
                    if (!v->isNil()) {
                        R[A] = *v;
                        NEXT();
                    }
                    if (!fastMetamethod(vm, h->metatable, Metamethod::Index)) {
                        R[A] = Value();
                        NEXT();
                    }
                }
                NEXT_STEP(indexSlow(ex, th, t, Value::integer(getC(i)), f->base + A,
                                    Operand::reg(getB(i))));
            }
            // A key present in the table itself is looked up inline; the rest
            // (__index tables, strings' methods) goes through getFieldFast.
#define GETFIELD_FAST(t, key)                                                                      \
    if (t.tag == Tag::Table) {                                                                     \
        const Value* v = tableGetStr(t.asTable(), key.asString());                                 \
        if (!v->isNil()) {                                                                         \
            R[A] = *v;                                                                             \
            NEXT();                                                                                \
        }                                                                                          \
    }                                                                                              \
    if (getFieldFast(vm, t, key.asString(), R[A])) NEXT();
            CASE(GETFIELD) {
                Value t = R[getB(i)];
                const Value& key = K[getC(i)];
                GETFIELD_FAST(t, key)
                NEXT_STEP(indexSlow(ex, th, t, key, f->base + A, Operand::reg(getB(i))));
            }
            CASE(SELF) {
                Value t = R[getB(i)];
                const Value& key = K[getC(i)];
                R[A + 1] = t;
                GETFIELD_FAST(t, key)
                NEXT_STEP(indexSlow(ex, th, t, key, f->base + A, Operand::reg(getB(i))));
            }
#undef GETFIELD_FAST
            CASE(SETTABUP)
            CASE(SETTABLE)
            CASE(SETINT)
            CASE(SETFIELD) {
                Value t, key;
                Operand op;
                Op o = getOp(i);
                if (o == Op::SETTABUP) {
                    t = *cl->upvalues()[A]->location;
                    key = K[getB(i)];
                    op = Operand::upval(A);
                } else {
                    t = R[A];
                    op = Operand::reg(A);
                    key = o == Op::SETTABLE ? R[getB(i)]
                          : o == Op::SETINT ? Value::integer(getB(i))
                                            : K[getB(i)];
                }
                Value val = R[getC(i)];
                if (t.tag == Tag::Table) {
                    Table* h = t.asTable();
                    // Absent keys read as the shared nil (never written: the test below).
                    Value* slot = key.tag == Tag::String
                                      ? const_cast<Value*>(tableGetStr(h, key.asString()))
                                  : key.tag == Tag::Int ? const_cast<Value*>(tableGetInt(h, key.i))
                                                        : tableFindSlot(h, key);
                    if (slot && !slot->isNil()) {
                        *slot = val;
                        tableBarrier(vm, h, val);
                        NEXT();
                    }
                    if (!fastMetamethod(vm, h->metatable, Metamethod::NewIndex)) {
                        SAVE_STATE();
                        tableSet(vm, h, key, val);
                        NEXT();
                    }
                }
                NEXT_STEP(newindexSlow(ex, th, t, key, val, op));
            }
            CASE(NEWTABLE) {
                SITE();
                Table* t = newTable(vm, getB(i), getC(i));
                R[A] = Value::object(t);
                ALLOC_GC_POINT();
            }
#define ARITH_CASE(OPNAME, INTEXPR, FLTEXPR, RHS, OPERAND_C)                                       \
    CASE(OPNAME) {                                                                                 \
        const Value& b = R[getB(i)];                                                               \
        const Value& c = RHS;                                                                      \
        if (b.tag == Tag::Int && c.tag == Tag::Int) {                                              \
            Integer x = b.i, y = c.i;                                                              \
            R[A] = Value::integer(INTEXPR);                                                        \
            NEXT();                                                                                \
        }                                                                                          \
        if (b.tag == Tag::Float && c.tag == Tag::Float) {                                          \
            Number x = b.n, y = c.n;                                                               \
            R[A] = Value::number(FLTEXPR);                                                         \
            NEXT();                                                                                \
        }                                                                                          \
        if (b.isNumber() && c.isNumber()) {                                                        \
            Number x = b.asNumber(), y = c.asNumber();                                             \
            R[A] = Value::number(FLTEXPR);                                                         \
            NEXT();                                                                                \
        }                                                                                          \
        NEXT_STEP(                                                                                 \
            arithSlow(ex, th, arithEvent(Op::OPNAME), b, c, Operand::reg(getB(i)), OPERAND_C));    \
    }
            ARITH_CASE(ADD, wrapAdd(x, y), x + y, R[getC(i)], Operand::reg(getC(i)))
            ARITH_CASE(SUB, wrapSub(x, y), x - y, R[getC(i)], Operand::reg(getC(i)))
            ARITH_CASE(MUL, wrapMul(x, y), x * y, R[getC(i)], Operand::reg(getC(i)))
            ARITH_CASE(ADDK, wrapAdd(x, y), x + y, K[getC(i)], Operand::konst(getC(i)))
            // x - 0 (integer 0) is x + 0 as lua5.4 compiles it (ADDI): -0.0 - 0 is 0.0.
            ARITH_CASE(SUBK, wrapSub(x, y), (c.tag == Tag::Int && y == 0 ? x + 0.0 : x - y),
                       K[getC(i)], Operand::konst(getC(i)))
            ARITH_CASE(MULK, wrapMul(x, y), x * y, K[getC(i)], Operand::konst(getC(i)))
            ARITH_CASE(ADDI, wrapAdd(x, y), x + y, Value::integer(getSC(i)), Operand())
#undef ARITH_CASE
            CASE(MOD)
            CASE(POW)
            CASE(DIV)
            CASE(IDIV)
            CASE(BAND)
            CASE(BOR)
            CASE(BXOR)
            CASE(SHL)
            CASE(SHR)
            CASE(MODK)
            CASE(POWK)
            CASE(DIVK)
            CASE(IDIVK)
            CASE(BANDK)
            CASE(BORK)
            CASE(BXORK) {
                Op o = getOp(i);
                bool isK = o >= Op::ADDK;
                const Value b = R[getB(i)];
                const Value c = isK ? K[getC(i)] : R[getC(i)];
                Metamethod ev = arithEvent(o);
                Value out;
                const char* err = nullptr;
                if (arithNumbers(ev, b, c, out, err)) {
                    if (err) EXIT(luaError(ex, err));
                    R[A] = out;
                    NEXT();
                }
                NEXT_STEP(arithSlow(ex, th, ev, b, c, Operand::reg(getB(i)),
                                    isK ? Operand::konst(getC(i)) : Operand::reg(getC(i))));
            }
            CASE(UNM) {
                const Value b = R[getB(i)];
                if (b.tag == Tag::Int) {
                    R[A] = Value::integer(wrapNeg(b.i));
                    NEXT();
                }
                if (b.tag == Tag::Float) {
                    R[A] = Value::number(-b.n);
                    NEXT();
                }
                NEXT_STEP(arithSlow(ex, th, Metamethod::Unm, b, b, Operand::reg(getB(i)),
                                    Operand::reg(getB(i))));
            }
            CASE(BNOT) {
                const Value b = R[getB(i)];
                Integer x;
                if (toIntegerExact(b, x)) {
                    R[A] = Value::integer(~x);
                    NEXT();
                }
                NEXT_STEP(arithSlow(ex, th, Metamethod::BNot, b, b, Operand::reg(getB(i)),
                                    Operand::reg(getB(i))));
            }
            CASE(NOT) R[A] = Value::boolean(R[getB(i)].isFalsy());
            NEXT();
            CASE(LEN) {
                const Value b = R[getB(i)];
                if (b.tag == Tag::String) {
                    R[A] = Value::integer(Integer(b.asString()->length));
                    NEXT();
                }
                if (b.tag == Tag::Table) {
                    const Value* tm = fastMetamethod(vm, b.asTable()->metatable, Metamethod::Len);
                    if (!tm) {
                        R[A] = Value::integer(tableLength(b.asTable()));
                        NEXT();
                    }
                    NEXT_STEP(pushMetaCall(ex, th, *tm, b, b));
                }
                Value tm = getMetamethod(vm, b, Metamethod::Len);
                if (tm.isNil()) EXIT(typeError(ex, b, "get length of", Operand::reg(getB(i))));
                NEXT_STEP(pushMetaCall(ex, th, tm, b, b));
            }
            CASE(CONCAT) {
                SITE();
                th->top = f->top;
                Next n = concatStep(ex, th, f->base + A, getB(i));
                if (n != Next::Dispatch) return n;
                f = &th->frames[th->numFrames - 1];
                if (!f->isLua() || f->pc != pc) goto reload; // a metamethod call is running
                GC_POINT();
            }
            CASE(CLOSE) {
                uint32_t level = f->base + A;
                closeUpvaluesImpl(vm, th, level);
                if (hasTbcAbove(th, level)) {
                    ThreadState& ts = threadState(th);
                    uint32_t idx = ts.tbc[--ts.tbcCount];
                    Value v = th->stack[idx];
                    Value tm = getMetamethod(vm, v, Metamethod::Close);
                    if (tm.isNil()) {
                        pc--; // look at the next one
                        f->pc = pc;
                        NEXT();
                    }
                    NEXT_STEP(pushMetaCall(ex, th, tm, v, Value()));
                }
                NEXT();
            }
            CASE(TBC) {
                Value v = R[A];
                if (v.isFalsy()) NEXT();
                if (getMetamethod(vm, v, Metamethod::Close).isNil()) {
                    const Proto* p = cl->proto;
                    uint32_t pcx = uint32_t(pc - p->code) - 1;
                    const String* name = localNameOfRegister(p, A, pcx);
                    if (!name) name = localNameOfRegister(p, A, pcx + 1);
                    std::string nm = name ? std::string(view(name)) : "?";
                    EXIT(luaError(ex, "variable '" + nm + "' got a non-closable value"));
                }
                SAVE_STATE();
                addTbc(vm, th, f->base + A);
                NEXT();
            }
            CASE(JMP) pc += getSJ(i);
            NEXT();
            CASE(EQ) {
                const Value a = R[A], b = R[getB(i)];
                bool res;
                if (a.tag == b.tag && a.tag != Tag::Table && a.tag != Tag::Userdata) {
                    res = rawEquals(a, b);
                } else {
                    bool pending;
                    SAVE_STATE();
                    Next n = equalSlow(ex, th, a, b, res, pending);
                    if (pending || n != Next::Dispatch) STEP_RESULT(n);
                }
                if (res != bool(getC(i))) pc++;
                NEXT();
            }
            CASE(LT) {
                const Value& a = R[A];
                const Value& b = R[getB(i)];
                bool res;
                if (a.tag == Tag::Int && b.tag == Tag::Int) {
                    res = a.i < b.i;
                } else if (a.tag == Tag::Float && b.tag == Tag::Float) {
                    res = a.n < b.n;
                } else {
                    bool ok;
                    res = compareRaw(a, b, false, ok);
                    if (!ok) NEXT_STEP(orderSlow(ex, th, Metamethod::Lt, a, b));
                }
                if (res != bool(getC(i))) pc++;
                NEXT();
            }
            CASE(LE) {
                const Value& a = R[A];
                const Value& b = R[getB(i)];
                bool res;
                if (a.tag == Tag::Int && b.tag == Tag::Int) {
                    res = a.i <= b.i;
                } else if (a.tag == Tag::Float && b.tag == Tag::Float) {
                    res = a.n <= b.n;
                } else {
                    bool ok;
                    res = compareRaw(a, b, true, ok);
                    if (!ok) NEXT_STEP(orderSlow(ex, th, Metamethod::Le, a, b));
                }
                if (res != bool(getC(i))) pc++;
                NEXT();
            }
            CASE(EQK) {
                if (rawEquals(R[A], K[getB(i)]) != bool(getC(i))) pc++;
                NEXT();
            }
            CASE(EQI) {
                const Value a = R[A];
                Integer imm = getSB(i);
                bool res =
                    a.tag == Tag::Int ? a.i == imm : (a.tag == Tag::Float && a.n == Number(imm));
                if (res != bool(getC(i))) pc++;
                NEXT();
            }
            CASE(LTI)
            CASE(LEI)
            CASE(GTI)
            CASE(GEI) {
                const Value a = R[A];
                Integer imm = getSB(i);
                Op o = getOp(i);
                bool res;
                if (a.tag == Tag::Int) {
                    res = o == Op::LTI   ? a.i < imm
                          : o == Op::LEI ? a.i <= imm
                          : o == Op::GTI ? a.i > imm
                                         : a.i >= imm;
                } else if (a.tag == Tag::Float) {
                    Number x = a.n, y = Number(imm);
                    res = o == Op::LTI   ? x < y
                          : o == Op::LEI ? x <= y
                          : o == Op::GTI ? x > y
                                         : x >= y;
                } else {
                    Value iv = Value::integer(imm);
                    if (o == Op::LTI) NEXT_STEP(orderSlow(ex, th, Metamethod::Lt, a, iv));
                    if (o == Op::LEI) NEXT_STEP(orderSlow(ex, th, Metamethod::Le, a, iv));
                    if (o == Op::GTI) NEXT_STEP(orderSlow(ex, th, Metamethod::Lt, iv, a));
                    NEXT_STEP(orderSlow(ex, th, Metamethod::Le, iv, a));
                }
                if (res != bool(getC(i))) pc++;
                NEXT();
            }
            CASE(TEST)
            if (R[A].isTruthy() != bool(getC(i))) pc++;
            NEXT();
            CASE(TESTSET) {
                const Value b = R[getB(i)];
                if (b.isTruthy() != bool(getC(i))) {
                    pc++;
                } else {
                    R[A] = b;
                }
                NEXT();
            }
            CASE(CALL) {
                unsigned b = getB(i);
                int nargs = b ? int(b) - 1 : int(th->top - (f->base + A)) - 1;
                if (b) th->top = f->base + A + b;
                if (R[A].tag == Tag::LuaClosure) {
                    // Fast path: a fixed-parameter Lua function with room on the stack.
                    LuaClosure* ncl = R[A].asLuaClosure();
                    const Proto* p = ncl->proto;
                    uint32_t funcIdx = f->base + A;
                    uint32_t nbase = funcIdx + 1;
                    uint32_t ntop = nbase + p->maxStackSize;
                    if (!p->isVararg && !hooked && uint64_t(ntop) + kExtraSlots <= th->stackSize &&
                        th->numFrames < th->frameCapacity) {
                        Value* s = th->stack;
                        // Missing parameters, surplus arguments and the other registers: nil.
                        uint32_t np = p->numParams;
                        Value* clear = s + nbase + std::min(uint32_t(nargs), np);
                        for (Value* end = s + ntop; clear < end; ++clear)
                            *clear = Value();
                        f->pc = pc; // the return reads it back
                        CallFrame* nf = &th->frames[th->numFrames++];
                        nf->closure = ncl;
                        nf->pc = p->code;
                        nf->func = funcIdx;
                        nf->base = nbase;
                        nf->top = ntop;
                        nf->mmSlot = 0;
                        nf->nresults = int(getC(i)) - 1;
                        nf->extra = 0;
                        nf->concatLeft = 0;
                        nf->savedTop = 0;
                        nf->onReturn = ReturnAction::Normal;
                        nf->flags = kFrameLua;
                        th->top = ntop;
                        f = nf;
                        cl = ncl;
                        pc = p->code;
                        R = s + nbase;
                        K = p->constants;
                        NEXT();
                    }
                }
                NEXT_STEP(
                    precall(ex, th, f->base + A, nargs, int(getC(i)) - 1, ReturnAction::Normal));
            }
            CASE(TAILCALL) {
                unsigned b = getB(i);
                uint32_t funcIdx = f->base + A;
                int nargs = b ? int(b) - 1 : int(th->top - funcIdx) - 1;
                th->top = funcIdx + 1 + uint32_t(nargs);
                // Resolve __call while this frame still names the callee in errors.
                for (int chain = 0;; chain++) {
                    Value fn = th->stack[funcIdx];
                    if (fn.isFunction()) break;
                    Value tm = getMetamethod(vm, fn, Metamethod::Call);
                    if (tm.isNil()) EXIT(callError(ex, th, fn));
                    if (chain >= kMaxCallChain) EXIT(callChainError(ex, th));
                    SAVE_STATE();
                    ensureStack(vm, th, 1 + kExtraSlots);
                    Value* s = th->stack;
                    for (int k = nargs; k >= 0; k--)
                        s[funcIdx + 1 + uint32_t(k)] = s[funcIdx + uint32_t(k)];
                    s[funcIdx] = tm;
                    nargs++;
                    th->top++;
                }
                if (th->stack[funcIdx].tag != Tag::LuaClosure) {
                    // A host function runs as an ordinary call while this frame
                    // stays (its errors name this function's line, as in lua5.4);
                    // the RETURN that follows every TAILCALL returns its results.
                    NEXT_STEP(precall(ex, th, funcIdx, nargs, -1, ReturnAction::Normal));
                }
                closeUpvaluesImpl(vm, th, f->base);
                uint32_t dst = f->func;
                int nres = f->nresults;
                ReturnAction act = f->onReturn;
                Value* s = th->stack;
                for (int k = 0; k <= nargs; k++)
                    s[dst + uint32_t(k)] = s[funcIdx + uint32_t(k)];
                th->top = dst + 1 + uint32_t(nargs);
                ThreadState& ts = threadState(th);
                th->numFrames--;
                if (isCLevel(act)) ts.cDepth--;
                if (act == ReturnAction::Boundary) ts.boundaries--;
                uint32_t newIndex = th->numFrames;
                ex.left = left + reserve;
                Next n = precall(ex, th, dst, nargs, nres, act);
                if (th->numFrames > newIndex && th->frames[newIndex].func == dst) {
                    th->frames[newIndex].flags |= kFrameTailCall;
                }
                STEP_RESULT(n);
            }
            CASE(RETURN) {
                unsigned b = getB(i);
                int n = b ? int(b) - 1 : int(th->top - (f->base + A));
                if (hasOpenUpvaluesAbove(th, f->base)) closeUpvaluesImpl(vm, th, f->base);
                if (hasTbcAbove(th, f->base)) {
                    ThreadState& ts = threadState(th);
                    uint32_t idx = ts.tbc[--ts.tbcCount];
                    Value v = th->stack[idx];
                    Value tm = getMetamethod(vm, v, Metamethod::Close);
                    if (tm.isNil()) {
                        f->pc = pc - 1; // re-run RETURN for the next variable
                        ex.left = left + reserve;
                        goto reload;
                    }
                    uint32_t savedTop = b ? f->top : th->top;
                    f->savedTop = savedTop;
                    uint32_t slot = std::max(savedTop, f->top);
                    NEXT_STEP(pushMetaCall(ex, th, tm, v, Value(), 2, Value(), slot));
                }
                NEXT_STEP(deliverReturn(ex, th, f->base + A, n));
            }
            CASE(RETURN0)
            CASE(RETURN1) {
                if (hasOpenUpvaluesAbove(th, f->base)) closeUpvaluesImpl(vm, th, f->base);
                int n = getOp(i) == Op::RETURN1 ? 1 : 0;
                if (f->onReturn == ReturnAction::Normal) {
                    // Fast path: back into the calling Lua frame.
                    uint32_t dst = f->func;
                    int wanted = f->nresults;
                    Value* s = th->stack;
                    if (n) s[dst] = R[A];
                    for (int k = n; k < wanted; k++)
                        s[dst + uint32_t(k)] = Value();
                    th->numFrames--;
                    f = &th->frames[th->numFrames - 1];
                    th->top = wanted < 0 ? dst + uint32_t(n) : f->top;
                    cl = f->closure;
                    pc = f->pc;
                    R = s + f->base;
                    K = cl->proto->constants;
                    NEXT();
                }
                NEXT_STEP(deliverReturn(ex, th, f->base + A, n));
            }
            CASE(FORPREP) {
                Value init = R[A], limit = R[A + 1], step = R[A + 2];
                if (init.tag == Tag::Int && step.tag == Tag::Int) {
                    if (step.i == 0) EXIT(luaError(ex, "'for' step is zero"));
                    Value lim;
                    if (!toNumberCoerce(limit, lim)) {
                        EXIT(luaError(ex, "bad 'for' limit (number expected, got " +
                                              objTypeName(vm, limit) + ")"));
                    }
                    IntegerForLoop lp =
                        lim.tag == Tag::Int
                            ? prepareIntegerForLoop(init.i, lim.i, step.i)
                            : prepareIntegerForLoopWithFloatLimit(init.i, lim.n, step.i);
                    if (!lp.runs) {
                        pc += getBx(i) + 1;
                        NEXT();
                    }
                    R[A + 1] = Value::integer(Integer(lp.remaining));
                    R[A + 3] = init;
                    NEXT();
                }
                Value vi, vl, vs;
                if (!toNumberCoerce(limit, vl))
                    EXIT(luaError(ex, "bad 'for' limit (number expected, got " +
                                          objTypeName(vm, limit) + ")"));
                if (!toNumberCoerce(step, vs))
                    EXIT(luaError(ex, "bad 'for' step (number expected, got " +
                                          objTypeName(vm, step) + ")"));
                if (!toNumberCoerce(init, vi))
                    EXIT(luaError(ex, "bad 'for' initial value (number expected, got " +
                                          objTypeName(vm, init) + ")"));
                Number ni = vi.asNumber(), nl = vl.asNumber(), ns = vs.asNumber();
                if (ns == 0) EXIT(luaError(ex, "'for' step is zero"));
                if (!floatForLoopContinues(ni, nl, ns)) {
                    pc += getBx(i) + 1;
                    NEXT();
                }
                R[A] = Value::number(ni);
                R[A + 1] = Value::number(nl);
                R[A + 2] = Value::number(ns);
                R[A + 3] = Value::number(ni);
                NEXT();
            }
            CASE(FORLOOP) {
                // Whole tagged values are stored (never bare payloads): a crafted binary chunk
                // could jump here with anything in R[A..A+2], and a garbage number is harmless
                // where a half-overwritten object pointer is not.
                if (R[A].tag == Tag::Int) {
                    uint64_t remaining = uint64_t(R[A + 1].i);
                    if (remaining > 0) {
                        R[A + 1] = Value::integer(Integer(remaining - 1));
                        Integer v = wrapAdd(R[A].i, R[A + 2].i);
                        R[A] = Value::integer(v);
                        R[A + 3] = Value::integer(v);
                        pc -= getBx(i);
                    }
                } else {
                    Number v = R[A].n + R[A + 2].n;
                    if (floatForLoopContinues(v, R[A + 1].n, R[A + 2].n)) {
                        R[A] = Value::number(v);
                        R[A + 3] = Value::number(v);
                        pc -= getBx(i);
                    }
                }
                NEXT();
            }
            CASE(TFORPREP) {
                Value v = R[A + 3];
                if (!v.isFalsy()) {
                    if (getMetamethod(vm, v, Metamethod::Close).isNil()) {
                        EXIT(luaError(ex, "variable '(for state)' got a non-closable value"));
                    }
                    SAVE_STATE();
                    addTbc(vm, th, f->base + A + 3);
                }
                pc += getBx(i);
                NEXT();
            }
            CASE(TFORCALL) {
                R[A + 4] = R[A];
                R[A + 5] = R[A + 1];
                R[A + 6] = R[A + 2];
                th->top = f->base + A + 7;
                NEXT_STEP(precall(ex, th, f->base + A + 4, 2, int(getC(i)), ReturnAction::Normal));
            }
            CASE(TFORLOOP)
            if (!R[A + 4].isNil()) {
                R[A + 2] = R[A + 4];
                pc -= getBx(i);
            }
            NEXT();
            CASE(SETLIST) {
                unsigned n = getB(i);
                uint64_t block = getC(i);
                if (block == 255) {
                    block = getAx(*pc);
                    pc++;
                    f->pc = pc;
                }
                if (n == 0) n = th->top - (f->base + A) - 1;
                SAVE_STATE();
                // Compiled code only emits SETLIST on a fresh table; a crafted binary chunk may
                // not.
                if (!R[A].isTable())
                    EXIT(luaError(ex, "malformed binary chunk (SETLIST on a non-table)"));
                Table* t = R[A].asTable();
                Integer first = Integer(block * kFieldsPerFlush) + 1;
                uint64_t last = uint64_t(first) + n - 1;
                if (n > 0 && last > t->arraySize && last <= (1u << 26)) {
                    tableResize(vm, t, uint32_t(last), tableNodeCount(t));
                    R = th->stack + f->base;
                }
                for (unsigned k = 1; k <= n; k++) {
                    tableSetInt(vm, t, first + Integer(k) - 1, R[A + k]);
                }
                ALLOC_GC_POINT();
            }
            CASE(CLOSURE) {
                SITE();
                const Proto* p = cl->proto->protos[getBx(i)];
                unsigned nup = p->numUpvalues;
                LuaClosure* ncl =
                    newObject<LuaClosure>(vm, Tag::LuaClosure, nup * sizeof(Upvalue*));
                ncl->proto = const_cast<Proto*>(p);
                ncl->numUpvalues = uint16_t(nup);
                Upvalue** ups = ncl->upvalues();
                for (unsigned k = 0; k < nup; k++)
                    ups[k] = nullptr;
                R[A] = Value::object(ncl); // anchor before allocating upvalues
                for (unsigned k = 0; k < nup; k++) {
                    const UpvalueDesc& d = p->upvalues[k];
                    Upvalue* uv = d.inParentStack ? findUpvalue(vm, th, f->base + d.index)
                                                  : cl->upvalues()[d.index];
                    ups[k] = uv;
                    objectBarrier(vm, ncl, uv);
                }
                ALLOC_GC_POINT();
            }
            CASE(VARARG) {
                uint32_t nvar = f->extra;
                uint32_t from = f->func + 1 + cl->proto->numParams;
                unsigned c = getC(i);
                if (c == 0) {
                    SAVE_STATE();
                    ensureStackTotal(vm, th, uint64_t(f->base) + A + nvar + kExtraSlots);
                    R = th->stack + f->base;
                    for (uint32_t k = 0; k < nvar; k++)
                        R[A + k] = th->stack[from + k];
                    th->top = f->base + A + nvar;
                } else {
                    uint32_t want = c - 1;
                    for (uint32_t k = 0; k < want; k++)
                        R[A + k] = k < nvar ? th->stack[from + k] : Value();
                }
                NEXT();
            }
            CASE(VARARGPREP) NEXT();
            CASE(EXTRAARG) NEXT();
        default:
        op_invalid:
            EXIT(luaError(ex, "invalid instruction"));
        }
    }
}
#undef RELOAD
#undef NEXT_STEP
#undef GC_POINT
#undef ALLOC_GC_POINT
#undef SITE
#undef A
#undef SAVE_STATE
#undef STEP_RESULT
#undef CASE
#undef NEXT
#undef EXIT

// ============================================================================
// [driver]

// The return event of the top host frame, returning the values above it (a
// yield resumed, a call without continuation), is due once.
static bool hostReturnHookDue(Thread* th) {
    ThreadState& ts = threadState(th);
    if (!(ts.hookMask & kHookReturn) || ts.inHook || ts.hostReturnHooked == th->numFrames)
        return false;
    ts.hostReturnHooked = th->numFrames;
    return true;
}

// The work of a host frame on top of the stack: its first invocation after a
// call hook, or its continuation (or its results) after a call it made.
static Next dispatchHost(Exec& ex, Thread* th, CallFrame& f) {
    VM& vm = ex.vm;
    if (f.flags & kFrameYielded) return Next::Yielded; // still waiting for the host
    if (f.flags & kFramePendingInvoke) {
        f.flags &= uint8_t(~kFramePendingInvoke);
        return invokeHost(ex, th, th->numFrames - 1, false);
    }
    if (f.flags & kFrameContinue) {
        if (f.continuation) return invokeHost(ex, th, th->numFrames - 1, true);
        // No continuation: the values above (resume values) are the results.
        if (hostReturnHookDue(th)) return callHook(ex, th, "return", -1);
        threadState(th).hostReturnHooked = 0;
        f.flags &= uint8_t(~kFrameContinue);
        int n = f.yieldCount >= 0 ? f.yieldCount : int(th->top - (f.calleeIndex + 1));
        return deliverReturn(ex, th, th->top - uint32_t(n), n);
    }
    th->errorValue = Value::object(internString(vm, "internal error: host frame without work"));
    return Next::Error;
}

static Next dispatchTop(Exec& ex) {
    Thread* th = ex.vm.current;
    if (th->numFrames == 0) return Next::Failed;
    CallFrame& f = th->frames[th->numFrames - 1];
    if (f.isLua()) return runLua(ex, ex.left, 0);
    return dispatchHost(ex, th, f);
}

static ExecStatus drive(Exec& ex, Next n) {
    for (;;) {
        try {
            for (;;) {
                switch (n) {
                case Next::Dispatch: n = dispatchTop(ex); break;
                case Next::Error: n = handleError(ex); break;
                case Next::Unwind: n = continueUnwind(ex); break;
                case Next::Paused: syncCount(ex); return ExecStatus::Paused;
                case Next::Finished: syncCount(ex); return ExecStatus::Finished;
                case Next::Yielded: syncCount(ex); return ExecStatus::Yielded;
                case Next::Failed: syncCount(ex); return ExecStatus::Error;
                }
            }
        } catch (const LuaError&) {
            n = Next::Error;
        }
    }
}

// The host function under which every call from the host runs (beginCall),
// as lua.c runs its chunks from a C function: debug.getinfo, debug.getlocal
// and tracebacks see that C level below the called function ("[C]: in ?").
static int hostEntryDone(VM&, HostCall& call) {
    return int(call.thread->top - call.calleeIndex);
}
static int hostEntry(VM&, HostCall& call) {
    call.calleeIndex = call.base; // the called function, its arguments after it
    call.wantResults = -1;
    call.continuation = hostEntryDone;
    call.status = 0;
    return kHostCallK;
}

// Puts hostEntry below the function at funcIndex and its arguments.
static void insertHostEntry(VM& vm, Thread* th, uint32_t funcIndex) {
    ensureStackTotal(vm, th, uint64_t(th->top) + 1 + kHostMinStack);
    Value* s = th->stack;
    for (uint32_t k = th->top; k > funcIndex; k--)
        s[k] = s[k - 1];
    s[funcIndex] = Value::hostFunction(hostEntry);
    th->top++;
}

bool beginCall(VM& vm, uint32_t funcIndex, int nresults) {
    InterpVMState& st = vmState(vm);
    st.pendingStart = true;
    st.pendingFunc = funcIndex;
    st.pendingResults = nresults;
    return true;
}

ExecStatus execute(VM& vm, uint64_t budget) {
    Exec ex{vm, budget, budget};
    InterpVMState& st = vmState(vm);
    SliceScope scope(st, &ex);
    if (st.memoryErrorRaised) collectAfterMemoryError(vm);
    st.hasNestedTraceback = false;
    Next n = Next::Dispatch;
    if (st.pendingStart) {
        st.pendingStart = false;
        Thread* th = vm.current;
        try {
            insertHostEntry(vm, th, st.pendingFunc);
            n = precall(ex, th, st.pendingFunc, int(th->top - st.pendingFunc) - 1,
                        st.pendingResults, ReturnAction::Boundary);
        } catch (const LuaError&) {
            n = Next::Error;
        }
        if (n == Next::Error && th->numFrames == 0) {
            // The call could not even start (not callable): no frame to unwind.
            st.lastTraceback = "stack traceback:\n\t[C]: in ?";
            return ExecStatus::Error;
        }
    }
    return drive(ex, n);
}

// Unwinds th down to frame count n after a nested call was abandoned.
static void abandonNested(VM& vm, Thread* th, uint32_t frames, uint32_t top) {
    // Any coroutine resumed inside the abandoned call is left dead.
    Thread* cur = vm.current;
    while (cur && cur != th) {
        ThreadState& cs = threadState(cur);
        cur->status = ThreadStatus::Error;
        Thread* r = cs.resumer;
        cs.resumer = nullptr;
        cur = r;
    }
    vm.current = th;
    th->status = ThreadStatus::Running;
    popFramesTo(th, frames);
    closeUpvaluesImpl(vm, th, top);
    ThreadState& ts = threadState(th);
    while (ts.tbcCount > 0 && ts.tbc[ts.tbcCount - 1] >= top)
        ts.tbcCount--;
    ts.unwinding = false;
    ts.handlerCalled = false;
    ts.handlerReturned = false;
    th->top = top;
}

void abandonExecution(VM& vm) {
    Thread* th = vm.mainThread;
    abandonNested(vm, th, 0, 0);
    ThreadState& ts = threadState(th);
    ts.tbcCount = 0;
    ts.cDepth = kHostCLevels;
    ts.boundaries = 0;
    ts.inHook = false;
    vmState(vm).pendingStart = false;
    vmState(vm).waitingForMessage = false;
}

// The budget of a nested call: what is left of the host's run() slice plus a
// fixed hard cap (the only instructions a run() can overrun its budget by); a
// call nested in a nested call shares its parent's budget.
static uint64_t nestedCallBudget(VM& vm, const Exec* outer) {
    uint64_t cap = vmState(vm).nestedBudget ? vmState(vm).nestedBudget : kNestedCallCap;
    if (!outer) return cap;
    if (outer->nested) return std::max<uint64_t>(outer->left, 1);
    return outer->left > UINT64_MAX - cap ? UINT64_MAX : outer->left + cap;
}

// The instructions a nested call ran count against the slice that called it.
static void chargeOuterSlice(Exec* outer, uint64_t used) {
    if (!outer) return;
    uint64_t charge = std::min(used, outer->left);
    outer->left -= charge;
    outer->unsynced -= charge;
}

// "'__gc' metamethod" when fn is args[0]'s metamethod for some event, else
// the function as a traceback names it: what ran out of budget.
static std::string nestedCallName(VM& vm, Value fn, const Value* args, int nargs) {
    if (nargs > 0) {
        for (int e = 0; e < int(Metamethod::Count); e++) {
            if (rawEquals(getMetamethod(vm, args[0], Metamethod(e)), fn)) {
                return "'" + std::string(view(vm.metamethodNames[e])) + "' metamethod";
            }
        }
    }
    if (fn.tag == Tag::LuaClosure) {
        const Proto* p = fn.asLuaClosure()->proto;
        return "function <" + sourceId(p) + ":" + std::to_string(p->lineDefined) + ">";
    }
    return "a host function";
}

uint64_t nonPausableBudget(VM& vm) {
    return nestedCallBudget(vm, static_cast<Exec*>(vmState(vm).slice));
}

void chargeBudget(VM& vm, uint64_t units) {
    chargeOuterSlice(static_cast<Exec*>(vmState(vm).slice), units);
}

int callNested(VM& vm, Value fn, const Value* args, int nargs, int nresults, uint64_t budget) {
    Thread* th = vm.current;
    ThreadState& ts = threadState(th);
    if (ts.cDepth >= kMaxCDepth) raiseError(vm, topPositionedMessage(vm, th, "C stack overflow"));
    uint32_t funcIdx = th->top;
    uint32_t frames = th->numFrames;
    ensureStack(vm, th, uint32_t(nargs) + 1 + kHostMinStack);
    th->stack[th->top++] = fn;
    for (int k = 0; k < nargs; k++)
        th->stack[th->top++] = args[k];
    th->hostDepth++;
    InterpVMState& vs = vmState(vm);
    Exec* outer = static_cast<Exec*>(vs.slice);
    if (budget == 0) budget = nestedCallBudget(vm, outer);
    Exec ex{vm, budget, budget, true};
    ExecStatus st;
    {
        SliceScope scope(vs, &ex);
        Next n;
        try {
            n = precall(ex, th, funcIdx, nargs, nresults, ReturnAction::Boundary);
        } catch (const LuaError&) {
            n = Next::Error;
        }
        st = n == Next::Error && th->numFrames == frames ? ExecStatus::Error : drive(ex, n);
    }
    chargeOuterSlice(outer, budget - ex.left);
    th->hostDepth--;
    switch (st) {
    case ExecStatus::Finished: return int(th->top - funcIdx);
    case ExecStatus::Error: {
        Value err = vm.current->errorValue;
        abandonNested(vm, th, frames, funcIdx);
        th->errorValue = err;
        throw LuaError{};
    }
    case ExecStatus::Paused: {
        abandonNested(vm, th, frames, funcIdx);
        std::string what = nestedCallName(vm, fn, args, nargs);
        raiseError(vm, positionedMessage(vm, "instruction limit exceeded in " + what +
                                                 " (a call that cannot be paused)"));
    }
    case ExecStatus::Yielded:
        abandonNested(vm, th, frames, funcIdx);
        raiseError(vm, positionedMessage(vm, "attempt to yield across a C-call boundary"));
    }
    return 0;
}

// ============================================================================
// [debug]

const CallFrame* frameAtLevel(Thread* th, int level) {
    int fi = frameIndexAtLevel(th, level);
    return fi < 0 ? nullptr : &th->frames[fi];
}

int frameIndexAtLevel(Thread* th, int level) {
    int fi = int(th->numFrames) - 1 - level;
    return fi >= 0 && level >= 0 ? fi : -1;
}

// Name of a global function (package.loaded.X.name), as PUC's traceback finds it.
static bool globalFunctionName(VM& vm, const Value& fn, std::string& out) {
    if (!vm.registry) return false;
    String* key = internString(vm, "_LOADED");
    const Value* loaded = tableGetStr(vm.registry, key);
    if (!loaded->isTable()) return false;
    Value mk, mv;
    bool invalid = false;
    while (tableNext(loaded->asTable(), mk, mv, invalid)) {
        if (!mk.isString() || !mv.isTable()) continue;
        Value k, v;
        bool inv = false;
        while (tableNext(mv.asTable(), k, v, inv)) {
            if (k.isString() && rawEquals(v, fn)) {
                std::string mod(view(mk.asString()));
                std::string name(view(k.asString()));
                out = mod == "_G" ? name : mod + "." + name;
                return true;
            }
        }
    }
    return false;
}

void frameFunctionName(VM& vm, Thread* th, int fi, std::string& namewhat, std::string& name) {
    (void)vm;
    namewhat.clear();
    name.clear();
    if (fi <= 0) return;
    const CallFrame& f = th->frames[fi];
    if (f.flags & kFrameTailCall) return;
    const CallFrame& caller = th->frames[fi - 1];
    if (!caller.isLua()) return;
    if (f.onReturn != ReturnAction::Normal && f.onReturn != ReturnAction::FinishOp) return;
    FunctionName n = describeCalledFunction(caller.closure->proto, pcIndex(caller));
    namewhat = n.namewhat;
    name = n.name;
}

static std::string frameDescription(VM& vm, Thread* th, int fi) {
    const CallFrame& f = th->frames[fi];
    Value fn = th->stack[f.func];
    std::string gname;
    if (f.onReturn != ReturnAction::CoroutineEnd && globalFunctionName(vm, fn, gname)) {
        return "function '" + gname + "'";
    }
    std::string namewhat, name;
    frameFunctionName(vm, th, fi, namewhat, name);
    if (!namewhat.empty()) return namewhat + " '" + name + "'";
    if (f.isLua()) {
        const Proto* p = f.closure->proto;
        if (p->lineDefined == 0) return "main chunk";
        return "function <" + sourceId(p) + ":" + std::to_string(p->lineDefined) + ">";
    }
    return "?";
}

std::string traceback(VM& vm, Thread* th, int level) {
    std::string out = "stack traceback:";
    int top = int(th->numFrames) - level; // frame index of the first shown level
    int count = top + 1;
    const int kLevels1 = 10, kLevels2 = 11;
    for (int k = 0; k < count; k++) {
        if (count > kLevels1 + kLevels2 + 1 && k == kLevels1) {
            // lua5.4 shows the first 10 and the last 11 levels; the "..."
            // line stands in for one hidden level that its count leaves out.
            int hidden = count - kLevels1 - kLevels2;
            out += "\n\t...\t(skipping " + std::to_string(hidden - 1) + " levels)";
            k += hidden - 1;
            continue;
        }
        int fi = top - k;
        const CallFrame& f = th->frames[fi];
        out += "\n\t";
        if (f.isLua()) {
            out += sourceId(f.closure->proto) + ":" + std::to_string(frameCurrentLine(f)) + ":";
        } else {
            out += "[C]:";
        }
        out += " in " + frameDescription(vm, th, fi);
        if (f.flags & kFrameTailCall) out += "\n\t(...tail calls...)";
    }
    return out;
}

const std::string& lastErrorTraceback(VM& vm) {
    return vmState(vm).lastTraceback;
}

// ============================================================================
// [hooks] (setHook/getHook; the events fire from traceInstruction, callHook's callers)

void setHook(VM& vm, Thread* th, Value fn, int mask, int count) {
    ThreadState& ts = threadState(th);
    ts.hookMask = fn.isNil() ? 0 : uint8_t(mask);
    ts.hookCount = count;
    ts.hookCounter = count;
    ts.lastDepth = -1; // the next line event compares with the instruction that set the hook
    ts.resumedPc = nullptr;
    String* key = internString(vm, "tricolor.hooks");
    const Value* hooks = tableGetStr(vm.registry, key);
    Table* t;
    if (hooks->isTable()) {
        t = hooks->asTable();
    } else {
        t = newTable(vm);
        tableSetStr(vm, vm.registry, key, Value::object(t));
    }
    tableSet(vm, t, Value::object(th), fn);
}

void getHook(VM& vm, Thread* th, Value& fn, int& mask, int& count) {
    ThreadState& ts = threadState(th);
    mask = ts.hookMask;
    count = ts.hookCount;
    fn = Value();
    const Value* hooks = tableGetStr(vm.registry, internString(vm, "tricolor.hooks"));
    if (hooks->isTable()) fn = *tableGet(hooks->asTable(), Value::object(th));
}

void interpInit(VM& vm) {
    Thread* th = newThread(vm);
    vm.mainThread = th;
    vm.current = th;
    th->status = ThreadStatus::Running;
    ThreadState& ts = threadState(th);
    ts.cDepth = kHostCLevels;
    void* mem = memAlloc(vm, sizeof(InterpVMState));
    ts.vmState = new (mem) InterpVMState();
}

} // namespace tricolor
