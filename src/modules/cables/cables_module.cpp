#include "modules/cables/cables_module.hpp"

#include <spdlog/spdlog.h>

namespace chancery::cables {

CablesModule::CablesModule(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                           const identity::Authorizer& authorizer, identity::IdentityService& identity,
                           directory::DirectoryService& directory, std::shared_ptr<const directory::UnitTree> tree,
                           notifications::NotificationsModule& notifications, CablesOptions options,
                           EscalationOptions escalation)
    : notifications_(notifications),
      service_(database, clock, audit, authorizer, identity, tree, options),
      search_(database, clock, authorizer, identity, tree, service_, notifications.service()),
      api_(service_, search_, identity),
      escalator_(database, clock, audit, identity, directory, std::move(tree), notifications.service(),
                 std::move(escalation)) {}

void CablesModule::StartEscalation(std::chrono::milliseconds interval) {
  if (escalation_worker_) return;
  escalation_worker_ = std::make_unique<PeriodicTask>("cable escalation and saved searches", interval, [this] {
    Result<int> taken = escalator_.RunOnce();
    if (!taken.ok()) {
      spdlog::warn("cable escalation: {}", taken.status().ToString());
    } else if (*taken > 0) {
      spdlog::info("cable escalation: {} steps taken", *taken);
      notifications_.WakeMail();
    }
    Result<int> announced = search_.AnnounceNewMatches();
    if (!announced.ok()) {
      spdlog::warn("saved-search notices: {}", announced.status().ToString());
    } else if (*announced > 0) {
      notifications_.WakeMail();
    }
  });
}

}  // namespace chancery::cables
