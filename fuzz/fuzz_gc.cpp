// fuzz_gc.cpp — random mutator operations interleaved with single collector units.
//
// The input is a program for two actors:
//   byte < 0xC0: one mutator operation, run as a call of a Lua helper
//                (kMutator below) with (kind, a, b, c) taken from this byte and
//                the next three: create tables / strings / closures /
//                coroutines, set fields, drop and copy references, write
//                upvalues, setmetatable with __mode or __gc (finalizers that
//                resurrect their object, or not), ephemeron entries, large
//                tables (traversed in chunks), explicit collectgarbage steps;
//   byte >= 0xC0: (byte & 0x3F) + 1 single collector units (introspect.h
//                gcStepUnit); the validator runs at every state change and
//                after the burst.
// The automatic collector is stopped, so the input alone decides where the
// collector's units fall between mutator stores. Any validator failure, any
// sanitizer report or a mutator error is a crash. At the end the VM runs a
// full cycle, validates once more, and is destroyed (finalizers run).
#include <cstdint>
#include <string>

#include "core/interp.h"
#include "core/introspect.h"
#include "fuzz/fuzz_common.h"

using namespace tricolor;

namespace {

constexpr const char* kTarget = "fuzz_gc";

// Returns the mutator function op(kind, a, b, c). S holds the 16 slots the
// operations work on; `keep` collects objects a finalizer resurrected.
constexpr const char* kMutator = R"LUA(
collectgarbage("stop")
local N = 16
local S, keep = {}, {}
local modes = {"k", "v", "kv"}
local function pick(i) return S[i % N + 1] end
local function tab(i) local t = S[i] if type(t) == "table" then return t end end
local ops = {
  [0] = function(i, b, c) S[i] = {} end,
  function(i, b, c) S[i] = string.rep("s", b % 24) .. c end,
  function(i, b, c) local v = pick(b) S[i] = function(x) if x then v = x end return v end end,
  function(i, b, c) local t = tab(i) if t then t[pick(b) or b] = pick(c) end end,
  function(i, b, c) S[i] = nil end,
  function(i, b, c) local t = tab(i) if t then setmetatable(t, {__mode = modes[b % 3 + 1]}) end end,
  function(i, b, c)
    local t = tab(i)
    if t then
      setmetatable(t, {__gc = function(o) if c % 2 == 0 then S[b % N + 1] = o end
                                           if c % 3 == 0 then keep[#keep + 1] = o end end})
    end
  end,
  function(i, b, c)
    local co = coroutine.create(function(x) local y = coroutine.yield(x) return y, x end)
    coroutine.resume(co, pick(b))
    S[i] = co
  end,
  function(i, b, c) local f = S[i] if type(f) == "function" then f(pick(b)) end end,
  function(i, b, c) local t = {} for j = 1, b * 2 do t[j] = pick(j + c) end S[i] = t end,
  function(i, b, c) local t = tab(i) if t then t["k" .. (b % 8)] = pick(c) end end,
  function(i, b, c) S[i] = pick(b) end,
  function(i, b, c) local t = tab(i) if t then t[b % 8] = nil local k = pick(c) if k ~= nil then t[k] = nil end end end,
  function(i, b, c) local t = tab(i) local k = pick(b) if t and k ~= nil then t[k] = {k, pick(c)} end end,
  function(i, b, c) collectgarbage("step", b % 4) end,
  function(i, b, c) local co = S[i] if type(co) == "thread" and coroutine.status(co) == "suspended" then coroutine.resume(co, pick(b)) end end,
  function(i, b, c) local t = tab(i) if t then local mt = getmetatable(t) if mt then mt.__mode = modes[c % 3 + 1] end end end,
  function(i, b, c) if #keep > 0 and b % 4 == 0 then keep = {} end end,
  function(i, b, c) local t = tab(i) if t then local n = 0 for k, v in pairs(t) do n = n + 1 if n > 8 then break end end end end,
  function(i, b, c) local t = tab(i) if t then for j = 1, b do t[#t + 1] = pick(j) end end end,
}
local nops = #ops + 1
return function(kind, a, b, c) ops[kind % nops](a % N + 1, b, c) end
)LUA";

// Runs the started call to the end (it is short); returns the status.
RunStatus finish(VM& vm) {
    RunStatus s;
    while ((s = run(vm, 1000000)) == RunStatus::Paused)
        fuzz::finishAtomic(vm);
    return s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 4096) return 0;
    // Only the libraries the mutator uses: a small heap keeps validation cheap.
    VM* vm = fuzz::makeSandboxVM(size_t(64) << 20, false);
    if (!vm) return 0;
    libState(*vm).fs = std::make_unique<fuzz::SandboxFileSystem>();
    openBaseLib(*vm);
    openInterpLib(*vm);
    openGcLib(*vm);
    openStringLib(*vm);
    std::string error;
    if (!loadString(*vm, kMutator, "=mutator", error)) fuzz::fuzzFail(kTarget, error);
    startCall(*vm, 0, 1);
    if (finish(*vm) != RunStatus::Finished) fuzz::fuzzFail(kTarget, "mutator setup failed");
    Value op = stackValue(*vm, -1); // stays at API stack slot 1: a root
    for (size_t i = 0; i < size;) {
        uint8_t b = data[i++];
        if (b >= 0xC0) {
            int units = (b & 0x3F) + 1;
            for (int u = 0; u < units; u++) {
                GcState before = vm->gc.state;
                if (!gcStepUnit(*vm)) break;
                // Validate at every state change and at the end of the burst
                // (after every unit would make an input cost O(units x heap)).
                if (vm->gc.state != before || u == units - 1) fuzz::checkHeap(*vm, kTarget);
            }
            continue;
        }
        uint8_t a = i < size ? data[i++] : 0, x = i < size ? data[i++] : 0,
                c = i < size ? data[i++] : 0;
        push(*vm, op);
        push(*vm, Value::integer(b));
        push(*vm, Value::integer(a));
        push(*vm, Value::integer(x));
        push(*vm, Value::integer(c));
        startCall(*vm, 4, 0);
        RunStatus s = finish(*vm);
        if (s != RunStatus::Finished)
            fuzz::fuzzFail(kTarget, "mutator op failed: " + errorMessage(*vm));
        // A store the barriers got wrong shows as a black->white edge right
        // now (in Pause there is nothing to check).
        if (vm->gc.state != GcState::Pause) fuzz::checkHeap(*vm, kTarget);
    }
    if (!gcStepCycle(*vm)) fuzz::fuzzFail(kTarget, "a full cycle was refused");
    fuzz::checkHeap(*vm, kTarget);
    vmDestroy(vm);
    return 0;
}
