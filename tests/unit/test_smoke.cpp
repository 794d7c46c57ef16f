// Smoke tests of the build itself: the version the build stamps into the core library.
#include <doctest/doctest.h>

#include <cctype>
#include <string>

#include "core/version.h"
#include "tricolor_version.h"

TEST_CASE("the version string is the project version plus the git hash") {
    std::string version = tricolor::versionString();
    std::string number = tricolor::versionNumber();
    CHECK(version == TRICOLOR_VERSION);
    CHECK(number == TRICOLOR_VERSION_NUMBER);
    REQUIRE(version.size() > number.size() + 1);
    CHECK(version.compare(0, number.size(), number) == 0);
    CHECK(version[number.size()] == '+');
    CHECK(version.substr(number.size() + 1) == TRICOLOR_GIT_HASH);
}

TEST_CASE("the version number has the form major.minor.patch") {
    std::string number = tricolor::versionNumber();
    int dots = 0;
    for (char c : number) {
        if (c == '.') {
            ++dots;
        } else {
            CHECK(std::isdigit(static_cast<unsigned char>(c)));
        }
    }
    CHECK(dots == 2);
}
