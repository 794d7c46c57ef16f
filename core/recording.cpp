// recording.cpp — serialising recordings, our LZ77 compressor, base64url and
// share links (see recording.h; the byte layouts are in docs/replay.md).
#include "core/recording.h"

#include <algorithm>
#include <cstring>

namespace tricolor {

const char* actionKindName(ActionKind k) {
    switch (k) {
    case ActionKind::GcUnit: return "gc-unit";
    case ActionKind::GcPhase: return "gc-phase";
    case ActionKind::GcCycle: return "gc-cycle";
    case ActionKind::SetGcParams: return "set-gc-params";
    case ActionKind::Deliver: return "deliver";
    case ActionKind::Stop: return "stop";
    case ActionKind::Mark: return "mark";
    case ActionKind::Input: return "input";
    }
    return "?";
}

namespace {

// ===========================================================================
// Byte writer / reader

class Writer {
  public:
    std::vector<uint8_t> out;

    void byte(uint8_t b) { out.push_back(b); }
    void varint(uint64_t x) {
        while (x >= 0x80) {
            out.push_back(uint8_t(x) | 0x80);
            x >>= 7;
        }
        out.push_back(uint8_t(x));
    }
    void zigzag(int64_t x) { varint((uint64_t(x) << 1) ^ uint64_t(x >> 63)); }
    void fixed64(uint64_t x) {
        for (int k = 0; k < 8; k++)
            out.push_back(uint8_t(x >> (8 * k)));
    }
    void bytes(const void* p, size_t n) {
        varint(n);
        auto* b = static_cast<const uint8_t*>(p);
        out.insert(out.end(), b, b + n);
    }
    void bytes(const std::string& s) { bytes(s.data(), s.size()); }
    void bytes(const std::vector<uint8_t>& v) { bytes(v.data(), v.size()); }
};

// Reads from a bounded buffer; the first failure sticks (every later read
// fails too) and its message is kept.
class Reader {
  public:
    Reader(const uint8_t* p, size_t n) : p_(p), end_(p + n) {}

    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }
    bool atEnd() const { return p_ == end_; }
    size_t remaining() const { return size_t(end_ - p_); }

    bool fail(const std::string& message) {
        if (error_.empty()) error_ = "share link: " + message;
        p_ = end_;
        return false;
    }

    uint8_t byte() {
        if (p_ == end_) return fail("truncated"), 0;
        return *p_++;
    }
    uint64_t varint() {
        uint64_t x = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p_ == end_) return fail("truncated"), 0;
            uint8_t b = *p_++;
            if (shift == 63 && b > 1) return fail("corrupt data (number too large)"), 0;
            x |= uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80)) return x;
        }
        return fail("corrupt data (number too long)"), 0;
    }
    int64_t zigzag() {
        uint64_t z = varint();
        return int64_t(z >> 1) ^ -int64_t(z & 1);
    }
    uint64_t fixed64() {
        if (remaining() < 8) return fail("truncated"), 0;
        uint64_t x = 0;
        for (int k = 0; k < 8; k++)
            x |= uint64_t(p_[k]) << (8 * k);
        p_ += 8;
        return x;
    }
    // A length-prefixed byte run, checked against what remains.
    bool span(const uint8_t*& data, size_t& size) {
        uint64_t n = varint();
        if (!ok()) return false;
        if (n > remaining()) return fail("truncated");
        data = p_;
        size = size_t(n);
        p_ += n;
        return true;
    }
    bool string(std::string& s) {
        const uint8_t* d;
        size_t n;
        if (!span(d, n)) return false;
        s.assign(reinterpret_cast<const char*>(d), n);
        return true;
    }

  private:
    const uint8_t* p_;
    const uint8_t* end_;
    std::string error_;
};

// ===========================================================================
// Recording fields

