// Fetching a feed over HTTP(S) the way a careful reader does, with libcurl: conditional GET (ETag and
// Last-Modified), compression, a time limit and a size limit, redirects followed one by one, and never to an
// internal address unless the administrator allowed its range.
//
// The address guard: a staff member types a source URL, and the server fetches it; without a guard that is a way
// into the ministry's own network (server-side request forgery). Before every request and every redirect the host is
// resolved and each address checked: loopback, private (RFC 1918), carrier-grade NAT, link-local (cloud metadata at
// 169.254.169.254 among them), unique-local and multicast addresses, "this network" and IPv4-mapped forms of all
// these are refused, unless inside a range of `allowed_ranges`. libcurl is then pinned to the checked address
// (CURLOPT_RESOLVE), so a second DNS answer cannot swap it for another (DNS rebinding).
//
// Thread-safety: Fetch may run on many threads at once (each call has its own libcurl handle); call
// curl_global_init once at start-up (the notifications module's mailer does).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "net/address_guard.hpp"

namespace chancery::monitor {

struct FetchOptions {
  std::chrono::milliseconds timeout = std::chrono::seconds(20);
  std::int64_t max_bytes = 10LL * 1024 * 1024;  // after decompression
  int max_redirects = 5;
  std::vector<std::string> allowed_ranges;  // CIDRs an administrator opened, e.g. "10.20.0.0/16"
  std::string user_agent = "Chancery-Monitor/1.0 (+https://chancery.dev)";
};

struct FetchRequest {
  std::string url;
  std::string etag;           // from the last 200, for If-None-Match
  std::string last_modified;  // from the last 200, for If-Modified-Since
};

struct FetchResult {
  int status = 0;    // 200, or 304 when unchanged
  std::string body;  // decompressed
  std::string content_type;
  std::string etag;
  std::string last_modified;
  std::string final_url;  // after redirects
};

// Refusals: kInvalidArgument (not an http(s) URL), kPermissionDenied reason "address_not_allowed" (the guard),
// kUnavailable (DNS, connection, timeout, HTTP 5xx, too many redirects: worth retrying later), kFailedPrecondition
// (HTTP 4xx, or larger than max_bytes: not worth retrying soon).
Result<FetchResult> Fetch(const FetchRequest& request, const FetchOptions& options);

// The guard alone (net/address_guard.hpp, shared with the webhooks module): OK when every address `host` resolves
// to may be fetched. For tests and for validating a URL when a source is saved.
using net::CheckHostAllowed;

}  // namespace chancery::monitor
