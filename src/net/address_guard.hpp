// The address guard against server-side request forgery: before the server connects to a URL that a member of
// staff typed (a monitor feed, a webhook receiver), the host is resolved and each of its addresses checked.
// Loopback, private (RFC 1918), carrier-grade NAT, link-local (cloud metadata at 169.254.169.254 among them),
// unique-local, multicast and reserved addresses, "this network" and IPv4-mapped forms of all these are refused,
// unless inside a range an administrator allowed. Without the guard, such a URL is a way into the ministry's own
// network.
//
// Callers then connect to one of the checked addresses (libcurl's CURLOPT_RESOLVE), so that a second DNS answer
// cannot swap it for another (DNS rebinding).
//
// Thread-safety: pure functions over getaddrinfo; safe on any number of threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace chancery::net {

// OK when every address `host` resolves to may be reached; `addresses` (when given) receives them as text.
// Refusals: kPermissionDenied with reason "address_not_allowed" (an internal address outside `allowed_ranges`),
// kInvalidArgument (an entry of `allowed_ranges` is not a CIDR), kUnavailable (the host does not resolve).
// `host` may be an IPv6 literal in brackets, as URLs write it.
Status CheckHostAllowed(std::string_view host, const std::vector<std::string>& allowed_ranges,
                        std::vector<std::string>* addresses = nullptr);

// True when `cidr` is an IPv4 or IPv6 address with an optional prefix ("10.20.0.0/16", "fd00::/8").
bool IsAddressRange(std::string_view cidr);

}  // namespace chancery::net
