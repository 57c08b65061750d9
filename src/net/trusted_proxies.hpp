// TrustedProxies: which peers may tell us the client's address and scheme (X-Forwarded-For/-Proto).
//
// Built from a list of addresses and CIDRs ("10.0.0.0/8", "::1", "fd00::/8"). Only when the direct peer is
// trusted are the forwarded headers honoured; the client is then the rightmost X-Forwarded-For entry that is not
// itself a trusted proxy, so a client cannot forge its address by prepending entries.
//
// Thread-safety: immutable after Parse; safe to share between threads.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace chancery::net {

class TrustedProxies {
 public:
  // kInvalidArgument naming the entry that is not an address or CIDR.
  static Result<TrustedProxies> Parse(const std::vector<std::string>& entries);

  bool Contains(std::string_view address) const;

  struct ClientView {
    std::string address;
    bool secure = false;
  };
  // The client address and scheme given the direct peer and the raw forwarded headers (empty when absent).
  ClientView Resolve(std::string_view peer_address, bool peer_secure, std::string_view forwarded_for,
                     std::string_view forwarded_proto) const;

 private:
  struct Network {
    std::array<std::uint8_t, 16> bytes{};  // IPv4 as IPv4-mapped IPv6
    int prefix_bits = 128;
  };
  static std::optional<std::array<std::uint8_t, 16>> ParseAddress(std::string_view text);

  std::vector<Network> networks_;
};

}  // namespace chancery::net
