#include "storage/sqlite/sqlite_database.hpp"

#include "fmt/format.h"
#include "storage/transaction_timing.hpp"

namespace chancery::storage {
namespace sqlite {
namespace {

class SqliteTransaction final : public Transaction {
 public:
  explicit SqliteTransaction(SqliteConnection& connection) : connection_(connection) {}
  Result<Rows> Query(std::string_view sql, const std::vector<Value>& params) override {
    return connection_.Query(sql, params);
  }
  Result<std::int64_t> Execute(std::string_view sql, const std::vector<Value>& params) override {
    return connection_.Execute(sql, params);
  }
  Status ExecuteScript(std::string_view sql) override { return connection_.ExecuteScript(sql); }

 private:
  SqliteConnection& connection_;
};

}  // namespace

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const SqliteOptions& options) {
  if (options.path.empty() || options.path == ":memory:" || options.path.starts_with("file::memory:")) {
    return InvalidArgument("SQLite needs a database file: readers share it with the writer");
  }
  if (options.reader_connections < 1) return InvalidArgument("SQLite needs at least one reader connection");
  std::unique_ptr<SqliteDatabase> database(new SqliteDatabase());
  database->capabilities_.supports_returning = sqlite3_libversion_number() >= 3035000;
  database->capabilities_.supports_skip_locked = false;
  database->capabilities_.supports_full_text = sqlite3_compileoption_used("ENABLE_FTS5") != 0;
  database->capabilities_.full_text =
      database->capabilities_.supports_full_text ? FullTextDialect::kFts5 : FullTextDialect::kNone;
  // The writer opens first: it creates the file and switches it to WAL before any reader attaches.
  CHANCERY_ASSIGN_OR_RETURN(database->writer_,
                            SqliteConnection::Open(options.path, ConnectionRole::kWriter, options.busy_timeout_ms));
  for (int index = 0; index < options.reader_connections; ++index) {
    CHANCERY_ASSIGN_OR_RETURN(auto reader,
                              SqliteConnection::Open(options.path, ConnectionRole::kReader, options.busy_timeout_ms));
    database->idle_readers_.push_back(std::move(reader));
  }
  return database;
}

Status SqliteDatabase::RunOnce(SqliteConnection& connection, Access access,
                               const std::function<Status(Transaction&)>& body) {
  connection.ClearTransientFlag();
  if (Status begun = connection.ExecuteScript(access == Access::kReadWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
      !begun.ok()) {
    if (connection.last_error_was_transient()) return std::move(begun.WithReason("transient"));
    return begun;
  }
  SqliteTransaction transaction(connection);
  Status status = body(transaction);
  if (status.ok()) {
    status = connection.ExecuteScript("COMMIT");
    if (status.ok()) return status;
  }
  // A failed COMMIT may leave the transaction open (e.g. SQLITE_BUSY); ROLLBACK closes it either way. Its own
  // error ("no transaction is active") is expected after SQLite rolled back by itself and is ignored.
  bool transient = connection.last_error_was_transient();
  (void)connection.ExecuteScript("ROLLBACK");
  if (transient) connection.ClearTransientFlag();
  if (transient) return Status(StatusCode::kUnavailable, status.message()).WithReason("transient");
  return status;
}

Status SqliteDatabase::RunWrite(const std::function<Status(Transaction&)>& body) {
  std::lock_guard lock(writer_mutex_);
  return RunOnce(*writer_, Access::kReadWrite, body);
}

Status SqliteDatabase::RunRead(const std::function<Status(Transaction&)>& body) {
  std::unique_ptr<SqliteConnection> connection;
  {
    std::unique_lock lock(readers_mutex_);
    reader_released_.wait(lock, [this] { return !idle_readers_.empty(); });
    connection = std::move(idle_readers_.back());
    idle_readers_.pop_back();
  }
  Status status = RunOnce(*connection, Access::kReadOnly, body);
  {
    std::lock_guard lock(readers_mutex_);
    idle_readers_.push_back(std::move(connection));
  }
  reader_released_.notify_one();
  return status;
}

Status SqliteDatabase::Run(std::string_view name, Access access, const std::function<Status(Transaction&)>& body) {
  TransactionTimer timer(name);
  Status status;
  int attempt = 1;
  for (;; ++attempt) {
    status = access == Access::kReadWrite ? RunWrite(body) : RunRead(body);
    if (status.ok() || status.reason() != "transient" || attempt >= kTransactionAttempts) break;
    BackOffBeforeRetry(attempt);
  }
  timer.Finish(status, attempt);
  if (!status.ok() && status.reason() == "transient") {
    return Unavailable(
        fmt::format("transaction {} kept conflicting after {} attempts: {}", name, attempt, status.message()));
  }
  return status;
}

Status SqliteDatabase::Ping() {
  return Read("ping", [](Transaction& transaction) { return transaction.Query("SELECT 1").status(); });
}

}  // namespace sqlite

Result<std::unique_ptr<Database>> OpenSqlite(const SqliteOptions& options) {
  CHANCERY_ASSIGN_OR_RETURN(auto database, sqlite::SqliteDatabase::Open(options));
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace chancery::storage
