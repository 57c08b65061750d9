// ApiTokenService: personal API tokens (GET/POST/DELETE /me/tokens). A token is "chy_" followed by 32 random bytes
// in base64url; it is returned once, at creation, and only its SHA-256 (hex) is stored. Bearer authentication with
// these tokens is the authenticator's job (SessionStore::FindApiToken); this service creates, lists and revokes.
//
// Contract: the scopes must be known permission names that the creator holds on some unit (a token can only ever
// narrow its owner's rights, and the Authorizer intersects them with the owner's grants at each request);
// expires_in_days is 1–365; a user holds at most kMaxActiveTokens live tokens. Creation and revocation are audited
// in the same transaction.
//
// Thread-safety: safe for concurrent use.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "modules/audit/audit.hpp"
#include "modules/identity/api_token_store.hpp"
#include "modules/identity/authz.hpp"
#include "modules/identity/identity.hpp"
#include "storage/database.hpp"

namespace chancery::identity {

inline constexpr const char* kApiTokenPrefix = "chy_";
inline constexpr int kMaxActiveTokens = 50;

struct NewApiToken {
  std::string name;                 // 1–100 bytes
  std::vector<std::string> scopes;  // permission names, at least one
  std::int64_t expires_in_days = 90;
};

struct IssuedApiToken {
  StoredApiToken record;
  std::string token;  // shown once; never logged or stored
};

class ApiTokenService {
 public:
  // `token_revoked` runs after a revocation commits, so that cached credentials of the user are dropped.
  ApiTokenService(storage::Database& database, const Clock& clock, audit::AuditLog& audit_log,
                  const Authorizer& authorizer, std::function<void(std::int64_t user_id)> token_revoked = {})
      : database_(database),
        clock_(clock),
        audit_log_(audit_log),
        authorizer_(authorizer),
        token_revoked_(std::move(token_revoked)) {}

  Result<IssuedApiToken> Create(const Principal& owner, const NewApiToken& request, const ActionContext& context);
  // The user's tokens, newest first, revoked and expired ones included.
  Result<std::vector<StoredApiToken>> List(std::int64_t user_id);
  // kNotFound when the owner has no live token with this id (another user's token is not revealed).
  Status Revoke(const Principal& owner, std::int64_t token_id, const ActionContext& context);

 private:
  storage::Database& database_;
  const Clock& clock_;
  audit::AuditLog& audit_log_;
  const Authorizer& authorizer_;
  std::function<void(std::int64_t user_id)> token_revoked_;
  ApiTokenStore tokens_;
};

}  // namespace chancery::identity
