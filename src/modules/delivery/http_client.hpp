// One HTTP request to a provider's API (SMS gateway, webhook receivers, Zalo, push services), with libcurl: the
// status, the body (capped) and the headers of the answer; a transport failure (DNS, refused, TLS, timeout) is a
// status of 0 with the reason in `transport_error`. Redirects are not followed: a provider answers where it is.
//
// Also the classification every connector shares: what an HTTP status means for a message (see outcome.hpp).
//
// Thread-safety: Send may be called from many threads; each call uses its own curl handle.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "modules/delivery/outcome.hpp"

namespace chancery::delivery {

struct HttpRequest {
  std::string method = "POST";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. {"Content-Type", "application/json"}
  std::string body;
  long timeout_ms = 10000;
  std::size_t max_response_bytes = 1 << 20;
  // Addresses to connect to instead of asking DNS, as libcurl's CURLOPT_RESOLVE takes them ("host:port:address"):
  // a caller that checked the host's addresses (net/address_guard.hpp) pins the connection to them.
  std::vector<std::string> resolve;
};

struct HttpResponse {
  long status = 0;  // 0: no answer (see transport_error)
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string transport_error;

  std::optional<std::string> Header(std::string_view lower_name) const;
  // Retry-After in milliseconds (delta-seconds form), when present.
  std::optional<std::int64_t> RetryAfterMs() const;
};

HttpResponse SendHttp(const HttpRequest& request);

// 2xx → kAccepted (with no message id: the caller reads its own); 408, 425, 429, 5xx and no answer → kTransient
// (with Retry-After); 404 and 410 → kUnreachable; other 4xx → kRejected. `provider` names it in the detail.
SendOutcome ClassifyHttp(const HttpResponse& response, std::string_view provider);

// The host of a URL, for details that must not carry a path (which may identify a person).
std::string HostOf(std::string_view url);

}  // namespace chancery::delivery
