// vm.cpp — creating and destroying a VM, and the raise* error helpers (vm.h).
//
// Creation order matters: the string table and the collector first (every
// object creation needs them), then the fixed metamethod names and the
// preallocated memory-error message, then the registry, globals and the main
// thread. Destruction runs pending finalizers and frees every object
// (gcFreeAll) before the library state and the string table go away.
#include <cstdarg>
#include <cstdio>
#include <string>

#include "core/gc.h"
#include "core/interp.h"
#include "core/interp_internal.h"
#include "core/memory.h"
#include "core/stdlib.h"
#include "core/string.h"
#include "core/table.h"
#include "core/tm.h"
#include "core/vm.h"

namespace tricolor {

namespace {
constexpr const char* kMemoryErrorMessage = "not enough memory";
}

VM* vmCreate(const VMOptions& options) {
    VM* vm = new VM();
    vm->options = options;
    try {
        stringTableInit(*vm);
        gcInit(*vm);
        initMetamethodNames(*vm);
        gcFix(*vm, internString(*vm, kMemoryErrorMessage));
        gcFix(*vm, internString(*vm, "error in error handling"));
        vm->sites.push_back(AllocSite{nullptr, 0});
        vm->registry = newTable(*vm);
        vm->globals = newTable(*vm);
        interpInit(*vm);
        tableSetInt(*vm, vm->registry, 1, Value::object(vm->mainThread));
        tableSetInt(*vm, vm->registry, 2, Value::object(vm->globals));
    } catch (const LuaError&) {
        delete vm;
        return nullptr;
    }
    return vm;
}

// As lua_close: the main thread's pending to-be-closed variables are closed
// (with a nil error, innermost first) before the finalizers run; their errors
// are dropped.
static void closePendingVariables(VM& vm) {
    Thread* th = vm.mainThread;
    if (!th || !th->interp) return;
    ThreadState& ts = threadState(th);
    vm.current = th;
    while (ts.tbcCount > 0) {
        uint32_t idx = ts.tbc[--ts.tbcCount];
        if (idx >= th->top) th->top = idx + 1;
        Value v = th->stack[idx];
        Value tm = getMetamethod(vm, v, Metamethod::Close);
        if (tm.isNil()) continue;
        Value args[2] = {v, Value()};
        uint32_t top = th->top;
        try {
            callNested(vm, tm, args, 2, 0);
        } catch (const LuaError&) {
        }
        th->top = top;
    }
}

void vmDestroy(VM* vm) {
    if (!vm) return;
    closePendingVariables(*vm);
    gcFreeAll(*vm);
    vm->mainThread = nullptr;
    vm->current = nullptr;
    if (vm->lib) closeStdlib(*vm);
    stringTableFree(*vm);
    delete vm;
}

void raiseError(VM& vm, Value error) {
    if (vm.current) vm.current->errorValue = error;
    throw LuaError{};
}

void raiseRuntimeError(VM& vm, const char* fmt, ...) {
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    va_list copy;
    va_copy(copy, ap);
    int n = std::vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    std::string msg;
    if (n >= 0 && size_t(n) < sizeof small) {
        msg.assign(small, size_t(n));
    } else if (n >= 0) {
        msg.resize(size_t(n) + 1);
        std::vsnprintf(msg.data(), msg.size(), fmt, ap);
        msg.resize(size_t(n));
    }
    va_end(ap);
    raiseError(vm, positionedMessage(vm, msg));
}

void raiseMemoryError(VM& vm) {
    // The message string is fixed at creation, so interning it cannot allocate.
    Value msg;
    if (vm.metamethodNames[0]) msg = Value::object(internString(vm, kMemoryErrorMessage));
    if (vm.current) vm.current->errorValue = msg;
    if (vm.mainThread && vm.mainThread->interp) vmState(vm).memoryErrorRaised = true;
    throw LuaError{};
}

} // namespace tricolor