enum Field : uint32_t {
    kWordBits = 1,
    kMainChunk = 2,
    kMainSource = 3,
    kWorker = 4, // repeated
    kMemoryLimit = 5,
    kGenerational = 6,
    kPause = 7,
    kStepMul = 8,
    kStepSize = 9,
    kStress = 10,
    kValidate = 11,
    kRandomSeed1 = 12,
    kRandomSeed2 = 13,
    kHashSeed = 14,
    kClockStart = 15,
    kClockRate = 16,
    kFile = 17, // repeated
    kActions = 18,
    kEndAt = 19,
    kCursor = 20,
    kSelected = 21,
    kExpectedDigest = 22,
    kWorkerLib = 23,
    kInteractiveStdin = 24,
    kPortableDigest = 25,
    kFieldLimit = 26,
};
constexpr uint32_t kVarintType = 0, kBytesType = 2;
constexpr uint8_t kDigestFlag = 0x80;         // action kind byte: a digest follows
constexpr uint8_t kPortableDigestFlag = 0x40; // action kind byte: a portable digest follows

// Defaults as the format sees them (the word size defaults to 64, whatever
// the build's own width is).
Recording wireDefaults() {
    Recording r;
    r.wordBits = 64;
    return r;
}

constexpr uint64_t kMaxMemoryLimit = uint64_t(1) << 30;
constexpr int64_t kMaxGcParam = 1000000;
constexpr int64_t kMaxStepSizeLog2 = 40;
constexpr uint64_t kMaxClockRate = uint64_t(1) << 40;

void key(Writer& w, uint32_t field, uint32_t type) {
    w.varint(uint64_t(field) << 3 | type);
}
void varintField(Writer& w, uint32_t field, uint64_t v, uint64_t dflt) {
    if (v == dflt) return;
    key(w, field, kVarintType);
    w.varint(v);
}
void zigzagField(Writer& w, uint32_t field, int64_t v, int64_t dflt) {
    if (v == dflt) return;
    key(w, field, kVarintType);
    w.zigzag(v);
}
void bytesField(Writer& w, uint32_t field, const std::vector<uint8_t>& v) {
    key(w, field, kBytesType);
    w.bytes(v);
}

// A pair of strings (script: chunk name + source; file: path + contents).
std::vector<uint8_t> stringPair(const std::string& a, const std::string& b) {
    Writer w;
    w.bytes(a);
    w.bytes(b);
    return w.out;
}

void writeAction(Writer& w, const Action& a, uint64_t previousAt) {
    w.byte(uint8_t(a.kind) | (a.digest ? kDigestFlag : 0) |
           (a.portableDigest ? kPortableDigestFlag : 0));
    w.varint(a.at - previousAt);
    switch (a.kind) {
    case ActionKind::GcUnit:
    case ActionKind::GcPhase:
    case ActionKind::GcCycle: w.varint(a.count); break;
    case ActionKind::SetGcParams:
        w.zigzag(a.pause);
        w.zigzag(a.stepMul);
        w.zigzag(a.stepSizeLog2);
        break;
    case ActionKind::Deliver:
        w.varint(a.channel);
        w.varint(uint64_t(a.messageKind) | uint64_t(a.duringRun) << 3);
        w.bytes(a.bytes);
        w.bytes(a.detail);
        break;
    case ActionKind::Input: w.bytes(a.bytes); break;
    case ActionKind::Stop:
    case ActionKind::Mark: break;
    }
    if (a.digest) w.fixed64(a.digest);
    if (a.portableDigest) w.fixed64(a.portableDigest);
}

std::vector<uint8_t> actionList(const std::vector<Action>& actions) {
    Writer w;
    w.varint(actions.size());
    uint64_t previousAt = 0;
    for (const Action& a : actions) {
        writeAction(w, a, previousAt);
        previousAt = a.at;
    }
    return w.out;
}

// ---------------------------------------------------------------------------
// Decoding

bool inRange(Reader& r, int64_t v, int64_t lo, int64_t hi, const char* what) {
    if (v >= lo && v <= hi) return true;
    return r.fail(std::string(what) + " out of range");
}

bool readGcParams(Reader& r, Action& a) {
    int64_t p = r.zigzag(), m = r.zigzag(), s = r.zigzag();
    if (!r.ok() || !inRange(r, p, 0, kMaxGcParam, "gc pause") ||
        !inRange(r, m, 0, kMaxGcParam, "gc step multiplier") ||
        !inRange(r, s, 0, kMaxStepSizeLog2, "gc step size"))
        return false;
    a.pause = int32_t(p);
    a.stepMul = int32_t(m);
    a.stepSizeLog2 = int32_t(s);
    return true;
}

