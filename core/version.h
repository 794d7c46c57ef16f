// core/version.h — the build's version, for the CLI, the page and bug reports.
//
// The version is the project version from CMakeLists.txt plus the git short hash of the commit
// that was built ("0.1.0+1a2b3c4d"). The build regenerates it (tricolor_version.h, from
// core/version.h.in) on every build; only core/version.cpp includes that header, so a new commit
// recompiles one file.
#pragma once

namespace tricolor {

// The full version, "<major>.<minor>.<patch>+<git hash>"; a static string.
const char* versionString();

// The project version alone, "<major>.<minor>.<patch>"; a static string.
const char* versionNumber();

} // namespace tricolor
