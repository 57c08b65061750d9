#include "modules/identity/session_store.hpp"

#include <sstream>

#include "core/crypto.hpp"

namespace chancery::identity {
namespace {

// The user and grant columns every credential lookup selects after its own columns (u = users, g = role_grants).
constexpr std::string_view kUserColumns =
    "u.id, u.username, u.display_name, u.locale, u.unit_id, u.title, u.mfa_enabled, u.disabled, "
    "g.id, g.role, g.unit_id, g.include_subtree";
constexpr std::size_t kUserColumnCount = 12;

// Builds the user from the rows of a join with role_grants (one row per grant, or one row with NULL grant columns).
CredentialUser UserFromRows(const storage::Rows& rows, std::size_t first) {
  CredentialUser user;
  const storage::Row& head = rows.front();
  user.id = head.Int(first);
  user.username = head.Text(first + 1);
  user.display_name = head.Text(first + 2);
  user.locale = head.Text(first + 3);
  user.unit_id = head.Int(first + 4);
  user.title = head.Text(first + 5);
  user.mfa_enabled = head.Bool(first + 6);
  user.disabled = head.Bool(first + 7);
  for (const storage::Row& row : rows) {
    if (row.IsNull(first + 8)) continue;
    user.grants.push_back(
        RoleGrant{row.Int(first + 8), row.Text(first + 9), row.Int(first + 10), row.Bool(first + 11)});
  }
  return user;
}

std::vector<std::string> SplitScopes(const std::string& text) {
  std::vector<std::string> scopes;
  std::istringstream stream(text);
  std::string scope;
  while (stream >> scope) scopes.push_back(scope);
  return scopes;
}

}  // namespace

const char* SessionStateName(SessionState state) {
  switch (state) {
    case SessionState::kFull: return "full";
    case SessionState::kMfaRequired: return "mfa_required";
    case SessionState::kMfaEnrolmentRequired: return "mfa_enrolment_required";
  }
  return "full";
}

std::optional<SessionState> ParseSessionState(std::string_view name) {
  if (name == "full") return SessionState::kFull;
  if (name == "mfa_required") return SessionState::kMfaRequired;
  if (name == "mfa_enrolment_required") return SessionState::kMfaEnrolmentRequired;
  return std::nullopt;
}

const char* SessionStatusName(SessionState state) {
  return state == SessionState::kFull ? "ok" : SessionStateName(state);
}

Result<IssuedSession> SessionStore::Create(storage::Transaction& transaction, const NewSession& session) {
  const std::int64_t now_ms = clock_.NowMs();
  IssuedSession issued;
  issued.token = crypto::RandomToken(32);
  SessionRecord& record = issued.record;
  record.user_id = session.user_id;
  record.state = session.state;
  record.csrf_token = crypto::RandomToken(32);
  record.created_at_ms = now_ms;
  record.last_seen_at_ms = now_ms;
  record.expires_at_ms = now_ms + options_.session_absolute_timeout_ms;
  record.mfa_verified_at_ms = session.mfa_verified_at_ms;
  CHANCERY_ASSIGN_OR_RETURN(
      auto row,
      transaction.QueryOne(
          "INSERT INTO sessions (user_id, token_hash, csrf_token, state, created_at, last_seen_at, expires_at, "
          "mfa_verified_at, remote_address, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {session.user_id, crypto::Sha256Hex(issued.token), record.csrf_token,
           std::string(SessionStateName(session.state)), now_ms, now_ms, record.expires_at_ms,
           storage::Nullable(session.mfa_verified_at_ms), session.remote_address, session.user_agent.substr(0, 500)}));
  record.id = row.Int(0);
  return issued;
}

Result<std::optional<std::pair<SessionRecord, CredentialUser>>> SessionStore::FindSession(
    storage::Transaction& transaction, std::string_view token_hash) {
  using Found = std::optional<std::pair<SessionRecord, CredentialUser>>;
  CHANCERY_ASSIGN_OR_RETURN(
      auto rows, transaction.Query("SELECT s.id, s.user_id, s.state, s.csrf_token, s.created_at, s.last_seen_at, "
                                   "s.expires_at, s.mfa_verified_at, " +
                                       std::string(kUserColumns) +
                                       " FROM sessions s JOIN users u ON u.id = s.user_id "
                                       "LEFT JOIN role_grants g ON g.user_id = s.user_id "
                                       "WHERE s.token_hash = ? ORDER BY g.id",
                                   {std::string(token_hash)}));
  if (rows.empty()) return Found();
  const storage::Row& head = rows.front();
  SessionRecord session;
  session.id = head.Int(0);
  session.user_id = head.Int(1);
  auto state = ParseSessionState(head.Text(2));
  if (!state) return Internal("A session has an unknown state.");
  session.state = *state;
  session.csrf_token = head.Text(3);
  session.created_at_ms = head.Int(4);
  session.last_seen_at_ms = head.Int(5);
  session.expires_at_ms = head.Int(6);
  session.mfa_verified_at_ms = head.OptionalInt(7);
  return Found(std::make_pair(std::move(session), UserFromRows(rows, 8)));
}

