// CablesModule: wires the cables (service, HTTP routes, escalator) from the server's shared objects, and owns the
// escalation worker, which the server starts with StartEscalation() and which stops with the module.
//
// Thread-safety: build once at start-up; RegisterRoutes before serving; service() is safe for concurrent use.
#pragma once

#include <chrono>
#include <memory>

#include "core/clock.hpp"
#include "core/periodic_task.hpp"
#include "modules/attachments/attachments_service.hpp"
#include "modules/audit/audit.hpp"
#include "modules/audit/audit_events.hpp"
#include "modules/cables/cables_api.hpp"
#include "modules/cables/cables_escalator.hpp"
#include "modules/cables/cables_service.hpp"
#include "modules/directory/directory_service.hpp"
#include "modules/directory/unit_tree.hpp"
#include "modules/identity/authz.hpp"
#include "modules/identity/identity.hpp"
#include "modules/notifications/notifications_module.hpp"
#include "net/router.hpp"
#include "storage/database.hpp"

namespace chancery::cables {

class CablesModule {
 public:
  CablesModule(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
               const identity::Authorizer& authorizer, identity::IdentityService& identity,
               attachments::AttachmentsService& attachments, directory::DirectoryService& directory,
               std::shared_ptr<const directory::UnitTree> tree, notifications::NotificationsModule& notifications,
               CablesOptions options, EscalationOptions escalation);
  ~CablesModule() { escalation_worker_.reset(); }

  void RegisterRoutes(net::Router& router) { api_.RegisterRoutes(router); }
  CablesService& service() { return service_; }
  CablesEscalator& escalator() { return escalator_; }
  CablesSearch& search() { return search_; }
  // For the live feed (audit::AuditModule::AddRelay): {"type":"cable.changed","cable_id","action","state","at"}
  // to whoever may see a cable when it is drafted, edited, submitted, cleared, returned, withdrawn, released,
  // acknowledged or escalated. Reads are not relayed.
  audit::EntryRelay EventRelay();
  // Runs the escalator and the saved-search notices every `interval` on a background thread, waking the mail
  // outbox when someone was notified.
  void StartEscalation(std::chrono::milliseconds interval);

 private:
  notifications::NotificationsModule& notifications_;
  CablesService service_;
  CablesSearch search_;
  CableListsService lists_;
  CablesApi api_;
  CablesEscalator escalator_;
  std::unique_ptr<PeriodicTask> escalation_worker_;
};

}  // namespace chancery::cables
