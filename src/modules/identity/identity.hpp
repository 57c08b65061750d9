// Identity: staff accounts, credentials (Argon2id passwords, TOTP MFA, recovery codes), sessions, API tokens and
// role grants. This is the face other modules and the command line use; HTTP routes live in identity_api.cpp.
//
// Personal data (e-mail, phone, TOTP secret) is encrypted at rest with the FieldCipher; e-mail has a blind index
// for exact lookups. Every change that matters for security is appended to the audit log in the same transaction.
//
// Thread-safety: IdentityService is safe for concurrent use.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/principal.hpp"
#include "core/status.hpp"
#include "core/unit_hierarchy.hpp"
#include "modules/audit/audit.hpp"
#include "modules/identity/authz.hpp"
#include "storage/database.hpp"

namespace chancery::net {
struct Request;
}

namespace chancery::identity {

struct IdentityOptions {
  std::int64_t session_idle_timeout_ms = 30LL * 60 * 1000;        // 30 minutes
  std::int64_t session_absolute_timeout_ms = 12LL * 3600 * 1000;  // 12 hours
  int account_failures_before_lock = 5;
  int address_failures_before_throttle = 20;
  std::int64_t failure_window_ms = 15LL * 60 * 1000;
  std::int64_t lockout_ms = 15LL * 60 * 1000;
  std::int64_t step_up_window_ms = 5LL * 60 * 1000;  // how recent an MFA check must be for step-up actions
  std::vector<std::string> mfa_required_roles = {"system_admin", "head_of_mission"};
  std::string totp_issuer = "Chancery";
};

struct NewUser {
  std::string username;  // 3–64 chars: lower-case letters, digits, '.', '-', '_'
  std::string display_name;
  std::int64_t unit_id = 0;  // home unit
  std::string title;
  std::string email;                    // optional; encrypted; unique by blind index when present
  std::string phone;                    // optional; E.164; encrypted
  std::optional<std::string> password;  // at least 12 characters
  std::string locale = "vi";            // "vi" or "en"
};

struct UserRecord {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  std::int64_t unit_id = 0;
  std::string title;
  std::string locale;
  bool disabled = false;
  bool mfa_enabled = false;
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> last_login_at_ms;
};

struct UserContact {
  std::string email;
  std::string phone;
};

// Who did it, for audit entries written by the service (from a request or "system" for the CLI and seeding).
struct ActionContext {
  const Principal* actor = nullptr;  // null: the system (CLI, seeding)
  std::string remote_address;
  std::string request_id;
};

// The context of an authenticated API request: its principal, address and request id (for every module's routes).
ActionContext ContextOf(const net::Request& request);

class IdentityService {
 public:
  virtual ~IdentityService() = default;

  virtual Result<UserRecord> CreateUser(const NewUser& user, const ActionContext& context) = 0;
  virtual Result<std::optional<UserRecord>> FindUserByUsername(const std::string& username) = 0;
  virtual Result<std::optional<UserRecord>> FindUser(std::int64_t user_id) = 0;
  // Members of a unit (users whose home unit it is), by display name.
  virtual Result<std::vector<UserRecord>> ListUnitMembers(std::int64_t unit_id) = 0;
  virtual Result<std::vector<RoleGrant>> ListGrants(std::int64_t user_id) = 0;
  // Decrypts a user's contact data. The caller audits the read (action "personal_data.read").
  virtual Result<UserContact> ReadContact(std::int64_t user_id) = 0;
  virtual Status SetPassword(std::int64_t user_id, const std::string& new_password, const ActionContext& context) = 0;
  virtual Result<RoleGrant> GrantRole(std::int64_t user_id, const std::string& role, std::int64_t unit_id,
                                      bool include_subtree, const ActionContext& context) = 0;
  virtual Status ResetMfa(std::int64_t user_id, const ActionContext& context) = 0;
  // Re-encrypts every personal-data field still under an older key; returns how many values were rewritten.
  virtual Result<std::int64_t> ReencryptPersonalData(const ActionContext& context) = 0;
};

}  // namespace chancery::identity
