// AuditModule: the audit log's HTTP and WebSocket face, wired from its parts.
//
//   GET /api/v1/audit          search, newest first, limited to the caller's audit_read scope (docs/api.md)
//   GET /api/v1/audit/verify   recompute the hash chain (system_admin on the root unit)
//   GET /api/v1/events         WebSocket live feed of new entries within the caller's audit_read scope
//
// Reading the log is not itself audited (it would feed on itself); an export endpoint, when one exists, must be.
// The module owns the feed's tailer thread: Start() it once the server is ready, Stop() it (or destroy the module)
// before the AuditLog and the Authorizer go away.
//
// Thread-safety: RegisterRoutes before serving; the handlers are safe for concurrent use.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "modules/audit/audit.hpp"
#include "modules/audit/audit_events.hpp"
#include "modules/audit/audit_scope.hpp"
#include "modules/identity/authz.hpp"
#include "net/router.hpp"

namespace chancery::audit {

struct AuditModuleOptions {
  RootFinder root_unit_id;  // the ministry: audit_read there covers entries without a unit
  UnitLister list_units;    // every unit id, for expanding subtree grants into a search filter
  std::chrono::milliseconds feed_poll_interval = std::chrono::seconds(1);
};

class AuditModule {
 public:
  AuditModule(AuditLog& log, const identity::Authorizer& authorizer, AuditModuleOptions options);
  // Convenience for the server's wiring: a unit tree with `std::optional<std::int64_t> RootId() const` and
  // `std::vector<std::int64_t> AllIds() const` (directory::UnitTree). A template, so that audit needs no link
  // dependency on directory, which itself depends on audit.
  template <typename UnitTree>
  AuditModule(AuditLog& log, const identity::Authorizer& authorizer, std::shared_ptr<UnitTree> tree)
      : AuditModule(log, authorizer,
                    AuditModuleOptions{.root_unit_id = [tree] { return tree->RootId(); },
                                       .list_units = [tree] { return tree->AllIds(); }}) {}
  ~AuditModule();

  void RegisterRoutes(net::Router& router);

  // Adds another module's messages to the live feed (audit_events.hpp); call before serving.
  void AddRelay(EntryRelay relay) { relays_.push_back(std::move(relay)); }
  // The live feed's background poller.
  void Start() { tailer_.Start(); }
  void Stop() { tailer_.Stop(); }

  net::Response HandleSearch(net::Request& request) const;
  net::Response HandleVerify(net::Request& request) const;

 private:
  AuditLog& log_;
  AuditScope scope_;
  std::vector<EntryRelay> relays_;
  AuditTailer tailer_;
};

}  // namespace chancery::audit
