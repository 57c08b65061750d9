#include "modules/webhooks/webhooks_module.hpp"

#include <spdlog/spdlog.h>

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
  sender_.OnGone([this](std::int64_t endpoint_id) {
    if (Status paused = service_.PauseGone(endpoint_id); !paused.ok()) {
      spdlog::warn("webhooks: pausing endpoint {} after 410 Gone: {}", endpoint_id, paused.ToString());
    } else {
      spdlog::info("webhooks: endpoint {} answered 410 Gone: paused", endpoint_id);
    }
  });
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
