// Deterministic replay: the heap digest, recordings and their share links, the
// Replayer and the Recorder.
#include <doctest/doctest.h>

#include <random>

#include "core/api.h"
#include "core/digest.h"
#include "core/introspect.h"
#include "core/recording.h"
#include "core/replay.h"
#include "core/vm.h"
#include "core/worker.h"

using namespace tricolor;

namespace {

// Garbage, survivors, a finalizer, a weak table, random numbers and the clock.
const char* kScript = R"(
local keep = {}
local weak = setmetatable({}, {__mode = "k"})
for i = 1, 2000 do
  local t = {i, tostring(i), {i * 2}}
  if i % 7 == 0 then keep[#keep + 1] = t end
  if i % 13 == 0 then weak[t] = i end
  if i % 50 == 0 then setmetatable({}, {__gc = function() keep.finalized = (keep.finalized or 0) + 1 end}) end
end
print(#keep, math.random(1, 1000), os.time(), os.clock() > 0)
local f = io.open("data.txt")
print(f:read("a"))
f:close()
)";

Recording baseRecording() {
    Recording r;
    r.main.source = kScript;
    r.main.chunkName = "=main";
    r.randomSeed1 = 42;
    r.files.push_back({"data.txt", "hello from the virtual fs"});
    r.gcPause = 150;
    r.gcStepSizeLog2 = 10; // small steps: many collector steps during the run
    return r;
}

// Runs the recording's script in slices of `slice` instructions, doing
// `extraUnits` collector units at instruction 2000, and returns the digest at
// instruction `stopAt` (0: at the end of the program).
std::string runAndDigest(uint64_t slice, int extraUnits = 0, uint64_t stopAt = 0) {
    Recording r = baseRecording();
    VMOptions vo;
    vo.writeStdout = [](std::string_view) {};
    VM* vm = createRecordedVm(r, vo);
    std::string error;
    REQUIRE(loadString(*vm, r.main.source, r.main.chunkName, error));
    startCall(*vm, 0);
    RunStatus s = RunStatus::Paused;
    const uint64_t unitsAt = 2000;
    uint64_t end = stopAt ? stopAt : UINT64_MAX;
    while (s == RunStatus::Paused && vm->instructionCount < end) {
        uint64_t next = vm->instructionCount < unitsAt ? unitsAt : end;
        s = run(*vm, std::min(slice, next - vm->instructionCount));
        if (vm->instructionCount == unitsAt)
            for (int k = 0; k < extraUnits; k++)
                gcStepUnit(*vm);
    }
    CHECK(s == (stopAt ? RunStatus::Paused : RunStatus::Finished));
    std::string d = heapDigest(*vm);
    vmDestroy(vm);
    return d;
}

// A session as the playground would record it: run slices, collector units
// in the middle of a cycle, a parameter change, more running.
Recording recordSession(std::string* output = nullptr) {
    Recorder recorder(baseRecording());
    VMOptions vo;
    vo.writeStdout = [output](std::string_view s) {
        if (output) output->append(s);
    };
    VM* vm = recorder.createVm(vo);
    std::string error;
    REQUIRE(loadString(*vm, recorder.settings().main.source, recorder.settings().main.chunkName,
                       error));
    recorder.gcStep(*vm, ActionKind::GcUnit); // before Run: the program is not started yet
    startCall(*vm, 0);
    REQUIRE(run(*vm, 3000) == RunStatus::Paused);
    // Step into the middle of a cycle: to propagate, then a few units.
    while (gcStats(*vm).state != GcState::Propagate)
        recorder.gcStep(*vm, ActionKind::GcUnit);
    recorder.gcStep(*vm, ActionKind::GcUnit, 5);
    REQUIRE(run(*vm, 2500) == RunStatus::Paused);
    recorder.gcStep(*vm, ActionKind::GcPhase);
    recorder.gcParams(*vm, 120, 300, 9);
    REQUIRE(run(*vm, 4000) == RunStatus::Paused);
    recorder.mark(*vm);
    RunStatus s;
    while ((s = run(*vm, 777)) == RunStatus::Paused) {
    }
    REQUIRE(s == RunStatus::Finished);
    pop(*vm, stackSize(*vm));
    recorder.gcStep(*vm, ActionKind::GcCycle); // runs finalizers: Lua code after the end
    Recording r = recorder.snapshot(*vm, 7);
    vmDestroy(vm);
    return r;
}

bool isCleanError(const std::string& e) {
    return e.rfind("share link: ", 0) == 0 && e.size() > 12;
}

} // namespace

TEST_CASE("replay: the digest is stable across identical runs and slice sizes") {
    std::string a = runAndDigest(1000);
    CHECK(a.size() == 16);
    CHECK(runAndDigest(1000) == a);
    CHECK(runAndDigest(1) == a);
    CHECK(runAndDigest(12345) == a);
    std::string mid = runAndDigest(1000, 0, 5000);
    CHECK(mid != a);
    CHECK(runAndDigest(7, 0, 5000) == mid);
}

TEST_CASE("replay: one extra collector step changes the digest") {
    std::string plain = runAndDigest(1000, 0, 2000);
    std::string stepped = runAndDigest(1000, 1, 2000);
    CHECK(stepped != plain);
    CHECK(runAndDigest(333, 1, 2000) == stepped);
    CHECK(runAndDigest(1000, 2, 2000) != stepped);
    // Later on, in the middle of the run, the difference is still visible.
    CHECK(runAndDigest(1000, 1, 2100) != runAndDigest(1000, 0, 2100));
}

TEST_CASE("replay: the digest covers colours and edges") {
    VM* vm = createRecordedVm(Recording{}, VMOptions{});
    std::string error;
    REQUIRE(loadString(*vm, "x = {} y = {}", "=t", error));
    startCall(*vm, 0);
    REQUIRE(run(*vm, 1000) == RunStatus::Finished);
    pop(*vm, stackSize(*vm));
    std::string before = heapDigest(*vm);
    CHECK(heapDigest(*vm) == before); // looking changes nothing
    REQUIRE(gcStepUnit(*vm));         // pause -> propagate: roots turn gray
    std::string afterStep = heapDigest(*vm);
    CHECK(afterStep != before);
    REQUIRE(loadString(*vm, "x.y = y", "=t", error));
    startCall(*vm, 0);
    REQUIRE(run(*vm, 1000) == RunStatus::Finished);
    pop(*vm, stackSize(*vm));
    CHECK(heapDigest(*vm) != afterStep);
    vmDestroy(vm);
}

TEST_CASE("replay: a digest can be taken after every unit of a whole cycle, sweep included") {
    VM* vm = createRecordedVm(Recording{}, VMOptions{});
    std::string error;
    REQUIRE(loadString(*vm,
                       "keep = {} for i = 1, 300 do local a = {i} a.next = {a, tostring(i)} "
                       "if i % 3 == 0 then keep[i] = a end end",
                       "=t", error));
    startCall(*vm, 0);
    REQUIRE(run(*vm, 100000) == RunStatus::Finished);
    pop(*vm, stackSize(*vm));
    std::vector<std::string> digests;
    bool swept = false;
    for (int k = 0; k < 100000 && !(swept && gcStats(*vm).state == GcState::Pause); k++) {
        REQUIRE(gcStepUnit(*vm));
        swept = swept || gcStats(*vm).state == GcState::SweepAllgc;
        digests.push_back(heapDigest(*vm)); // dead objects' edges point to freed ones
    }
    CHECK(swept);
    CHECK(digests.size() > 100);
    vmDestroy(vm);
}

TEST_CASE("replay: a recorded session with steps mid-cycle replays to the same digest, twice") {
    std::string recordedOutput;
    Recording r = recordSession(&recordedOutput);
    REQUIRE(r.actions.size() >= 5);
    REQUIRE(r.expectedDigest != 0);
    CHECK(r.cursor == r.stepCount() - 1);

    ReplayResult first = replay(r);
    INFO(first.error);
    REQUIRE(first.ok);
    CHECK(first.step == r.stepCount() - 1);
    CHECK(first.digestValue == r.expectedDigest);
    CHECK(first.divergedAtStep == -1);
    CHECK(first.compared == r.actions.size() + 1); // every action's digest and the end's
    CHECK(first.validatorFailures.empty());
    CHECK(first.output == recordedOutput);
    CHECK(first.output.find("hello from the virtual fs") != std::string::npos);
    CHECK(first.programEnded);

    ReplayResult second = replay(r);
    CHECK(second.digest == first.digest);
    CHECK(second.stepDigests == first.stepDigests);

    ReplayOptions tiny;
    tiny.slice = 97;
    CHECK(replay(r, UINT64_MAX, tiny).stepDigests == first.stepDigests);

    // Stopping at a step gives that step's digest.
    ReplayResult partial = replay(r, 3);
    REQUIRE(partial.ok);
    CHECK(partial.step == 3);
    CHECK(partial.digestValue == first.stepDigests[3]);
}

TEST_CASE("replay: a changed recording is reported as diverged at the first different step") {
    Recording r = recordSession();
    Recording changed = r;
    changed.actions[2].count += 1; // one more collector unit at step 3
    // (the replay may also stop later: the changed step can leave the
    // collector in atomic where the recording expects the program to run)
    ReplayResult res = replay(changed);
    CHECK(res.divergedAtStep == 3);
    CHECK(res.expectedDigest == r.actions[2].digest);

    Recording otherSeed = r;
    otherSeed.randomSeed1 = 43; // math.random differs: the output and the heap diverge
    ReplayResult res2 = replay(otherSeed);
    CHECK(res2.divergedAtStep >= 0);
    CHECK(res2.output != replay(r).output);
}

TEST_CASE("replay: the virtual environment is deterministic") {
    Recording r;
    r.main.source = R"(
        print(os.time(), os.date("!%Y-%m-%d", 0), os.getenv("HOME"))
        local f = assert(io.open("out.txt", "w")) f:write("abc") f:close()
        print(io.open("out.txt"):read("a"), io.open("missing.txt"))
        for i = 1, 3000 do local _ = i end
        print(os.clock(), os.time() - 1735689600)
        print(math.random(1, 1 << 40))
    )";
    r.clockMicrosPerKilo = 1000000; // one second per 1000 instructions
    ReplayResult a = replay(r);
    REQUIRE(a.ok);
    CHECK(a.output.rfind(
              "1735689600\t1970-01-01\tnil\nabc\tnil\tmissing.txt: No such file or directory\t2\n",
              0) == 0);
    CHECK(replay(r).output == a.output);
    r.randomSeed2 = 1;
    CHECK(replay(r).output != a.output);
}

