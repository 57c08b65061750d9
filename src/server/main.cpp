// chancery: the one binary. Subcommands are defined in server/cli.cpp.
#include "server/cli.hpp"

int main(int argc, char** argv) { return chancery::server::RunCli(argc, argv); }
