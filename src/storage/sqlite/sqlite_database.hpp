// The SQLite engine: one writer connection behind a mutex and a small pool of read-only connections, in WAL mode.
//
// Contract: as storage::Database. Write transactions start with BEGIN IMMEDIATE so that the write lock is taken
// up front (no deadlock upgrading a read lock), and are serialised in-process by a mutex; read transactions use
// BEGIN DEFERRED on a `query_only` connection and see a consistent snapshot while a write is in progress. Another
// process on the same file is waited for (busy_timeout) and, past that, the transaction is retried a few times
// before failing with kUnavailable; a retried body runs again, so it must have no effect outside the database.
//
// Thread-safety: safe for concurrent use from many threads.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/database.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace chancery::storage::sqlite {

class SqliteDatabase final : public Database {
 public:
  static Result<std::unique_ptr<SqliteDatabase>> Open(const SqliteOptions& options);

  Status Run(std::string_view name, Access access, const std::function<Status(Transaction&)>& body) override;
  Status Ping() override;
  const Capabilities& capabilities() const override { return capabilities_; }
  Engine engine() const override { return Engine::kSqlite; }

 private:
  SqliteDatabase() = default;
  // Runs one attempt of a transaction on `connection`.
  Status RunOnce(SqliteConnection& connection, Access access, const std::function<Status(Transaction&)>& body);
  Status RunWrite(const std::function<Status(Transaction&)>& body);
  Status RunRead(const std::function<Status(Transaction&)>& body);

  Capabilities capabilities_;
  std::mutex writer_mutex_;
  std::unique_ptr<SqliteConnection> writer_;
  std::mutex readers_mutex_;
  std::condition_variable reader_released_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_readers_;
};

}  // namespace chancery::storage::sqlite
