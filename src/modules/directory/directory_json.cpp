#include "modules/directory/directory_json.hpp"

#include <charconv>
#include <ctime>
#include <set>
#include <string>

#include "core/clock.hpp"

namespace chancery::directory {
namespace {

namespace json = boost::json;

Status FieldError(std::string field, std::string message) {
  return InvalidArgument(std::move(message)).WithField(std::move(field));
}

json::value OptionalNumber(const std::optional<double>& value) {
  if (!value) return nullptr;
  return *value;
}

// A string field that may be empty (to clear it); nullopt when absent.
Result<std::optional<std::string>> ReadText(const json::object& body, const char* key, std::size_t max_bytes) {
  const json::value* value = body.if_contains(key);
  if (!value) return std::optional<std::string>();
  if (!value->is_string()) return FieldError(std::string("/") + key, std::string(key) + " must be a string");
  if (value->as_string().size() > max_bytes) {
    return FieldError(std::string("/") + key,
                      std::string(key) + " is longer than " + std::to_string(max_bytes) + " bytes");
  }
  return std::optional<std::string>(std::string(value->as_string()));
}

// A number or null; nullopt when absent.
Result<std::optional<std::optional<double>>> ReadCoordinate(const json::object& body, const char* key) {
  const json::value* value = body.if_contains(key);
  if (!value) return std::optional<std::optional<double>>();
  if (value->is_null()) return std::optional<std::optional<double>>(std::optional<double>());
  if (!value->is_number()) return FieldError(std::string("/") + key, std::string(key) + " must be a number or null");
  return std::optional<std::optional<double>>(value->to_number<double>());
}

Result<std::vector<Jurisdiction>> ReadJurisdiction(const json::value& value) {
  if (!value.is_array()) return FieldError("/jurisdiction", "jurisdiction must be an array");
  std::vector<Jurisdiction> jurisdiction;
  for (std::size_t index = 0; index < value.as_array().size(); ++index) {
    const json::value& item = value.as_array()[index];
    const std::string pointer = "/jurisdiction/" + std::to_string(index);
    if (!item.is_object()) return FieldError(pointer, "each jurisdiction entry must be an object");
    const json::value* country = item.as_object().if_contains("country");
    const json::value* primary = item.as_object().if_contains("primary");
    if (!country || !country->is_string()) return FieldError(pointer + "/country", "country must be a string");
    if (primary && !primary->is_bool()) return FieldError(pointer + "/primary", "primary must be true or false");
    jurisdiction.push_back({std::string(country->as_string()), primary && primary->as_bool()});
  }
  return jurisdiction;
}

}  // namespace

json::object UnitToJson(const Unit& unit, UnitView view) {
  json::array languages(unit.languages.begin(), unit.languages.end());
  json::array jurisdiction;
  for (const Jurisdiction& entry : unit.jurisdiction) {
    jurisdiction.push_back(json::object{{"country", entry.country}, {"primary", entry.primary}});
  }
  json::object out{{"id", unit.id},
                   {"code", unit.code},
                   {"parent_id", unit.parent_id ? json::value(*unit.parent_id) : json::value(nullptr)},
                   {"kind", UnitKindName(unit.kind)},
                   {"name_en", unit.name_en},
                   {"name_vi", unit.name_vi},
                   {"city", unit.city},
                   {"country", unit.country},
                   {"region", unit.region},
                   {"time_zone", unit.time_zone},
                   {"languages", std::move(languages)},
                   {"jurisdiction", std::move(jurisdiction)},
                   {"latitude", OptionalNumber(unit.latitude)},
                   {"longitude", OptionalNumber(unit.longitude)}};
  if (view == UnitView::kWithContacts) {
    out["contacts"] = json::object{
        {"address", unit.address}, {"phone", unit.phone}, {"email", unit.email}, {"website", unit.website}};
    out["updated_at"] = FormatIsoTime(unit.updated_at_ms);
  }
  return out;
}

json::object StaffToJson(const StaffMember& member) {
  return {{"user_id", member.user_id}, {"username", member.username}, {"display_name", member.display_name},
          {"title", member.title},     {"email", member.email},       {"phone", member.phone}};
}

json::object RosterEntryToJson(const RosterEntry& entry) {
  return {{"id", entry.id},
          {"user_id", entry.user_id},
          {"display_name", entry.display_name},
          {"role", RosterRoleName(entry.role)},
          {"starts_at", FormatIsoTime(entry.starts_at_ms)},
          {"ends_at", FormatIsoTime(entry.ends_at_ms)}};
}

json::object OnCallToJson(const OnCall& on_call) {
  json::array entries;
  for (const RosterEntry& entry : on_call.entries) entries.push_back(RosterEntryToJson(entry));
  return {{"unit_id", on_call.unit_id},
          {"at", FormatIsoTime(on_call.at_ms)},
          {"time_zone", on_call.time_zone},
          {"local_time", on_call.local_time},
          {"entries", std::move(entries)}};
}

json::object CountryToJson(const CountryInfo& country) {
  return {{"code", country.code},
          {"name_en", country.name_en},
          {"name_vi", country.name_vi},
          {"primary_mission_id",
           country.primary_mission_id ? json::value(*country.primary_mission_id) : json::value(nullptr)},
          {"missions", json::array(country.missions.begin(), country.missions.end())}};
}

json::object ImportReportToJson(const ImportReport& report) {
  json::array errors;
  for (const ImportError& error : report.errors) {
    errors.push_back(json::object{{"line", error.line}, {"message", error.message}});
  }
  return {{"created", report.created},
          {"updated", report.updated},
          {"committed", report.committed},
          {"errors", std::move(errors)}};
}

Result<UnitChanges> ParseUnitChanges(const json::object& body) {
  static const std::set<std::string, std::less<>> kKnown = {
      "code",      "parent_id", "kind",      "name_en", "name_vi", "city",  "country", "time_zone",
      "languages", "latitude",  "longitude", "address", "phone",   "email", "website", "jurisdiction"};
  for (const auto& [key, value] : body) {
    if (!kKnown.contains(key)) return FieldError("/" + std::string(key), "unknown field '" + std::string(key) + "'");
  }
  UnitChanges changes;
  CHANCERY_ASSIGN_OR_RETURN(changes.code, ReadText(body, "code", 40));
  if (const json::value* parent = body.if_contains("parent_id")) {
    if (parent->is_null()) {
      changes.parent_id = std::optional<std::int64_t>();
    } else if (parent->is_int64()) {
      changes.parent_id = std::optional<std::int64_t>(parent->as_int64());
    } else {
      return FieldError("/parent_id", "parent_id must be an integer");
    }
  }
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> kind, ReadText(body, "kind", 40));
  if (kind) {
    changes.kind = ParseUnitKind(*kind);
    if (!changes.kind) return FieldError("/kind", "kind '" + *kind + "' is not a unit kind");
  }
  CHANCERY_ASSIGN_OR_RETURN(changes.name_en, ReadText(body, "name_en", 300));
  CHANCERY_ASSIGN_OR_RETURN(changes.name_vi, ReadText(body, "name_vi", 300));
  CHANCERY_ASSIGN_OR_RETURN(changes.city, ReadText(body, "city", 300));
  CHANCERY_ASSIGN_OR_RETURN(changes.country, ReadText(body, "country", 2));
  CHANCERY_ASSIGN_OR_RETURN(changes.time_zone, ReadText(body, "time_zone", 64));
  CHANCERY_ASSIGN_OR_RETURN(changes.address, ReadText(body, "address", 500));
  CHANCERY_ASSIGN_OR_RETURN(changes.phone, ReadText(body, "phone", 100));
  CHANCERY_ASSIGN_OR_RETURN(changes.email, ReadText(body, "email", 254));
  CHANCERY_ASSIGN_OR_RETURN(changes.website, ReadText(body, "website", 500));
  CHANCERY_ASSIGN_OR_RETURN(changes.latitude, ReadCoordinate(body, "latitude"));
  CHANCERY_ASSIGN_OR_RETURN(changes.longitude, ReadCoordinate(body, "longitude"));
  if (const json::value* languages = body.if_contains("languages")) {
    if (!languages->is_array()) return FieldError("/languages", "languages must be an array of strings");
    std::vector<std::string> tags;
    for (const json::value& tag : languages->as_array()) {
      if (!tag.is_string()) return FieldError("/languages", "languages must be an array of strings");
      tags.emplace_back(tag.as_string());
    }
    changes.languages = std::move(tags);
  }
  if (const json::value* jurisdiction = body.if_contains("jurisdiction")) {
    CHANCERY_ASSIGN_OR_RETURN(changes.jurisdiction, ReadJurisdiction(*jurisdiction));
  }
  return changes;
}

