// interp.h — the interpreter: call frames, the run loop, calls and returns,
// metamethod dispatch, errors, to-be-closed variables, coroutines and hooks.
//
// Shape of execution. Every thread (the main thread and each coroutine) owns a
// value stack and an array of CallFrames. A Lua->Lua call pushes a frame and
// the SAME loop iteration continues in the callee: the C++ stack never grows
// with Lua recursion. Metamethods (__index, __add, __lt, __concat, __close...)
// run as ordinary frames too; when such a frame returns, the interrupted
// instruction of the caller is finished (its result stored, its conditional
// jump applied, the rest of a CONCAT done, the next __close called). So every
// instruction can be paused by the budget and resumed, even inside a
// metamethod, and a coroutine can yield from anywhere.
//
// Host (C++) functions run synchronously, but the ones that call Lua return
// kHostCallK (host.h) instead of waiting on the C++ stack: the interpreter
// runs the callee as a frame and calls the continuation afterwards. pcall and
// xpcall are such host functions whose frame is marked protected.
//
// Errors travel on the return path: the failing instruction stores the error
// value in Thread::errorValue and the loop unwinds to the nearest protected
// frame (running an xpcall message handler first, then every pending __close
// with the error object, each as a resumable frame). LuaError thrown by the
// raise* helpers (memory errors, library argument checks) is caught around
// host calls and allocating instructions and joins the same unwinding.
//
// Coroutines switch by changing vm.current inside the same loop: resume moves
// the arguments to the coroutine's stack and continues there; yield moves the
// values back and continues in the resumer. No longjmp, no C++ throw.
//
// Invariants:
//   - frames[numFrames-1] is the running frame of a thread; frame indices and
//     stack indices (never pointers) are stored across anything that can
//     grow the stack or the frame array.
//   - every live value of a Lua frame is below thread->top at a safe point
//     (gcCheck); registers of a new Lua frame above its arguments are nil.
//   - open upvalues point into the stack; growing the stack fixes them up.
//   - nested host->Lua calls (callNested) are bounded: C++ depth (kMaxCDepth)
//     and an instruction budget (the caller's run() slice plus a hard cap);
//     they cannot be yielded across or paused.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/host.h"
#include "core/object.h"
#include "core/vm.h"

namespace tricolor {

// What happens to a frame's results when it returns.
enum class ReturnAction : uint8_t {
    Normal,       // CALL/TFORCALL: results to the function slot, caller continues
    FinishOp,     // metamethod: the caller's interrupted instruction is finished
    HostK,        // callee of a kHostCallK: the caller's continuation runs
    Boundary,     // entry frame of run()/callNested(): returning leaves the loop
    CoroutineEnd, // bottom frame of a coroutine: results go to the resumer
    ErrorClose,   // __close called while unwinding an error: unwinding goes on
    ErrorHandler, // xpcall message handler: its result becomes the error value
    Hook,         // hook function: results dropped, execution resumes
};

enum FrameFlags : uint8_t {
    kFrameLua = 1 << 0,           // a Lua function (else a host function)
    kFrameTailCall = 1 << 1,      // reached by a tail call ("(...tail calls...)")
    kFrameProtected = 1 << 2,     // host frame waiting for a protected callee (pcall)
    kFrameHandler = 1 << 3,       // ... with a message handler at argument 2 (xpcall)
    kFrameYielded = 1 << 4,       // host frame that yielded; resumed values are its results
    kFrameHookCalled = 1 << 5,    // the call hook of this frame ran
    kFrameContinue = 1 << 6,      // host frame: run its continuation (or return its values) next
    kFramePendingInvoke = 1 << 7, // host frame: its call hook ran, the function runs next
};

struct CallFrame {
    LuaClosure* closure;   // Lua frames: the running closure
    const Instruction* pc; // Lua frames: the next instruction
    uint32_t func;         // stack index of the function slot (results go here)
    uint32_t base;         // Lua: register 0; host: argument 1
    uint32_t top;          // Lua: base + maxStackSize
    uint32_t mmSlot;       // stack index where a pending metamethod call was pushed
    int32_t nresults;      // results wanted by the caller (-1: all)
    uint32_t extra;        // Lua: varargs count
    uint32_t concatLeft;   // Lua: values left to concatenate by an interrupted CONCAT
    uint32_t savedTop;     // Lua: top to restore when an interrupted RETURN resumes
    ReturnAction onReturn;
    uint8_t flags;
    // Host frames: the function and its HostCall state across kHostCallK/yield.
    int32_t nargs;
    HostFn fn;
    HostFn continuation;
    intptr_t context;
    uint32_t calleeIndex;
    uint32_t status;
    int32_t wantResults;
    int32_t yieldCount;
    Value* upvalues;
    uint16_t numUpvalues;

