// Routes for roles and grants, and the CSV import and export of accounts.
#include "modules/identity/users_api.hpp"
#include "net/json.hpp"

namespace chancery::identity {
namespace {

using net::Request;
using net::Response;

Response ListRoles(Request&) {
  boost::json::array roles;
  for (const RoleDefinition& role : Roles()) {
    boost::json::array permissions;
    for (Permission permission : role.permissions) permissions.emplace_back(PermissionName(permission));
    roles.push_back(boost::json::object{
        {"name", role.name}, {"permissions", std::move(permissions)}, {"mfa_required", role.mfa_required_by_default}});
  }
  return net::Json(boost::json::object{{"items", std::move(roles)}});
}

Response ListGrants(SqlIdentityService& service, Request& request) {
  auto user_id = api::PathId(request, "id");
  if (!user_id.ok()) return net::Problem(user_id.status());
  auto user = api::VisibleUser(service, *request.principal, *user_id);
  if (!user.ok()) return net::Problem(user.status());
  auto grants = service.ListGrants(*user_id);
  if (!grants.ok()) return net::Problem(grants.status());
  boost::json::array items;
  for (const RoleGrant& grant : *grants) items.push_back(api::GrantJson(grant));
  return net::Json(boost::json::object{{"items", std::move(items)}});
}

Response CreateGrant(SqlIdentityService& service, Request& request) {
  auto user_id = api::PathId(request, "id");
  if (!user_id.ok()) return net::Problem(user_id.status());
  auto body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  auto role = net::RequireString(*body, "role", 64);
  if (!role.ok()) return net::Problem(role.status());
  auto unit_id = net::RequireInt(*body, "unit_id");
  if (!unit_id.ok()) return net::Problem(unit_id.status());
  auto include_subtree = net::OptionalBool(*body, "include_subtree");
  if (!include_subtree.ok()) return net::Problem(include_subtree.status());
  // The holder must be one of the actor's own people: a mission cannot hand its roles to another mission's staff.
  auto user = api::VisibleUser(service, *request.principal, *user_id);
  if (!user.ok()) return net::Problem(user.status());
  auto granted =
      service.GrantRole(*user_id, *role, *unit_id, include_subtree->value_or(false), api::ContextOf(request));
  if (!granted.ok()) return net::Problem(granted.status());
  return net::Json(201, api::GrantJson(*granted));
}

Response DeleteGrant(SqlIdentityService& service, Request& request) {
  auto grant_id = api::PathId(request, "id");
  if (!grant_id.ok()) return net::Problem(grant_id.status());
  Status status = service.RevokeGrant(*grant_id, api::ContextOf(request));
  if (!status.ok()) return net::Problem(status);
  return Response::NoContent();
}

Response ExportUsers(SqlIdentityService& service, UserCsv& csv, Request& request) {
  UserQuery query;
  std::optional<std::int64_t> audit_unit;
  if (request.Query("unit_id")) {
    auto unit_id = net::QueryInt(request, "unit_id", 0, 1, INT64_MAX);
    if (!unit_id.ok()) return net::Problem(unit_id.status());
    query.unit_id = *unit_id;
    audit_unit = *unit_id;
  }
  const Authorizer& authorizer = service.authorizer();
  const Principal& principal = *request.principal;
  const bool permitted = query.unit_id ? authorizer.Allowed(principal, Permission::kUsersManage, *query.unit_id) ||
                                             authorizer.Allowed(principal, Permission::kStaffRead, *query.unit_id)
                                       : authorizer.HeldAnywhere(principal, Permission::kUsersManage) ||
                                             authorizer.HeldAnywhere(principal, Permission::kStaffRead);
  if (!permitted) return net::Problem(PermissionDenied("Exporting accounts needs staff_read or users_manage."));
  auto units = api::ListableUnits(service, principal);
  if (!units.ok()) return net::Problem(units.status());
  query.unit_ids = std::move(*units);
  query.limit = 100000;
  auto text = csv.Export(query, audit_unit, api::ContextOf(request));
  if (!text.ok()) return net::Problem(text.status());
  Response response = Response::Text(200, std::move(*text), "text/csv; charset=utf-8");
  response.SetHeader("Content-Disposition", "attachment; filename=\"users.csv\"");
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

Response ImportUsers(UserCsv& csv, SqlIdentityService& service, Request& request) {
  const std::optional<std::string_view> content_type = request.Header("content-type");
  if (!content_type || !content_type->starts_with("text/csv")) {
    return net::Problem(InvalidArgument("The body must be text/csv.").WithReason("unsupported_media_type"));
  }
  if (!service.authorizer().HeldAnywhere(*request.principal, Permission::kUsersManage)) {
    return net::Problem(PermissionDenied("Importing accounts needs users_manage."));
  }
  auto report = csv.Import(request.body, api::ContextOf(request));
  if (!report.ok()) return net::Problem(report.status());
  boost::json::array errors;
  for (const ImportError& error : report->errors) {
    errors.push_back(boost::json::object{{"line", error.line}, {"message", error.message}});
  }
  return net::Json(
      boost::json::object{{"created", report->created}, {"skipped", report->skipped}, {"errors", std::move(errors)}});
}

}  // namespace

void RegisterGrantAndCsvRoutes(net::Router& router, SqlIdentityService& service, UserCsv& csv) {
  using net::Method;
  using net::RouteAccess;
  const std::string prefix = api::kPrefix;
  router.Add(Method::kGet, prefix + "/roles", RouteAccess::kAuthenticated, &ListRoles);
  router.Add(Method::kGet, prefix + "/users/:id/grants", RouteAccess::kAuthenticated,
             [&service](Request& request) { return ListGrants(service, request); });
  router.Add(Method::kPost, prefix + "/users/:id/grants", RouteAccess::kAuthenticated,
             [&service](Request& request) { return CreateGrant(service, request); });
  router.Add(Method::kDelete, prefix + "/grants/:id", RouteAccess::kAuthenticated,
             [&service](Request& request) { return DeleteGrant(service, request); });
  router.Add(Method::kGet, prefix + "/users/export.csv", RouteAccess::kAuthenticated,
             [&service, &csv](Request& request) { return ExportUsers(service, csv, request); });
  router.Add(Method::kPost, prefix + "/users/import", RouteAccess::kAuthenticated,
             [&service, &csv](Request& request) { return ImportUsers(csv, service, request); });
}

}  // namespace chancery::identity
