// value.cpp — type names and raw equality (see value.h).
#include "core/value.h"

#include "core/number.h"

namespace tricolor {

const char* luaTypeName(LuaType t) {
    switch (t) {
    case LuaType::Nil: return "nil";
    case LuaType::Boolean: return "boolean";
    case LuaType::LightUserdata: return "userdata";
    case LuaType::Number: return "number";
    case LuaType::String: return "string";
    case LuaType::Table: return "table";
    case LuaType::Function: return "function";
    case LuaType::Userdata: return "userdata";
    case LuaType::Thread: return "thread";
    case LuaType::None: return "no value";
    }
    return "?";
}

bool rawEquals(const Value& a, const Value& b) {
    if (a.tag != b.tag) {
        if (a.tag == Tag::Int && b.tag == Tag::Float) return numbersEqual(a.i, b.n);
        if (a.tag == Tag::Float && b.tag == Tag::Int) return numbersEqual(b.i, a.n);
        return false;
    }
    switch (a.tag) {
    case Tag::Nil:
    case Tag::False:
    case Tag::True: return true;
    case Tag::Int: return a.i == b.i;
    case Tag::Float: return a.n == b.n;
    case Tag::LightUserdata: return a.p == b.p;
    case Tag::HostFunction: return a.fn == b.fn;
    default: return a.gc == b.gc; // collectables, interned strings included
    }
}

} // namespace tricolor
