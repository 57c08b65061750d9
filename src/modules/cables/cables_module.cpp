#include "modules/cables/cables_module.hpp"

namespace chancery::cables {

CablesModule::CablesModule(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                           const identity::Authorizer& authorizer, identity::IdentityService& identity,
                           std::shared_ptr<const directory::UnitTree> tree, CablesOptions options)
    : service_(database, clock, audit, authorizer, identity, std::move(tree), options), api_(service_, identity) {}

}  // namespace chancery::cables
