// AlertsModule: wires crisis alerts — the recipient index over the registry, the alerts service and routes, and
// the delivery of alerts: the dispatcher with one connector per configured channel (e-mail, SMS, web push, and the
// Zalo connectors given by the zalo module), and the upkeep that completes interrupted plans and closes finished
// alerts; the safety check and its assistance cases. It registers deliveries, safety answers and assistance cases
// with the registry as personal data to export and erase.
//
// Thread-safety: build once at start-up; RegisterRoutes before serving; Start/Stop from the main thread.
#pragma once

#include <memory>

#include "core/periodic_task.hpp"
#include "modules/alerts/alert_messages.hpp"
#include "modules/alerts/alerts_service.hpp"
#include "modules/alerts/assistance.hpp"
#include "modules/alerts/recipients.hpp"
#include "modules/alerts/safety_check.hpp"
#include "modules/citizens/citizens_service.hpp"
#include "modules/delivery/dispatcher.hpp"
#include "modules/delivery/sms_gateway.hpp"
#include "modules/delivery/web_push.hpp"
#include "modules/notifications/notifications.hpp"
#include "net/router.hpp"

namespace chancery::alerts {

struct AlertsModuleOptions {
  AlertsOptions alerts;
  AlertMessageOptions messages;
  delivery::DispatcherOptions dispatcher;
  notifications::MailOptions mail;
  delivery::SmsGatewayOptions sms;
  std::optional<delivery::WebPushOptions> web_push;
  double sms_per_second = 50;
  double email_per_second = 20;
  double web_push_per_second = 200;
  std::chrono::milliseconds upkeep_interval{5000};
  std::string sms_webhook_secret;  // the SMS gateway signs its webhooks with it (X-Signature: sha256=<hex HMAC>)
};

class AlertsModule {
 public:
  AlertsModule(storage::Database& database, const Clock& clock, const crypto::FieldCipher& cipher,
               audit::AuditLog& audit, const identity::Authorizer& authorizer, const directory::UnitTree& tree,
               directory::DirectoryService& directory, citizens::CitizensService& citizens,
               identity::IdentityService& identity, notifications::NotificationsService& notifications,
               AlertsModuleOptions options);
  ~AlertsModule() { Stop(); }

  void RegisterRoutes(net::Router& router);
  // Adds a connector for a channel (the Zalo ones come from the zalo module).
  void SetConnector(delivery::Channel channel, std::shared_ptr<delivery::Connector> connector, double per_second);
  // Starts delivering and the upkeep; the recipient index is loaded on first use.
  void Start();
  void Stop();

  AlertsService& service() { return service_; }
  delivery::Dispatcher& dispatcher() { return dispatcher_; }
  delivery::DeliveryStore& deliveries() { return deliveries_; }
  Recipients& recipients() { return recipients_; }
  SafetyCheck& safety() { return safety_; }
  Assistance& assistance() { return assistance_; }

 private:
  void RegisterSafetyRoutes(net::Router& router);
  void RegisterAssistanceRoutes(net::Router& router);

  AlertsModuleOptions options_;
  const Clock& clock_;
  Recipients recipients_;
  delivery::DeliveryStore deliveries_;
  AlertsService service_;
  std::shared_ptr<AlertMessages> messages_;
  delivery::Dispatcher dispatcher_;
  Assistance assistance_;
  SafetyCheck safety_;
  // Sends a text back to a phone number (answers to SMS replies), when SMS is configured.
  std::function<void(const std::string&, const std::string&, const std::string&)> sms_reply_;
  std::unique_ptr<PeriodicTask> upkeep_;
};

}  // namespace chancery::alerts
