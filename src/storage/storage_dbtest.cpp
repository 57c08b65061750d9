// The Database contract, checked on every engine.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <future>
#include <limits>
#include <thread>

#include "storage/database.hpp"
#include "support/db_test.hpp"

namespace chancery::storage {
namespace {

using ::chancery::testing::DbTest;

class StorageTest : public DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // Test-only table; module tables come from module migrations.
    Status created = db().Write("test.create", [](Transaction& transaction) {
      return transaction.ExecuteScript(
          "CREATE TABLE items (name TEXT PRIMARY KEY, quantity BIGINT, price DOUBLE PRECISION, note TEXT);"
          "CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL CHECK (value >= 0));");
    });
    ASSERT_TRUE(created.ok()) << created.ToString();
  }

  Status Insert(const std::string& name, std::int64_t quantity) {
    return db().Write("test.insert", [&](Transaction& transaction) {
      return transaction.Execute("INSERT INTO items (name, quantity) VALUES (?, ?)", {name, quantity}).status();
    });
  }

  std::int64_t CountItems() {
    std::int64_t count = -1;
    Status status = db().Read("test.count", [&](Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(Row row, transaction.QueryOne("SELECT COUNT(*) FROM items"));
      count = row.Int(0);
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return count;
  }
};
CHANCERY_DB_TEST_SUITE(StorageTest);

TEST_P(StorageTest, RoundTripsTypedValues) {
  const std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  const std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  const std::string kUnicode = "Đại sứ quán — 大使館 — посольство 🇻🇳 'quoted' \"double\" ?";
  Status status = db().Write("test.round_trip", [&](Transaction& transaction) -> Status {
    CHANCERY_TRY(transaction.Execute("INSERT INTO items VALUES (?, ?, ?, ?)", {"min", kMin, -0.1, kUnicode}).status());
    CHANCERY_TRY(transaction.Execute("INSERT INTO items VALUES (?, ?, ?, ?)", {"max", kMax, 1e300, nullptr}).status());
    CHANCERY_TRY(
        transaction.Execute("INSERT INTO items VALUES (?, ?, ?, ?)", {"nulls", nullptr, nullptr, ""}).status());
    return Status::Ok();
  });
  ASSERT_TRUE(status.ok()) << status.ToString();

  status = db().Read("test.read_back", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Rows rows,
                              transaction.Query("SELECT name, quantity, price, note FROM items ORDER BY name"));
    EXPECT_EQ(rows.size(), 3u);
    // max, min, nulls
    EXPECT_EQ(rows[0].Int(1), kMax);
    EXPECT_EQ(rows[0].at(1), Value(kMax));
    EXPECT_EQ(rows[0].Double(2), 1e300);
    EXPECT_TRUE(rows[0].IsNull(3));
    EXPECT_EQ(rows[0].OptionalText(3), std::nullopt);
    EXPECT_EQ(rows[1].Int(1), kMin);
    EXPECT_EQ(rows[1].at(2), Value(-0.1));
    EXPECT_EQ(rows[1].Text(3), kUnicode);
    EXPECT_TRUE(rows[2].IsNull(1));
    EXPECT_EQ(rows[2].OptionalInt(1), std::nullopt);
    EXPECT_EQ(rows[2].Int(1), 0);
    EXPECT_FALSE(rows[2].IsNull(3));  // the empty string is not NULL
    EXPECT_EQ(rows[2].OptionalText(3), std::optional<std::string>(""));
    return Status::Ok();
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
}

TEST_P(StorageTest, ParametersKeepTheirTypesInExpressions) {
  Status status = db().Read("test.expressions", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Row row, transaction.QueryOne("SELECT ?, ?, ?, ? + 1, 1 = 1",
                                                            {std::int64_t{42}, 2.5, "text", std::int64_t{41}}));
    EXPECT_EQ(row.at(0), Value(std::int64_t{42}));
    EXPECT_EQ(row.at(1), Value(2.5));
    EXPECT_EQ(row.at(2), Value(std::string("text")));
    EXPECT_EQ(row.Int(3), 42);
    EXPECT_TRUE(row.Bool(4));
    CHANCERY_ASSIGN_OR_RETURN(Row null_row, transaction.QueryOne("SELECT ?", {nullptr}));
    EXPECT_TRUE(null_row.IsNull(0));
    CHANCERY_ASSIGN_OR_RETURN(Row literal, transaction.QueryOne("SELECT 'who?', ?", {std::int64_t{7}}));
    EXPECT_EQ(literal.Text(0), "who?");
    EXPECT_EQ(literal.Int(1), 7);
    return Status::Ok();
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
}

TEST_P(StorageTest, ReturningGivesTheInsertedRowAndExecuteCountsChanges) {
  ASSERT_TRUE(db().capabilities().supports_returning);
  Status status = db().Write("test.returning", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        Row row, transaction.QueryOne("INSERT INTO items (name, quantity) VALUES (?, ?) RETURNING name, quantity * 2",
                                      {"pen", std::int64_t{21}}));
    EXPECT_EQ(row.Text(0), "pen");
    EXPECT_EQ(row.Int(1), 42);
    CHANCERY_TRY(transaction.Execute("INSERT INTO items (name, quantity) VALUES ('ink', 1)").status());
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t changed, transaction.Execute("UPDATE items SET quantity = quantity + 1"));
    EXPECT_EQ(changed, 2);
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t none, transaction.Execute("DELETE FROM items WHERE name = ?", {"none"}));
    EXPECT_EQ(none, 0);
    return Status::Ok();
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
}

