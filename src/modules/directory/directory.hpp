// Directory: the public face of the directory module. The ministry's org units (the ministry itself, HQ
// departments and missions abroad), each with its country jurisdiction, city, time zone and languages; its staff
// (from identity) and its duty roster.
//
// Other modules use these plain value types and DirectoryService (directory_service.hpp); HTTP routes live in
// directory_api.cpp and the wiring in directory_module.cpp.
//
// Thread-safety: the types here are plain values, safe to copy between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chancery::directory {

enum class UnitKind { kMinistry, kHqDepartment, kEmbassy, kConsulateGeneral, kConsulate, kPermanentMission };

// "ministry", "hq_department", "embassy", "consulate_general", "consulate", "permanent_mission".
const char* UnitKindName(UnitKind kind);
std::optional<UnitKind> ParseUnitKind(std::string_view name);
// Embassies, consulates and permanent missions: the units abroad.
bool IsMission(UnitKind kind);

struct Jurisdiction {
  std::string country;  // ISO 3166-1 alpha-2
  bool primary = false;
  bool operator==(const Jurisdiction&) const = default;
};

struct Unit {
  std::int64_t id = 0;
  std::string code;  // stable external key, e.g. "EMB-FR"; CSV imports upsert by it
  std::optional<std::int64_t> parent_id;
  UnitKind kind = UnitKind::kEmbassy;
  std::string name_en;
  std::string name_vi;
  std::string city;
  std::string country;                 // where the unit sits
  std::string region;                  // derived from kind and country (see regions.hpp)
  std::string time_zone;               // IANA, e.g. "Europe/Paris"
  std::vector<std::string> languages;  // BCP 47, e.g. {"fr", "en"}
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::string address;
  std::string phone;
  std::string email;
  std::string website;
  std::vector<Jurisdiction> jurisdiction;  // primary countries first, then by country code
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

// What a create or an edit supplies. For an edit, unset fields keep their value.
struct UnitChanges {
  std::optional<std::string> code;
  std::optional<std::optional<std::int64_t>> parent_id;
  std::optional<UnitKind> kind;
  std::optional<std::string> name_en;
  std::optional<std::string> name_vi;
  std::optional<std::string> city;
  std::optional<std::string> country;
  std::optional<std::string> time_zone;
  std::optional<std::vector<std::string>> languages;
  std::optional<std::optional<double>> latitude;
  std::optional<std::optional<double>> longitude;
  std::optional<std::string> address;
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::optional<std::string> website;
  std::optional<std::vector<Jurisdiction>> jurisdiction;  // replaces the whole list
};

struct UnitFilter {
  std::string query;  // matches names (both languages) and city, accent- and case-insensitively
  std::optional<UnitKind> kind;
  std::string country;  // the unit's own country or one of its jurisdiction countries
  std::string region;
};

enum class RosterRole { kPrimary, kBackup };
const char* RosterRoleName(RosterRole role);
std::optional<RosterRole> ParseRosterRole(std::string_view name);

struct RosterEntry {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string display_name;  // filled on reads from identity
  RosterRole role = RosterRole::kPrimary;
  std::int64_t starts_at_ms = 0;
  std::int64_t ends_at_ms = 0;
};

struct OnCall {
  std::int64_t unit_id = 0;
  std::string time_zone;
  std::string local_time;  // ISO 8601 with the zone's offset, e.g. "2026-11-28T23:15:00+01:00"
  std::int64_t at_ms = 0;
  std::vector<RosterEntry> entries;  // covering `at_ms`, primary first
};

struct StaffMember {
  std::int64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::string title;
  std::string email;
  std::string phone;
};

struct CountryInfo {
  std::string code;
  std::string name_en;
  std::string name_vi;
  std::optional<std::int64_t> primary_mission_id;
  std::vector<std::int64_t> missions;  // every unit whose jurisdiction includes the country
};

struct ImportError {
  int line = 0;  // 1-based line of the CSV record (the header is line 1)
  std::string message;
};

struct ImportReport {
  int created = 0;
  int updated = 0;
  std::vector<ImportError> errors;
  bool committed = false;  // false when errors rolled the whole import back
};

enum class ImportMode { kAllOrNothing, kPartial };

}  // namespace chancery::directory
