#include "modules/delivery/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace chancery::delivery {
namespace {

struct Received {
  std::string body;
  std::size_t limit = 0;
  bool truncated = false;
  std::vector<std::pair<std::string, std::string>> headers;
};

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* received = static_cast<Received*>(user);
  const std::size_t bytes = size * count;
  const std::size_t room = received->limit > received->body.size() ? received->limit - received->body.size() : 0;
  received->body.append(data, std::min(bytes, room));
  if (bytes > room) received->truncated = true;
  return bytes;
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* received = static_cast<Received*>(user);
  const std::string line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) received->headers.clear();  // a new response (after 100 Continue)
  const auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string value = line.substr(colon + 1);
    const auto first = value.find_first_not_of(" \t");
    const auto last = value.find_last_not_of(" \t\r\n");
    value = first == std::string::npos ? std::string() : value.substr(first, last - first + 1);
    received->headers.emplace_back(std::move(name), std::move(value));
  }
  return size * count;
}

}  // namespace

std::optional<std::string> HttpResponse::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return std::nullopt;
}

std::optional<std::int64_t> HttpResponse::RetryAfterMs() const {
  std::optional<std::string> value = Header("retry-after");
  if (!value || value->empty() || !std::all_of(value->begin(), value->end(), ::isdigit) || value->size() > 9) {
    return std::nullopt;
  }
  return std::stoll(*value) * 1000;
}

HttpResponse SendHttp(const HttpRequest& request) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  HttpResponse response;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) {
    response.transport_error = "cannot create an HTTP client";
    return response;
  }
  curl_slist* header_list = nullptr;
  for (const auto& [name, value] : request.headers)
    header_list = curl_slist_append(header_list, (name + ": " + value).c_str());
  // libcurl would otherwise send "Expect: 100-continue" for larger bodies and wait for it.
  header_list = curl_slist_append(header_list, "Expect:");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(header_list, &curl_slist_free_all);
  curl_slist* resolve_list = nullptr;
  for (const std::string& entry : request.resolve) resolve_list = curl_slist_append(resolve_list, entry.c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> resolve(resolve_list, &curl_slist_free_all);
  Received received;
  received.limit = request.max_response_bytes;
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method != "GET") {
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  if (resolve) curl_easy_setopt(handle, CURLOPT_RESOLVE, resolve.get());
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, request.timeout_ms);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, std::min<long>(request.timeout_ms, 5000));
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &received);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &received);
  const CURLcode code = curl_easy_perform(handle);
  if (code != CURLE_OK) {
    response.transport_error = curl_easy_strerror(code);
    return response;
  }
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
  response.body = std::move(received.body);
  response.headers = std::move(received.headers);
  return response;
}

SendOutcome ClassifyHttp(const HttpResponse& response, std::string_view provider) {
  const std::string name(provider);
  if (response.status == 0) {
    return SendOutcome::Failed(SendResult::kTransient, name + " not reached: " + response.transport_error);
  }
  const std::string detail = name + " answered HTTP " + std::to_string(response.status);
  if (response.status >= 200 && response.status < 300) return SendOutcome::Accepted("");
  if (response.status == 408 || response.status == 425 || response.status == 429 || response.status >= 500) {
    SendOutcome outcome = SendOutcome::Failed(SendResult::kTransient, detail);
    outcome.retry_after_ms = response.RetryAfterMs();
    return outcome;
  }
  if (response.status == 404 || response.status == 410) return SendOutcome::Failed(SendResult::kUnreachable, detail);
  return SendOutcome::Failed(SendResult::kRejected, detail);
}

std::string HostOf(std::string_view url) {
  const auto scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  const auto end = rest.find_first_of("/?#");
  return std::string(rest.substr(0, end));
}

}  // namespace chancery::delivery
