// introspect.cpp — heap enumeration, edges, roots, counters and stepping
// for visualizers (see introspect.h).
#include "core/introspect.h"

#include <string>

#include "core/interp.h"
#include "core/memory.h"
#include "core/string.h"
#include "core/table.h"
#include "core/vm.h"

namespace tricolor {

// ---------------------------------------------------------------------------
// Colours, flags, object info

const char* gcColourName(GcColour c) {
    switch (c) {
    case GcColour::WhiteCurrent: return "white";
    case GcColour::WhiteOther: return "white(other)";
    case GcColour::Gray: return "gray";
    case GcColour::Black: return "black";
    }
    return "?";
}

GcColour gcColourOf(const VM& vm, const GCObject* o) {
    if (isBlack(o)) return GcColour::Black;
    if (o->marked & vm.gc.currentWhite) return GcColour::WhiteCurrent;
    if (isWhite(o)) return GcColour::WhiteOther;
    return GcColour::Gray;
}

const char* gcTypeName(Tag tag) {
    switch (tag) {
    case Tag::String: return "string";
    case Tag::Table: return "table";
    case Tag::LuaClosure:
    case Tag::HostClosure: return "function";
    case Tag::Userdata: return "userdata";
    case Tag::Thread: return "thread";
    case Tag::Proto: return "proto";
    case Tag::Upvalue: return "upvalue";
    default: return "?";
    }
}

namespace {

bool onList(const GCObject* list, const GCObject* o) {
    for (; list; list = list->next)
        if (list == o) return true;
    return false;
}

uint32_t flagsOf(const VM& vm, const GCObject* o) {
    uint32_t f = 0;
    if (o->marked & kFinalizedBit)
        f |= onList(vm.gc.tobefnz, o) ? kObjToBeFinalized : kObjFinalizable;
    if (o->marked & kResurrectedBit) f |= kObjResurrected;
    if (o->marked & kFixedBit) f |= kObjFixed;
    if (o->tag == Tag::Table) {
        auto* t = static_cast<const Table*>(o);
        if (t->weakMode & 1) f |= kObjWeakKeys;
        if (t->weakMode & 2) f |= kObjWeakValues;
        if (vm.gc.chunkTable == t) f |= kObjChunked;
    }
    if (gcIsDead(vm, o) && vm.gc.state >= GcState::SweepAllgc) f |= kObjDead;
    return f;
}

} // namespace

GcObjectInfo gcObjectInfo(const VM& vm, const GCObject* o) {
    GcObjectInfo info{};
    info.object = o;
    info.id = o->id;
    info.tag = o->tag;
    info.typeName = gcTypeName(o->tag);
    info.size = objectSize(o);
    info.colour = gcColourOf(vm, o);
    info.flags = flagsOf(vm, o);
    info.grayList = grayListOf(o);
    info.age = ageOf(o);
    info.site = o->site;
    info.siteLine = 0;
    if (o->site != 0 && o->site < vm.sites.size()) {
        const AllocSite& s = vm.sites[o->site];
        info.siteLine = s.line;
        if (s.chunk) info.siteChunk = std::string(view(s.chunk));
    }
    return info;
}

void gcEnumerateHeap(const VM& vm, const std::function<void(const GcObjectInfo&)>& fn) {
    for (const GCObject* list : {vm.gc.allgc, vm.gc.finobj, vm.gc.tobefnz, vm.gc.fixed})
        for (const GCObject* o = list; o; o = o->next)
            fn(gcObjectInfo(vm, o));
}

GCObject* gcFindObject(const VM& vm, uint64_t id) {
    for (GCObject* list : {vm.gc.allgc, vm.gc.finobj, vm.gc.tobefnz, vm.gc.fixed})
        for (GCObject* o = list; o; o = o->next)
            if (o->id == id) return o;
    return nullptr;
}

// ---------------------------------------------------------------------------
// Edges

namespace {

struct EdgeSink {
    const GCObject* from;
    const std::function<void(const GcEdge&)>& fn;

