// SQL for the users table; see user_store.hpp.
#include "modules/identity/user_store.hpp"

#include <utility>

namespace chancery::identity {
namespace {

using storage::Value;

constexpr const char* kUserColumns =
    "id, username, display_name, unit_id, title, locale, disabled, mfa_enabled, created_at, last_login_at";

UserRecord ToUser(const storage::Row& row) {
  UserRecord user;
  user.id = row.Int(0);
  user.username = row.Text(1);
  user.display_name = row.Text(2);
  user.unit_id = row.Int(3);
  user.title = row.Text(4);
  user.locale = row.Text(5);
  user.disabled = row.Bool(6);
  user.mfa_enabled = row.Bool(7);
  user.created_at_ms = row.Int(8);
  user.last_login_at_ms = row.OptionalInt(9);
  return user;
}

Result<std::optional<UserRecord>> FindOne(storage::Transaction& transaction, const std::string& where,
                                          const std::vector<Value>& params) {
  CHANCERY_ASSIGN_OR_RETURN(
      auto row,
      transaction.QueryOptional(std::string("SELECT ") + kUserColumns + " FROM users WHERE " + where, params));
  if (!row) return std::optional<UserRecord>();
  return std::optional<UserRecord>(ToUser(*row));
}

// Escapes LIKE wildcards so that a search for "a_b" matches only that text.
std::string LikePattern(const std::string& text) {
  std::string pattern = "%";
  for (char character : text) {
    if (character == '%' || character == '_' || character == '\\') pattern.push_back('\\');
    pattern.push_back(character);
  }
  pattern.push_back('%');
  return pattern;
}

std::string Lower(std::string text) {
  for (char& character : text) {
    if (character >= 'A' && character <= 'Z') character = static_cast<char>(character - 'A' + 'a');
  }
  return text;
}

}  // namespace

Result<std::int64_t> UserStore::Insert(storage::Transaction& transaction, const UserRow& row,
                                       std::int64_t now_ms) const {
  CHANCERY_ASSIGN_OR_RETURN(
      auto inserted,
      transaction.QueryOne(
          "INSERT INTO users (username, display_name, unit_id, title, locale, email_encrypted, email_index, "
          "phone_encrypted, password_hash, created_at, updated_at, password_changed_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {row.username, row.display_name, row.unit_id, row.title, row.locale, storage::Nullable(row.email_encrypted),
           storage::Nullable(row.email_index), storage::Nullable(row.phone_encrypted),
           storage::Nullable(row.password_hash), now_ms, now_ms, row.password_hash ? Value(now_ms) : Value(nullptr)}));
  return inserted.Int(0);
}

Result<std::optional<UserRecord>> UserStore::FindById(storage::Transaction& transaction, std::int64_t user_id) const {
  return FindOne(transaction, "id = ?", {user_id});
}

Result<std::optional<UserRecord>> UserStore::FindByUsername(storage::Transaction& transaction,
                                                            const std::string& username) const {
  return FindOne(transaction, "username = ?", {username});
}

