// Wiring of the identity module; see identity_module.hpp.
#include "modules/identity/identity_module.hpp"

#include "modules/identity/mfa.hpp"
#include "modules/identity/users_api.hpp"

namespace chancery::identity {

IdentityModule::IdentityModule(storage::Database& database, const Clock& clock, crypto::FieldCipher& cipher,
                               audit::AuditLog& audit_log, std::shared_ptr<const UnitHierarchy> hierarchy,
                               IdentityOptions options, HqUnitPredicate is_hq_unit)
    : authorizer_(std::make_unique<Authorizer>(std::move(hierarchy), std::move(is_hq_unit))),
      authentication_(
          std::make_unique<Authentication>(database, clock, cipher, audit_log, *authorizer_, std::move(options))) {
  Authentication* authentication = authentication_.get();
  AccountHooks hooks;
  hooks.clear_mfa = [](storage::Transaction& transaction, std::int64_t user_id) {
    return ClearMfa(transaction, user_id);
  };
  hooks.end_sessions = [authentication](storage::Transaction& transaction, std::int64_t user_id) {
    return authentication->EndSessionsOfUser(transaction, user_id);
  };
  hooks.user_changed = [authentication](std::int64_t user_id) { authentication->InvalidateUser(user_id); };
  service_ = std::make_unique<SqlIdentityService>(database, clock, cipher, audit_log, *authorizer_, std::move(hooks));
  tokens_ = std::make_unique<ApiTokenService>(
      database, clock, audit_log, *authorizer_,
      [authentication](std::int64_t user_id) { authentication->InvalidateUser(user_id); });
  csv_ = std::make_unique<UserCsv>(*service_);
}

void IdentityModule::RegisterRoutes(net::Router& router) {
  authentication_->RegisterRoutes(router);
  RegisterUserRoutes(router, *service_);
  RegisterGrantAndCsvRoutes(router, *service_, *csv_);
  RegisterTokenRoutes(router, *tokens_);
}

}  // namespace chancery::identity
