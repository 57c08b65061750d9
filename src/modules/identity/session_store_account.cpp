// SessionStore's account methods: reading credentials for sign-in and the self-service writes to `users` (last
// sign-in time, profile, password). The table and its other writers belong to identity-B.
#include "modules/identity/session_store.hpp"

namespace chancery::identity {
namespace {

constexpr std::string_view kAccountColumns = "SELECT id, unit_id, username, password_hash, disabled FROM users ";

SessionStore::Account AccountFromRow(const storage::Row& row) {
  SessionStore::Account account;
  account.id = row.Int(0);
  account.unit_id = row.Int(1);
  account.username = row.Text(2);
  account.password_hash = row.OptionalText(3);
  account.disabled = row.Bool(4);
  return account;
}

}  // namespace

Result<std::optional<SessionStore::Account>> SessionStore::FindAccountByUsername(storage::Transaction& transaction,
                                                                                 std::string_view normalised_username) {
  CHANCERY_ASSIGN_OR_RETURN(auto row, transaction.QueryOptional(std::string(kAccountColumns) + "WHERE username = ?",
                                                                {std::string(normalised_username)}));
  if (!row) return std::optional<Account>();
  return std::optional<Account>(AccountFromRow(*row));
}

Result<std::optional<SessionStore::Account>> SessionStore::FindAccount(storage::Transaction& transaction,
                                                                       std::int64_t user_id) {
  CHANCERY_ASSIGN_OR_RETURN(auto row,
                            transaction.QueryOptional(std::string(kAccountColumns) + "WHERE id = ?", {user_id}));
  if (!row) return std::optional<Account>();
  return std::optional<Account>(AccountFromRow(*row));
}

Status SessionStore::RecordLogin(storage::Transaction& transaction, std::int64_t user_id) {
  return transaction.Execute("UPDATE users SET last_login_at = ? WHERE id = ?", {clock_.NowMs(), user_id}).status();
}

Status SessionStore::UpdateProfile(storage::Transaction& transaction, std::int64_t user_id,
                                   const std::optional<std::string>& locale,
                                   const std::optional<std::string>& display_name) {
  return transaction
      .Execute(
          "UPDATE users SET locale = COALESCE(?, locale), display_name = COALESCE(?, display_name), "
          "updated_at = ? WHERE id = ?",
          {storage::Nullable(locale), storage::Nullable(display_name), clock_.NowMs(), user_id})
      .status();
}

Status SessionStore::SetPasswordHash(storage::Transaction& transaction, std::int64_t user_id,
                                     const std::string& password_hash) {
  const std::int64_t now_ms = clock_.NowMs();
  return transaction
      .Execute("UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE id = ?",
               {password_hash, now_ms, now_ms, user_id})
      .status();
}

}  // namespace chancery::identity
