// HTTP routes of the registry: the staff API under /api/v1/citizens (authenticated; the service checks the
// jurisdiction) and the citizens' portal API under /api/v1/portal (public routes that authenticate the portal's
// own session cookie, `chancery_portal`, and require its CSRF token on every change).
//
// Thread-safety: register before serving; handlers are safe for concurrent use.
#pragma once

#include "modules/citizens/citizens_service.hpp"
#include "modules/citizens/portal_service.hpp"
#include "net/router.hpp"

namespace chancery::citizens {

void RegisterStaffRoutes(net::Router& router, CitizensService& service);
void RegisterPortalRoutes(net::Router& router, PortalService& portal);

// Shared by both: `{"zalo": true, "email": false}` → choices; kInvalidArgument naming an unknown channel.
Result<std::vector<ConsentChoice>> ParseConsentObject(const boost::json::value* value);
// PUT …/consents/:channel with {"granted": bool}: kNotFound for an unknown channel, kInvalidArgument for the body.
Result<ConsentChoice> ConsentChoiceOf(const net::Request& request);
// A PUT's profile: fields left out are cleared (the language too, so that leaving it out is an error).
Result<Profile> ReplacementProfile(const net::Request& request);

}  // namespace chancery::citizens