bool readAction(Reader& r, Action& a, uint64_t previousAt) {
    uint8_t kindByte = r.byte();
    uint8_t kind = kindByte & ~(kDigestFlag | kPortableDigestFlag);
    if (!r.ok()) return false;
    if (kind < uint8_t(ActionKind::GcUnit) || kind > uint8_t(ActionKind::Input))
        return r.fail("unknown action kind " + std::to_string(kind));
    a.kind = ActionKind(kind);
    uint64_t delta = r.varint();
    if (delta > UINT64_MAX - previousAt) return r.fail("corrupt data (instruction count)");
    a.at = previousAt + delta;
    switch (a.kind) {
    case ActionKind::GcUnit:
    case ActionKind::GcPhase:
    case ActionKind::GcCycle:
        a.count = r.varint();
        if (r.ok() && (a.count == 0 || a.count > (uint64_t(1) << 32)))
            return r.fail("action repeat count out of range");
        break;
    case ActionKind::SetGcParams:
        if (!readGcParams(r, a)) return false;
        break;
    case ActionKind::Deliver: {
        uint64_t channel = r.varint();
        if (r.ok() && channel > UINT32_MAX) return r.fail("channel out of range");
        a.channel = uint32_t(channel);
        uint64_t messageKind = r.varint();
        if (r.ok() && (messageKind & 7) > 5) return r.fail("unknown message kind");
        if (r.ok() && messageKind > 15) return r.fail("corrupt data (message flags)");
        a.messageKind = uint8_t(messageKind & 7);
        a.duringRun = messageKind & 8;
        const uint8_t* d;
        size_t n;
        if (!r.span(d, n)) return false;
        a.bytes.assign(d, d + n);
        if (!r.string(a.detail)) return false;
        break;
    }
    case ActionKind::Input: {
        const uint8_t* d;
        size_t n;
        if (!r.span(d, n)) return false;
        a.bytes.assign(d, d + n);
        break;
    }
    case ActionKind::Stop:
    case ActionKind::Mark: break;
    }
    if (kindByte & kDigestFlag) {
        a.digest = r.fixed64();
        if (r.ok() && a.digest == 0) return r.fail("corrupt data (zero digest)");
    }
    if (kindByte & kPortableDigestFlag) {
        a.portableDigest = r.fixed64();
        if (r.ok() && a.portableDigest == 0) return r.fail("corrupt data (zero digest)");
    }
    return r.ok();
}

bool readActions(Reader& outer, std::vector<Action>& actions) {
    const uint8_t* d;
    size_t n;
    if (!outer.span(d, n)) return false;
    Reader r(d, n);
    uint64_t count = r.varint();
    // Every action takes at least two bytes: a larger count is a lie.
    if (r.ok() && count > r.remaining() / 2) return outer.fail("corrupt data (action count)");
    actions.clear();
    actions.reserve(size_t(count));
    uint64_t previousAt = 0;
    for (uint64_t k = 0; k < count && r.ok(); k++) {
        Action a;
        if (!readAction(r, a, previousAt)) break;
        previousAt = a.at;
        actions.push_back(std::move(a));
    }
    if (r.ok() && !r.atEnd()) r.fail("corrupt data (bytes after the actions)");
    return r.ok() || outer.fail(r.error().substr(12));
}

bool readStringPair(Reader& outer, std::string& a, std::string& b) {
    const uint8_t* d;
    size_t n;
    if (!outer.span(d, n)) return false;
    Reader r(d, n);
    r.string(a);
    r.string(b);
    if (r.ok() && !r.atEnd()) r.fail("corrupt data (bytes after a string pair)");
    return r.ok() || outer.fail(r.error().substr(12));
}

bool readBool(Reader& r, bool& out) {
    uint64_t v = r.varint();
    if (r.ok() && v > 1) return r.fail("corrupt data (flag)");
    out = v == 1;
    return r.ok();
}

bool readInt32(Reader& r, int32_t& out, int64_t lo, int64_t hi, const char* what) {
    int64_t v = r.zigzag();
    if (!r.ok() || !inRange(r, v, lo, hi, what)) return false;
    out = int32_t(v);
    return true;
}