    void object(const GCObject* to, GcEdgeKind kind, uint32_t index = 0, bool weak = false,
                Value key = Value(), int32_t frame = -1) const {
        if (!to) return;
        GcEdge e{from, to, kind, weak, index, frame, key};
        fn(e);
    }
    void value(const Value& v, GcEdgeKind kind, uint32_t index = 0, bool weak = false,
               Value key = Value(), int32_t frame = -1) const {
        if (v.isCollectable()) object(v.gc, kind, index, weak, key, frame);
    }
};

void tableEdges(const EdgeSink& s, Table* t) {
    s.object(t->metatable, GcEdgeKind::Metatable);
    bool weakKeys = t->weakMode & 1, weakValues = t->weakMode & 2;
    for (uint32_t i = 0; i < t->arraySize; i++)
        s.value(t->array[i], GcEdgeKind::ArrayItem, i + 1, weakValues, Value::integer(i + 1));
    uint32_t count = tableNodeCount(t);
    if (!count) return;
    TableNode* nodes = tableNodes(t);
    for (uint32_t i = 0; i < count; i++) {
        const TableNode& n = nodes[i];
        if (n.value.isNil() || n.key.tag == Tag::DeadKey) continue;
        s.value(n.key, GcEdgeKind::TableKey, i, weakKeys, n.key);
        s.value(n.value, GcEdgeKind::TableValue, i, weakValues, n.key);
    }
}

// Stack slots with the frame that owns each (the innermost frame whose
// function slot is at or below it, -1 below the first frame). Frames are in
// stack order, so one forward walk labels every slot.
void threadEdges(const EdgeSink& s, Thread* th) {
    int32_t frame = -1;
    for (uint32_t i = 0; i < th->top; i++) {
        while (th->frames && uint32_t(frame + 1) < th->numFrames && th->frames[frame + 1].func <= i)
            frame++;
        s.value(th->stack[i], GcEdgeKind::StackSlot, i, false, Value(), frame);
    }
    s.value(th->errorValue, GcEdgeKind::ErrorValue);
    uint32_t k = 0;
    for (Upvalue* uv = th->openUpvalues; uv; uv = uv->openNext)
        s.object(uv, GcEdgeKind::OpenUpvalue, k++);
}

void protoEdges(const EdgeSink& s, Proto* p) {
    s.object(p->source, GcEdgeKind::DebugName);
    for (uint32_t i = 0; i < p->numConstants; i++)
        s.value(p->constants[i], GcEdgeKind::Constant, i);
    for (uint32_t i = 0; i < p->numProtos; i++)
        if (p->protos) s.object(p->protos[i], GcEdgeKind::Proto, i);
    for (uint32_t i = 0; i < p->numUpvalues; i++)
        s.object(p->upvalues[i].name, GcEdgeKind::DebugName, i);
    for (uint32_t i = 0; i < p->numLocals; i++)
        s.object(p->locals[i].name, GcEdgeKind::DebugName, i);
}

} // namespace

void gcEnumerateEdges(const VM&, const GCObject* o, const std::function<void(const GcEdge&)>& fn) {
    EdgeSink s{o, fn};
    GCObject* m = const_cast<GCObject*>(o);
    switch (o->tag) {
    case Tag::Table: tableEdges(s, static_cast<Table*>(m)); break;
    case Tag::LuaClosure: {
        auto* cl = static_cast<LuaClosure*>(m);
        s.object(cl->proto, GcEdgeKind::Proto);
        for (uint16_t i = 0; i < cl->numUpvalues; i++)
            s.object(cl->upvalues()[i], GcEdgeKind::Upvalue, i);
        break;
    }
    case Tag::HostClosure: {
        auto* cl = static_cast<HostClosure*>(m);
        for (uint16_t i = 0; i < cl->numUpvalues; i++)
            s.value(cl->upvalues()[i], GcEdgeKind::Upvalue, i);
        break;
    }
    case Tag::Userdata: {
        auto* u = static_cast<Userdata*>(m);
        s.object(u->metatable, GcEdgeKind::Metatable);
        for (uint16_t i = 0; i < u->numUserValues; i++)
            s.value(u->userValues()[i], GcEdgeKind::UserValue, i + 1);
        break;
    }
    case Tag::Thread: threadEdges(s, static_cast<Thread*>(m)); break;
    case Tag::Proto: protoEdges(s, static_cast<Proto*>(m)); break;
    case Tag::Upvalue:
        s.value(*static_cast<Upvalue*>(m)->location, GcEdgeKind::UpvalueValue);
        break;
    default: break;
    }
}

namespace {

std::string keyLabel(const Value& k) {
    switch (k.tag) {
    case Tag::String: return "field '" + std::string(view(k.asString())) + "'";
    case Tag::Int: return "[" + std::to_string(k.i) + "]";
    case Tag::Float: return "[" + std::to_string(k.n) + "]";
    case Tag::True: return "[true]";
    case Tag::False: return "[false]";
    default:
        return std::string("[") + gcTypeName(k.tag) +
               (k.isCollectable() ? " #" + std::to_string(k.gc->id) : "") + "]";
    }
}

// Name of upvalue i of a Lua closure (from its proto's debug info).
std::string upvalueName(const GCObject* from, uint32_t i) {
    if (from->tag == Tag::LuaClosure) {
        auto* cl = static_cast<const LuaClosure*>(from);
        if (cl->proto && i < cl->proto->numUpvalues && cl->proto->upvalues[i].name)
            return "upvalue '" + std::string(view(cl->proto->upvalues[i].name)) + "'";
    }
    return "upvalue " + std::to_string(i + 1);
}

} // namespace

std::string gcEdgeLabel(const GcEdge& e) {
    std::string w = e.weak ? " (weak)" : "";
    switch (e.kind) {
    case GcEdgeKind::TableKey: return "key of " + keyLabel(e.key) + w;
    case GcEdgeKind::TableValue: return keyLabel(e.key) + w;
    case GcEdgeKind::ArrayItem: return "[" + std::to_string(e.index) + "]" + w;
    case GcEdgeKind::Metatable: return "metatable";
    case GcEdgeKind::Upvalue: return upvalueName(e.from, e.index);
    case GcEdgeKind::UpvalueValue: return "value";
    case GcEdgeKind::Proto:
        return e.from->tag == Tag::Proto ? "proto " + std::to_string(e.index) : "proto";
    case GcEdgeKind::Constant: return "constant " + std::to_string(e.index);
    case GcEdgeKind::DebugName: return "debug name";
    case GcEdgeKind::UserValue: return "user value " + std::to_string(e.index);
    case GcEdgeKind::StackSlot:
        return "stack slot " + std::to_string(e.index) +
               (e.frame >= 0 ? " (frame " + std::to_string(e.frame) + ")" : "");
    case GcEdgeKind::ErrorValue: return "error value";
    case GcEdgeKind::OpenUpvalue: return "open upvalue " + std::to_string(e.index);
    }
    return "?";
}

// ---------------------------------------------------------------------------
// Roots

const char* gcRootKindName(GcRootKind k) {
    switch (k) {
    case GcRootKind::Registry: return "registry";
    case GcRootKind::Globals: return "globals";
    case GcRootKind::MainThread: return "main thread";
    case GcRootKind::CurrentThread: return "current thread";
    case GcRootKind::TypeMetatable: return "type metatable";
    case GcRootKind::MetamethodName: return "metamethod name";
    case GcRootKind::SiteChunk: return "allocation site chunk";
    case GcRootKind::ToBeFinalized: return "to be finalized";
    case GcRootKind::Inbox: return "message inbox";
    }
    return "?";
}

void gcEnumerateRoots(const VM& vm, const std::function<void(const GcRoot&)>& fn) {
    auto root = [&](GcRootKind k, const GCObject* o, uint32_t i = 0) {
        if (o) fn(GcRoot{k, o, i});
    };
    root(GcRootKind::Registry, vm.registry);
    root(GcRootKind::Globals, vm.globals);
    root(GcRootKind::MainThread, vm.mainThread);
    if (vm.current != vm.mainThread) root(GcRootKind::CurrentThread, vm.current);
    for (uint32_t i = 0; i < uint32_t(LuaType::None); i++)
        root(GcRootKind::TypeMetatable, vm.typeMetatables[i], i);
    for (uint32_t i = 0; i < uint32_t(Metamethod::Count); i++)
        root(GcRootKind::MetamethodName, vm.metamethodNames[i], i);
    for (uint32_t i = 0; i < vm.sites.size(); i++)
        root(GcRootKind::SiteChunk, vm.sites[i].chunk, i);
    root(GcRootKind::Inbox, vm.inbox);
    uint32_t k = 0;
    for (const GCObject* o = vm.gc.tobefnz; o; o = o->next)
        root(GcRootKind::ToBeFinalized, o, k++);
}

// ---------------------------------------------------------------------------
// Counters

GcStats gcStatsWithoutCounts(const VM& vm) {
    GcStats s{};
    s.state = vm.gc.state;
    s.atomicStep = vm.gc.atomicStep;
    s.mutatorLocked = gcMutatorLocked(vm);
    s.bytesInUse = vm.memory.bytesInUse;
    s.threshold = vm.gc.threshold;
    s.debt = int64_t(vm.memory.bytesInUse) - int64_t(vm.gc.threshold);
    s.counters = vm.gc.counters;
    return s;
}

GcStats gcStats(const VM& vm) {
    GcStats s = gcStatsWithoutCounts(vm);
    auto count = [&](const GCObject* list, uint64_t& listCount) {
        for (const GCObject* o = list; o; o = o->next) {
            s.objects++;
            listCount++;
            switch (gcColourOf(vm, o)) {
            case GcColour::WhiteCurrent: s.white++; break;
            case GcColour::WhiteOther: s.whiteOther++; break;
            case GcColour::Gray: s.gray++; break;
            case GcColour::Black: s.black++; break;
            }
        }
    };
    uint64_t allgc = 0;
    count(vm.gc.allgc, allgc);
    count(vm.gc.finobj, s.finobj);
    count(vm.gc.tobefnz, s.tobefnz);
    count(vm.gc.fixed, s.fixed);
    return s;
}

// ---------------------------------------------------------------------------
// Stepping

bool gcStepUnit(VM& vm) {
    return gcSingleUnit(vm) > 0;
}

bool gcStepPhase(VM& vm) {
    GcState start = vm.gc.state;
    do {
        if (!gcStepUnit(vm)) return false;
    } while (vm.gc.state == start && start != GcState::Atomic);
    return true;
}

bool gcStepCycle(VM& vm) {
    do {
        if (!gcStepUnit(vm)) return false;
    } while (vm.gc.state != GcState::Pause);
    return true;
}

bool gcStepTo(VM& vm, GcState state, uint64_t maxUnits) {
    for (uint64_t n = 0; n < maxUnits; n++) {
        if (vm.gc.state == state && n > 0) return true;
        if (!gcStepUnit(vm)) return false;
    }
    return vm.gc.state == state;
}

GcStopReason gcRunUntil(VM& vm, const std::function<bool(const GcEvent&)>& stop,
                        uint64_t maxUnits) {
    GcObserver saved = vm.gc.observer;
    bool hit = false;
    vm.gc.observer = [&](VM& v, const GcEvent& e) {
        if (saved) saved(v, e);
        if (stop(e)) hit = true;
    };
    GcStopReason reason = GcStopReason::UnitLimit;
    for (uint64_t n = 0; n < maxUnits; n++) {
        if (!gcStepUnit(vm)) {
            reason = GcStopReason::Refused;
            break;
        }
        if (hit) {
            reason = GcStopReason::Condition;
            break;
        }
    }
    vm.gc.observer = saved;
    return reason;
}

GcStopReason gcRunUntilColourChange(VM& vm, const GCObject* o, uint64_t maxUnits) {
    GcColour before = gcColourOf(vm, o);
    uint64_t id = o->id;
    bool freed = false;
    GcObserver saved = vm.gc.observer;
    vm.gc.observer = [&](VM& v, const GcEvent& e) {
        if (saved) saved(v, e);
        if (e.kind == GcEventKind::Freed && e.objectId == id) freed = true;
    };
    GcStopReason reason = GcStopReason::UnitLimit;
    for (uint64_t n = 0; n < maxUnits; n++) {
        if (!gcStepUnit(vm)) {
            reason = GcStopReason::Refused;
            break;
        }
        if (freed || gcColourOf(vm, o) != before) {
            reason = GcStopReason::Condition;
            break;
        }
    }
    vm.gc.observer = saved;
    return reason;
}

GcStopReason gcRunUntilState(VM& vm, GcState s, uint64_t maxUnits) {
    return gcRunUntil(
        vm, [&](const GcEvent& e) { return e.kind == GcEventKind::StateEntered && e.state == s; },
        maxUnits);
}

GcStopReason gcRunUntilFinalizer(VM& vm, uint64_t maxUnits) {
    return gcRunUntil(
        vm, [](const GcEvent& e) { return e.kind == GcEventKind::FinalizerCalled; }, maxUnits);
}

GcStopReason gcRunUntilValidatorFails(VM& vm, uint64_t maxUnits) {
    bool saved = vm.gc.validate;
    vm.gc.validate = true;
    GcStopReason r = gcRunUntil(
        vm, [](const GcEvent& e) { return e.kind == GcEventKind::ValidatorFailed; }, maxUnits);
    vm.gc.validate = saved;
    return r;
}

bool gcStateFromName(const char* name, GcState& out) {
    std::string_view n(name);
    for (int i = 0; i < kGcStateCount; i++) {
        if (n == gcStateName(GcState(i))) {
            out = GcState(i);
            return true;
        }
    }
    return false;
}

} // namespace tricolor