Result<std::vector<RosterEntry>> ParseRosterEntries(const json::object& body) {
  const json::value* entries = body.if_contains("entries");
  if (!entries || !entries->is_array()) return FieldError("/entries", "entries must be an array");
  std::vector<RosterEntry> parsed;
  for (std::size_t index = 0; index < entries->as_array().size(); ++index) {
    const json::value& item = entries->as_array()[index];
    const std::string pointer = "/entries/" + std::to_string(index);
    if (!item.is_object()) return FieldError(pointer, "each roster entry must be an object");
    const json::object& object = item.as_object();
    RosterEntry entry;
    const json::value* user_id = object.if_contains("user_id");
    if (!user_id || !user_id->is_int64()) return FieldError(pointer + "/user_id", "user_id must be an integer");
    entry.user_id = user_id->as_int64();
    const json::value* role = object.if_contains("role");
    std::optional<RosterRole> parsed_role =
        role && role->is_string() ? ParseRosterRole(std::string(role->as_string())) : std::optional<RosterRole>();
    if (!parsed_role) return FieldError(pointer + "/role", "role must be \"primary\" or \"backup\"");
    entry.role = *parsed_role;
    for (auto [key, target] : {std::pair{"starts_at", &entry.starts_at_ms}, std::pair{"ends_at", &entry.ends_at_ms}}) {
      const json::value* time = object.if_contains(key);
      std::optional<std::int64_t> ms =
          time && time->is_string() ? ParseIsoTime(std::string(time->as_string())) : std::nullopt;
      if (!ms)
        return FieldError(pointer + "/" + key, std::string(key) +
                                                   " must be an ISO 8601 time, e.g. "
                                                   "2026-12-01T08:00:00Z");
      *target = *ms;
    }
    parsed.push_back(entry);
  }
  return parsed;
}

