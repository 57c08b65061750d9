// The DbTest fixture and the main() of every `*_dbtest` executable.
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "fmt/format.h"
#include "spdlog/spdlog.h"
#include "storage/migrator.hpp"
#include "support/db_test.hpp"

namespace chancery::testing {
namespace {

const char* Environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

// Quotes a value for a keyword=value conninfo string.
std::string QuoteConninfoValue(std::string_view value) {
  std::string quoted = "'";
  for (char character : value) {
    if (character == '\'' || character == '\\') quoted += '\\';
    quoted += character;
  }
  return quoted + "'";
}

// Rewrites `conninfo` (keyword=value or URI) as keyword=value with `options=-csearch_path=<schema>` added.
Result<std::string> WithSearchPath(const std::string& conninfo, const std::string& schema) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (options == nullptr) {
    std::string message = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    return InvalidArgument(fmt::format("CHANCERY_TEST_POSTGRES is not a valid conninfo: {}", message));
  }
  std::string result;
  std::string extra_options = "-csearch_path=" + schema;
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    if (std::string_view(option->keyword) == "options") {
      extra_options = std::string(option->val) + " " + extra_options;
      continue;
    }
    result += fmt::format("{}={} ", option->keyword, QuoteConninfoValue(option->val));
  }
  PQconninfoFree(options);
  return result + "options=" + QuoteConninfoValue(extra_options);
}

// Runs one administrative statement on its own connection (schema creation and removal).
Status RunAdminStatement(const std::string& conninfo, const std::string& sql) {
  PGconn* connection = PQconnectdb(conninfo.c_str());
  Status status;
  if (PQstatus(connection) != CONNECTION_OK) {
    status = Unavailable(fmt::format("cannot connect to CHANCERY_TEST_POSTGRES: {}", PQerrorMessage(connection)));
  } else {
    PQsetNoticeProcessor(
        connection, [](void*, const char*) {}, nullptr);  // "drop cascades to ..." is expected
    PGresult* result = PQexec(connection, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
      status = Internal(fmt::format("{} failed: {}", sql, PQresultErrorMessage(result)));
    }
    PQclear(result);
  }
  PQfinish(connection);
  return status;
}

std::string UniqueSuffix() {
  static std::atomic<int> counter{0};
  std::random_device random;
  return fmt::format("{}_{}_{:08x}", getpid(), counter++, random());
}

}  // namespace

std::string EngineTestName(const ::testing::TestParamInfo<storage::Engine>& info) {
  return info.param == storage::Engine::kSqlite ? "Sqlite" : "Postgres";
}

void DbTest::SetUp() {
  if (engine() == storage::Engine::kSqlite) {
    sqlite_path_ = (std::filesystem::temp_directory_path() / fmt::format("chancery_test_{}.db", UniqueSuffix()));
    auto opened = storage::OpenSqlite({.path = sqlite_path_});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    database_ = std::move(opened).value();
  } else {
    const char* conninfo = Environment("CHANCERY_TEST_POSTGRES");
    if (conninfo == nullptr) {
      if (const char* only = Environment("CHANCERY_TEST_SQLITE_ONLY"); only != nullptr && std::string(only) == "1") {
        GTEST_SKIP() << "PostgreSQL skipped: CHANCERY_TEST_SQLITE_ONLY=1";
      }
      GTEST_FAIL() << "CHANCERY_TEST_POSTGRES is not set: every database test must also run on PostgreSQL. "
                      "Start one with `scripts/pg-temp.sh start /tmp/chancery-pg 55432` and export the conninfo it "
                      "prints, or set CHANCERY_TEST_SQLITE_ONLY=1 for a quick local run.";
    }
    postgres_schema_ = "chancery_test_" + UniqueSuffix();
    Status created = RunAdminStatement(conninfo, fmt::format("CREATE SCHEMA {}", postgres_schema_));
    ASSERT_TRUE(created.ok()) << created.ToString();
    auto with_schema = WithSearchPath(conninfo, postgres_schema_);
    ASSERT_TRUE(with_schema.ok()) << with_schema.status().ToString();
    conninfo_ = *with_schema;
    auto opened = storage::OpenPostgres({.conninfo = conninfo_});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    database_ = std::move(opened).value();
  }
  Status migrated = storage::Migrate(*database_, storage::EmbeddedMigrations());
  ASSERT_TRUE(migrated.ok()) << migrated.ToString();
}

void DbTest::TearDown() {
  database_.reset();  // closes every connection before the data goes away
  if (!sqlite_path_.empty()) {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(sqlite_path_ + suffix, ignored);
  }
  if (!postgres_schema_.empty()) {
    Status dropped = RunAdminStatement(Environment("CHANCERY_TEST_POSTGRES"),
                                       fmt::format("DROP SCHEMA IF EXISTS {} CASCADE", postgres_schema_));
    EXPECT_TRUE(dropped.ok()) << dropped.ToString();
  }
}

Result<std::unique_ptr<storage::Database>> DbTest::OpenPeer() const {
  if (engine() == storage::Engine::kSqlite) return storage::OpenSqlite({.path = sqlite_path_});
  return storage::OpenPostgres({.conninfo = conninfo_});
}

}  // namespace chancery::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  // Migrations log each step at info; keep test output to failures unless asked.
  if (std::getenv("CHANCERY_TEST_VERBOSE") == nullptr) spdlog::set_level(spdlog::level::warn);
  return RUN_ALL_TESTS();
}
