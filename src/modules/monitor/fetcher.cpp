#include "modules/monitor/fetcher.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstring>
#include <memory>

namespace chancery::monitor {
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

// Addresses no feed lives at: this host, private networks, link-local (cloud metadata), multicast and reserved.
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

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

struct Transfer {
  std::string body;
  std::int64_t max_bytes = 0;
  bool too_large = false;
  std::string etag;
  std::string last_modified;
  std::string location;
  std::string content_type;
};

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* context) {
  auto* transfer = static_cast<Transfer*>(context);
  const std::size_t bytes = size * count;
  if (static_cast<std::int64_t>(transfer->body.size() + bytes) > transfer->max_bytes) {
    transfer->too_large = true;
    return 0;  // stops the transfer
  }
  transfer->body.append(data, bytes);
  return bytes;
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* context) {
  auto* transfer = static_cast<Transfer*>(context);
  const std::string_view line(data, size * count);
  const std::size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    const std::string name = Lower(line.substr(0, colon));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
      value.remove_suffix(1);
    if (name == "etag") transfer->etag = value;
    if (name == "last-modified") transfer->last_modified = value;
    if (name == "location") transfer->location = value;
    if (name == "content-type") transfer->content_type = value;
  } else if (line.starts_with("HTTP/")) {  // a new response (after a 100 Continue): forget the last one's headers
    *transfer = Transfer{.max_bytes = transfer->max_bytes};
  }
  return size * count;
}

struct UrlParts {
  std::string scheme;
  std::string host;
  long port = 0;
};

Result<UrlParts> ParseUrl(const std::string& url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle(curl_url(), &curl_url_cleanup);
  if (curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return InvalidArgument("'" + url + "' is not a URL.").WithField("url");
  }
  UrlParts parts;
  const auto part = [&](CURLUPart which, unsigned flags) {
    char* value = nullptr;
    std::string text;
    if (curl_url_get(handle.get(), which, &value, flags) == CURLUE_OK && value != nullptr) text = value;
    curl_free(value);
    return text;
  };
  parts.scheme = Lower(part(CURLUPART_SCHEME, 0));
  parts.host = part(CURLUPART_HOST, 0);
  parts.port = std::atol(part(CURLUPART_PORT, CURLU_DEFAULT_PORT).c_str());
  if (parts.scheme != "http" && parts.scheme != "https") {
    return InvalidArgument("Feeds are fetched over http or https, not '" + parts.scheme + "'.").WithField("url");
  }
  if (parts.host.empty()) return InvalidArgument("'" + url + "' names no host.").WithField("url");
  if (parts.host.front() == '[') parts.host = parts.host.substr(1, parts.host.size() - 2);
  return parts;
}

// `location` against `base`.
std::string ResolveLocation(const std::string& base, const std::string& location) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle(curl_url(), &curl_url_cleanup);
  curl_url_set(handle.get(), CURLUPART_URL, base.c_str(), 0);
  if (curl_url_set(handle.get(), CURLUPART_URL, location.c_str(), 0) != CURLUE_OK) return "";
  char* value = nullptr;
  std::string resolved;
  if (curl_url_get(handle.get(), CURLUPART_URL, &value, 0) == CURLUE_OK && value != nullptr) resolved = value;
  curl_free(value);
  return resolved;
}

}  // namespace

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
                              "); an administrator must allow its range before it is fetched.")
          .WithReason("address_not_allowed");
    }
    if (addresses != nullptr) addresses->emplace_back(text);
  }
  return Status::Ok();
}

Result<FetchResult> Fetch(const FetchRequest& request, const FetchOptions& options) {
  std::string url = request.url;
  for (int hop = 0; hop <= options.max_redirects; ++hop) {
    CHANCERY_ASSIGN_OR_RETURN(UrlParts parts, ParseUrl(url));
    std::vector<std::string> addresses;
    CHANCERY_TRY(CheckHostAllowed(parts.host, options.allowed_ranges, &addresses));
    if (addresses.empty()) return Unavailable("The host '" + parts.host + "' has no address.");
    // Connect to the address just checked, whatever DNS answers next.
    const std::string pinned =
        addresses.front().find(':') != std::string::npos ? "[" + addresses.front() + "]" : addresses.front();
    const std::string resolve_entry = parts.host + ":" + std::to_string(parts.port) + ":" + pinned;
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> resolve(
        curl_slist_append(nullptr, resolve_entry.c_str()), &curl_slist_free_all);
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr, &curl_slist_free_all);
    const auto add_header = [&](const std::string& header) {
      headers.reset(curl_slist_append(headers.release(), header.c_str()));
    };
    add_header(
        "Accept: application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
        "*/*;q=0.5");
    if (!request.etag.empty()) add_header("If-None-Match: " + request.etag);
    if (!request.last_modified.empty()) add_header("If-Modified-Since: " + request.last_modified);

    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) return Unavailable("libcurl could not start a transfer.");
    Transfer transfer{.max_bytes = options.max_bytes};
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_RESOLVE, resolve.get());
    curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 0L);   // each hop is checked here
    curl_easy_setopt(curl.get(), CURLOPT_ACCEPT_ENCODING, "");  // whatever libcurl can decompress
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
    curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.timeout.count()));
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, options.user_agent.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &OnBody);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, &OnHeader);
    curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(curl.get(), CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_bytes));
    const CURLcode code = curl_easy_perform(curl.get());
    if (transfer.too_large || code == CURLE_FILESIZE_EXCEEDED) {
      return FailedPrecondition("The feed at " + url + " is larger than " + std::to_string(options.max_bytes) +
                                " bytes.");
    }
    if (code != CURLE_OK) return Unavailable("Fetching " + url + " failed: " + curl_easy_strerror(code) + ".");
    long status = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
      const std::string next = ResolveLocation(url, transfer.location);
      if (next.empty()) return Unavailable("A redirect from " + url + " leads nowhere.");
      url = next;
      continue;
    }
    if (status == 304 || (status >= 200 && status < 300)) {
      return FetchResult{.status = static_cast<int>(status),
                         .body = status == 304 ? std::string() : std::move(transfer.body),
                         .content_type = transfer.content_type,
                         .etag = transfer.etag,
                         .last_modified = transfer.last_modified,
                         .final_url = url};
    }
    if (status >= 500 || status == 429) return Unavailable(url + " answered HTTP " + std::to_string(status) + ".");
    return FailedPrecondition(url + " answered HTTP " + std::to_string(status) + ".");
  }
  return Unavailable("Too many redirects from " + request.url + ".");
}

}  // namespace chancery::monitor
