// cli/replay_cli.cpp — `tricolor --replay <link>`: replays a share link
// headlessly and says whether it reproduced the recorded heap (see
// docs/replay.md). Also `tricolor --record <script> [units]`, which runs a
// script in the recorded environment, doing `units` collector units every
// 1000 instructions, and prints the share link of that run (how the links in
// tests/replay/ are made).
#include "cli/replay_cli.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/api.h"
#include "core/digest.h"
#include "core/introspect.h"
#include "core/recording.h"
#include "core/replay.h"

namespace tricolor {

namespace {

// "@path": the first line of the file that is not empty and not a comment
// ("# ..."); anything else is the link itself.
bool readLinkArgument(const std::string& arg, std::string& link, std::string& error) {
    if (arg.empty() || arg[0] != '@') {
        link = arg;
        return true;
    }
    std::ifstream in(arg.substr(1), std::ios::binary);
    if (!in) {
        error = "cannot open " + arg.substr(1);
        return false;
    }
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        bool comment = line == "#" || line.rfind("# ", 0) == 0 || line.rfind("#\t", 0) == 0;
        if (!line.empty() && !comment) {
            link = line;
            return true;
        }
    }
    error = arg.substr(1) + ": no link in the file";
    return false;
}

// Whether the recording carries any digest to compare a replay with.
bool recordsDigests(const Recording& rec) {
    if (rec.expectedDigest || rec.portableDigest) return true;
    for (const Action& a : rec.actions)
        if (a.digest || a.portableDigest) return true;
    return false;
}

void writeOut(std::string_view s) {
    std::fwrite(s.data(), 1, s.size(), stdout);
}

} // namespace

int runReplayCli(const std::string& arg) {
    std::string link, error;
    Recording rec;
    if (!readLinkArgument(arg, link, error) || !decodeShareLink(link, rec, error)) {
        std::fprintf(stderr, "tricolor: %s\n", error.c_str());
        return 1;
    }
    ReplayOptions options;
    options.onOutput = writeOut;
    ReplayResult res = replay(rec, UINT64_MAX, options);
    std::fflush(stdout);
    if (!res.programError.empty()) std::printf("program error: %s\n", res.programError.c_str());
    if (!res.digest.empty())
        std::printf("digest: %s (step %llu of %llu)\n", res.digest.c_str(),
                    (unsigned long long)res.step, (unsigned long long)(rec.stepCount() - 1));
    std::fflush(stdout);
    bool bad = !res.ok || !res.validatorFailures.empty();
    if (!res.ok) std::fprintf(stderr, "tricolor: %s\n", res.error.c_str());
    for (const std::string& f : res.validatorFailures)
        std::fprintf(stderr, "tricolor: validator: %s\n", f.c_str());
    if (!res.comparable) {
        // Digests recorded, none checkable here: no verdict, and a test must not pass on that.
        std::printf("not compared: recorded by a %d-bit build without portable digests, this build "
                    "is %d-bit\n",
                    int(rec.wordBits), int(sizeof(void*) * 8));
        bad = bad || recordsDigests(rec);
    } else if (res.divergedAtStep >= 0) {
        std::printf("diverged \u2717 at step %lld (expected %s%s, got %s)\n",
                    (long long)res.divergedAtStep, res.divergedPortable ? "portable " : "",
                    formatDigest(res.expectedDigest).c_str(),
                    formatDigest(res.actualDigest).c_str());
        bad = true;
    } else if (res.compared > 0 && res.ok) {
        std::printf("reproduced \u2713 (%llu digests checked", (unsigned long long)res.compared);
        if (res.notComparable > 0)
            std::printf("; %llu full digests of this %d-bit recording not comparable on a %d-bit "
                        "build",
                        (unsigned long long)res.notComparable, int(rec.wordBits),
                        int(sizeof(void*) * 8));
        std::printf(")\n");
    }
    std::fflush(stdout);
    return bad ? 1 : 0;
}

int runRecordCli(const std::string& scriptPath, uint64_t unitsPerKilo) {
    std::ifstream in(scriptPath, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "tricolor: cannot open %s\n", scriptPath.c_str());
        return 1;
    }
    std::stringstream text;
    text << in.rdbuf();
    Recording settings;
    settings.main.source = text.str();
    Recorder recorder(settings);
    VMOptions vo;
    vo.writeStdout = [](std::string_view) {};
    vo.writeStderr = [](std::string_view) {};
    VM* vm = recorder.createVm(vo);
    std::string error;
    if (!vm || !loadString(*vm, settings.main.source, settings.main.chunkName, error)) {
        std::fprintf(stderr, "tricolor: %s\n", vm ? error.c_str() : "cannot create state");
        if (vm) vmDestroy(vm);
        return 1;
    }
    startCall(*vm, 0);
    RunStatus s = RunStatus::Paused;
    uint64_t limit = 500000000;
    while (s == RunStatus::Paused && vm->instructionCount < limit) {
        s = run(*vm, 1000);
        if (unitsPerKilo && s == RunStatus::Paused) {
            recorder.gcStep(*vm, ActionKind::GcUnit, unitsPerKilo);
        }
    }
    if (s == RunStatus::Finished || s == RunStatus::Error) pop(*vm, stackSize(*vm));
    std::printf("%s\n", encodeShareLink(recorder.snapshot(*vm)).c_str());
    vmDestroy(vm);
    return 0;
}

} // namespace tricolor
