// Checkpoints for step back (core/replay.h): a parked Replayer, kept at some step of a session's
// recording, is advanced to a later point instead of replaying from step 0, possibly after the
// recording's tail changed (continueWith). The heap must be exactly the one a replay from the
// start reaches (the digest, core/digest.h), and a recording that differs before the parked step
// must be refused.
#include <doctest/doctest.h>

#include "core/api.h"
#include "core/digest.h"
#include "core/introspect.h"
#include "core/recording.h"
#include "core/replay.h"
#include "core/vm.h"

using namespace tricolor;

namespace {

// Garbage, survivors, a finalizer, a weak table: collector steps change the heap.
const char* kCheckpointScript = R"(
local keep = {}
local weak = setmetatable({}, {__mode = "k"})
for round = 1, 40 do
  for i = 1, 300 do
    local t = {i, tostring(i), {i * round}}
    if i % 7 == 0 then keep[#keep + 1] = t end
    if i % 13 == 0 then weak[t] = i end
    if i % 60 == 0 then setmetatable({}, {__gc = function() keep.f = (keep.f or 0) + 1 end}) end
  end
  if #keep > 600 then keep = {} end
end
print(#keep, keep.f)
)";

Recording checkpointSettings() {
    Recording r;
    r.main.source = kCheckpointScript;
    r.main.chunkName = "=main";
    r.randomSeed1 = 7;
    r.gcPause = 1000000; // the collector moves only by the recorded steps
    return r;
}

// A session as the playground records it: run slices with collector steps of every kind between
// them; it stops mid-program (endAt = where it paused).
Recording recordCheckpointSession() {
    Recorder recorder(checkpointSettings());
    VMOptions vo;
    vo.writeStdout = [](std::string_view) {};
    VM* vm = recorder.createVm(vo);
    std::string error;
    REQUIRE(loadString(*vm, recorder.settings().main.source, recorder.settings().main.chunkName,
                       error));
    startCall(*vm, 0);
    for (int k = 0; k < 12; k++) {
        REQUIRE(run(*vm, 4000 + 1000 * uint64_t(k)) == RunStatus::Paused);
        ActionKind kind = k % 4 == 3 ? ActionKind::GcPhase : ActionKind::GcUnit;
        recorder.gcStep(*vm, kind, 1 + uint64_t(k % 3));
        if (k == 5) recorder.gcParams(*vm, 1000000, 200, 10);
    }
    REQUIRE(run(*vm, 3000) == RunStatus::Paused);
    Recording r = recorder.snapshot(*vm);
    vmDestroy(vm);
    return r;
}

// The recording cut at a timeline point: the first `actions` actions, ending at `at` (as
// Playground::jumpTo cuts it).
Recording cutAt(const Recording& full, size_t actions, uint64_t at) {
    Recording r = full;
    r.actions.resize(actions);
    r.endAt = at;
    r.expectedDigest = r.portableDigest = 0;
    r.cursor = 0;
    return r;
}

// The digest a replay from the start reaches at the end of `r`.
uint64_t digestFromStart(const Recording& r) {
    ReplayResult res = replay(r);
    INFO(res.error);
    REQUIRE(res.ok);
    REQUIRE(res.step == r.stepCount() - 1);
    return res.digestValue;
}

} // namespace

TEST_CASE("checkpoints: a parked Replayer advanced to a later step gives the replay's digest") {
    Recording full = recordCheckpointSession();
    REQUIRE(full.actions.size() >= 12);
    ReplayResult reference = replay(full);
    REQUIRE(reference.ok);
    REQUIRE(reference.divergedAtStep == -1);
    for (uint64_t k : {1, 4, 7}) {
        for (uint64_t j : {k, k + 2, k + 5}) {
            CAPTURE(k);
            CAPTURE(j);
            Replayer parked(full);
            REQUIRE(parked.start());
            REQUIRE(parked.advanceTo(k));
            REQUIRE(parked.step() == k);
            // Going back to point j (the instruction of action j + 1): the recording cut there.
            Recording target = cutAt(full, size_t(j), full.actions[j].at);
            REQUIRE(parked.canContinueWith(target));
            REQUIRE(parked.continueWith(target));
            REQUIRE(parked.advanceTo(parked.lastStep()));
            CHECK(parked.vm()->instructionCount == full.actions[j].at);
            CHECK(heapDigestValue(*parked.vm()) == digestFromStart(target));
            // The same step of the whole recording, replayed from the start.
            CHECK(parked.result().stepDigests.at(j) == reference.stepDigests.at(j));
        }
    }
}

TEST_CASE(
    "checkpoints: a Replayer parked at the end of a cut recording continues with the whole one") {
    Recording full = recordCheckpointSession();
    ReplayResult reference = replay(full);
    REQUIRE(reference.ok);
    // A timeline point between actions 5 and 6 (the program ran on after action 5).
    uint64_t between = (full.actions[4].at + full.actions[5].at) / 2;
    REQUIRE(between > full.actions[4].at);
    Recording point = cutAt(full, 5, between);
    Replayer parked(point);
    REQUIRE(parked.start());
    REQUIRE(parked.advanceTo(parked.lastStep()));
    REQUIRE(parked.vm()->instructionCount == between);
    uint64_t atPoint = heapDigestValue(*parked.vm());
    CHECK(atPoint == digestFromStart(point));
    // The same point again: nothing to run.
    REQUIRE(parked.continueWith(point));
    REQUIRE(parked.advanceTo(parked.lastStep()));
    CHECK(heapDigestValue(*parked.vm()) == atPoint);
    // On to step 9 of the whole recording.
    REQUIRE(parked.continueWith(full));
    CHECK(parked.step() == 5);
    REQUIRE(parked.advanceTo(9));
    CHECK(heapDigestValue(*parked.vm()) == reference.stepDigests.at(9));
    REQUIRE(parked.advanceTo(parked.lastStep()));
    CHECK(parked.result().divergedAtStep == -1);
    CHECK(heapDigestValue(*parked.vm()) == reference.digestValue);
}

TEST_CASE("checkpoints: advanceToward in small budgets reaches the same heap") {
    Recording full = recordCheckpointSession();
    ReplayResult reference = replay(full);
    REQUIRE(reference.ok);
    Replayer builder(full);
    REQUIRE(builder.start());
    int calls = 0;
    while (builder.step() < 8 && calls < 100000) {
        REQUIRE(builder.advanceToward(8, 700));
        calls++;
    }
    REQUIRE(builder.step() == 8);
    CHECK(calls > 20); // it did stop between slices
    CHECK(heapDigestValue(*builder.vm()) == reference.stepDigests.at(8));
    REQUIRE(builder.advanceTo(builder.lastStep()));
    CHECK(builder.result().divergedAtStep == -1);
    CHECK(builder.result().digestValue == reference.digestValue);
}

TEST_CASE("checkpoints: a recording that differs before the parked step is refused") {
    Recording full = recordCheckpointSession();
    Replayer parked(full);
    REQUIRE(parked.start());
    REQUIRE(parked.advanceTo(6));

    // An action the parked VM has applied differs: refused, and nothing changes.
    Recording changedBefore = full;
    changedBefore.actions[3].count += 1;
    CHECK_FALSE(parked.canContinueWith(changedBefore));
    CHECK_FALSE(parked.continueWith(changedBefore));
    CHECK(parked.recording() == full);
    CHECK(parked.step() == 6);

    // Fewer actions than were applied (a point before the checkpoint): refused.
    CHECK_FALSE(parked.continueWith(cutAt(full, 5, full.actions[5].at)));
    // A point before the VM's instruction count: refused.
    CHECK_FALSE(parked.continueWith(cutAt(full, 6, full.actions[5].at - 1)));
    // A different setting (seed, script): refused.
    Recording otherSeed = full;
    otherSeed.randomSeed1++;
    CHECK_FALSE(parked.continueWith(otherSeed));
    Recording otherScript = full;
    otherScript.main.source += "\n";
    CHECK_FALSE(parked.continueWith(otherScript));

    // The user went back to step 6 and did something else: the tail changed after the parked
    // step, so the checkpoint continues with it, to the digest of a replay from the start.
    Recording branch = cutAt(full, 6, full.actions[6].at);
    Action extra;
    extra.kind = ActionKind::GcCycle;
    extra.count = 1;
    extra.at = full.actions[6].at;
    branch.actions.push_back(extra);
    branch.endAt = full.actions[6].at + 2500;
    REQUIRE(parked.continueWith(branch));
    REQUIRE(parked.advanceTo(parked.lastStep()));
    CHECK(heapDigestValue(*parked.vm()) == digestFromStart(branch));
    // ... which the extra cycle changed (the same point without it):
    CHECK(heapDigestValue(*parked.vm()) != digestFromStart(cutAt(full, 6, branch.endAt)));
}

TEST_CASE("checkpoints: a session with finalizers, built in tiny budgets, continues exactly") {
    // Finalizers (called by collectgarbage() and by the recorded units) run Lua code inside run
    // slices; a checkpoint built 97 instructions at a time must reach the same heap, and then
    // continue with the whole recording to its recorded digest.
    Recording settings;
    settings.main.source = R"(
        n = 0
        for i = 1, 300 do
            setmetatable({}, {__gc = function() for k = 1, 40 do n = n + 1 end end})
            if i % 50 == 0 then collectgarbage() end
        end
        print(n)
    )";
    Recorder recorder(settings);
    VMOptions vo;
    vo.writeStdout = [](std::string_view) {};
    VM* vm = recorder.createVm(vo);
    std::string error;
    REQUIRE(loadString(*vm, settings.main.source, settings.main.chunkName, error));
    startCall(*vm, 0);
    RunStatus s;
    while ((s = run(*vm, 300)) == RunStatus::Paused)
        recorder.gcStep(*vm, ActionKind::GcUnit, 2);
    REQUIRE(s == RunStatus::Finished);
    pop(*vm, stackSize(*vm));
    Recording full = recorder.snapshot(*vm);
    vmDestroy(vm);
    REQUIRE(full.actions.size() > 6);
    ReplayResult reference = replay(full);
    REQUIRE(reference.ok);

    uint64_t k = full.actions.size() / 2;
    Replayer parked(cutAt(full, size_t(k), full.actions[k].at));
    REQUIRE(parked.start());
    for (int calls = 0; parked.step() < parked.lastStep() && calls < 1000000; calls++)
        REQUIRE(parked.advanceToward(parked.lastStep(), 97));
    REQUIRE(parked.step() == parked.lastStep());
    REQUIRE(parked.continueWith(full));
    REQUIRE(parked.advanceTo(parked.lastStep()));
    CHECK(parked.result().divergedAtStep == -1);
    CHECK(heapDigestValue(*parked.vm()) == reference.digestValue);
    CHECK(heapDigestValue(*parked.vm()) == full.expectedDigest);
}