// Reads one field's value into `rec`.
bool readField(Reader& r, uint32_t field, Recording& rec) {
    switch (field) {
    case kWordBits: {
        uint64_t w = r.varint();
        if (r.ok() && w != 32 && w != 64) return r.fail("word size must be 32 or 64");
        rec.wordBits = uint8_t(w);
        return r.ok();
    }
    case kMainChunk: return r.string(rec.main.chunkName);
    case kMainSource: return r.string(rec.main.source);
    case kWorker: {
        if (rec.workers.size() >= 64) return r.fail("too many worker scripts");
        ScriptSource s;
        if (!readStringPair(r, s.chunkName, s.source)) return false;
        rec.workers.push_back(std::move(s));
        return true;
    }
    case kMemoryLimit:
        rec.memoryLimit = r.varint();
        if (r.ok() && (rec.memoryLimit == 0 || rec.memoryLimit > kMaxMemoryLimit))
            return r.fail("memory limit out of range (at most 1 GB)");
        return r.ok();
    case kGenerational: return readBool(r, rec.gcGenerational);
    case kPause: return readInt32(r, rec.gcPause, 0, kMaxGcParam, "gc pause");
    case kStepMul: return readInt32(r, rec.gcStepMul, 0, kMaxGcParam, "gc step multiplier");
    case kStepSize: return readInt32(r, rec.gcStepSizeLog2, 0, kMaxStepSizeLog2, "gc step size");
    case kStress: return readBool(r, rec.gcStress);
    case kValidate: return readBool(r, rec.gcValidate);
    case kRandomSeed1: rec.randomSeed1 = r.zigzag(); return r.ok();
    case kRandomSeed2: rec.randomSeed2 = r.zigzag(); return r.ok();
    case kHashSeed: rec.hashSeed = r.varint(); return r.ok();
    case kClockStart: rec.clockStart = r.zigzag(); return r.ok();
    case kClockRate:
        rec.clockMicrosPerKilo = r.varint();
        if (r.ok() && rec.clockMicrosPerKilo > kMaxClockRate)
            return r.fail("clock rate out of range");
        return r.ok();
    case kFile: {
        if (rec.files.size() >= 4096) return r.fail("too many files");
        VirtualFile f;
        if (!readStringPair(r, f.path, f.contents)) return false;
        rec.files.push_back(std::move(f));
        return true;
    }
    case kActions: return readActions(r, rec.actions);
    case kEndAt: rec.endAt = r.varint(); return r.ok();
    case kCursor: rec.cursor = r.varint(); return r.ok();
    case kSelected: rec.selectedObject = r.varint(); return r.ok();
    case kExpectedDigest: rec.expectedDigest = r.varint(); return r.ok();
    case kWorkerLib: return readBool(r, rec.workerLib);
    case kInteractiveStdin: return readBool(r, rec.interactiveStdin);
    case kPortableDigest: rec.portableDigest = r.varint(); return r.ok();
    default: return r.fail("unknown field " + std::to_string(field));
    }
}

uint32_t fieldType(uint32_t field) {
    switch (field) {
    case kMainChunk:
    case kMainSource:
    case kWorker:
    case kFile:
    case kActions: return kBytesType;
    default: return kVarintType;
    }
}

// Consistency between fields, checked once everything is read.
bool checkRecording(Reader& r, const Recording& rec) {
    if (!rec.actions.empty() && rec.endAt != kRunToEnd && rec.endAt < rec.actions.back().at)
        return r.fail("corrupt data (an action after the end)");
    if (rec.cursor >= rec.stepCount()) return r.fail("cursor beyond the last step");
    return true;
}

} // namespace