Result<std::optional<std::pair<ApiTokenRecord, CredentialUser>>> SessionStore::FindApiToken(
    storage::Transaction& transaction, std::string_view token_hash) {
  using Found = std::optional<std::pair<ApiTokenRecord, CredentialUser>>;
  CHANCERY_ASSIGN_OR_RETURN(
      auto rows, transaction.Query("SELECT t.id, t.user_id, t.scopes, t.expires_at, t.last_used_at, t.revoked_at, " +
                                       std::string(kUserColumns) +
                                       " FROM api_tokens t JOIN users u ON u.id = t.user_id "
                                       "LEFT JOIN role_grants g ON g.user_id = t.user_id "
                                       "WHERE t.token_hash = ? ORDER BY g.id",
                                   {std::string(token_hash)}));
  if (rows.empty()) return Found();
  const storage::Row& head = rows.front();
  ApiTokenRecord token;
  token.id = head.Int(0);
  token.user_id = head.Int(1);
  token.scopes = SplitScopes(head.Text(2));
  token.expires_at_ms = head.Int(3);
  token.last_used_at_ms = head.OptionalInt(4);
  token.revoked = !head.IsNull(5);
  return Found(std::make_pair(std::move(token), UserFromRows(rows, 6)));
}

Result<std::optional<CredentialUser>> SessionStore::FindUser(storage::Transaction& transaction, std::int64_t user_id) {
  CHANCERY_ASSIGN_OR_RETURN(auto rows,
                            transaction.Query("SELECT " + std::string(kUserColumns) +
                                                  " FROM users u LEFT JOIN role_grants g ON g.user_id = u.id "
                                                  "WHERE u.id = ? ORDER BY g.id",
                                              {user_id}));
  if (rows.empty()) return std::optional<CredentialUser>();
  static_assert(kUserColumnCount == 12);
  return std::optional<CredentialUser>(UserFromRows(rows, 0));
}

bool SessionStore::IsLive(const SessionRecord& session, std::int64_t now_ms) const {
  return now_ms < session.expires_at_ms && now_ms < session.last_seen_at_ms + options_.session_idle_timeout_ms;
}

Status SessionStore::TouchSession(storage::Transaction& transaction, std::int64_t session_id, std::int64_t now_ms) {
  return transaction
      .Execute("UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?", {now_ms, session_id, now_ms})
      .status();
}

Status SessionStore::TouchApiToken(storage::Transaction& transaction, std::int64_t token_id, std::int64_t now_ms) {
  return transaction.Execute("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", {now_ms, token_id}).status();
}

Status SessionStore::SetState(storage::Transaction& transaction, std::int64_t session_id, SessionState state,
                              std::optional<std::int64_t> mfa_verified_at_ms) {
  return transaction
      .Execute("UPDATE sessions SET state = ?, mfa_verified_at = COALESCE(?, mfa_verified_at) WHERE id = ?",
               {std::string(SessionStateName(state)), storage::Nullable(mfa_verified_at_ms), session_id})
      .status();
}

Status SessionStore::Delete(storage::Transaction& transaction, std::int64_t session_id) {
  return transaction.Execute("DELETE FROM sessions WHERE id = ?", {session_id}).status();
}

Result<std::int64_t> SessionStore::DeleteAllOfUser(storage::Transaction& transaction, std::int64_t user_id,
                                                   std::int64_t keep_session_id) {
  return transaction.Execute("DELETE FROM sessions WHERE user_id = ? AND id <> ?", {user_id, keep_session_id});
}

Status SessionStore::DeleteByTokenHash(storage::Transaction& transaction, std::string_view token_hash) {
  return transaction.Execute("DELETE FROM sessions WHERE token_hash = ?", {std::string(token_hash)}).status();
}

Result<std::int64_t> SessionStore::DeleteExpired(storage::Transaction& transaction) {
  const std::int64_t now_ms = clock_.NowMs();
  return transaction.Execute("DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?",
                             {now_ms, now_ms - options_.session_idle_timeout_ms});
}

}  // namespace chancery::identity
