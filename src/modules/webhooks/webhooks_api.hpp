// The HTTP routes of webhooks, /api/v1/webhooks*: parsing, the service, JSON. Authorisation is the service's.
//
// Thread-safety: RegisterWebhookRoutes before serving; the handlers are safe for concurrent use.
#pragma once

#include "modules/webhooks/webhooks_service.hpp"
#include "net/router.hpp"

namespace chancery::webhooks {

void RegisterWebhookRoutes(net::Router& router, WebhooksService& service);

}  // namespace chancery::webhooks
