// HTTP routes of crisis alerts: /api/v1/alerts* for staff, /api/v1/public/alerts* (CAP XML and the Atom feed of
// public alerts) for anyone.
//
// Thread-safety: register before serving.
#pragma once

#include "modules/alerts/alerts_service.hpp"
#include "net/router.hpp"

namespace chancery::alerts {

void RegisterAlertRoutes(net::Router& router, AlertsService& service);

}  // namespace chancery::alerts
