#include "modules/directory/unit_validation.hpp"

#include <cmath>
#include <set>
#include <string>

#include "modules/directory/geography.hpp"

namespace chancery::directory {
namespace {

constexpr std::size_t kMaxNameBytes = 300;
constexpr std::size_t kMaxContactBytes = 500;

Status Invalid(std::string message, std::string field) {
  return InvalidArgument(std::move(message)).WithField(std::move(field));
}

bool IsCodeCharacter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsAlpha(c) || (c >= '0' && c <= '9'); }

// A BCP 47 tag in the simple form used here: a 2–3 letter primary language, then 2–8 character subtags.
bool IsLanguageTag(const std::string& tag) {
  std::size_t start = 0;
  bool first = true;
  while (start <= tag.size()) {
    std::size_t end = tag.find('-', start);
    if (end == std::string::npos) end = tag.size();
    const std::string part = tag.substr(start, end - start);
    if (first) {
      if (part.size() < 2 || part.size() > 3) return false;
      for (char c : part) {
        if (c < 'a' || c > 'z') return false;
      }
    } else {
      if (part.size() < 2 || part.size() > 8) return false;
      for (char c : part) {
        if (!IsAlnum(c)) return false;
      }
    }
    first = false;
    start = end + 1;
  }
  return true;
}

Status CheckText(const std::string& value, std::string_view label, std::string field, bool required,
                 std::size_t max_bytes) {
  if (required && value.empty()) return Invalid(std::string(label) + " is required", std::move(field));
  if (value.size() > max_bytes) {
    return Invalid(std::string(label) + " is longer than " + std::to_string(max_bytes) + " bytes", std::move(field));
  }
  for (unsigned char c : value) {
    if (c < 0x20) return Invalid(std::string(label) + " contains a control character", std::move(field));
  }
  return Status::Ok();
}

Status CheckJurisdiction(const Unit& unit) {
  if (!unit.jurisdiction.empty() && !IsMission(unit.kind)) {
    return Invalid("only missions have a country jurisdiction", "/jurisdiction");
  }
  std::set<std::string> seen;
  for (std::size_t index = 0; index < unit.jurisdiction.size(); ++index) {
    const std::string& country = unit.jurisdiction[index].country;
    const std::string field = "/jurisdiction/" + std::to_string(index) + "/country";
    if (!IsIsoCountry(country)) return Invalid("'" + country + "' is not an ISO 3166-1 alpha-2 country code", field);
    if (!seen.insert(country).second) return Invalid("country " + country + " is listed twice", field);
  }
  return Status::Ok();
}

}  // namespace

Status ValidateUnitFields(const Unit& unit) {
  if (unit.code.size() < 2 || unit.code.size() > 40) {
    return Invalid("code must be 2 to 40 characters", "/code");
  }
  for (char c : unit.code) {
    if (!IsCodeCharacter(c)) {
      return Invalid("code may contain only upper-case letters, digits, '-', '_' and '.'", "/code");
    }
  }
  CHANCERY_TRY(CheckText(unit.name_en, "name_en", "/name_en", true, kMaxNameBytes));
  CHANCERY_TRY(CheckText(unit.name_vi, "name_vi", "/name_vi", true, kMaxNameBytes));
  CHANCERY_TRY(CheckText(unit.city, "city", "/city", false, kMaxNameBytes));
  if (!IsIsoCountry(unit.country)) {
    return Invalid("country '" + unit.country + "' is not an ISO 3166-1 alpha-2 code (e.g. FR)", "/country");
  }
  if (!IsTimeZone(unit.time_zone)) {
    return Invalid("time_zone '" + unit.time_zone + "' is not an IANA time zone (e.g. Europe/Paris)", "/time_zone");
  }
  if (unit.languages.size() > 20) return Invalid("at most 20 languages", "/languages");
  for (std::size_t index = 0; index < unit.languages.size(); ++index) {
    if (!IsLanguageTag(unit.languages[index])) {
      return Invalid("'" + unit.languages[index] + "' is not a BCP 47 language tag (e.g. vi, en, pt-BR)",
                     "/languages/" + std::to_string(index));
    }
  }
  if (unit.latitude.has_value() != unit.longitude.has_value()) {
    return Invalid("latitude and longitude go together", unit.latitude ? "/longitude" : "/latitude");
  }
  if (unit.latitude && (!std::isfinite(*unit.latitude) || std::abs(*unit.latitude) > 90)) {
    return Invalid("latitude must be between -90 and 90", "/latitude");
  }
  if (unit.longitude && (!std::isfinite(*unit.longitude) || std::abs(*unit.longitude) > 180)) {
    return Invalid("longitude must be between -180 and 180", "/longitude");
  }
  CHANCERY_TRY(CheckText(unit.address, "address", "/address", false, kMaxContactBytes));
  CHANCERY_TRY(CheckText(unit.phone, "phone", "/phone", false, 100));
  CHANCERY_TRY(CheckText(unit.email, "email", "/email", false, 254));
  CHANCERY_TRY(CheckText(unit.website, "website", "/website", false, kMaxContactBytes));
  if (!unit.email.empty()) {
    const std::size_t at = unit.email.find('@');
    if (at == std::string::npos || at == 0 || unit.email.find('.', at) == std::string::npos ||
        unit.email.find(' ') != std::string::npos) {
      return Invalid("email '" + unit.email + "' is not an e-mail address", "/email");
    }
  }
  if (!unit.website.empty() && unit.website.rfind("https://", 0) != 0 && unit.website.rfind("http://", 0) != 0) {
    return Invalid("website must start with https:// or http://", "/website");
  }
  return CheckJurisdiction(unit);
}

Status ValidateParent(const Unit& unit, const std::optional<Unit>& parent) {
  if (unit.kind == UnitKind::kMinistry) {
    if (unit.parent_id) return Invalid("the ministry is the root and has no parent", "/parent_id");
    return Status::Ok();
  }
  if (!unit.parent_id) return Invalid("parent_id is required for every unit but the ministry", "/parent_id");
  if (!parent) return Invalid("parent unit " + std::to_string(*unit.parent_id) + " does not exist", "/parent_id");
  if (unit.id != 0 && parent->id == unit.id) return Invalid("a unit cannot be its own parent", "/parent_id");
  if (unit.kind == UnitKind::kHqDepartment) {
    if (parent->kind != UnitKind::kMinistry && parent->kind != UnitKind::kHqDepartment) {
      return Invalid("an HQ department sits under the ministry or another HQ department", "/parent_id");
    }
    return Status::Ok();
  }
  if (parent->kind != UnitKind::kMinistry) return Invalid("a mission's parent is the ministry", "/parent_id");
  return Status::Ok();
}

}  // namespace chancery::directory