std::optional<std::int64_t> ParseIsoTime(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.fff]{Z|±HH:MM}
  auto number = [&](std::size_t at, std::size_t length) -> std::optional<int> {
    if (at + length > text.size()) return std::nullopt;
    int value = 0;
    auto [end, error] = std::from_chars(text.data() + at, text.data() + at + length, value);
    if (error != std::errc() || end != text.data() + at + length) return std::nullopt;
    return value;
  };
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') || text[13] != ':' ||
      text[16] != ':') {
    return std::nullopt;
  }
  auto year = number(0, 4), month = number(5, 2), day = number(8, 2);
  auto hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
  if (!year || !month || !day || !hour || !minute || !second || *month < 1 || *month > 12 || *day < 1 || *day > 31 ||
      *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  std::size_t at = 19;
  std::int64_t millis = 0;
  if (at < text.size() && text[at] == '.') {
    std::size_t digits = 0;
    for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, ++digits) {
      if (digits < 3) millis = millis * 10 + (text[at] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 3; ++digits) millis *= 10;
  }
  std::int64_t offset_minutes = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    auto offset_hours = number(at + 1, 2), offset_mins = number(at + 4, 2);
    if (!offset_hours || !offset_mins || at + 3 >= text.size() || text[at + 3] != ':') return std::nullopt;
    offset_minutes = (*offset_hours * 60 + *offset_mins) * (text[at] == '-' ? -1 : 1);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  std::tm parts{};
  parts.tm_year = *year - 1900;
  parts.tm_mon = *month - 1;
  parts.tm_mday = *day;
  parts.tm_hour = *hour;
  parts.tm_min = *minute;
  parts.tm_sec = *second;
  const std::int64_t seconds = timegm(&parts);
  std::tm check{};
  const std::time_t as_time = static_cast<std::time_t>(seconds);
  gmtime_r(&as_time, &check);
  if (check.tm_mday != *day) return std::nullopt;  // e.g. 31 April, which timegm would roll into May
  return (seconds - offset_minutes * 60) * 1000 + millis;
}

}  // namespace chancery::directory
