#include "net/trusted_proxies.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace chancery::net {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::array<std::uint8_t, 16>> TrustedProxies::ParseAddress(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  std::string copy(text);
  std::array<std::uint8_t, 16> bytes{};
  in_addr v4{};
  if (inet_pton(AF_INET, copy.c_str(), &v4) == 1) {
    bytes[10] = 0xff;
    bytes[11] = 0xff;
    std::memcpy(bytes.data() + 12, &v4, 4);
    return bytes;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, copy.c_str(), &v6) == 1) {
    std::memcpy(bytes.data(), &v6, 16);
    return bytes;
  }
  return std::nullopt;
}

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& entries) {
  TrustedProxies proxies;
  for (const std::string& entry : entries) {
    std::string_view text = Trim(entry);
    std::size_t slash = text.find('/');
    auto bytes = ParseAddress(text.substr(0, slash));
    if (!bytes) return InvalidArgument("trusted proxy '" + entry + "' is not an IP address or CIDR");
    bool is_v4 = text.substr(0, slash).find(':') == std::string_view::npos;
    Network network{*bytes, 128};
    if (slash != std::string_view::npos) {
      std::string_view bits_text = text.substr(slash + 1);
      int bits = -1;
      auto [end, error] = std::from_chars(bits_text.data(), bits_text.data() + bits_text.size(), bits);
      int max_bits = is_v4 ? 32 : 128;
      if (error != std::errc() || end != bits_text.data() + bits_text.size() || bits < 0 || bits > max_bits) {
        return InvalidArgument("trusted proxy '" + entry + "' has an invalid prefix length");
      }
      network.prefix_bits = is_v4 ? bits + 96 : bits;
    }
    proxies.networks_.push_back(network);
  }
  return proxies;
}

bool TrustedProxies::Contains(std::string_view address) const {
  auto bytes = ParseAddress(Trim(address));
  if (!bytes) return false;
  for (const Network& network : networks_) {
    int full_bytes = network.prefix_bits / 8;
    int rest_bits = network.prefix_bits % 8;
    if (std::memcmp(bytes->data(), network.bytes.data(), static_cast<std::size_t>(full_bytes)) != 0) continue;
    if (rest_bits != 0) {
      auto mask = static_cast<std::uint8_t>(0xff << (8 - rest_bits));
      if (((*bytes)[full_bytes] & mask) != (network.bytes[full_bytes] & mask)) continue;
    }
    return true;
  }
  return false;
}

TrustedProxies::ClientView TrustedProxies::Resolve(std::string_view peer_address, bool peer_secure,
                                                   std::string_view forwarded_for,
                                                   std::string_view forwarded_proto) const {
  ClientView view{std::string(peer_address), peer_secure};
  if (!Contains(peer_address)) return view;
  std::string_view proto = Trim(forwarded_proto.substr(0, forwarded_proto.find(',')));
  if (proto == "https") view.secure = true;
  if (proto == "http") view.secure = false;
  // Walk from the right: each hop appended the address it saw; stop at the first one we do not trust.
  std::string_view rest = forwarded_for;
  while (!Trim(rest).empty()) {
    std::size_t comma = rest.rfind(',');
    std::string_view entry = Trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    if (!ParseAddress(entry)) break;  // garbage: keep the last address we could vouch for
    view.address = std::string(entry);
    if (!Contains(entry)) break;
  }
  return view;
}

}  // namespace chancery::net
