// UserStore: the SQL for the `users` table (migration 0001). Plain reads and writes inside the caller's
// transaction, so that the service can put a change and its audit entry in one commit. No domain rules here:
// validation, encryption and authorisation belong to the service and the API.
//
// Thread-safety: stateless; safe for concurrent use (each call uses only the transaction it is given).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "modules/identity/identity.hpp"
#include "storage/database.hpp"

namespace chancery::identity {

// A new row, with personal data already encrypted and the password already hashed.
struct UserRow {
  std::string username;
  std::string display_name;
  std::int64_t unit_id = 0;
  std::string title;
  std::string locale = "vi";
  std::optional<std::string> email_encrypted;
  std::optional<std::string> email_index;
  std::optional<std::string> phone_encrypted;
  std::optional<std::string> password_hash;
};

// Fields to change; nullopt leaves a column as it is. For the contact columns an inner nullopt clears it.
struct UserChanges {
  std::optional<std::string> display_name;
  std::optional<std::string> title;
  std::optional<std::string> locale;
  std::optional<std::int64_t> unit_id;
  std::optional<bool> disabled;
  std::optional<std::optional<std::string>> email_encrypted;
  std::optional<std::optional<std::string>> email_index;
  std::optional<std::optional<std::string>> phone_encrypted;
  bool Empty() const {
    return !display_name && !title && !locale && !unit_id && !disabled && !email_encrypted && !phone_encrypted;
  }
};

struct UserQuery {
  std::optional<std::string> text;                    // substring of username or display name, any case
  std::optional<std::int64_t> unit_id;                // home unit equals
  std::optional<std::vector<std::int64_t>> unit_ids;  // home unit among these; nullopt: any unit
  std::int64_t limit = 50;
  std::int64_t offset = 0;
};

struct UserPage {
  std::vector<UserRecord> items;
  std::int64_t total = 0;
};

struct EncryptedContact {
  std::int64_t user_id = 0;
  std::optional<std::string> email_encrypted;
  std::optional<std::string> phone_encrypted;
  std::optional<std::string> mfa_secret_encrypted;  // written by the authentication half; re-encrypted here
};

// The encrypted columns of `users`, with the associated data each is encrypted under.
enum class EncryptedColumn { kEmail, kPhone, kMfaSecret };
const char* ColumnName(EncryptedColumn column);
const char* AssociatedData(EncryptedColumn column);

class UserStore {
 public:
  Result<std::int64_t> Insert(storage::Transaction& transaction, const UserRow& row, std::int64_t now_ms) const;
  Result<std::optional<UserRecord>> FindById(storage::Transaction& transaction, std::int64_t user_id) const;
  Result<std::optional<UserRecord>> FindByUsername(storage::Transaction& transaction,
                                                   const std::string& username) const;
  Result<std::optional<std::int64_t>> FindIdByEmailIndex(storage::Transaction& transaction,
                                                         const std::string& email_index) const;
  Result<UserPage> List(storage::Transaction& transaction, const UserQuery& query) const;
  // Every unit that is some user's home unit; the candidate set when filtering lists by scope.
  Result<std::vector<std::int64_t>> HomeUnits(storage::Transaction& transaction) const;
  Status Update(storage::Transaction& transaction, std::int64_t user_id, const UserChanges& changes,
                std::int64_t now_ms) const;
  Status SetPasswordHash(storage::Transaction& transaction, std::int64_t user_id, const std::string& hash,
                         std::int64_t now_ms) const;
  // Turns MFA off: no secret, not enabled.
  Status ClearMfa(storage::Transaction& transaction, std::int64_t user_id, std::int64_t now_ms) const;
  Result<EncryptedContact> ReadContact(storage::Transaction& transaction, std::int64_t user_id) const;
  // Encrypted values of users with id > after_id, in id order, for batched re-encryption.
  Result<std::vector<EncryptedContact>> ContactsAfter(storage::Transaction& transaction, std::int64_t after_id,
                                                      int limit) const;
  // Replaces a ciphertext only if the column still holds `old_value`, so that a concurrent edit is never undone;
  // returns whether it did.
  Result<bool> ReplaceCiphertext(storage::Transaction& transaction, std::int64_t user_id, EncryptedColumn column,
                                 const std::string& old_value, const std::string& new_value) const;
};

}  // namespace chancery::identity
