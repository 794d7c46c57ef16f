// gclib.cpp — the Lua-visible face of the collector: `collectgarbage` (base
// library) and the `gc` library, Tricolor's answer to PUC Lua's test-only `T`
// library, so that colour and phase tests are themselves .lua files.
//
// collectgarbage(opt, ...) as in Lua 5.4: "collect" (default), "stop",
// "restart", "count" (KB as a float), "step" [, kb] (true when the step ended
// a cycle), "isrunning", "incremental" [, pause, stepmul, stepsize]
// (returns the previous mode), "generational" (accepted and reported; the
// collector stays incremental), "setpause", "setstepmul" (previous value).
// Called from inside a finalizer every option returns fail (nil), as 5.4.4.
//
// The gc library (documented in docs/gc-library.md):
//   gc.state()            -> state name: "pause", "propagate", "enteratomic",
//                            "atomic", "sweepallgc", "sweepfinobj",
//                            "sweeptobefnz", "sweepend", "callfinalizers"
//   gc.color(v)           -> "white" (current white), "white(other)" (the
//                            previous cycle's white: dead, waiting for the
//                            sweeper), "gray", "black"; nil for values that
//                            are not objects (numbers, booleans, nil...)
//   gc.id(v)              -> the object's stable id (integer), nil if not an object
//   gc.age(v)             -> cycles the object survived (0..31)
//   gc.isfinalizable(v)   -> true if v has a finalizer that has not run yet
//   gc.info(v)            -> table {id, type, color, size, age, graylist,
//                            finalizable, tobefinalized, resurrected, fixed,
//                            weakkeys, weakvalues}
//   gc.step([kind])       -> kind "unit" (default), "phase" or "cycle"; returns
//                            the state reached
//   gc.stepto(name)       -> steps until state `name` is entered; returns the
//                            state reached. Lua code cannot run inside atomic
//                            (the mutator is locked), so stepping into
//                            "atomic" runs the whole atomic phase and returns
//                            "sweepallgc"; the visualizer can single-step it.
//   gc.validate()         -> true, or false and the validator's message
//   gc.stats()            -> table {bytes, debt, threshold, objects, white,
//                            whiteother, gray, black, cycles, steps, maxstepms,
//                            finalizers, barriersforward, barriersback}
//   gc.stress([on])       -> current setting; sets it when an argument is given
// Stepping functions return nil (fail) when called from inside a finalizer.
#include <string>

#include "core/auxlib.h"
#include "core/gc.h"
#include "core/introspect.h"
#include "core/table.h"
#include "core/vm.h"

