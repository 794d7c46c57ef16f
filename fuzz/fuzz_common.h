// fuzz_common.h — what every Tricolor fuzz target shares: a sandboxed VM.
//
// A fuzz input must never reach the outside world. SandboxFileSystem refuses
// every file operation (open, popen, tmpfile, remove, rename, tmpname,
// os.execute) with EACCES/ENOSYS, reports no environment variables and gives
// an empty standard input; FixedClock makes os.clock/os.time deterministic;
// print/io.write output is discarded; os.exit has no handler, so it raises
// "os.exit(N) is not available here" instead of ending the process.
//
// Invariants: nothing here keeps state between inputs (each input gets a
// fresh VM), so a crash reproduces from its input alone.
#pragma once

#include <cerrno>
#include <cstdint>
#include <memory>
#include <string>

#include "core/api.h"
#include "core/interp.h"
#include "core/introspect.h"
#include "core/stdlib.h"
#include "core/vm.h"

namespace tricolor::fuzz {

// An empty, read-only stream (the sandbox's stdin).
struct EmptyStream final : Stream {
    int getChar() override { return -1; }
    void ungetChar(int) override {}
    size_t read(char*, size_t) override { return 0; }
    bool write(const char*, size_t) override { return false; }
    bool flush() override { return true; }
    int64_t seek(int, int64_t) override { return -1; }
    bool setBuffering(int, size_t) override { return true; }
    bool close() override { return true; }
    bool hasError() override { return false; }
    void clearError() override {}
    int lastError() override { return EBADF; }
};

// Refuses everything that would touch the file system or run a process.
struct SandboxFileSystem final : FileSystem {
    EmptyStream stdinStream;
    std::unique_ptr<Stream> open(const std::string&, const char*, int& err) override {
        err = EACCES;
        return nullptr;
    }
    std::unique_ptr<Stream> popen(const std::string&, const char*, int& err) override {
        err = ENOSYS;
        return nullptr;
    }
    std::unique_ptr<Stream> tmpfile(int& err) override {
        err = EACCES;
        return nullptr;
    }
    int remove(const std::string&) override { return EACCES; }
    int rename(const std::string&, const std::string&) override { return EACCES; }
    bool tmpname(std::string&) override { return false; }
    bool readable(const std::string&) override { return false; }
    Stream* standardInput() override { return &stdinStream; }
    bool getenv(const std::string&, std::string&) override { return false; }
    bool hasShell() override { return false; }
    int execute(const std::string&, std::string&, int& code) override {
        code = ENOSYS;
        return -1;
    }
};

struct FixedClock final : Clock {
    double processSeconds() override { return 0.5; }
    int64_t epochSeconds() override { return 1700000000; }
};

// A VM with a memory limit, output discarded, optionally the sandboxed stdlib.
inline VM* makeSandboxVM(size_t memoryLimit, bool withStdlib) {
    VMOptions o;
    o.memoryLimit = memoryLimit;
    o.writeStdout = [](std::string_view) {};
    o.writeStderr = [](std::string_view) {};
    VM* vm = vmCreate(o);
    if (!vm || !withStdlib) return vm;
    // The sandbox must be in place BEFORE openStdlib: io.stdin keeps a
    // pointer to the file system's standard input stream.
    LibState& lib = libState(*vm);
    lib.fs = std::make_unique<SandboxFileSystem>();
    lib.clock = std::make_unique<FixedClock>();
    lib.localTimeZone = false;
    lib.exitHandler = nullptr;
    openStdlib(*vm);
    return vm;
}

} // namespace tricolor::fuzz

#include <cstdio>
#include <cstdlib>

