// Wiring of the audit module: builds the scope and the feed's tailer, registers the routes.
#include "modules/audit/audit_module.hpp"

#include <stdexcept>

namespace chancery::audit {

AuditModule::AuditModule(AuditLog& log, const identity::Authorizer& authorizer, AuditModuleOptions options)
    : log_(log),
      scope_(authorizer, options.root_unit_id, options.list_units),
      tailer_(log, options.feed_poll_interval) {
  // Start-up errors are exceptions (STYLE.md): a module wired without its unit tree cannot scope any read.
  if (!options.root_unit_id || !options.list_units) {
    throw std::invalid_argument("audit module: the root finder and the unit lister must be given");
  }
}

AuditModule::~AuditModule() { tailer_.Stop(); }

void AuditModule::RegisterRoutes(net::Router& router) {
  router.Add(net::Method::kGet, "/api/v1/audit", net::RouteAccess::kAuthenticated,
             [this](net::Request& request) { return HandleSearch(request); });
  router.Add(net::Method::kGet, "/api/v1/audit/verify", net::RouteAccess::kAuthenticated,
             [this](net::Request& request) { return HandleVerify(request); });
  router.AddWebSocket("/api/v1/events", net::RouteAccess::kAuthenticated, AuditEventsFactory(tailer_, scope_, relays_));
}

}  // namespace chancery::audit
