// ZaloConnector's sends: a consultation message to a follower, a ZNS template message to a phone number.
#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

#include "modules/delivery/http_client.hpp"
#include "modules/zalo/zalo.hpp"
#include "modules/zalo/zalo_json.hpp"
#include "modules/zalo/zalo_protocol.hpp"

namespace chancery::zalo {
namespace {

using delivery::SendOutcome;
using delivery::SendResult;

std::string Join(const std::string& host, std::string_view path) {
  std::string url = host;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url + std::string(path);
}

// Without a usable token nothing was sent: an unknown account is a configuration error (try another channel); any
// other failure (Zalo refused or did not answer the refresh, the database is down) may pass.
SendOutcome WithoutToken(const Status& status) {
  if (status.code() == StatusCode::kNotFound)
    return SendOutcome::Failed(SendResult::kRejected, "zalo account not found");
  return SendOutcome::Failed(SendResult::kTransient, "zalo access token unavailable: " + status.message());
}

}  // namespace

delivery::SendOutcome ZaloConnector::SendConsultation(std::int64_t account_id, const std::string& zalo_user_id,
                                                      const std::string& text) {
  if (zalo_user_id.empty()) return SendOutcome::Failed(SendResult::kRejected, "zalo: no user id");
  if (text.empty()) return SendOutcome::Failed(SendResult::kRejected, "zalo: empty message");
  const boost::json::object body{{"recipient", boost::json::object{{"user_id", zalo_user_id}}},
                                 {"message", boost::json::object{{"text", text}}}};
  return Post(account_id, Join(options_.hosts.openapi, "/v3.0/oa/message/cs"), boost::json::serialize(body));
}

delivery::SendOutcome ZaloConnector::SendTemplate(std::int64_t account_id, const std::string& phone,
                                                  const std::string& template_id, const std::string& template_data_json,
                                                  const std::string& tracking_id) {
  // ZNS wants E.164 without "+"; a "+" is forgiven, anything else but 8 to 15 digits is not a number.
  const std::string number = !phone.empty() && phone.front() == '+' ? phone.substr(1) : phone;
  if (number.size() < 8 || number.size() > 15 ||
      !std::all_of(number.begin(), number.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return SendOutcome::Failed(SendResult::kRejected, "zalo: the phone number is not in E.164 form");
  }
  if (template_id.empty()) return SendOutcome::Failed(SendResult::kRejected, "zalo: no ZNS template");
  std::optional<boost::json::object> template_data = json::ParseObject(template_data_json);
  if (!template_data) return SendOutcome::Failed(SendResult::kRejected, "zalo: the template data is not a JSON object");
  boost::json::object body{
      {"phone", number}, {"template_id", template_id}, {"template_data", std::move(*template_data)}};
  if (!tracking_id.empty()) body["tracking_id"] = tracking_id;
  return Post(account_id, Join(options_.hosts.business, "/message/template"), boost::json::serialize(body));
}

delivery::SendOutcome ZaloConnector::Post(std::int64_t account_id, const std::string& url, const std::string& body) {
  const auto send = [&](const std::string& token) {
    delivery::HttpRequest request;
    request.url = url;
    request.timeout_ms = options_.timeout_ms;
    request.headers = {{"Content-Type", "application/json"}, {"access_token", token}};
    request.body = body;
    return ReadSendAnswer(delivery::SendHttp(request));
  };
  Result<std::string> token = AccessToken(account_id);
  if (!token.ok()) return WithoutToken(token.status());
  SendAnswer answer = send(*token);
  if (!answer.token_rejected) return answer.outcome;
  // Zalo refused the token before its time (revoked, or expired early): one refresh, one retry. A second refusal
  // stays kTransient, so the dispatcher tries again later rather than refreshing in a loop.
  Result<std::string> fresh = AccessToken(account_id, *token);
  if (!fresh.ok()) return WithoutToken(fresh.status());
  return send(*fresh).outcome;
}

}  // namespace chancery::zalo
