// gc_pause — how long is one incremental collector step with a large live heap?
//
// Builds a ~100 MB live heap in a fresh VM (1M small tables held by a 1M-slot
// array, a 1M-key hash table, long strings, closures, a weak-valued cache and
// a suspended coroutine with a deep stack), then runs a mutator loop that
// allocates garbage and keeps replacing live objects (so barriers fire) under
// the default parameters (pause 200, stepmul 100, stepsize 13, as Lua 5.4).
// Every collector step of that loop is timed (Collector::stepLog) and the
// distribution is reported: count, median, p99, max, and the state the
// longest step ran in. Runs alternate without and with an observer like the
// visualizer's (it looks at every event), and compare the loop's wall time
// and the sustained allocation rate.
//
//   build/gc-rel/bench/gc_pause [--runs N] [--iters N] [--small N] [--depth N]
//
// Results and how to read them: docs/gc-pauses.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "core/api.h"
#include "core/gc.h"
#include "core/memory.h"
#include "core/stdlib.h"
#include "core/vm.h"

using namespace tricolor;

namespace {

struct Options {
    int runs = 3;
    long iters = 3000000;
    long small = 1000000;
    long depth = 100000;
    bool verbose = false;
};

// The live heap. Globals keep everything alive during the loop.
const char* kBuildScript = R"(
local N, DEPTH = ...
objs = {}
for i = 1, N do objs[i] = {i} end
big = {}
for i = 1, 1000000 do big[i * 3] = i end
strs = {}
for i = 1, 40 do strs[i] = string.rep(string.char(65 + i % 26), 100000) .. i end
fns = {}
for i = 1, 100000 do local u = i; fns[i] = function() return u end end
cache = setmetatable({}, {__mode = "v"})
for i = 1, 100000 do cache[i] = objs[i] end
local function deep(n)
  if n == 0 then coroutine.yield() return 0 end
  local a, b, c = n, n + 1, n + 2
  return deep(n - 1) + a + b - c
end
co = coroutine.create(deep)
assert(coroutine.resume(co, DEPTH))
return collectgarbage("count")
)";

// The mutator: garbage tables and strings, and every 16th iteration a live
// small table replaced (a store into the big black array: a barrier).
const char* kLoopScript = R"(
local ITERS, N = ...
local objs, fns, cache = objs, fns, cache
local rnd = 12345
local sum = 0
for iter = 1, ITERS do
  local g = {iter, iter + 1, tostring(iter)}
  sum = sum + #g
  if iter % 16 == 0 then
    rnd = (rnd * 1103515245 + 12345) % 2147483648
    local k = rnd % N + 1
    objs[k] = {k}
    if k <= 100000 then cache[k] = objs[k] end
  end
  if iter % 64 == 0 then fns[rnd % 100000 + 1] = function() return iter end end
end
return sum
)";

// Counts and files events the way viz/playground.cpp's observer does.
struct VizLikeObserver {
    uint64_t events = 0, finalizers = 0;
    std::vector<uint64_t> cleared, finalized;
    void operator()(const GcEvent& e) {
        events++;
        switch (e.kind) {
        case GcEventKind::StateEntered:
            if (e.state == GcState::Atomic) cleared.clear();
            break;
        case GcEventKind::WeakEntryCleared: cleared.push_back(e.otherId); break;
        case GcEventKind::FinalizerCalled:
            finalizers++;
            finalized.push_back(e.objectId);
            if (finalized.size() > 500) finalized.erase(finalized.begin());
            break;
        default: break;
        }
    }
};

double nowSec() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

