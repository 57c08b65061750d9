// The rules on handing out and taking back roles, apart from storage so that they can be tested alone:
//   - the role must exist, and an hq_only role may only be given on an HQ unit;
//   - the actor needs roles_grant on the grant's unit;
//   - only a holder of system_admin gives or takes back system_admin;
//   - no privilege escalation: the actor must itself hold every permission of the role on that unit, and over the
//     unit's whole subtree when the grant includes the subtree.
// A null actor is the system (command line, seeding), which is bound only by the first rule.
//
// Thread-safety: pure functions over an immutable Authorizer.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/principal.hpp"
#include "core/status.hpp"
#include "modules/identity/authz.hpp"

namespace chancery::identity {

Status CheckGrantAllowed(const Authorizer& authorizer, const Principal* actor, std::string_view role_name,
                         std::int64_t unit_id, bool include_subtree);

Status CheckRevokeAllowed(const Authorizer& authorizer, const Principal* actor, const RoleGrant& grant);

}  // namespace chancery::identity