TEST_CASE("replay: the end of a recording that never finishes is bounded") {
    Recording r;
    r.main.source = "local n = 0 while true do n = n + 1 end";
    r.endAt = 100000;
    ReplayResult a = replay(r);
    REQUIRE(a.ok);
    CHECK(a.instructionCount == 100000);
    CHECK_FALSE(a.programEnded);
    r.endAt = kRunToEnd;
    ReplayOptions o;
    o.maxInstructions = 50000;
    ReplayResult b = replay(r, UINT64_MAX, o);
    CHECK_FALSE(b.ok);
    CHECK(b.error.find("did not end within 50000 instructions") != std::string::npos);
}

TEST_CASE("replay: a Stop action abandons the program and later steps still apply") {
    Recording r;
    r.main.source = "local t = {} while true do t[#t % 100 + 1] = {} end";
    Action stop;
    stop.kind = ActionKind::Stop;
    stop.at = 5000;
    Action cycle;
    cycle.kind = ActionKind::GcCycle;
    cycle.at = 5000;
    r.actions = {stop, cycle};
    ReplayResult a = replay(r);
    REQUIRE(a.ok);
    CHECK(a.instructionCount == 5000);
    CHECK(a.programEnded);
    CHECK(replay(r).digest == a.digest);
}

TEST_CASE("replay: a session with real worker threads replays without them") {
    // Recorded with native threads: when each message arrives depends on
    // timing; the recording keeps the instruction count of every delivery.
    Recording settings;
    settings.main.source = R"(
        local w = worker.spawn([[
            for i = 1, 20 do
                local n = worker.receive()
                worker.send({n = n, sq = n * n, s = string.rep("x", n)})
            end
            print("worker done")
        ]])
        local sum, keep = 0, {}
        for i = 1, 20 do
            w:send(i)
            local r = w:receive()
            sum = sum + r.sq
            keep[#keep + 1] = r
            for k = 1, 50 do local _ = {k} end
        end
        print(sum, #keep)
    )";
    std::string output;
    Recorder recorder(settings);
    VMOptions vo;
    vo.writeStdout = [&output](std::string_view s) { output.append(s); };
    VM* vm = recorder.createVm(vo, makeNativeWorkerHost());
    REQUIRE(vm != nullptr);
    std::string error;
    REQUIRE(loadString(*vm, settings.main.source, settings.main.chunkName, error));
    startCall(*vm, 0);
    RunStatus s;
    int slices = 0;
    while ((s = run(*vm, 200)) != RunStatus::Finished && s != RunStatus::Error) {
        if (s == RunStatus::WaitingForMessage) waitForMessage(*vm);
        recorder.deliverMessages(*vm);
        if (s != RunStatus::Paused) resumeCall(*vm, 0);
        if (++slices % 7 == 0) recorder.gcStep(*vm, ActionKind::GcUnit, 3);
    }
    REQUIRE(s == RunStatus::Finished);
    pop(*vm, stackSize(*vm));
    // The worker's last output and end notice may still be on their way (print's text and its
    // newline travel as separate pieces: wait for both).
    for (int tries = 0; tries < 400 && output.find("worker done\n") == std::string::npos; tries++) {
        waitForMessage(*vm);
        recorder.deliverMessages(*vm);
    }
    Recording r = recorder.snapshot(*vm);
    vmDestroy(vm);
    CHECK(output.find("2870\t20\n") != std::string::npos);
    CHECK(r.workerLib);
    size_t deliveries = 0; // some between slices, some inside receive(): timing decides
    for (const Action& a : r.actions)
        deliveries += a.kind == ActionKind::Deliver;
    CHECK(deliveries >= 20);

    ReplayResult res = replay(r);
    INFO(res.error);
    REQUIRE(res.ok);
    CHECK(res.digestValue == r.expectedDigest);
    CHECK(res.divergedAtStep == -1);
    CHECK(res.output == output);
    Recording back;
    REQUIRE(decodeShareLink(encodeShareLink(r), back, error));
    CHECK(back == r);
    CHECK(replay(back).digest == res.digest);
}

TEST_CASE("replay: finalizers run inside a slice (beyond its budget) still replay exactly") {
    Recording settings;
    settings.main.source = R"(
        n = 0
        for i = 1, 300 do
            setmetatable({}, {__gc = function() for k = 1, 40 do n = n + 1 end end})
            if i % 50 == 0 then collectgarbage() end
        end
        print(n)
    )";
    std::string output, streamed;
    Recorder recorder(settings);
    VMOptions vo;
    vo.writeStdout = [&output](std::string_view s) { output.append(s); };
    VM* vm = recorder.createVm(vo);
    std::string error;
    REQUIRE(loadString(*vm, settings.main.source, settings.main.chunkName, error));
    startCall(*vm, 0);
    RunStatus s;
    while ((s = run(*vm, 1000)) == RunStatus::Paused)
        recorder.gcStep(*vm, ActionKind::GcUnit, 2);
    REQUIRE(s == RunStatus::Finished);
    pop(*vm, stackSize(*vm));
    Recording r = recorder.snapshot(*vm);
    vmDestroy(vm);
    ReplayOptions o;
    o.onOutput = [&streamed](std::string_view text) { streamed.append(text); };
    ReplayResult res = replay(r, UINT64_MAX, o);
    INFO(res.error);
    REQUIRE(res.ok);
    CHECK(res.divergedAtStep == -1);
    CHECK(res.digestValue == r.expectedDigest);
    CHECK(res.output == output);
    CHECK(streamed == output); // nothing printed twice by the rebuilds
}

