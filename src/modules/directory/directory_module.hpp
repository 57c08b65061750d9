// DirectoryModule: wires the directory (service, HTTP routes) from the server's shared objects. The UnitTree is
// created by the server (UnitTree::Load) before identity, because authorisation needs it; this module keeps it
// current after every change it makes.
//
// Thread-safety: build once at start-up; RegisterRoutes before serving; ImportUnitsCsv and service() are safe for
// concurrent use afterwards.
#pragma once

#include <memory>
#include <string_view>

#include "core/clock.hpp"
#include "modules/audit/audit.hpp"
#include "modules/directory/directory_api.hpp"
#include "modules/directory/directory_service.hpp"
#include "modules/directory/unit_tree.hpp"
#include "modules/identity/authz.hpp"
#include "modules/identity/identity.hpp"
#include "net/router.hpp"
#include "storage/database.hpp"

namespace chancery::directory {

// The real list of Vietnam's missions and HQ departments (demo/units.csv), embedded at build time.
std::string_view DemoUnitsCsv();

class DirectoryModule {
 public:
  DirectoryModule(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                  const identity::Authorizer& authorizer, identity::IdentityService& identity,
                  std::shared_ptr<UnitTree> tree);

  void RegisterRoutes(net::Router& router);

  // Imports units CSV all-or-nothing (used to seed the demo directory). Fails with kInvalidArgument naming the
  // first errors when any line is wrong; nothing is written then.
  Result<ImportReport> ImportUnitsCsv(std::string_view csv, const identity::ActionContext& context);

  DirectoryService& service() { return service_; }

 private:
  DirectoryService service_;
  DirectoryApi api_;
};

}  // namespace chancery::directory
