// SqlIdentityService: the IdentityService over the database, plus what the users-and-roles API needs beyond the
// public face (lists, edits, grant lookups and revocation).
//
// Contract: every change that matters for security (account creation, edits, password set, MFA reset, grants and
// revocations, personal-data reads through ReadContactAudited) writes its audit entry in the same transaction as
// the change. Personal data is encrypted with the FieldCipher under associated data "users.email"/"users.phone";
// e-mail is unique through its blind index over the lower-cased address. Authorisation of who may see or edit a
// user is the API's job; the grant rules (grant_rules.hpp) are enforced here because they are domain rules.
// Passwords are hashed outside any transaction, so that a slow Argon2id does not hold the writer lock.
//
// Thread-safety: safe for concurrent use; it holds only references to thread-safe collaborators.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "modules/identity/authz.hpp"
#include "modules/identity/grant_store.hpp"
#include "modules/identity/identity.hpp"
#include "modules/identity/user_store.hpp"

namespace chancery::identity {

// What the authentication half of the module must learn about account changes; wired by IdentityModule. Each may
// be empty (tests, the command line).
struct AccountHooks {
  // Removes MFA state kept outside `users` (recovery codes, pending enrolment); inside the reset's transaction.
  std::function<Status(storage::Transaction&, std::int64_t user_id)> clear_mfa;
  // Ends every session of the user; inside the transaction of a password set, MFA reset or disabling.
  std::function<Status(storage::Transaction&, std::int64_t user_id)> end_sessions;
  // After a commit that changed the user's grants, flags or credentials: drop cached principals.
  std::function<void(std::int64_t user_id)> user_changed;
};

// Fields a PATCH may change; nullopt leaves a field as it is. An empty e-mail or phone clears it.
struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<std::string> title;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::int64_t> unit_id;
  std::optional<bool> disabled;
  std::optional<std::string> locale;
};

class SqlIdentityService final : public IdentityService {
 public:
  SqlIdentityService(storage::Database& database, const Clock& clock, crypto::FieldCipher& cipher,
                     audit::AuditLog& audit_log, const Authorizer& authorizer, AccountHooks hooks = {});

  Result<UserRecord> CreateUser(const NewUser& user, const ActionContext& context) override;
  Result<std::optional<UserRecord>> FindUserByUsername(const std::string& username) override;
  Result<std::optional<UserRecord>> FindUser(std::int64_t user_id) override;
  Result<std::vector<UserRecord>> ListUnitMembers(std::int64_t unit_id) override;
  Result<UserContact> ReadContact(std::int64_t user_id) override;
  Status SetPassword(std::int64_t user_id, const std::string& new_password, const ActionContext& context) override;
  Result<RoleGrant> GrantRole(std::int64_t user_id, const std::string& role, std::int64_t unit_id, bool include_subtree,
                              const ActionContext& context) override;
  Status ResetMfa(std::int64_t user_id, const ActionContext& context) override;
  Result<std::int64_t> ReencryptPersonalData(const ActionContext& context) override;

  // The account whose e-mail is this address (any case).
  Result<std::optional<UserRecord>> FindUserByEmail(const std::string& email);
  Result<UserPage> ListUsers(const UserQuery& query);
  // Every unit that is some user's home unit (candidates for Authorizer::ScopeOf).
  Result<std::vector<std::int64_t>> HomeUnits();
  Result<UserRecord> UpdateUser(std::int64_t user_id, const UserPatch& patch, const ActionContext& context);
  // ReadContact, with its "personal_data.read" audit entry (unit: the user's home unit) in the same transaction.
  Result<UserContact> ReadContactAudited(std::int64_t user_id, const ActionContext& context);

  Result<std::vector<RoleGrant>> ListGrants(std::int64_t user_id) override;
  Result<std::optional<StoredGrant>> FindGrant(std::int64_t grant_id);
  Status RevokeGrant(std::int64_t grant_id, const ActionContext& context);

  const Authorizer& authorizer() const { return authorizer_; }
  crypto::FieldCipher& cipher() { return cipher_; }
  audit::AuditLog& audit_log() { return audit_log_; }

 private:
  // Encrypts a contact value, or NULL for an empty one.
  std::optional<std::string> EncryptOptional(const std::string& plaintext, const char* associated_data) const;
  Result<std::string> DecryptOptional(const std::optional<std::string>& ciphertext, const char* associated_data) const;
  std::string EmailIndex(const std::string& email) const;
  Status EndSessions(storage::Transaction& transaction, std::int64_t user_id) const;
  void NotifyChanged(std::int64_t user_id) const;

  storage::Database& database_;
  const Clock& clock_;
  crypto::FieldCipher& cipher_;
  audit::AuditLog& audit_log_;
  const Authorizer& authorizer_;
  AccountHooks hooks_;
  UserStore users_;
  GrantStore grants_;
};

}  // namespace chancery::identity
