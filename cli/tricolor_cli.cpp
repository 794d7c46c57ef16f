// cli/tricolor_cli.cpp — the `tricolor` command line (see cli.h).
//
// Behaves like lua5.4's lua.c: the script gets `arg` (arg[0] = script name,
// negative indices for the interpreter's own arguments) and `...`; errors are
// printed as "tricolor: msg" plus a traceback on stderr with exit status 1;
// the VM is closed at exit so pending __gc finalizers run. With --budget N the
// VM runs in slices of N instructions (the corpus is run a second time with
// --budget 1 and must print the same).
#include "cli/cli.h"
#include "cli/replay_cli.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include "core/api.h"
#include "core/auxlib.h"
#include "core/gc.h"
#include "core/interp.h"
#include "core/stdlib.h"
#include "core/string.h"
#include "core/table.h"
#include "core/version.h"
#include "core/worker.h"

namespace tricolor {

namespace {

const char* kProgName = "tricolor";

struct CliOptions {
    std::vector<std::pair<char, std::string>> actions; // 'e' stat / 'l' module, in order
    bool interactive = false;
    bool version = false;
    bool noEnv = false;
    bool warnings = false;
    bool gcStress = false;
    bool gcValidate = false;
    bool gcValidateEveryStep = false;
    uint64_t budget = 0;
    int scriptIndex = 0; // argv index of the script (0: none)
    bool scriptIsStdin = false;
};

void printUsage(const char* badOption) {
    if (badOption) std::fprintf(stderr, "%s: unrecognized option '%s'\n", kProgName, badOption);
    std::fprintf(
        stderr,
        "usage: %s [options] [script [args]]\n"
        "Available options are:\n"
        "  -e stat   execute string 'stat'\n"
        "  -i        enter interactive mode after executing 'script'\n"
        "  -l mod    require library 'mod' into global 'mod'\n"
        "  -v        show version information\n"
        "  -E        ignore environment variables\n"
        "  -W        turn warnings on\n"
        "  --budget N     run the VM in slices of N instructions\n"
        "  --gc-stress    run collector work at every safe point\n"
        "  --gc-validate  check the heap invariants after collector steps (amortised)\n"
        "  --gc-validate=every  ... after literally every collector step (slow)\n"
        "  --replay LINK  replay a share link (URL, #r=..., or @file) and check its digests\n"
        "  --record FILE [N]  print a share link of FILE's run (N collector units per 1000 "
        "instructions)\n"
        "  --        stop handling options\n"
        "  -         stop handling options and execute stdin\n",
        kProgName);
}

// Returns false on a bad command line (usage already printed).
bool parseArgs(int argc, char** argv, CliOptions& o) {
    int i = 1;
    for (; i < argc; i++) {
        const char* a = argv[i];
        if (a[0] != '-') break;
        std::string_view s = a;
        if (s == "--") {
            i++;
            break;
        }
        if (s == "-") {
            o.scriptIsStdin = true;
            break;
        }
        if (s == "--gc-stress") {
            o.gcStress = true;
        } else if (s == "--gc-validate") {
            o.gcValidate = true;
        } else if (s == "--gc-validate=every") {
            o.gcValidate = o.gcValidateEveryStep = true;
        } else if (s == "--budget") {
            char* end = nullptr;
            long long n = i + 1 < argc ? std::strtoll(argv[i + 1], &end, 10) : 0;
            if (n <= 0 || !end || *end) {
                std::fprintf(stderr, "%s: '--budget' needs a positive number\n", kProgName);
                return false;
            }
            o.budget = uint64_t(n);
            i++;
        } else if (s == "-i") {
            o.interactive = true;
            o.version = true;
        } else if (s == "-v") {
            o.version = true;
        } else if (s == "-E") {
            o.noEnv = true;
        } else if (s == "-W") {
            o.warnings = true;
        } else if (s[1] == 'e' || s[1] == 'l') {
            std::string arg;
            if (s.size() > 2) {
                arg = std::string(s.substr(2));
            } else if (i + 1 < argc && argv[i + 1][0] != '-') {
                arg = argv[++i];
            } else {
                std::fprintf(stderr, "%s: '%s' needs argument\n", kProgName, a);
                printUsage(nullptr);
                return false;
            }
            o.actions.emplace_back(s[1], arg);
        } else {
            printUsage(a);
            return false;
        }
    }
    if (i < argc) o.scriptIndex = i;
    return true;
}

void writeStdout(std::string_view s) {
    std::fwrite(s.data(), 1, s.size(), stdout);
}
void writeStderr(std::string_view s) {
    std::fflush(stdout);
    std::fwrite(s.data(), 1, s.size(), stderr);
    std::fflush(stderr);
}

void message(bool withProgName, const std::string& msg) {
    std::string line = withProgName ? std::string(kProgName) + ": " + msg + "\n" : msg + "\n";
    writeStderr(line);
}

struct Cli {
    VM* vm = nullptr;
    uint64_t budget = 0;
    bool progNameInMessages = true;

