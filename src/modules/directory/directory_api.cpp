#include "modules/directory/directory_api.hpp"

#include <boost/json.hpp>

#include "modules/directory/directory_json.hpp"
#include "modules/directory/regions.hpp"
#include "net/json.hpp"

namespace chancery::directory {
namespace {

namespace json = boost::json;
using identity::ContextOf;
using identity::Permission;
using net::Method;
using net::Request;
using net::Response;
using net::RouteAccess;

bool IsCsvMediaType(std::optional<std::string_view> content_type) {
  if (!content_type) return false;
  std::string media(content_type->substr(0, content_type->find(';')));
  for (char& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  return media == "text/csv";
}

}  // namespace

void DirectoryApi::RegisterRoutes(net::Router& router) {
  const auto route = [&](Method method, const char* pattern, Response (DirectoryApi::*handler)(const Request&)) {
    router.Add(method, pattern, RouteAccess::kAuthenticated,
               [this, handler](Request& request) { return (this->*handler)(request); });
  };
  route(Method::kGet, "/api/v1/units", &DirectoryApi::ListUnits);
  route(Method::kPost, "/api/v1/units", &DirectoryApi::CreateUnit);
  route(Method::kGet, "/api/v1/units/export.csv", &DirectoryApi::ExportCsv);
  route(Method::kPost, "/api/v1/units/import", &DirectoryApi::ImportCsv);
  route(Method::kGet, "/api/v1/units/:id", &DirectoryApi::GetUnit);
  route(Method::kPatch, "/api/v1/units/:id", &DirectoryApi::UpdateUnit);
  route(Method::kGet, "/api/v1/units/:id/staff", &DirectoryApi::ListStaff);
  route(Method::kGet, "/api/v1/units/:id/roster", &DirectoryApi::GetRoster);
  route(Method::kPut, "/api/v1/units/:id/roster", &DirectoryApi::PutRoster);
  route(Method::kGet, "/api/v1/units/:id/on-call", &DirectoryApi::OnCall);
  route(Method::kGet, "/api/v1/countries", &DirectoryApi::ListCountries);
}

Result<std::int64_t> DirectoryApi::AuthorisedUnit(const Request& request, Permission permission) const {
  std::optional<std::int64_t> unit_id = request.PathId("id");
  if (!unit_id || !tree_->Exists(*unit_id)) return NotFound("no unit with id " + request.PathParam("id"));
  CHANCERY_TRY(authorizer_.Check(*request.principal, permission, *unit_id));
  return *unit_id;
}

Status DirectoryApi::CheckOnRoot(const Request& request) const {
  std::optional<std::int64_t> root = tree_->RootId();
  if (!root) return PermissionDenied("the directory has no ministry yet; it is seeded from the command line");
  return authorizer_.Check(*request.principal, Permission::kDirectoryWrite, *root);
}

Response DirectoryApi::ListUnits(const Request& request) {
  UnitFilter filter;
  filter.query = request.Query("q").value_or("");
  if (filter.query.size() > 200) return net::Problem(InvalidArgument("q is longer than 200 bytes").WithField("q"));
  if (auto kind = request.Query("kind"); kind && !kind->empty()) {
    filter.kind = ParseUnitKind(*kind);
    if (!filter.kind) return net::Problem(InvalidArgument("kind '" + *kind + "' is not a unit kind").WithField("kind"));
  }
  filter.country = request.Query("country").value_or("");
  filter.region = request.Query("region").value_or("");
  if (!filter.region.empty()) {
    const auto& regions = Regions();
    if (std::find(regions.begin(), regions.end(), filter.region) == regions.end()) {
      return net::Problem(InvalidArgument("region '" + filter.region + "' is not a region").WithField("region"));
    }
  }
  Result<std::vector<Unit>> units = service_.ListUnits(filter);
  if (!units.ok()) return net::Problem(units.status());
  json::array items;
  for (const Unit& unit : *units) items.push_back(UnitToJson(unit, UnitView::kPublic));
  return net::Json(json::object{{"items", std::move(items)}});
}

Response DirectoryApi::GetUnit(const Request& request) {
  Result<std::int64_t> unit_id = AuthorisedUnit(request, Permission::kDirectoryRead);
  if (!unit_id.ok()) return net::Problem(unit_id.status());
  Result<Unit> unit = service_.GetUnit(*unit_id);
  if (!unit.ok()) return net::Problem(unit.status());
  Result<std::size_t> staff_count = service_.StaffCount(*unit_id);
  if (!staff_count.ok()) return net::Problem(staff_count.status());
  json::object body = UnitToJson(*unit, UnitView::kWithContacts);
  body["staff_count"] = static_cast<std::int64_t>(*staff_count);
  return net::Json(body);
}

Response DirectoryApi::CreateUnit(const Request& request) {
  Result<json::object> body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  Result<UnitChanges> changes = ParseUnitChanges(*body);
  if (!changes.ok()) return net::Problem(changes.status());
  if (!changes->parent_id || !*changes->parent_id) {
    return net::Problem(
        InvalidArgument("parent_id is required; the ministry itself is created by seeding").WithField("/parent_id"));
  }
  const std::int64_t parent_id = **changes->parent_id;
  if (!tree_->Exists(parent_id)) {
    return net::Problem(
        InvalidArgument("parent unit " + std::to_string(parent_id) + " does not exist").WithField("/parent_id"));
  }
  if (Status allowed = authorizer_.Check(*request.principal, Permission::kDirectoryWrite, parent_id); !allowed.ok()) {
    return net::Problem(allowed);
  }
  Result<Unit> unit = service_.CreateUnit(*changes, ContextOf(request));
  if (!unit.ok()) return net::Problem(unit.status());
  Response response = net::Json(201, UnitToJson(*unit, UnitView::kWithContacts));
  response.SetHeader("Location", "/api/v1/units/" + std::to_string(unit->id));
  return response;
}

Response DirectoryApi::UpdateUnit(const Request& request) {
  Result<std::int64_t> unit_id = AuthorisedUnit(request, Permission::kDirectoryWrite);
  if (!unit_id.ok()) return net::Problem(unit_id.status());
  Result<json::object> body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  Result<UnitChanges> changes = ParseUnitChanges(*body);
  if (!changes.ok()) return net::Problem(changes.status());
  // Moving a unit also needs the right to add units under its new parent.
  if (changes->parent_id && *changes->parent_id && *changes->parent_id != tree_->ParentOf(*unit_id)) {
    const std::int64_t parent_id = **changes->parent_id;
    if (!tree_->Exists(parent_id)) {
      return net::Problem(
          InvalidArgument("parent unit " + std::to_string(parent_id) + " does not exist").WithField("/parent_id"));
    }
    if (Status allowed = authorizer_.Check(*request.principal, Permission::kDirectoryWrite, parent_id); !allowed.ok()) {
      return net::Problem(allowed);
    }
  }
  Result<Unit> unit = service_.UpdateUnit(*unit_id, *changes, ContextOf(request));
  if (!unit.ok()) return net::Problem(unit.status());
  return net::Json(UnitToJson(*unit, UnitView::kWithContacts));
}

Response DirectoryApi::ListStaff(const Request& request) {
  Result<std::int64_t> unit_id = AuthorisedUnit(request, Permission::kStaffRead);
  if (!unit_id.ok()) return net::Problem(unit_id.status());
  Result<std::vector<StaffMember>> staff = service_.ListStaff(*unit_id, ContextOf(request));
  if (!staff.ok()) return net::Problem(staff.status());
  json::array items;
  for (const StaffMember& member : *staff) items.push_back(StaffToJson(member));
  return net::Json(json::object{{"items", std::move(items)}});
}

Response DirectoryApi::GetRoster(const Request& request) {
  Result<std::int64_t> unit_id = AuthorisedUnit(request, Permission::kRosterRead);
  if (!unit_id.ok()) return net::Problem(unit_id.status());
  Result<std::vector<RosterEntry>> roster = service_.GetRoster(*unit_id);
  if (!roster.ok()) return net::Problem(roster.status());
  json::array items;
  for (const RosterEntry& entry : *roster) items.push_back(RosterEntryToJson(entry));
  return net::Json(json::object{{"items", std::move(items)}});
}

Response DirectoryApi::PutRoster(const Request& request) {
  Result<std::int64_t> unit_id = AuthorisedUnit(request, Permission::kRosterWrite);
  if (!unit_id.ok()) return net::Problem(unit_id.status());
  Result<json::object> body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  Result<std::vector<RosterEntry>> entries = ParseRosterEntries(*body);
  if (!entries.ok()) return net::Problem(entries.status());
  Result<std::vector<RosterEntry>> roster = service_.ReplaceRoster(*unit_id, *std::move(entries), ContextOf(request));
  if (!roster.ok()) return net::Problem(roster.status());
  json::array items;
  for (const RosterEntry& entry : *roster) items.push_back(RosterEntryToJson(entry));
  return net::Json(json::object{{"items", std::move(items)}});
}

Response DirectoryApi::OnCall(const Request& request) {
  Result<std::int64_t> unit_id = AuthorisedUnit(request, Permission::kRosterRead);
  if (!unit_id.ok()) return net::Problem(unit_id.status());
  std::optional<std::int64_t> at_ms;
  if (auto at = request.Query("at"); at && !at->empty()) {
    at_ms = ParseIsoTime(*at);
    if (!at_ms) return net::Problem(InvalidArgument("at must be an ISO 8601 time").WithField("at"));
  }
  Result<chancery::directory::OnCall> on_call = service_.OnCallAt(*unit_id, at_ms);
  if (!on_call.ok()) return net::Problem(on_call.status());
  return net::Json(OnCallToJson(*on_call));
}

Response DirectoryApi::ListCountries(const Request& request) {
  Result<std::vector<CountryInfo>> countries = service_.ListCountries();
  if (!countries.ok()) return net::Problem(countries.status());
  json::array items;
  for (const CountryInfo& country : *countries) items.push_back(CountryToJson(country));
  return net::Json(json::object{{"items", std::move(items)}});
}

Response DirectoryApi::ExportCsv(const Request& request) {
  if (Status allowed = CheckOnRoot(request); !allowed.ok()) return net::Problem(allowed);
  Result<std::string> csv = service_.ExportCsv(ContextOf(request));
  if (!csv.ok()) return net::Problem(csv.status());
  Response response = Response::Text(200, *std::move(csv), "text/csv; charset=utf-8");
  response.SetHeader("Content-Disposition", "attachment; filename=\"units.csv\"");
  return response;
}

Response DirectoryApi::ImportCsv(const Request& request) {
  if (Status allowed = CheckOnRoot(request); !allowed.ok()) return net::Problem(allowed);
  if (!IsCsvMediaType(request.Header("content-type"))) {
    return net::Problem(InvalidArgument("The request body must be sent as Content-Type: text/csv.")
                            .WithReason("unsupported_media_type"));
  }
  const std::string partial = request.Query("partial").value_or("0");
  if (partial != "0" && partial != "1") {
    return net::Problem(InvalidArgument("partial must be 0 or 1").WithField("partial"));
  }
  const ImportMode mode = partial == "1" ? ImportMode::kPartial : ImportMode::kAllOrNothing;
  Result<ImportReport> report = service_.ImportCsv(request.body, mode, ContextOf(request));
  if (!report.ok()) return net::Problem(report.status());
  if (report->committed) return net::Json(ImportReportToJson(*report));
  // Rolled back: a problem document that still carries the per-line errors.
  Response response = net::Problem(InvalidArgument(std::to_string(report->errors.size()) +
                                                   " line(s) have errors; nothing was imported (send "
                                                   "?partial=1 to import the valid lines)")
                                       .WithReason("import_failed"));
  json::object body = json::parse(response.body).as_object();
  for (auto& [key, value] : ImportReportToJson(*report)) body[key] = value;
  response.body = json::serialize(body);
  return response;
}

}  // namespace chancery::directory
