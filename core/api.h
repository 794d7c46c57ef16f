// api.h — the embedding API: what the CLI, the tests, the web page and the
// visualizer use to drive a VM.
//
// Model. The main thread's stack doubles as the API stack: while no call is
// running, the values pushed here sit at its bottom. A typical run:
//
//     VM* vm = vmCreate(options);          // then openStdlib(*vm)
//     if (!loadString(*vm, src, "=main", err)) ...   // pushes the function
//     startCall(*vm, 0);                   // function + 0 arguments
//     RunStatus s;
//     while ((s = run(*vm, 100000)) == RunStatus::Paused) { /* draw a frame */ }
//     if (s == RunStatus::Error) show(errorMessage(*vm), errorTraceback(*vm));
//
// run() executes at most `budget` instructions and can be called again to
// continue exactly where it stopped. When the call finishes, its results
// replace the function and arguments on the API stack; on error the error
// value does. A host function running on the main thread may yield to the
// host (kHostYield): run() returns Yielded (or WaitingForMessage), and
// resumeCall() hands values back.
//
// Invariants: exactly one call runs at a time; API stack indices are 1-based
// from the bottom, negative from the top (as in the C API).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/object.h"
#include "core/vm.h"

namespace tricolor {

VM* vmCreate(const VMOptions& options);
// Runs pending finalizers (as lua_close does) and frees everything.
void vmDestroy(VM* vm);

enum class RunStatus : uint8_t {
    Finished,          // the call returned; results are on the API stack
    Paused,            // the budget ran out; call run() again
    Yielded,           // a host function yielded to the host; resumeCall() continues
    WaitingForMessage, // same, and the VM waits for a message (see setWaitingForMessage)
    Error,             // the call failed; the error value is on the API stack
    Idle,              // no call was started
};

// --- Stack --------------------------------------------------------------------
int stackSize(VM& vm);
void push(VM& vm, Value v);
void pushString(VM& vm, std::string_view s);
Value stackValue(VM& vm, int index); // nil when out of range
void pop(VM& vm, int n);
// Sets globals[name] = value / reads it.
void setGlobal(VM& vm, std::string_view name, Value v);
Value getGlobal(VM& vm, std::string_view name);

// --- Loading -----------------------------------------------------------------
// Compiles source text and pushes the function; on a syntax error pushes
// nothing, sets `error` (lua5.4's message) and returns false.
bool loadString(VM& vm, std::string_view source, std::string_view chunkName, std::string& error);
// Same for a file ("@path" chunk name; a first line starting with '#' is skipped).
bool loadFile(VM& vm, const std::string& path, std::string& error);

// --- Running -----------------------------------------------------------------
// Starts calling the function below the top `nargs` values (results: all when
// nresults is -1). Nothing runs until run().
void startCall(VM& vm, int nargs, int nresults = -1);
RunStatus run(VM& vm, uint64_t budget);
bool isRunning(VM& vm);
// After Yielded: the top `nvalues` pushed values become the results of the
// yielding host function; then call run() again.
void resumeCall(VM& vm, int nvalues);
// Called by a host function just before it returns kHostYield to wait for a
// message: run() then reports WaitingForMessage.
void setWaitingForMessage(VM& vm);
// Abandons the running call (the page's Stop button): every frame of the
// main thread and of the coroutines it resumed is dropped WITHOUT running
// __close handlers, the API stack is emptied and the VM is Idle again.
void abortCall(VM& vm);
// Source position of the innermost Lua function ("chunk", line): the line of
// the instruction it will execute next (where a paused program stands), for
// highlighting the current line; false when no Lua code is running.
bool currentPosition(VM& vm, std::string& chunk, int& line);

// --- Errors ------------------------------------------------------------------
// The error value of the last failed run as lua.c prints it: a string or a
// number as it is, else the string its __tostring returns (then
// *fromToString is set: lua.c prints no traceback for it), else
// "(error object is a X value)".
std::string errorMessage(VM& vm, bool* fromToString = nullptr);
// The traceback captured where that error was raised ("stack traceback:...").
std::string errorTraceback(VM& vm);

// --- Values --------------------------------------------------------------------
// tostring() of a value (honours __tostring and __name; runs Lua synchronously).
std::string toDisplayString(VM& vm, Value v);

} // namespace tricolor
