// spawnrecord.cpp — the spawn record's encoder and hostile-input decoder (see spawnrecord.h).
#include "core/spawnrecord.h"

#include <limits>
#include <string_view>

namespace tricolor {

namespace {

constexpr char kMagic[2] = {'T', 'S'};
constexpr uint8_t kFlagGcStress = 1;
constexpr uint8_t kFlagGcValidate = 2;
constexpr size_t kBlobHeader = 4; // a blob's u32 length

void putLE(std::vector<uint8_t>& out, uint64_t v, int bytes) {
    for (int i = 0; i < bytes; i++)
        out.push_back(uint8_t(v >> (8 * i)));
}

// Blobs are bounded by the sender's memory limit (far below 4 GiB: the length is a u32).
void putBlob(std::vector<uint8_t>& out, const void* data, size_t n) {
    putLE(out, n, 4);
    const auto* p = static_cast<const uint8_t*>(data);
    out.insert(out.end(), p, p + n);
}

// Reads the record front to back. The first failure sticks: later reads return zero / empty
// and `why` keeps the first reason.
class RecordReader {
  public:
    RecordReader(const uint8_t* p, size_t n) : p_(p), n_(n) {}

    bool ok() const { return why_ == nullptr; }
    const char* why() const { return why_; }
    size_t remaining() const { return n_; }
    void fail(const char* why) {
        if (!why_) why_ = why;
    }

    uint64_t number(int bytes) {
        if (!take(size_t(bytes))) return 0;
        uint64_t v = 0;
        for (int i = 0; i < bytes; i++)
            v |= uint64_t(p_[i - bytes]) << (8 * i);
        return v;
    }

    std::string_view blob() {
        size_t length = size_t(number(4));
        if (!take(length)) return {};
        return {reinterpret_cast<const char*>(p_ - length), length};
    }

  private:
    // Consumes `count` bytes (p_ then points just past them).
    bool take(size_t count) {
        if (!ok()) return false;
        if (count > n_) {
            fail("truncated");
            return false;
        }
        p_ += count;
        n_ -= count;
        return true;
    }

    const uint8_t* p_;
    size_t n_;
    const char* why_ = nullptr;
};

void readHeader(RecordReader& r) {
    bool magicOk = r.number(1) == uint8_t(kMagic[0]);
    magicOk = r.number(1) == uint8_t(kMagic[1]) && magicOk;
    if (!magicOk) r.fail("bad magic");
    if (r.number(1) != kSpawnRecordVersion) r.fail("unsupported version");
}

void readSettings(RecordReader& r, WorkerSpawn& out) {
    out.id = uint32_t(r.number(4));
    uint64_t limit = r.number(8);
    if (limit > std::numeric_limits<size_t>::max()) r.fail("memory limit too large");
    out.memoryLimit = size_t(limit);
    out.hashSeed = r.number(8);
    uint64_t flags = r.number(1);
    if (flags & ~uint64_t(kFlagGcStress | kFlagGcValidate)) r.fail("unknown flags");
    out.gcStress = flags & kFlagGcStress;
    out.gcValidate = flags & kFlagGcValidate;
}

void readArguments(RecordReader& r, WorkerSpawn& out) {
    uint64_t count = r.number(4);
    // Each argument takes at least its length field: a count beyond that means a cut record (or a
    // lie), refused before anything is reserved.
    if (count > r.remaining() / kBlobHeader) r.fail("truncated");
    if (!r.ok()) return;
    out.args.reserve(size_t(count));
    for (uint64_t i = 0; i < count && r.ok(); i++) {
        std::string_view a = r.blob();
        out.args.emplace_back(a.begin(), a.end());
    }
}

} // namespace

std::vector<uint8_t> encodeSpawnRecord(const WorkerSpawn& s) {
    std::vector<uint8_t> out;
    out.push_back(uint8_t(kMagic[0]));
    out.push_back(uint8_t(kMagic[1]));
    out.push_back(kSpawnRecordVersion);
    putLE(out, s.id, 4);
    putLE(out, s.memoryLimit, 8);
    putLE(out, s.hashSeed, 8);
    out.push_back(uint8_t((s.gcStress ? kFlagGcStress : 0) | (s.gcValidate ? kFlagGcValidate : 0)));
    putBlob(out, s.source.data(), s.source.size());
    putLE(out, s.args.size(), 4);
    for (const auto& a : s.args)
        putBlob(out, a.data(), a.size());
    return out;
}

bool decodeSpawnRecord(const uint8_t* data, size_t size, WorkerSpawn& out, std::string& error) {
    RecordReader r(data, size);
    readHeader(r);
    readSettings(r, out);
    std::string_view source = r.blob();
    if (r.ok()) out.source.assign(source);
    readArguments(r, out);
    if (r.ok() && r.remaining() != 0) r.fail("trailing bytes");
    if (r.ok()) return true;
    error = r.why();
    return false;
}

} // namespace tricolor
