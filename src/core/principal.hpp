// Principal: who is making a request, as established by identity (a session cookie or an API token).
//
// A plain value, immutable once built; shared between threads through shared_ptr<const Principal>.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace chancery {

// A role held on an org unit, optionally over the unit's whole subtree.
struct RoleGrant {
  std::int64_t id = 0;
  std::string role;  // e.g. "system_admin", "head_of_mission" (see identity/roles.hpp)
  std::int64_t unit_id = 0;
  bool include_subtree = false;
};

enum class AuthMethod { kSession, kApiToken };

struct Principal {
  std::int64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::string locale = "vi";
  std::vector<RoleGrant> grants;
  AuthMethod method = AuthMethod::kSession;
  std::vector<std::string> token_scopes;  // API tokens only: permission names the token may use
  std::int64_t session_id = 0;            // sessions only
  std::string csrf_token;                 // sessions only
  bool mfa_verified = false;              // the session passed a TOTP or recovery-code check
  std::int64_t mfa_verified_at_ms = 0;    // for step-up checks
  bool mfa_enrolment_required = false;    // a role demands MFA and none is enrolled: only enrolment is allowed
};

}  // namespace chancery