    bool isLua() const { return flags & kFrameLua; }
};

// HostCall::status values seen by continuations.
constexpr uint32_t kCallOk = 0;
constexpr uint32_t kCallError = 1; // protected callee failed: the error value was pushed
// Set in HostCall::status before returning kHostCallK to make the call protected.
constexpr uint32_t kCallProtect = 1u << 8;
// ... and with the message handler in argument slot 2 (xpcall).
constexpr uint32_t kCallProtectHandler = 1u << 9;
// Internal signal of coroutine.resume / wrap: resume the coroutine at stack
// index calleeIndex with the values above it, then run the continuation.
constexpr int kHostResume = -4;

constexpr uint32_t kMaxStackSlots = 1000000; // "stack overflow" beyond this (as LUAI_MAXSTACK)
constexpr uint32_t kMaxFrames = 250000;      // frames per thread ("stack overflow")
constexpr int kMaxCDepth = 200;              // nested C-level calls ("C stack overflow")

// Hook event mask bits (debug.sethook).
enum HookMask : uint8_t { kHookCall = 1, kHookReturn = 2, kHookLine = 4, kHookCount = 8 };

// --- Threads -----------------------------------------------------------------

// A new thread with an empty stack (status Suspended, no frames).
Thread* newThread(VM& vm);
// Makes room for n more slots above top (may raise "stack overflow"/memory).
void ensureStack(VM& vm, Thread* th, uint32_t n);
// Pushes a value on th's stack.
void pushValue(VM& vm, Thread* th, Value v);

// --- Execution ----------------------------------------------------------------

enum class ExecStatus : uint8_t { Finished, Paused, Yielded, Error };

// Starts a call of stack[funcIndex](args up to top) on the current thread; the
// call runs when execute() is called, under a host function (the Boundary
// frame, as lua.c runs its chunks from a C function: debug.getinfo and
// tracebacks show that C level, "[C]: in ?"). Returns false on an immediate
// error (error value in the thread's errorValue).
bool beginCall(VM& vm, uint32_t funcIndex, int nresults);
// Runs the current thread until the innermost Boundary frame returns
// (Finished: results from its function slot to top), the budget is used up
// (Paused), the main thread yields to the host (Yielded), or an error escapes
// (Error: the error value in mainThread->errorValue; traceback captured).
ExecStatus execute(VM& vm, uint64_t budget);

// Calls fn(args...) synchronously from host code, for places that cannot use
// kHostCallK (finalizers, closing a thread). Results (nresults of them, or
// all when -1) are pushed on the current thread's stack; returns their count.
// Errors are raised as LuaError (the value in the current thread's
// errorValue). Bounded by kMaxCDepth and by `budget` instructions; 0 (the
// default) means what is left of the calling run() slice plus a hard cap of
// 10^7 instructions; running past it raises "instruction limit exceeded in
// '__gc' metamethod (a call that cannot be paused)" (naming what ran).
int callNested(VM& vm, Value fn, const Value* args, int nargs, int nresults, uint64_t budget = 0);

// Work a host function may do without pausing (pattern matching steps, for
// example), counted like instructions: what is left of the running run()
// slice plus the nested-call hard cap (10^7). chargeBudget() takes the work
// done from the slice (it then pauses at its next instruction when spent).
uint64_t nonPausableBudget(VM& vm);
void chargeBudget(VM& vm, uint64_t units);

// Drops every frame of the main thread and of the coroutines running on top
// of it (no __close handlers run); leaves the main thread idle with an empty stack.
void abandonExecution(VM& vm);

// Closes open upvalues at or above stack index `level` of thread th.
void closeUpvalues(VM& vm, Thread* th, uint32_t level);

// --- Errors and debug information -------------------------------------------

// "chunk:line:" of the Lua function `level` frames below the running host
// function (level 1 = its caller), or "" (luaL_where).
std::string whereString(VM& vm, int level);
// "chunk:line: msg" as a string Value (for runtime errors).
Value positionedMessage(VM& vm, const std::string& msg);
// The traceback of thread th from frame level `level` (1 = top), in lua5.4's
// format, starting with "stack traceback:".
std::string traceback(VM& vm, Thread* th, int level);
// The traceback captured when the last error escaped execute().
const std::string& lastErrorTraceback(VM& vm);
// The type name PUC uses in messages: __name of the metatable when it is a string.
std::string objTypeName(VM& vm, const Value& v);

// Frame introspection for the debug library. Level 0 = the running host
// function (when called from one), 1 = its caller, ... Returns null past the end.
const CallFrame* frameAtLevel(Thread* th, int level);
int frameIndexAtLevel(Thread* th, int level);
// Current source line of a Lua frame, -1 for host frames.
int frameCurrentLine(const CallFrame& f);
// Function name of frame index fi of th as {namewhat, name} (may be empty).
void frameFunctionName(VM& vm, Thread* th, int fi, std::string& namewhat, std::string& name);

// --- Hooks --------------------------------------------------------------------

// Installs a hook on th: the hook function value is kept in the registry
// (key "tricolor.hooks"), mask is a HookMask combination, count for kHookCount.
void setHook(VM& vm, Thread* th, Value fn, int mask, int count);
void getHook(VM& vm, Thread* th, Value& fn, int& mask, int& count);

// --- Libraries -----------------------------------------------------------------

// Registers pcall, xpcall, error, load, loadfile, dofile in globals and the
// `coroutine` library (lib_corobase.cpp).
void openInterpLib(VM& vm);

// Host functions of the base library implemented here (for tests).
int basePcall(VM& vm, HostCall& call);
int baseError(VM& vm, HostCall& call);

// Creates the main thread's interpreter state (vm.cpp calls it).
void interpInit(VM& vm);

} // namespace tricolor