namespace tricolor {

namespace {

// Lua 5.4 keeps pause and stepmul in units of 4 percent: 150 reads back as 148.
int gcParam(Integer v) {
    return int(v / 4) * 4;
}

bool insideFinalizer(const VM& vm) {
    return vm.gc.finalizerDepth > 0;
}

int pushFailOnly(VM& vm, HostCall& call) {
    return pushResult(vm, call, Value());
}

// Lua code cannot see the inside of atomic: finish it.
void leaveAtomic(VM& vm) {
    while (gcMutatorLocked(vm))
        if (!gcStepUnit(vm)) break;
}

// --- collectgarbage -----------------------------------------------------------

const char* const kCollectOptions[] = {"stop",         "restart",     "collect",    "count",
                                       "step",         "setpause",    "setstepmul", "isrunning",
                                       "generational", "incremental", nullptr};

int collectgarbage(VM& vm, HostCall& call) {
    int opt = checkOption(vm, call, 1, "collect", kCollectOptions);
    Collector& gc = vm.gc;
    if (insideFinalizer(vm)) return pushFailOnly(vm, call);
    switch (opt) {
    case 0: gc.running = false; return pushResult(vm, call, Value::integer(0));
    case 1:
        gc.running = true;
        gc.threshold = vm.memory.bytesInUse;
        return pushResult(vm, call, Value::integer(0));
    case 2: gcFullCollect(vm); return pushResult(vm, call, Value::integer(0));
    case 3: return pushResult(vm, call, Value::number(double(vm.memory.bytesInUse) / 1024.0));
    case 4: {
        Integer kb = optInteger(vm, call, 2, 0);
        bool ended = gcStep(vm, kb > 0 ? kb * 1024 : 0);
        leaveAtomic(vm);
        return pushResult(vm, call, Value::boolean(ended));
    }
    case 5: {
        Integer v = optInteger(vm, call, 2, 0);
        int previous = gc.pause;
        gc.pause = gcParam(v);
        return pushResult(vm, call, Value::integer(previous));
    }
    case 6: {
        Integer v = optInteger(vm, call, 2, 0);
        int previous = gc.stepMul;
        gc.stepMul = gcParam(v);
        return pushResult(vm, call, Value::integer(previous));
    }
    case 7: return pushResult(vm, call, Value::boolean(gc.running));
    case 8: {
        bool wasGen = gc.generationalMode;
        gc.generationalMode = true;
        return pushResult(vm, call, stringValue(vm, wasGen ? "generational" : "incremental"));
    }
    default: {
        Integer pause = optInteger(vm, call, 2, 0), mul = optInteger(vm, call, 3, 0),
                size = optInteger(vm, call, 4, 0);
        if (pause != 0) gc.pause = gcParam(pause);
        if (mul != 0) gc.stepMul = gcParam(mul);
        if (size != 0) gc.stepSizeLog2 = int(size);
        bool wasGen = gc.generationalMode;
        gc.generationalMode = false;
        return pushResult(vm, call, stringValue(vm, wasGen ? "generational" : "incremental"));
    }
    }
}

// --- gc library ------------------------------------------------------------------

const GCObject* objectArg(HostCall& call, int arg) {
    Value v = call.arg(arg);
    return v.isCollectable() ? v.gc : nullptr;
}

int pushState(VM& vm, HostCall& call) {
    return pushResult(vm, call, stringValue(vm, gcStateName(vm.gc.state)));
}

int gcState(VM& vm, HostCall& call) {
    return pushState(vm, call);
}

int gcColor(VM& vm, HostCall& call) {
    checkAny(vm, call, 1);
    const GCObject* o = objectArg(call, 1);
    if (!o) return pushFailOnly(vm, call);
    return pushResult(vm, call, stringValue(vm, gcColourName(gcColourOf(vm, o))));
}

int gcId(VM& vm, HostCall& call) {
    checkAny(vm, call, 1);
    const GCObject* o = objectArg(call, 1);
    return pushResult(vm, call, o ? Value::integer(Integer(o->id)) : Value());
}

int gcAge(VM& vm, HostCall& call) {
    checkAny(vm, call, 1);
    const GCObject* o = objectArg(call, 1);
    return pushResult(vm, call, o ? Value::integer(ageOf(o)) : Value());
}

int gcIsFinalizable(VM& vm, HostCall& call) {
    checkAny(vm, call, 1);
    const GCObject* o = objectArg(call, 1);
    return pushResult(vm, call, Value::boolean(o && (o->marked & kFinalizedBit)));
}

const char* grayListName(GrayList l) {
    static constexpr const char* names[] = {"none", "gray",      "grayagain",
                                            "weak", "ephemeron", "allweak"};
    return names[int(l)];
}

void setField(VM& vm, Table* t, const char* k, Value v) {
    tableSetStr(vm, t, internString(vm, k), v);
}

int gcInfo(VM& vm, HostCall& call) {
    checkAny(vm, call, 1);
    const GCObject* o = objectArg(call, 1);
    if (!o) return pushFailOnly(vm, call);
    GcObjectInfo info = gcObjectInfo(vm, o);
    Table* t = newTable(vm, 0, 12);
    call.push(vm, Value::object(t)); // reachable before the fields allocate
    setField(vm, t, "id", Value::integer(Integer(info.id)));
    setField(vm, t, "type", stringValue(vm, info.typeName));
    setField(vm, t, "color", stringValue(vm, gcColourName(info.colour)));
    setField(vm, t, "size", Value::integer(Integer(info.size)));
    setField(vm, t, "age", Value::integer(info.age));
    setField(vm, t, "graylist", stringValue(vm, grayListName(info.grayList)));
    setField(vm, t, "finalizable", Value::boolean(info.flags & kObjFinalizable));
    setField(vm, t, "tobefinalized", Value::boolean(info.flags & kObjToBeFinalized));
    setField(vm, t, "resurrected", Value::boolean(info.flags & kObjResurrected));
    setField(vm, t, "fixed", Value::boolean(info.flags & kObjFixed));
    setField(vm, t, "weakkeys", Value::boolean(info.flags & kObjWeakKeys));
    setField(vm, t, "weakvalues", Value::boolean(info.flags & kObjWeakValues));
    return 1;
}

const char* const kStepKinds[] = {"unit", "phase", "cycle", nullptr};

int gcStepFn(VM& vm, HostCall& call) {
    int kind = checkOption(vm, call, 1, "unit", kStepKinds);
    if (insideFinalizer(vm)) return pushFailOnly(vm, call);
    bool ok = kind == 0 ? gcStepUnit(vm) : kind == 1 ? gcStepPhase(vm) : gcStepCycle(vm);
    leaveAtomic(vm);
    if (!ok) return pushFailOnly(vm, call);
    return pushState(vm, call);
}

const char* const kStateNames[] = {"pause",          "propagate",   "enteratomic",  "atomic",
                                   "sweepallgc",     "sweepfinobj", "sweeptobefnz", "sweepend",
                                   "callfinalizers", nullptr};

int gcStepTo(VM& vm, HostCall& call) {
    int s = checkOption(vm, call, 1, nullptr, kStateNames);
    if (insideFinalizer(vm)) return pushFailOnly(vm, call);
    bool ok = gcStepTo(vm, GcState(s));
    leaveAtomic(vm);
    if (!ok) return pushFailOnly(vm, call);
    return pushState(vm, call);
}

int gcValidateFn(VM& vm, HostCall& call) {
    if (gcValidate(vm)) return pushResult(vm, call, Value::boolean(true));
    call.push(vm, Value::boolean(false));
    call.push(vm, stringValue(vm, vm.gc.validationMessage));
    return 2;
}

int gcStats(VM& vm, HostCall& call) {
    GcStats s = gcStats(static_cast<const VM&>(vm));
    Table* t = newTable(vm, 0, 16);
    call.push(vm, Value::object(t));
    setField(vm, t, "bytes", Value::integer(Integer(s.bytesInUse)));
    setField(vm, t, "debt", Value::integer(s.debt));
    setField(vm, t, "threshold", Value::integer(Integer(s.threshold)));
    setField(vm, t, "objects", Value::integer(Integer(s.objects)));
    setField(vm, t, "white", Value::integer(Integer(s.white)));
    setField(vm, t, "whiteother", Value::integer(Integer(s.whiteOther)));
    setField(vm, t, "gray", Value::integer(Integer(s.gray)));
    setField(vm, t, "black", Value::integer(Integer(s.black)));
    setField(vm, t, "cycles", Value::integer(Integer(s.counters.cycles)));
    setField(vm, t, "steps", Value::integer(Integer(s.counters.steps)));
    setField(vm, t, "maxstepms", Value::number(s.counters.maxStepMs));
    setField(vm, t, "finalizers", Value::integer(Integer(s.counters.finalizersCalled)));
    setField(vm, t, "barriersforward", Value::integer(Integer(s.counters.barriersForward)));
    setField(vm, t, "barriersback", Value::integer(Integer(s.counters.barriersBack)));
    return 1;
}

int gcStress(VM& vm, HostCall& call) {
    bool previous = vm.gc.stress;
    if (call.hasArg(1)) vm.gc.stress = call.arg(1).isTruthy();
    return pushResult(vm, call, Value::boolean(previous));
}

const LibEntry kGcLib[] = {{"state", gcState},
                           {"color", gcColor},
                           {"id", gcId},
                           {"age", gcAge},
                           {"isfinalizable", gcIsFinalizable},
                           {"info", gcInfo},
                           {"step", gcStepFn},
                           {"stepto", gcStepTo},
                           {"validate", gcValidateFn},
                           {"stats", gcStats},
                           {"stress", gcStress},
                           {nullptr, nullptr}};

const LibEntry kBaseEntries[] = {{"collectgarbage", collectgarbage}, {nullptr, nullptr}};

} // namespace

void openGcLib(VM& vm) {
    registerLib(vm, vm.globals, kBaseEntries);
    newLib(vm, "gc", kGcLib);
}

} // namespace tricolor
