// fuzz_wire.cpp — the worker-message decoder (wire.h) on arbitrary bytes.
//
// Properties: wireDecode never crashes and either fails with a message or
// returns a value; a decoded value can always be encoded again (it holds only
// data, nested at most kWireMaxDepth deep), that encoding decodes, and the
// re-decoded value is deeply equal to the first (same types, same integer and
// float bits, same strings, tables with the same entries; table iteration
// order may differ, so bytes are not compared).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "core/string.h"
#include "core/table.h"
#include "core/wire.h"
#include "fuzz/fuzz_common.h"

using namespace tricolor;

namespace {
constexpr const char* kTarget = "fuzz_wire";

// A canonical text of a decoded value: integers and float bits exactly,
// strings as bytes, tables as their entries sorted by canonical text (table
// keys are fresh objects after a round trip, so identity cannot be compared).
std::string canonical(const Value& v) {
    char buf[40];
    switch (v.tag) {
    case Tag::Nil: return "n";
    case Tag::False: return "f";
    case Tag::True: return "t";
    case Tag::Int: std::snprintf(buf, sizeof buf, "i%lld", (long long)v.i); return buf;
    case Tag::Float: {
        uint64_t bits;
        std::memcpy(&bits, &v.n, sizeof bits);
        std::snprintf(buf, sizeof buf, "d%llx", (unsigned long long)bits);
        return buf;
    }
    case Tag::String: {
        std::string_view sv = view(v.asString());
        return "s" + std::to_string(sv.size()) + ":" + std::string(sv);
    }
    case Tag::Table: {
        std::vector<std::string> entries;
        Value key, value;
        bool invalid = false;
        while (tableNext(v.asTable(), key, value, invalid))
            entries.push_back(canonical(key) + "=" + canonical(value));
        std::sort(entries.begin(), entries.end());
        std::string out = "T" + std::to_string(entries.size()) + "{";
        for (auto& e : entries)
            out += e + ";";
        return out + "}";
    }
    default: return "?";
    }
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
            if (canonical(v) != canonical(again))
                fuzz::fuzzFail(kTarget, "decode(encode(v)) differs from v");
            fuzz::checkHeap(*vm, kTarget);
        }
    } catch (const LuaError&) {
        // The memory limit.
    }
    vmDestroy(vm);
    return 0;
}
