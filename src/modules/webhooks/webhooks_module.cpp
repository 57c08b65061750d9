#include "modules/webhooks/webhooks_module.hpp"

#include "modules/webhooks/webhooks_api.hpp"

namespace chancery::webhooks {
namespace {

SenderOptions SenderOptionsFrom(const WebhooksModuleOptions& options) {
  SenderOptions sender = options.sender;
  sender.retry = options.webhooks.retry;
  sender.destinations = options.webhooks.destinations;
  return sender;
}

}  // namespace

WebhooksModule::WebhooksModule(storage::Database& database, const crypto::FieldCipher& cipher, const Clock& clock,
                               audit::AuditLog& audit, const identity::Authorizer& authorizer,
                               WebhooksModuleOptions options)
    : store_(database, cipher),
      service_(database, store_, clock, audit, authorizer, options.webhooks),
      sender_(store_, clock, SenderOptionsFrom(options)) {
  service_.OnQueued([this] { sender_.Wake(); });
}

void WebhooksModule::RegisterRoutes(net::Router& router) { RegisterWebhookRoutes(router, service_); }

alerts::PublishListener WebhooksModule::Listener() {
  return [this](storage::Transaction& transaction, const alerts::PublishedAlert& published) {
    return service_.Publish(transaction, published);
  };
}

void WebhooksModule::Start() { sender_.Start(); }

void WebhooksModule::Stop() { sender_.Stop(); }

}  // namespace chancery::webhooks
