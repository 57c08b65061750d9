// chancery::testing::DbTest: a gtest fixture that gives each test a fresh, fully migrated database, on every
// engine.
//
// Use it by deriving a fixture and instantiating it on both engines:
//
//   class CableStoreTest : public chancery::testing::DbTest {};
//   CHANCERY_DB_TEST_SUITE(CableStoreTest);
//   TEST_P(CableStoreTest, StoresADraft) { SqlCableStore store(db(), clock()); ... }
//
// SQLite runs in a temporary file. PostgreSQL needs env CHANCERY_TEST_POSTGRES (a libpq conninfo, e.g. from
// scripts/pg-temp.sh); each test gets its own schema, dropped afterwards. Without that variable the PostgreSQL
// cases FAIL, so that a CI misconfiguration cannot pass silently, unless CHANCERY_TEST_SQLITE_ONLY=1 is set for a
// quick local run (then they are skipped). All embedded migrations are applied before the test body runs.
//
// Thread-safety: db() may be used from several threads inside a test, as any Database; the fixture itself is
// set up and torn down on the test's thread.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <ostream>
#include <string>

#include "core/clock.hpp"
#include "storage/database.hpp"

namespace chancery::testing {

class DbTest : public ::testing::TestWithParam<storage::Engine> {
 public:
  // 2026-01-01T00:00:00Z, a fixed start so that tests never depend on the real date.
  static constexpr std::int64_t kStartMs = 1767225600000;

  storage::Database& db() { return *database_; }
  storage::Engine engine() const { return GetParam(); }
  ManualClock& clock() { return clock_; }

  // Opens a second, independent Database on the same data, as another server node would (its own SQLite
  // connections on the same file; its own PostgreSQL pool on the same schema).
  Result<std::unique_ptr<storage::Database>> OpenPeer() const;

 protected:
  void SetUp() override;
  void TearDown() override;

 private:
  ManualClock clock_{kStartMs};
  std::string sqlite_path_;      // SQLite: the temporary file
  std::string postgres_schema_;  // PostgreSQL: the schema created for this test
  std::string conninfo_;         // PostgreSQL: conninfo with search_path set to that schema
  std::unique_ptr<storage::Database> database_;
};

// The name of an engine, for test names: "Sqlite", "Postgres".
std::string EngineTestName(const ::testing::TestParamInfo<storage::Engine>& info);

}  // namespace chancery::testing

namespace chancery::storage {
// Lets gtest print an engine by name in failure messages.
inline void PrintTo(Engine engine, std::ostream* stream) {
  *stream << (engine == Engine::kSqlite ? "Sqlite" : "Postgres");
}
}  // namespace chancery::storage

// Instantiates the TEST_P cases of `Fixture` (derived from DbTest) on SQLite and on PostgreSQL.
#define CHANCERY_DB_TEST_SUITE(Fixture)                                                                \
  INSTANTIATE_TEST_SUITE_P(                                                                            \
      AllEngines, Fixture,                                                                             \
      ::testing::Values(::chancery::storage::Engine::kSqlite, ::chancery::storage::Engine::kPostgres), \
      ::chancery::testing::EngineTestName)
