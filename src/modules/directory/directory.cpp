#include "modules/directory/directory.hpp"

#include <array>
#include <utility>

namespace chancery::directory {
namespace {

constexpr std::array<std::pair<UnitKind, const char*>, 6> kKindNames = {{
    {UnitKind::kMinistry, "ministry"},
    {UnitKind::kHqDepartment, "hq_department"},
    {UnitKind::kEmbassy, "embassy"},
    {UnitKind::kConsulateGeneral, "consulate_general"},
    {UnitKind::kConsulate, "consulate"},
    {UnitKind::kPermanentMission, "permanent_mission"},
}};

}  // namespace

const char* UnitKindName(UnitKind kind) {
  for (const auto& [value, name] : kKindNames) {
    if (value == kind) return name;
  }
  return "unknown";
}

std::optional<UnitKind> ParseUnitKind(std::string_view name) {
  for (const auto& [value, kind_name] : kKindNames) {
    if (name == kind_name) return value;
  }
  return std::nullopt;
}

bool IsMission(UnitKind kind) { return kind != UnitKind::kMinistry && kind != UnitKind::kHqDepartment; }

const char* RosterRoleName(RosterRole role) { return role == RosterRole::kPrimary ? "primary" : "backup"; }

std::optional<RosterRole> ParseRosterRole(std::string_view name) {
  if (name == "primary") return RosterRole::kPrimary;
  if (name == "backup") return RosterRole::kBackup;
  return std::nullopt;
}

}  // namespace chancery::directory
