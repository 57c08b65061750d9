#include "modules/webhooks/destination.hpp"

#include <algorithm>
#include <boost/url.hpp>

#include "net/address_guard.hpp"

namespace chancery::webhooks {
namespace {

struct Parts {
  std::string scheme;
  std::string host;  // without brackets
  std::uint16_t port = 0;
};

Result<Parts> Parse(std::string_view url, const DestinationPolicy& policy) {
  if (url.size() > 2000) return InvalidArgument("The URL is too long.").WithField("/url");
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return InvalidArgument("The URL is not an absolute URL.").WithField("/url");
  Parts parts;
  parts.scheme = parsed->scheme();
  std::transform(parts.scheme.begin(), parts.scheme.end(), parts.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (parts.scheme != "https" && parts.scheme != "http") {
    return InvalidArgument("Webhooks are sent over https.").WithField("/url");
  }
  if (parsed->has_userinfo()) {
    return InvalidArgument("The URL must not hold a user name or password; the signature authenticates us.")
        .WithField("/url");
  }
  if (parsed->has_fragment()) return InvalidArgument("The URL must not have a fragment (#...).").WithField("/url");
  parts.host = parsed->host_type() == boost::urls::host_type::ipv6 ? std::string(parsed->encoded_host_address())
                                                                   : std::string(parsed->host());
  if (!parts.host.empty() && parts.host.front() == '[') parts.host = parts.host.substr(1, parts.host.size() - 2);
  if (parts.host.empty()) return InvalidArgument("The URL names no host.").WithField("/url");
  std::transform(parts.host.begin(), parts.host.end(), parts.host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  parts.port = parsed->has_port() ? parsed->port_number() : (parts.scheme == "https" ? 443 : 80);
  if (parsed->has_port() && parts.port == 0) return InvalidArgument("The URL's port is not valid.").WithField("/url");
  if (parts.scheme == "http" &&
      std::find(policy.http_hosts.begin(), policy.http_hosts.end(), parts.host) == policy.http_hosts.end()) {
    return InvalidArgument(
               "Webhooks are sent over https; plain http only to hosts an administrator allowed "
               "(webhooks.http_hosts).")
        .WithField("/url")
        .WithReason("http_not_allowed");
  }
  return parts;
}

}  // namespace

Status CheckUrlForm(std::string_view url, const DestinationPolicy& policy) { return Parse(url, policy).status(); }

Result<Destination> ResolveDestination(std::string_view url, const DestinationPolicy& policy) {
  CHANCERY_ASSIGN_OR_RETURN(Parts parts, Parse(url, policy));
  std::vector<std::string> addresses;
  if (Status allowed = net::CheckHostAllowed(parts.host, policy.allowed_ranges, &addresses); !allowed.ok()) {
    return allowed.WithField("/url");
  }
  if (addresses.empty()) return Unavailable("The host '" + parts.host + "' has no address.").WithField("/url");
  Destination destination{.url = std::string(url), .host = parts.host, .resolve = {}};
  const std::string host = parts.host.find(':') != std::string::npos ? "[" + parts.host + "]" : parts.host;
  std::string entry = host + ":" + std::to_string(parts.port) + ":";
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    if (i > 0) entry += ",";
    entry += addresses[i].find(':') != std::string::npos ? "[" + addresses[i] + "]" : addresses[i];
  }
  destination.resolve.push_back(std::move(entry));
  return destination;
}

}  // namespace chancery::webhooks
