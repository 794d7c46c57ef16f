// tm.cpp — metamethod names and lookup (see tm.h).
#include "core/tm.h"

#include <cstring>

namespace tricolor {

namespace {

// In Metamethod order; checked against Metamethod::Count below.
constexpr const char* kMetamethodNames[] = {
    "__index", "__newindex", "__gc",   "__mode",      "__len",   "__eq",   "__add",    "__sub",
    "__mul",   "__mod",      "__pow",  "__div",       "__idiv",  "__band", "__bor",    "__bxor",
    "__shl",   "__shr",      "__unm",  "__bnot",      "__lt",    "__le",   "__concat", "__call",
    "__close", "__tostring", "__name", "__metatable", "__pairs",
};
static_assert(sizeof(kMetamethodNames) / sizeof(kMetamethodNames[0]) == size_t(Metamethod::Count),
              "one name per metamethod event");

} // namespace

const char* metamethodName(Metamethod m) {
    return m < Metamethod::Count ? kMetamethodNames[int(m)] : "?";
}

void initMetamethodNames(VM& vm) {
    for (int i = 0; i < int(Metamethod::Count); i++) {
        const char* name = kMetamethodNames[i];
        String* s = internString(vm, name, std::strlen(name));
        gcFix(vm, s);
        vm.metamethodNames[i] = s;
    }
}

Value getMetamethod(VM& vm, const Value& obj, Metamethod m) {
    const Value* v = fastMetamethod(vm, getMetatable(vm, obj), m);
    return v ? *v : Value::nil();
}

} // namespace tricolor
