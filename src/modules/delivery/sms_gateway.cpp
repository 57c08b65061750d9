#include "modules/delivery/sms_gateway.hpp"

#include <boost/json.hpp>

#include "modules/delivery/http_client.hpp"

namespace chancery::delivery {

SendOutcome SmsGateway::Send(const std::string& phone_e164, const std::string& text,
                             const std::string& reference) const {
  if (!enabled()) return SendOutcome::Failed(SendResult::kUnreachable, "SMS is not configured");
  HttpRequest request;
  request.url = options_.url;
  request.timeout_ms = options_.timeout_ms;
  request.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + options_.token}};
  request.body = boost::json::serialize(
      boost::json::object{{"to", phone_e164}, {"text", text}, {"reference", reference}, {"sender", options_.sender}});
  const HttpResponse response = SendHttp(request);
  SendOutcome outcome = ClassifyHttp(response, "SMS gateway " + HostOf(options_.url));
  if (outcome.result != SendResult::kAccepted) return outcome;
  boost::system::error_code error;
  const boost::json::value body = boost::json::parse(response.body, error);
  if (!error && body.is_object()) {
    if (const boost::json::value* id = body.as_object().if_contains("id"); id != nullptr && id->is_string()) {
      outcome.provider_message_id = std::string(id->as_string());
    }
  }
  return outcome;
}

}  // namespace chancery::delivery
