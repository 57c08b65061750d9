// Migrations on every engine: variant selection, idempotence, refusal of a newer schema, concurrent nodes.
#include <gtest/gtest.h>

#include <thread>

#include "storage/migrator.hpp"
#include "support/db_test.hpp"

namespace chancery::storage {
namespace {

using ::chancery::testing::DbTest;

// A test-only module; real modules keep theirs in src/modules/<module>/migrations/.
std::vector<Migration> TestMigrations() {
  std::vector<Migration> migrations = EmbeddedMigrations();
  migrations.push_back({"zz_storage_test", 1, "create_notes", "",
                        "CREATE TABLE zz_notes (id BIGINT PRIMARY KEY, body TEXT NOT NULL);"
                        "CREATE TABLE zz_engine (name TEXT NOT NULL);"});
  migrations.push_back({"zz_storage_test", 2, "engine_marker", "", "INSERT INTO zz_engine VALUES ('generic');"});
  migrations.push_back({"zz_storage_test", 2, "engine_marker", "sqlite", "INSERT INTO zz_engine VALUES ('sqlite');"});
  migrations.push_back(
      {"zz_storage_test", 2, "engine_marker", "postgres", "INSERT INTO zz_engine VALUES ('postgres');"});
  migrations.push_back({"zz_storage_test", 3, "generic_only", "", "INSERT INTO zz_notes VALUES (1, 'three');"});
  return migrations;
}

class MigratorTest : public DbTest {
 protected:
  Result<Rows> Select(const std::string& sql) {
    Rows rows;
    CHANCERY_TRY(db().Read("test.select", [&](Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(rows, transaction.Query(sql));
      return Status::Ok();
    }));
    return rows;
  }
};
CHANCERY_DB_TEST_SUITE(MigratorTest);

TEST_P(MigratorTest, EmbeddedMigrationsAreCurrentAfterSetUp) {
  EXPECT_TRUE(CheckSchemaCurrent(db(), EmbeddedMigrations()).ok());
}

TEST_P(MigratorTest, AppliesTheEngineVariantOnceAndIsIdempotent) {
  EXPECT_EQ(CheckSchemaCurrent(db(), TestMigrations()).code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(Migrate(db(), TestMigrations()).ok());
  Status again = Migrate(db(), TestMigrations());
  ASSERT_TRUE(again.ok()) << again.ToString();

  auto markers = Select("SELECT name FROM zz_engine");
  ASSERT_TRUE(markers.ok()) << markers.status().ToString();
  ASSERT_EQ(markers->size(), 1u);
  EXPECT_EQ((*markers)[0].Text(0), engine() == Engine::kSqlite ? "sqlite" : "postgres");
  auto notes = Select("SELECT body FROM zz_notes");
  ASSERT_TRUE(notes.ok());
  ASSERT_EQ(notes->size(), 1u);
  auto recorded = Select(
      "SELECT version, name, applied_at FROM schema_migrations "
      "WHERE module = 'zz_storage_test' ORDER BY version");
  ASSERT_TRUE(recorded.ok());
  ASSERT_EQ(recorded->size(), 3u);
  EXPECT_EQ((*recorded)[1].Int(0), 2);
  EXPECT_EQ((*recorded)[1].Text(1), "engine_marker");
  EXPECT_GT((*recorded)[1].Int(2), 0);

  EXPECT_TRUE(CheckSchemaCurrent(db(), TestMigrations()).ok());
  auto states = InspectMigrations(db(), TestMigrations());
  ASSERT_TRUE(states.ok());
  auto state = std::find_if(states->begin(), states->end(),
                            [](const MigrationState& s) { return s.module == "zz_storage_test"; });
  ASSERT_NE(state, states->end());
  EXPECT_EQ(state->applied_version, 3);
  EXPECT_EQ(state->known_version, 3);
}

TEST_P(MigratorTest, AFailingMigrationLeavesNoTrace) {
  std::vector<Migration> migrations = EmbeddedMigrations();
  migrations.push_back(
      {"zz_storage_test", 1, "broken", "", "CREATE TABLE zz_half (id BIGINT); INSERT INTO no_such_table VALUES (1);"});
  EXPECT_FALSE(Migrate(db(), migrations).ok());
  EXPECT_FALSE(Select("SELECT id FROM zz_half").ok()) << "the migration's first statement must be rolled back";
  auto recorded = Select("SELECT version FROM schema_migrations WHERE module = 'zz_storage_test'");
  ASSERT_TRUE(recorded.ok());
  EXPECT_TRUE(recorded->empty());
}

TEST_P(MigratorTest, RefusesADatabaseNewerThanTheBinary) {
  ASSERT_TRUE(Migrate(db(), TestMigrations()).ok());
  Status recorded = db().Write("test.future", [](Transaction& transaction) {
    return transaction
        .Execute("INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (?, ?, ?, ?)",
                 {"zz_storage_test", std::int64_t{99}, "from_the_future", std::int64_t{0}})
        .status();
  });
  ASSERT_TRUE(recorded.ok()) << recorded.ToString();
  Status refused = Migrate(db(), TestMigrations());
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.message().find("zz_storage_test"), std::string::npos) << refused.message();
  EXPECT_NE(refused.message().find("99"), std::string::npos) << refused.message();
  EXPECT_EQ(CheckSchemaCurrent(db(), TestMigrations()).code(), StatusCode::kFailedPrecondition);
}

TEST_P(MigratorTest, RejectsDuplicateDefinitions) {
  std::vector<Migration> migrations = TestMigrations();
  migrations.push_back({"zz_storage_test", 3, "again", "", "SELECT 1;"});
  EXPECT_EQ(Migrate(db(), migrations).code(), StatusCode::kInvalidArgument);
}

TEST_P(MigratorTest, ConcurrentNodesApplyEachMigrationOnce) {
  constexpr int kNodes = 4;
  std::vector<std::unique_ptr<Database>> nodes;
  for (int node = 0; node < kNodes; ++node) {
    auto peer = OpenPeer();
    ASSERT_TRUE(peer.ok()) << peer.status().ToString();
    nodes.push_back(std::move(peer).value());
  }
  std::vector<Status> results(kNodes);
  std::vector<std::thread> threads;
  for (int node = 0; node < kNodes; ++node) {
    threads.emplace_back([&, node] { results[node] = Migrate(*nodes[node], TestMigrations()); });
  }
  for (std::thread& thread : threads) thread.join();
  for (const Status& result : results) EXPECT_TRUE(result.ok()) << result.ToString();
  auto markers = Select("SELECT name FROM zz_engine");
  ASSERT_TRUE(markers.ok());
  EXPECT_EQ(markers->size(), 1u) << "the data migration ran more than once";
}

}  // namespace
}  // namespace chancery::storage
