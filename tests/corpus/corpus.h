// tests/corpus/corpus.h — the corpus runner: .lua files with expectation comments.
//
// Every file under tests/lua/ is one doctest test case (corpus_cases.inc, generated at configure
// time). A case runs the `tricolor` CLI on the file as a subprocess, in the file's directory, and
// checks what it printed against the file's expectation comments:
//
//   -- expect: <line>           a line of stdout; all of them, in order, are exactly stdout
//   -- expect error: <message>  exit status 1 and stderr's first line contains <message>
//   -- tricolor-only            (a line of its own) skip the differential run
//   -- skip-in: <mode> <reason> do not run the file in that mode
//   -- validate-amortised: <reason>
//                               in gcstress mode, validate the heap amortised (`--gc-validate`)
//                               instead of after every collector step: for files whose heap is
//                               so large that a full validation per step is quadratic
//
// Without `-- expect error:` the exit status must be 0. Unless the file is tricolor-only, the
// case also runs Debian's lua5.4 (the oracle) on the same file in the same directory and requires
// identical stdout, exit status and first stderr line (with the "lua5.4: " / "tricolor: " program
// prefix removed). Problems are reported with a unified-style line diff.
//
// A mode adds flags to the tricolor command line (normal: none; budget1: `--budget 1`; gcstress:
// `--gc-stress --gc-validate=every`). tests/known-failures.txt lists files (optionally for one
// mode) that are expected to fail: they still run; a failure is reported as a known failure, a pass
// fails the case so the list shrinks.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tricolor::corpus {

// ---- Expectations ------------------------------------------------------------------------------

struct Expectations {
    std::vector<std::string> stdoutLines; // from `-- expect:` comments, in file order
    std::optional<std::string> error;     // from `-- expect error:`
    bool tricolorOnly = false;            // a `-- tricolor-only` line
    // From `-- skip-in: <mode> <reason>` lines: modes (normal, budget1, gcstress) in which the
    // file is not run, each with the reason the runner prints.
    std::map<std::string, std::string> skipIn;
    // From a `-- validate-amortised: <reason>` line (see the top of this file).
    std::optional<std::string> validateAmortised;
    std::vector<std::string> problems; // malformed expectation comments
};

Expectations parseExpectations(std::string_view source);

// Splits text into lines at '\n' (a final '\n' does not start an empty line; '\r' before '\n' is
// dropped).
std::vector<std::string> splitLines(std::string_view text);

// The first line of text, without its line end.
std::string firstLine(std::string_view text);

// Removes a leading program-name prefix ("lua5.4: ", "tricolor: ", "/usr/bin/lua5.4: ") from an
// error line so the two interpreters' messages compare equal.
std::string withoutProgramPrefix(std::string_view line);

// A unified-style diff of two line lists: "--- <expectedName>", "+++ <actualName>", then hunks
// ("@@ -a,b +c,d @@") of " ", "-", "+" lines with three lines of context. Empty when equal.
std::string lineDiff(const std::vector<std::string>& expected,
                     const std::vector<std::string>& actual, std::string_view expectedName,
                     std::string_view actualName);

// ---- Subprocesses ------------------------------------------------------------------------------

struct ProcessResult {
    std::string out;
    std::string err;
    int exitStatus = -1; // when the process exited normally
    int signal = 0;      // when a signal ended it
    bool timedOut = false;
    std::string launchError; // could not start it at all

    // "exit status 1", "killed by signal 11", "timed out after 60 s", ...
    std::string describeEnd(double timeoutSeconds) const;
};

// Runs argv (argv[0] is the program's display name, `program` its path) in directory `cwd` with
// stdin from /dev/null, capturing stdout and stderr, killing it after timeoutSeconds.
ProcessResult runProcess(const std::string& program, const std::vector<std::string>& argv,
                         const std::string& cwd, double timeoutSeconds);

// ---- Cases -------------------------------------------------------------------------------------

struct Mode {
    std::string name;                       // "normal", "budget1", "gcstress", "budget1+gcstress"
    std::vector<std::string> tricolorFlags; // inserted before the script name
};

// Builds the mode from runner options: budget (0 = none) and gcStress.
Mode makeMode(long budget, bool gcStress);

// The mode's tricolor flags for one file: with `-- validate-amortised:` the validator runs
// amortised instead of after every step.
std::vector<std::string> flagsForFile(const Mode& mode, const Expectations& expect);

struct CaseSpec {
    std::string file;        // absolute path of the .lua file
    std::string interpreter; // path of the tricolor CLI (or a stand-in in self-tests)
    std::string interpreterName = "tricolor";
    std::vector<std::string> flags; // from the mode
    std::string oracle;             // path of lua5.4; empty: no differential run
    double timeoutSeconds = 60;
};

struct CaseReport {
    std::vector<std::string> problems; // each a self-contained explanation, possibly with a diff
    bool passed() const { return problems.empty(); }
    std::string text() const; // all problems, separated by blank lines
};

// Runs one corpus file and checks it against its expectations and the oracle.
CaseReport runCase(const CaseSpec& spec);

// Checks one run's results against the expectations (no oracle).
std::vector<std::string> checkExpectations(const Expectations& expect, const ProcessResult& run,
                                           double timeoutSeconds);

// Compares the interpreter's results with the oracle's.
std::vector<std::string> compareWithOracle(const ProcessResult& oracle, const ProcessResult& run,
                                           std::string_view interpreterName);

// ---- Known failures ----------------------------------------------------------------------------

struct KnownFailure {
    std::string path; // relative to tests/lua/
    std::string mode; // empty: every mode
    std::string reason;
    int line = 0;
};

struct KnownFailureList {
    std::vector<KnownFailure> entries;
    std::vector<std::string> problems; // malformed lines

    // The entry for path in mode (an entry without mode matches every mode), or nullptr.
    const KnownFailure* find(std::string_view path, std::string_view mode) const;
};

// Parses "<relative path> [mode] # reason" lines; blank lines and lines starting with '#' are
// comments. The reason is required.
KnownFailureList parseKnownFailures(std::string_view text);

enum class Outcome { Passed, Failed, KnownFailure, UnexpectedPass };

Outcome classify(bool casePassed, bool listedAsKnownFailure);

// ---- Files -------------------------------------------------------------------------------------

// The whole file, or nullopt when it cannot be read.
std::optional<std::string> readFile(const std::string& path);

} // namespace tricolor::corpus
