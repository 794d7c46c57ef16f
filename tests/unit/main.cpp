// tests/unit/main.cpp — the doctest main of unit_tests (every tests/unit/*.cpp links into it).
//
// Accepts doctest's own options plus `--results-file=PATH` (see tests/support/test_results.h).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "tests/support/test_results.h"

REGISTER_LISTENER("tricolor-counts", 1, tricolor::testing::CountingListener);

int main(int argc, char** argv) {
    std::string resultsFile = tricolor::testing::takeResultsFileOption(argc, argv);
    doctest::Context context(argc, argv);
    int status = context.run();
    tricolor::testing::writeResultsFile(resultsFile);
    return status;
}
