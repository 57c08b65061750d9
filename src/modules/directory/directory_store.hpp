// DirectoryStore: the directory's SQL, written once for SQLite and PostgreSQL, over a caller's transaction so
// that a change, its jurisdiction rows and its audit entry commit together.
//
// Contract: functions return kNotFound only where documented; a unique-key violation surfaces as kAlreadyExists
// and a check or foreign-key violation as kConflict (from the storage layer). Units come back with their
// jurisdiction filled in (primary countries first).
//
// Thread-safety: stateless; safe for concurrent use. Each Transaction belongs to its calling thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "modules/directory/directory.hpp"
#include "storage/database.hpp"

namespace chancery::directory {

class DirectoryStore {
 public:
  // Every unit, by id.
  Result<std::vector<Unit>> ListUnits(storage::Transaction& transaction) const;
  Result<std::optional<Unit>> FindUnit(storage::Transaction& transaction, std::int64_t unit_id) const;
  Result<std::optional<Unit>> FindUnitByCode(storage::Transaction& transaction, const std::string& code) const;

  // Inserts the unit (not its jurisdiction) and returns its id.
  Result<std::int64_t> InsertUnit(storage::Transaction& transaction, const Unit& unit, std::int64_t now_ms) const;
  Status UpdateUnit(storage::Transaction& transaction, const Unit& unit, std::int64_t now_ms) const;
  Status ReplaceJurisdiction(storage::Transaction& transaction, std::int64_t unit_id,
                             const std::vector<Jurisdiction>& jurisdiction) const;
  // The unit other than `excluding_unit_id` that holds `country` as its primary jurisdiction, if any.
  Result<std::optional<Unit>> PrimaryMissionOf(storage::Transaction& transaction, const std::string& country,
                                               std::int64_t excluding_unit_id) const;

  // The unit's roster by start time (display names are left empty).
  Result<std::vector<RosterEntry>> ListRoster(storage::Transaction& transaction, std::int64_t unit_id) const;
  // Entries with starts_at <= at_ms < ends_at, primary first.
  Result<std::vector<RosterEntry>> RosterCovering(storage::Transaction& transaction, std::int64_t unit_id,
                                                  std::int64_t at_ms) const;
  Status ReplaceRoster(storage::Transaction& transaction, std::int64_t unit_id,
                       const std::vector<RosterEntry>& entries) const;
};

}  // namespace chancery::directory
