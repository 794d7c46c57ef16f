#include "tests/corpus/corpus.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

namespace tricolor::corpus {

// ---- Expectations ------------------------------------------------------------------------------

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// Finds "-- <keyword>:" in line (with any spaces after "--"); returns the text after the colon and
// one following space, or nullopt.
std::optional<std::string_view> commentDirective(std::string_view line, std::string_view keyword) {
    size_t from = 0;
    while ((from = line.find("--", from)) != std::string_view::npos) {
        size_t at = from + 2;
        while (at < line.size() && line[at] == ' ')
            ++at;
        if (line.substr(at, keyword.size()) == keyword && at + keyword.size() < line.size() &&
            line[at + keyword.size()] == ':') {
            std::string_view rest = line.substr(at + keyword.size() + 1);
            if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
            if (!rest.empty() && rest.back() == '\r') rest.remove_suffix(1);
            return rest;
        }
        from += 2;
    }
    return std::nullopt;
}

} // namespace

Expectations parseExpectations(std::string_view source) {
    Expectations expect;
    int lineNumber = 0;
    for (const std::string& line : splitLines(source)) {
        ++lineNumber;
        if (auto text = commentDirective(line, "expect error")) {
            if (expect.error) {
                expect.problems.push_back("line " + std::to_string(lineNumber) +
                                          ": a second '-- expect error:' (only one is allowed)");
            }
            expect.error = std::string(trim(*text));
            if (expect.error->empty()) {
                expect.problems.push_back("line " + std::to_string(lineNumber) +
                                          ": '-- expect error:' needs a message");
            }
        } else if (auto line_text = commentDirective(line, "expect")) {
            expect.stdoutLines.emplace_back(*line_text);
        } else if (auto skip = commentDirective(line, "skip-in")) {
            std::string_view rest = trim(*skip);
            size_t space = rest.find(' ');
            std::string mode(rest.substr(0, space));
            std::string reason(space == std::string_view::npos ? "" : trim(rest.substr(space)));
            if (mode.empty() || reason.empty()) {
                expect.problems.push_back("line " + std::to_string(lineNumber) +
                                          ": '-- skip-in:' needs a mode and a reason");
            } else {
                expect.skipIn[mode] = reason;
            }
        } else if (auto reason = commentDirective(line, "validate-amortised")) {
            expect.validateAmortised = std::string(trim(*reason));
            if (expect.validateAmortised->empty()) {
                expect.problems.push_back("line " + std::to_string(lineNumber) +
                                          ": '-- validate-amortised:' needs a reason");
            }
        } else if (trim(line) == "-- tricolor-only") {
            expect.tricolorOnly = true;
        }
    }
    return expect;
}

std::vector<std::string> splitLines(std::string_view text) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.emplace_back(line);
        start = end + 1;
    }
    return lines;
}

std::string firstLine(std::string_view text) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return std::string(line);
}

std::string withoutProgramPrefix(std::string_view line) {
    for (std::string_view program : {"lua5.4: ", "tricolor: "}) {
        size_t at = line.find(program);
        // The prefix is the program name, maybe with a directory before it, at the start of the
        // line.
        if (at != std::string_view::npos &&
            line.substr(0, at).find(' ') == std::string_view::npos &&
            (at == 0 || line[at - 1] == '/')) {
            return std::string(line.substr(at + program.size()));
        }
    }
    return std::string(line);
}

// ---- Diff --------------------------------------------------------------------------------------

namespace {

enum class Op { Same, Remove, Add };

// The edit script turning a into b, from a longest common subsequence table.
std::vector<std::pair<Op, size_t>> editScript(const std::vector<std::string>& a,
                                              const std::vector<std::string>& b) {
    size_t n = a.size(), m = b.size();
    std::vector<std::vector<unsigned>> lcs(n + 1, std::vector<unsigned>(m + 1, 0));
    for (size_t i = n; i-- > 0;) {
        for (size_t j = m; j-- > 0;) {
            lcs[i][j] =
                a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
        }
    }
    std::vector<std::pair<Op, size_t>> script; // index into a (Same, Remove) or b (Add)
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[i] == b[j]) {
            script.emplace_back(Op::Same, i++);
            ++j;
        } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
            script.emplace_back(Op::Remove, i++); // removals first, as unified diffs show them
        } else {
            script.emplace_back(Op::Add, j++);
        }
    }
    return script;
}

