// One SQLite connection with its prepared-statement cache, and the mapping of SQLite errors to Status.
//
// Contract: statements are prepared once per connection and reused; `?` placeholders bind Values in order.
// A failed step comes back as Status: unique/primary-key violations are kAlreadyExists, other constraint
// violations kConflict, SQLITE_BUSY/LOCKED kUnavailable (and `last_error_was_transient()` is set so that the
// engine can retry the whole transaction).
//
// Thread-safety: not thread-safe. The engine hands a connection to one thread at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace chancery::storage::sqlite {

enum class ConnectionRole { kWriter, kReader };

class SqliteConnection {
 public:
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path, ConnectionRole role,
                                                        int busy_timeout_ms);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Result<Rows> Query(std::string_view sql, const std::vector<Value>& params);
  Result<std::int64_t> Execute(std::string_view sql, const std::vector<Value>& params);
  // Runs `;`-separated statements without parameters and without the statement cache.
  Status ExecuteScript(std::string_view sql);

  // True when the last failure was SQLITE_BUSY or SQLITE_LOCKED; reset by ClearTransientFlag().
  bool last_error_was_transient() const { return last_error_was_transient_; }
  void ClearTransientFlag() { last_error_was_transient_ = false; }

 private:
  explicit SqliteConnection(sqlite3* handle) : handle_(handle) {}
  Result<sqlite3_stmt*> Prepare(std::string_view sql);
  Status Bind(sqlite3_stmt* statement, const std::vector<Value>& params);
  Status ErrorStatus(int code, std::string_view sql);

  // The cache is bounded so that a caller building SQL dynamically cannot grow it without limit.
  static constexpr std::size_t kStatementCacheLimit = 256;

  sqlite3* handle_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
  bool last_error_was_transient_ = false;
};

}  // namespace chancery::storage::sqlite
