// tm.h — metamethod lookup ("tag methods").
//
// A metamethod is a field of a metatable whose key is one of the event names
// "__index", "__newindex", ... (vm.h's Metamethod enum gives their order).
// The names are interned once per VM into vm.metamethodNames and fixed, so a
// lookup is one pointer-compare chain walk (table.h: tableGetStr).
//
// Absence cache. The events most often asked about and most often missing
// (the first kFastMetamethods: __index, __newindex, __gc, __mode, __len,
// __eq) have a bit in Table::metamethodAbsent. fastMetamethod sets the bit
// when it finds the field missing, and table.cpp clears the whole byte
// whenever a key is added to the table (or a removed key gets a value again),
// so a set bit always means "this table has no such field right now".
//
// Owner: the objects helper (tm.cpp).
#pragma once

#include "core/table.h"
#include "core/vm.h"

namespace tricolor {

// Interns and fixes (gcFix) every metamethod name into vm.metamethodNames.
// Called once by VM creation, after the string table and the collector exist.
void initMetamethodNames(VM& vm);

// The metamethod `m` of metatable `mt` (which may be null), or nullptr when it
// is absent (nil). For the first kFastMetamethods events a miss is remembered
// in mt->metamethodAbsent. The pointer is valid until the next write to mt.
inline const Value* fastMetamethod(VM& vm, Table* mt, Metamethod m) {
    if (mt == nullptr) return nullptr;
    const int bit = int(m);
    if (bit < kFastMetamethods && (mt->metamethodAbsent & (1u << bit))) return nullptr;
    const Value* v = tableGetStr(mt, vm.metamethodNames[bit]);
    if (!v->isNil()) return v;
    if (bit < kFastMetamethods) mt->metamethodAbsent |= uint8_t(1u << bit);
    return nullptr;
}

// The metatable of any value: tables and full userdata carry their own, every
// other type shares the per-type one in vm.typeMetatables. Null when none.
inline Table* getMetatable(VM& vm, const Value& v) {
    switch (v.tag) {
    case Tag::Table: return v.asTable()->metatable;
    case Tag::Userdata: return v.asUserdata()->metatable;
    default: return vm.typeMetatables[int(v.type())];
    }
}

// The metamethod `m` of any value, nil when it has none (raw access: no
// __index on the metatable itself, as the manual specifies).
Value getMetamethod(VM& vm, const Value& obj, Metamethod m);

} // namespace tricolor
