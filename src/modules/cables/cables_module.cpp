#include "modules/cables/cables_module.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <set>
#include <string>

#include "modules/cables/cables_rules.hpp"

namespace chancery::cables {

CablesModule::CablesModule(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                           const identity::Authorizer& authorizer, identity::IdentityService& identity,
                           attachments::AttachmentsService& attachments, directory::DirectoryService& directory,
                           std::shared_ptr<const directory::UnitTree> tree,
                           notifications::NotificationsModule& notifications, CablesOptions options,
                           EscalationOptions escalation)
    : notifications_(notifications),
      service_(database, clock, audit, authorizer, identity, attachments, tree, options),
      search_(database, clock, authorizer, identity, tree, service_, notifications.service()),
      lists_(database, clock, audit, authorizer, identity, tree),
      api_(service_, search_, lists_, identity),
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

audit::EntryRelay CablesModule::EventRelay() {
  return [this](const Principal& principal, const audit::AuditEntry& entry) -> std::optional<std::string> {
    if (entry.event.target_type != "cable" || entry.event.action == "cable.read") return std::nullopt;
    std::int64_t cable_id = 0;
    const std::string& text = entry.event.target_id;
    if (std::from_chars(text.data(), text.data() + text.size(), cable_id).ec != std::errc()) return std::nullopt;
    Result<Cable> cable = service_.Track(cable_id, {.actor = &principal});
    if (!cable.ok()) return std::nullopt;  // not on the distribution (or gone): nothing to tell
    // Steps taken before release concern those who could see the draft then, not the addressees who see the
    // transmitted cable now.
    static const std::set<std::string> kBeforeRelease = {"cable.drafted",   "cable.edited",  "cable.submitted",
                                                         "cable.withdrawn", "cable.cleared", "cable.returned"};
    if (kBeforeRelease.contains(entry.event.action)) {
      Cable draft = *cable;
      draft.state = CableState::kDraft;
      draft.recipients.clear();
      draft.released_by = 0;
      if (!service_.MaySee(principal, draft)) return std::nullopt;
    }
    return boost::json::serialize(boost::json::object{{"type", "cable.changed"},
                                                      {"cable_id", cable_id},
                                                      {"action", entry.event.action},
                                                      {"state", CableStateName(cable->state)},
                                                      {"at", FormatIsoTime(entry.at_ms)}});
  };
}

}  // namespace chancery::cables
