#include "server/cli.hpp"

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "core/config.hpp"
#include "core/log.hpp"
#include "server/commands.hpp"

namespace chancery::server {
namespace {

// Options every subcommand accepts; they become configuration flags (highest priority).
struct CommonOptions {
  std::string config_path;
  std::string data_dir;
  std::string log_level;
};

void AddCommon(CLI::App& command, CommonOptions& common) {
  command.add_option("--config", common.config_path, "TOML configuration file")->check(CLI::ExistingFile);
  command.add_option("--data-dir", common.data_dir, "data directory (default ./var)");
  command.add_option("--log-level", common.log_level, "trace, debug, info, warn or error");
}

Result<Config> Configure(const CommonOptions& common, std::map<std::string, std::string> flags) {
  ConfigSources sources;
  if (!common.config_path.empty()) sources.toml_path = common.config_path;
  sources.environment = ChanceryEnvironment();
  if (!common.data_dir.empty()) flags["data_dir"] = common.data_dir;
  if (!common.log_level.empty()) flags["log.level"] = common.log_level;
  for (auto it = flags.begin(); it != flags.end();) it = it->second.empty() ? flags.erase(it) : std::next(it);
  sources.flags = std::move(flags);
  return LoadConfig(sources);
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App cli{"Chancery: the platform for a foreign ministry and its missions abroad"};
  cli.require_subcommand(1);
  CommonOptions common;

  ServeOptions serve;
  auto* serve_command = cli.add_subcommand("serve", "Serve the API and the console");
  AddCommon(*serve_command, common);
  serve_command->add_option("--listen", serve.listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  serve_command->add_option("--console-dir", serve.console_dir, "folder of the built console");
  serve_command->add_flag("--demo", serve.demo, "load the demo data on the first start");

  bool migrate_status = false;
  auto* migrate_command = cli.add_subcommand("migrate", "Apply pending database migrations");
  AddCommon(*migrate_command, common);
  migrate_command->add_flag("--status", migrate_status, "only report what is applied and what is pending");

  auto* seed_command = cli.add_subcommand("seed", "Load data");
  AddCommon(*seed_command, common);
  bool seed_demo = false;
  seed_command->add_flag("--demo", seed_demo, "the demo directory and staff")->required();

  auto* audit_command = cli.add_subcommand("audit", "Audit log tools");
  audit_command->require_subcommand(1);
  auto* verify_command = audit_command->add_subcommand("verify", "Check the hash chain; non-zero exit if broken");
  AddCommon(*verify_command, common);

  AdminOptions admin;
  auto* admin_command = cli.add_subcommand("admin", "Administration");
  admin_command->require_subcommand(1);
  auto* create_user = admin_command->add_subcommand("create-user", "Create a staff account");
  AddCommon(*create_user, common);
  create_user->add_option("--username", admin.username)->required();
  create_user->add_option("--display-name", admin.display_name);
  create_user->add_option("--unit", admin.unit, "home unit code (e.g. EMB-FR) or id")->required();
  create_user->add_option("--title", admin.title);
  create_user->add_option("--email", admin.email);
  create_user->add_option("--role", admin.role, "also grant this role on the home unit");
  create_user->add_flag("--subtree", admin.include_subtree, "the role covers the unit's subtree");
  create_user->add_flag("--password-stdin", admin.password_stdin, "read the password from standard input");
  auto* grant_role = admin_command->add_subcommand("grant-role", "Grant a role on a unit");
  AddCommon(*grant_role, common);
  grant_role->add_option("--username", admin.username)->required();
  grant_role->add_option("--role", admin.role)->required();
  grant_role->add_option("--unit", admin.unit, "unit code or id")->required();
  grant_role->add_flag("--subtree", admin.include_subtree, "the role covers the unit's subtree");
  auto* reset_mfa = admin_command->add_subcommand("reset-mfa", "Remove a user's MFA enrolment");
  AddCommon(*reset_mfa, common);
  reset_mfa->add_option("--username", admin.username)->required();
  auto* set_password = admin_command->add_subcommand("set-password", "Set a user's password (from stdin)");
  AddCommon(*set_password, common);
  set_password->add_option("--username", admin.username)->required();
  auto* rotate_keys = admin_command->add_subcommand("rotate-keys", "New encryption key; re-encrypt personal data");
  AddCommon(*rotate_keys, common);

  cli.add_subcommand("version", "Print the version");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return cli.exit(error);
  }

  if (cli.got_subcommand("version")) {
    std::cout << VersionText() << "\n";
    return 0;
  }

  std::map<std::string, std::string> flags;
  if (serve_command->parsed()) {
    flags["server.listen"] = serve.listen;
    flags["server.console_dir"] = serve.console_dir;
  }
  auto config = Configure(common, flags);
  if (!config.ok()) {
    std::cerr << "chancery: " << config.status().message() << "\n";
    return 2;
  }
  SetUpLogging(config->log.level, config->log.format);

  int code = 0;
  if (serve_command->parsed())
    code = Serve(*config, serve);
  else if (migrate_command->parsed())
    code = MigrateCommand(*config, migrate_status);
  else if (seed_command->parsed())
    code = SeedCommand(*config);
  else if (verify_command->parsed())
    code = AuditVerifyCommand(*config);
  else if (create_user->parsed())
    code = CreateUserCommand(*config, admin);
  else if (grant_role->parsed())
    code = GrantRoleCommand(*config, admin);
  else if (reset_mfa->parsed())
    code = ResetMfaCommand(*config, admin);
  else if (set_password->parsed())
    code = SetPasswordCommand(*config, admin);
  else if (rotate_keys->parsed())
    code = RotateKeysCommand(*config);
  spdlog::shutdown();
  return code;
}

}  // namespace chancery::server
