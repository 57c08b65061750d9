// SQL for the api_tokens table; see api_token_store.hpp.
#include "modules/identity/api_token_store.hpp"

#include <sstream>

namespace chancery::identity {
namespace {

constexpr const char* kTokenColumns = "id, user_id, name, scopes, created_at, expires_at, last_used_at, revoked_at";

std::vector<std::string> SplitScopes(const std::string& text) {
  std::vector<std::string> scopes;
  std::istringstream stream(text);
  for (std::string scope; stream >> scope;) scopes.push_back(scope);
  return scopes;
}

std::string JoinScopes(const std::vector<std::string>& scopes) {
  std::string text;
  for (const std::string& scope : scopes) {
    if (!text.empty()) text.push_back(' ');
    text += scope;
  }
  return text;
}

StoredApiToken ToToken(const storage::Row& row) {
  StoredApiToken token;
  token.id = row.Int(0);
  token.user_id = row.Int(1);
  token.name = row.Text(2);
  token.scopes = SplitScopes(row.Text(3));
  token.created_at_ms = row.Int(4);
  token.expires_at_ms = row.Int(5);
  token.last_used_at_ms = row.OptionalInt(6);
  token.revoked_at_ms = row.OptionalInt(7);
  return token;
}

}  // namespace

Result<std::int64_t> ApiTokenStore::Insert(storage::Transaction& transaction, const StoredApiToken& token,
                                           const std::string& token_hash) const {
  CHANCERY_ASSIGN_OR_RETURN(
      auto row, transaction.QueryOne("INSERT INTO api_tokens (user_id, name, token_hash, scopes, created_at, "
                                     "expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                                     {token.user_id, token.name, token_hash, JoinScopes(token.scopes),
                                      token.created_at_ms, token.expires_at_ms}));
  return row.Int(0);
}

Result<std::vector<StoredApiToken>> ApiTokenStore::ListForUser(storage::Transaction& transaction,
                                                               std::int64_t user_id) const {
  CHANCERY_ASSIGN_OR_RETURN(auto rows, transaction.Query(std::string("SELECT ") + kTokenColumns +
                                                             " FROM api_tokens WHERE user_id = ? ORDER BY id DESC",
                                                         {user_id}));
  std::vector<StoredApiToken> tokens;
  for (const storage::Row& row : rows) tokens.push_back(ToToken(row));
  return tokens;
}

Result<std::optional<StoredApiToken>> ApiTokenStore::FindByHash(storage::Transaction& transaction,
                                                                const std::string& token_hash) const {
  CHANCERY_ASSIGN_OR_RETURN(
      auto row, transaction.QueryOptional(
                    std::string("SELECT ") + kTokenColumns + " FROM api_tokens WHERE token_hash = ?", {token_hash}));
  if (!row) return std::optional<StoredApiToken>();
  return std::optional<StoredApiToken>(ToToken(*row));
}

Status ApiTokenStore::Revoke(storage::Transaction& transaction, std::int64_t user_id, std::int64_t token_id,
                             std::int64_t now_ms) const {
  CHANCERY_ASSIGN_OR_RETURN(
      auto changed,
      transaction.Execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
                          {now_ms, token_id, user_id}));
  if (changed == 0) return NotFound("No active token with id " + std::to_string(token_id) + ".");
  return Status::Ok();
}

Status ApiTokenStore::TouchLastUsed(storage::Transaction& transaction, std::int64_t token_id,
                                    std::int64_t now_ms) const {
  CHANCERY_ASSIGN_OR_RETURN(
      auto changed, transaction.Execute("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", {now_ms, token_id}));
  (void)changed;
  return Status::Ok();
}

}  // namespace chancery::identity
