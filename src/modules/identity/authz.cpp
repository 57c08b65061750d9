// The role table and the Authorizer; see authz.hpp for the contract.
#include "modules/identity/authz.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace chancery::identity {
namespace {

constexpr std::array<std::pair<Permission, const char*>, 23> kPermissionNames = {{
    {Permission::kDirectoryRead, "directory_read"},   {Permission::kDirectoryWrite, "directory_write"},
    {Permission::kStaffRead, "staff_read"},           {Permission::kStaffWrite, "staff_write"},
    {Permission::kRosterRead, "roster_read"},         {Permission::kRosterWrite, "roster_write"},
    {Permission::kUsersManage, "users_manage"},       {Permission::kRolesGrant, "roles_grant"},
    {Permission::kAuditRead, "audit_read"},           {Permission::kCableRead, "cable_read"},
    {Permission::kCableDraft, "cable_draft"},         {Permission::kCableClear, "cable_clear"},
    {Permission::kCableRelease, "cable_release"},     {Permission::kCableAcknowledge, "cable_acknowledge"},
    {Permission::kMonitorRead, "monitor_read"},       {Permission::kMonitorQueries, "monitor_queries"},
    {Permission::kMonitorSources, "monitor_sources"}, {Permission::kCitizensRead, "citizens_read"},
    {Permission::kCitizensWrite, "citizens_write"},   {Permission::kCitizensExport, "citizens_export"},
    {Permission::kAlertsSend, "alerts_send"},         {Permission::kAlertsApprove, "alerts_approve"},
    {Permission::kSystemAdmin, "system_admin"},
}};

std::vector<Permission> AllPermissions() {
  std::vector<Permission> all;
  for (const auto& [permission, name] : kPermissionNames) all.push_back(permission);
  return all;
}

std::vector<RoleDefinition> BuildRoles() {
  using P = Permission;
  using C = Clearance;
  const std::vector<Permission> officer = {P::kDirectoryRead, P::kStaffRead,        P::kRosterRead, P::kCableRead,
                                           P::kCableDraft,    P::kCableAcknowledge, P::kMonitorRead};
  std::vector<Permission> desk_officer = officer;
  desk_officer.push_back(P::kCableClear);
  desk_officer.push_back(P::kMonitorQueries);
  // Consular officers look after the citizens of their jurisdiction: the registry, alerts, safety checks.
  std::vector<Permission> consular_officer = officer;
  consular_officer.insert(consular_officer.end(), {P::kCitizensRead, P::kCitizensWrite, P::kAlertsSend});
  std::vector<Permission> press_officer = officer;
  press_officer.push_back(P::kMonitorQueries);
  return {
      // Administrators run the system; reading SECRET traffic is not part of that.
      {"system_admin", AllPermissions(), /*mfa_required_by_default=*/true, /*hq_only=*/true, C::kConfidential},
      {"hq_leadership",
       {P::kDirectoryRead, P::kStaffRead, P::kRosterRead, P::kAuditRead, P::kCableRead, P::kCableDraft, P::kCableClear,
        P::kCableRelease, P::kCableAcknowledge, P::kMonitorRead, P::kCitizensRead, P::kAlertsApprove},
       false,
       true,
       C::kSecret},
      {"hq_desk_officer", desk_officer, false, true, C::kConfidential},
      {"head_of_mission",
       {P::kDirectoryRead,  P::kDirectoryWrite, P::kStaffRead,    P::kStaffWrite,       P::kRosterRead,
        P::kRosterWrite,    P::kUsersManage,    P::kRolesGrant,   P::kAuditRead,        P::kCableRead,
        P::kCableDraft,     P::kCableClear,     P::kCableRelease, P::kCableAcknowledge, P::kMonitorRead,
        P::kMonitorQueries, P::kMonitorSources, P::kCitizensRead, P::kCitizensWrite,    P::kCitizensExport,
        P::kAlertsSend,     P::kAlertsApprove},
       true,
       false,
       C::kSecret},
      {"consular_officer", consular_officer, false, false, C::kRestricted},
      {"press_officer", press_officer, false, false, C::kRestricted},
      {"analyst",
       {P::kDirectoryRead, P::kStaffRead, P::kRosterRead, P::kCableRead, P::kCableDraft, P::kMonitorRead,
        P::kMonitorQueries, P::kMonitorSources},
       false,
       false,
       C::kRestricted},
      {"viewer", {P::kDirectoryRead}, false, false, C::kUnclassified},
  };
}

}  // namespace

