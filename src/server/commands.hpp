// The subcommands of `chancery`, one function each, given a validated Config. Each prints what it did (or a
// message naming what went wrong) and returns the process exit code: 0 success, 1 failure, 2 bad usage.
#pragma once

#include <string>

#include "core/config.hpp"

namespace chancery::server {

struct ServeOptions {
  std::string listen;
  std::string console_dir;
  bool demo = false;
};

struct AdminOptions {
  std::string username;
  std::string display_name;
  std::string unit;
  std::string title;
  std::string email;
  std::string role;
  bool include_subtree = false;
  bool password_stdin = false;
};

std::string VersionText();
int Serve(const Config& config, const ServeOptions& options);
int MigrateCommand(const Config& config, bool status_only);
int SeedCommand(const Config& config);
int AuditVerifyCommand(const Config& config);
int CreateUserCommand(const Config& config, const AdminOptions& options);
int GrantRoleCommand(const Config& config, const AdminOptions& options);
int ResetMfaCommand(const Config& config, const AdminOptions& options);
int SetPasswordCommand(const Config& config, const AdminOptions& options);
int RotateKeysCommand(const Config& config);

}  // namespace chancery::server
