// Where a webhook may be sent. A URL is https, or http only to a host the administrator listed
// (`webhooks.http_hosts`, e.g. a receiver inside the ministry's network); it carries no user name or password; and
// every address its host resolves to passes the address guard (net/address_guard.hpp), unless inside a range the
// administrator allowed (`webhooks.allowed_ranges`). The check runs when an endpoint is saved and again before
// every send, whose connection is pinned to the addresses just checked (no DNS rebinding).
//
// Thread-safety: pure functions (DNS lookups block).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace chancery::webhooks {

struct DestinationPolicy {
  std::vector<std::string> allowed_ranges;  // CIDRs receivers may be at despite the guard
  std::vector<std::string> http_hosts;      // hosts that may be sent to over plain http
};

struct Destination {
  std::string url;
  std::string host;
  std::vector<std::string> resolve;  // CURLOPT_RESOLVE entries pinning the host to its checked addresses
};

// The URL's form alone (no DNS): kInvalidArgument with field "/url".
Status CheckUrlForm(std::string_view url, const DestinationPolicy& policy);
// The form and the guard, and the pinned addresses. kInvalidArgument (form), kPermissionDenied with reason
// "address_not_allowed" (the guard), kUnavailable (the host does not resolve); each with field "/url".
Result<Destination> ResolveDestination(std::string_view url, const DestinationPolicy& policy);

}  // namespace chancery::webhooks
