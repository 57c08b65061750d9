// Webhooks from Zalo: the signature check and the reading of an event into a WebhookEvent.
#include <cctype>
#include <cstdlib>

#include "core/crypto.hpp"
#include "modules/zalo/zalo.hpp"
#include "modules/zalo/zalo_json.hpp"

namespace chancery::zalo {
namespace {

constexpr std::int64_t kMaxSkewSeconds = 300;
// A timestamp above this is in milliseconds: as seconds it would be past the year 5000, as milliseconds it is any
// date after 1973.
constexpr std::int64_t kMillisecondsAbove = 100'000'000'000;

// The event itself: at top level, or (in one integration's reading) wrapped in "data".
const boost::json::object& EventOf(const boost::json::object& body) {
  if (!body.contains("event_name")) {
    if (const boost::json::object* data = json::ObjectAt(body, "data");
        data != nullptr && data->contains("event_name")) {
      return *data;
    }
  }
  return body;
}

std::int64_t ToMilliseconds(std::int64_t timestamp) {
  return timestamp > kMillisecondsAbove ? timestamp : timestamp * 1000;
}

std::optional<std::string> IdOf(const boost::json::object& event, std::string_view party) {
  const boost::json::object* object = json::ObjectAt(event, party);
  if (object == nullptr) return std::nullopt;
  return json::TextAt(*object, "id");
}

std::optional<WebhookLocation> LocationOf(const boost::json::object& message) {
  const boost::json::value* attachments = message.if_contains("attachments");
  if (attachments == nullptr || !attachments->is_array()) return std::nullopt;
  for (const boost::json::value& attachment : attachments->get_array()) {
    if (!attachment.is_object()) continue;
    const boost::json::object* payload = json::ObjectAt(attachment.get_object(), "payload");
    const boost::json::object* coordinates = payload != nullptr ? json::ObjectAt(*payload, "coordinates") : nullptr;
    if (coordinates == nullptr) continue;
    const std::optional<double> latitude = json::NumberAt(*coordinates, "latitude");
    const std::optional<double> longitude = json::NumberAt(*coordinates, "longitude");
    if (latitude && longitude && std::abs(*latitude) <= 90 && std::abs(*longitude) <= 180) {
      return WebhookLocation{*latitude, *longitude};
    }
  }
  return std::nullopt;
}

}  // namespace

Status VerifyWebhookSignature(std::string_view raw_body, std::string_view signature_header,
                              std::string_view oa_secret_key, std::int64_t now_seconds) {
  if (oa_secret_key.empty()) return Unauthenticated("No OA secret key to check the signature with.");
  const std::optional<boost::json::object> body = json::ParseObject(raw_body);
  if (!body) return InvalidArgument("A Zalo event is a JSON object.");
  const boost::json::object& event = EventOf(*body);
  const std::optional<std::string> app_id = json::TextAt(event, "app_id");
  const std::optional<std::string> timestamp_text = json::TextAt(event, "timestamp");
  const std::optional<std::int64_t> timestamp = json::IntegerAt(event, "timestamp");
  if (!app_id || !timestamp_text || !timestamp) return InvalidArgument("A Zalo event names its app_id and timestamp.");

  std::string_view header = signature_header;
  while (!header.empty() && std::isspace(static_cast<unsigned char>(header.front()))) header.remove_prefix(1);
  while (!header.empty() && std::isspace(static_cast<unsigned char>(header.back()))) header.remove_suffix(1);
  if (header.size() >= 4 && std::tolower(static_cast<unsigned char>(header[0])) == 'm' &&
      std::tolower(static_cast<unsigned char>(header[1])) == 'a' &&
      std::tolower(static_cast<unsigned char>(header[2])) == 'c' && header[3] == '=') {
    header.remove_prefix(4);
  }
  std::string provided(header);
  for (char& c : provided) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string signed_text = *app_id;
  signed_text.append(raw_body).append(*timestamp_text).append(oa_secret_key);
  if (!crypto::ConstantTimeEquals(crypto::Sha256Hex(signed_text), provided)) {
    return Unauthenticated("The Zalo event's signature does not match.").WithReason("bad_signature");
  }
  // Checked after the signature, so that a forged body cannot learn anything from the answer.
  const std::int64_t seconds = ToMilliseconds(*timestamp) / 1000;
  if (seconds < now_seconds - kMaxSkewSeconds || seconds > now_seconds + kMaxSkewSeconds) {
    return Unauthenticated("The Zalo event is too old (or from the future).").WithReason("stale_timestamp");
  }
  return Status::Ok();
}

Result<WebhookEvent> ParseWebhookEvent(std::string_view raw_body, std::string_view oa_id) {
  const std::optional<boost::json::object> body = json::ParseObject(raw_body);
  if (!body) return InvalidArgument("A Zalo event is a JSON object.");
  const boost::json::object& event = EventOf(*body);
  WebhookEvent parsed;
  parsed.event_name = json::TextAt(event, "event_name").value_or("");
  if (parsed.event_name.empty()) return InvalidArgument("A Zalo event names itself (event_name).");
  parsed.app_id = json::TextAt(event, "app_id").value_or("");
  if (const std::optional<std::int64_t> timestamp = json::IntegerAt(event, "timestamp")) {
    parsed.timestamp_ms = ToMilliseconds(*timestamp);
  }
  // Which side is the OA depends on the event (the user sends to the OA; a receipt goes from the OA to the user):
  // the user is whichever side is not the OA. follow and unfollow name the user as "follower".
  const std::optional<std::string> sender = IdOf(event, "sender");
  const std::optional<std::string> recipient = IdOf(event, "recipient");
  if (sender && !sender->empty() && *sender != oa_id) {
    parsed.user_id = *sender;
  } else if (recipient && !recipient->empty() && *recipient != oa_id) {
    parsed.user_id = *recipient;
  } else if (const std::optional<std::string> follower = IdOf(event, "follower")) {
    parsed.user_id = *follower;
  }
  if (const boost::json::object* message = json::ObjectAt(event, "message")) {
    parsed.text = json::TextAt(*message, "text").value_or("");
    parsed.message_id = json::TextAt(*message, "msg_id").value_or(json::TextAt(*message, "mid").value_or(""));
    parsed.tracking_id = json::TextAt(*message, "tracking_id").value_or("");
    if (const boost::json::value* ids = message->if_contains("msg_ids"); ids != nullptr && ids->is_array()) {
      for (const boost::json::value& id : ids->get_array()) {
        if (id.is_string()) parsed.seen_message_ids.emplace_back(id.get_string());
        if (id.is_int64() || id.is_uint64()) parsed.seen_message_ids.push_back(boost::json::serialize(id));
      }
    }
    parsed.location = LocationOf(*message);
  }
  if (parsed.tracking_id.empty()) parsed.tracking_id = json::TextAt(event, "tracking_id").value_or("");
  return parsed;
}

}  // namespace chancery::zalo