// Hunks with `context` lines of context around each run of changes.
std::string formatHunks(const std::vector<std::pair<Op, size_t>>& script,
                        const std::vector<std::string>& a, const std::vector<std::string>& b,
                        size_t context) {
    std::ostringstream out;
    size_t k = 0;
    while (k < script.size()) {
        if (script[k].first == Op::Same) {
            ++k;
            continue;
        }
        // A hunk starts `context` lines before the first change and grows while changes are close.
        size_t begin = k >= context ? k - context : 0;
        size_t end = k;
        size_t sameRun = 0;
        for (size_t e = k; e < script.size(); ++e) {
            if (script[e].first == Op::Same) {
                if (++sameRun > 2 * context) break;
            } else {
                sameRun = 0;
                end = e + 1;
            }
        }
        end = std::min(script.size(), end + context);
        size_t aStart = 0, bStart = 0, aCount = 0, bCount = 0;
        // Line numbers: count a/b lines before `begin`.
        for (size_t e = 0; e < begin; ++e) {
            if (script[e].first != Op::Add) ++aStart;
            if (script[e].first != Op::Remove) ++bStart;
        }
        for (size_t e = begin; e < end; ++e) {
            if (script[e].first != Op::Add) ++aCount;
            if (script[e].first != Op::Remove) ++bCount;
        }
        out << "@@ -" << (aStart + 1) << "," << aCount << " +" << (bStart + 1) << "," << bCount
            << " @@\n";
        for (size_t e = begin; e < end; ++e) {
            auto [op, index] = script[e];
            if (op == Op::Same) out << "  " << a[index] << "\n";
            if (op == Op::Remove) out << "- " << a[index] << "\n";
            if (op == Op::Add) out << "+ " << b[index] << "\n";
        }
        k = end;
    }
    return out.str();
}

} // namespace

std::string lineDiff(const std::vector<std::string>& expected,
                     const std::vector<std::string>& actual, std::string_view expectedName,
                     std::string_view actualName) {
    if (expected == actual) return "";
    std::ostringstream out;
    out << "--- " << expectedName << "\n+++ " << actualName << "\n";
    constexpr size_t kMaxLines = 2000; // the LCS table is quadratic; big outputs get a prefix diff
    if (expected.size() > kMaxLines || actual.size() > kMaxLines) {
        size_t i = 0;
        while (i < expected.size() && i < actual.size() && expected[i] == actual[i])
            ++i;
        out << "(outputs too long for a full diff; first difference at line " << (i + 1) << ")\n";
        if (i < expected.size()) out << "- " << expected[i] << "\n";
        if (i < actual.size()) out << "+ " << actual[i] << "\n";
        return out.str();
    }
    out << formatHunks(editScript(expected, actual), expected, actual, 3);
    return out.str();
}

// ---- Subprocesses ------------------------------------------------------------------------------

std::string ProcessResult::describeEnd(double timeoutSeconds) const {
    if (!launchError.empty()) return "could not start: " + launchError;
    if (timedOut)
        return "timed out after " + std::to_string(static_cast<int>(timeoutSeconds)) + " s";
    if (signal != 0)
        return "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
    return "exit status " + std::to_string(exitStatus);
}

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Reads what is available on fd into out; returns false at end of file.
bool drain(int fd, std::string& out) {
    char buffer[65536];
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n > 0) {
        out.append(buffer, static_cast<size_t>(n));
        return true;
    }
    return n < 0 && (errno == EINTR || errno == EAGAIN);
}

// In the forked child: set up cwd and standard streams, then exec. Never returns.
[[noreturn]] void execChild(const std::string& program, const std::vector<std::string>& argv,
                            const std::string& cwd, int outFd, int errFd) {
    int devNull = open("/dev/null", O_RDONLY);
    if (devNull >= 0) dup2(devNull, STDIN_FILENO);
    dup2(outFd, STDOUT_FILENO);
    dup2(errFd, STDERR_FILENO);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) {
        dprintf(STDERR_FILENO, "corpus runner: cannot chdir to %s: %s\n", cwd.c_str(),
                strerror(errno));
        _exit(127);
    }
    std::vector<char*> args;
    for (const std::string& arg : argv)
        args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    execv(program.c_str(), args.data());
    dprintf(STDERR_FILENO, "corpus runner: cannot execute %s: %s\n", program.c_str(),
            strerror(errno));
    _exit(127);
}

} // namespace

