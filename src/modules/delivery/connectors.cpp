#include "modules/delivery/connectors.hpp"

#include <boost/json.hpp>

#include "core/crypto.hpp"

namespace chancery::delivery {

SendOutcome EmailConnector::Send(const SendRequest& request) {
  if (!mailer_.enabled()) return SendOutcome::Failed(SendResult::kUnreachable, "e-mail is not configured");
  // The Message-ID is derived from the idempotency key: a retry of the step is the same message to any server
  // or client that deduplicates by it.
  const std::string message_id = crypto::Sha256Hex(request.idempotency_key).substr(0, 32) + "@chancery.alerts";
  const Status sent =
      mailer_.Send({request.recipient->email, request.message.subject, request.message.text, message_id});
  if (sent.ok()) return SendOutcome::Accepted(message_id);
  return SendOutcome::Failed(sent.code() == StatusCode::kUnavailable ? SendResult::kTransient : SendResult::kRejected,
                             "SMTP: " + sent.message());
}

SendOutcome SmsConnector::Send(const SendRequest& request) {
  return gateway_.Send(request.recipient->phone, request.message.text, request.idempotency_key);
}

SendOutcome WebPushConnector::Send(const SendRequest& request) {
  boost::system::error_code error;
  const boost::json::value stored = boost::json::parse(request.recipient->push_subscription_json, error);
  if (error || !stored.is_object()) return SendOutcome::Failed(SendResult::kUnreachable, "no push subscription");
  const auto field = [&](const char* key) {
    const boost::json::value* value = stored.as_object().if_contains(key);
    return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
  };
  const PushSubscription subscription{field("endpoint"), field("p256dh"), field("auth")};
  // What the console's service worker (web/public/push-sw.js) shows: the notification, its buttons, and what each does.
  boost::json::array actions;
  for (const MessageAction& action : request.message.actions) {
    boost::json::object item{{"action", action.action}, {"title", action.title}};
    if (!action.post_url.empty()) {
      item["post"] = boost::json::object{{"url", action.post_url}, {"body", action.post_body_json}};
      item["done"] = action.done;
    }
    if (!action.open_url.empty()) item["url"] = action.open_url;
    actions.push_back(std::move(item));
  }
  const std::string payload = boost::json::serialize(boost::json::object{{"title", request.message.subject},
                                                                         {"body", request.message.text},
                                                                         {"url", request.message.link},
                                                                         {"lang", request.language},
                                                                         {"delivery", request.delivery_id},
                                                                         {"actions", std::move(actions)}});
  WebPushMessageOptions options;
  options.urgency = PushUrgency::kHigh;
  // A newer message for the same delivery step replaces an undelivered older one on the device.
  options.topic = crypto::Base64UrlEncode(crypto::Sha256(request.idempotency_key)).substr(0, 32);
  return sender_.Send(subscription, payload, options);
}

}  // namespace chancery::delivery
