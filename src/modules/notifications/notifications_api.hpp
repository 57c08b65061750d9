// NotificationsApi: a user's own notifications under /api/v1/notifications (docs/api.md, "Notifications"). Nobody
// reads or marks anyone else's.
//
// Thread-safety: handlers are safe to run concurrently; RegisterRoutes is called once, before serving.
#pragma once

#include "modules/notifications/notifications_service.hpp"
#include "net/http.hpp"
#include "net/router.hpp"

namespace chancery::notifications {

class NotificationsApi {
 public:
  explicit NotificationsApi(NotificationsService& service) : service_(service) {}
  void RegisterRoutes(net::Router& router);

 private:
  net::Response List(const net::Request& request);
  net::Response MarkRead(const net::Request& request);
  net::Response MarkAllRead(const net::Request& request);

  NotificationsService& service_;
};

}  // namespace chancery::notifications
