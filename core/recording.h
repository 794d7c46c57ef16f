// recording.h — a run of the playground written down so that it can be
// replayed exactly: the data of share links, step-back and bug reports.
//
// A recording is everything that is not already decided by the program text:
// the scripts, the VM settings, the seeds, a virtual clock, a virtual file
// system, and a timeline of the things that happened from outside — collector
// steps the user clicked, GC parameter changes, worker messages delivered,
// a Stop — each keyed to the main VM's instruction count at which it
// happened (vm.instructionCount). Replaying (replay.h) runs the script in
// slices that end exactly at those counts and applies each action there, so
// the heap goes through the same states and the digest (digest.h) proves it.
//
// Steps. Step 0 is the program loaded and not yet run; step i (1..n) is the
// state right after action i; step n+1 (the last) is the state at `endAt`
// (or at the end of the program). The UI's cursor is a step number.
//
// Serialisation (docs/replay.md has the byte layout): "TR" + version byte,
// then tagged fields, each present only when it differs from its default.
// The decoder treats its input as hostile: every length is checked against
// what remains, the whole recording is bounded (kRecordingMaxBytes), and any
// malformed input yields a message starting "share link: ".
//
// Share links: "1." (the link format version) + base64url of our own LZ77
// compression of the serialised recording, meant for a URL fragment "#r=...".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tricolor {

constexpr uint8_t kRecordingVersion = 1;
constexpr size_t kRecordingMaxBytes = size_t(1) << 20; // decoded (serialised) size limit
constexpr uint64_t kRunToEnd = UINT64_MAX;             // endAt: until the program ends

struct ScriptSource {
    std::string chunkName = "=main";
    std::string source;

    bool operator==(const ScriptSource&) const = default;
};

struct VirtualFile {
    std::string path;
    std::string contents;

    bool operator==(const VirtualFile&) const = default;
};

enum class ActionKind : uint8_t {
    GcUnit = 1,      // one collector unit (introspect.h gcStepUnit) x count
    GcPhase = 2,     // gcStepPhase x count
    GcCycle = 3,     // gcStepCycle x count
    SetGcParams = 4, // pause / stepMul / stepSizeLog2 changed by the user
    Deliver = 5,     // an envelope from a worker (worker.h) delivered into the main VM's inbox
    Stop = 6,        // the user pressed Stop (abortCall): the program is abandoned
    Mark = 7,        // no effect: a point where the user looked (a pause, a bookmark)
    Input = 8,       // a line typed into the playground's stdin line (bytes, with its '\n')
};
const char* actionKindName(ActionKind k); // "gc-unit", "gc-phase", ...

struct Action {
    ActionKind kind = ActionKind::Mark;
    uint64_t at = 0;    // main-VM instruction count when it happened (non-decreasing)
    uint64_t count = 1; // GcUnit/GcPhase/GcCycle: repetitions (>= 1)
    // SetGcParams.
    int32_t pause = 200, stepMul = 100, stepSizeLog2 = 13;
    // Deliver: the envelope — sender (worker id), kind (worker.h EnvelopeKind:
    // 0 message, 1 output, 2 error output, 3 finished, 4 failed, 5
    // terminated), payload (wire bytes of a message, or the text) and, for
    // a failure, the traceback.
    uint32_t channel = 0;
    uint8_t messageKind = 0;
    // Deliver: taken by receive() inside a run slice (it was already waiting in
    // the Mailbox), rather than by the host's deliverMessages between slices.
    bool duringRun = false;
    std::vector<uint8_t> bytes;
    std::string detail;
    // The digest right after the action, when the recorder took it (0: none).
    uint64_t digest = 0;
    // The portable digest (digest.h) right after the action (0: none): what a
    // replay on a build of another pointer width compares at this step.
    uint64_t portableDigest = 0;

    bool operator==(const Action&) const = default;
};

struct Recording {
    uint8_t version = kRecordingVersion;
    // Pointer width of the build that recorded (32: the browser's wasm32, 64:
    // native). Digests are only comparable between builds of the same width.
    uint8_t wordBits = uint8_t(sizeof(void*) * 8);

    ScriptSource main;
    std::vector<ScriptSource> workers;
    // The `worker` library was open in the main VM (replays open it with a
    // host that runs no worker: their envelopes come from the actions).
    bool workerLib = false;

    // VM settings.
    uint64_t memoryLimit = uint64_t(256) << 20;
    bool gcGenerational = false; // collectgarbage's mode as reported (collection stays incremental)
    int32_t gcPause = 200, gcStepMul = 100, gcStepSizeLog2 = 13;
    bool gcStress = false;
    bool gcValidate = false;

    // Seeds: math.random starts as math.randomseed(randomSeed1, randomSeed2);
    // string hashes use hashSeed.
    int64_t randomSeed1 = 0, randomSeed2 = 0;
    uint64_t hashSeed = 0;

    // Virtual clock: os.time() = clockStart + os.clock() (whole seconds), and
    // os.clock() advances clockMicrosPerKilo microseconds per 1000 main-VM
    // instructions. os.date works in UTC.
    int64_t clockStart = 1735689600; // 2025-01-01 00:00:00 UTC
    uint64_t clockMicrosPerKilo = 1000;

    std::vector<VirtualFile> files;
    // Standard input is the playground's stdin line: it stays open, a read
    // with nothing queued waits (the script is suspended), and the lines come
    // from Input actions. Off: stdin is empty (end of file at once).
    bool interactiveStdin = false;

    std::vector<Action> actions;
    uint64_t endAt = kRunToEnd;

    // View state.
    uint64_t cursor = 0;         // the step the view is at
    uint64_t selectedObject = 0; // object id selected in the inspector (0: none)
    uint64_t expectedDigest = 0; // digest at the last step (0: not recorded)
    // The portable digest (digest.h) at the last step (0: not recorded): what
    // a replay on a build of another pointer width compares.
    uint64_t portableDigest = 0;

    bool operator==(const Recording&) const = default;
    // Number of steps (actions + 2: the loaded program, one per action, the end).
    uint64_t stepCount() const { return actions.size() + 2; }
};

// Serialises to the compact binary format (only non-default fields).
std::vector<uint8_t> serializeRecording(const Recording& r);
// Parses; false with `error` ("share link: ...") on any malformed input.
bool deserializeRecording(const uint8_t* bytes, size_t size, Recording& out, std::string& error);

// Our LZ77 compressor (format in recording.cpp and docs/replay.md).
std::vector<uint8_t> lzCompress(const uint8_t* bytes, size_t size);
// Inflates at most `limit` bytes; false with `error` on corrupt input or when
// the declared size exceeds the limit.
bool lzDecompress(const uint8_t* bytes, size_t size, size_t limit, std::vector<uint8_t>& out,
                  std::string& error);

// base64url without padding (RFC 4648 section 5).
std::string base64UrlEncode(const uint8_t* bytes, size_t size);
bool base64UrlDecode(std::string_view text, std::vector<uint8_t>& out);

// "1." + base64url(lz(serialised)): the value of the fragment's `r=`.
std::string encodeShareLink(const Recording& r);
// Accepts a full URL ("https://.../#r=..."), a fragment ("#r=..." or "r=...")
// or the bare payload; false with `error` on anything malformed, truncated,
// oversized or of an unsupported version.
bool decodeShareLink(std::string_view fragmentOrUrl, Recording& out, std::string& error);

} // namespace tricolor
