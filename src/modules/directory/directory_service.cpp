#include "modules/directory/directory_service.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <map>

#include "modules/directory/geography.hpp"
#include "modules/directory/regions.hpp"
#include "modules/directory/text_fold.hpp"
#include "modules/directory/unit_validation.hpp"

namespace chancery::directory {
namespace {

std::string UpperAscii(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

bool MatchesFilter(const Unit& unit, const UnitFilter& filter, const std::string& folded_query) {
  if (filter.kind && unit.kind != *filter.kind) return false;
  if (!filter.region.empty() && unit.region != filter.region) return false;
  if (!filter.country.empty()) {
    const std::string country = UpperAscii(filter.country);
    const bool covers = std::any_of(unit.jurisdiction.begin(), unit.jurisdiction.end(),
                                    [&](const Jurisdiction& entry) { return entry.country == country; });
    if (unit.country != country && !covers) return false;
  }
  if (folded_query.empty()) return true;
  for (const std::string* text : {&unit.name_en, &unit.name_vi, &unit.city, &unit.code}) {
    if (FoldForSearch(*text).find(folded_query) != std::string::npos) return true;
  }
  return false;
}

// The names of the fields an edit touches, for the audit entry (values are public facts but kept out for brevity).
boost::json::array ChangedFields(const UnitChanges& changes) {
  boost::json::array fields;
  auto note = [&](bool present, const char* name) {
    if (present) fields.emplace_back(name);
  };
  note(changes.code.has_value(), "code");
  note(changes.parent_id.has_value(), "parent_id");
  note(changes.kind.has_value(), "kind");
  note(changes.name_en.has_value(), "name_en");
  note(changes.name_vi.has_value(), "name_vi");
  note(changes.city.has_value(), "city");
  note(changes.country.has_value(), "country");
  note(changes.time_zone.has_value(), "time_zone");
  note(changes.languages.has_value(), "languages");
  note(changes.latitude.has_value(), "latitude");
  note(changes.longitude.has_value(), "longitude");
  note(changes.address.has_value(), "address");
  note(changes.phone.has_value(), "phone");
  note(changes.email.has_value(), "email");
  note(changes.website.has_value(), "website");
  note(changes.jurisdiction.has_value(), "jurisdiction");
  return fields;
}

}  // namespace

void ApplyChanges(const UnitChanges& changes, Unit& unit) {
  if (changes.code) unit.code = *changes.code;
  if (changes.parent_id) unit.parent_id = *changes.parent_id;
  if (changes.kind) unit.kind = *changes.kind;
  if (changes.name_en) unit.name_en = *changes.name_en;
  if (changes.name_vi) unit.name_vi = *changes.name_vi;
  if (changes.city) unit.city = *changes.city;
  if (changes.country) unit.country = UpperAscii(*changes.country);
  if (changes.time_zone) unit.time_zone = *changes.time_zone;
  if (changes.languages) unit.languages = *changes.languages;
  if (changes.latitude) unit.latitude = *changes.latitude;
  if (changes.longitude) unit.longitude = *changes.longitude;
  if (changes.address) unit.address = *changes.address;
  if (changes.phone) unit.phone = *changes.phone;
  if (changes.email) unit.email = *changes.email;
  if (changes.website) unit.website = *changes.website;
  if (changes.jurisdiction) {
    unit.jurisdiction = *changes.jurisdiction;
    for (Jurisdiction& entry : unit.jurisdiction) entry.country = UpperAscii(entry.country);
    std::stable_sort(unit.jurisdiction.begin(), unit.jurisdiction.end(),
                     [](const Jurisdiction& a, const Jurisdiction& b) {
                       return a.primary != b.primary ? a.primary : a.country < b.country;
                     });
  }
}

DirectoryService::DirectoryService(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                                   identity::IdentityService& identity, std::shared_ptr<UnitTree> tree)
    : database_(database), clock_(clock), audit_(audit), identity_(identity), tree_(std::move(tree)) {}

audit::AuditEvent DirectoryService::Event(const identity::ActionContext& context, std::string action,
                                          std::optional<std::int64_t> unit_id) const {
  audit::AuditEvent event = audit::EventBy(context.actor, std::move(action));
  if (!context.actor) event.actor = "system";
  event.remote_address = context.remote_address;
  event.request_id = context.request_id;
  event.unit_id = unit_id;
  event.target_type = "unit";
  if (unit_id) event.target_id = std::to_string(*unit_id);
  return event;
}

void DirectoryService::ReloadTree() {
  // The change is committed; a failed reload leaves the tree stale until the next change, which is logged by the
  // storage layer. Authorisation then errs on the old shape of the tree, never on an invented one.
  (void)tree_->Reload(database_);
}

Result<std::vector<Unit>> DirectoryService::ListUnits(const UnitFilter& filter) {
  std::vector<Unit> units;
  CHANCERY_TRY(database_.Read("directory.list_units", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(units, store_.ListUnits(transaction));
    return Status::Ok();
  }));
  const std::string folded_query = FoldForSearch(filter.query);
  std::erase_if(units, [&](const Unit& unit) { return !MatchesFilter(unit, filter, folded_query); });
  std::stable_sort(units.begin(), units.end(), [](const Unit& a, const Unit& b) {
    return a.kind != b.kind ? a.kind < b.kind : a.name_en < b.name_en;
  });
  return units;
}

Result<Unit> DirectoryService::GetUnit(std::int64_t unit_id) {
  std::optional<Unit> unit;
  CHANCERY_TRY(database_.Read("directory.get_unit", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(unit, store_.FindUnit(transaction, unit_id));
    return Status::Ok();
  }));
  if (!unit) return NotFound("unit " + std::to_string(unit_id) + " does not exist");
  return *std::move(unit);
}

