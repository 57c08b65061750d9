// Router: maps (method, path pattern) to handlers, authenticates before protected handlers, and lists its routes
// so that the OpenAPI document can be checked against them.
//
// Patterns are literal segments and `:name` parameters, e.g. "/api/v1/units/:id/staff". Matching prefers literal
// segments over parameters. A path that matches no route gives 404 problem+json; a path that matches with another
// method gives 405 with an Allow header.
//
// Thread-safety: build the router before serving (Add* are not thread-safe); Dispatch is safe from many threads.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/principal.hpp"
#include "core/status.hpp"
#include "net/http.hpp"
#include "net/websocket.hpp"

namespace chancery::net {

enum class RouteAccess {
  kPublic,                // no authentication
  kAuthenticated,         // a full session (MFA satisfied if required) or an API token
  kAuthenticatedPartial,  // also a session that still owes an MFA code or an MFA enrolment
};

using Handler = std::function<Response(Request&)>;

// Establishes the principal of a request for a route of the given access; also enforces CSRF on unsafe methods of
// cookie sessions. Returns kUnauthenticated (401), kPermissionDenied (403, e.g. bad CSRF token) or
// kFailedPrecondition (403, MFA still owed).
using Authenticator =
    std::function<Result<std::shared_ptr<const Principal>>(const Request& request, RouteAccess access)>;

struct RouteInfo {
  Method method;
  std::string pattern;
  RouteAccess access;
  bool websocket = false;  // a GET that must be a WebSocket upgrade
};

class Router {
 public:
  void Add(Method method, std::string pattern, RouteAccess access, Handler handler);
  // A WebSocket endpoint: a GET upgrade request on `pattern`. A plain GET there gets 426.
  void AddWebSocket(std::string pattern, RouteAccess access, WebSocketFactory factory);
  void SetAuthenticator(Authenticator authenticator) { authenticator_ = std::move(authenticator); }
  // Handles GET/HEAD requests that match no route and do not start with "/api/" (the console's files).
  void SetFallback(Handler handler) { fallback_ = std::move(handler); }

  // Routes, authenticates and runs the handler. Never throws: an exception from a handler becomes a 500 problem.
  Response Dispatch(Request& request) const;

  // For an upgrade request: matches a WebSocket route, authenticates, and sets the request's path parameters,
  // principal and route pattern. A failure is the Status to answer with (not found, 401, 403...). Never throws.
  Result<WebSocketFactory> MatchWebSocket(Request& request) const;

  std::vector<RouteInfo> Routes() const;

 private:
  struct Route {
    Method method;
    std::string pattern;
    std::vector<std::string> segments;
    RouteAccess access;
    Handler handler;
    WebSocketFactory websocket;  // set for WebSocket routes (method kGet), which Dispatch does not run
  };
  Status Authenticate(Request& request, RouteAccess access) const;
  const Route* Match(Request& request, std::vector<Method>* allowed) const;

  std::vector<Route> routes_;
  Authenticator authenticator_;
  Handler fallback_;
};

}  // namespace chancery::net
