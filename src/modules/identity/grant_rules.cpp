// Rules for granting and revoking roles; see grant_rules.hpp.
#include "modules/identity/grant_rules.hpp"

#include <string>

namespace chancery::identity {

Status CheckGrantAllowed(const Authorizer& authorizer, const Principal* actor, std::string_view role_name,
                         std::int64_t unit_id, bool include_subtree) {
  const RoleDefinition* role = FindRole(role_name);
  if (role == nullptr) {
    return InvalidArgument("There is no role named \"" + std::string(role_name) + "\".").WithField("/role");
  }
  if (!authorizer.hierarchy().Exists(unit_id)) {
    return InvalidArgument("There is no unit with id " + std::to_string(unit_id) + ".").WithField("/unit_id");
  }
  if (role->hq_only && !authorizer.IsHqUnit(unit_id)) {
    return InvalidArgument("The role " + role->name + " can only be granted on a headquarters unit.")
        .WithField("/unit_id")
        .WithReason("hq_only_role");
  }
  if (actor == nullptr) return Status::Ok();
  CHANCERY_TRY(authorizer.Check(*actor, Permission::kRolesGrant, unit_id));
  if (role->name == "system_admin" && !authorizer.Allowed(*actor, Permission::kSystemAdmin, unit_id)) {
    return PermissionDenied("Only a system administrator can grant system_admin.").WithReason("system_admin_only");
  }
  for (Permission permission : role->permissions) {
    const bool held = include_subtree ? authorizer.AllowedOnSubtree(*actor, permission, unit_id)
                                      : authorizer.Allowed(*actor, permission, unit_id);
    if (!held) {
      return PermissionDenied(std::string("You cannot grant ") + role->name + " here: it carries " +
                              PermissionName(permission) + ", which you do not hold" +
                              (include_subtree ? " over the whole subtree." : " on this unit."))
          .WithReason("privilege_escalation");
    }
  }
  return Status::Ok();
}

Status CheckRevokeAllowed(const Authorizer& authorizer, const Principal* actor, const RoleGrant& grant) {
  if (actor == nullptr) return Status::Ok();
  CHANCERY_TRY(authorizer.Check(*actor, Permission::kRolesGrant, grant.unit_id));
  if (grant.role == "system_admin" && !authorizer.Allowed(*actor, Permission::kSystemAdmin, grant.unit_id)) {
    return PermissionDenied("Only a system administrator can revoke system_admin.").WithReason("system_admin_only");
  }
  return Status::Ok();
}

}  // namespace chancery::identity