    // Runs the function below the top nargs values to completion; returns
    // true on success (results on the API stack above `base`).
    bool call(int nargs, int nresults) {
        startCall(*vm, nargs, nresults);
        uint64_t slice = budget ? budget : (uint64_t(1) << 40);
        RunStatus s;
        while ((s = run(*vm, slice)) == RunStatus::Paused || s == RunStatus::Yielded ||
               s == RunStatus::WaitingForMessage) {
            if (s == RunStatus::WaitingForMessage) waitForMessage(*vm); // a worker's message
            deliverMessages(*vm); // a safe point between slices
            if (s != RunStatus::Paused) resumeCall(*vm, 0);
        }
        if (s == RunStatus::Error) {
            // As lua.c: no traceback for a message an error object's __tostring made.
            bool described = false;
            std::string msg = errorMessage(*vm, &described);
            std::string tb = described ? "" : errorTraceback(*vm);
            pop(*vm, 1);
            if (!tb.empty()) msg += "\n" + tb;
            message(progNameInMessages, msg);
            return false;
        }
        return true;
    }

    bool runChunk(std::string_view source, std::string_view chunkName) {
        std::string err;
        if (!loadString(*vm, source, chunkName, err)) {
            message(progNameInMessages, err);
            return false;
        }
        int base = stackSize(*vm) - 1;
        bool ok = call(0, 0);
        pop(*vm, stackSize(*vm) - base);
        return ok;
    }

    // lua.c's LUA_INIT_5_4 (or else LUA_INIT): "@file" runs the file, anything else runs as a
    // chunk named after the variable. Skipped with -E.
    bool runInitVariable() {
        const char* name = "LUA_INIT_5_4";
        const char* init = std::getenv(name);
        if (!init) init = std::getenv(name = "LUA_INIT");
        if (!init) return true;
        if (init[0] != '@') return runChunk(init, std::string("=") + name);
        std::string err;
        if (!loadFile(*vm, init + 1, err)) {
            message(progNameInMessages, err);
            return false;
        }
        int base = stackSize(*vm) - 1;
        bool ok = call(0, 0);
        pop(*vm, stackSize(*vm) - base);
        return ok;
    }

    bool requireModule(const std::string& name) {
        Value req = getGlobal(*vm, "require");
        push(*vm, req);
        pushString(*vm, name);
        int base = stackSize(*vm) - 2;
        if (!call(1, 1)) return false;
        Value mod = stackValue(*vm, -1);
        setGlobal(*vm, name, mod);
        pop(*vm, stackSize(*vm) - base);
        return true;
    }

    void createArgTable(int argc, char** argv, int scriptIndex) {
        Table* t = newTable(*vm);
        push(*vm, Value::object(t));
        // Without a script, arg[0] is the interpreter and the options follow (as lua.c).
        int script = scriptIndex;
        for (int i = 0; i < argc; i++) {
            Value s = Value::object(internString(*vm, argv[i]));
            tableSetInt(*vm, t, Integer(i - script), s);
        }
        setGlobal(*vm, "arg", Value::object(t));
        pop(*vm, 1);
    }

    bool runScript(int argc, char** argv, int scriptIndex, bool fromStdin) {
        std::string err;
        bool loaded;
        if (fromStdin) {
            std::string text;
            char buf[4096];
            size_t n;
            while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0)
                text.append(buf, n);
            if (!text.empty() && text[0] == '#') {
                size_t nl = text.find('\n');
                text = nl == std::string::npos ? "" : "--" + text.substr(nl);
            }
            loaded = loadString(*vm, text, "=stdin", err);
        } else {
            std::string path = argv[scriptIndex];
            loaded = loadFile(*vm, path, err);
        }
        if (!loaded) {
            message(true, err);
            return false;
        }
        int base = stackSize(*vm) - 1;
        int nargs = 0;
        for (int i = scriptIndex + 1; scriptIndex > 0 && i < argc; i++, nargs++)
            pushString(*vm, argv[i]);
        bool ok = call(nargs, 0);
        pop(*vm, stackSize(*vm) - base);
        return ok;
    }

    // Reads one line (without the newline) after showing the prompt; false at
    // end of input. When stdin is not a terminal the line is echoed after the
    // prompt, as lua5.4 (readline) does, so a piped session reads like a typed one.
    static bool readLine(const std::string& prompt, std::string& line) {
        std::fputs(prompt.c_str(), stdout);
        std::fflush(stdout);
        line.clear();
        int c;
        bool any = false;
        while ((c = std::fgetc(stdin)) != EOF) {
            any = true;
            if (c == '\n') break;
            line.push_back(char(c));
        }
        if (any && !isatty(0)) {
            std::fputs(line.c_str(), stdout);
            std::fputs("\n", stdout);
            std::fflush(stdout);
        }
        return any;
    }

