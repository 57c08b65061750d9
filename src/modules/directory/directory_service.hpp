// DirectoryService: the directory's domain rules. Lists and searches units, creates and edits them with
// validation, keeps one primary mission per country, replaces duty rosters, answers who is on call, lists staff
// (from identity) and imports and exports the units as CSV.
//
// Contract: callers authorise first (directory_api.cpp does, with the Authorizer); the service validates, writes,
// and appends the audit entry in the same transaction as the change. After each committed change the shared
// UnitTree is reloaded. Errors: kInvalidArgument (with the field), kNotFound, kConflict (e.g. a country's
// primary mission is taken, naming the holder), kAlreadyExists (a code is taken).
//
// Thread-safety: safe for concurrent use; it holds no mutable state of its own besides the UnitTree, which is
// itself thread-safe. Calls block on the database: run them on a worker thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/status.hpp"
#include "modules/audit/audit.hpp"
#include "modules/directory/directory.hpp"
#include "modules/directory/directory_store.hpp"
#include "modules/directory/unit_tree.hpp"
#include "modules/identity/identity.hpp"
#include "storage/database.hpp"

namespace chancery::directory {

class DirectoryService {
 public:
  DirectoryService(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                   identity::IdentityService& identity, std::shared_ptr<UnitTree> tree);

  // Units matching the filter, ordered by kind (ministry, HQ, missions) and then English name.
  Result<std::vector<Unit>> ListUnits(const UnitFilter& filter);
  Result<Unit> GetUnit(std::int64_t unit_id);
  Result<Unit> CreateUnit(const UnitChanges& changes, const identity::ActionContext& context);
  Result<Unit> UpdateUnit(std::int64_t unit_id, const UnitChanges& changes, const identity::ActionContext& context);

  // Staff of a unit with decrypted contacts; audits one "personal_data.read" entry for the listing.
  Result<std::vector<StaffMember>> ListStaff(std::int64_t unit_id, const identity::ActionContext& context);
  Result<std::size_t> StaffCount(std::int64_t unit_id);

  Result<std::vector<RosterEntry>> GetRoster(std::int64_t unit_id);
  // Replaces the whole roster. Every user must be an enabled member of the unit; every interval must end after it
  // starts and last at most 31 days; primary shifts must not overlap each other.
  Result<std::vector<RosterEntry>> ReplaceRoster(std::int64_t unit_id, std::vector<RosterEntry> entries,
                                                 const identity::ActionContext& context);
  // Who is on call at `at_ms` (the clock's now when nullopt), with the unit's local time.
  Result<OnCall> OnCallAt(std::int64_t unit_id, std::optional<std::int64_t> at_ms = std::nullopt);

  // Every ISO country with its names in Vietnamese and English and the missions covering it.
  Result<std::vector<CountryInfo>> ListCountries();

  // Upserts units by code from CSV (format in README.md); parents are applied before children whatever the row
  // order. With kAllOrNothing any error rolls everything back. Audited as "directory.imported".
  Result<ImportReport> ImportCsv(std::string_view csv, ImportMode mode, const identity::ActionContext& context);
  // Every unit as CSV, in the import format. Audited as "directory.exported".
  Result<std::string> ExportCsv(const identity::ActionContext& context);

 private:
  // Validates `unit` against the rules that need the database and writes it (insert when id == 0).
  Result<std::int64_t> SaveUnit(storage::Transaction& transaction, Unit unit, bool replace_jurisdiction);
  Status CheckPrimaryCountries(storage::Transaction& transaction, const Unit& unit);
  audit::AuditEvent Event(const identity::ActionContext& context, std::string action,
                          std::optional<std::int64_t> unit_id) const;
  void ReloadTree();

  storage::Database& database_;
  const Clock& clock_;
  audit::AuditLog& audit_;
  identity::IdentityService& identity_;
  std::shared_ptr<UnitTree> tree_;
  DirectoryStore store_;
};

// Applies `changes` on top of `unit` (a default Unit for a creation).
void ApplyChanges(const UnitChanges& changes, Unit& unit);

}  // namespace chancery::directory
