// ZaloAccounts: the zalo_accounts rows, sealed with the field cipher on the way in and opened on the way out.
#include <utility>

#include "core/crypto.hpp"
#include "modules/zalo/zalo.hpp"
#include "storage/database.hpp"

namespace chancery::zalo {
namespace {

using storage::Row;
using storage::Transaction;
using storage::Value;

constexpr const char* kColumns =
    "id, unit_id, oa_id, app_id, secret_key, oa_secret_key, access_token, refresh_token, access_token_expires_at, "
    "refresh_lease_until, version, created_at, updated_at";

// The associated data that binds a ciphertext to its column.
std::string Place(const char* column) { return std::string("zalo_accounts.") + column; }

Value Seal(const crypto::FieldCipher& cipher, const std::string& plaintext, const char* column) {
  if (plaintext.empty()) return nullptr;
  return cipher.Encrypt(plaintext, Place(column));
}

Result<std::string> Open(const crypto::FieldCipher& cipher, const Row& row, std::size_t index, const char* column) {
  const std::optional<std::string> ciphertext = row.OptionalText(index);
  if (!ciphertext || ciphertext->empty()) return std::string();
  auto plaintext = cipher.Decrypt(*ciphertext, Place(column));
  if (!plaintext.ok()) return Internal(std::string("cannot decrypt zalo_accounts.") + column);
  return plaintext;
}

Result<ZaloAccount> FromRow(const crypto::FieldCipher& cipher, const Row& row) {
  ZaloAccount account;
  account.id = row.Int(0);
  account.unit_id = row.Int(1);
  account.oa_id = row.Text(2);
  account.app_id = row.Text(3);
  CHANCERY_ASSIGN_OR_RETURN(account.secret_key, Open(cipher, row, 4, "secret_key"));
  CHANCERY_ASSIGN_OR_RETURN(account.oa_secret_key, Open(cipher, row, 5, "oa_secret_key"));
  CHANCERY_ASSIGN_OR_RETURN(account.access_token, Open(cipher, row, 6, "access_token"));
  CHANCERY_ASSIGN_OR_RETURN(account.refresh_token, Open(cipher, row, 7, "refresh_token"));
  account.access_token_expires_at_ms = row.Int(8);
  account.refresh_lease_until_ms = row.Int(9);
  account.version = row.Int(10);
  account.created_at_ms = row.Int(11);
  account.updated_at_ms = row.Int(12);
  return account;
}

Result<ZaloAccount> LoadOne(storage::Database& database, const crypto::FieldCipher& cipher, std::string_view name,
                            std::string_view condition, const Value& value) {
  const std::string sql = std::string("SELECT ") + kColumns + " FROM zalo_accounts WHERE " + std::string(condition);
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Row> row, storage::ReadValue(database, name, [&](Transaction& transaction) {
                              return transaction.QueryOptional(sql, {value});
                            }));
  if (!row) return NotFound("No such Zalo account.");
  return FromRow(cipher, *row);
}

// Runs one compare-and-set UPDATE and answers whether it changed the row.
Result<bool> CompareAndSet(storage::Database& database, std::string_view name, std::string_view sql,
                           const std::vector<Value>& params) {
  bool changed = false;
  CHANCERY_TRY(database.Write(name, [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(const std::int64_t rows, transaction.Execute(sql, params));
    changed = rows == 1;
    return Status::Ok();
  }));
  return changed;
}

}  // namespace

Result<std::int64_t> ZaloAccounts::Create(const NewZaloAccount& account) {
  if (account.unit_id <= 0) return InvalidArgument("A Zalo account belongs to a unit.").WithField("/unit_id");
  for (const auto& [value, field] :
       {std::pair{&account.oa_id, "/oa_id"}, std::pair{&account.app_id, "/app_id"},
        std::pair{&account.secret_key, "/secret_key"}, std::pair{&account.oa_secret_key, "/oa_secret_key"},
        std::pair{&account.refresh_token, "/refresh_token"}}) {
    if (value->empty())
      return InvalidArgument(std::string("A Zalo account needs ") + (field + 1) + ".").WithField(field);
  }
  const std::int64_t now = clock_.NowMs();
  std::int64_t id = 0;
  CHANCERY_TRY(database_.Write("zalo.accounts.create", [&](Transaction& transaction) -> Status {
    auto row = transaction.QueryOne(
        "INSERT INTO zalo_accounts (unit_id, oa_id, app_id, secret_key, oa_secret_key, access_token, refresh_token, "
        "access_token_expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {account.unit_id, account.oa_id, account.app_id, Seal(cipher_, account.secret_key, "secret_key"),
         Seal(cipher_, account.oa_secret_key, "oa_secret_key"), Seal(cipher_, account.access_token, "access_token"),
         Seal(cipher_, account.refresh_token, "refresh_token"), account.access_token_expires_at_ms, now, now});
    if (!row.ok()) {
      if (row.status().code() == StatusCode::kAlreadyExists) {
        return AlreadyExists("This Zalo Official Account is already registered.").WithField("/oa_id");
      }
      return row.status();
    }
    id = row->Int(0);
    return Status::Ok();
  }));
  return id;
}

