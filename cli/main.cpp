// cli/main.cpp — the `tricolor` command line (first version).
//
// Parses the options the test corpus relies on (--budget N, --gc-stress, --gc-validate) and prints
// the version and usage. Running a script needs the VM, which does not exist yet: until it does,
// `tricolor script.lua` reports that on stderr, in the same "program: message" shape as lua5.4,
// and exits with status 1. The language work replaces this file.
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/version.h"

namespace {

struct Options {
    bool showVersion = false;
    bool showHelp = false;
    long budget = 0; // instructions per VM slice; 0: unlimited
    bool gcStress = false;
    bool gcValidate = false;
    std::optional<std::string> script;
    std::vector<std::string> scriptArgs;
};

void printUsage(std::FILE* out) {
    std::fprintf(out, "usage: tricolor [options] [script [args]]\n"
                      "Available options are:\n"
                      "  -v, --version   show version information\n"
                      "  -h, --help      show this help\n"
                      "  --budget N      run the VM in slices of N instructions\n"
                      "  --gc-stress     run a full collection at every allocation\n"
                      "  --gc-validate   check the heap invariants after every collector step\n");
}

// Parses argv; on a bad option prints the problem and returns nullopt.
std::optional<Options> parseOptions(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (options.script) {
            options.scriptArgs.emplace_back(arg);
        } else if (arg == "-v" || arg == "--version") {
            options.showVersion = true;
        } else if (arg == "-h" || arg == "--help") {
            options.showHelp = true;
        } else if (arg == "--gc-stress") {
            options.gcStress = true;
        } else if (arg == "--gc-validate") {
            options.gcValidate = true;
        } else if (arg == "--budget") {
            char* end = nullptr;
            if (i + 1 >= argc || (options.budget = std::strtol(argv[i + 1], &end, 10)) <= 0 ||
                *end) {
                std::fprintf(stderr, "tricolor: '--budget' needs a positive number\n");
                return std::nullopt;
            }
            ++i;
        } else if (arg.size() > 1 && arg[0] == '-') {
            std::fprintf(stderr, "tricolor: unrecognized option '%s'\n", argv[i]);
            printUsage(stderr);
            return std::nullopt;
        } else {
            options.script = std::string(arg);
        }
    }
    return options;
}

} // namespace

int main(int argc, char** argv) {
    std::optional<Options> options = parseOptions(argc, argv);
    if (!options) return 1;
    if (options->showVersion) std::printf("Tricolor %s\n", tricolor::versionString());
    if (options->showHelp) printUsage(stdout);
    if (options->showVersion || options->showHelp) return 0;
    if (!options->script) {
        printUsage(stderr);
        return 1;
    }
    std::fprintf(stderr, "tricolor: cannot run %s: the interpreter is not implemented yet\n",
                 options->script->c_str());
    return 1;
}
