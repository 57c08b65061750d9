// ChannelsModule: wires channels (service, HTTP routes, the node's stream hub on the bus).
//
// Thread-safety: build once at start-up; RegisterRoutes and Start before serving.
#pragma once

#include "bus/bus.hpp"
#include "core/clock.hpp"
#include "modules/attachments/attachments_service.hpp"
#include "modules/audit/audit.hpp"
#include "modules/channels/channels_api.hpp"
#include "modules/channels/channels_service.hpp"
#include "modules/channels/channels_stream.hpp"
#include "modules/identity/authz.hpp"
#include "modules/identity/identity.hpp"
#include "modules/notifications/notifications_service.hpp"
#include "net/router.hpp"
#include "storage/database.hpp"

namespace chancery::channels {

class ChannelsModule {
 public:
  ChannelsModule(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                 const identity::Authorizer& authorizer, identity::IdentityService& identity, bus::Bus& bus,
                 notifications::NotificationsService& notifications, attachments::AttachmentsService& attachments)
      : service_(database, clock, audit, authorizer, identity, bus, notifications, attachments),
        hub_(service_, bus),
        api_(service_, hub_, identity) {}

  void RegisterRoutes(net::Router& router) { api_.RegisterRoutes(router); }
  // Subscribes the hub to the bus.
  Status Start() { return hub_.Start(); }
  ChannelsService& service() { return service_; }

 private:
  ChannelsService service_;
  ChannelsHub hub_;
  ChannelsApi api_;
};

}  // namespace chancery::channels
