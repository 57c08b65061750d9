#include "modules/directory/directory_store.hpp"

#include "storage/sql_text.hpp"

#include <algorithm>
#include <map>

namespace chancery::directory {
namespace {

using storage::Row;
using storage::Rows;
using storage::Transaction;
using storage::Value;

constexpr const char* kUnitColumns =
    "SELECT id, code, parent_id, kind, name_en, name_vi, city, country, region, time_zone, languages, latitude, "
    "longitude, address, phone, email, website, created_at, updated_at FROM units";

std::optional<double> OptionalDouble(const Row& row, std::size_t index) {
  if (row.IsNull(index)) return std::nullopt;
  return row.Double(index);
}

Unit UnitFromRow(const Row& row) {
  Unit unit;
  unit.id = row.Int(0);
  unit.code = row.Text(1);
  unit.parent_id = row.OptionalInt(2);
  unit.kind = ParseUnitKind(row.Text(3)).value_or(UnitKind::kEmbassy);
  unit.name_en = row.Text(4);
  unit.name_vi = row.Text(5);
  unit.city = row.Text(6);
  unit.country = row.Text(7);
  unit.region = row.Text(8);
  unit.time_zone = row.Text(9);
  unit.languages = storage::SplitList(row.Text(10));
  unit.latitude = OptionalDouble(row, 11);
  unit.longitude = OptionalDouble(row, 12);
  unit.address = row.Text(13);
  unit.phone = row.Text(14);
  unit.email = row.Text(15);
  unit.website = row.Text(16);
  unit.created_at_ms = row.Int(17);
  unit.updated_at_ms = row.Int(18);
  return unit;
}

// Loads jurisdiction rows for the given units (all units when `unit_id` is nullopt).
Status FillJurisdictions(Transaction& transaction, std::vector<Unit>& units, std::optional<std::int64_t> unit_id) {
  std::string sql = "SELECT unit_id, country, is_primary FROM unit_jurisdictions";
  std::vector<Value> params;
  if (unit_id) {
    sql += " WHERE unit_id = ?";
    params.emplace_back(*unit_id);
  }
  sql += " ORDER BY unit_id, is_primary DESC, country";
  CHANCERY_ASSIGN_OR_RETURN(Rows rows, transaction.Query(sql, params));
  std::map<std::int64_t, Unit*> by_id;
  for (Unit& unit : units) by_id[unit.id] = &unit;
  for (const Row& row : rows) {
    auto found = by_id.find(row.Int(0));
    if (found != by_id.end()) found->second->jurisdiction.push_back({row.Text(1), row.Bool(2)});
  }
  return Status::Ok();
}

Result<std::optional<Unit>> FindOne(Transaction& transaction, const std::string& where, const Value& key) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Row> row,
                            transaction.QueryOptional(std::string(kUnitColumns) + " WHERE " + where, {key}));
  if (!row) return std::optional<Unit>();
  std::vector<Unit> units = {UnitFromRow(*row)};
  CHANCERY_TRY(FillJurisdictions(transaction, units, units.front().id));
  return std::optional<Unit>(std::move(units.front()));
}

std::vector<Value> UnitParams(const Unit& unit) {
  return {unit.code,
          storage::Nullable(unit.parent_id),
          std::string(UnitKindName(unit.kind)),
          unit.name_en,
          unit.name_vi,
          unit.city,
          unit.country,
          unit.region,
          unit.time_zone,
          storage::JoinList(unit.languages),
          storage::Nullable(unit.latitude),
          storage::Nullable(unit.longitude),
          unit.address,
          unit.phone,
          unit.email,
          unit.website};
}

RosterEntry RosterFromRow(const Row& row) {
  RosterEntry entry;
  entry.id = row.Int(0);
  entry.user_id = row.Int(1);
  entry.role = ParseRosterRole(row.Text(2)).value_or(RosterRole::kBackup);
  entry.starts_at_ms = row.Int(3);
  entry.ends_at_ms = row.Int(4);
  return entry;
}

}  // namespace

Result<std::vector<Unit>> DirectoryStore::ListUnits(Transaction& transaction) const {
  CHANCERY_ASSIGN_OR_RETURN(Rows rows, transaction.Query(std::string(kUnitColumns) + " ORDER BY id"));
  std::vector<Unit> units;
  units.reserve(rows.size());
  for (const Row& row : rows) units.push_back(UnitFromRow(row));
  CHANCERY_TRY(FillJurisdictions(transaction, units, std::nullopt));
  return units;
}

Result<std::optional<Unit>> DirectoryStore::FindUnit(Transaction& transaction, std::int64_t unit_id) const {
  return FindOne(transaction, "id = ?", unit_id);
}