std::vector<uint8_t> serializeRecording(const Recording& rec) {
    const Recording d = wireDefaults();
    Writer w;
    w.byte('T');
    w.byte('R');
    w.byte(rec.version);
    varintField(w, kWordBits, rec.wordBits, d.wordBits);
    if (rec.main.chunkName != d.main.chunkName) {
        key(w, kMainChunk, kBytesType);
        w.bytes(rec.main.chunkName);
    }
    if (!rec.main.source.empty()) {
        key(w, kMainSource, kBytesType);
        w.bytes(rec.main.source);
    }
    for (const ScriptSource& s : rec.workers)
        bytesField(w, kWorker, stringPair(s.chunkName, s.source));
    varintField(w, kMemoryLimit, rec.memoryLimit, d.memoryLimit);
    varintField(w, kGenerational, rec.gcGenerational, d.gcGenerational);
    zigzagField(w, kPause, rec.gcPause, d.gcPause);
    zigzagField(w, kStepMul, rec.gcStepMul, d.gcStepMul);
    zigzagField(w, kStepSize, rec.gcStepSizeLog2, d.gcStepSizeLog2);
    varintField(w, kStress, rec.gcStress, d.gcStress);
    varintField(w, kValidate, rec.gcValidate, d.gcValidate);
    zigzagField(w, kRandomSeed1, rec.randomSeed1, d.randomSeed1);
    zigzagField(w, kRandomSeed2, rec.randomSeed2, d.randomSeed2);
    varintField(w, kHashSeed, rec.hashSeed, d.hashSeed);
    zigzagField(w, kClockStart, rec.clockStart, d.clockStart);
    varintField(w, kClockRate, rec.clockMicrosPerKilo, d.clockMicrosPerKilo);
    for (const VirtualFile& f : rec.files)
        bytesField(w, kFile, stringPair(f.path, f.contents));
    if (!rec.actions.empty()) bytesField(w, kActions, actionList(rec.actions));
    varintField(w, kEndAt, rec.endAt, d.endAt);
    varintField(w, kCursor, rec.cursor, d.cursor);
    varintField(w, kSelected, rec.selectedObject, d.selectedObject);
    varintField(w, kExpectedDigest, rec.expectedDigest, d.expectedDigest);
    varintField(w, kWorkerLib, rec.workerLib, d.workerLib);
    varintField(w, kInteractiveStdin, rec.interactiveStdin, d.interactiveStdin);
    varintField(w, kPortableDigest, rec.portableDigest, d.portableDigest);
    return w.out;
}

bool deserializeRecording(const uint8_t* bytes, size_t size, Recording& out, std::string& error) {
    Reader r(bytes, size);
    if (size > kRecordingMaxBytes) {
        error = "share link: too large (limit 1 MB decoded)";
        return false;
    }
    if (size < 3 || bytes[0] != 'T' || bytes[1] != 'R') {
        error = size < 3 ? "share link: truncated" : "share link: not a Tricolor recording";
        return false;
    }
    if (bytes[2] != kRecordingVersion) {
        error = "share link: unsupported version " + std::to_string(bytes[2]);
        return false;
    }
    r.byte(), r.byte(), r.byte();
    Recording rec = wireDefaults();
    uint32_t lastField = 0;
    while (r.ok() && !r.atEnd()) {
        uint64_t k = r.varint();
        if (!r.ok()) break;
        uint64_t field = k >> 3;
        if (field == 0 || field >= kFieldLimit) {
            r.fail("unknown field " + std::to_string(field));
            break;
        }
        bool repeated = field == kWorker || field == kFile;
        if (field < lastField || (field == lastField && !repeated)) {
            r.fail("corrupt data (field " + std::to_string(field) + " out of order)");
            break;
        }
        if ((k & 7) != fieldType(uint32_t(field))) {
            r.fail("corrupt data (field " + std::to_string(field) + " has the wrong type)");
            break;
        }
        lastField = uint32_t(field);
        readField(r, lastField, rec);
    }
    if (r.ok()) checkRecording(r, rec);
    if (!r.ok()) {
        error = r.error();
        return false;
    }
    out = std::move(rec);
    return true;
}

// ===========================================================================
// LZ77 compression
//
// Container:   method:u8  rawSize:varint  body
//   method 0 (stored): body is the rawSize bytes themselves.
//   method 1 (lz77):   body is a sequence of
//                          literalCount:varint  literal bytes
//                          match:varint         0 = no match, else length - 2 (length >= 3)
//                          distance:varint      only when match != 0; 1 = the previous byte
//                      until exactly rawSize bytes have been produced.
// The compressor finds matches with hash chains over 3-byte prefixes in a
// 64 KB window (greedy, at most kMaxChain candidates per position); the
// encoder keeps whichever of stored/lz77 is smaller. The decoder refuses a
// rawSize above its limit before allocating anything and never produces a
// byte more than rawSize, so no input can make it use more than the limit.