TEST_CASE("replay: a hostile number of collector cycles is bounded") {
    Recording r;
    r.main.source = "x = {}";
    Action a;
    a.kind = ActionKind::GcCycle;
    a.count = uint64_t(1) << 32;
    r.actions = {a};
    ReplayOptions o;
    o.maxCollectorUnits = 20000;
    ReplayResult res = replay(r, UINT64_MAX, o);
    CHECK_FALSE(res.ok);
    CHECK(res.error == "replay: more than 20000 collector units were asked for");
}

TEST_CASE("replay: a syntax error is reported, not replayed") {
    Recording r;
    r.main.source = "x = = 1";
    ReplayResult a = replay(r);
    CHECK_FALSE(a.ok);
    CHECK(a.error.find("does not compile") != std::string::npos);
}

// ---------------------------------------------------------------------------
// Serialisation and share links

namespace {
Recording everythingSet() {
    Recording r = baseRecording();
    r.wordBits = 32;
    r.main.chunkName = "=game";
    r.workers.push_back({"=worker1", "send(receive() * 2)"});
    r.memoryLimit = 64 << 20;
    r.gcGenerational = true;
    r.gcStepMul = 400;
    r.gcStress = true;
    r.gcValidate = true;
    r.randomSeed1 = -5;
    r.randomSeed2 = INT64_MIN;
    r.hashSeed = 0xdeadbeefcafef00dull;
    r.clockStart = -12;
    r.clockMicrosPerKilo = 7;
    r.files.push_back({"empty", ""});
    Action a;
    a.kind = ActionKind::Deliver;
    a.at = 10;
    a.channel = 3;
    a.bytes = {'T', 'W', 1, 'i', 1, 0, 0, 0, 0, 0, 0, 0};
    a.digest = 0x0123456789abcdefull;
    Action b;
    b.kind = ActionKind::SetGcParams;
    b.at = 10;
    b.pause = 0;
    b.stepMul = 1000;
    b.stepSizeLog2 = 40;
    Action c;
    c.kind = ActionKind::GcPhase;
    c.at = UINT64_MAX - 1;
    c.count = 9;
    r.actions = {a, b, c};
    r.endAt = UINT64_MAX - 1;
    r.cursor = 4;
    r.selectedObject = 99;
    r.expectedDigest = UINT64_MAX;
    return r;
}
} // namespace

