// cli/main.cpp — entry point of the `tricolor` command line; everything else is
// in cli/tricolor_cli.cpp (see cli/cli.h).
#include "cli/cli.h"

int main(int argc, char** argv) { return tricolor::runTricolorCli(argc, argv); }
