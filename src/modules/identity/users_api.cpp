// Routes for accounts: list, create, read (with audited contact data), edit, set a password, reset MFA.
#include "modules/identity/users_api.hpp"

#include "net/json.hpp"

namespace chancery::identity {
namespace {

using net::Request;
using net::Response;

Response ListUsers(SqlIdentityService& service, Request& request) {
  const Principal& principal = *request.principal;
  UserQuery query;
  query.text = request.Query("q");
  if (request.Query("unit_id")) {
    Result<std::int64_t> unit_id = net::QueryInt(request, "unit_id", 0, 1, INT64_MAX);
    if (!unit_id.ok()) return net::Problem(unit_id.status());
    query.unit_id = *unit_id;
    // Naming a unit outside one's scope is refused rather than answered with an empty list.
    if (!service.authorizer().Allowed(principal, Permission::kStaffRead, *unit_id) &&
        !service.authorizer().Allowed(principal, Permission::kUsersManage, *unit_id)) {
      return net::Problem(PermissionDenied("You may not list the users of this unit."));
    }
  }
  Result<std::int64_t> limit = net::QueryInt(request, "limit", 50, 1, 500);
  if (!limit.ok()) return net::Problem(limit.status());
  Result<std::int64_t> offset = net::QueryInt(request, "offset", 0, 0, INT64_MAX);
  if (!offset.ok()) return net::Problem(offset.status());
  query.limit = *limit;
  query.offset = *offset;
  auto units = api::ListableUnits(service, principal);
  if (!units.ok()) return net::Problem(units.status());
  query.unit_ids = std::move(*units);
  Result<UserPage> page = service.ListUsers(query);
  if (!page.ok()) return net::Problem(page.status());
  boost::json::array items;
  for (const UserRecord& user : page->items) items.push_back(api::UserJson(user));
  return net::Json(boost::json::object{{"items", std::move(items)}, {"total", page->total}});
}

Response CreateUser(SqlIdentityService& service, Request& request) {
  auto body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  NewUser user;
  auto username = net::RequireString(*body, "username", 64);
  if (!username.ok()) return net::Problem(username.status());
  auto display_name = net::RequireString(*body, "display_name", 200);
  if (!display_name.ok()) return net::Problem(display_name.status());
  auto unit_id = net::RequireInt(*body, "unit_id");
  if (!unit_id.ok()) return net::Problem(unit_id.status());
  auto title = net::OptionalString(*body, "title", 200);
  auto email = net::OptionalString(*body, "email", 254);
  auto phone = net::OptionalString(*body, "phone", 16);
  auto password = net::OptionalString(*body, "password", 1024);
  auto locale = net::OptionalString(*body, "locale", 2);
  for (const auto* field : {&title, &email, &phone, &password, &locale}) {
    if (!field->ok()) return net::Problem(field->status());
  }
  Status allowed = service.authorizer().Check(*request.principal, Permission::kUsersManage, *unit_id);
  if (!allowed.ok()) return net::Problem(allowed);
  user.username = *username;
  user.display_name = *display_name;
  user.unit_id = *unit_id;
  user.title = title->value_or("");
  user.email = email->value_or("");
  user.phone = phone->value_or("");
  user.password = *password;
  user.locale = locale->value_or("vi");
  Result<UserRecord> created = service.CreateUser(user, api::ContextOf(request));
  if (!created.ok()) return net::Problem(created.status());
  Response response = net::Json(201, api::UserJson(*created));
  response.SetHeader("Location", std::string(api::kPrefix) + "/users/" + std::to_string(created->id));
  return response;
}

Response GetUser(SqlIdentityService& service, Request& request) {
  auto user_id = api::PathId(request, "id");
  if (!user_id.ok()) return net::Problem(user_id.status());
  auto user = api::VisibleUser(service, *request.principal, *user_id);
  if (!user.ok()) return net::Problem(user.status());
  auto contact = service.ReadContactAudited(*user_id, api::ContextOf(request));
  if (!contact.ok()) return net::Problem(contact.status());
  boost::json::object body = api::UserJson(*user);
  body["email"] = contact->email;
  body["phone"] = contact->phone;
  return net::Json(body);
}

Response PatchUser(SqlIdentityService& service, Request& request) {
  auto user_id = api::PathId(request, "id");
  if (!user_id.ok()) return net::Problem(user_id.status());
  auto body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  auto user = api::VisibleUser(service, *request.principal, *user_id);
  if (!user.ok()) return net::Problem(user.status());
  Status allowed = api::CheckMayManage(service, *request.principal, *user);
  if (!allowed.ok()) return net::Problem(allowed);
  UserPatch patch;
  auto display_name = net::OptionalString(*body, "display_name", 200);
  auto unit_id = net::OptionalInt(*body, "unit_id");
  auto disabled = net::OptionalBool(*body, "disabled");
  if (!display_name.ok()) return net::Problem(display_name.status());
  if (!unit_id.ok()) return net::Problem(unit_id.status());
  if (!disabled.ok()) return net::Problem(disabled.status());
  // E-mail, phone and title may be set to "" to clear them, which OptionalString refuses; read them directly.
  for (const char* key : {"email", "phone", "title"}) {
    const boost::json::value* value = body->if_contains(key);
    if (value == nullptr || value->is_null()) continue;
    if (!value->is_string() || value->as_string().size() > 254) {
      return net::Problem(InvalidArgument(std::string(key) + " must be a string").WithField(std::string("/") + key));
    }
    std::optional<std::string> text = std::string(value->as_string());
    if (std::string_view(key) == "email") patch.email = text;
    if (std::string_view(key) == "phone") patch.phone = text;
    if (std::string_view(key) == "title") patch.title = text;
  }
  patch.display_name = *display_name;
  patch.unit_id = *unit_id;
  patch.disabled = *disabled;
  if (patch.unit_id && *patch.unit_id != user->unit_id) {
    allowed = service.authorizer().Check(*request.principal, Permission::kUsersManage, *patch.unit_id);
    if (!allowed.ok()) return net::Problem(allowed);
  }
  if (patch.disabled && *patch.disabled && *user_id == request.principal->user_id) {
    return net::Problem(Conflict("You cannot disable your own account.").WithReason("self_disable"));
  }
  auto updated = service.UpdateUser(*user_id, patch, api::ContextOf(request));
  if (!updated.ok()) return net::Problem(updated.status());
  return net::Json(api::UserJson(*updated));
}

Response SetPassword(SqlIdentityService& service, Request& request) {
  auto user_id = api::PathId(request, "id");
  if (!user_id.ok()) return net::Problem(user_id.status());
  auto body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  auto password = net::RequireString(*body, "new_password", 1024);
  if (!password.ok()) return net::Problem(password.status());
  auto user = api::VisibleUser(service, *request.principal, *user_id);
  if (!user.ok()) return net::Problem(user.status());
  Status status = api::CheckMayManage(service, *request.principal, *user);
  if (status.ok()) status = service.SetPassword(*user_id, *password, api::ContextOf(request));
  if (!status.ok()) {
    if (status.field() == "/password") status.WithField("/new_password");
    return net::Problem(status);
  }
  return Response::NoContent();
}

Response ResetMfa(SqlIdentityService& service, Request& request) {
  auto user_id = api::PathId(request, "id");
  if (!user_id.ok()) return net::Problem(user_id.status());
  auto user = api::VisibleUser(service, *request.principal, *user_id);
  if (!user.ok()) return net::Problem(user.status());
  Status status = api::CheckMayManage(service, *request.principal, *user);
  if (status.ok()) status = service.ResetMfa(*user_id, api::ContextOf(request));
  if (!status.ok()) return net::Problem(status);
  return Response::NoContent();
}

}  // namespace

void RegisterUserRoutes(net::Router& router, SqlIdentityService& service) {
  using net::Method;
  using net::RouteAccess;
  const std::string users = std::string(api::kPrefix) + "/users";
  auto bind = [&service](Response (*handler)(SqlIdentityService&, Request&)) {
    return [&service, handler](Request& request) { return handler(service, request); };
  };
  router.Add(Method::kGet, users, RouteAccess::kAuthenticated, bind(&ListUsers));
  router.Add(Method::kPost, users, RouteAccess::kAuthenticated, bind(&CreateUser));
  router.Add(Method::kGet, users + "/:id", RouteAccess::kAuthenticated, bind(&GetUser));
  router.Add(Method::kPatch, users + "/:id", RouteAccess::kAuthenticated, bind(&PatchUser));
  router.Add(Method::kPost, users + "/:id/password", RouteAccess::kAuthenticated, bind(&SetPassword));
  router.Add(Method::kPost, users + "/:id/mfa/reset", RouteAccess::kAuthenticated, bind(&ResetMfa));
}

}  // namespace chancery::identity
