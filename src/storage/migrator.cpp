// Applies per-module migrations; see migrator.hpp for the contract.
//
// Each pending migration runs in its own write transaction together with its schema_migrations row, so a failed
// migration leaves no trace and a crash never records a migration that did not apply. On engines with advisory
// locks (PostgreSQL), every migration transaction first takes one database-wide lock and re-checks the recorded
// versions under it, so that several nodes starting at once apply each migration exactly once.
#include <map>
#include <set>

#include "core/clock.hpp"
#include "fmt/format.h"
#include "fmt/ranges.h"
#include "spdlog/spdlog.h"
#include "storage/migrator.hpp"

namespace chancery::storage {
namespace {

// An arbitrary constant key for pg_advisory_xact_lock, shared by every node running Chancery's migrations.
constexpr std::int64_t kMigrationLockKey = 0x6368616e63657279;  // "chancery"

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at BIGINT NOT NULL,"
    " PRIMARY KEY (module, version))";

// module → version → the migration chosen for this engine.
using MigrationPlan = std::map<std::string, std::map<int, const Migration*>>;
// module → applied versions.
using AppliedVersions = std::map<std::string, std::set<int>>;

const char* EngineSuffix(Engine engine) { return engine == Engine::kSqlite ? "sqlite" : "postgres"; }

// Picks, per (module, version), the variant for this engine or else the generic one.
Result<MigrationPlan> Plan(Engine engine, const std::vector<Migration>& migrations) {
  MigrationPlan plan;
  std::set<std::tuple<std::string, int, std::string>> seen;
  for (const Migration& migration : migrations) {
    if (migration.version <= 0) {
      return InvalidArgument(
          fmt::format("migration {} {} has a non-positive version", migration.module, migration.version));
    }
    if (!seen.emplace(migration.module, migration.version, migration.engine).second) {
      return InvalidArgument(fmt::format("migration {} {} is defined twice for engine '{}'", migration.module,
                                         migration.version, migration.engine));
    }
    bool for_this_engine = migration.engine == EngineSuffix(engine);
    if (!migration.engine.empty() && !for_this_engine) continue;
    const Migration*& chosen = plan[migration.module][migration.version];
    if (chosen == nullptr || for_this_engine) chosen = &migration;
  }
  return plan;
}

Status LockIfSupported(Database& database, Transaction& transaction) {
  if (!database.capabilities().supports_advisory_locks) return Status::Ok();
  return transaction.Query("SELECT pg_advisory_xact_lock(?)", {kMigrationLockKey}).status();
}

Status EnsureTable(Database& database) {
  return database.Write("migrate.ensure_table", [&](Transaction& transaction) {
    CHANCERY_TRY(LockIfSupported(database, transaction));
    return transaction.ExecuteScript(kCreateTable);
  });
}

Result<AppliedVersions> ReadApplied(Transaction& transaction) {
  CHANCERY_ASSIGN_OR_RETURN(Rows rows, transaction.Query("SELECT module, version FROM schema_migrations"));
  AppliedVersions applied;
  for (const Row& row : rows) applied[row.Text(0)].insert(static_cast<int>(row.Int(1)));
  return applied;
}

// Fails when the database holds, for some module, versions this binary does not know.
Status CheckNothingNewer(const MigrationPlan& plan, const AppliedVersions& applied) {
  std::vector<std::string> problems;
  for (const auto& [module, versions] : applied) {
    auto known = plan.find(module);
    std::vector<int> unknown;
    for (int version : versions) {
      if (known == plan.end() || !known->second.contains(version)) unknown.push_back(version);
    }
    if (!unknown.empty()) {
      int known_version = known == plan.end() ? 0 : known->second.rbegin()->first;
      problems.push_back(fmt::format("module {} has version(s) {} but this binary knows up to {}", module,
                                     fmt::join(unknown, ", "), known_version));
    }
  }
  if (problems.empty()) return Status::Ok();
  return FailedPrecondition(fmt::format("database schema is newer than this binary: {}", fmt::join(problems, "; ")));
}

Status ApplyOne(Database& database, const MigrationPlan& plan, const Migration& migration) {
  std::string name = fmt::format("migrate.{}.{:04}", migration.module, migration.version);
  return database.Write(name, [&](Transaction& transaction) -> Status {
    CHANCERY_TRY(LockIfSupported(database, transaction));
    // Another node may have migrated while we waited for the lock: look again under it.
    CHANCERY_ASSIGN_OR_RETURN(AppliedVersions applied, ReadApplied(transaction));
    CHANCERY_TRY(CheckNothingNewer(plan, applied));
    if (applied[migration.module].contains(migration.version)) return Status::Ok();
    Status status = transaction.ExecuteScript(migration.sql);
    if (!status.ok()) {
      return Status(status.code(), fmt::format("migration {} {}_{} failed: {}", migration.module, migration.version,
                                               migration.name, status.message()));
    }
    CHANCERY_TRY(
        transaction
            .Execute("INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (?, ?, ?, ?)",
                     {migration.module, std::int64_t{migration.version}, migration.name, SystemClock().NowMs()})
            .status());
    spdlog::info("applied migration {} {:04}_{}", migration.module, migration.version, migration.name);
    return Status::Ok();
  });
}

// Reads the applied versions without writing, for inspection. A database never migrated has no
// schema_migrations table; the engines report that as kInternal ("no such table"), which here means "nothing
// applied yet", while kUnavailable (database down) still propagates.
Result<AppliedVersions> ReadAppliedIn(Database& database) {
  AppliedVersions applied;
  Status status = database.Read("migrate.inspect", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(applied, ReadApplied(transaction));
    return Status::Ok();
  });
  if (status.code() == StatusCode::kInternal) return AppliedVersions();
  if (!status.ok()) return status;
  return applied;
}

}  // namespace

