// SQLite-specific behaviour that the shared dbtests cannot see: connection settings and lock contention with
// another process (here, another Database on the same file).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <future>

#include "storage/database.hpp"

namespace chancery::storage {
namespace {

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  void TearDown() override {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix, ignored);
  }

  std::unique_ptr<Database> Open(int busy_timeout_ms) {
    auto opened = OpenSqlite({.path = path_, .reader_connections = 2, .busy_timeout_ms = busy_timeout_ms});
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  const std::string path_ =
      (std::filesystem::temp_directory_path() / ("chancery_sqlite_test_" + std::to_string(getpid()) + ".db")).string();
};

std::int64_t Pragma(Database& database, Access access, const std::string& name) {
  std::int64_t value = -1;
  Status status = database.Run("test.pragma", access, [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Row row, transaction.QueryOne("PRAGMA " + name));
    value = row.Int(0);
    return Status::Ok();
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return value;
}

TEST_F(SqliteDatabaseTest, RefusesAnInMemoryDatabase) {
  EXPECT_EQ(OpenSqlite({.path = ":memory:"}).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SqliteDatabaseTest, EveryConnectionIsDurableAndChecksForeignKeys) {
  auto database = Open(1000);
  ASSERT_NE(database, nullptr);
  for (Access access : {Access::kReadWrite, Access::kReadOnly}) {
    EXPECT_EQ(Pragma(*database, access, "synchronous"), 2) << "FULL";
    EXPECT_EQ(Pragma(*database, access, "foreign_keys"), 1);
  }
  Status status = database->Read("test.journal", [](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Row row, transaction.QueryOne("PRAGMA journal_mode"));
    EXPECT_EQ(row.Text(0), "wal");
    return Status::Ok();
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
}

TEST_F(SqliteDatabaseTest, ReportsUnavailableWhenAnotherProcessHoldsTheWriteLock) {
  auto database = Open(20);
  auto other_process = Open(20);
  ASSERT_NE(database, nullptr);
  ASSERT_NE(other_process, nullptr);
  ASSERT_TRUE(
      database
          ->Write("test.create",
                  [](Transaction& transaction) { return transaction.ExecuteScript("CREATE TABLE t (x INTEGER)"); })
          .ok());
  std::promise<void> locked;
  std::promise<void> release;
  auto holder = std::async(std::launch::async, [&] {
    return other_process->Write("test.hold", [&](Transaction& transaction) -> Status {
      CHANCERY_TRY(transaction.Execute("INSERT INTO t VALUES (1)").status());
      locked.set_value();
      release.get_future().wait_for(std::chrono::seconds(30));
      return Status::Ok();
    });
  });
  locked.get_future().wait();
  int attempts = 0;
  Status blocked = database->Write("test.blocked", [&](Transaction& transaction) {
    ++attempts;
    return transaction.Execute("INSERT INTO t VALUES (2)").status();
  });
  release.set_value();
  EXPECT_EQ(blocked.code(), StatusCode::kUnavailable) << blocked.ToString();
  // BEGIN IMMEDIATE fails before the body runs, so the body never ran.
  EXPECT_EQ(attempts, 0);
  EXPECT_TRUE(holder.get().ok());
  // Once the lock is free, writing works again.
  EXPECT_TRUE(
      database
          ->Write("test.after",
                  [](Transaction& transaction) { return transaction.Execute("INSERT INTO t VALUES (3)").status(); })
          .ok());
}

}  // namespace
}  // namespace chancery::storage
