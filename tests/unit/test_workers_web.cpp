// The browser workers' spawn record (core/spawnrecord.h): what the page hands a new Web Worker's
// VM. Round trips keep every field; truncated, oversized, wrong-version and hostile records are
// refused with a reason, never a crash or a huge allocation.
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include "core/spawnrecord.h"

using namespace tricolor;

namespace {

WorkerSpawn sampleSpawn() {
    WorkerSpawn s;
    s.id = 0x01020304;
    s.source = std::string("local a, b = ...\nreturn a .. b\0tail", 35);
    s.args = {{'T', 'W', 1, 'n'}, {}, {0, 255, 7}};
    s.memoryLimit = size_t(48) << 20;
    s.hashSeed = 0x8877665544332211ull;
    s.gcStress = true;
    s.gcValidate = false;
    return s;
}

// Decodes `bytes`; returns the decoder's reason ("" when it accepted them).
std::string decodeError(const std::vector<uint8_t>& bytes, WorkerSpawn* out = nullptr) {
    WorkerSpawn s;
    std::string error;
    bool ok = decodeSpawnRecord(bytes.data(), bytes.size(), s, error);
    if (ok) {
        CHECK(error.empty());
        if (out) *out = s;
        return "";
    }
    CHECK_FALSE(error.empty());
    return error;
}

void putU32At(std::vector<uint8_t>& bytes, size_t at, uint32_t v) {
    for (int i = 0; i < 4; i++)
        bytes[at + size_t(i)] = uint8_t(v >> (8 * i));
}

// Offsets in a record: magic(2) version(1) id(4) limit(8) seed(8) flags(1), then the source.
constexpr size_t kVersionAt = 2;
constexpr size_t kLimitAt = 7;
constexpr size_t kFlagsAt = 23;
constexpr size_t kSourceLengthAt = 24;

} // namespace

TEST_CASE("spawn record: a round trip keeps every field") {
    WorkerSpawn in = sampleSpawn();
    std::vector<uint8_t> bytes = encodeSpawnRecord(in);
    CHECK(bytes.size() == 24 + 4 + 35 + 4 + (4 + 4) + 4 + (4 + 3));
    WorkerSpawn out;
    REQUIRE(decodeError(bytes, &out) == "");
    CHECK(out.id == in.id);
    CHECK(out.source == in.source);
    CHECK(out.args == in.args);
    CHECK(out.memoryLimit == in.memoryLimit);
    CHECK(out.hashSeed == in.hashSeed);
    CHECK(out.gcStress);
    CHECK_FALSE(out.gcValidate);

    in.gcStress = false;
    in.gcValidate = true;
    in.args.clear();
    in.source.clear();
    REQUIRE(decodeError(encodeSpawnRecord(in), &out) == "");
    CHECK_FALSE(out.gcStress);
    CHECK(out.gcValidate);
    CHECK(out.args.empty());
    CHECK(out.source.empty());
}

TEST_CASE("spawn record: an accepted record is canonical (encode(decode(b)) == b)") {
    std::vector<uint8_t> bytes = encodeSpawnRecord(sampleSpawn());
    WorkerSpawn out;
    REQUIRE(decodeError(bytes, &out) == "");
    CHECK(encodeSpawnRecord(out) == bytes);
}

TEST_CASE("spawn record: every truncation is refused") {
    std::vector<uint8_t> bytes = encodeSpawnRecord(sampleSpawn());
    for (size_t n = 0; n < bytes.size(); n++) {
        std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + long(n));
        INFO("prefix of " << n << " bytes");
        CHECK(decodeError(prefix) == "truncated");
    }
}

TEST_CASE("spawn record: trailing bytes are refused") {
    std::vector<uint8_t> bytes = encodeSpawnRecord(sampleSpawn());
    bytes.push_back(0);
    CHECK(decodeError(bytes) == "trailing bytes");
}

TEST_CASE("spawn record: a wrong magic or version is refused") {
    std::vector<uint8_t> bytes = encodeSpawnRecord(sampleSpawn());
    CHECK(bytes[kVersionAt] == kSpawnRecordVersion);
    std::vector<uint8_t> version = bytes;
    version[kVersionAt] = kSpawnRecordVersion + 1;
    CHECK(decodeError(version) == "unsupported version");
    version[kVersionAt] = 0;
    CHECK(decodeError(version) == "unsupported version");
    std::vector<uint8_t> magic = bytes;
    magic[1] = 'W'; // a wire message ("TW") is not a spawn record
    CHECK(decodeError(magic) == "bad magic");
    // The record of the format before versioning began with the worker id.
    CHECK(decodeError({1, 0, 0, 0, 0, 0, 0, 16}) == "bad magic");
}

TEST_CASE("spawn record: unknown flag bits are refused") {
    std::vector<uint8_t> bytes = encodeSpawnRecord(sampleSpawn());
    for (uint8_t bit = 4; bit != 0; bit = uint8_t(bit << 1)) {
        std::vector<uint8_t> flagged = bytes;
        flagged[kFlagsAt] |= bit;
        CHECK(decodeError(flagged) == "unknown flags");
    }
}

TEST_CASE("spawn record: hostile lengths and counts allocate nothing and are refused") {
    std::vector<uint8_t> bytes = encodeSpawnRecord(sampleSpawn());
    std::vector<uint8_t> source = bytes;
    putU32At(source, kSourceLengthAt, 0xFFFFFFFFu);
    CHECK(decodeError(source) == "truncated");
    // One byte too long: the source swallows the argument count's first byte and the rest no
    // longer parses.
    putU32At(source, kSourceLengthAt, 36);
    CHECK(decodeError(source) != "");

    // An argument count of 4 billion with a few bytes left: refused before reserving.
    WorkerSpawn none = sampleSpawn();
    none.args.clear();
    std::vector<uint8_t> counted = encodeSpawnRecord(none);
    putU32At(counted, counted.size() - 4, 0xFFFFFFFFu);
    counted.insert(counted.end(), 16, 0);
    CHECK(decodeError(counted) == "truncated");
    // A count that the remaining bytes could hold, but whose blobs are not there.
    putU32At(counted, counted.size() - 20, 3);
    CHECK(decodeError(counted) == "trailing bytes"); // three empty blobs, then 4 bytes left
    putU32At(counted, counted.size() - 20, 4);
    WorkerSpawn four;
    REQUIRE(decodeError(counted, &four) == "");
    CHECK(four.args.size() == 4);
    // An argument length past the end.
    putU32At(counted, counted.size() - 4, 1);
    CHECK(decodeError(counted) == "truncated");
}

TEST_CASE("spawn record: a memory limit beyond size_t is refused") {
    std::vector<uint8_t> bytes = encodeSpawnRecord(sampleSpawn());
    for (size_t i = 0; i < 8; i++)
        bytes[kLimitAt + i] = 0xFF;
    WorkerSpawn out;
    if (sizeof(size_t) < 8) {
        CHECK(decodeError(bytes) == "memory limit too large");
    } else {
        REQUIRE(decodeError(bytes, &out) == "");
        CHECK(out.memoryLimit == ~size_t(0));
    }
}
