// SessionStore: the SQL behind sign-in sessions and bearer API tokens, as the authenticator needs them.
//
// A session is identified by a random opaque token (crypto::RandomToken(32)) held in the `chancery_session`
// cookie; only its SHA-256 is stored, so a copy of the database cannot be replayed as a cookie. Each session has a
// CSRF token, a state (full, or still owing an MFA code or an MFA enrolment), an idle timeout measured from
// `last_seen_at` (written at most once a minute) and an absolute timeout fixed at creation.
//
// Lookups load the credential, its user and the user's role grants in one indexed statement, so that an
// authenticated request costs one read. API tokens live in identity-B's `api_tokens` table; this store only reads
// them (and stamps last_used_at).
//
// Every method runs in the caller's transaction. Thread-safety: stateless apart from its clock and options; safe
// for concurrent use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "core/status.hpp"
#include "modules/identity/identity.hpp"
#include "storage/database.hpp"

namespace chancery::identity {

enum class SessionState { kFull, kMfaRequired, kMfaEnrolmentRequired };

// "full", "mfa_required", "mfa_enrolment_required" (the stored form).
const char* SessionStateName(SessionState state);
std::optional<SessionState> ParseSessionState(std::string_view name);
// The status clients see: "ok" for a full session, otherwise the state name.
const char* SessionStatusName(SessionState state);

// Whether the touch interval has passed, so that last_seen_at / last_used_at deserve a write.
inline constexpr std::int64_t kTouchIntervalMs = 60 * 1000;

// The user behind a credential, with what /me and the Principal need.
struct CredentialUser {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string locale;
  std::int64_t unit_id = 0;
  std::string title;
  bool mfa_enabled = false;
  bool disabled = false;
  std::vector<RoleGrant> grants;
};

struct SessionRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  SessionState state = SessionState::kFull;
  std::string csrf_token;
  std::int64_t created_at_ms = 0;
  std::int64_t last_seen_at_ms = 0;
  std::int64_t expires_at_ms = 0;  // absolute timeout
  std::optional<std::int64_t> mfa_verified_at_ms;
};

struct ApiTokenRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::vector<std::string> scopes;
  std::int64_t expires_at_ms = 0;
  std::optional<std::int64_t> last_used_at_ms;
  bool revoked = false;
};

struct NewSession {
  std::int64_t user_id = 0;
  SessionState state = SessionState::kFull;
  std::optional<std::int64_t> mfa_verified_at_ms;
  std::string remote_address;
  std::string user_agent;
};

// What a new session gives its client, once: the cookie value and the CSRF token.
struct IssuedSession {
  SessionRecord record;
  std::string token;
};

class SessionStore {
 public:
  SessionStore(const Clock& clock, const IdentityOptions& options) : clock_(clock), options_(options) {}

  Result<IssuedSession> Create(storage::Transaction& transaction, const NewSession& session);

  // The session whose token has this SHA-256 (hex) and its user, live or not; nullopt for an unknown token.
  Result<std::optional<std::pair<SessionRecord, CredentialUser>>> FindSession(storage::Transaction& transaction,
                                                                              std::string_view token_hash);
  // The API token whose SHA-256 (hex) is given and its user, whatever its expiry; nullopt for an unknown token.
  Result<std::optional<std::pair<ApiTokenRecord, CredentialUser>>> FindApiToken(storage::Transaction& transaction,
                                                                                std::string_view token_hash);
  // The user with grants, for a fresh sign-in.
  Result<std::optional<CredentialUser>> FindUser(storage::Transaction& transaction, std::int64_t user_id);

  // Live: not past its absolute timeout and seen within the idle timeout.
  bool IsLive(const SessionRecord& session, std::int64_t now_ms) const;

  Status TouchSession(storage::Transaction& transaction, std::int64_t session_id, std::int64_t now_ms);
  Status TouchApiToken(storage::Transaction& transaction, std::int64_t token_id, std::int64_t now_ms);
  // Moves a session to a new state; a full state reached through an MFA check records when.
  Status SetState(storage::Transaction& transaction, std::int64_t session_id, SessionState state,
                  std::optional<std::int64_t> mfa_verified_at_ms);

  Status Delete(storage::Transaction& transaction, std::int64_t session_id);
  // Ends every session of the user except `keep_session_id` (0 keeps none); returns how many ended.
  Result<std::int64_t> DeleteAllOfUser(storage::Transaction& transaction, std::int64_t user_id,
                                       std::int64_t keep_session_id = 0);
  // Ends the session whose token has this SHA-256 (hex), if any.
  Status DeleteByTokenHash(storage::Transaction& transaction, std::string_view token_hash);
  // Removes sessions past either timeout (housekeeping); returns how many.
  Result<std::int64_t> DeleteExpired(storage::Transaction& transaction);

  // The user's own account (session_store_account.cpp): the few writes to identity-B's `users` table that
  // self-service needs.
  struct Account {
    std::int64_t id = 0;
    std::int64_t unit_id = 0;
    std::string username;
    std::optional<std::string> password_hash;  // null: the account cannot sign in
    bool disabled = false;
  };
  Result<std::optional<Account>> FindAccountByUsername(storage::Transaction& transaction,
                                                       std::string_view normalised_username);
  Result<std::optional<Account>> FindAccount(storage::Transaction& transaction, std::int64_t user_id);
  Status RecordLogin(storage::Transaction& transaction, std::int64_t user_id);
  Status UpdateProfile(storage::Transaction& transaction, std::int64_t user_id,
                       const std::optional<std::string>& locale, const std::optional<std::string>& display_name);
  Status SetPasswordHash(storage::Transaction& transaction, std::int64_t user_id, const std::string& password_hash);

 private:
  const Clock& clock_;
  const IdentityOptions& options_;
};

}  // namespace chancery::identity
