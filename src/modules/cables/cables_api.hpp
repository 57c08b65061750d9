// CablesApi: the cables' HTTP routes under /api/v1/cables (docs/api.md, "Cables"). Parses requests, calls
// CablesService (which decides who may do what to which cable) and serialises the result; nothing else.
//
// Thread-safety: handlers are safe to run concurrently; RegisterRoutes is called once, before serving.
#pragma once

#include "modules/cables/cables_json.hpp"
#include "modules/cables/cables_lists.hpp"
#include "modules/cables/cables_search.hpp"
#include "modules/cables/cables_service.hpp"
#include "modules/identity/identity.hpp"
#include "net/http.hpp"
#include "net/router.hpp"

namespace chancery::cables {

class CablesApi {
 public:
  CablesApi(CablesService& service, CablesSearch& search, CableListsService& lists, identity::IdentityService& identity)
      : service_(service), search_(search), lists_(lists), identity_(identity) {}

  void RegisterRoutes(net::Router& router);

 private:
  net::Response List(const net::Request& request);
  net::Response Create(const net::Request& request);
  net::Response Get(const net::Request& request);
  net::Response Update(const net::Request& request);
  net::Response Submit(const net::Request& request);
  net::Response Withdraw(const net::Request& request);
  net::Response Decide(const net::Request& request);
  net::Response Release(const net::Request& request);
  net::Response Recipients(const net::Request& request);
  net::Response GetAttachment(const net::Request& request);
  net::Response Export(const net::Request& request);
  net::Response Acknowledge(const net::Request& request);
  net::Response Search(const net::Request& request);
  net::Response ListSavedSearches(const net::Request& request);
  net::Response SaveSearch(const net::Request& request);
  net::Response DeleteSavedSearch(const net::Request& request);
  net::Response ListLists(const net::Request& request);
  net::Response CreateList(const net::Request& request);
  net::Response GetList(const net::Request& request);
  net::Response ReplaceList(const net::Request& request);
  net::Response DeleteList(const net::Request& request);
  net::Response ListReply(int status, const Result<DistributionList>& list) const;

  // The cable as JSON, with its users described, or the problem.
  net::Response Reply(int status, const Result<Cable>& cable, CableView view) const;

  CablesService& service_;
  CablesSearch& search_;
  CableListsService& lists_;
  identity::IdentityService& identity_;
};

}  // namespace chancery::cables
