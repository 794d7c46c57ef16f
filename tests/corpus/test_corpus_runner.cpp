// The corpus runner's own tests: expectation parsing, diffs, known-failure bookkeeping, and the
// whole mechanism end to end with lua5.4 standing in for tricolor.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "tests/corpus/corpus.h"

using namespace tricolor::corpus;

TEST_SUITE("corpus runner") {

    TEST_CASE("expect comments are collected in order, trailing or on their own line") {
        Expectations e = parseExpectations("print(1) -- expect: 1\n"
                                           "-- expect: two words  \n"
                                           "print('x')   --   expect: x\r\n"
                                           "-- expect:\n"
                                           "-- a plain comment\n");
        REQUIRE(e.stdoutLines.size() == 4);
        CHECK(e.stdoutLines[0] == "1");
        CHECK(e.stdoutLines[1] == "two words  "); // trailing spaces are part of the expected line
        CHECK(e.stdoutLines[2] == "x");
        CHECK(e.stdoutLines[3] == "");
        CHECK_FALSE(e.error);
        CHECK_FALSE(e.tricolorOnly);
        CHECK(e.problems.empty());
    }

    TEST_CASE("expect error and tricolor-only are recognised") {
        Expectations e = parseExpectations("-- tricolor-only\n"
                                           "error('boom') -- expect error: boom\n");
        CHECK(e.tricolorOnly);
        REQUIRE(e.error);
        CHECK(*e.error == "boom");
        CHECK(e.stdoutLines.empty());
        CHECK_FALSE(parseExpectations("x = 1 -- tricolor-only, sort of\n").tricolorOnly);
    }

    TEST_CASE("validate-amortised needs a reason and relaxes only the per-step validator") {
        Expectations e = parseExpectations("-- validate-amortised: a 20k-slot table\n");
        REQUIRE(e.validateAmortised);
        CHECK(*e.validateAmortised == "a 20k-slot table");
        CHECK(flagsForFile(makeMode(0, true), e) ==
              std::vector<std::string>{"--gc-stress", "--gc-validate"});
        CHECK(flagsForFile(makeMode(1, false), e) == std::vector<std::string>{"--budget", "1"});
        CHECK(flagsForFile(makeMode(0, true), parseExpectations("print(1)\n")) ==
              std::vector<std::string>{"--gc-stress", "--gc-validate=every"});
        CHECK_FALSE(parseExpectations("-- validate-amortised:\n").problems.empty());
    }

    TEST_CASE("skip-in names a mode and needs a reason") {
        Expectations e =
            parseExpectations("-- skip-in: budget1 too slow at one instruction per slice\n"
                              "print(1) -- expect: 1\n");
        REQUIRE(e.skipIn.count("budget1") == 1);
        CHECK(e.skipIn["budget1"] == "too slow at one instruction per slice");
        CHECK(e.skipIn.count("normal") == 0);
        CHECK(e.problems.empty());
        CHECK_FALSE(parseExpectations("-- skip-in: budget1\n").problems.empty());
    }

    TEST_CASE("a second expect error or an empty one is reported") {
        CHECK(parseExpectations("-- expect error: a\n-- expect error: b\n").problems.size() == 1);
        CHECK(parseExpectations("-- expect error:\n").problems.size() == 1);
    }

    TEST_CASE("lines split at newlines without a phantom last line") {
        CHECK(splitLines("") == std::vector<std::string>{});
        CHECK(splitLines("a\nb\n") == std::vector<std::string>{"a", "b"});
        CHECK(splitLines("a\r\n\nb") == std::vector<std::string>{"a", "", "b"});
        CHECK(firstLine("first\nsecond") == "first");
        CHECK(firstLine("") == "");
    }

    TEST_CASE("the program prefix of an error line is removed") {
        CHECK(withoutProgramPrefix("lua5.4: x.lua:1: boom") == "x.lua:1: boom");
        CHECK(withoutProgramPrefix("tricolor: x.lua:1: boom") == "x.lua:1: boom");
        CHECK(withoutProgramPrefix("/usr/bin/lua5.4: x.lua:1: boom") == "x.lua:1: boom");
        CHECK(withoutProgramPrefix("x.lua:1: tricolor: boom") == "x.lua:1: tricolor: boom");
    }

    TEST_CASE("the diff shows removed and added lines with context") {
        CHECK(lineDiff({"a", "b"}, {"a", "b"}, "want", "got") == "");
        std::string diff = lineDiff({"a", "b", "c"}, {"a", "B", "c", "d"}, "want", "got");
        CHECK(diff == "--- want\n"
                      "+++ got\n"
                      "@@ -1,3 +1,4 @@\n"
                      "  a\n"
                      "- b\n"
                      "+ B\n"
                      "  c\n"
                      "+ d\n");
    }

    TEST_CASE("distant changes get separate hunks") {
        std::vector<std::string> want, got;
        for (int i = 0; i < 20; ++i)
            want.push_back(std::to_string(i));
        got = want;
        got[1] = "one";
        got[18] = "eighteen";
        std::string diff = lineDiff(want, got, "want", "got");
        CHECK(diff.find("@@ -1,5 +1,5 @@") != std::string::npos);
        CHECK(diff.find("@@ -16,5 +16,5 @@") != std::string::npos);
        CHECK(diff.find("  9\n") == std::string::npos); // far from both changes: not shown
    }

    TEST_CASE("known-failures lines: path, optional mode, required reason") {
        KnownFailureList list = parseKnownFailures("# header comment\n"
                                                   "\n"
                                                   "smoke/hello.lua # no interpreter\n"
                                                   "gc/stress.lua gcstress # too slow\n"
                                                   "bad/no-reason.lua\n"
                                                   "bad/too many fields # x\n");
        REQUIRE(list.entries.size() == 2);
        CHECK(list.problems.size() == 2);
        CHECK(list.entries[0].path == "smoke/hello.lua");
        CHECK(list.entries[0].mode == "");
        CHECK(list.entries[0].reason == "no interpreter");
        CHECK(list.entries[0].line == 3);
        CHECK(list.find("smoke/hello.lua", "budget1") == &list.entries[0]);
        CHECK(list.find("gc/stress.lua", "gcstress") == &list.entries[1]);
        CHECK(list.find("gc/stress.lua", "normal") == nullptr);
        CHECK(list.find("other.lua", "normal") == nullptr);
    }

    TEST_CASE("outcomes: a listed file that passes is an unexpected pass") {
        CHECK(classify(true, false) == Outcome::Passed);
        CHECK(classify(false, false) == Outcome::Failed);
        CHECK(classify(false, true) == Outcome::KnownFailure);
        CHECK(classify(true, true) == Outcome::UnexpectedPass);
    }

    TEST_CASE("modes name themselves and add tricolor flags") {
        CHECK(makeMode(0, false).name == "normal");
        CHECK(makeMode(0, false).tricolorFlags.empty());
        CHECK(makeMode(1, false).name == "budget1");
        CHECK(makeMode(1, false).tricolorFlags == std::vector<std::string>{"--budget", "1"});
        CHECK(makeMode(0, true).tricolorFlags ==
              std::vector<std::string>{"--gc-stress", "--gc-validate=every"});
        CHECK(makeMode(1, true).name == "budget1+gcstress");
    }

    TEST_CASE("a subprocess's stdout, stderr, exit status, signal and timeout are captured") {
        ProcessResult r =
            runProcess("/bin/sh", {"sh", "-c", "echo out; echo err >&2; pwd; exit 3"}, "/tmp", 10);
        CHECK(r.out == "out\n/tmp\n");
        CHECK(r.err == "err\n");
        CHECK(r.exitStatus == 3);
        CHECK(r.signal == 0);
        CHECK_FALSE(r.timedOut);

        ProcessResult killed = runProcess("/bin/sh", {"sh", "-c", "kill -9 $$"}, "", 10);
        CHECK(killed.signal == 9);

        ProcessResult slow = runProcess("/bin/sh", {"sh", "-c", "sleep 5"}, "", 0.2);
        CHECK(slow.timedOut);

        ProcessResult missing = runProcess("/nonexistent/program", {"program"}, "", 10);
        CHECK(missing.exitStatus == 127);
        CHECK(missing.err.find("cannot execute") != std::string::npos);
    }

    // End to end with lua5.4 as the interpreter under test: the real expectation checks, the real
    // differential run (which must agree with itself), and failures that must be caught.
    TEST_CASE("whole cases run end to end, with lua5.4 standing in for tricolor") {
        std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("tricolor-corpus-selftest-" + std::to_string(getpid()));
        std::filesystem::create_directories(dir);
        auto write = [&](const char* name, const char* text) {
            std::ofstream(dir / name) << text;
            return (dir / name).string();
        };
        CaseSpec spec;
        spec.interpreter = TRICOLOR_LUA_ORACLE;
        spec.interpreterName = "lua5.4";
        spec.oracle = TRICOLOR_LUA_ORACLE;
        spec.timeoutSeconds = 30;

        SUBCASE("matching expectations pass") {
            spec.file =
                write("ok.lua", "print('hello') -- expect: hello\nprint(1 + 1) -- expect: 2\n");
            CaseReport report = runCase(spec);
            CHECK_MESSAGE(report.passed(), report.text());
        }
        SUBCASE("an error with its message passes, and runs in the file's directory") {
            spec.file = write("err.lua", "error('boom') -- expect error: err.lua:1: boom\n");
            CaseReport report = runCase(spec);
            CHECK_MESSAGE(report.passed(), report.text());
        }
        SUBCASE("a wrong expectation fails with a diff") {
            spec.file = write("wrong.lua", "print('hello') -- expect: goodbye\n");
            CaseReport report = runCase(spec);
            REQUIRE(report.problems.size() == 1);
            CHECK(report.problems[0].find("- goodbye\n+ hello\n") != std::string::npos);
        }
        SUBCASE("extra output fails") {
            spec.file = write("extra.lua", "print('a') -- expect: a\nprint('b')\n");
            CHECK_FALSE(runCase(spec).passed());
        }
        SUBCASE("an unexpected error fails") {
            spec.file = write("unexpected.lua", "print('a') -- expect: a\nerror('no')\n");
            CaseReport report = runCase(spec);
            REQUIRE_FALSE(report.passed());
            CHECK(report.problems[0].find("expected exit status 0, got exit status 1") !=
                  std::string::npos);
        }
        SUBCASE("a missing expected error fails") {
            spec.file = write("noerror.lua", "print('a') -- expect error: something\n");
            CHECK_FALSE(runCase(spec).passed());
        }
        SUBCASE("a different interpreter output fails the differential run") {
            // /bin/echo plays an interpreter that prints its arguments instead of running the
            // script.
            spec.interpreter = "/bin/echo";
            spec.interpreterName = "echo";
            spec.file = write("diff.lua", "print('from lua')\n");
            CaseReport report = runCase(spec);
            REQUIRE(report.problems.size() == 1);
            CHECK(report.problems[0].find("stdout differs from lua5.4's") == 0);
        }
        SUBCASE("tricolor-only skips the differential run") {
            spec.interpreter = "/bin/echo";
            spec.interpreterName = "echo";
            spec.file = write("only.lua", "-- tricolor-only\n-- expect: only.lua\n");
            CaseReport report = runCase(spec);
            CHECK_MESSAGE(report.passed(), report.text());
        }
        std::filesystem::remove_all(dir);
    }

} // TEST_SUITE
