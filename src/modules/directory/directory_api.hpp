// DirectoryApi: the directory's HTTP routes under /api/v1 (docs/api.md, "Directory"). Parses requests, makes the
// Authorizer check every route needs, calls DirectoryService and serialises the result; nothing else.
//
// Access: unit lists, a unit's public facts and the countries list are open to every authenticated principal;
// contacts need directory_read on the unit, staff staff_read, rosters and on-call roster_read, roster changes
// roster_write; edits need directory_write on the unit (creation: on the new parent); CSV import and export
// need directory_write on the root.
//
// Thread-safety: handlers are safe to run concurrently; RegisterRoutes is called once, before serving.
#pragma once

#include <memory>

#include "modules/directory/directory_service.hpp"
#include "modules/directory/unit_tree.hpp"
#include "modules/identity/authz.hpp"
#include "net/http.hpp"
#include "net/router.hpp"

namespace chancery::directory {

class DirectoryApi {
 public:
  DirectoryApi(DirectoryService& service, const identity::Authorizer& authorizer, std::shared_ptr<UnitTree> tree)
      : service_(service), authorizer_(authorizer), tree_(std::move(tree)) {}

  void RegisterRoutes(net::Router& router);

 private:
  net::Response ListUnits(const net::Request& request);
  net::Response GetUnit(const net::Request& request);
  net::Response CreateUnit(const net::Request& request);
  net::Response UpdateUnit(const net::Request& request);
  net::Response ListStaff(const net::Request& request);
  net::Response GetRoster(const net::Request& request);
  net::Response PutRoster(const net::Request& request);
  net::Response OnCall(const net::Request& request);
  net::Response ListCountries(const net::Request& request);
  net::Response ExportCsv(const net::Request& request);
  net::Response ImportCsv(const net::Request& request);

  // The unit named by the ":id" path parameter, after checking `permission` on it (404 before 403: unit ids are
  // public knowledge).
  Result<std::int64_t> AuthorisedUnit(const net::Request& request, identity::Permission permission) const;
  Status CheckOnRoot(const net::Request& request) const;

  DirectoryService& service_;
  const identity::Authorizer& authorizer_;
  std::shared_ptr<UnitTree> tree_;
};

}  // namespace chancery::directory
