// ZaloModule: wires the Zalo Official Accounts — their store, the connector, the channels the dispatcher sends
// alerts on (a message to a linked follower; a ZNS template message by phone) and the HTTP routes: the per-OA
// webhook Zalo calls (signature checked, then receipts and citizens' messages handed to the handlers) and the
// administration of a unit's OAs.
//
// Thread-safety: build once at start-up; RegisterRoutes before serving.
#pragma once

#include <functional>
#include <memory>

#include "modules/delivery/delivery.hpp"
#include "modules/identity/authz.hpp"
#include "modules/zalo/zalo.hpp"
#include "net/router.hpp"

namespace chancery::audit {
class AuditLog;
}

namespace chancery::zalo {

// What the rest of the server does with a webhook's events.
struct ZaloEventHandlers {
  // A receipt for a message Zalo accepted earlier (event.message_id), received by event.user_id.
  std::function<Status(const WebhookEvent& event)> receipt;
  // A citizen wrote to the OA. Returns a reply to send back (empty: none).
  std::function<Result<std::string>(const ZaloAccount& account, const WebhookEvent& event)> text;
};

// The Zalo channels of the delivery cascade. The OA of a template message: the recipient's own (the OA they
// follow), else the OA of the unit sending (delivery::Message::sender_unit_id).
class ZaloMessageChannel : public delivery::Connector {
 public:
  explicit ZaloMessageChannel(ZaloConnector& connector) : connector_(connector) {}
  delivery::SendOutcome Send(const delivery::SendRequest& request) override;

 private:
  ZaloConnector& connector_;
};

class ZaloTemplateChannel : public delivery::Connector {
 public:
  ZaloTemplateChannel(ZaloConnector& connector, ZaloAccounts& accounts) : connector_(connector), accounts_(accounts) {}
  delivery::SendOutcome Send(const delivery::SendRequest& request) override;

 private:
  ZaloConnector& connector_;
  ZaloAccounts& accounts_;
};

class ZaloModule {
 public:
  ZaloModule(storage::Database& database, const crypto::FieldCipher& cipher, const Clock& clock, audit::AuditLog& audit,
             const identity::Authorizer& authorizer, ZaloConnectorOptions options);

  void SetHandlers(ZaloEventHandlers handlers) { handlers_ = std::move(handlers); }
  void RegisterRoutes(net::Router& router);
  std::shared_ptr<delivery::Connector> MessageChannel() { return message_channel_; }
  std::shared_ptr<delivery::Connector> TemplateChannel() { return template_channel_; }
  ZaloAccounts& accounts() { return accounts_; }
  ZaloReplies& replies() { return replies_; }
  ZaloConnector& connector() { return connector_; }

 private:
  net::Response Webhook(net::Request& request);
  net::Response CreateAccount(net::Request& request);
  net::Response ListAccounts(net::Request& request);

  const Clock& clock_;
  audit::AuditLog& audit_;
  const identity::Authorizer& authorizer_;
  ZaloAccounts accounts_;
  ZaloReplies replies_;
  ZaloConnector connector_;
  std::shared_ptr<ZaloMessageChannel> message_channel_;
  std::shared_ptr<ZaloTemplateChannel> template_channel_;
  ZaloEventHandlers handlers_;
};

}  // namespace chancery::zalo