namespace {

constexpr uint8_t kStored = 0, kLz77 = 1;
constexpr size_t kMinMatch = 3;
constexpr size_t kWindow = size_t(1) << 16;
constexpr int kHashBits = 15;
constexpr int kMaxChain = 48;

uint32_t hash3(const uint8_t* p) {
    uint32_t v = uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16;
    return (v * 2654435761u) >> (32 - kHashBits);
}

// Longest match for position `pos` among earlier positions with the same hash.
void findMatch(const uint8_t* data, size_t size, size_t pos, const std::vector<int32_t>& prev,
               int32_t candidate, size_t& bestLength, size_t& bestDistance) {
    bestLength = 0;
    for (int chain = 0; candidate >= 0 && chain < kMaxChain; chain++) {
        size_t c = size_t(candidate);
        if (pos - c > kWindow) break;
        size_t n = 0;
        while (pos + n < size && data[c + n] == data[pos + n])
            n++;
        if (n > bestLength) {
            bestLength = n;
            bestDistance = pos - c;
        }
        candidate = prev[c];
    }
}

std::vector<uint8_t> lz77(const uint8_t* data, size_t size) {
    Writer w;
    w.byte(kLz77);
    w.varint(size);
    std::vector<int32_t> head(size_t(1) << kHashBits, -1);
    std::vector<int32_t> prev(size, -1);
    auto insert = [&](size_t p) {
        if (p + kMinMatch > size) return;
        uint32_t h = hash3(data + p);
        prev[p] = head[h];
        head[h] = int32_t(p);
    };
    size_t literalStart = 0, pos = 0;
    while (pos < size) {
        size_t length = 0, distance = 0;
        if (pos + kMinMatch <= size)
            findMatch(data, size, pos, prev, head[hash3(data + pos)], length, distance);
        if (length < kMinMatch) {
            insert(pos++);
            continue;
        }
        w.varint(pos - literalStart);
        w.out.insert(w.out.end(), data + literalStart, data + pos);
        w.varint(length - 2);
        w.varint(distance);
        for (size_t k = 0; k < length; k++)
            insert(pos + k);
        pos += length;
        literalStart = pos;
    }
    if (literalStart < size) {
        w.varint(size - literalStart);
        w.out.insert(w.out.end(), data + literalStart, data + size);
        w.varint(0);
    }
    return w.out;
}

} // namespace

std::vector<uint8_t> lzCompress(const uint8_t* bytes, size_t size) {
    std::vector<uint8_t> packed = lz77(bytes, size);
    Writer stored;
    stored.byte(kStored);
    stored.varint(size);
    if (packed.size() <= size + stored.out.size()) return packed;
    stored.out.insert(stored.out.end(), bytes, bytes + size);
    return stored.out;
}

bool lzDecompress(const uint8_t* bytes, size_t size, size_t limit, std::vector<uint8_t>& out,
                  std::string& error) {
    Reader r(bytes, size);
    uint8_t method = r.byte();
    uint64_t rawSize = r.varint();
    if (r.ok() && rawSize > limit) r.fail("too large (limit 1 MB decoded)");
    if (r.ok() && method != kStored && method != kLz77) r.fail("corrupt data (compression method)");
    out.clear();
    if (r.ok() && method == kStored) {
        if (r.remaining() < rawSize) r.fail("truncated");
        if (r.ok() && r.remaining() > rawSize) r.fail("corrupt data (trailing bytes)");
        if (r.ok()) out.assign(bytes + (size - r.remaining()), bytes + size);
    }
    if (r.ok() && method == kLz77) {
        out.reserve(size_t(rawSize));
        while (r.ok() && out.size() < rawSize) {
            const uint8_t* literals;
            size_t literalCount;
            if (!r.span(literals, literalCount)) break;
            if (literalCount > rawSize - out.size()) {
                r.fail("corrupt data (literal run too long)");
                break;
            }
            out.insert(out.end(), literals, literals + literalCount);
            uint64_t match = r.varint();
            if (!r.ok() || match == 0) continue;
            uint64_t length = match + 2, distance = r.varint();
            if (!r.ok()) break;
            if (distance == 0 || distance > out.size() || length > rawSize - out.size()) {
                r.fail("corrupt data (bad match)");
                break;
            }
            size_t from = out.size() - size_t(distance);
            for (uint64_t k = 0; k < length; k++)
                out.push_back(out[from + size_t(k)]);
        }
        if (r.ok() && !r.atEnd()) r.fail("corrupt data (trailing bytes)");
    }
    if (!r.ok()) {
        error = r.error();
        out.clear();
        return false;
    }
    return true;
}

