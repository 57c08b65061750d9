// `chancery admin ...`: account and key administration from the command line. Every action is audited with the
// actor "system".
#include <charconv>
#include <iostream>
#include <string>

#include "server/app.hpp"
#include "server/commands.hpp"

namespace chancery::server {
namespace {

int Fail(const Status& status) {
  std::cerr << "chancery: " << status.message() << "\n";
  return 1;
}

Result<std::int64_t> ResolveUnit(const App& app, const std::string& unit) {
  if (auto id = app.unit_tree->IdOfCode(unit)) return *id;
  std::int64_t id = 0;
  auto [end, error] = std::from_chars(unit.data(), unit.data() + unit.size(), id);
  if (error == std::errc() && end == unit.data() + unit.size() && app.unit_tree->Exists(id)) return id;
  return NotFound("no unit with code or id \"" + unit + "\"");
}

Result<identity::UserRecord> ResolveUser(App& app, const std::string& username) {
  CHANCERY_ASSIGN_OR_RETURN(auto user, app.identity->service().FindUserByUsername(username));
  if (!user) return NotFound("no user named \"" + username + "\"");
  return *user;
}

// Reads one line from standard input without echoing it back anywhere.
Result<std::string> ReadPassword() {
  std::string password;
  if (!std::getline(std::cin, password) || password.empty()) {
    return InvalidArgument("expected the password on standard input");
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

}  // namespace

int CreateUserCommand(const Config& config, const AdminOptions& options) {
  auto app = OpenApp(config, SchemaMode::kRequireCurrent);
  if (!app.ok()) return Fail(app.status());
  auto unit = ResolveUnit(**app, options.unit);
  if (!unit.ok()) return Fail(unit.status());
  identity::NewUser user;
  user.username = options.username;
  user.display_name = options.display_name.empty() ? options.username : options.display_name;
  user.unit_id = *unit;
  user.title = options.title;
  user.email = options.email;
  if (options.password_stdin) {
    auto password = ReadPassword();
    if (!password.ok()) return Fail(password.status());
    user.password = *password;
  }
  identity::ActionContext system;
  auto created = (*app)->identity->service().CreateUser(user, system);
  if (!created.ok()) return Fail(created.status());
  std::cout << "Created user " << created->username << " (id " << created->id << ").\n";
  if (!options.role.empty()) {
    auto grant =
        (*app)->identity->service().GrantRole(created->id, options.role, *unit, options.include_subtree, system);
    if (!grant.ok()) return Fail(grant.status());
    std::cout << "Granted " << options.role << " on " << options.unit << (options.include_subtree ? " and below" : "")
              << ".\n";
  }
  return 0;
}

int GrantRoleCommand(const Config& config, const AdminOptions& options) {
  auto app = OpenApp(config, SchemaMode::kRequireCurrent);
  if (!app.ok()) return Fail(app.status());
  auto unit = ResolveUnit(**app, options.unit);
  if (!unit.ok()) return Fail(unit.status());
  auto user = ResolveUser(**app, options.username);
  if (!user.ok()) return Fail(user.status());
  auto grant = (*app)->identity->service().GrantRole(user->id, options.role, *unit, options.include_subtree, {});
  if (!grant.ok()) return Fail(grant.status());
  std::cout << "Granted " << options.role << " to " << options.username << " on " << options.unit
            << (options.include_subtree ? " and below" : "") << ".\n";
  return 0;
}

int ResetMfaCommand(const Config& config, const AdminOptions& options) {
  auto app = OpenApp(config, SchemaMode::kRequireCurrent);
  if (!app.ok()) return Fail(app.status());
  auto user = ResolveUser(**app, options.username);
  if (!user.ok()) return Fail(user.status());
  if (Status reset = (*app)->identity->service().ResetMfa(user->id, {}); !reset.ok()) return Fail(reset);
  std::cout << "MFA removed for " << options.username << "; they will enrol again at their next login.\n";
  return 0;
}

int SetPasswordCommand(const Config& config, const AdminOptions& options) {
  auto app = OpenApp(config, SchemaMode::kRequireCurrent);
  if (!app.ok()) return Fail(app.status());
  auto user = ResolveUser(**app, options.username);
  if (!user.ok()) return Fail(user.status());
  auto password = ReadPassword();
  if (!password.ok()) return Fail(password.status());
  if (Status set = (*app)->identity->service().SetPassword(user->id, *password, {}); !set.ok()) return Fail(set);
  std::cout << "Password set for " << options.username << ".\n";
  return 0;
}

int RotateKeysCommand(const Config& config) {
  auto app = OpenApp(config, SchemaMode::kRequireCurrent);
  if (!app.ok()) return Fail(app.status());
  auto ring = crypto::LoadOrCreateKeyRing(config.KeyFilePath());
  if (!ring.ok()) return Fail(ring.status());
  std::string new_key = crypto::AddKey(*ring);
  // Save first: if re-encryption is interrupted, old and new keys are both in the file and every value decrypts.
  if (Status saved = crypto::SaveKeyRing(config.KeyFilePath(), *ring); !saved.ok()) return Fail(saved);
  (*app)->cipher->ReplaceKeyRing(*ring);
  auto rewritten = (*app)->identity->service().ReencryptPersonalData({});
  if (!rewritten.ok()) return Fail(rewritten.status());
  auto files = (*app)->attachments->service().Reencrypt();
  if (!files.ok()) return Fail(files.status());
  std::cout << "New key " << new_key << " is active; " << *rewritten << " values and " << *files
            << " attachments re-encrypted.\n";
  return 0;
}

}  // namespace chancery::server
