// The address guard; see address_guard.hpp for the contract.
#include "net/address_guard.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>

namespace chancery::net {
namespace {

// An address as 16 bytes (IPv4 as IPv4-mapped IPv6) and a prefix over those bytes.
using Address = std::array<std::uint8_t, 16>;

struct Range {
  Address base{};
  int bits = 0;  // over the 128-bit form
};

Address FromV4(const std::uint8_t* v4) {
  Address address{};
  address[10] = address[11] = 0xff;
  std::memcpy(address.data() + 12, v4, 4);
  return address;
}

std::optional<Address> ParseAddress(const std::string& text) {
  std::uint8_t buffer[16];
  if (inet_pton(AF_INET, text.c_str(), buffer) == 1) return FromV4(buffer);
  if (inet_pton(AF_INET6, text.c_str(), buffer) == 1) {
    Address address{};
    std::memcpy(address.data(), buffer, 16);
    return address;
  }
  return std::nullopt;
}

std::optional<Range> ParseRange(std::string_view cidr) {
  const std::size_t slash = cidr.find('/');
  auto base = ParseAddress(std::string(cidr.substr(0, slash)));
  if (!base) return std::nullopt;
  const bool v4 = cidr.substr(0, slash).find(':') == std::string_view::npos;
  int bits = v4 ? 32 : 128;
  if (slash != std::string_view::npos) {
    const std::string_view number = cidr.substr(slash + 1);
    if (std::from_chars(number.data(), number.data() + number.size(), bits).ec != std::errc() || bits < 0 ||
        bits > (v4 ? 32 : 128)) {
      return std::nullopt;
    }
  }
  return Range{*base, v4 ? bits + 96 : bits};
}

bool Contains(const Range& range, const Address& address) {
  for (int bit = 0; bit < range.bits; ++bit) {
    const int byte = bit / 8;
    const int mask = 0x80 >> (bit % 8);
    if ((range.base[byte] & mask) != (address[byte] & mask)) return false;
  }
  return true;
}

// Addresses no public service lives at: this host, private networks, link-local (cloud metadata), multicast and
// reserved.
const std::vector<Range>& Internal() {
  static const std::vector<Range> ranges = [] {
    std::vector<Range> parsed;
    for (const char* cidr : {"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
                             "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4",
                             "240.0.0.0/4", "::/128", "::1/128", "64:ff9b::/96", "fc00::/7", "fe80::/10", "ff00::/8"}) {
      parsed.push_back(*ParseRange(cidr));
    }
    return parsed;
  }();
  return ranges;
}

}  // namespace

bool IsAddressRange(std::string_view cidr) { return ParseRange(cidr).has_value(); }

Status CheckHostAllowed(std::string_view host, const std::vector<std::string>& allowed_ranges,
                        std::vector<std::string>* addresses) {
  std::vector<Range> allowed;
  for (const std::string& cidr : allowed_ranges) {
    auto range = ParseRange(cidr);
    if (!range) return InvalidArgument("'" + cidr + "' is not an address range (CIDR).");
    allowed.push_back(*range);
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  // An IPv6 literal as URLs write it: "[::1]".
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string name(host);
  if (getaddrinfo(name.c_str(), nullptr, &hints, &found) != 0 || found == nullptr) {
    return Unavailable("The host '" + name + "' could not be resolved.");
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owner(found, &freeaddrinfo);
  for (const addrinfo* entry = found; entry != nullptr; entry = entry->ai_next) {
    Address address{};
    char text[INET6_ADDRSTRLEN] = {};
    if (entry->ai_family == AF_INET) {
      const auto* v4 = reinterpret_cast<const sockaddr_in*>(entry->ai_addr);
      address = FromV4(reinterpret_cast<const std::uint8_t*>(&v4->sin_addr));
      inet_ntop(AF_INET, &v4->sin_addr, text, sizeof(text));
    } else if (entry->ai_family == AF_INET6) {
      const auto* v6 = reinterpret_cast<const sockaddr_in6*>(entry->ai_addr);
      std::memcpy(address.data(), &v6->sin6_addr, 16);
      inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof(text));
    } else {
      continue;
    }
    const bool internal =
        std::any_of(Internal().begin(), Internal().end(), [&](const Range& range) { return Contains(range, address); });
    const bool opened =
        std::any_of(allowed.begin(), allowed.end(), [&](const Range& range) { return Contains(range, address); });
    if (internal && !opened) {
      return PermissionDenied("'" + name + "' is an internal address (" + text +
                              "); an administrator must allow its range before the server connects to it.")
          .WithReason("address_not_allowed");
    }
    if (addresses != nullptr) addresses->emplace_back(text);
  }
  return Status::Ok();
}

}  // namespace chancery::net