namespace tricolor::fuzz {

// run() refuses to run Lua while the collector is in its atomic phase
// (returns Paused); with the collector stopped nothing would end that phase,
// so the host finishes it.
inline void finishAtomic(VM& vm) {
    while (gcMutatorLocked(vm))
        if (!gcStepUnit(vm)) break;
}

// Runs the started call for at most `budget` instructions in total (host
// yields are resumed with no values). A call still running afterwards is
// abandoned (abortCall). Returns the final status (Paused = budget ran out).
inline RunStatus runWithBudget(VM& vm, uint64_t budget) {
    uint64_t start = vm.instructionCount;
    for (;;) {
        uint64_t used = vm.instructionCount - start;
        RunStatus s = run(vm, used < budget ? budget - used : 1);
        if (s == RunStatus::Yielded || s == RunStatus::WaitingForMessage) {
            if (vm.instructionCount - start >= budget) {
                abortCall(vm);
                return RunStatus::Paused;
            }
            resumeCall(vm, 0);
            continue;
        }
        if (s == RunStatus::Paused) {
            // Paused with budget left happens while the collector holds the
            // mutator lock (atomic phase).
            if (vm.instructionCount - start < budget) {
                finishAtomic(vm);
                continue;
            }
            abortCall(vm);
        }
        return s;
    }
}

[[noreturn]] inline void fuzzFail(const char* target, const std::string& what) {
    std::fprintf(stderr, "%s: %s\n", target, what.c_str());
    std::abort();
}

// Undoes the VM-wide settings an input may leave behind ON PURPOSE, which a
// follow-up chunk would rightly trip over: a hook (debug.sethook with a
// function that errors) on the main or current thread, a stopped collector
// (collectgarbage("stop")) and the metatables of non-table types
// (debug.setmetatable("", {...}), the string library's included). Each is
// undone as the Lua call that undoes it would (debug.sethook(),
// collectgarbage("restart"), debug.setmetatable(v, nil)), nothing more:
// whatever else breaks the follow-up is a real bug. False when the memory
// limit leaves no room for the reset itself.
inline bool resetGlobalState(VM& vm) {
    try {
        setHook(vm, vm.mainThread, Value(), 0, 0);
        if (vm.current != vm.mainThread) setHook(vm, vm.current, Value(), 0, 0);
    } catch (const LuaError&) {
        return false; // the memory limit (the hook table is allocated on demand)
    }
    if (!vm.gc.running) {
        vm.gc.running = true;
        vm.gc.threshold = vm.memory.bytesInUse;
    }
    for (Table*& mt : vm.typeMetatables)
        mt = nullptr; // dropping a root's reference never breaks the tri-colour invariant
    return true;
}

// After whatever the input did, the VM must still run code: resets the
// input's VM-wide settings (resetGlobalState), then loads and runs
// `return 6 * 7` in the same VM. A "not enough memory" error is accepted
// (the input may legitimately hold on to the whole memory limit).
inline void checkStillUsable(VM& vm, const char* target) {
    pop(vm, stackSize(vm));
    if (!resetGlobalState(vm)) return;
    std::string error;
    if (!loadString(vm, "local t = {} t[1] = 6 return t[1] * 7", "=followup", error)) {
        if (error == "not enough memory") return;
        fuzzFail(target, "follow-up load failed: " + error);
    }
    startCall(vm, 0, 1);
    RunStatus s = runWithBudget(vm, 1000);
    if (s == RunStatus::Error) {
        std::string m = errorMessage(vm);
        if (m == "not enough memory") return;
        fuzzFail(target, "follow-up run failed: " + m);
    }
    if (s != RunStatus::Finished) fuzzFail(target, "follow-up did not finish");
    Value v = stackValue(vm, -1);
    if (!v.isInt() || v.i != 42) fuzzFail(target, "follow-up returned a wrong value");
    pop(vm, stackSize(vm));
}

// Runs the collector validator; a failure is a crash.
inline void checkHeap(VM& vm, const char* target) {
    if (!gcValidate(vm)) fuzzFail(target, "gc validator: " + vm.gc.validationMessage);
}

} // namespace tricolor::fuzz
