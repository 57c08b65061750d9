// Roles, permissions and the one authorisation check every endpoint makes.
//
// A grant gives a role on an org unit, optionally over its subtree. A principal holds a permission on a unit when
// one of its grants carries a role with that permission on the unit itself or (with include_subtree) on one of its
// ancestors. API tokens are further narrowed to their scopes.
//
// HQ units (the ministry and its departments) are told apart from missions by a predicate the directory module
// supplies; without one only the root counts as HQ. Roles marked hq_only may be granted on HQ units alone.
//
// Thread-safety: Authorizer is immutable after construction and safe for concurrent use.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"
#include "core/status.hpp"
#include "core/unit_hierarchy.hpp"

namespace chancery::identity {

enum class Permission {
  kDirectoryRead,   // a unit's internal details: contacts, jurisdiction notes
  kDirectoryWrite,  // edit a unit; create units beneath it
  kStaffRead,       // the unit's members and their contact data (personal data: audited)
  kStaffWrite,      // add, edit, remove members
  kRosterRead,
  kRosterWrite,
  kUsersManage,  // create accounts, reset MFA, disable
  kRolesGrant,   // grant and revoke roles on the unit
  kAuditRead,
  kCableRead,         // cables the unit sent or received (within the reader's classification clearance)
  kCableDraft,        // draft cables on behalf of the unit
  kCableClear,        // clear the unit's drafts (and, on an HQ unit, cables to collectives)
  kCableRelease,      // release the unit's cleared cables
  kCableAcknowledge,  // acknowledge cables addressed to the unit
  kMonitorRead,       // the monitor's articles, and the unit's alerts (acknowledge, assign, comment)
  kMonitorQueries,    // the unit's topics and standing queries
  kMonitorSources,    // the unit's sources, and pushing documents into them
  kCitizensRead,      // the registrations of citizens in the unit's jurisdiction (personal data: every read audited)
  kCitizensWrite,     // register, edit, import and erase citizens of the unit's jurisdiction
  kCitizensExport,    // export the unit's registry as a file (audited)
  kAlertsSend,        // compose and send crisis alerts for the unit's jurisdiction; run safety checks and cases
  kAlertsApprove,     // the second approval that large Actual alerts need (two-person rule)
  kSystemAdmin,       // keys, configuration, system-wide operations (last: lists iterate up to it)
};

// Classification levels a role may read, lowest first; the cables module names them (cables.hpp).
enum class Clearance { kUnclassified, kRestricted, kConfidential, kSecret };

const char* PermissionName(Permission permission);
std::optional<Permission> ParsePermission(std::string_view name);

struct RoleDefinition {
  std::string name;  // e.g. "head_of_mission"
  std::vector<Permission> permissions;
  bool mfa_required_by_default = false;
  bool hq_only = false;                            // may only be granted on HQ units (the ministry and its departments)
  Clearance clearance = Clearance::kUnclassified;  // the highest classification its holders may read
};

// A principal's clearance: the highest of its roles' (a person is cleared, not a unit).
Clearance ClearanceOf(const Principal& principal);

const std::vector<RoleDefinition>& Roles();
const RoleDefinition* FindRole(std::string_view name);

// True when the unit is an HQ unit. Must be safe for concurrent use.
using HqUnitPredicate = std::function<bool(std::int64_t unit_id)>;

class Authorizer {
 public:
  explicit Authorizer(std::shared_ptr<const UnitHierarchy> hierarchy, HqUnitPredicate is_hq_unit = {})
      : hierarchy_(std::move(hierarchy)), is_hq_unit_(std::move(is_hq_unit)) {}

  bool Allowed(const Principal& principal, Permission permission, std::int64_t unit_id) const;
  // Allowed through a grant that covers the unit's whole subtree (a grant with include_subtree on the unit or one
  // of its ancestors), so the permission also holds on every unit beneath it. Needed to hand out subtree grants.
  bool AllowedOnSubtree(const Principal& principal, Permission permission, std::int64_t unit_id) const;
  // True when some grant carries the permission on some unit (and, for API tokens, the scope allows it).
  bool HeldAnywhere(const Principal& principal, Permission permission) const;
  bool IsHqUnit(std::int64_t unit_id) const;
  const UnitHierarchy& hierarchy() const { return *hierarchy_; }
  // kPermissionDenied with a sentence naming the permission when not allowed.
  Status Check(const Principal& principal, Permission permission, std::int64_t unit_id) const;
  // The units on which the principal holds the permission through some grant (roots of subtrees included), for
  // filtering lists; `everywhere` is true when a subtree grant on the root covers all units.
  struct Scope {
    bool everywhere = false;
    std::vector<std::int64_t> unit_ids;  // every unit covered (subtrees expanded)
  };
  Scope ScopeOf(const Principal& principal, Permission permission, const std::vector<std::int64_t>& all_units) const;

 private:
  bool RoleGrantsPermission(const RoleGrant& grant, Permission permission) const;
  bool ScopeAllows(const Principal& principal, Permission permission) const;

  std::shared_ptr<const UnitHierarchy> hierarchy_;
  HqUnitPredicate is_hq_unit_;
};

}  // namespace chancery::identity
