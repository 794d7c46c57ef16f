// tests/corpus/main.cpp — corpus_tests: one doctest test case per .lua file under tests/lua/.
//
// Options (besides doctest's own):
//   --budget=N          run tricolor with `--budget N` (mode "budgetN")
//   --gc-stress         run tricolor with `--gc-stress --gc-validate=every` (mode "gcstress":
//                       a collector step at every allocation, the validator after each step)
//   --results-file=P    write the counts for scripts/test.sh (tests/support/test_results.h)
// Environment: TRICOLOR_CORPUS_TIMEOUT (seconds per interpreter run, default 60).
//
// The list of files is generated at configure time into corpus_cases.inc (tests/CMakeLists.txt);
// the checks are in corpus.cpp; the runner's own tests in test_corpus_runner.cpp.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "tests/corpus/corpus.h"
#include "tests/support/test_results.h"

REGISTER_LISTENER("tricolor-counts", 1, tricolor::testing::CountingListener);

namespace {

using namespace tricolor::corpus;

// Settings of this run, set once by main (test code; one run per process).
struct RunnerSettings {
    Mode mode = makeMode(0, false);
    KnownFailureList knownFailures;
    double timeoutSeconds = 60;
    unsigned knownFailureCount = 0;
    unsigned skippedCount = 0;
};

RunnerSettings& settings() {
    static RunnerSettings s;
    return s;
}

// The text with line breaks shown as " | ", cut to at most `limit` characters.
std::string oneLine(std::string text, size_t limit) {
    for (size_t at; (at = text.find("\n")) != std::string::npos;)
        text.replace(at, 1, " | ");
    return text.size() > limit ? text.substr(0, limit) + "..." : text;
}

// Runs one corpus file (path relative to tests/lua/) and reports the outcome to doctest.
void runCorpusCase(const char* relativePath) {
    RunnerSettings& run = settings();
    CaseSpec spec;
    spec.file = std::string(TRICOLOR_CORPUS_ROOT) + "/" + relativePath;
    spec.interpreter = TRICOLOR_CLI_PATH;
    spec.flags = run.mode.tricolorFlags;
    spec.oracle = TRICOLOR_LUA_ORACLE;
    spec.timeoutSeconds = run.timeoutSeconds;
    if (std::optional<std::string> source = readFile(spec.file)) {
        Expectations expect = parseExpectations(*source);
        auto skip = expect.skipIn.find(run.mode.name);
        if (skip != expect.skipIn.end()) {
            ++run.skippedCount;
            std::printf("skipped: %s [%s]: %s\n", relativePath, run.mode.name.c_str(),
                        skip->second.c_str());
            return;
        }
        spec.flags = flagsForFile(run.mode, expect);
    }
    CaseReport report = runCase(spec);

    const KnownFailure* known = run.knownFailures.find(relativePath, run.mode.name);
    std::string label = std::string(relativePath) + " [" + run.mode.name + "]";
    switch (classify(report.passed(), known != nullptr)) {
    case Outcome::Passed: break;
    case Outcome::Failed: FAIL_CHECK(label << " failed:\n" << report.text()); break;
    case Outcome::KnownFailure:
        ++run.knownFailureCount;
        std::printf("known failure: %s (%s): %s\n", label.c_str(), known->reason.c_str(),
                    oneLine(report.problems.front(), 160).c_str());
        break;
    case Outcome::UnexpectedPass:
        FAIL_CHECK("UNEXPECTED PASS: " << label << " is listed in tests/known-failures.txt (line "
                                       << known->line << ": " << known->reason
                                       << ") but passes now: remove it from the list");
        break;
    }
}

// Parses our options out of argv (doctest parses the rest). Returns false on a bad option.
bool takeRunnerOptions(int& argc, char** argv) {
    long budget = 0;
    bool gcStress = false;
    int kept = 0;
    for (int i = 0; i < argc; ++i) {
        if (std::strncmp(argv[i], "--budget=", 9) == 0) {
            char* end = nullptr;
            budget = std::strtol(argv[i] + 9, &end, 10);
            if (budget <= 0 || *end) {
                std::fprintf(stderr, "corpus_tests: --budget needs a positive number\n");
                return false;
            }
        } else if (std::strcmp(argv[i], "--gc-stress") == 0) {
            gcStress = true;
        } else {
            argv[kept++] = argv[i];
        }
    }
    argc = kept;
    argv[argc] = nullptr;
    settings().mode = makeMode(budget, gcStress);
    return true;
}

bool loadKnownFailures() {
    std::optional<std::string> text = readFile(TRICOLOR_KNOWN_FAILURES);
    if (!text) {
        std::fprintf(stderr, "corpus_tests: cannot read %s\n", TRICOLOR_KNOWN_FAILURES);
        return false;
    }
    settings().knownFailures = parseKnownFailures(*text);
    return true;
}

} // namespace

TEST_CASE("known-failures.txt is well formed and names existing corpus files") {
    const KnownFailureList& list = settings().knownFailures;
    for (const std::string& problem : list.problems)
        FAIL_CHECK(problem);
    for (const KnownFailure& entry : list.entries) {
        std::string path = std::string(TRICOLOR_CORPUS_ROOT) + "/" + entry.path;
        CHECK_MESSAGE(std::filesystem::is_regular_file(path),
                      "known-failures.txt:" << entry.line << ": no such corpus file "
                                            << entry.path);
    }
}

// One TEST_CASE per corpus file.
#define TRICOLOR_CORPUS_CASE(path)                                                                 \
    TEST_CASE("lua/" path) {                                                                       \
        runCorpusCase(path);                                                                       \
    }
#include "corpus_cases.inc"

int main(int argc, char** argv) {
    std::string resultsFile = tricolor::testing::takeResultsFileOption(argc, argv);
    if (!takeRunnerOptions(argc, argv) || !loadKnownFailures()) return 2;
    if (const char* timeout = std::getenv("TRICOLOR_CORPUS_TIMEOUT")) {
        settings().timeoutSeconds = std::atof(timeout) > 0 ? std::atof(timeout) : 60;
    }
    std::printf("corpus runner: mode %s, interpreter %s, oracle %s\n", settings().mode.name.c_str(),
                TRICOLOR_CLI_PATH, TRICOLOR_LUA_ORACLE);
    doctest::Context context(argc, argv);
    int status = context.run();
    tricolor::testing::writeResultsFile(resultsFile, settings().knownFailureCount);
    std::printf("corpus [%s]: %u known failure(s) (tests/known-failures.txt), %u skipped in this "
                "mode (`-- skip-in:` lines)\n",
                settings().mode.name.c_str(), settings().knownFailureCount,
                settings().skippedCount);
    return status;
}
