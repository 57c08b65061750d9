// Helpers shared by the identity authentication routes (auth_api*.cpp); internal to the identity module.
//
// Thread-safety: free functions without shared state.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "core/status.hpp"
#include "net/http.hpp"

namespace chancery::identity::api {

// Runs a handler body written with CHANCERY_TRY; a failure becomes an RFC 9457 problem (with Retry-After when the
// status carries one).
net::Response ProblemFor(const Status& status);
template <typename Body>
net::Response Respond(Body&& body) {
  Result<net::Response> result = std::forward<Body>(body)();
  if (!result.ok()) return ProblemFor(result.status());
  return std::move(result).value();
}

// `chancery_session=<token>; Path=/; HttpOnly; SameSite=Strict[; Secure]` — a browser-session cookie; the server
// enforces the idle and absolute timeouts.
std::string SessionCookie(std::string_view token, bool secure);
// The same cookie, emptied and expired.
std::string ExpiredSessionCookie(bool secure);

// For routes that only make sense for a cookie session (an API token cannot sign out or enrol MFA).
Status SessionOnly();

// Unicode code points in UTF-8 text (password lengths are counted in characters, not bytes).
std::size_t CodePointCount(std::string_view text);

}  // namespace chancery::identity::api
