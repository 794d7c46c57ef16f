// fuzz_spawn.cpp — the browser workers' spawn record decoder (core/spawnrecord.h) on arbitrary
// bytes: what a new Web Worker's VM decodes from the page's postMessage.
//
// Properties: decodeSpawnRecord never crashes and never allocates beyond the input's size (ASan's
// allocation limits catch a hostile count); a refusal carries a reason; an accepted record is
// canonical: encoding what was decoded gives back exactly the input bytes.
#include <cstdint>
#include <string>
#include <vector>

#include "core/spawnrecord.h"
#include "fuzz/fuzz_common.h"

using namespace tricolor;

namespace {
constexpr const char* kTarget = "fuzz_spawn";
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    WorkerSpawn spawn;
    std::string error;
    if (!decodeSpawnRecord(data, size, spawn, error)) {
        if (error.empty()) fuzz::fuzzFail(kTarget, "decode failed without a reason");
        return 0;
    }
    if (!error.empty()) fuzz::fuzzFail(kTarget, "an accepted record has a reason: " + error);
    std::vector<uint8_t> again = encodeSpawnRecord(spawn);
    if (again != std::vector<uint8_t>(data, data + size))
        fuzz::fuzzFail(kTarget, "encode(decode(bytes)) differs from the bytes");
    return 0;
}
