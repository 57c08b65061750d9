// Helpers shared by the users-and-roles route files; see users_api.hpp.
#include <algorithm>

#include "modules/identity/users_api.hpp"

namespace chancery::identity {

ActionContext ContextOf(const net::Request& request) {
  return ActionContext{request.principal.get(), request.remote_address, request.request_id};
}

}  // namespace chancery::identity

namespace chancery::identity::api {

Result<std::int64_t> PathId(const net::Request& request, std::string_view name) {
  std::optional<std::int64_t> value = request.PathId(name);
  if (!value) return NotFound("There is nothing at this address.");
  return *value;
}

boost::json::value OptionalTime(const std::optional<std::int64_t>& unix_ms) {
  if (!unix_ms) return nullptr;
  return boost::json::string(FormatIsoTime(*unix_ms));
}

boost::json::object UserJson(const UserRecord& user) {
  return boost::json::object{{"id", user.id},
                             {"username", user.username},
                             {"display_name", user.display_name},
                             {"unit_id", user.unit_id},
                             {"title", user.title},
                             {"disabled", user.disabled},
                             {"mfa_enabled", user.mfa_enabled},
                             {"created_at", FormatIsoTime(user.created_at_ms)},
                             {"last_login_at", OptionalTime(user.last_login_at_ms)}};
}

boost::json::object GrantJson(const RoleGrant& grant) {
  return boost::json::object{
      {"id", grant.id}, {"role", grant.role}, {"unit_id", grant.unit_id}, {"include_subtree", grant.include_subtree}};
}

Result<UserRecord> VisibleUser(SqlIdentityService& service, const Principal& principal, std::int64_t user_id) {
  CHANCERY_ASSIGN_OR_RETURN(auto user, service.FindUser(user_id));
  if (!user) return NotFound("No user with id " + std::to_string(user_id) + ".");
  const Authorizer& authorizer = service.authorizer();
  if (!authorizer.Allowed(principal, Permission::kUsersManage, user->unit_id) &&
      !authorizer.Allowed(principal, Permission::kStaffRead, user->unit_id)) {
    return PermissionDenied("This user belongs to a unit outside your scope.").WithReason("out_of_scope");
  }
  return *user;
}

Status CheckMayManage(SqlIdentityService& service, const Principal& principal, const UserRecord& target) {
  const Authorizer& authorizer = service.authorizer();
  CHANCERY_TRY(authorizer.Check(principal, Permission::kUsersManage, target.unit_id));
  // Setting the password of, or disabling, an account that holds rights the actor lacks would hand the actor
  // those rights; the actor must cover every grant of the target.
  CHANCERY_ASSIGN_OR_RETURN(auto grants, service.ListGrants(target.id));
  for (const RoleGrant& grant : grants) {
    const RoleDefinition* role = FindRole(grant.role);
    if (role == nullptr) continue;
    for (Permission permission : role->permissions) {
      const bool held = grant.include_subtree ? authorizer.AllowedOnSubtree(principal, permission, grant.unit_id)
                                              : authorizer.Allowed(principal, permission, grant.unit_id);
      if (!held) {
        return PermissionDenied("This account holds " + grant.role + ", which carries rights you do not hold.")
            .WithReason("privilege_escalation");
      }
    }
  }
  return Status::Ok();
}

Result<std::optional<std::vector<std::int64_t>>> ListableUnits(SqlIdentityService& service,
                                                               const Principal& principal) {
  CHANCERY_ASSIGN_OR_RETURN(auto home_units, service.HomeUnits());
  const Authorizer& authorizer = service.authorizer();
  const Authorizer::Scope manage = authorizer.ScopeOf(principal, Permission::kUsersManage, home_units);
  const Authorizer::Scope read = authorizer.ScopeOf(principal, Permission::kStaffRead, home_units);
  if (manage.everywhere || read.everywhere) return std::optional<std::vector<std::int64_t>>();
  std::vector<std::int64_t> units = manage.unit_ids;
  units.insert(units.end(), read.unit_ids.begin(), read.unit_ids.end());
  std::sort(units.begin(), units.end());
  units.erase(std::unique(units.begin(), units.end()), units.end());
  return std::optional<std::vector<std::int64_t>>(std::move(units));
}

}  // namespace chancery::identity::api