TEST_CASE("replay: recordings round-trip through bytes and share links") {
    Recording r = everythingSet();
    std::vector<uint8_t> bytes = serializeRecording(r);
    Recording back;
    std::string error;
    REQUIRE_MESSAGE(deserializeRecording(bytes.data(), bytes.size(), back, error), error);
    CHECK(back == r);

    std::string link = encodeShareLink(r);
    CHECK(link.rfind("1.", 0) == 0);
    for (std::string text :
         {link, "#r=" + link, "r=" + link,
          "https://example.org/tricolor/?x=1#a=b&r=" + link + "&c=d", "  " + link + "\n"}) {
        Recording fromLink;
        REQUIRE_MESSAGE(decodeShareLink(text, fromLink, error), error);
        CHECK(fromLink == r);
    }

    // Only non-default values are stored: a default recording is tiny.
    Recording empty;
    empty.wordBits = 64;
    CHECK(serializeRecording(empty).size() == 3);
    Recording emptyBack;
    REQUIRE(decodeShareLink(encodeShareLink(empty), emptyBack, error));
    CHECK(emptyBack == empty);
}

TEST_CASE("replay: the compressor round-trips and shrinks repetitive data") {
    std::mt19937 rng(7);
    for (size_t size : {0, 1, 2, 3, 4, 100, 5000, 70000, 300000}) {
        for (int kind = 0; kind < 3; kind++) {
            std::vector<uint8_t> data(size);
            for (size_t k = 0; k < size; k++)
                data[k] = kind == 0   ? uint8_t(rng())
                          : kind == 1 ? uint8_t("local x = {} -- lua\n"[k % 20])
                                      : uint8_t(rng() % 4);
            std::vector<uint8_t> packed = lzCompress(data.data(), data.size());
            std::vector<uint8_t> back;
            std::string error;
            REQUIRE_MESSAGE(lzDecompress(packed.data(), packed.size(), 1 << 20, back, error),
                            error);
            CHECK(back == data);
            CHECK(packed.size() <= size + 6);
            if (kind == 1 && size >= 5000) CHECK(packed.size() < size / 20);
        }
    }
}

