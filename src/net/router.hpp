// Router: maps (method, path pattern) to handlers, authenticates before protected handlers, and lists its routes
// so that the OpenAPI document can be checked against them.
//
// Patterns are literal segments and `:name` parameters, e.g. "/api/v1/units/:id/staff". Matching prefers literal
// segments over parameters. A path that matches no route gives 404 problem+json; a path that matches with another
// method gives 405 with an Allow header.
//
// The server runs Dispatch on a worker pool, because handlers may block on the database. A route added with
// Execution::kNonBlocking promises that its handler never blocks (no database, no disk, no network, no long CPU);
// TryDispatchWithoutBlocking answers such routes on the network thread when authentication can also be decided
// from memory (a public route, or a CachedAuthenticator hit), and otherwise declines so that the caller falls back
// to Dispatch on the worker pool. Both paths run the same matching, authentication checks and handlers.
//
// Thread-safety: build the router before serving (Add* and Set* are not thread-safe); Dispatch and
// TryDispatchWithoutBlocking are safe from many threads.
#pragma once

#include <functional>
#include <memory>
#include <optional>
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

// Whether a handler may block the thread it runs on.
enum class Execution {
  kMayBlock,     // may touch the database or the disk: runs on the worker pool
  kNonBlocking,  // answers from memory only: may run on a network thread
};

using Handler = std::function<Response(Request&)>;
// The network-thread half of a route that can usually, but not always, answer from memory: it returns nullopt,
// leaving `request` as it found it, when it would have to block; the route's Handler then runs on the worker pool.
using NonBlockingHandler = std::function<std::optional<Response>(Request&)>;

// Establishes the principal of a request for a route of the given access; also enforces CSRF on unsafe methods of
// cookie sessions. Returns kUnauthenticated (401), kPermissionDenied (403, e.g. bad CSRF token) or
// kFailedPrecondition (403, MFA still owed). It may leave its own record of the credential in `request.credential`.
using Authenticator = std::function<Result<std::shared_ptr<const Principal>>(Request& request, RouteAccess access)>;
// The same decision as the Authenticator, with the same checks, taken from memory only: nullopt when it would need
// the database (e.g. an uncached credential, or a write that is due), in which case the Authenticator decides on the
// worker pool.
using CachedAuthenticator =
    std::function<std::optional<Result<std::shared_ptr<const Principal>>>(Request& request, RouteAccess access)>;

struct RouteInfo {
  Method method;
  std::string pattern;
  RouteAccess access;
  bool websocket = false;  // a GET that must be a WebSocket upgrade
  Execution execution = Execution::kMayBlock;
};

class Router {
 public:
  void Add(Method method, std::string pattern, RouteAccess access, Handler handler,
           Execution execution = Execution::kMayBlock);
  // A route that answers with `try_handler` on the network thread when it can, and with `handler` on the worker
  // pool when `try_handler` declines or the authentication needs the database. Shown as kNonBlocking.
  void Add(Method method, std::string pattern, RouteAccess access, NonBlockingHandler try_handler, Handler handler);
  // Lets the route (already added) take request bodies up to `bytes`, instead of the server's body limit.
  void SetBodyLimit(Method method, const std::string& pattern, std::size_t bytes);
  // The body limit of the route `request` matches, or `server_limit` when it has none of its own; and the largest
  // of all, which the server applies until it has read the request's headers.
  std::size_t BodyLimit(const Request& request, std::size_t server_limit) const;
  std::size_t LargestBodyLimit(std::size_t server_limit) const;
  // A WebSocket endpoint: a GET upgrade request on `pattern`. A plain GET there gets 426.
  void AddWebSocket(std::string pattern, RouteAccess access, WebSocketFactory factory);
  // Without a CachedAuthenticator, protected routes are always dispatched on the worker pool.
  void SetAuthenticator(Authenticator authenticator, CachedAuthenticator cached_authenticator = nullptr) {
    authenticator_ = std::move(authenticator);
    cached_authenticator_ = std::move(cached_authenticator);
  }
  // Handles GET/HEAD requests that match no route and do not start with "/api/" (the console's files).
  void SetFallback(Handler handler, Execution execution = Execution::kMayBlock) {
    fallback_ = std::move(handler);
    fallback_execution_ = execution;
  }

  // Routes, authenticates and runs the handler. Never throws: an exception from a handler becomes a 500 problem.
  Response Dispatch(Request& request) const;

  // The same as Dispatch when everything it needs is non-blocking (the route or fallback is kNonBlocking, or there
  // is none: 404/405; and authentication is public or answered by the CachedAuthenticator); otherwise nullopt, and
  // the caller must call Dispatch, off the network thread. Never blocks, never throws.
  std::optional<Response> TryDispatchWithoutBlocking(Request& request) const;

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
    NonBlockingHandler try_handler;  // set for kNonBlocking routes
    WebSocketFactory websocket;      // set for WebSocket routes (method kGet), which Dispatch does not run
    std::size_t body_limit = 0;      // 0: the server's
  };
  Status Authenticate(Request& request, RouteAccess access) const;
  // nullopt when the CachedAuthenticator cannot decide from memory.
  std::optional<Status> AuthenticateWithoutBlocking(Request& request, RouteAccess access) const;
  const Route* Match(Request& request, std::vector<Method>* allowed) const;
  // True when an unmatched request goes to the fallback (rather than getting 404 or 405).
  bool UsesFallback(const Request& request, const std::vector<Method>& allowed) const;
  // The answer to a request that matched no route: 405, the fallback, or 404.
  Response Unmatched(Request& request, const std::vector<Method>& allowed) const;
  // The answer once authenticated: the handler, or 426 for a WebSocket route.
  static Response RunHandler(const Route& route, Request& request);

  std::vector<Route> routes_;
  Authenticator authenticator_;
  CachedAuthenticator cached_authenticator_;
  Handler fallback_;
  Execution fallback_execution_ = Execution::kMayBlock;
};

}  // namespace chancery::net