// ===========================================================================
// base64url

namespace {
const char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int base64Digit(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}
} // namespace

std::string base64UrlEncode(const uint8_t* bytes, size_t size) {
    std::string out;
    out.reserve((size + 2) / 3 * 4);
    for (size_t i = 0; i < size; i += 3) {
        uint32_t v = uint32_t(bytes[i]) << 16;
        if (i + 1 < size) v |= uint32_t(bytes[i + 1]) << 8;
        if (i + 2 < size) v |= bytes[i + 2];
        size_t chars = std::min<size_t>(size - i, 3) + 1;
        for (size_t k = 0; k < chars; k++)
            out.push_back(kBase64Url[(v >> (18 - 6 * k)) & 63]);
    }
    return out;
}

bool base64UrlDecode(std::string_view text, std::vector<uint8_t>& out) {
    out.clear();
    if (text.size() % 4 == 1) return false;
    out.reserve(text.size() / 4 * 3 + 2);
    uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        int d = base64Digit(c);
        if (d < 0) return false;
        acc = (acc << 6) | uint32_t(d);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(uint8_t(acc >> bits));
        }
        acc &= (1u << bits) - 1;
    }
    return acc == 0; // the unused low bits of the last character must be zero
}

// ===========================================================================
// Share links

namespace {

constexpr std::string_view kLinkVersion = "1";
// The largest payload text that can hold a 1 MB recording (stored + base64).
constexpr size_t kMaxLinkChars = (kRecordingMaxBytes + 16) / 3 * 4 + 16;

std::string_view trim(std::string_view s) {
    while (!s.empty() &&
           (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() &&
           (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// The value of parameter `r` in "a=1&r=xyz&b=2", or the whole text when it
// has no such parameter.
std::string_view payloadOf(std::string_view text) {
    text = trim(text);
    size_t hash = text.find('#');
    if (hash != std::string_view::npos) text = text.substr(hash + 1);
    size_t start = 0;
    while (start <= text.size()) {
        size_t amp = text.find('&', start);
        std::string_view part =
            text.substr(start, amp == std::string_view::npos ? amp : amp - start);
        if (part.substr(0, 2) == "r=") return part.substr(2);
        if (amp == std::string_view::npos) break;
        start = amp + 1;
    }
    return text;
}

} // namespace

std::string encodeShareLink(const Recording& r) {
    std::vector<uint8_t> raw = serializeRecording(r);
    std::vector<uint8_t> packed = lzCompress(raw.data(), raw.size());
    return std::string(kLinkVersion) + "." + base64UrlEncode(packed.data(), packed.size());
}

bool decodeShareLink(std::string_view fragmentOrUrl, Recording& out, std::string& error) {
    std::string_view payload = payloadOf(fragmentOrUrl);
    if (payload.empty()) {
        error = "share link: empty";
        return false;
    }
    size_t dot = payload.find('.');
    std::string_view version = payload.substr(0, dot);
    bool numeric =
        dot != std::string_view::npos && !version.empty() && version.size() <= 6 &&
        std::all_of(version.begin(), version.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!numeric) {
        error = "share link: not a Tricolor share link (expected '1.' and data)";
        return false;
    }
    if (version != kLinkVersion) {
        error = "share link: unsupported version " + std::string(version);
        return false;
    }
    std::string_view text = payload.substr(dot + 1);
    if (text.size() > kMaxLinkChars) {
        error = "share link: too large (limit 1 MB decoded)";
        return false;
    }
    std::vector<uint8_t> packed;
    if (!base64UrlDecode(text, packed)) {
        auto bad =
            std::find_if(text.begin(), text.end(), [](char c) { return base64Digit(c) < 0; });
        error = bad != text.end() ? "share link: invalid character '" + std::string(1, *bad) + "'"
                                  : "share link: truncated";
        return false;
    }
    std::vector<uint8_t> raw;
    if (!lzDecompress(packed.data(), packed.size(), kRecordingMaxBytes, raw, error)) return false;
    return deserializeRecording(raw.data(), raw.size(), out, error);
}

} // namespace tricolor
