// CitizensModule: wires the registry (staff service and routes) and the citizens' portal, with the code sender
// that verifies a contact: e-mail over SMTP, phone numbers by the SMS gateway, and, on a demo server with neither,
// a file per code in the demo outbox directory so that the portal can be tried on one machine.
//
// Thread-safety: build once at start-up; RegisterRoutes before serving.
#pragma once

#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "modules/audit/audit.hpp"
#include "modules/citizens/citizens_service.hpp"
#include "modules/citizens/portal_service.hpp"
#include "modules/delivery/sms_gateway.hpp"
#include "modules/notifications/notifications.hpp"
#include "net/router.hpp"

namespace chancery::citizens {

struct CitizensOptions {
  notifications::MailOptions mail;
  delivery::SmsGatewayOptions sms;
  std::string demo_outbox_dir;  // non-empty on demo servers: codes that cannot be sent are written there
  PortalOptions portal;
};

class CitizensModule {
 public:
  CitizensModule(storage::Database& database, const Clock& clock, const crypto::FieldCipher& cipher,
                 audit::AuditLog& audit, const identity::Authorizer& authorizer, directory::DirectoryService& directory,
                 CitizensOptions options);

  void RegisterRoutes(net::Router& router);
  CitizensService& service() { return service_; }
  PortalService& portal() { return portal_; }

 private:
  CitizensService service_;
  PortalService portal_;
};

// The sender of one-time codes for `options` (see the class comment).
CodeSender MakeCodeSender(const CitizensOptions& options);

}  // namespace chancery::citizens
