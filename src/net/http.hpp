// Request and Response as the modules see them: plain values, free of Beast, so that module code compiles fast
// and can be tested without a socket.
//
// The server (net/http_server.cpp) converts Beast messages to and from these types and runs handlers on a worker
// pool, so a handler may block on the database; only handlers of routes added as Execution::kNonBlocking (see
// net/router.hpp) may run on a network thread.
#pragma once

#include <any>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/principal.hpp"
#include "core/status.hpp"

namespace chancery::net {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

const char* MethodName(Method method);
Method ParseMethod(std::string_view name);

struct Request {
  Method method = Method::kGet;
  std::string target;                                        // as received, e.g. "/api/v1/units?q=paris"
  std::string path;                                          // percent-decoded path without the query
  std::string query_string;                                  // raw, without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string remote_address;  // the client, after trusted-proxy resolution
  bool secure = false;         // TLS, directly or at a trusted proxy
  std::string request_id;
  std::map<std::string, std::string, std::less<>> path_params;  // filled by the router
  std::string route_pattern;  // the matched route's pattern, set by the router (for metrics and logs)

  // Set by the router for routes that need authentication; null on public routes.
  std::shared_ptr<const Principal> principal;
  // What the authenticator resolved the credential to, for the handlers of the authenticator's own module (the
  // identity module's ResolvedCredential); opaque to everything else, and null on public routes.
  std::shared_ptr<const void> credential;

  std::optional<std::string_view> Header(std::string_view lower_name) const;
  // First value of a query parameter, percent-decoded.
  std::optional<std::string> Query(std::string_view name) const;
  std::optional<std::string> Cookie(std::string_view name) const;
  // The path parameter `name` (":name" in the route pattern); empty if absent.
  std::string PathParam(std::string_view name) const;
  // The path parameter as a row id: a positive decimal integer, else nullopt (the caller answers 404).
  std::optional<std::int64_t> PathId(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  void SetHeader(std::string name, std::string value);
  std::optional<std::string_view> Header(std::string_view name) const;  // case-insensitive

  static Response Text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static Response JsonText(int status, std::string json_body);
  static Response NoContent();
  // An RFC 9457 problem+json body built from a Status; the one place where codes become HTTP statuses.
  static Response Problem(const Status& status, std::string_view instance = {});
};

// The HTTP status for a Status code (kOk → 200).
int HttpStatusFor(StatusCode code);
// The HTTP status for a whole Status: HttpStatusFor(code), refined by a few transport reasons that have their own
// HTTP status: "unsupported_media_type" 415, "payload_too_large" 413, "header_fields_too_large" 431,
// "method_not_allowed" 405, "upgrade_required" 426.
int HttpStatusFor(const Status& status);

// Decodes %XX escapes (and '+' as a space when `plus_is_space`, for query strings); nullopt when an escape is
// malformed or decodes to a NUL byte.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace chancery::net