    // The prompt: tostring of the global _PROMPT (_PROMPT2 for a continuation
    // line) when it is not nil, as lua.c does.
    std::string prompt(bool continuation) {
        Value p = getGlobal(*vm, continuation ? "_PROMPT2" : "_PROMPT");
        if (!p.isNil()) return toDisplayString(*vm, p);
        return continuation ? ">> " : "> ";
    }

    static bool incomplete(const std::string& err) {
        const std::string mark = "<eof>";
        return err.size() >= mark.size() &&
               err.compare(err.size() - mark.size(), mark.size(), mark) == 0;
    }

    void repl() {
        progNameInMessages = false;
        std::string line;
        while (readLine(prompt(false), line)) {
            if (!line.empty() && line[0] == '=') line = "return " + line.substr(1);
            std::string err;
            int base = stackSize(*vm);
            bool loaded = loadString(*vm, "return " + line, "=stdin", err);
            if (!loaded) {
                std::string chunk = line;
                for (;;) {
                    if (loadString(*vm, chunk, "=stdin", err)) {
                        loaded = true;
                        break;
                    }
                    if (!incomplete(err)) break;
                    std::string more;
                    if (!readLine(prompt(true), more)) break;
                    chunk += "\n" + more;
                }
            }
            if (!loaded) {
                message(false, err);
                continue;
            }
            if (call(0, -1)) {
                int n = stackSize(*vm) - base;
                if (n > 0) {
                    Value print = getGlobal(*vm, "print");
                    push(*vm, print);
                    for (int k = 0; k < n; k++)
                        push(*vm, stackValue(*vm, base + 1 + k));
                    call(n, 0);
                }
            }
            pop(*vm, stackSize(*vm) - base);
        }
        std::fputs("\n", stdout);
    }
};

} // namespace

int runTricolorCli(int argc, char** argv) {
    if (argc >= 3 && std::string_view(argv[1]) == "--replay") return runReplayCli(argv[2]);
    if (argc >= 3 && std::string_view(argv[1]) == "--record")
        return runRecordCli(argv[2], argc >= 4 ? std::strtoull(argv[3], nullptr, 10) : 0);
    CliOptions o;
    if (!parseArgs(argc, argv, o)) return 1;
    if (o.version) std::printf("Tricolor %s (Lua 5.4 compatible)\n", versionString());

    VMOptions vo;
    vo.writeStdout = writeStdout;
    vo.writeStderr = writeStderr;
    VM* vm = vmCreate(vo);
    if (!vm) {
        message(true, "cannot create state: not enough memory");
        return 1;
    }
    // -E: like lua.c, tell the package library (before it opens) to ignore LUA_PATH/LUA_CPATH.
    if (o.noEnv)
        tableSetStr(*vm, vm->registry, internString(*vm, "LUA_NOENV"), Value::boolean(true));
    openStdlib(*vm);
#if !defined(__EMSCRIPTEN__)
    openNativeWorkers(*vm); // the `worker` library (core/worker.h); no threads in the node build
#endif
    if (o.warnings) libState(*vm).warningsOn = true;
    libState(*vm).exitHandler = [](VM& v, int status, bool close) {
        std::fflush(stdout);
        if (status == 0 && v.gc.validationFailed) status = 1; // the validator already said why
        stopWorkers(v);
        if (close) vmDestroy(&v);
        std::exit(status);
    };
    vm->gc.stress = o.gcStress;
    vm->gc.validate = o.gcValidate;
    vm->gc.validateEveryStep = o.gcValidateEveryStep;

    Cli cli;
    cli.vm = vm;
    cli.budget = o.budget;
    cli.createArgTable(argc, argv, o.scriptIndex);

    bool ok = o.noEnv || cli.runInitVariable();
    for (auto& [kind, text] : o.actions) {
        if (!ok) break;
        ok = kind == 'e' ? cli.runChunk(text, "=(command line)") : cli.requireModule(text);
    }
    if (ok && o.scriptIndex) {
        ok = cli.runScript(argc, argv, o.scriptIndex, o.scriptIsStdin);
    }
    if (ok) {
        bool hasE = false;
        for (auto& a : o.actions)
            hasE = hasE || a.first == 'e';
        if (o.interactive) {
            cli.repl();
        } else if (!o.scriptIndex && !o.scriptIsStdin && !hasE && !o.version) {
            if (isatty(0)) {
                std::printf("Tricolor %s (Lua 5.4 compatible)\n", versionString());
                cli.repl();
            } else {
                ok = cli.runScript(argc, argv, 0, true);
            }
        }
    }
    std::fflush(stdout);
    // A heap validator failure (--gc-validate) fails the run; it was reported on stderr.
    bool heapValid = !vm->gc.validationFailed;
    vmDestroy(vm);
    std::fflush(stdout);
    return ok && heapValid ? 0 : 1;
}

} // namespace tricolor
