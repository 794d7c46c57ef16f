// cli/cli.h — the `tricolor` command line, modelled on the lua5.4 stand-alone
// interpreter: `tricolor [options] [script [args]]` with -e, -i, -v, -l, -,
// plus Tricolor's debug switches --budget N, --gc-stress and --gc-validate.
#pragma once

namespace tricolor {

// Runs the command line; returns the process exit status.
int runTricolorCli(int argc, char** argv);

} // namespace tricolor
