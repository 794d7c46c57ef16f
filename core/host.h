// host.h — how host (C++) functions are called from Lua.
//
// A host function has the signature `int fn(VM& vm, HostCall& call)`. Its
// arguments are the stack slots [base, base + nargs) of the calling thread;
// it produces results by pushing them with `call.push(v)` and returns how many
// it pushed (the top `n` values of the stack are the results). Instead of a
// count it may return one of the HostSignal codes:
//
//   kHostError   the error value was stored with `call.setError(v)`; unwind.
//   kHostYield   yield the top `n` pushed values (`call.yieldCount`) to the
//                resumer; when resumed, the continuation (if any) runs with
//                the resume arguments pushed, else they become the results.
//   kHostCallK   call the function value pushed at stack index `call.calleeIndex`
//                with the values after it as arguments, wanting
//                `call.wantResults` results (-1 = all), and then run the
//                continuation `call.continuation` (another HostFn) with the
//                same HostCall — arguments unchanged, the callee's results
//                pushed after them, and `call.context` as it was left. This is
//                how pcall, table.sort's comparator, gsub's replacement
//                function and __tostring calls stay resumable: the host never
//                waits on the C++ stack for Lua code, so a budget can pause
//                anywhere and coroutines can yield across them.
//
// Stack slots move when the stack grows: hold indices, not pointers, across
// push() or any call that may allocate.
#pragma once

#include <cstdint>

#include "core/object.h"

namespace tricolor {

enum HostSignal : int { kHostError = -1, kHostYield = -2, kHostCallK = -3 };

struct HostCall {
    Thread* thread;
    uint32_t base; // stack index of argument 1
    int nargs;

    // Filled by the host function before returning a signal.
    int yieldCount = 0;
    uint32_t calleeIndex = 0;
    int wantResults = -1;
    HostFn continuation = nullptr;
    intptr_t context = 0;   // free for the host function (state machine step, counters)
    uint32_t status = 0;    // for continuations: 0 = ok; for pcall-like continuations the
                            // interpreter may report an error here (interp.h documents it)
    Value* upvalues = nullptr; // a HostClosure's upvalues, null for a light function
    uint16_t numUpvalues = 0;

    int count() const { return nargs; }
    // Argument i (1-based); nil when i > nargs.
    Value arg(int i) const {
        return i >= 1 && i <= nargs ? thread->stack[base + uint32_t(i) - 1] : Value();
    }
    bool hasArg(int i) const { return i >= 1 && i <= nargs; }
    Value& argSlot(int i) { return thread->stack[base + uint32_t(i) - 1]; } // i <= nargs
    // Stack index of the current top (results are pushed from here).
    uint32_t top() const { return thread->top; }
    // Pushes a value (grows the stack as needed; may raise "stack overflow" or a memory error).
    void push(VM& vm, Value v);
    // Stores the error value and returns kHostError, for `return call.error(vm, v);`.
    int error(VM& vm, Value v);
};

} // namespace tricolor
