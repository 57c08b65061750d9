#include "net/router.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

namespace chancery::net {
namespace {

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> segments;
  if (path.empty() || path.front() != '/') return segments;
  path.remove_prefix(1);
  while (true) {
    std::size_t slash = path.find('/');
    segments.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool IsParameter(const std::string& segment) { return segment.size() > 1 && segment.front() == ':'; }

// Which segments of `pattern_segments` are literals, or nullopt when the path does not match the pattern.
std::optional<std::vector<bool>> MatchSegments(const std::vector<std::string>& pattern_segments,
                                               const std::vector<std::string>& path_segments) {
  if (pattern_segments.size() != path_segments.size()) return std::nullopt;
  std::vector<bool> literal(pattern_segments.size());
  for (std::size_t i = 0; i < pattern_segments.size(); ++i) {
    if (IsParameter(pattern_segments[i])) {
      if (path_segments[i].empty()) return std::nullopt;
    } else if (pattern_segments[i] != path_segments[i]) {
      return std::nullopt;
    } else {
      literal[i] = true;
    }
  }
  return literal;
}

Response InternalErrorResponse(const Request& request, std::string_view what) {
  // The detail stays generic: internals go to the log, keyed by the request id the client also sees.
  spdlog::error("handler failed: request_id={} route={} error={}", request.request_id, request.route_pattern, what);
  return Response::Problem(Internal("An unexpected error occurred."));
}

}  // namespace

void Router::Add(Method method, std::string pattern, RouteAccess access, Handler handler, Execution execution) {
  NonBlockingHandler try_handler;
  if (execution == Execution::kNonBlocking) {
    try_handler = [handler](Request& request) -> std::optional<Response> { return handler(request); };
  }
  Add(method, std::move(pattern), access, std::move(try_handler), std::move(handler));
}

void Router::Add(Method method, std::string pattern, RouteAccess access, NonBlockingHandler try_handler,
                 Handler handler) {
  auto segments = SplitPath(pattern);
  routes_.push_back(Route{method, std::move(pattern), std::move(segments), access, std::move(handler),
                          std::move(try_handler), nullptr});
}

void Router::AddWebSocket(std::string pattern, RouteAccess access, WebSocketFactory factory) {
  auto segments = SplitPath(pattern);
  routes_.push_back(
      Route{Method::kGet, std::move(pattern), std::move(segments), access, nullptr, nullptr, std::move(factory)});
}

void Router::SetBodyLimit(Method method, const std::string& pattern, std::size_t bytes) {
  for (Route& route : routes_) {
    if (route.method == method && route.pattern == pattern) route.body_limit = bytes;
  }
}

std::size_t Router::BodyLimit(const Request& request, std::size_t server_limit) const {
  Request probe;  // Match fills in path parameters: not on the caller's request
  probe.method = request.method;
  probe.path = request.path;
  const Route* route = Match(probe, nullptr);
  return route != nullptr && route->body_limit > 0 ? route->body_limit : server_limit;
}

std::size_t Router::LargestBodyLimit(std::size_t server_limit) const {
  std::size_t largest = server_limit;
  for (const Route& route : routes_) largest = std::max(largest, route.body_limit);
  return largest;
}

const Router::Route* Router::Match(Request& request, std::vector<Method>* allowed) const {
  const auto path_segments = SplitPath(request.path);
  const Route* best = nullptr;
  std::vector<bool> best_literal;
  for (const Route& route : routes_) {
    auto literal = MatchSegments(route.segments, path_segments);
    if (!literal) continue;
    // HEAD is served by GET routes; the server drops the body.
    bool method_matches = route.method == request.method ||
                          (request.method == Method::kHead && route.method == Method::kGet && !route.websocket);
    if (!method_matches) {
      if (allowed) allowed->push_back(route.method);
      continue;
    }
    // Literal segments beat parameters, compared from the left.
    if (best == nullptr || *literal > best_literal) {
      best = &route;
      best_literal = std::move(*literal);
    }
  }
  if (best != nullptr) {
    request.path_params.clear();
    for (std::size_t i = 0; i < best->segments.size(); ++i) {
      if (IsParameter(best->segments[i])) request.path_params[best->segments[i].substr(1)] = path_segments[i];
    }
    request.route_pattern = best->pattern;
  }
  return best;
}

Status Router::Authenticate(Request& request, RouteAccess access) const {
  request.principal = nullptr;
  request.credential = nullptr;
  if (access == RouteAccess::kPublic) return Status::Ok();
  if (!authenticator_) return Unauthenticated("Authentication is required.");
  auto principal = authenticator_(request, access);
  if (!principal.ok()) return principal.status();
  if (*principal == nullptr) return Unauthenticated("Authentication is required.");
  request.principal = std::move(*principal);
  return Status::Ok();
}

std::optional<Status> Router::AuthenticateWithoutBlocking(Request& request, RouteAccess access) const {
  request.principal = nullptr;
  request.credential = nullptr;
  if (access == RouteAccess::kPublic) return Status::Ok();
  if (!authenticator_) return Unauthenticated("Authentication is required.");
  if (!cached_authenticator_) return std::nullopt;
  auto principal = cached_authenticator_(request, access);
  if (!principal) return std::nullopt;
  if (!principal->ok()) return principal->status();
  if (**principal == nullptr) return Unauthenticated("Authentication is required.");
  request.principal = std::move(**principal);
  return Status::Ok();
}

bool Router::UsesFallback(const Request& request, const std::vector<Method>& allowed) const {
  bool is_api = request.path.rfind("/api/", 0) == 0 || request.path == "/api";
  return allowed.empty() && fallback_ && !is_api && (request.method == Method::kGet || request.method == Method::kHead);
}

Response Router::Unmatched(Request& request, const std::vector<Method>& allowed) const {
  if (!allowed.empty()) {
    request.route_pattern = "(method_not_allowed)";
    std::string allow;
    for (Method method : allowed) {
      if (!allow.empty()) allow += ", ";
      allow += MethodName(method);
      if (method == Method::kGet) allow += ", HEAD";
    }
    Response response = Response::Problem(
        InvalidArgument("The method is not allowed on this resource.").WithReason("method_not_allowed"));
    response.SetHeader("Allow", allow);
    return response;
  }
  if (UsesFallback(request, allowed)) {
    request.route_pattern = "(fallback)";
    return fallback_(request);
  }
  request.route_pattern = "(unmatched)";
  return Response::Problem(NotFound("No resource matches this path."));
}

Response Router::RunHandler(const Route& route, Request& request) {
  if (route.websocket) {
    Response response =
        Response::Problem(InvalidArgument("This endpoint needs a WebSocket upgrade.").WithReason("upgrade_required"));
    response.SetHeader("Upgrade", "websocket");
    return response;
  }
  return route.handler(request);
}

Response Router::Dispatch(Request& request) const {
  try {
    std::vector<Method> allowed;
    const Route* route = Match(request, &allowed);
    if (route == nullptr) return Unmatched(request, allowed);
    // Authenticate first: an anonymous caller learns nothing about the route beyond 401.
    if (Status status = Authenticate(request, route->access); !status.ok()) return Response::Problem(status);
    return RunHandler(*route, request);
  } catch (const std::exception& error) {
    return InternalErrorResponse(request, error.what());
  } catch (...) {
    return InternalErrorResponse(request, "unknown exception");
  }
}

std::optional<Response> Router::TryDispatchWithoutBlocking(Request& request) const {
  try {
    std::vector<Method> allowed;
    const Route* route = Match(request, &allowed);
    if (route == nullptr) {
      if (UsesFallback(request, allowed) && fallback_execution_ != Execution::kNonBlocking) return std::nullopt;
      return Unmatched(request, allowed);
    }
    if (!route->try_handler) return std::nullopt;
    std::optional<Status> status = AuthenticateWithoutBlocking(request, route->access);
    if (!status) return std::nullopt;
    if (!status->ok()) return Response::Problem(*status);
    return route->try_handler(request);
  } catch (const std::exception& error) {
    return InternalErrorResponse(request, error.what());
  } catch (...) {
    return InternalErrorResponse(request, "unknown exception");
  }
}

Result<WebSocketFactory> Router::MatchWebSocket(Request& request) const {
  try {
    std::vector<Method> allowed;
    const Route* route = Match(request, &allowed);
    if (route == nullptr || !route->websocket) {
      if (route == nullptr) request.route_pattern = "(unmatched)";
      return NotFound("No WebSocket endpoint matches this path.");
    }
    CHANCERY_TRY(Authenticate(request, route->access));
    return route->websocket;
  } catch (const std::exception& error) {
    spdlog::error("websocket authentication failed: request_id={} error={}", request.request_id, error.what());
    return Internal("An unexpected error occurred.");
  }
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> routes;
  routes.reserve(routes_.size());
  for (const Route& route : routes_) {
    routes.push_back(RouteInfo{route.method, route.pattern, route.access, route.websocket != nullptr,
                               route.try_handler ? Execution::kNonBlocking : Execution::kMayBlock});
  }
  return routes;
}

}  // namespace chancery::net
