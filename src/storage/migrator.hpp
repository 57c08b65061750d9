// Numbered, forward-only migrations per module, recorded in `schema_migrations`.
//
// Each module keeps its migrations in `src/modules/<module>/migrations/NNNN_description[.sqlite|.postgres].sql`.
// The build embeds them into the binary (see cmake/EmbedMigrations.cmake). A file without an engine suffix runs
// on both engines; a suffixed variant replaces it on its engine. A migration is never edited once landed.
//
// Thread-safety: functions are stateless; run them before serving.
#pragma once

#include <string>
#include <vector>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace chancery::storage {

struct Migration {
  std::string module;
  int version = 0;
  std::string name;
  std::string engine;  // "", "sqlite" or "postgres"
  std::string sql;
};

// Every migration compiled into this binary, all modules, all engine variants.
const std::vector<Migration>& EmbeddedMigrations();

struct MigrationState {
  std::string module;
  int applied_version = 0;  // highest applied
  int known_version = 0;    // highest in this binary
};

// Applies the pending migrations, each in its own transaction. Fails with kFailedPrecondition, naming the module,
// when the database holds a version newer than this binary knows.
Status Migrate(Database& database, const std::vector<Migration>& migrations);

// Reports per module what is applied and what is known; used by /readyz and `chancery migrate --status`.
Result<std::vector<MigrationState>> InspectMigrations(Database& database, const std::vector<Migration>& migrations);

// OK when every known migration is applied and nothing newer is present.
Status CheckSchemaCurrent(Database& database, const std::vector<Migration>& migrations);

}  // namespace chancery::storage
