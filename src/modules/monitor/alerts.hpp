// Monitor alerts after they are raised (the pipeline raises match and geo alerts, the burst watcher burst alerts):
// the inbox, acknowledgement, assignment and comments; escalation of high-priority alerts left unacknowledged; and
// daily digests by e-mail.
//
// Rules:
//   - An alert belongs to a unit; holders of monitor_read there see it, acknowledge it, assign it and comment on it.
//     An alert of a private query is its owner's alone (others get 404).
//   - Acknowledging is idempotent and stops escalation. Assigning names an active user (or nobody).
//   - A high-priority alert carries a deadline (monitor.ack_high_minutes). Missed, it escalates exactly like an
//     overdue cable (directory::DutyEscalation, one mechanism): to the unit's duty roster at once, day or night, then,
//     one more deadline later, to the HQ watch desk; each step a notification and an e-mail, recorded with a
//     conditional update so that several nodes never alert twice, and audited as monitor_alert.escalated.
//   - Once a day (after 07:00 UTC) each unit that had alerts in the last 24 hours sends its members a digest (one
//     notification with e-mail each): counts by kind and the newest alerts.
//
// Audit actions: monitor_alert.acknowledged, .assigned, .commented, .escalated.
//
// Thread-safety: safe for concurrent use; calls block on the database. `changed` runs after a committed change
// with the alert as the live stream shows it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/status.hpp"
#include "modules/audit/audit.hpp"
#include "modules/directory/duty_escalation.hpp"
#include "modules/directory/unit_tree.hpp"
#include "modules/identity/authz.hpp"
#include "modules/identity/identity.hpp"
#include "modules/monitor/monitor.hpp"
#include "modules/notifications/notifications_service.hpp"
#include "storage/database.hpp"

namespace chancery::monitor {

// Inserts a new alert unless one with its dedup_key exists; sets alert.id and returns true when inserted.
Result<bool> InsertAlert(storage::Transaction& transaction, Alert& alert);

// The live-stream event for an alert ("alert" when raised, "alert.changed" after).
std::string AlertEvent(const char* type, const Alert& alert);

struct AlertFilter {
  std::optional<bool> open;  // true: open only; false: acknowledged only
  std::optional<std::int64_t> unit_id;
  std::optional<AlertKind> kind;
  std::optional<std::int64_t> query_id;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};

struct AlertDetail {
  Alert alert;
  std::vector<AlertComment> comments;
};

struct AlertsOptions {
  std::int64_t high_priority_ack_ms = 30LL * 60 * 1000;
};

class AlertsService {
 public:
  AlertsService(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                const identity::Authorizer& authorizer, identity::IdentityService& identity,
                directory::DirectoryService& directory, std::shared_ptr<const directory::UnitTree> tree,
                notifications::NotificationsService& notifications, std::string watch_desk_unit, AlertsOptions options,
                std::function<void(const Alert&)> changed);

  // Newest first, those the actor may see.
  Result<std::vector<Alert>> List(const AlertFilter& filter, const identity::ActionContext& context);
  // How many alerts the filter selects among those the actor may see (before_id and limit apart from).
  Result<std::int64_t> Count(const AlertFilter& filter, const identity::ActionContext& context);
  Result<AlertDetail> Get(std::int64_t alert_id, const identity::ActionContext& context);
  Result<Alert> Acknowledge(std::int64_t alert_id, const identity::ActionContext& context);
  Result<Alert> Assign(std::int64_t alert_id, std::optional<std::int64_t> user_id,
                       const identity::ActionContext& context);
  Result<AlertComment> Comment(std::int64_t alert_id, const std::string& body, const identity::ActionContext& context);
  // Whether the principal may see the alert (for the live stream).
  bool MaySee(const Principal& actor, std::int64_t unit_id, std::optional<std::int64_t> private_to) const;

  // Takes the escalation steps due now; returns how many.
  Result<int> EscalateOnce();
  // Sends the day's digests when due; returns how many units sent one.
  Result<int> SendDigests();

 private:
  std::pair<std::string, std::vector<storage::Value>> Selection(const AlertFilter& filter,
                                                                const Principal& actor) const;
  Result<Alert> Load(storage::Transaction& transaction, std::int64_t alert_id, const Principal& actor);
  Result<notifications::NewNotification> EscalationMessage(const Alert& alert, int level, std::int64_t user_id);
  audit::AuditEvent Event(const identity::ActionContext& context, std::string action, const Alert& alert) const;

  storage::Database& database_;
  const Clock& clock_;
  audit::AuditLog& audit_;
  const identity::Authorizer& authorizer_;
  identity::IdentityService& identity_;
  directory::DirectoryService& directory_;
  std::shared_ptr<const directory::UnitTree> tree_;
  notifications::NotificationsService& notifications_;
  directory::DutyEscalation duty_;
  AlertsOptions options_;
  std::function<void(const Alert&)> changed_;
};

}  // namespace chancery::monitor