Result<std::optional<std::int64_t>> UserStore::FindIdByEmailIndex(storage::Transaction& transaction,
                                                                  const std::string& email_index) const {
  CHANCERY_ASSIGN_OR_RETURN(auto row,
                            transaction.QueryOptional("SELECT id FROM users WHERE email_index = ?", {email_index}));
  if (!row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(row->Int(0));
}

Result<UserPage> UserStore::List(storage::Transaction& transaction, const UserQuery& query) const {
  UserPage page;
  if (query.unit_ids && query.unit_ids->empty()) return page;  // a scope that covers nothing
  std::string where = " WHERE 1 = 1";
  std::vector<Value> params;
  if (query.text && !query.text->empty()) {
    where += " AND (LOWER(username) LIKE ? ESCAPE '\\' OR LOWER(display_name) LIKE ? ESCAPE '\\')";
    const std::string pattern = LikePattern(Lower(*query.text));
    params.push_back(pattern);
    params.push_back(pattern);
  }
  if (query.unit_id) {
    where += " AND unit_id = ?";
    params.push_back(*query.unit_id);
  }
  if (query.unit_ids) {
    where += " AND unit_id IN (";
    for (std::size_t index = 0; index < query.unit_ids->size(); ++index) {
      where += index == 0 ? "?" : ", ?";
      params.push_back((*query.unit_ids)[index]);
    }
    where += ")";
  }
  CHANCERY_ASSIGN_OR_RETURN(auto count, transaction.QueryOne("SELECT COUNT(*) FROM users" + where, params));
  page.total = count.Int(0);
  params.push_back(query.limit);
  params.push_back(query.offset);
  CHANCERY_ASSIGN_OR_RETURN(auto rows, transaction.Query(std::string("SELECT ") + kUserColumns + " FROM users" + where +
                                                             " ORDER BY display_name, id LIMIT ? OFFSET ?",
                                                         params));
  for (const storage::Row& row : rows) page.items.push_back(ToUser(row));
  return page;
}

Result<std::vector<std::int64_t>> UserStore::HomeUnits(storage::Transaction& transaction) const {
  CHANCERY_ASSIGN_OR_RETURN(auto rows, transaction.Query("SELECT DISTINCT unit_id FROM users"));
  std::vector<std::int64_t> units;
  for (const storage::Row& row : rows) units.push_back(row.Int(0));
  return units;
}

Status UserStore::Update(storage::Transaction& transaction, std::int64_t user_id, const UserChanges& changes,
                         std::int64_t now_ms) const {
  std::string sql = "UPDATE users SET updated_at = ?";
  std::vector<Value> params = {now_ms};
  auto set = [&](const char* column, Value value) {
    sql += std::string(", ") + column + " = ?";
    params.push_back(std::move(value));
  };
  if (changes.display_name) set("display_name", *changes.display_name);
  if (changes.title) set("title", *changes.title);
  if (changes.locale) set("locale", *changes.locale);
  if (changes.unit_id) set("unit_id", *changes.unit_id);
  if (changes.disabled) set("disabled", std::int64_t{*changes.disabled ? 1 : 0});
  if (changes.email_encrypted) set("email_encrypted", storage::Nullable(*changes.email_encrypted));
  if (changes.email_index) set("email_index", storage::Nullable(*changes.email_index));
  if (changes.phone_encrypted) set("phone_encrypted", storage::Nullable(*changes.phone_encrypted));
  sql += " WHERE id = ?";
  params.push_back(user_id);
  CHANCERY_ASSIGN_OR_RETURN(auto changed, transaction.Execute(sql, params));
  if (changed == 0) return NotFound("No user with id " + std::to_string(user_id) + ".");
  return Status::Ok();
}

Status UserStore::SetPasswordHash(storage::Transaction& transaction, std::int64_t user_id, const std::string& hash,
                                  std::int64_t now_ms) const {
  CHANCERY_ASSIGN_OR_RETURN(
      auto changed,
      transaction.Execute("UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE id = ?",
                          {hash, now_ms, now_ms, user_id}));
  if (changed == 0) return NotFound("No user with id " + std::to_string(user_id) + ".");
  return Status::Ok();
}

Status UserStore::ClearMfa(storage::Transaction& transaction, std::int64_t user_id, std::int64_t now_ms) const {
  CHANCERY_ASSIGN_OR_RETURN(
      auto changed,
      transaction.Execute("UPDATE users SET mfa_secret_encrypted = NULL, mfa_enabled = 0, updated_at = ? WHERE id = ?",
                          {now_ms, user_id}));
  if (changed == 0) return NotFound("No user with id " + std::to_string(user_id) + ".");
  return Status::Ok();
}

Result<EncryptedContact> UserStore::ReadContact(storage::Transaction& transaction, std::int64_t user_id) const {
  CHANCERY_ASSIGN_OR_RETURN(
      auto row,
      transaction.QueryOptional("SELECT id, email_encrypted, phone_encrypted FROM users WHERE id = ?", {user_id}));
  if (!row) return NotFound("No user with id " + std::to_string(user_id) + ".");
  return EncryptedContact{row->Int(0), row->OptionalText(1), row->OptionalText(2), std::nullopt};
}

Result<std::vector<EncryptedContact>> UserStore::ContactsAfter(storage::Transaction& transaction, std::int64_t after_id,
                                                               int limit) const {
  CHANCERY_ASSIGN_OR_RETURN(
      auto rows, transaction.Query("SELECT id, email_encrypted, phone_encrypted, mfa_secret_encrypted FROM users "
                                   "WHERE id > ? ORDER BY id LIMIT ?",
                                   {after_id, std::int64_t{limit}}));
  std::vector<EncryptedContact> contacts;
  for (const storage::Row& row : rows) {
    contacts.push_back({row.Int(0), row.OptionalText(1), row.OptionalText(2), row.OptionalText(3)});
  }
  return contacts;
}

Result<bool> UserStore::ReplaceCiphertext(storage::Transaction& transaction, std::int64_t user_id,
                                          EncryptedColumn column, const std::string& old_value,
                                          const std::string& new_value) const {
  const std::string name = ColumnName(column);
  CHANCERY_ASSIGN_OR_RETURN(auto changed,
                            transaction.Execute("UPDATE users SET " + name + " = ? WHERE id = ? AND " + name + " = ?",
                                                {new_value, user_id, old_value}));
  return changed > 0;
}

const char* ColumnName(EncryptedColumn column) {
  switch (column) {
    case EncryptedColumn::kEmail: return "email_encrypted";
    case EncryptedColumn::kPhone: return "phone_encrypted";
    case EncryptedColumn::kMfaSecret: return "mfa_secret_encrypted";
  }
  return "";
}

const char* AssociatedData(EncryptedColumn column) {
  switch (column) {
    case EncryptedColumn::kEmail: return "users.email";
    case EncryptedColumn::kPhone: return "users.phone";
    case EncryptedColumn::kMfaSecret: return "users.mfa_secret";
  }
  return "";
}

}  // namespace chancery::identity
