// fuzz_undump.cpp — the binary chunk loader (dump.h) on arbitrary bytes.
//
// dump.h promises that a truncated or malicious chunk is refused, never run:
// every chunk undump accepts has passed the bytecode verifier. So this
// target also RUNS what it accepts (budget 200k instructions, 32 MB, the
// sandboxed standard library): a verifier gap shows up as a crash here.
// Properties: no crash; a refusal carries a message; after a run the heap
// validates and the VM still runs a follow-up chunk.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/compiler.h"
#include "core/dump.h"
#include "fuzz/fuzz_common.h"

using namespace tricolor;

namespace {
constexpr const char* kTarget = "fuzz_undump";
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    VM* vm = fuzz::makeSandboxVM(size_t(32) << 20, true);
    if (!vm) return 0;
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        std::string error;
        Proto* p = undump(*vm, bytes, "=fuzz", error);
        if (!p) {
            if (error.empty()) fuzz::fuzzFail(kTarget, "undump failed without a message");
        } else {
            LuaClosure* cl = makeMainClosure(*vm, p);
            push(*vm, Value::object(cl));
            startCall(*vm, 0);
            fuzz::runWithBudget(*vm, 200000);
            if (isRunning(*vm)) abortCall(*vm);
            fuzz::checkHeap(*vm, kTarget);
            fuzz::checkStillUsable(*vm, kTarget);
        }
    } catch (const LuaError&) {
        // The memory limit while loading.
    }
    vmDestroy(vm);
    return 0;
}