Status DirectoryService::CheckPrimaryCountries(storage::Transaction& transaction, const Unit& unit) {
  for (const Jurisdiction& entry : unit.jurisdiction) {
    if (!entry.primary) continue;
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Unit> holder, store_.PrimaryMissionOf(transaction, entry.country, unit.id));
    if (holder) {
      return Conflict(CountryName(entry.country, "en") + " (" + entry.country + ") already has a primary mission: " +
                      holder->code + " (" + holder->name_en + "); remove it there first")
          .WithReason("primary_mission_taken")
          .WithField("/jurisdiction");
    }
  }
  return Status::Ok();
}

Result<std::int64_t> DirectoryService::SaveUnit(storage::Transaction& transaction, Unit unit,
                                                bool replace_jurisdiction) {
  unit.region = std::string(RegionOfUnit(unit.kind, unit.country));
  CHANCERY_TRY(ValidateUnitFields(unit));
  std::optional<Unit> parent;
  if (unit.parent_id) {
    CHANCERY_ASSIGN_OR_RETURN(parent, store_.FindUnit(transaction, *unit.parent_id));
  }
  CHANCERY_TRY(ValidateParent(unit, parent));
  if (unit.id != 0 && parent) {
    // Walk up from the new parent: meeting the unit itself would close a cycle.
    std::optional<std::int64_t> ancestor = parent->parent_id;
    for (int depth = 0; ancestor && depth < 64; ++depth) {
      if (*ancestor == unit.id) {
        return InvalidArgument("the new parent lies beneath this unit").WithField("/parent_id");
      }
      CHANCERY_ASSIGN_OR_RETURN(std::optional<Unit> next, store_.FindUnit(transaction, *ancestor));
      ancestor = next ? next->parent_id : std::nullopt;
    }
  }
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Unit> same_code, store_.FindUnitByCode(transaction, unit.code));
  if (same_code && same_code->id != unit.id) {
    return AlreadyExists("a unit with code " + unit.code + " already exists").WithField("/code");
  }
  if (replace_jurisdiction) CHANCERY_TRY(CheckPrimaryCountries(transaction, unit));

  const std::int64_t now_ms = clock_.NowMs();
  if (unit.id == 0) {
    CHANCERY_ASSIGN_OR_RETURN(unit.id, store_.InsertUnit(transaction, unit, now_ms));
  } else {
    CHANCERY_ASSIGN_OR_RETURN(storage::Rows children,
                              transaction.Query("SELECT code FROM units WHERE parent_id = ?", {unit.id}));
    if (!children.empty() && unit.kind != UnitKind::kMinistry && unit.kind != UnitKind::kHqDepartment) {
      return InvalidArgument("unit " + unit.code + " has child units (e.g. " + children.front().Text(0) +
                             "), so it must stay the ministry or an HQ department")
          .WithField("/kind");
    }
    CHANCERY_TRY(store_.UpdateUnit(transaction, unit, now_ms));
  }
  if (replace_jurisdiction) CHANCERY_TRY(store_.ReplaceJurisdiction(transaction, unit.id, unit.jurisdiction));
  return unit.id;
}