TEST_P(StorageTest, QueryOneAndQueryOptionalReportMissingRows) {
  Status status = db().Read("test.missing", [&](Transaction& transaction) -> Status {
    auto one = transaction.QueryOne("SELECT name FROM items WHERE name = ?", {"absent"});
    EXPECT_EQ(one.status().code(), StatusCode::kNotFound);
    CHANCERY_ASSIGN_OR_RETURN(auto optional,
                              transaction.QueryOptional("SELECT name FROM items WHERE name = ?", {"absent"}));
    EXPECT_FALSE(optional.has_value());
    return Status::Ok();
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
}

TEST_P(StorageTest, MapsConstraintViolations) {
  ASSERT_TRUE(Insert("seal", 1).ok());
  EXPECT_EQ(Insert("seal", 2).code(), StatusCode::kAlreadyExists);
  Status check = db().Write("test.check", [](Transaction& transaction) {
    return transaction.Execute("INSERT INTO counters (name, value) VALUES ('negative', -1)").status();
  });
  EXPECT_EQ(check.code(), StatusCode::kConflict) << check.ToString();
  Status not_null = db().Write("test.not_null", [](Transaction& transaction) {
    return transaction.Execute("INSERT INTO counters (name, value) VALUES ('empty', NULL)").status();
  });
  EXPECT_EQ(not_null.code(), StatusCode::kConflict) << not_null.ToString();
  EXPECT_EQ(CountItems(), 1);
}

TEST_P(StorageTest, RollsBackWhenTheBodyFails) {
  Status status = db().Write("test.rollback", [](Transaction& transaction) -> Status {
    CHANCERY_TRY(transaction.Execute("INSERT INTO items (name, quantity) VALUES ('draft', 1)").status());
    return Conflict("the body changed its mind");
  });
  EXPECT_EQ(status.code(), StatusCode::kConflict);
  EXPECT_EQ(status.message(), "the body changed its mind");
  EXPECT_EQ(CountItems(), 0);
  // The connection is usable afterwards and the same key can be written.
  EXPECT_TRUE(Insert("draft", 1).ok());
  EXPECT_EQ(CountItems(), 1);
}

TEST_P(StorageTest, ReadOnlyTransactionsRefuseWrites) {
  Status status = db().Read("test.read_only", [](Transaction& transaction) {
    return transaction.Execute("INSERT INTO items (name, quantity) VALUES ('sneaky', 1)").status();
  });
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(CountItems(), 0);
}

TEST_P(StorageTest, ConcurrentWritersAllCommit) {
  constexpr int kThreads = 8;
  constexpr int kWritesPerThread = 25;
  ASSERT_TRUE(db().Write("test.seed",
                         [](Transaction& transaction) {
                           return transaction.Execute("INSERT INTO counters VALUES ('hits', 0)").status();
                         })
                  .ok());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int thread = 0; thread < kThreads; ++thread) {
    threads.emplace_back([&, thread] {
      for (int write = 0; write < kWritesPerThread; ++write) {
        Status status = db().Write("test.concurrent", [&](Transaction& transaction) -> Status {
          CHANCERY_TRY(transaction.Execute("UPDATE counters SET value = value + 1 WHERE name = 'hits'").status());
          return transaction
              .Execute("INSERT INTO items (name, quantity) VALUES (?, ?)",
                       {"item-" + std::to_string(thread) + "-" + std::to_string(write), std::int64_t{thread}})
              .status();
        });
        if (!status.ok()) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(CountItems(), kThreads * kWritesPerThread);
  Status status = db().Read("test.total", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Row row, transaction.QueryOne("SELECT value FROM counters WHERE name = 'hits'"));
    EXPECT_EQ(row.Int(0), kThreads * kWritesPerThread);
    return Status::Ok();
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
}

TEST_P(StorageTest, ReadersRunWhileAWriterHoldsItsTransaction) {
  ASSERT_TRUE(Insert("committed", 1).ok());
  std::promise<void> written;
  std::promise<void> read_done;
  auto writer = std::async(std::launch::async, [&] {
    return db().Write("test.slow_writer", [&](Transaction& transaction) -> Status {
      CHANCERY_TRY(transaction.Execute("INSERT INTO items (name, quantity) VALUES ('uncommitted', 2)").status());
      written.set_value();
      // Hold the write transaction open until the reader has finished (bounded, so a bug cannot hang the test).
      read_done.get_future().wait_for(std::chrono::seconds(10));
      return Status::Ok();
    });
  });
  written.get_future().wait();
  auto started = std::chrono::steady_clock::now();
  std::int64_t seen = CountItems();
  auto waited = std::chrono::steady_clock::now() - started;
  read_done.set_value();
  EXPECT_EQ(seen, 1) << "a reader must not see uncommitted writes";
  EXPECT_LT(waited, std::chrono::seconds(5)) << "a reader must not wait for the writer";
  EXPECT_TRUE(writer.get().ok());
  EXPECT_EQ(CountItems(), 2);
}

// Only PostgreSQL has a server connection to lose.
class PostgresStorageTest : public StorageTest {};
INSTANTIATE_TEST_SUITE_P(PostgresOnly, PostgresStorageTest, ::testing::Values(Engine::kPostgres),
                         ::chancery::testing::EngineTestName);

TEST_P(PostgresStorageTest, ReconnectsAfterTheServerDropsAConnection) {
  std::int64_t backend = 0;
  ASSERT_TRUE(db().Read("test.backend",
                        [&](Transaction& transaction) -> Status {
                          CHANCERY_ASSIGN_OR_RETURN(Row row, transaction.QueryOne("SELECT pg_backend_pid()"));
                          backend = row.Int(0);
                          return Status::Ok();
                        })
                  .ok());
  // Another node kills the idle pooled connection, as a server restart or a network cut would.
  auto peer = OpenPeer();
  ASSERT_TRUE(peer.ok()) << peer.status().ToString();
  ASSERT_TRUE(
      (*peer)
          ->Write(
              "test.terminate",
              [&](Transaction& transaction) {
                return transaction.Query("SELECT pg_terminate_backend(CAST(? AS INTEGER), 5000)", {backend}).status();
              })
          .ok());
  std::int64_t new_backend = 0;
  Status status = db().Read("test.after_terminate", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Row row, transaction.QueryOne("SELECT pg_backend_pid()"));
    new_backend = row.Int(0);
    return Status::Ok();
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_NE(new_backend, backend);
}

TEST_P(StorageTest, PingsAndReportsItsEngine) {
  EXPECT_TRUE(db().Ping().ok());
  EXPECT_EQ(db().engine(), engine());
  EXPECT_EQ(db().capabilities().supports_skip_locked, engine() == Engine::kPostgres);
}

}  // namespace
}  // namespace chancery::storage
