// tests/support/test_results.h — a doctest run's counts, written to a file for scripts/test.sh.
//
// Each test binary (unit_tests, corpus_tests) accepts `--results-file=PATH`. At the end of the run
// it writes one line, "passed=N failed=M known=K", so the test command can add up doctest cases,
// corpus files and browser tests into one summary. Counting is done by a doctest listener that the
// binary's main registers with REGISTER_LISTENER.
#pragma once

#include <doctest/doctest.h>

#include <cstring>
#include <fstream>
#include <string>

namespace tricolor::testing {

struct RunCounts {
    unsigned casesRun = 0;
    unsigned casesFailed = 0;
};

// The counts of this process's doctest run (test code: one run per process).
inline RunCounts& runCounts() {
    static RunCounts counts;
    return counts;
}

// Records the totals of the run; reports nothing itself.
struct CountingListener : doctest::IReporter {
    explicit CountingListener(const doctest::ContextOptions&) {}
    void test_run_end(const doctest::TestRunStats& stats) override {
        runCounts().casesRun = stats.numTestCasesPassingFilters;
        runCounts().casesFailed = stats.numTestCasesFailed;
    }
    void report_query(const doctest::QueryData&) override {}
    void test_run_start() override {}
    void test_case_start(const doctest::TestCaseData&) override {}
    void test_case_reenter(const doctest::TestCaseData&) override {}
    void test_case_end(const doctest::CurrentTestCaseStats&) override {}
    void test_case_exception(const doctest::TestCaseException&) override {}
    void subcase_start(const doctest::SubcaseSignature&) override {}
    void subcase_end() override {}
    void log_assert(const doctest::AssertData&) override {}
    void log_message(const doctest::MessageData&) override {}
    void test_case_skipped(const doctest::TestCaseData&) override {}
};

// Removes every "--results-file=PATH" from argv (so doctest never sees it) and returns the last
// PATH, or "" when there is none.
inline std::string takeResultsFileOption(int& argc, char** argv) {
    static constexpr const char* kPrefix = "--results-file=";
    std::string path;
    int kept = 0;
    for (int i = 0; i < argc; ++i) {
        if (std::strncmp(argv[i], kPrefix, std::strlen(kPrefix)) == 0) {
            path = argv[i] + std::strlen(kPrefix);
        } else {
            argv[kept++] = argv[i];
        }
    }
    argc = kept;
    argv[argc] = nullptr;
    return path;
}

// Writes "passed=N failed=M known=K" to path (when path is not empty). `known` counts cases that
// doctest saw pass but that are listed known failures, so they are not counted as passed.
inline void writeResultsFile(const std::string& path, unsigned known = 0) {
    if (path.empty()) return;
    const RunCounts& counts = runCounts();
    unsigned passed = counts.casesRun - counts.casesFailed - known;
    std::ofstream out(path);
    out << "passed=" << passed << " failed=" << counts.casesFailed << " known=" << known << "\n";
}

} // namespace tricolor::testing
