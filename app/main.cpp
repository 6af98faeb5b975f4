// loopstep's entry point.
#include "app/cli.h"

int main(int argc, char** argv) { return loopstep::run_cli(argc, argv); }