ProcessResult runProcess(const std::string& program, const std::vector<std::string>& argv,
                         const std::string& cwd, double timeoutSeconds) {
    ProcessResult result;
    int outPipe[2], errPipe[2];
    if (pipe2(outPipe, O_CLOEXEC) != 0) {
        result.launchError = strerror(errno);
        return result;
    }
    if (pipe2(errPipe, O_CLOEXEC) != 0) {
        result.launchError = strerror(errno);
        close(outPipe[0]);
        close(outPipe[1]);
        return result;
    }
    pid_t pid = fork();
    if (pid < 0) {
        result.launchError = strerror(errno);
        for (int fd : {outPipe[0], outPipe[1], errPipe[0], errPipe[1]})
            close(fd);
        return result;
    }
    if (pid == 0) execChild(program, argv, cwd, outPipe[1], errPipe[1]);
    close(outPipe[1]);
    close(errPipe[1]);

    auto start = std::chrono::steady_clock::now();
    pollfd fds[2] = {{outPipe[0], POLLIN, 0}, {errPipe[0], POLLIN, 0}};
    int open = 2;
    while (open > 0) {
        double left = timeoutSeconds - secondsSince(start);
        if (left <= 0) {
            result.timedOut = true;
            kill(pid, SIGKILL);
            break;
        }
        int ready = poll(fds, 2, static_cast<int>(std::min(left, 1.0) * 1000) + 1);
        if (ready < 0 && errno != EINTR) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            if (!drain(fds[i].fd, i == 0 ? result.out : result.err)) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            }
        }
    }
    for (pollfd& p : fds) {
        if (p.fd >= 0) close(p.fd);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) result.exitStatus = WEXITSTATUS(status);
    if (WIFSIGNALED(status) && !result.timedOut) result.signal = WTERMSIG(status);
    return result;
}

// ---- Cases -------------------------------------------------------------------------------------

Mode makeMode(long budget, bool gcStress) {
    Mode mode;
    std::vector<std::string> parts;
    if (budget > 0) {
        parts.push_back("budget" + std::to_string(budget));
        mode.tricolorFlags.insert(mode.tricolorFlags.end(), {"--budget", std::to_string(budget)});
    }
    if (gcStress) {
        parts.push_back("gcstress");
        mode.tricolorFlags.insert(mode.tricolorFlags.end(), {"--gc-stress", "--gc-validate=every"});
    }
    for (const std::string& part : parts)
        mode.name += (mode.name.empty() ? "" : "+") + part;
    if (mode.name.empty()) mode.name = "normal";
    return mode;
}

std::vector<std::string> flagsForFile(const Mode& mode, const Expectations& expect) {
    std::vector<std::string> flags = mode.tricolorFlags;
    if (expect.validateAmortised) {
        for (std::string& flag : flags)
            if (flag == "--gc-validate=every") flag = "--gc-validate";
    }
    return flags;
}

std::string CaseReport::text() const {
    std::string all;
    for (const std::string& problem : problems)
        all += (all.empty() ? "" : "\n") + problem + "\n";
    return all;
}

namespace {

// What a run printed, for a failure message: its end, then stderr's first lines.
std::string runSummary(const ProcessResult& run, double timeoutSeconds) {
    std::string summary = run.describeEnd(timeoutSeconds);
    std::vector<std::string> errLines = splitLines(run.err);
    if (!errLines.empty()) {
        summary += "; stderr:";
        for (size_t i = 0; i < errLines.size() && i < 8; ++i)
            summary += "\n    " + errLines[i];
        if (errLines.size() > 8) summary += "\n    ...";
    }
    return summary;
}

} // namespace

std::vector<std::string> checkExpectations(const Expectations& expect, const ProcessResult& run,
                                           double timeoutSeconds) {
    std::vector<std::string> problems;
    if (!run.launchError.empty() || run.timedOut || run.signal != 0) {
        problems.push_back("the interpreter did not finish: " + runSummary(run, timeoutSeconds));
        return problems;
    }
    if (expect.error) {
        if (run.exitStatus != 1) {
            problems.push_back("expected error \"" + *expect.error + "\" and exit status 1, got " +
                               runSummary(run, timeoutSeconds));
        } else if (firstLine(run.err).find(*expect.error) == std::string::npos) {
            problems.push_back("expected stderr's first line to contain \"" + *expect.error +
                               "\", got \"" + firstLine(run.err) + "\"");
        }
    } else if (run.exitStatus != 0) {
        problems.push_back("expected exit status 0, got " + runSummary(run, timeoutSeconds));
    }
    if (!expect.stdoutLines.empty()) {
        std::string diff = lineDiff(expect.stdoutLines, splitLines(run.out),
                                    "expected stdout (-- expect:)", "actual stdout");
        if (!diff.empty()) problems.push_back("stdout differs from the expectations:\n" + diff);
    }
    return problems;
}

