// IdentityModule: builds and wires the whole identity module — the authorizer, the account service, API tokens,
// CSV import/export and identity-A's Authentication — and registers every identity route. The only place in the
// module that composes objects; everything else takes its dependencies in its constructor.
//
// The directory module supplies `is_hq_unit` (which units are headquarters, for hq_only roles); without it only
// the root counts as HQ. The referenced collaborators must outlive the module.
//
// Thread-safety: build it and call RegisterRoutes before serving; afterwards its parts are safe for concurrent use.
#pragma once

#include <memory>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/unit_hierarchy.hpp"
#include "modules/audit/audit.hpp"
#include "modules/identity/api_token_service.hpp"
#include "modules/identity/authentication.hpp"
#include "modules/identity/authz.hpp"
#include "modules/identity/identity.hpp"
#include "modules/identity/identity_service.hpp"
#include "modules/identity/user_csv.hpp"
#include "net/router.hpp"
#include "storage/database.hpp"

namespace chancery::identity {

class IdentityModule {
 public:
  IdentityModule(storage::Database& database, const Clock& clock, crypto::FieldCipher& cipher,
                 audit::AuditLog& audit_log, std::shared_ptr<const UnitHierarchy> hierarchy, IdentityOptions options,
                 HqUnitPredicate is_hq_unit = {});
  IdentityModule(const IdentityModule&) = delete;
  IdentityModule& operator=(const IdentityModule&) = delete;

  IdentityService& service() { return *service_; }
  SqlIdentityService& accounts() { return *service_; }
  const Authorizer& authorizer() const { return *authorizer_; }
  Authentication& authentication() { return *authentication_; }
  ApiTokenService& tokens() { return *tokens_; }

  net::Authenticator MakeAuthenticator() { return authentication_->MakeAuthenticator(); }
  net::CachedAuthenticator MakeCachedAuthenticator() { return authentication_->MakeCachedAuthenticator(); }
  // Registers identity-A's /auth and /me routes and this half's users, roles, grants and /me/tokens routes.
  void RegisterRoutes(net::Router& router);

 private:
  std::unique_ptr<Authorizer> authorizer_;
  std::unique_ptr<Authentication> authentication_;
  std::unique_ptr<SqlIdentityService> service_;
  std::unique_ptr<ApiTokenService> tokens_;
  std::unique_ptr<UserCsv> csv_;
};

}  // namespace chancery::identity
