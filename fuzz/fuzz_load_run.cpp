// fuzz_load_run.cpp — load and run arbitrary source with the standard library open.
//
// Each input runs in a fresh sandboxed VM (fuzz_common.h: no file system, no
// processes, no os.exit) with a 32 MB memory limit and a budget of 200k
// instructions. Properties: no crash, no sanitizer report; afterwards the
// heap passes the validator and the same VM still runs a follow-up chunk.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_common.h"

using namespace tricolor;

namespace {
constexpr const char* kTarget = "fuzz_load_run";
constexpr uint64_t kBudget = 200000;
constexpr size_t kMemoryLimit = size_t(32) << 20;
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    VM* vm = fuzz::makeSandboxVM(kMemoryLimit, true);
    if (!vm) return 0;
    std::string_view source(reinterpret_cast<const char*>(data), size);
    std::string error;
    if (loadString(*vm, source, "=fuzz", error)) {
        startCall(*vm, 0);
        fuzz::runWithBudget(*vm, kBudget);
        if (isRunning(*vm)) abortCall(*vm);
        fuzz::checkHeap(*vm, kTarget);
        fuzz::checkStillUsable(*vm, kTarget);
    }
    vmDestroy(vm);
    return 0;
}