bool runChunk(VM& vm, const char* src, const char* name, long a, long b, double* result) {
    std::string err;
    if (!loadString(vm, src, name, err)) {
        std::fprintf(stderr, "gc_pause: %s\n", err.c_str());
        return false;
    }
    push(vm, Value::integer(a));
    push(vm, Value::integer(b));
    startCall(vm, 2, 1);
    RunStatus s;
    while ((s = run(vm, 1u << 30)) == RunStatus::Paused) {
    }
    if (s != RunStatus::Finished) {
        std::fprintf(stderr, "gc_pause: %s\n", errorMessage(vm).c_str());
        return false;
    }
    Value v = stackValue(vm, -1);
    *result = v.isNumber() ? double(v.asNumber()) : 0;
    pop(vm, 1);
    return true;
}

struct RunResult {
    bool observer = false;
    double liveMb = 0, loopSec = 0, allocMbPerSec = 0;
    size_t steps = 0;
    double medianMs = 0, p99Ms = 0, maxMs = 0, meanMs = 0;              // wall time
    double cpuMedianMs = 0, cpuP99Ms = 0, cpuMaxMs = 0, loopCpuSec = 0; // CPU time
    GcState maxFrom = GcState::Pause, maxTo = GcState::Pause;
    int64_t maxWork = 0;
    uint64_t cycles = 0, events = 0;
};

double percentile(std::vector<float> v, double p) {
    if (v.empty()) return 0;
    size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    std::nth_element(v.begin(), v.begin() + long(i), v.end());
    return v[i];
}