Result<std::optional<Unit>> DirectoryStore::FindUnitByCode(Transaction& transaction, const std::string& code) const {
  return FindOne(transaction, "code = ?", code);
}

Result<std::int64_t> DirectoryStore::InsertUnit(Transaction& transaction, const Unit& unit, std::int64_t now_ms) const {
  std::vector<Value> params = UnitParams(unit);
  params.emplace_back(now_ms);
  params.emplace_back(now_ms);
  CHANCERY_ASSIGN_OR_RETURN(
      Row row, transaction.QueryOne("INSERT INTO units (code, parent_id, kind, name_en, name_vi, city, country, "
                                    "region, time_zone, languages, latitude, longitude, address, phone, email, "
                                    "website, created_at, updated_at) "
                                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                    params));
  return row.Int(0);
}

Status DirectoryStore::UpdateUnit(Transaction& transaction, const Unit& unit, std::int64_t now_ms) const {
  std::vector<Value> params = UnitParams(unit);
  params.emplace_back(now_ms);
  params.emplace_back(unit.id);
  CHANCERY_ASSIGN_OR_RETURN(
      std::int64_t changed,
      transaction.Execute("UPDATE units SET code = ?, parent_id = ?, kind = ?, name_en = ?, name_vi = ?, city = ?, "
                          "country = ?, region = ?, time_zone = ?, languages = ?, latitude = ?, longitude = ?, "
                          "address = ?, phone = ?, email = ?, website = ?, updated_at = ? WHERE id = ?",
                          params));
  if (changed == 0) return NotFound("unit " + std::to_string(unit.id) + " does not exist");
  return Status::Ok();
}

Status DirectoryStore::ReplaceJurisdiction(Transaction& transaction, std::int64_t unit_id,
                                           const std::vector<Jurisdiction>& jurisdiction) const {
  CHANCERY_TRY(transaction.Execute("DELETE FROM unit_jurisdictions WHERE unit_id = ?", {unit_id}));
  for (const Jurisdiction& entry : jurisdiction) {
    CHANCERY_TRY(transaction.Execute("INSERT INTO unit_jurisdictions (unit_id, country, is_primary) VALUES (?, ?, ?)",
                                     {unit_id, entry.country, std::int64_t{entry.primary ? 1 : 0}}));
  }
  return Status::Ok();
}

Result<std::optional<Unit>> DirectoryStore::PrimaryMissionOf(Transaction& transaction, const std::string& country,
                                                             std::int64_t excluding_unit_id) const {
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      transaction.QueryOptional("SELECT unit_id FROM unit_jurisdictions WHERE country = ? AND is_primary = 1 "
                                "AND unit_id <> ?",
                                {country, excluding_unit_id}));
  if (!row) return std::optional<Unit>();
  return FindUnit(transaction, row->Int(0));
}

Result<std::vector<RosterEntry>> DirectoryStore::ListRoster(Transaction& transaction, std::int64_t unit_id) const {
  CHANCERY_ASSIGN_OR_RETURN(
      Rows rows, transaction.Query("SELECT id, user_id, role, starts_at, ends_at FROM duty_roster WHERE unit_id = ? "
                                   "ORDER BY starts_at, role DESC, id",
                                   {unit_id}));
  std::vector<RosterEntry> entries;
  for (const Row& row : rows) entries.push_back(RosterFromRow(row));
  return entries;
}

Result<std::vector<RosterEntry>> DirectoryStore::RosterCovering(Transaction& transaction, std::int64_t unit_id,
                                                                std::int64_t at_ms) const {
  // 'primary' sorts after 'backup', hence role DESC puts the primary first.
  CHANCERY_ASSIGN_OR_RETURN(
      Rows rows, transaction.Query("SELECT id, user_id, role, starts_at, ends_at FROM duty_roster WHERE unit_id = ? "
                                   "AND starts_at <= ? AND ends_at > ? ORDER BY role DESC, starts_at, id",
                                   {unit_id, at_ms, at_ms}));
  std::vector<RosterEntry> entries;
  for (const Row& row : rows) entries.push_back(RosterFromRow(row));
  return entries;
}

Status DirectoryStore::ReplaceRoster(Transaction& transaction, std::int64_t unit_id,
                                     const std::vector<RosterEntry>& entries) const {
  CHANCERY_TRY(transaction.Execute("DELETE FROM duty_roster WHERE unit_id = ?", {unit_id}));
  for (const RosterEntry& entry : entries) {
    CHANCERY_TRY(transaction.Execute(
        "INSERT INTO duty_roster (unit_id, user_id, role, starts_at, ends_at) VALUES (?, ?, ?, ?, ?)",
        {unit_id, entry.user_id, std::string(RosterRoleName(entry.role)), entry.starts_at_ms, entry.ends_at_ms}));
  }
  return Status::Ok();
}

}  // namespace chancery::directory
