// lib_table.cpp — the `table` library.
//
// Element access honours __index, __newindex and __len where lua5.4 does
// (lua_geti / lua_seti / luaL_len). Plain tables — no metatable, or none of
// those three fields — take a raw fast path. The slow path calls metamethod
// functions through callNested (interp.h): correct, but not resumable by the
// budget; only table.sort's comparisons (the comparator, or __lt) use the
// resumable kHostCallK protocol, because sorting is where long-running Lua
// code runs inside a library function.
//
// table.sort is our own quicksort (median-of-three pivot, explicit range
// stack, smaller range first so the stack stays logarithmic), written as a
// state machine that stops at every comparison that needs Lua. Every scan is
// bounds-checked, so an inconsistent comparator cannot make it read outside
// the range or loop forever; running into a bound raises "invalid order
// function for sorting", as lua5.4 does in the same situation (which inputs
// trigger it differs, see tests/known-differences.txt).
#include <climits>
#include <cstring>
#include <string>
#include <utility>

#include "core/auxlib.h"
#include "core/interp.h"
#include "core/memory.h"
#include "core/number.h"
#include "core/stdlib.h"
#include "core/string.h"
#include "core/table.h"
#include "core/tm.h"

namespace tricolor {
namespace {

// ---------------------------------------------------------------------------
// Metamethod-aware element access

// Calls fn(args) through callNested and returns its first result.
Value callForOne(VM& vm, Value fn, std::initializer_list<Value> args) {
    Thread* th = vm.current;
    uint32_t top = th->top;
    callNested(vm, fn, args.begin(), int(args.size()), 1);
    Value r = th->stack[th->top - 1];
    th->top = top;
    return r;
}

// obj[i] as lua_geti, obj[i] = v as lua_seti (auxlib.h: __index/__newindex chains).
Value getElem(VM& vm, Value obj, Integer i) {
    if (obj.isTable()) { // a present element needs no metamethod check (table.sort's reads)
        const Value* v = tableGetInt(obj.asTable(), i);
        if (!v->isNil()) return *v;
    }
    return indexValue(vm, obj, Value::integer(i));
}

void setElem(VM& vm, Value obj, Integer i, Value v) {
    setIndexValue(vm, obj, Value::integer(i), v);
}

// #obj as luaL_len: __len honoured, its result must be an integer.
Integer lengthOf(VM& vm, HostCall& call, Value obj) {
    Value handler = getMetafield(vm, obj, Metamethod::Len);
    if (handler.isNil()) {
        if (obj.isTable()) return tableLength(obj.asTable());
        if (obj.isString()) return obj.asString()->length;
        raiseError(
            vm, stringValue(vm, "attempt to get length of a " + objTypeName(vm, obj) + " value"));
    }
    Value r = callForOne(vm, handler, {obj});
    Integer n;
    if (!toInteger(r, n)) libError(vm, call, "object length is not an integer");
    return n;
}

enum TableNeeds { kRead = 1, kWrite = 2, kLength = 4 };

// A table argument, or any value whose metatable provides what is needed.
void checkTableLike(VM& vm, HostCall& call, int arg, int needs) {
    Value v = call.arg(arg);
    if (v.isTable()) return;
    Table* mt = getMetatable(vm, v);
    if (mt != nullptr && (!(needs & kRead) || !getMetafield(vm, v, Metamethod::Index).isNil()) &&
        (!(needs & kWrite) || !getMetafield(vm, v, Metamethod::NewIndex).isNil()) &&
        (!(needs & kLength) || !getMetafield(vm, v, Metamethod::Len).isNil()))
        return;
    typeError(vm, call, arg, "table");
}

Integer checkedLength(VM& vm, HostCall& call, int arg, int needs) {
    checkTableLike(vm, call, arg, needs | kLength);
    return lengthOf(vm, call, call.arg(arg));
}

// ---------------------------------------------------------------------------
// insert / remove / move / concat / pack / unpack

int tableInsert(VM& vm, HostCall& call) {
    Integer e = wrapAdd(checkedLength(vm, call, 1, kRead | kWrite), 1); // first empty slot
    Value t = call.arg(1);
    Integer pos;
    switch (call.count()) {
    case 2: pos = e; break;
    case 3: {
        pos = checkInteger(vm, call, 2);
        argCheck(vm, call, uint64_t(pos) - 1u < uint64_t(e), 2, "position out of bounds");
        for (Integer i = e; i > pos; --i)
            setElem(vm, t, i, getElem(vm, t, i - 1));
        break;
    }
    default: libError(vm, call, "wrong number of arguments to 'insert'");
    }
    setElem(vm, t, pos, call.arg(call.count()));
    return 0;
}

int tableRemove(VM& vm, HostCall& call) {
    Integer size = checkedLength(vm, call, 1, kRead | kWrite);
    Value t = call.arg(1);
    Integer pos = optInteger(vm, call, 2, size);
    if (pos != size)
        argCheck(vm, call, uint64_t(pos) - 1u <= uint64_t(size), 1, "position out of bounds");
    call.push(vm, getElem(vm, t, pos)); // the result, kept on the stack meanwhile
    for (; pos < size; ++pos)
        setElem(vm, t, pos, getElem(vm, t, pos + 1));
    setElem(vm, t, pos, Value());
    return 1;
}

int tableMove(VM& vm, HostCall& call) {
    Integer f = checkInteger(vm, call, 2);
    Integer e = checkInteger(vm, call, 3);
    Integer t = checkInteger(vm, call, 4);
    int dest = call.arg(5).isNil() ? 1 : 5;
    checkTableLike(vm, call, 1, kRead);
    checkTableLike(vm, call, dest, kWrite);
    Value a1 = call.arg(1), a2 = call.arg(dest);
    if (e >= f) {
        argCheck(vm, call, f > 0 || e < INT64_MAX + f, 3, "too many elements to move");
        Integer n = e - f + 1; // number of elements, > 0
        argCheck(vm, call, t <= INT64_MAX - n + 1, 4, "destination wrap around");
        bool overlapForward = !(t > e || t <= f || (dest != 1 && !rawEquals(a1, a2)));
        if (!overlapForward) {
            for (Integer i = 0; i < n; ++i)
                setElem(vm, a2, t + i, getElem(vm, a1, f + i));
        } else {
            for (Integer i = n - 1; i >= 0; --i)
                setElem(vm, a2, t + i, getElem(vm, a1, f + i));
        }
    }
    return pushResult(vm, call, a2);
}

int tableConcat(VM& vm, HostCall& call) {
    checkTableLike(vm, call, 1, kRead);
    std::string_view sep = optStringView(vm, call, 2, "");
    std::string sepCopy(sep);
    Integer i = optInteger(vm, call, 3, 1);
    Integer last =
        call.arg(4).isNil() ? lengthOf(vm, call, call.arg(1)) : checkInteger(vm, call, 4);
    Value t = call.arg(1);
    std::string out;
    char buf[kNumberBufferSize];
    for (; i <= last; ++i) {
        Value v = getElem(vm, t, i);
        if (v.isString()) {
            out.append(view(v.asString()));
        } else if (v.isNumber()) {
            out.append(buf, v.isInt() ? formatIntegerTo(v.i, buf) : formatNumberTo(v.n, buf));
        } else {
            libError(vm, call, "invalid value (%s) at index %lld in table for 'concat'",
                     luaTypeName(v.type()), static_cast<long long>(i));
        }
        if (i != last) out.append(sepCopy);
        if (out.size() > vm.options.memoryLimit)
            raiseMemoryError(vm); // never hold more than the VM may
        if (i == INT64_MAX) break;
    }
    return pushResult(vm, call, stringValue(vm, out));
}

int tablePack(VM& vm, HostCall& call) {
    int n = call.count();
    Table* t = newTable(vm, uint32_t(n), 1);
    call.push(vm, Value::object(t)); // anchor
    for (int i = 1; i <= n; ++i)
        tableSetInt(vm, t, i, call.arg(i));
    tableSetStr(vm, t, internString(vm, "n"), Value::integer(n));
    return 1;
}

int tableUnpack(VM& vm, HostCall& call) {
    Integer i = optInteger(vm, call, 2, 1);
    Integer e = call.arg(3).isNil() ? lengthOf(vm, call, call.arg(1)) : checkInteger(vm, call, 3);
    if (i > e) return 0;
    uint64_t n = uint64_t(e) - uint64_t(i); // count - 1
    if (n >= uint64_t(INT_MAX) || uint64_t(call.top()) + n + 1 >= kMaxStackSlots)
        libError(vm, call, "too many results to unpack");
    Value t = call.arg(1);
    for (Integer k = i; k < e; ++k)
        call.push(vm, getElem(vm, t, k));
    call.push(vm, getElem(vm, t, e));
    return int(n + 1);
}

// ---------------------------------------------------------------------------
// sort

// The sorter's state lives in a userdata kept in the stack slot right after
// the arguments (so it is collected if the sort is abandoned by an error);
// the pivot and swap temporaries live in the stack slots after it.
enum class SortStep : uint8_t {
    NextRange, // pop a range and start on it
    Pair,      // range of two: compare hi < lo
    Median1,   // compared mid < lo
    Median2,   // compared hi < mid
    Median3,   // compared mid < lo (after swapping mid and hi)
    ScanUp,    // compared a[i] < pivot
    ScanDown,  // compared pivot < a[j]
};

struct SortRange {
    Integer lo, hi;
};

struct SortState {
    SortStep step;
    bool hasComparator;
    Integer lo, hi, mid, i, j;
    int stackSize;
    SortRange stack[64];
};

struct SortSlots {
    uint32_t state, pivot, tmpA, tmpB, end;
};

SortSlots sortSlots(HostCall& call) {
    uint32_t s = call.base + uint32_t(call.nargs);
    return {s, s + 1, s + 2, s + 3, s + 4};
}

SortState& sortState(HostCall& call) {
    return *static_cast<SortState*>(
        call.thread->stack[sortSlots(call).state].asUserdata()->bytes());
}

Value& slot(HostCall& call, uint32_t index) {
    return call.thread->stack[index];
}

// Compares a < b. Returns 1/0 when decided without Lua; otherwise sets up a
// kHostCallK call of the comparator (or __lt) and returns kHostCallK.
int sortContinue(VM& vm, HostCall& call);

int lessThanOrCall(VM& vm, HostCall& call, Value a, Value b) {
    SortState& st = sortState(call);
    if (st.hasComparator) return callThen(vm, call, call.arg(2), {a, b}, 1, sortContinue);
    bool less;
    if (primitiveLess(a, b, less)) return less;
    Value handler = getMetafield(vm, a, Metamethod::Lt);
    if (handler.isNil()) handler = getMetafield(vm, b, Metamethod::Lt);
    if (handler.isNil()) orderError(vm, a, b);
    return callThen(vm, call, handler, {a, b}, 1, sortContinue);
}

// a[i] < pivot (elemFirst) or pivot < a[i].
int compareElemWithPivot(VM& vm, HostCall& call, Value t, Integer i, bool elemFirst) {
    Value e = getElem(vm, t, i); // may run Lua: read the pivot slot only afterwards
    Value p = slot(call, sortSlots(call).pivot);
    return elemFirst ? lessThanOrCall(vm, call, e, p) : lessThanOrCall(vm, call, p, e);
}

[[noreturn]] void invalidOrder(VM& vm, HostCall& call) {
    libError(vm, call, "invalid order function for sorting");
}

void swapElems(VM& vm, HostCall& call, Integer x, Integer y) {
    SortSlots s = sortSlots(call);
    Value t = call.arg(1);
    if (t.isTable()) {
        // Both present: a raw swap inside one table adds no reference, so no barrier.
        Value* px = tableFindSlot(t.asTable(), Value::integer(x));
        Value* py = tableFindSlot(t.asTable(), Value::integer(y));
        if (px != nullptr && py != nullptr) {
            std::swap(*px, *py);
            return;
        }
    }
    slot(call, s.tmpA) = getElem(vm, t, x);
    slot(call, s.tmpB) = getElem(vm, t, y);
    setElem(vm, t, x, slot(call, s.tmpB));
    setElem(vm, t, y, slot(call, s.tmpA));
}

void pushRange(SortState& st, Integer lo, Integer hi) {
    if (hi > lo) st.stack[st.stackSize++] = {lo, hi};
}

// After partitioning around the pivot now at index p: the smaller side is
// pushed last so it is sorted first, which bounds the stack by log2(n).
void splitRange(SortState& st, Integer p) {
    Integer lo = st.lo, hi = st.hi;
    if (p - lo < hi - p) {
        pushRange(st, p + 1, hi);
        pushRange(st, lo, p - 1);
    } else {
        pushRange(st, lo, p - 1);
        pushRange(st, p + 1, hi);
    }
}

// Runs the state machine. `result` is the outcome of the comparison the
// current step asked for (ignored by NextRange). Returns 0 when sorted, or
// kHostCallK when a comparison needs Lua.
int sortRun(VM& vm, HostCall& call, bool result) {
    SortSlots s = sortSlots(call);
    Value t = call.arg(1);
    for (;;) {
        SortState& st = sortState(call);
        int r; // comparison outcome: 0/1, or kHostCallK
        switch (st.step) {
        case SortStep::NextRange:
            if (st.stackSize == 0) return 0;
            --st.stackSize;
            st.lo = st.stack[st.stackSize].lo;
            st.hi = st.stack[st.stackSize].hi;
            if (st.hi - st.lo == 1) {
                st.step = SortStep::Pair;
                slot(call, s.tmpA) = getElem(vm, t, st.hi);
                Value lo = getElem(vm, t, st.lo);
                r = lessThanOrCall(vm, call, slot(call, s.tmpA), lo);
            } else {
                st.mid = st.lo + (st.hi - st.lo) / 2;
                st.step = SortStep::Median1;
                slot(call, s.tmpA) = getElem(vm, t, st.mid);
                Value lo = getElem(vm, t, st.lo);
                r = lessThanOrCall(vm, call, slot(call, s.tmpA), lo);
            }
            break;
        case SortStep::Pair:
            if (result) swapElems(vm, call, st.lo, st.hi);
            st.step = SortStep::NextRange;
            continue;
        case SortStep::Median1:
            if (result) swapElems(vm, call, st.lo, st.mid);
            st.step = SortStep::Median2;
            {
                slot(call, s.tmpA) = getElem(vm, t, st.hi);
                Value mid = getElem(vm, t, st.mid);
                r = lessThanOrCall(vm, call, slot(call, s.tmpA), mid);
            }
            break;
        case SortStep::Median2:
            if (!result) {
                st.step = SortStep::Median3;
                result = false;
                continue;
            }
            swapElems(vm, call, st.mid, st.hi);
            st.step = SortStep::Median3;
            {
                slot(call, s.tmpA) = getElem(vm, t, st.mid);
                Value lo = getElem(vm, t, st.lo);
                r = lessThanOrCall(vm, call, slot(call, s.tmpA), lo);
            }
            break;
        case SortStep::Median3:
            if (result) swapElems(vm, call, st.lo, st.mid);
            // a[lo] <= a[mid] <= a[hi] now; three elements are sorted.
            if (st.hi - st.lo == 2) {
                st.step = SortStep::NextRange;
                continue;
            }
            // Pivot to hi-1; a[lo] and a[hi] act as sentinels for the scans.
            swapElems(vm, call, st.mid, st.hi - 1);
            slot(call, s.pivot) = getElem(vm, t, st.hi - 1);
            st.i = st.lo + 1;
            st.j = st.hi - 1;
            st.step = SortStep::ScanUp;
            r = compareElemWithPivot(vm, call, t, st.i, true);
            break;
        case SortStep::ScanUp:
            if (result) {
                if (st.i >= st.hi - 1) invalidOrder(vm, call);
                ++st.i;
                r = compareElemWithPivot(vm, call, t, st.i, true);
                break;
            }
            --st.j;
            st.step = SortStep::ScanDown;
            r = compareElemWithPivot(vm, call, t, st.j, false);
            break;
        case SortStep::ScanDown:
            if (result) {
                if (st.j <= st.lo) invalidOrder(vm, call);
                --st.j;
                r = compareElemWithPivot(vm, call, t, st.j, false);
                break;
            }
            if (st.j <= st.i) {
                // Partitioned: put the pivot between the two sides.
                swapElems(vm, call, st.i, st.hi - 1);
                splitRange(st, st.i);
                st.step = SortStep::NextRange;
                continue;
            }
            swapElems(vm, call, st.i, st.j);
            ++st.i;
            st.step = SortStep::ScanUp;
            r = compareElemWithPivot(vm, call, t, st.i, true);
            break;
        }
        if (r == kHostCallK) return kHostCallK;
        result = r != 0;
    }
}

int sortContinue(VM& vm, HostCall& call) {
    SortSlots s = sortSlots(call);
    bool result = call.thread->stack[call.top() - 1].isTruthy();
    setTop(call, s.end);
    return sortRun(vm, call, result);
}

int tableSort(VM& vm, HostCall& call) {
    Integer n = checkedLength(vm, call, 1, kRead | kWrite);
    if (n <= 1) return 0;
    argCheck(vm, call, n < INT_MAX, 1, "array too big");
    if (call.hasArg(2) && !call.arg(2).isNil()) checkType(vm, call, 2, LuaType::Function);
    // Reserve the state and temporary slots right after the arguments.
    setTop(call, call.base + uint32_t(call.nargs));
    Userdata* u = newObject<Userdata>(vm, Tag::Userdata, sizeof(SortState));
    u->size = sizeof(SortState);
    call.push(vm, Value::object(u));
    for (int k = 0; k < 3; ++k)
        call.push(vm, Value());
    SortState& st = *static_cast<SortState*>(u->bytes());
    std::memset(&st, 0, sizeof st);
    st.hasComparator = call.hasArg(2) && !call.arg(2).isNil();
    st.step = SortStep::NextRange;
    st.stackSize = 0;
    pushRange(st, 1, n);
    return sortRun(vm, call, false);
}

const LibEntry kTableFunctions[] = {
    {"concat", tableConcat}, {"insert", tableInsert}, {"move", tableMove},     {"pack", tablePack},
    {"remove", tableRemove}, {"sort", tableSort},     {"unpack", tableUnpack}, {nullptr, nullptr},
};

} // namespace

void openTableLib(VM& vm) {
    newLib(vm, "table", kTableFunctions);
}

} // namespace tricolor