Status Migrate(Database& database, const std::vector<Migration>& migrations) {
  CHANCERY_ASSIGN_OR_RETURN(MigrationPlan plan, Plan(database.engine(), migrations));
  CHANCERY_TRY(EnsureTable(database));
  CHANCERY_ASSIGN_OR_RETURN(AppliedVersions applied, ReadAppliedIn(database));
  CHANCERY_TRY(CheckNothingNewer(plan, applied));
  // std::map keeps modules in alphabetical order and versions ascending.
  for (const auto& [module, versions] : plan) {
    for (const auto& [version, migration] : versions) {
      if (applied[module].contains(version)) continue;
      CHANCERY_TRY(ApplyOne(database, plan, *migration));
    }
  }
  return Status::Ok();
}

Result<std::vector<MigrationState>> InspectMigrations(Database& database, const std::vector<Migration>& migrations) {
  CHANCERY_ASSIGN_OR_RETURN(MigrationPlan plan, Plan(database.engine(), migrations));
  CHANCERY_ASSIGN_OR_RETURN(AppliedVersions applied, ReadAppliedIn(database));
  std::map<std::string, MigrationState> states;
  for (const auto& [module, versions] : plan) {
    states[module].known_version = versions.rbegin()->first;
  }
  for (const auto& [module, versions] : applied) {
    if (!versions.empty()) states[module].applied_version = *versions.rbegin();
  }
  std::vector<MigrationState> result;
  for (auto& [module, state] : states) {
    state.module = module;
    result.push_back(std::move(state));
  }
  return result;
}

Status CheckSchemaCurrent(Database& database, const std::vector<Migration>& migrations) {
  CHANCERY_ASSIGN_OR_RETURN(MigrationPlan plan, Plan(database.engine(), migrations));
  CHANCERY_ASSIGN_OR_RETURN(AppliedVersions applied, ReadAppliedIn(database));
  CHANCERY_TRY(CheckNothingNewer(plan, applied));
  std::vector<std::string> pending;
  for (const auto& [module, versions] : plan) {
    for (const auto& [version, migration] : versions) {
      if (!applied[module].contains(version)) pending.push_back(fmt::format("{} {}", module, version));
    }
  }
  if (pending.empty()) return Status::Ok();
  return FailedPrecondition(fmt::format("database schema is behind: pending migrations {}", fmt::join(pending, ", ")));
}

}  // namespace chancery::storage
