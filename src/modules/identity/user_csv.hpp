// UserCsv: bulk import and export of accounts as CSV (RFC 4180, see core/csv.hpp), for POST /users/import and
// GET /users/export.csv.
//
// Columns, named in a header line in any order: username, display_name, unit_id (required) and title, email,
// phone, locale (optional). Import validates every line on its own and reports {created, skipped, errors}: a line
// whose username already exists is skipped; a line that fails validation, names an unknown unit, or a unit on
// which the actor lacks users_manage is an error naming its line; the other lines are created (without a password:
// an administrator sets one later). A file that is not valid CSV or lacks a required column is refused as a whole.
// Export writes the same columns, contact data decrypted, and is audited as "users.exported".
//
// Thread-safety: safe for concurrent use (it holds only references to thread-safe services).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "modules/identity/identity_service.hpp"

namespace chancery::identity {

inline constexpr std::size_t kMaxImportLines = 5000;

struct ImportError {
  std::size_t line = 0;
  std::string message;
};

struct ImportReport {
  std::int64_t created = 0;
  std::int64_t skipped = 0;
  std::vector<ImportError> errors;
};

class UserCsv {
 public:
  explicit UserCsv(SqlIdentityService& service) : service_(service) {}

  Result<ImportReport> Import(std::string_view csv_text, const ActionContext& context);
  // The users that `query` selects (the caller has already narrowed it to its scope). `audit_unit_id` is the unit
  // the export concerns, for scoping the audit entry (nullopt: several units).
  Result<std::string> Export(const UserQuery& query, std::optional<std::int64_t> audit_unit_id,
                             const ActionContext& context);

 private:
  SqlIdentityService& service_;
};

}  // namespace chancery::identity
