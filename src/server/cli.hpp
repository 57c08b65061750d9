// The command line of `chancery`: serve, migrate, admin, seed, audit verify, version.
// Exit codes: 0 success, 1 a failure the message explains, 2 bad usage or configuration.
#pragma once

namespace chancery::server {

int RunCli(int argc, char** argv);

}  // namespace chancery::server
