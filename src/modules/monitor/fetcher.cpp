#include "modules/monitor/fetcher.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <memory>

namespace chancery::monitor {
namespace {

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
