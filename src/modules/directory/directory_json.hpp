// JSON shapes of the directory API (docs/api.md, "Directory"): units, staff, rosters, on-call and countries out;
// unit changes and roster entries in. Parsing fails with kInvalidArgument naming the field by JSON pointer, and
// rejects unknown fields so that a misspelt field is an error rather than silently ignored.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "modules/directory/directory.hpp"

namespace chancery::directory {

enum class UnitView { kPublic, kWithContacts };

boost::json::object UnitToJson(const Unit& unit, UnitView view);
boost::json::object StaffToJson(const StaffMember& member);
boost::json::object RosterEntryToJson(const RosterEntry& entry);
boost::json::object OnCallToJson(const OnCall& on_call);
boost::json::object CountryToJson(const CountryInfo& country);
boost::json::object ImportReportToJson(const ImportReport& report);

// A POST /units or PATCH /units/:id body.
Result<UnitChanges> ParseUnitChanges(const boost::json::object& body);
// A PUT /units/:id/roster body: {entries:[{user_id, role, starts_at, ends_at}]}, times as ISO 8601 strings.
Result<std::vector<RosterEntry>> ParseRosterEntries(const boost::json::object& body);

// "2026-11-28T09:15:00Z", "2026-11-28T09:15:00.123+07:00" → Unix ms; nullopt when malformed.
std::optional<std::int64_t> ParseIsoTime(std::string_view text);

}  // namespace chancery::directory