Result<Unit> DirectoryService::CreateUnit(const UnitChanges& changes, const identity::ActionContext& context) {
  Unit unit;
  ApplyChanges(changes, unit);
  std::optional<Unit> created;
  CHANCERY_TRY(database_.Write("directory.create_unit", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, SaveUnit(transaction, unit, /*replace_jurisdiction=*/true));
    audit::AuditEvent event = Event(context, "directory.unit_created", id);
    event.detail_json =
        boost::json::serialize(boost::json::object{{"code", unit.code}, {"kind", UnitKindName(unit.kind)}});
    CHANCERY_TRY(audit_.Append(transaction, event));
    CHANCERY_ASSIGN_OR_RETURN(created, store_.FindUnit(transaction, id));
    return Status::Ok();
  }));
  ReloadTree();
  return *std::move(created);
}

Result<Unit> DirectoryService::UpdateUnit(std::int64_t unit_id, const UnitChanges& changes,
                                          const identity::ActionContext& context) {
  std::optional<Unit> updated;
  CHANCERY_TRY(database_.Write("directory.update_unit", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Unit> unit, store_.FindUnit(transaction, unit_id));
    if (!unit) return NotFound("unit " + std::to_string(unit_id) + " does not exist");
    if (unit->kind == UnitKind::kMinistry && changes.kind && *changes.kind != UnitKind::kMinistry) {
      return InvalidArgument("the ministry's kind cannot change").WithField("/kind");
    }
    ApplyChanges(changes, *unit);
    CHANCERY_TRY(SaveUnit(transaction, *unit, changes.jurisdiction.has_value()));
    audit::AuditEvent event = Event(context, "directory.unit_updated", unit_id);
    event.detail_json =
        boost::json::serialize(boost::json::object{{"code", unit->code}, {"fields", ChangedFields(changes)}});
    CHANCERY_TRY(audit_.Append(transaction, event));
    CHANCERY_ASSIGN_OR_RETURN(updated, store_.FindUnit(transaction, unit_id));
    return Status::Ok();
  }));
  ReloadTree();
  return *std::move(updated);
}

Result<std::vector<CountryInfo>> DirectoryService::ListCountries() {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Unit> units, ListUnits(UnitFilter{}));
  std::map<std::string, CountryInfo, std::less<>> by_code;
  for (const std::string& code : IsoCountries()) {
    by_code[code] = CountryInfo{code, CountryName(code, "en"), CountryName(code, "vi"), std::nullopt, {}};
  }
  std::sort(units.begin(), units.end(), [](const Unit& a, const Unit& b) { return a.id < b.id; });
  for (const Unit& unit : units) {
    for (const Jurisdiction& entry : unit.jurisdiction) {
      auto found = by_code.find(entry.country);
      if (found == by_code.end()) continue;
      found->second.missions.push_back(unit.id);
      if (entry.primary) found->second.primary_mission_id = unit.id;
    }
  }
  std::vector<CountryInfo> countries;
  countries.reserve(by_code.size());
  for (auto& [code, info] : by_code) countries.push_back(std::move(info));
  return countries;
}

}  // namespace chancery::directory
