// AlertMessages: what the dispatcher sends for an alert ("alert:<id>" campaigns): each recipient's addresses and
// consents as they are at send time, read from the registry (so a consent withdrawn after planning is honoured and
// an erased registration is not contacted), and the alert's text in the recipient's language, shaped for the
// channel (a short SMS, a Zalo template's parameters, an e-mail, a push notification).
//
// Thread-safety: safe for concurrent use (alerts are cached under a mutex).
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "modules/alerts/alerts_service.hpp"
#include "modules/citizens/citizens_service.hpp"
#include "modules/delivery/dispatcher.hpp"

namespace chancery::alerts {

struct AlertMessageOptions {
  std::string public_base_url;   // e.g. "https://lanhsu.mofa.gov.vn"; links in messages start with it
  std::string zalo_template_id;  // the ZNS template approved for alerts: parameters headline, instruction, link
};

class AlertMessages : public delivery::CampaignContent {
 public:
  AlertMessages(AlertsService& alerts, citizens::CitizensService& citizens, AlertMessageOptions options);

  Result<std::vector<std::optional<delivery::Recipient>>> RecipientsOf(
      std::span<const delivery::ClaimedDelivery* const> deliveries) override;
  Result<delivery::Message> MessageFor(const delivery::ClaimedDelivery& delivery, delivery::Channel channel) override;

  // How a delivery's one-tap safety link is made (set by the module; without it, messages carry no link).
  void SetSafetyToken(std::function<std::string(std::int64_t delivery_id)> token) { safety_token_ = std::move(token); }

 private:
  Result<Alert> AlertOf(const std::string& campaign);

  AlertsService& alerts_;
  citizens::CitizensService& citizens_;
  AlertMessageOptions options_;
  std::mutex mutex_;
  std::map<std::int64_t, Alert> cache_;
  std::function<std::string(std::int64_t)> safety_token_;
};

}  // namespace chancery::alerts
