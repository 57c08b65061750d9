#include "modules/alerts/alerts_module.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "modules/alerts/alerts_api.hpp"
#include "modules/delivery/connectors.hpp"

namespace chancery::alerts {

AlertsModule::AlertsModule(storage::Database& database, const Clock& clock, const crypto::FieldCipher& cipher,
                           audit::AuditLog& audit, const identity::Authorizer& authorizer,
                           const directory::UnitTree& tree, directory::DirectoryService& directory,
                           citizens::CitizensService& citizens, identity::IdentityService& identity,
                           notifications::NotificationsService& notifications, AlertsModuleOptions options)
    : options_(std::move(options)),
      clock_(clock),
      recipients_(database, citizens.store()),
      deliveries_(database),
      service_(database, clock, audit, authorizer, tree, directory, recipients_, deliveries_, options_.alerts),
      messages_(std::make_shared<AlertMessages>(service_, citizens, options_.messages)),
      dispatcher_(deliveries_, clock, options_.dispatcher),
      assistance_(database, clock, cipher, audit, authorizer, identity, directory, citizens, notifications),
      safety_(database, clock, cipher, audit, service_, citizens, deliveries_, assistance_) {
  messages_->SetSafetyToken([&cipher](std::int64_t delivery_id) { return SafetyToken(cipher, delivery_id); });
  dispatcher_.SetContent("alert:", messages_);
  if (!options_.mail.smtp_url.empty()) {
    dispatcher_.SetConnector(delivery::Channel::kEmail, std::make_shared<delivery::EmailConnector>(options_.mail),
                             options_.email_per_second);
  }
  if (!options_.sms.url.empty()) {
    dispatcher_.SetConnector(delivery::Channel::kSms, std::make_shared<delivery::SmsConnector>(options_.sms),
                             options_.sms_per_second);
    auto gateway = std::make_shared<delivery::SmsGateway>(options_.sms);
    sms_reply_ = [gateway](const std::string& to, const std::string& text, const std::string& reference) {
      const delivery::SendOutcome sent = gateway->Send(to, text, reference);
      if (sent.result != delivery::SendResult::kAccepted) spdlog::info("alerts: SMS answer not sent: {}", sent.detail);
    };
  }
  if (options_.web_push) {
    dispatcher_.SetConnector(delivery::Channel::kWebPush,
                             std::make_shared<delivery::WebPushConnector>(*options_.web_push),
                             options_.web_push_per_second);
  }
  service_.OnPlanStored([this] { dispatcher_.Wake(); });
  // A citizen's deliveries are part of their data: exported with it, cut loose from their accounts on erasure.
  citizens.RegisterHolder(
      {"alert_deliveries",
       [this](storage::Transaction& transaction, std::int64_t citizen_id) -> Result<boost::json::value> {
         CHANCERY_ASSIGN_OR_RETURN(auto campaigns, deliveries_.CampaignsOf(transaction, citizen_id));
         boost::json::array items;
         for (const auto& [campaign, state] : campaigns) {
           items.push_back(boost::json::object{{"campaign", campaign}, {"state", state}});
         }
         return boost::json::value(std::move(items));
       },
       [this](storage::Transaction& transaction, std::int64_t citizen_id) {
         return deliveries_.ForgetCitizen(transaction, citizen_id);
       }});
  // Their answers to safety checks, with their messages and locations.
  citizens.RegisterHolder({"safety_answers",
                           [this](storage::Transaction& transaction, std::int64_t citizen_id) {
                             return safety_.ExportOf(transaction, citizen_id);
                           },
                           [this](storage::Transaction& transaction, std::int64_t citizen_id) {
                             return safety_.Forget(transaction, citizen_id);
                           }});
  // Their assistance cases, with the officers' notes about them.
  citizens.RegisterHolder({"assistance_cases",
                           [this](storage::Transaction& transaction, std::int64_t citizen_id) {
                             return assistance_.ExportOf(transaction, citizen_id);
                           },
                           [this](storage::Transaction& transaction, std::int64_t citizen_id) {
                             return assistance_.Forget(transaction, citizen_id);
                           }});
}

void AlertsModule::RegisterRoutes(net::Router& router) {
  RegisterAlertRoutes(router, service_);
  RegisterSafetyRoutes(router);
  RegisterAssistanceRoutes(router);
}

void AlertsModule::SetConnector(delivery::Channel channel, std::shared_ptr<delivery::Connector> connector,
                                double per_second) {
  dispatcher_.SetConnector(channel, std::move(connector), per_second);
}

void AlertsModule::Start() {
  dispatcher_.Start();
  upkeep_ = std::make_unique<PeriodicTask>("alerts.upkeep", options_.upkeep_interval, [this] {
    if (Status status = service_.Upkeep(); !status.ok()) {
      spdlog::warn("alerts: upkeep failed: {}", status.ToString());
    }
  });
}

void AlertsModule::Stop() {
  upkeep_.reset();
  dispatcher_.Stop();
}

}  // namespace chancery::alerts