bool oneRun(const Options& o, bool withObserver, RunResult& r) {
    VMOptions vo;
    vo.memoryLimit = size_t(4) << 30; // the default 256 MB is too small for 2x a 100 MB heap
    VM* vm = vmCreate(vo);
    if (!vm) return false;
    openStdlib(*vm);
    double kb = 0;
    if (!runChunk(*vm, kBuildScript, "=build", o.small, o.depth, &kb)) return false;
    r.liveMb = kb / 1024;

    VizLikeObserver obs;
    if (withObserver) vm->gc.observer = [&obs](VM&, const GcEvent& e) { obs(e); };
    std::vector<GcStepSample> log;
    log.reserve(1 << 20);
    vm->gc.stepLog = &log;
    uint64_t cycles0 = vm->gc.counters.cycles;
    uint64_t alloc0 = vm->memory.totalAllocated;
    double t0 = nowSec();
    std::clock_t c0 = std::clock();
    double sum = 0;
    bool ok = runChunk(*vm, kLoopScript, "=loop", o.iters, o.small, &sum);
    r.loopSec = nowSec() - t0;
    r.loopCpuSec = double(std::clock() - c0) / CLOCKS_PER_SEC;
    vm->gc.stepLog = nullptr;
    vm->gc.observer = nullptr;
    r.observer = withObserver;
    r.allocMbPerSec = double(vm->memory.totalAllocated - alloc0) / 1048576.0 / r.loopSec;
    r.cycles = vm->gc.counters.cycles - cycles0;
    r.events = obs.events;
    std::vector<float> ms, cpu;
    ms.reserve(log.size());
    cpu.reserve(log.size());
    double total = 0;
    for (const GcStepSample& s : log) {
        ms.push_back(s.ms);
        cpu.push_back(s.cpuMs);
        total += s.ms;
        r.maxMs = std::max(r.maxMs, double(s.ms));
        if (s.cpuMs >= r.cpuMaxMs) {
            r.cpuMaxMs = s.cpuMs;
            r.maxFrom = s.from;
            r.maxTo = s.to;
            r.maxWork = s.work;
        }
    }
    r.steps = log.size();
    r.meanMs = r.steps ? total / double(r.steps) : 0;
    r.medianMs = percentile(ms, 0.5);
    r.p99Ms = percentile(ms, 0.99);
    r.cpuMedianMs = percentile(cpu, 0.5);
    r.cpuP99Ms = percentile(cpu, 0.99);
    if (o.verbose) {
        // The ten longest steps, to see where the time goes.
        std::vector<GcStepSample> top(log);
        std::sort(top.begin(), top.end(),
                  [](const GcStepSample& a, const GcStepSample& b) { return a.cpuMs > b.cpuMs; });
        for (size_t i = 0; i < std::min<size_t>(10, top.size()); i++)
            std::printf("    cpu %.3f ms (wall %.3f)  work %lld  %s -> %s\n", double(top[i].cpuMs),
                        double(top[i].ms), (long long)top[i].work, gcStateName(top[i].from),
                        gcStateName(top[i].to));
    }
    vmDestroy(vm);
    return ok;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; i++) {
        auto next = [&](long& out) {
            if (i + 1 < argc) out = std::atol(argv[++i]);
        };
        long runs = o.runs;
        if (!std::strcmp(argv[i], "--runs")) {
            next(runs);
            o.runs = int(runs);
        } else if (!std::strcmp(argv[i], "--iters")) {
            next(o.iters);
        } else if (!std::strcmp(argv[i], "--small")) {
            next(o.small);
        } else if (!std::strcmp(argv[i], "--depth")) {
            next(o.depth);
        } else if (!std::strcmp(argv[i], "-v")) {
            o.verbose = true;
        } else {
            std::fprintf(stderr,
                         "usage: gc_pause [--runs N] [--iters N] [--small N] [--depth N] [-v]\n");
            return 2;
        }
    }
    std::printf(
        "Step times in ms, CPU time (wall time in parentheses: it includes preemption).\n\n");
    std::printf(
        "| run | observer | live MB | loop CPU s (wall) | alloc MB/s (CPU) | cycles | steps | "
        "median | p99 | max | longest step (CPU) |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|\n");
    std::vector<double> maxPlain, maxObs, secPlain, secObs, p99Plain, p99Obs, ratePlain;
    std::vector<double> wallMaxPlain, wallMaxObs;
    for (int run = 0; run < o.runs; run++) {
        for (bool withObserver : {false, true}) {
            RunResult r;
            if (!oneRun(o, withObserver, r)) return 1;
            double rate = r.allocMbPerSec * r.loopSec / r.loopCpuSec;
            std::printf("| %d | %s | %.0f | %.2f (%.2f) | %.0f | %llu | %zu | %.3f (%.3f) | %.3f "
                        "(%.3f) | %.3f (%.3f) | %s->%s, %lld units |\n",
                        run + 1, withObserver ? "yes" : "no", r.liveMb, r.loopCpuSec, r.loopSec,
                        rate, (unsigned long long)r.cycles, r.steps, r.cpuMedianMs, r.medianMs,
                        r.cpuP99Ms, r.p99Ms, r.cpuMaxMs, r.maxMs, gcStateName(r.maxFrom),
                        gcStateName(r.maxTo), (long long)r.maxWork);
            std::fflush(stdout);
            (withObserver ? maxObs : maxPlain).push_back(r.cpuMaxMs);
            (withObserver ? wallMaxObs : wallMaxPlain).push_back(r.maxMs);
            (withObserver ? p99Obs : p99Plain).push_back(r.cpuP99Ms);
            (withObserver ? secObs : secPlain).push_back(r.loopCpuSec);
            if (!withObserver) ratePlain.push_back(rate);
        }
    }
    std::printf("\nmedian of maxima (CPU): %.3f ms without observer, %.3f ms with\n",
                median(maxPlain), median(maxObs));
    std::printf("median of maxima (wall): %.3f ms without observer, %.3f ms with\n",
                median(wallMaxPlain), median(wallMaxObs));
    std::printf("median p99 (CPU): %.3f ms without observer, %.3f ms with\n", median(p99Plain),
                median(p99Obs));
    std::printf("median loop CPU time: %.2f s without observer, %.2f s with (%.2fx)\n",
                median(secPlain), median(secObs), median(secObs) / median(secPlain));
    std::printf("sustained allocation (no observer, per CPU second): %.0f MB/s\n",
                median(ratePlain));
    return 0;
}
