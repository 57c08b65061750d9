// CablesEscalator: when an action addressee misses its acknowledgement deadline, alerts the unit's duty roster
// (level 1), and when that brings no acknowledgement within the precedence's deadline again, the HQ watch desk
// (level 2). Alerts are notifications in the console and e-mails (notifications module), in each recipient's
// language, naming the cable by reference only (never its subject: the e-mail leaves the system).
//
// Rules: who is told at each level is directory::DutyEscalation's rule (shared with the monitor's alerts); a NIACT
// addressee counts as urgent (alerted out of working hours). Level 2 comes one precedence deadline after level 1.
//   - Each step is recorded on the recipient row with a conditional update, so that with several nodes exactly one
//     sends it, and audited as "cable.escalated".
//
// Thread-safety: RunOnce may be called from any thread, but calls should not overlap (the server runs it on one
// PeriodicTask); overlapping calls still never alert twice for the same step.
#pragma once

#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/status.hpp"
#include "modules/audit/audit.hpp"
#include "modules/cables/cables.hpp"
#include "modules/cables/cables_store.hpp"
#include "modules/directory/directory_service.hpp"
#include "modules/directory/duty_escalation.hpp"
#include "modules/directory/unit_tree.hpp"
#include "modules/identity/identity.hpp"
#include "modules/notifications/notifications_service.hpp"
#include "storage/database.hpp"

namespace chancery::cables {

struct EscalationOptions {
  AckDeadlines deadlines;
  std::string watch_desk_unit = "HQ-OPS";  // unit code of the HQ watch desk
};

class CablesEscalator {
 public:
  CablesEscalator(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                  identity::IdentityService& identity, directory::DirectoryService& directory,
                  std::shared_ptr<const directory::UnitTree> tree, notifications::NotificationsService& notifications,
                  EscalationOptions options);

  // Takes every escalation step that is due now; returns how many were taken.
  Result<int> RunOnce();

 private:
  // The users to alert for the recipient's next step (directory::DutyEscalation), or wait.
  Result<directory::DutyEscalation::Step> TargetsFor(const OverdueRecipient& recipient, std::int64_t now_ms);
  Result<notifications::NewNotification> Message(const OverdueRecipient& recipient, int level, std::int64_t user_id);

  storage::Database& database_;
  const Clock& clock_;
  audit::AuditLog& audit_;
  identity::IdentityService& identity_;
  directory::DirectoryService& directory_;
  notifications::NotificationsService& notifications_;
  EscalationOptions options_;
  directory::DutyEscalation duty_;
  CablesStore store_;
};

}  // namespace chancery::cables
