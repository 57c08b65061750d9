// NotificationsModule: wires notifications (service, HTTP routes) and owns the mail outbox worker, which the server
// starts with StartMail() and which stops when the module is destroyed.
//
// Thread-safety: build once at start-up; RegisterRoutes before serving; service() is safe for concurrent use.
#pragma once

#include <chrono>
#include <memory>

#include "core/clock.hpp"
#include "core/periodic_task.hpp"
#include "modules/audit/audit.hpp"
#include "modules/identity/identity.hpp"
#include "modules/notifications/notifications_api.hpp"
#include "modules/notifications/notifications_service.hpp"
#include "net/router.hpp"
#include "storage/database.hpp"

namespace chancery::notifications {

class NotificationsModule {
 public:
  NotificationsModule(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                      identity::IdentityService& identity, MailOptions mail);
  ~NotificationsModule() { StopMail(); }

  void RegisterRoutes(net::Router& router) { api_.RegisterRoutes(router); }
  NotificationsService& service() { return service_; }
  // Sends the outbox every `interval` (and at once when woken) on a background thread; nothing without mail.
  void StartMail(std::chrono::milliseconds interval = std::chrono::seconds(5));
  void WakeMail();
  void StopMail() { mail_worker_.reset(); }

 private:
  NotificationsService service_;
  NotificationsApi api_;
  std::unique_ptr<PeriodicTask> mail_worker_;
};

}  // namespace chancery::notifications
