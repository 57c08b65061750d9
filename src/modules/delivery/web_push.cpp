// WebPushSender: one RFC 8030 request per message; the cryptography is in web_push_crypto.cpp.
#include "modules/delivery/web_push.hpp"

#include <algorithm>
#include <chrono>

#include "modules/delivery/http_client.hpp"

namespace chancery::delivery {
namespace {

// How long a VAPID token is good for: well inside the 24 hours a push service accepts, and long enough to absorb
// a clock that runs a little behind the push service's.
constexpr std::int64_t kVapidLifetimeSeconds = 12 * 60 * 60;
constexpr std::size_t kMaxTopicLength = 32;

bool IsBase64UrlCharacter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// Checked before anything else, so that no detail ever quotes a malformed endpoint.
bool IsHttpUrl(std::string_view url) {
  const auto separator = url.find("://");
  if (separator == std::string_view::npos || HostOf(url).empty()) return false;
  std::string scheme(url.substr(0, separator));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  return scheme == "http" || scheme == "https";
}

std::int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

const char* PushUrgencyName(PushUrgency urgency) {
  switch (urgency) {
    case PushUrgency::kVeryLow: return "very-low";
    case PushUrgency::kLow: return "low";
    case PushUrgency::kNormal: return "normal";
    case PushUrgency::kHigh: return "high";
  }
  return "normal";
}

SendOutcome WebPushSender::Send(const PushSubscription& subscription, std::string_view payload_json,
                                const WebPushMessageOptions& message) const {
  if (!IsHttpUrl(subscription.endpoint)) {
    return SendOutcome::Failed(SendResult::kRejected, "the push endpoint is not an http(s) URL");
  }
  const std::string provider = "push service " + HostOf(subscription.endpoint);
  if (message.topic.size() > kMaxTopicLength ||
      !std::all_of(message.topic.begin(), message.topic.end(), IsBase64UrlCharacter)) {
    return SendOutcome::Failed(SendResult::kRejected, "the topic must be at most 32 base64url characters");
  }
  if (message.ttl_seconds < 0) return SendOutcome::Failed(SendResult::kRejected, "the TTL must not be negative");
  Result<std::string> body = EncryptPushPayload(subscription, payload_json);
  if (!body.ok()) {
    return SendOutcome::Failed(SendResult::kRejected,
                               "cannot encrypt for this subscription: " + body.status().message());
  }
  Result<std::string> authorization =
      VapidAuthorization(options_.vapid, subscription.endpoint, options_.subject, NowSeconds() + kVapidLifetimeSeconds);
  if (!authorization.ok()) {
    return SendOutcome::Failed(SendResult::kRejected,
                               "cannot sign for " + provider + ": " + authorization.status().message());
  }

  HttpRequest request;
  request.url = subscription.endpoint;
  request.timeout_ms = options_.timeout_ms;
  request.max_response_bytes = 64 * 1024;
  request.body = std::move(body).value();
  request.headers = {{"Content-Encoding", "aes128gcm"},
                     {"Content-Type", "application/octet-stream"},
                     {"TTL", std::to_string(message.ttl_seconds)},
                     {"Urgency", PushUrgencyName(message.urgency)},
                     {"Authorization", std::move(authorization).value()},
                     {"User-Agent", options_.user_agent}};
  if (!message.topic.empty()) request.headers.emplace_back("Topic", message.topic);
  const HttpResponse response = SendHttp(request);
  SendOutcome outcome = ClassifyHttp(response, provider);
  if (outcome.result == SendResult::kAccepted) outcome.provider_message_id = response.Header("location").value_or("");
  return outcome;
}

}  // namespace chancery::delivery
