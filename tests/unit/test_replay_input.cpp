// The playground's interactive stdin in recordings (core/replay.h, core/lib_io.cpp): a read with
// nothing queued suspends the script (main thread: run() yields; coroutine: the read polls), the
// lines are recorded as Input actions, and a replay reproduces the run exactly; the portable
// digest (core/digest.h) leaves out only what depends on the pointer width.
#include <doctest/doctest.h>

#include <string>

#include "core/api.h"
#include "core/digest.h"
#include "core/introspect.h"
#include "core/recording.h"
#include "core/replay.h"
#include "core/vm.h"

using namespace tricolor;

namespace {

const char* kInputScript = R"(
local a = io.read()
local b = io.read("n")
io.read() -- the rest of the number's line
print("got " .. a .. " and " .. b * 2)
local co = coroutine.wrap(function() return io.read() end)
print("in a coroutine: " .. co())
for line in io.lines() do
  print("line " .. line)
  if line == "end" then break end
end
local keep = {}
for i = 1, 200 do keep[i] = {i} end
print(#keep)
)";

struct Session {
    Recorder recorder;
    VM* vm = nullptr;
    std::string out;
    explicit Session(Recording settings) : recorder(std::move(settings)) {
        VMOptions vo;
        vo.writeStdout = [this](std::string_view s) { out.append(s); };
        vm = recorder.createVm(vo);
        std::string error;
        REQUIRE(vm != nullptr);
        REQUIRE(loadString(*vm, recorder.settings().main.source, "=main", error));
        startCall(*vm, 0);
    }
    ~Session() { vmDestroy(vm); }
};

} // namespace

TEST_CASE("replay input: reads wait for lines, which are recorded and replayed exactly") {
    Recording settings;
    settings.main.source = kInputScript;
    settings.interactiveStdin = true;
    Session s(settings);
    const char* lines[] = {"first line\n", "21\n", "in co\n", "x\n", "end\n"};
    size_t next = 0;
    int waits = 0, polls = 0;
    bool resume = false;
    for (int guard = 0; guard < 100000; guard++) {
        if (resume) resumeCall(*s.vm, 0);
        resume = false;
        RunStatus st = run(*s.vm, 5);
        if (st == RunStatus::Finished) break;
        REQUIRE(st != RunStatus::Error);
        if (!waitingForStandardInput(*s.vm)) continue;
        // Main thread: the VM yields to the host; in the coroutine the read polls (Paused).
        if (st == RunStatus::Yielded) {
            waits++;
            resume = true;
        } else {
            polls++;
        }
        REQUIRE(next < 5);
        if (next == 2) s.recorder.gcStep(*s.vm, ActionKind::GcUnit, 3);
        s.recorder.input(*s.vm, lines[next++]);
        CHECK_FALSE(waitingForStandardInput(*s.vm));
    }
    pop(*s.vm, stackSize(*s.vm));
    CHECK(next == 5);
    CHECK(waits == 4);
    CHECK(polls == 1);
    CHECK(s.out == "got first line and 42\nin a coroutine: in co\nline x\nline end\n200\n");

    Recording r = s.recorder.snapshot(*s.vm);
    Recording back;
    std::string error;
    REQUIRE(decodeShareLink(encodeShareLink(r), back, error));
    CHECK(back == r);
    CHECK(back.interactiveStdin);
    ReplayResult res = replay(back);
    CHECK(res.ok);
    CHECK(res.divergedAtStep == -1);
    CHECK(res.compared == r.actions.size() + 1); // each action and the end
    CHECK(res.output == s.out);
    CHECK(res.digest == heapDigest(*s.vm));

    // A line less: the replay waits for input that never comes.
    Recording missing = r;
    missing.actions.pop_back();
    ReplayResult truncated = replay(missing);
    CHECK_FALSE(truncated.ok);
}

TEST_CASE("replay input: without interactive stdin, io.read sees the end of input at once") {
    Recording settings;
    settings.main.source = "print(io.read(), io.read('a'))";
    ReplayResult res = replay(settings);
    CHECK(res.ok);
    CHECK(res.output == "nil\t\n");
}

TEST_CASE("replay input: the portable digest ignores sizes, the full one does not") {
    Recording settings;
    settings.main.source = "collectgarbage('stop') local t = {} for i = 1, 50 do t[i] = {i} end";
    ReplayResult a = replay(settings);
    REQUIRE(a.ok);
    // A recording said to come from the other pointer width is compared by its portable digest.
    Recording other = settings;
    other.wordBits = sizeof(void*) == 8 ? 32 : 64;
    other.portableDigest = a.portableDigestValue;
    other.expectedDigest = a.digestValue ^ 1; // a full digest of another width: not compared
    ReplayResult b = replay(other);
    CHECK(b.ok);
    CHECK(b.comparable);
    CHECK(b.compared == 1);
    CHECK(b.divergedAtStep == -1);
    other.portableDigest ^= 1;
    ReplayResult c = replay(other);
    CHECK(c.divergedAtStep == 1);
}