TEST_CASE("replay: every truncation and random corruption of a link gives a clean error") {
    Recording r = recordSession();
    std::string link = encodeShareLink(r);
    REQUIRE(link.size() > 50);
    std::string error;
    for (size_t n = 0; n < link.size(); n++) {
        Recording out;
        bool ok = decodeShareLink(link.substr(0, n), out, error);
        CHECK_FALSE(ok);
        CHECK_MESSAGE(isCleanError(error), error);
    }
    std::mt19937 rng(2026);
    const std::string alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.#=&% \x01\xff";
    int failures = 0;
    for (int trial = 0; trial < 3000; trial++) {
        std::string bad = link;
        int edits = 1 + int(rng() % 4);
        for (int e = 0; e < edits; e++)
            bad[rng() % bad.size()] = alphabet[rng() % alphabet.size()];
        Recording out;
        error.clear();
        if (!decodeShareLink(bad, out, error)) {
            failures++;
            CHECK_MESSAGE(isCleanError(error), error);
        }
    }
    CHECK(failures > 2000);

    // Corrupting the decoded bytes directly (past the compressor).
    std::vector<uint8_t> bytes = serializeRecording(everythingSet());
    for (int trial = 0; trial < 3000; trial++) {
        std::vector<uint8_t> bad = bytes;
        bad[rng() % bad.size()] = uint8_t(rng());
        if (trial % 3 == 0) bad.resize(rng() % bad.size());
        Recording out;
        if (!deserializeRecording(bad.data(), bad.size(), out, error))
            CHECK_MESSAGE(isCleanError(error), error);
    }
}