const char* PermissionName(Permission permission) {
  for (const auto& [candidate, name] : kPermissionNames) {
    if (candidate == permission) return name;
  }
  return "unknown";
}

std::optional<Permission> ParsePermission(std::string_view name) {
  for (const auto& [permission, candidate] : kPermissionNames) {
    if (name == candidate) return permission;
  }
  return std::nullopt;
}

const std::vector<RoleDefinition>& Roles() {
  static const std::vector<RoleDefinition> kRoles = BuildRoles();
  return kRoles;
}

Clearance ClearanceOf(const Principal& principal) {
  Clearance highest = Clearance::kUnclassified;
  for (const RoleGrant& grant : principal.grants) {
    if (const RoleDefinition* role = FindRole(grant.role); role && role->clearance > highest) highest = role->clearance;
  }
  return highest;
}

const RoleDefinition* FindRole(std::string_view name) {
  for (const RoleDefinition& role : Roles()) {
    if (role.name == name) return &role;
  }
  return nullptr;
}

bool Authorizer::RoleGrantsPermission(const RoleGrant& grant, Permission permission) const {
  const RoleDefinition* role = FindRole(grant.role);
  if (role == nullptr) return false;  // a role removed from the table grants nothing
  return std::find(role->permissions.begin(), role->permissions.end(), permission) != role->permissions.end();
}

bool Authorizer::ScopeAllows(const Principal& principal, Permission permission) const {
  if (principal.method != AuthMethod::kApiToken) return true;
  const std::string_view name = PermissionName(permission);
  return std::find(principal.token_scopes.begin(), principal.token_scopes.end(), name) != principal.token_scopes.end();
}

bool Authorizer::Allowed(const Principal& principal, Permission permission, std::int64_t unit_id) const {
  if (!ScopeAllows(principal, permission)) return false;
  std::vector<std::int64_t> chain;  // computed lazily: most checks are answered by a grant on the unit itself
  for (const RoleGrant& grant : principal.grants) {
    if (!RoleGrantsPermission(grant, permission)) continue;
    if (grant.unit_id == unit_id) return true;
    if (!grant.include_subtree) continue;
    if (chain.empty()) chain = hierarchy_->SelfAndAncestors(unit_id);
    if (std::find(chain.begin(), chain.end(), grant.unit_id) != chain.end()) return true;
  }
  return false;
}

bool Authorizer::AllowedOnSubtree(const Principal& principal, Permission permission, std::int64_t unit_id) const {
  if (!ScopeAllows(principal, permission)) return false;
  const std::vector<std::int64_t> chain = hierarchy_->SelfAndAncestors(unit_id);
  for (const RoleGrant& grant : principal.grants) {
    if (!grant.include_subtree || !RoleGrantsPermission(grant, permission)) continue;
    if (std::find(chain.begin(), chain.end(), grant.unit_id) != chain.end()) return true;
  }
  return false;
}

bool Authorizer::HeldAnywhere(const Principal& principal, Permission permission) const {
  if (!ScopeAllows(principal, permission)) return false;
  return std::any_of(principal.grants.begin(), principal.grants.end(),
                     [&](const RoleGrant& grant) { return RoleGrantsPermission(grant, permission); });
}

bool Authorizer::IsHqUnit(std::int64_t unit_id) const {
  if (is_hq_unit_) return is_hq_unit_(unit_id);
  return hierarchy_->Exists(unit_id) && !hierarchy_->ParentOf(unit_id).has_value();
}

Status Authorizer::Check(const Principal& principal, Permission permission, std::int64_t unit_id) const {
  if (Allowed(principal, permission, unit_id)) return Status::Ok();
  return PermissionDenied(std::string("This needs the permission ") + PermissionName(permission) + " on unit " +
                          std::to_string(unit_id) + ".")
      .WithReason("missing_permission");
}

Authorizer::Scope Authorizer::ScopeOf(const Principal& principal, Permission permission,
                                      const std::vector<std::int64_t>& all_units) const {
  Scope scope;
  if (!ScopeAllows(principal, permission)) return scope;
  for (const RoleGrant& grant : principal.grants) {
    if (grant.include_subtree && RoleGrantsPermission(grant, permission) && hierarchy_->Exists(grant.unit_id) &&
        !hierarchy_->ParentOf(grant.unit_id).has_value()) {
      scope.everywhere = true;
    }
  }
  for (std::int64_t unit_id : all_units) {
    if (scope.everywhere || Allowed(principal, permission, unit_id)) scope.unit_ids.push_back(unit_id);
  }
  return scope;
}

}  // namespace chancery::identity
