// SmsGateway: text messages through an HTTP SMS gateway (the ministry's contracted aggregator), the protocol
// documented in the delivery README:
//
//   POST {url}   Authorization: Bearer {token}   Content-Type: application/json
//   {"to": "+84912345678", "text": "…", "reference": "<our idempotency key>", "sender": "MOFA VN"}
//   → 2xx {"id": "<gateway message id>"}; the gateway treats a repeated reference as the same message.
//
// Delivery reports and inbound replies come back by webhook (see the delivery API). Answers are classified as in
// http_client.hpp; the detail never carries the number or the text.
//
// Thread-safety: Send may be called from many threads.
#pragma once

#include <string>

#include "modules/delivery/outcome.hpp"

namespace chancery::delivery {

struct SmsGatewayOptions {
  std::string url;  // empty: SMS is off
  std::string token;
  std::string sender = "MOFA VN";
  long timeout_ms = 10000;
};

class SmsGateway {
 public:
  explicit SmsGateway(SmsGatewayOptions options) : options_(std::move(options)) {}
  bool enabled() const { return !options_.url.empty(); }
  SendOutcome Send(const std::string& phone_e164, const std::string& text, const std::string& reference) const;

 private:
  SmsGatewayOptions options_;
};

}  // namespace chancery::delivery
