// AuditScope: which audit entries a principal may read. An entry of a unit is visible to whoever holds audit_read
// on that unit (directly or through a subtree grant); an entry that concerns no unit (logins, system events) only to
// whoever holds audit_read on the root unit. The HTTP search and the live feed both decide through this class, so
// they can never disagree.
//
// Thread-safety: immutable after construction and safe for concurrent use, provided the unit lister is.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "core/principal.hpp"
#include "modules/audit/audit.hpp"
#include "modules/identity/authz.hpp"

namespace chancery::audit {

// Every org unit id; the wiring passes the directory's (cached) tree. Must be safe for concurrent use.
using UnitLister = std::function<std::vector<std::int64_t>()>;
// The root unit (the ministry), or nullopt while the tree is still empty. Must be safe for concurrent use.
using RootFinder = std::function<std::optional<std::int64_t>()>;

class AuditScope {
 public:
  AuditScope(const identity::Authorizer& authorizer, RootFinder root_unit_id, UnitLister list_units)
      : authorizer_(authorizer), root_unit_id_(std::move(root_unit_id)), list_units_(std::move(list_units)) {}

  // The root is looked up on each call: the tree may be created (or seeded) after the module is built.
  std::optional<std::int64_t> root_unit_id() const { return root_unit_id_(); }
  // True when the principal holds `permission` on the root unit (false while there is none).
  bool AllowedOnRoot(const Principal& principal, identity::Permission permission) const;

  // True when the principal may read this entry.
  bool Covers(const Principal& principal, const AuditEntry& entry) const;
  // True when the principal may read some entry (some audit_read grant).
  bool ReadsAnything(const Principal& principal) const;
  // Restricts `filter` to the principal's scope. When the filter already names units, those must all be in scope
  // (kPermissionDenied naming the first one that is not).
  Status Restrict(const Principal& principal, AuditFilter& filter) const;

 private:
  const identity::Authorizer& authorizer_;
  RootFinder root_unit_id_;
  UnitLister list_units_;
};

}  // namespace chancery::audit
