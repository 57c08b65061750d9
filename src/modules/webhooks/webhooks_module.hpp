// WebhooksModule: wires webhooks — the store, the service and its routes, and the sender that empties the outbox —
// and gives the alerts module its PublishListener.
//
// Thread-safety: build once at start-up; RegisterRoutes before serving; Start/Stop from the main thread.
#pragma once

#include <memory>

#include "modules/webhooks/webhook_sender.hpp"
#include "modules/webhooks/webhooks_service.hpp"
#include "net/router.hpp"

namespace chancery::webhooks {

struct WebhooksModuleOptions {
  WebhooksOptions webhooks;
  SenderOptions sender;  // its retry and destination policies are taken from `webhooks`
};

class WebhooksModule {
 public:
  WebhooksModule(storage::Database& database, const crypto::FieldCipher& cipher, const Clock& clock,
                 audit::AuditLog& audit, const identity::Authorizer& authorizer, WebhooksModuleOptions options);
  ~WebhooksModule() { Stop(); }

  void RegisterRoutes(net::Router& router);
  // For AlertsService::OnPublish.
  alerts::PublishListener Listener();
  void Start();
  void Stop();

  WebhooksService& service() { return service_; }
  WebhooksStore& store() { return store_; }

 private:
  WebhooksStore store_;
  WebhooksService service_;
  WebhookSender sender_;
};

}  // namespace chancery::webhooks