Result<std::vector<ZaloAccountSummary>> ZaloAccounts::ListByUnit(std::int64_t unit_id) {
  return storage::ReadValue(
      database_, "zalo.accounts.list", [&](Transaction& transaction) -> Result<std::vector<ZaloAccountSummary>> {
        CHANCERY_ASSIGN_OR_RETURN(
            storage::Rows rows,
            transaction.Query("SELECT id, unit_id, oa_id, app_id, access_token_expires_at, version FROM zalo_accounts "
                              "WHERE unit_id = ? ORDER BY id",
                              {unit_id}));
        std::vector<ZaloAccountSummary> accounts;
        for (const Row& row : rows) {
          accounts.push_back({row.Int(0), row.Int(1), row.Text(2), row.Text(3), row.Int(4), row.Int(5)});
        }
        return accounts;
      });
}

Result<ZaloAccount> ZaloAccounts::Load(std::int64_t id) {
  return LoadOne(database_, cipher_, "zalo.accounts.load", "id = ?", id);
}

Result<ZaloAccount> ZaloAccounts::FindByOaId(std::string_view oa_id) {
  return LoadOne(database_, cipher_, "zalo.accounts.find_by_oa", "oa_id = ?", std::string(oa_id));
}

Status ZaloAccounts::ReplaceTokens(std::int64_t id, const std::string& access_token, const std::string& refresh_token,
                                   std::int64_t access_token_expires_at_ms) {
  if (refresh_token.empty()) return InvalidArgument("A refresh token is needed.").WithField("/refresh_token");
  CHANCERY_ASSIGN_OR_RETURN(
      const bool changed,
      CompareAndSet(database_, "zalo.accounts.replace_tokens",
                    "UPDATE zalo_accounts SET access_token = ?, refresh_token = ?, access_token_expires_at = ?, "
                    "refresh_lease_until = 0, version = version + 1, updated_at = ? WHERE id = ?",
                    {Seal(cipher_, access_token, "access_token"), Seal(cipher_, refresh_token, "refresh_token"),
                     access_token_expires_at_ms, clock_.NowMs(), id}));
  if (!changed) return NotFound("No such Zalo account.");
  return Status::Ok();
}

Result<bool> ZaloAccounts::ClaimRefresh(std::int64_t id, std::int64_t version, std::int64_t lease_until_ms) {
  return CompareAndSet(database_, "zalo.accounts.claim_refresh",
                       "UPDATE zalo_accounts SET refresh_lease_until = ?, version = version + 1, updated_at = ? "
                       "WHERE id = ? AND version = ?",
                       {lease_until_ms, clock_.NowMs(), id, version});
}

Result<bool> ZaloAccounts::StoreRefreshedTokens(std::int64_t id, std::int64_t version, const std::string& access_token,
                                                const std::string& refresh_token,
                                                std::int64_t access_token_expires_at_ms) {
  return CompareAndSet(database_, "zalo.accounts.store_refreshed",
                       "UPDATE zalo_accounts SET access_token = ?, refresh_token = ?, access_token_expires_at = ?, "
                       "refresh_lease_until = 0, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                       {Seal(cipher_, access_token, "access_token"), Seal(cipher_, refresh_token, "refresh_token"),
                        access_token_expires_at_ms, clock_.NowMs(), id, version});
}

Result<bool> ZaloAccounts::ReleaseRefresh(std::int64_t id, std::int64_t version) {
  return CompareAndSet(database_, "zalo.accounts.release_refresh",
                       "UPDATE zalo_accounts SET refresh_lease_until = 0, version = version + 1, updated_at = ? "
                       "WHERE id = ? AND version = ?",
                       {clock_.NowMs(), id, version});
}

}  // namespace chancery::zalo
