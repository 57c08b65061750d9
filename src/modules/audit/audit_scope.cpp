#include "modules/audit/audit_scope.hpp"

#include <fmt/format.h>

namespace chancery::audit {

using identity::Permission;

bool AuditScope::AllowedOnRoot(const Principal& principal, Permission permission) const {
  std::optional<std::int64_t> root = root_unit_id_();
  return root && authorizer_.Allowed(principal, permission, *root);
}

bool AuditScope::Covers(const Principal& principal, const AuditEntry& entry) const {
  if (!entry.event.unit_id) return AllowedOnRoot(principal, Permission::kAuditRead);
  return authorizer_.Allowed(principal, Permission::kAuditRead, *entry.event.unit_id);
}

bool AuditScope::ReadsAnything(const Principal& principal) const {
  return authorizer_.HeldAnywhere(principal, Permission::kAuditRead);
}

Status AuditScope::Restrict(const Principal& principal, AuditFilter& filter) const {
  if (filter.unit_ids) {
    for (std::int64_t unit_id : *filter.unit_ids) {
      if (!authorizer_.Allowed(principal, Permission::kAuditRead, unit_id)) {
        return PermissionDenied(fmt::format("You need the audit_read permission on unit {}.", unit_id))
            .WithReason("audit_read_required");
      }
    }
    filter.unitless = UnitlessEntries::kExclude;
    return Status::Ok();
  }
  if (!ReadsAnything(principal)) {
    return PermissionDenied("You need the audit_read permission on some unit.").WithReason("audit_read_required");
  }
  identity::Authorizer::Scope scope = authorizer_.ScopeOf(principal, Permission::kAuditRead, list_units_());
  if (scope.everywhere) return Status::Ok();  // every unit, and the entries without one (the root is covered)
  filter.unit_ids = std::move(scope.unit_ids);
  filter.unitless =
      AllowedOnRoot(principal, Permission::kAuditRead) ? UnitlessEntries::kInclude : UnitlessEntries::kExclude;
  return Status::Ok();
}

}  // namespace chancery::audit
