#include "server/cli.hpp"

#include <cstdio>

namespace chancery::server {

int RunCli(int argc, char** argv) {
  std::fputs("chancery: under construction\n", stderr);
  return 2;
}

}  // namespace chancery::server
