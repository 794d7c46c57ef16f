// cli/replay_cli.h — the replay switches of the `tricolor` command line
// (docs/replay.md): `--replay <link|fragment|URL|@file>` and
// `--record <script> [units]`.
#pragma once

#include <cstdint>
#include <string>

namespace tricolor {

// Replays a share link headlessly: prints the program's output, the digest
// and "reproduced ✓" / "diverged ✗ at step K". Returns the exit status
// (non-zero on a bad link, a replay error, divergence or a validator failure).
int runReplayCli(const std::string& linkArgument);

// Runs `scriptPath` in the recorded environment, stepping the collector
// `unitsPerKilo` units after every 1000 instructions, and prints the share
// link of the run. Returns the exit status.
int runRecordCli(const std::string& scriptPath, uint64_t unitsPerKilo);

} // namespace tricolor
