// value.h — Tricolor's tagged values.
//
// A Lua value is 16 bytes: an 8-byte payload and a 1-byte tag. The tag is
// more precise than Lua's `type()`: booleans are split into False/True so
// truthiness is one compare, numbers into Int/Float (Lua 5.4's subtypes), and
// functions into Lua closures, host closures and light host functions.
//
// Collectable values (every tag from String on) point at a GCObject (see
// object.h). A Value never owns anything: the collector finds objects by
// tracing from the roots, so copying a Value is always a plain struct copy.
//
// Invariants:
//   - tag == Tag::Float  => payload is `n` (may be NaN; NaN is never a table key)
//   - tag >= Tag::String => payload `gc` is a live object whose own tag == this tag
//   - Tag::DeadKey only ever appears as the key of a table slot whose value is
//     nil: the key's object is not traced and may already be freed.
#pragma once

#include <cstdint>

namespace tricolor {

// The eight basic types `type()` reports, in the manual's order.
enum class LuaType : uint8_t {
    Nil,
    Boolean,
    LightUserdata,
    Number,
    String,
    Table,
    Function,
    Userdata,
    Thread,
    None, // "no value": an absent argument, for library checks
};

using Integer = int64_t; // Lua 5.4 integer subtype
using Number = double;   // Lua 5.4 float subtype

struct GCObject;
struct String;
struct Table;
struct LuaClosure;
struct HostClosure;
struct Userdata;
struct Thread;
struct VM;
struct HostCall;

// A host (C++) function callable from Lua. See host.h for the protocol.
using HostFn = int (*)(VM& vm, HostCall& call);

enum class Tag : uint8_t {
    // Not collectable.
    Nil,
    False,
    True,
    Int,
    Float,
    LightUserdata,
    HostFunction, // a bare HostFn with no upvalues ("light C function")
    // Collectable, and values a Lua program can hold.
    String,
    Table,
    LuaClosure,
    HostClosure,
    Userdata,
    Thread,
    // Collectable, never a Lua value.
    Proto,
    Upvalue,
    // Marker for a removed table key (see invariants above).
    DeadKey,
};

constexpr bool isCollectableTag(Tag t) { return t >= Tag::String && t <= Tag::Upvalue; }

constexpr LuaType luaTypeOf(Tag t) {
    switch (t) {
    case Tag::Nil: return LuaType::Nil;
    case Tag::False:
    case Tag::True: return LuaType::Boolean;
    case Tag::Int:
    case Tag::Float: return LuaType::Number;
    case Tag::LightUserdata: return LuaType::LightUserdata;
    case Tag::HostFunction:
    case Tag::LuaClosure:
    case Tag::HostClosure: return LuaType::Function;
    case Tag::String: return LuaType::String;
    case Tag::Table: return LuaType::Table;
    case Tag::Userdata: return LuaType::Userdata;
    case Tag::Thread: return LuaType::Thread;
    default: return LuaType::Nil;
    }
}

// Names as `type()` prints them.
const char* luaTypeName(LuaType t);

struct Value {
    union {
        GCObject* gc;
        void* p;
        Integer i;
        Number n;
        HostFn fn;
    };
    Tag tag;

    constexpr Value() : i(0), tag(Tag::Nil) {}

    static constexpr Value nil() { return Value(); }
    static constexpr Value boolean(bool b) {
        Value v;
        v.tag = b ? Tag::True : Tag::False;
        return v;
    }
    static constexpr Value integer(Integer x) {
        Value v;
        v.i = x;
        v.tag = Tag::Int;
        return v;
    }
    static constexpr Value number(Number x) {
        Value v;
        v.n = x;
        v.tag = Tag::Float;
        return v;
    }
    static Value lightUserdata(void* x) {
        Value v;
        v.p = x;
        v.tag = Tag::LightUserdata;
        return v;
    }
    static Value hostFunction(HostFn f) {
        Value v;
        v.fn = f;
        v.tag = Tag::HostFunction;
        return v;
    }
    // Wraps a collectable object; the tag is read from the object header.
    static inline Value object(GCObject* o);

    bool isNil() const { return tag == Tag::Nil; }
    bool isFalsy() const { return tag <= Tag::False; } // nil or false
    bool isTruthy() const { return tag > Tag::False; }
    bool isBoolean() const { return tag == Tag::False || tag == Tag::True; }
    bool isInt() const { return tag == Tag::Int; }
    bool isFloat() const { return tag == Tag::Float; }
    bool isNumber() const { return tag == Tag::Int || tag == Tag::Float; }
    bool isString() const { return tag == Tag::String; }
    bool isTable() const { return tag == Tag::Table; }
    bool isFunction() const {
        return tag == Tag::LuaClosure || tag == Tag::HostClosure || tag == Tag::HostFunction;
    }
    bool isCollectable() const { return isCollectableTag(tag); }
    LuaType type() const { return luaTypeOf(tag); }

    // Unchecked accessors: call only after testing the tag.
    inline String* asString() const;
    inline Table* asTable() const;
    inline LuaClosure* asLuaClosure() const;
    inline HostClosure* asHostClosure() const;
    inline Userdata* asUserdata() const;
    inline Thread* asThread() const;
    Number asNumber() const { return tag == Tag::Int ? Number(i) : n; } // Int or Float only
};

static_assert(sizeof(Value) == 16, "Value must stay two words");

// Raw equality (`rawequal`): same type and same value; Int and Float compare
// mathematically (1 == 1.0). Strings are interned, so pointer equality suffices.
bool rawEquals(const Value& a, const Value& b);

} // namespace tricolor
