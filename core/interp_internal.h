// interp_internal.h — private pieces shared by the interpreter's files
// (interp.cpp, lib_corobase.cpp, api.cpp, vm.cpp). Not for other subsystems.
#pragma once

#include <string>

#include "core/interp.h"
#include "core/memory.h"

namespace tricolor {

// Per-VM interpreter state (hung off the main thread's ThreadState).
struct InterpVMState {
    std::string lastTraceback; // captured when an error escaped execute()
    // Instructions a nested call (callNested) may run beyond the remaining
    // budget of the run() slice that started it; 0: the default (10^7).
    uint64_t nestedBudget = 0;
    void* slice = nullptr; // the innermost running slice (interp.cpp's Exec)
    // A "not enough memory" error was raised: the next safe point (a host
    // function returning, e.g. pcall catching it, or the next execute()) runs
    // a full collection so that the garbage left by the failed work is freed.
    bool memoryErrorRaised = false;
    // The traceback taken where an error left a nested call (callNested) with
    // no pcall below it, while the frames that raised it still existed; used
    // when the same error value then leaves execute().
    bool hasNestedTraceback = false;
    Value nestedTracebackError;
    std::string nestedTraceback;
    static constexpr int kSiteCacheSize = 256;
    struct SiteCacheEntry {
        uint64_t protoId = 0;
        int32_t line = 0;
        uint32_t site = 0;
    } siteCache[kSiteCacheSize];
    bool apiRunning = false;        // api.h: a call is in progress
    bool waitingForMessage = false; // set by a host function before yielding to the host
    // A call prepared by beginCall, started by the next execute().
    bool pendingStart = false;
    uint32_t pendingFunc = 0;
    int pendingResults = -1;
};

// The interpreter's private extension of a Thread (Thread::interp).
struct ThreadState {
    uint32_t* tbc = nullptr; // stack indices of pending to-be-closed variables, ascending
    uint32_t tbcCount = 0;
    uint32_t tbcCapacity = 0;
    Thread* resumer = nullptr; // while running or normal: who resumed this coroutine
    uint16_t cDepth = 0;       // nested C-level calls (metamethods, host->Lua calls)
    uint16_t boundaries = 0;   // Boundary frames on this thread (nested host calls)
    bool isCoroutine = false;
    // Hooks.
    uint8_t hookMask = 0;
    bool inHook = false;
    int hookCount = 0;
    int hookCounter = 0;
    // The line hook's "previous instruction" of the frame at depth lastDepth
    // (interp.cpp [hooks]: a frame seen at another depth was called from or
    // returned to since; -1 after sethook).
    const Instruction* lastPc = nullptr;
    int lastDepth = -1;
    // An instruction dispatched again to finish its work after a metamethod
    // returned (CLOSE, RETURN after __close): no second count or line event.
    const Instruction* resumedPc = nullptr;
    const Instruction* hookPc = nullptr; // instruction whose hooks are being run
    uint8_t hookStage = 0;         // done: 1 call, 2 count, 3 line, 4 return, 5-6 MMBIN count, line
    bool hookSilent = false;       // hookPc is not a dispatched instruction (lua5.4 runs it inline)
    bool hookResumed = false;      // hookPc is resumed (see resumedPc)
    bool hookLineDue = false;      // a line event is due for hookPc
    uint32_t hostReturnHooked = 0; // frame count when the top host frame's return event ran
    const Instruction* inHookLastPc = nullptr; // lastPc, lastDepth inside a hook function
    int inHookLastDepth = -1;
    // Error unwinding in progress (see interp.cpp [errors]).
    bool handlerCalled = false;   // the xpcall message handler was called for this error
    bool handlerReturned = false; // the error value is the handler's result: deliver it
    bool unwinding = false;
    uint32_t unwindFrame = 0;         // the catching (or boundary) frame
    uint32_t unwindLevel = 0;         // stack level being unwound
    InterpVMState* vmState = nullptr; // main thread only
};

inline ThreadState& threadState(Thread* th) {
    return *static_cast<ThreadState*>(th->interp);
}
InterpVMState& vmState(VM& vm);

// Loads a closure from text; nullptr with errorOut set on a syntax error.
LuaClosure* loadClosure(VM& vm, std::string_view source, std::string_view chunkName,
                        std::string& errorOut);

// Resets a thread after its coroutine died with an error / was closed:
// closes its to-be-closed variables (synchronously, with `err`), returns
// false and leaves the new error in errorValue if a __close failed.
bool closeThreadSync(VM& vm, Thread* co, Value err, Value& outError);

} // namespace tricolor
