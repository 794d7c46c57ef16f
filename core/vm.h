// vm.h — the VM state: one object that owns everything of one Lua universe.
//
// There are no globals anywhere in core/: every function takes the VM (or
// something reachable from it), so several VMs — the page's main VM, worker
// VMs, test VMs — live side by side in one process.
//
// The VM is split into subsystem records, each owned and documented by its
// subsystem's header: memory accounting (memory.h), the string intern table
// (string.h), the collector (gc.h). Execution state lives in threads
// (object.h / interp.h). Library state (random generator, io handles, clock)
// lives behind `lib` (stdlib.h).
//
// Error model. Errors in Lua code and in `error()` travel on the return path
// of the interpreter loop (cheap in WebAssembly, where a C++ throw costs
// microseconds). Deep helpers with no convenient return path — an allocation
// that exceeds the memory limit, a library argument check — call one of the
// raise* functions below, which throw LuaError; the interpreter catches it at
// the host-call boundary and unwinds exactly as for any other error. The
// error value itself is kept in the running thread's `errorValue`, never in
// the exception object, so it stays visible to the collector.
#pragma once

#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/gc.h"
#include "core/memory.h"
#include "core/object.h"
#include "core/string.h"

namespace tricolor {

// Metamethod events. The first kFastMetamethods have an absence cache bit in
// Table::metamethodAbsent.
enum class Metamethod : uint8_t {
    Index,
    NewIndex,
    Gc,
    Mode,
    Len,
    Eq,
    Add,
    Sub,
    Mul,
    Mod,
    Pow,
    Div,
    IDiv,
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr,
    Unm,
    BNot,
    Lt,
    Le,
    Concat,
    Call,
    Close,
    ToString,
    Name,
    Metatable,
    Pairs,
    Count
};
constexpr int kFastMetamethods = 6; // Index .. Eq

// "__index", "__newindex", ... in Metamethod order.
const char* metamethodName(Metamethod m);

struct VMOptions {
    size_t memoryLimit = size_t(256) << 20; // bytes; exceeding it raises "not enough memory"
    uint64_t hashSeed = 0;                  // string hash seed (part of a recording)
    // Where print/io.write and warnings go. Default: the process's stdout/stderr.
    std::function<void(std::string_view)> writeStdout;
    std::function<void(std::string_view)> writeStderr;
};

// Where an object was allocated, for the inspector ("chunk:line").
struct AllocSite {
    String* chunk; // the Proto's source name (kept alive by the site table: a root)
    int32_t line;
};

struct LibState; // stdlib.h

struct VM {
    VMOptions options;
    MemoryStats memory;  // memory.h
    StringTable strings; // string.h
    Collector gc;        // gc.h

    Thread* mainThread = nullptr;
    Thread* current = nullptr; // the running thread
    Table* registry = nullptr;
    Table* globals = nullptr;                             // also registry[2] as in 5.4
    Table* inbox = nullptr; // delivered worker messages not yet received (worker.h): a GC root
    Table* typeMetatables[int(LuaType::None)] = {};       // metatables of non-table, non-userdata types
    String* metamethodNames[int(Metamethod::Count)] = {}; // interned, fixed (never collected)

    uint64_t nextObjectId = 1;      // next GCObject::id
    uint64_t instructionCount = 0;  // instructions executed by this VM (all threads)
    uint32_t currentSite = 0;       // site stamped on new objects (the interpreter updates it)
    std::vector<AllocSite> sites{}; // sites[0] is "unknown"

    LibState* lib = nullptr; // standard library state
    void* host = nullptr;    // the embedder's pointer (api.h)
};

// Thrown by the raise* functions; see the error model above.
struct LuaError {};

// Raises `error` as a Lua error (unwinds to the nearest pcall or to the host).
[[noreturn]] void raiseError(VM& vm, Value error);
// Raises a string error formatted like printf, prefixed with "chunk:line: " of
// the innermost running Lua function (as luaL_error does).
[[noreturn]] void raiseRuntimeError(VM& vm, const char* fmt, ...);
// Raises the preallocated "not enough memory" error.
[[noreturn]] void raiseMemoryError(VM& vm);

} // namespace tricolor
