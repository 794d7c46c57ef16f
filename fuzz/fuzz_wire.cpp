// fuzz_wire.cpp — the worker-message decoder (wire.h) on arbitrary bytes.
//
// Properties: wireDecode never crashes and either fails with a message or
// returns a value; a decoded value can always be encoded again (it holds only
// data, nested at most kWireMaxDepth deep), that encoding decodes, and the
// re-decoded value is deeply equal to the first (same types, same integer and
// float bits, same strings, tables with the same entries; table iteration
// order may differ, so bytes are not compared).
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/table.h"
#include "core/wire.h"
#include "fuzz/fuzz_common.h"

using namespace tricolor;

namespace {
constexpr const char* kTarget = "fuzz_wire";

bool deepEqual(const Value& a, const Value& b);

// Every entry of `a` is in `b` with a deeply equal value.
bool tableIncluded(Table* a, Table* b) {
    Value key, value;
    bool invalid = false;
    while (tableNext(a, key, value, invalid)) {
        if (!deepEqual(value, *tableGet(b, key))) return false;
    }
    return !invalid;
}

bool deepEqual(const Value& a, const Value& b) {
    if (a.tag != b.tag) return false;
    if (a.isFloat()) return std::memcmp(&a.n, &b.n, sizeof a.n) == 0;
    if (a.isTable())
        return tableIncluded(a.asTable(), b.asTable()) && tableIncluded(b.asTable(), a.asTable());
    return rawEquals(a, b);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    VM* vm = fuzz::makeSandboxVM(size_t(32) << 20, false);
    if (!vm) return 0;
    try {
        Value v;
        std::string error;
        if (!wireDecode(*vm, data, size, v, error)) {
            if (error.empty()) fuzz::fuzzFail(kTarget, "decode failed without a message");
        } else {
            push(*vm, v); // anchored from here on
            std::vector<uint8_t> first;
            if (!wireEncode(*vm, v, first, error))
                fuzz::fuzzFail(kTarget, "a decoded value does not encode: " + error);
            Value again;
            if (!wireDecode(*vm, first.data(), first.size(), again, error))
                fuzz::fuzzFail(kTarget, "an encoded value does not decode: " + error);
            push(*vm, again);
            if (!deepEqual(v, again)) fuzz::fuzzFail(kTarget, "decode(encode(v)) differs from v");
            fuzz::checkHeap(*vm, kTarget);
        }
    } catch (const LuaError&) {
        // The memory limit.
    }
    vmDestroy(vm);
    return 0;
}