std::vector<std::string> compareWithOracle(const ProcessResult& oracle, const ProcessResult& run,
                                           std::string_view interpreterName) {
    std::vector<std::string> problems;
    std::string actualName = "stdout of " + std::string(interpreterName);
    std::string diff =
        lineDiff(splitLines(oracle.out), splitLines(run.out), "stdout of lua5.4", actualName);
    if (!diff.empty()) problems.push_back("stdout differs from lua5.4's:\n" + diff);
    if (oracle.exitStatus != run.exitStatus || oracle.signal != run.signal) {
        problems.push_back("exit differs from lua5.4's: lua5.4 " + oracle.describeEnd(0) + ", " +
                           std::string(interpreterName) + " " + run.describeEnd(0));
    }
    std::string oracleError = withoutProgramPrefix(firstLine(oracle.err));
    std::string runError = withoutProgramPrefix(firstLine(run.err));
    if (oracleError != runError) {
        problems.push_back("stderr's first line differs from lua5.4's:\n" +
                           lineDiff({oracleError}, {runError}, "lua5.4", interpreterName));
    }
    return problems;
}

CaseReport runCase(const CaseSpec& spec) {
    CaseReport report;
    std::optional<std::string> source = readFile(spec.file);
    if (!source) {
        report.problems.push_back("cannot read " + spec.file);
        return report;
    }
    Expectations expect = parseExpectations(*source);
    for (const std::string& problem : expect.problems) {
        report.problems.push_back("bad expectation comment: " + problem);
    }
    size_t slash = spec.file.rfind('/');
    std::string dir = slash == std::string::npos ? "." : spec.file.substr(0, slash);
    std::string name = slash == std::string::npos ? spec.file : spec.file.substr(slash + 1);

    std::vector<std::string> argv = {spec.interpreterName};
    argv.insert(argv.end(), spec.flags.begin(), spec.flags.end());
    argv.push_back(name);
    ProcessResult run = runProcess(spec.interpreter, argv, dir, spec.timeoutSeconds);
    for (std::string& problem : checkExpectations(expect, run, spec.timeoutSeconds)) {
        report.problems.push_back(std::move(problem));
    }
    if (!expect.tricolorOnly && !spec.oracle.empty()) {
        ProcessResult oracle = runProcess(spec.oracle, {"lua5.4", name}, dir, spec.timeoutSeconds);
        if (!oracle.launchError.empty() || oracle.timedOut) {
            report.problems.push_back("the oracle lua5.4 did not finish: " +
                                      oracle.describeEnd(spec.timeoutSeconds));
        } else {
            for (std::string& problem : compareWithOracle(oracle, run, spec.interpreterName)) {
                report.problems.push_back(std::move(problem));
            }
        }
    }
    return report;
}

// ---- Known failures ----------------------------------------------------------------------------

KnownFailureList parseKnownFailures(std::string_view text) {
    KnownFailureList list;
    int lineNumber = 0;
    for (const std::string& rawLine : splitLines(text)) {
        ++lineNumber;
        std::string_view line = trim(rawLine);
        if (line.empty() || line.front() == '#') continue;
        size_t hash = line.find('#');
        std::string where = "known-failures.txt:" + std::to_string(lineNumber) + ": ";
        if (hash == std::string_view::npos || trim(line.substr(hash + 1)).empty()) {
            list.problems.push_back(where + "needs a reason: '<path> [mode] # reason'");
            continue;
        }
        std::istringstream fields{std::string(trim(line.substr(0, hash)))};
        KnownFailure entry;
        entry.line = lineNumber;
        entry.reason = std::string(trim(line.substr(hash + 1)));
        fields >> entry.path >> entry.mode;
        std::string extra;
        if (entry.path.empty() || (fields >> extra)) {
            list.problems.push_back(where + "expected '<path> [mode] # reason'");
            continue;
        }
        list.entries.push_back(std::move(entry));
    }
    return list;
}

const KnownFailure* KnownFailureList::find(std::string_view path, std::string_view mode) const {
    for (const KnownFailure& entry : entries) {
        if (entry.path == path && (entry.mode.empty() || entry.mode == mode)) return &entry;
    }
    return nullptr;
}

Outcome classify(bool casePassed, bool listedAsKnownFailure) {
    if (listedAsKnownFailure) return casePassed ? Outcome::UnexpectedPass : Outcome::KnownFailure;
    return casePassed ? Outcome::Passed : Outcome::Failed;
}

// ---- Files -------------------------------------------------------------------------------------

std::optional<std::string> readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream contents;
    contents << in.rdbuf();
    return contents.str();
}

} // namespace tricolor::corpus
