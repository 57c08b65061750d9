// CablesModule: wires the cables (service, HTTP routes) from the server's shared objects.
//
// Thread-safety: build once at start-up; RegisterRoutes before serving; service() is safe for concurrent use.
#pragma once

#include <memory>

#include "core/clock.hpp"
#include "modules/audit/audit.hpp"
#include "modules/cables/cables_api.hpp"
#include "modules/cables/cables_service.hpp"
#include "modules/directory/unit_tree.hpp"
#include "modules/identity/authz.hpp"
#include "modules/identity/identity.hpp"
#include "net/router.hpp"
#include "storage/database.hpp"

namespace chancery::cables {

class CablesModule {
 public:
  CablesModule(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
               const identity::Authorizer& authorizer, identity::IdentityService& identity,
               std::shared_ptr<const directory::UnitTree> tree, CablesOptions options);

  void RegisterRoutes(net::Router& router) { api_.RegisterRoutes(router); }
  CablesService& service() { return service_; }

 private:
  CablesService service_;
  CablesApi api_;
};

}  // namespace chancery::cables