TEST_CASE("replay: versions, oversized links and decompression bombs are refused") {
    std::string error;
    Recording out;
    CHECK_FALSE(decodeShareLink("9.AAAA", out, error));
    CHECK(error == "share link: unsupported version 9");
    CHECK_FALSE(decodeShareLink("", out, error));
    CHECK(error == "share link: empty");
    CHECK_FALSE(decodeShareLink("https://example.org/#r=hello", out, error));
    CHECK(isCleanError(error));

    // A recording of version 9 inside a valid link.
    std::vector<uint8_t> v9 = {'T', 'R', 9};
    std::vector<uint8_t> packed = lzCompress(v9.data(), v9.size());
    CHECK_FALSE(decodeShareLink("1." + base64UrlEncode(packed.data(), packed.size()), out, error));
    CHECK(error == "share link: unsupported version 9");

    // A bomb: a few bytes that claim 2 MB of output.
    std::vector<uint8_t> bomb = {1, 0x80, 0x80, 0x80, 0x01, 1, 'A', 0xff, 0xff, 0x7f, 1};
    CHECK_FALSE(decodeShareLink("1." + base64UrlEncode(bomb.data(), bomb.size()), out, error));
    CHECK(error == "share link: too large (limit 1 MB decoded)");
    // A bomb within the size it declares: it still stops at what it declared.
    std::vector<uint8_t> liar = {1, 10, 1, 'A', 0xff, 0xff, 0x7f, 1};
    std::vector<uint8_t> back;
    CHECK_FALSE(lzDecompress(liar.data(), liar.size(), 1 << 20, back, error));
    CHECK(error == "share link: corrupt data (bad match)");

    // Text longer than any 1 MB recording could need.
    std::string huge = "1." + std::string(1500000, 'A');
    CHECK_FALSE(decodeShareLink(huge, out, error));
    CHECK(error == "share link: too large (limit 1 MB decoded)");

    // A real recording just over the limit cannot be decoded either.
    Recording big;
    std::mt19937 rng(1);
    big.main.source.resize(kRecordingMaxBytes + 10);
    for (char& c : big.main.source)
        c = char('a' + rng() % 26);
    CHECK_FALSE(decodeShareLink(encodeShareLink(big), out, error));
    CHECK(error == "share link: too large (limit 1 MB decoded)");

    // Out-of-range settings.
    Recording hostile;
    hostile.memoryLimit = uint64_t(1) << 40;
    CHECK_FALSE(decodeShareLink(encodeShareLink(hostile), out, error));
    CHECK(error == "share link: memory limit out of range (at most 1 GB)");
    Recording cursor;
    cursor.cursor = 5;
    CHECK_FALSE(decodeShareLink(encodeShareLink(cursor), out, error));
    CHECK(error == "share link: cursor beyond the last step");
}
