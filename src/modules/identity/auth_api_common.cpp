#include "modules/identity/auth_api_common.hpp"

#include "modules/identity/authentication.hpp"

namespace chancery::identity::api {

net::Response ProblemFor(const Status& status) {
  net::Response response = net::Response::Problem(status);
  if (status.retry_after_seconds() && !response.Header("Retry-After")) {
    response.SetHeader("Retry-After", std::to_string(*status.retry_after_seconds()));
  }
  return response;
}

std::string SessionCookie(std::string_view token, bool secure) {
  std::string cookie =
      std::string(kSessionCookieName) + "=" + std::string(token) + "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) cookie += "; Secure";
  return cookie;
}

std::string ExpiredSessionCookie(bool secure) {
  std::string cookie = std::string(kSessionCookieName) +
                       "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
  if (secure) cookie += "; Secure";
  return cookie;
}

Status SessionOnly() {
  return FailedPrecondition("This action needs a signed-in session; API tokens cannot perform it.")
      .WithReason("session_required");
}

std::size_t CodePointCount(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

}  // namespace chancery::identity::api
