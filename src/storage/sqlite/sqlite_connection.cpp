#include "storage/sqlite/sqlite_connection.hpp"

#include "fmt/format.h"

namespace chancery::storage::sqlite {
namespace {

// Resets a cached statement on every exit path, so that it releases its read snapshot and its bindings.
class StatementReset {
 public:
  explicit StatementReset(sqlite3_stmt* statement) : statement_(statement) {}
  ~StatementReset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }

 private:
  sqlite3_stmt* statement_;
};

Value ColumnValue(sqlite3_stmt* statement, int column) {
  switch (sqlite3_column_type(statement, column)) {
    case SQLITE_INTEGER: return static_cast<std::int64_t>(sqlite3_column_int64(statement, column));
    case SQLITE_FLOAT: return sqlite3_column_double(statement, column);
    case SQLITE_NULL: return nullptr;
    default: {
      // TEXT, and BLOB (which our schema does not use) as raw bytes.
      const auto* data = static_cast<const char*>(sqlite3_column_blob(statement, column));
      int size = sqlite3_column_bytes(statement, column);
      return std::string(data == nullptr ? "" : data, static_cast<std::size_t>(size));
    }
  }
}

}  // namespace

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path, ConnectionRole role,
                                                                 int busy_timeout_ms) {
  sqlite3* handle = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (role == ConnectionRole::kWriter ? SQLITE_OPEN_CREATE : 0);
  int code = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  if (code != SQLITE_OK) {
    std::string message = handle != nullptr ? sqlite3_errmsg(handle) : sqlite3_errstr(code);
    sqlite3_close_v2(handle);
    return Unavailable(fmt::format("cannot open SQLite database {}: {}", path, message));
  }
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(handle));
  sqlite3_extended_result_codes(handle, 1);
  sqlite3_busy_timeout(handle, busy_timeout_ms);
  // WAL lets readers run beside the writer; synchronous=FULL makes an acknowledged commit survive a power cut
  // (NORMAL would only guarantee consistency, not durability, in WAL mode). The writer's page cache holds up to 64 MiB
  // (the default 2 MiB made a large transaction, e.g. a batch of articles with their matches and alerts, spill dirty
  // pages into the WAL before commit), and its temporary files (statement journals, sorts) stay in memory.
  std::string pragmas = "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;";
  if (role == ConnectionRole::kWriter) {
    pragmas = "PRAGMA journal_mode = WAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; " + pragmas;
  } else {
    pragmas += " PRAGMA query_only = ON;";
  }
  CHANCERY_TRY(connection->ExecuteScript(pragmas));
  return connection;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
  sqlite3_close_v2(handle_);
}

Status SqliteConnection::ErrorStatus(int code, std::string_view sql) {
  std::string message = fmt::format("{} (in: {})", sqlite3_errmsg(handle_), sql.substr(0, 200));
  int primary = code & 0xff;
  if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) return AlreadyExists(message);
  if (primary == SQLITE_CONSTRAINT) return Conflict(message);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    last_error_was_transient_ = true;
    return Unavailable(message);
  }
  if (primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN) return Unavailable(message);
  return Internal(message);
}

Result<sqlite3_stmt*> SqliteConnection::Prepare(std::string_view sql) {
  std::string key(sql);
  if (auto found = statements_.find(key); found != statements_.end()) return found->second;
  if (statements_.size() >= kStatementCacheLimit) {
    for (auto& [cached_sql, statement] : statements_) sqlite3_finalize(statement);
    statements_.clear();
  }
  sqlite3_stmt* statement = nullptr;
  const char* tail = nullptr;
  int code = sqlite3_prepare_v3(handle_, key.data(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT,
                                &statement, &tail);
  if (code != SQLITE_OK) return ErrorStatus(code, sql);
  if (statement == nullptr) return InvalidArgument(fmt::format("empty SQL statement: {}", sql));
  if (tail != nullptr && std::string_view(tail).find_first_not_of(" \t\r\n;") != std::string_view::npos) {
    sqlite3_finalize(statement);
    return Internal(fmt::format("Query/Execute take one statement; use ExecuteScript for: {}", sql.substr(0, 200)));
  }
  statements_.emplace(std::move(key), statement);
  return statement;
}

Status SqliteConnection::Bind(sqlite3_stmt* statement, const std::vector<Value>& params) {
  int expected = sqlite3_bind_parameter_count(statement);
  if (expected != static_cast<int>(params.size())) {
    return Internal(
        fmt::format("statement takes {} parameters, {} given: {}", expected, params.size(), sqlite3_sql(statement)));
  }
  for (int index = 0; index < expected; ++index) {
    const Value& param = params[static_cast<std::size_t>(index)];
    int code = SQLITE_OK;
    if (const auto* integer = std::get_if<std::int64_t>(&param)) {
      code = sqlite3_bind_int64(statement, index + 1, *integer);
    } else if (const auto* real = std::get_if<double>(&param)) {
      code = sqlite3_bind_double(statement, index + 1, *real);
    } else if (const auto* text = std::get_if<std::string>(&param)) {
      // The params outlive the step, so SQLite need not copy the text.
      code = sqlite3_bind_text64(statement, index + 1, text->data(), text->size(), SQLITE_STATIC, SQLITE_UTF8);
    } else {
      code = sqlite3_bind_null(statement, index + 1);
    }
    if (code != SQLITE_OK) return ErrorStatus(code, sqlite3_sql(statement));
  }
  return Status::Ok();
}

Result<Rows> SqliteConnection::Query(std::string_view sql, const std::vector<Value>& params) {
  CHANCERY_ASSIGN_OR_RETURN(sqlite3_stmt * statement, Prepare(sql));
  StatementReset reset(statement);
  CHANCERY_TRY(Bind(statement, params));
  Rows rows;
  int columns = sqlite3_column_count(statement);
  while (true) {
    int code = sqlite3_step(statement);
    if (code == SQLITE_DONE) break;
    if (code != SQLITE_ROW) return ErrorStatus(code, sql);
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(columns));
    for (int column = 0; column < columns; ++column) values.push_back(ColumnValue(statement, column));
    rows.emplace_back(std::move(values));
  }
  return rows;
}

Result<std::int64_t> SqliteConnection::Execute(std::string_view sql, const std::vector<Value>& params) {
  CHANCERY_ASSIGN_OR_RETURN(sqlite3_stmt * statement, Prepare(sql));
  StatementReset reset(statement);
  CHANCERY_TRY(Bind(statement, params));
  int code = SQLITE_ROW;
  // A statement with RETURNING yields rows; step through them so that every change is applied.
  while (code == SQLITE_ROW) code = sqlite3_step(statement);
  if (code != SQLITE_DONE) return ErrorStatus(code, sql);
  return static_cast<std::int64_t>(sqlite3_changes64(handle_));
}

Status SqliteConnection::ExecuteScript(std::string_view sql) {
  std::string script(sql);
  char* error = nullptr;
  int code = sqlite3_exec(handle_, script.c_str(), nullptr, nullptr, &error);
  if (error != nullptr) sqlite3_free(error);
  if (code != SQLITE_OK) return ErrorStatus(code, sql);
  return Status::Ok();
}

}  // namespace chancery::storage::sqlite
