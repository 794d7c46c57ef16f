// object.h — the layout of every collectable object.
//
// Every heap object starts with a GCObject header. The header is what the
// collector sees: the `next` link of the list the object lives on (allgc,
// finobj, tobefnz or fixed, see gc.h), its colour bits in `marked`, and two
// fields that exist for people rather than for the collector: a stable `id`
// (the allocation number, never reused, so a visualizer or a replay can name
// an object across steps) and `site` (where in the program it was allocated).
//
// Objects that can be gray (they have outgoing references to traverse) also
// carry a `gclist` link so the collector can queue them without allocating.
//
// Variable-sized objects (strings, closures, userdata) keep their payload
// right after the struct, in the same allocation; use the accessor methods.
//
// Ownership rules:
//   - Every object is allocated through memory.h (newObject) and freed only by
//     the collector's sweep or by VM shutdown. Nothing else calls free.
//   - A store of a collectable Value into an object field must run the write
//     barrier (gc.h). Code outside the collector never writes `marked`.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/value.h"

namespace tricolor {

using Instruction = uint32_t;

struct GCObject {
    GCObject* next;   // link in the collector's list this object lives on
    uint64_t id;      // stable allocation number (1, 2, 3, ...), never reused
    uint32_t site;    // allocation site: index into VM::sites, 0 = unknown
    Tag tag;          // which struct this header belongs to
    uint8_t marked;   // colour and finalizer bits, owned by the collector
    uint8_t gcinfo;   // collector bookkeeping (which gray list, age), for introspection
    uint8_t reserved; // keep the header 24 bytes
};

// --- Strings ---------------------------------------------------------------
// All strings are interned (see string.h): two strings with the same bytes are
// the same object, so equality is pointer equality. Bytes are 8-bit clean and
// followed by a NUL that is not part of the string.
struct String : GCObject {
    String* hashNext; // chain in the intern table
    uint32_t hash;
    uint32_t length;
    uint8_t reservedWord; // lexer/metamethod tag cache: 0 = none (owned by string.h)
    const char* data() const { return reinterpret_cast<const char*>(this + 1); }
    char* mutableData() { return reinterpret_cast<char*>(this + 1); }
};

// --- Tables ----------------------------------------------------------------
// An array part for keys 1..arraySize and a hash part of 2^log2NodeCount
// nodes. The representation details belong to table.h; the collector walks
// tables only through table.h's iteration helpers.
struct TableNode {
    Value value;
    Value key;
    int32_t nextOffset; // collision chain: offset to the next node, 0 = end
};

struct Table : GCObject {
    uint8_t metamethodAbsent; // bit i set => metamethod i known absent (cache, see tm.h)
    uint8_t log2NodeCount;    // hash part has 1 << log2NodeCount nodes (0 and `nodes` shared dummy => empty)
    uint8_t weakMode;         // cached from the metatable's __mode by the collector
    uint8_t flags;
    uint32_t arraySize;
    Value* array;
    TableNode* nodes;
    TableNode* lastFree; // free-slot search position in the hash part
    Table* metatable;
    GCObject* gclist;
};

// --- Functions -------------------------------------------------------------
struct UpvalueDesc {
    String* name;      // for debug info and error messages; may be null if stripped
    bool inParentStack; // true: captures register `index` of the enclosing function
    uint8_t index;      // register (inParentStack) or upvalue index of the enclosing function
};

struct LocalVarInfo {
    String* name;
    uint32_t startPc; // first instruction where the variable is active
    uint32_t endPc;   // first instruction where it is dead
    uint8_t reg;      // register holding it
};

// A compiled function: bytecode, constants and debug information (opcodes.h).
struct Proto : GCObject {
    Instruction* code;
    Value* constants;
    Proto** protos; // nested functions, by CLOSURE's Bx
    UpvalueDesc* upvalues;
    int32_t* lineInfo; // source line of each instruction
    LocalVarInfo* locals;
    String* source; // chunk name as given to load ("@file.lua", "=stdin", source text)
    uint32_t codeSize;
    uint32_t numConstants;
    uint32_t numProtos;
    uint32_t numLocals;
    uint16_t numUpvalues;
    uint8_t numParams;
    uint8_t isVararg;
    uint8_t maxStackSize; // registers needed
    int32_t lineDefined;  // 0 for the main chunk
    int32_t lastLineDefined;
    GCObject* gclist;
};

// An upvalue is open while the variable it captures still lives in a thread's
// stack (`location` points into that stack); it is closed when the variable
// goes out of scope, by copying the value into `closed` and pointing
// `location` at it. Open upvalues of a thread form a list sorted by stack
// level, highest first.
struct Upvalue : GCObject {
    Value* location;
    Value closed;
    Upvalue* openNext;   // next open upvalue of the same thread (open only)
    Thread* openThread;  // the thread whose stack it points into (open only)
    bool isOpen() const { return location != &closed; }
};

struct LuaClosure : GCObject {
    Proto* proto;
    uint16_t numUpvalues;
    GCObject* gclist;
    Upvalue** upvalues() { return reinterpret_cast<Upvalue**>(this + 1); }
};

struct HostClosure : GCObject {
    HostFn fn;
    uint16_t numUpvalues;
    GCObject* gclist;
    Value* upvalues() { return reinterpret_cast<Value*>(this + 1); }
};

// Full userdata: a block of raw bytes with a metatable and user values.
struct Userdata : GCObject {
    Table* metatable;
    size_t size;
    uint16_t numUserValues;
    GCObject* gclist;
    Value* userValues() { return reinterpret_cast<Value*>(this + 1); }
    void* bytes() { return userValues() + numUserValues; }
};

// --- Threads (coroutines) --------------------------------------------------
// CallFrame and the thread's execution fields belong to the interpreter
// (interp.h); the collector reads only the fields marked [GC].
struct CallFrame;

enum class ThreadStatus : uint8_t { Suspended, Running, Normal, Dead, Error };

struct Thread : GCObject {
    Value* stack;          // [GC] slots [0, top) are live
    uint32_t top;          // [GC] first free slot
    uint32_t stackSize;    // [GC] allocated slots; slots [top, stackSize) are garbage
    Upvalue* openUpvalues; // [GC] open upvalues into this stack, highest level first
    CallFrame* frames;     // interpreter-owned
    uint32_t numFrames;
    uint32_t frameCapacity;
    ThreadStatus status;
    uint8_t flags;
    uint16_t hostDepth;    // nested host->Lua calls on the C++ stack (bounded)
    Value errorValue;      // [GC] the error object while an error unwinds
    GCObject* gclist;      // [GC]
    void* interp;          // interpreter-private extension (tbc list, hooks...), allocated via memory.h
};

// Typed views of a Value's payload.
inline Value Value::object(GCObject* o) {
    Value v;
    v.gc = o;
    v.tag = o->tag;
    return v;
}
inline String* Value::asString() const { return static_cast<String*>(gc); }
inline Table* Value::asTable() const { return static_cast<Table*>(gc); }
inline LuaClosure* Value::asLuaClosure() const { return static_cast<LuaClosure*>(gc); }
inline HostClosure* Value::asHostClosure() const { return static_cast<HostClosure*>(gc); }
inline Userdata* Value::asUserdata() const { return static_cast<Userdata*>(gc); }
inline Thread* Value::asThread() const { return static_cast<Thread*>(gc); }

} // namespace tricolor
