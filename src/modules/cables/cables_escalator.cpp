#include "modules/cables/cables_escalator.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

#include "modules/cables/cables_rules.hpp"

namespace chancery::cables {
namespace {

using storage::Transaction;

std::string UpperPrecedence(Precedence precedence) {
  std::string name = PrecedenceName(precedence);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
  return name;
}

}  // namespace

CablesEscalator::CablesEscalator(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                                 identity::IdentityService& identity, directory::DirectoryService& directory,
                                 std::shared_ptr<const directory::UnitTree> tree,
                                 notifications::NotificationsService& notifications, EscalationOptions options)
    : database_(database),
      clock_(clock),
      audit_(audit),
      identity_(identity),
      directory_(directory),
      notifications_(notifications),
      options_(std::move(options)),
      duty_(directory, identity, std::move(tree), options_.watch_desk_unit) {}

Result<directory::DutyEscalation::Step> CablesEscalator::TargetsFor(const OverdueRecipient& recipient,
                                                                    std::int64_t now_ms) {
  if (recipient.escalation_level == 0) return duty_.FirstStep(recipient.unit_id, recipient.niact, now_ms);
  const std::int64_t step_ms = options_.deadlines.For(recipient.precedence);
  if (now_ms < recipient.escalated_at_ms.value_or(recipient.deadline_at_ms) + step_ms) {
    return directory::DutyEscalation::Step{.wait = true};
  }
  return duty_.SecondStep(now_ms);
}

Result<notifications::NewNotification> CablesEscalator::Message(const OverdueRecipient& recipient, int level,
                                                                std::int64_t user_id) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<identity::UserRecord> user, identity_.FindUser(user_id));
  const bool vietnamese = !user || user->locale != "en";
  CHANCERY_ASSIGN_OR_RETURN(directory::Unit unit, directory_.GetUnit(recipient.unit_id));
  const std::string unit_name = vietnamese ? unit.name_vi : unit.name_en;
  const std::string precedence = UpperPrecedence(recipient.precedence);
  const std::string deadline = FormatIsoTime(recipient.deadline_at_ms);
  notifications::NewNotification message;
  message.user_id = user_id;
  message.kind = "cable.escalated";
  message.urgent = recipient.niact || recipient.precedence == Precedence::kFlash || level == 2;
  message.link = "/cables/" + std::to_string(recipient.cable_id);
  const std::string niact = recipient.niact ? " NIACT" : "";
  if (vietnamese) {
    message.title = "Điện " + precedence + niact + " " + recipient.reference + " chưa được xác nhận: " + unit_name;
    message.body = "Hạn xác nhận điện " + recipient.reference + " (" + precedence + ", xử lý) đã qua lúc " + deadline +
                   " mà " + unit_name + " chưa xác nhận. " +
                   (level == 1 ? "Đồng chí đang trực tại " + unit_name + "."
                               : "Đồng chí đang trực tại Trực ban Bộ (" + options_.watch_desk_unit +
                                     "); cán bộ trực của đơn vị chưa xác nhận hoặc không có người trực.");
  } else {
    message.title = "Unacknowledged " + precedence + niact + " cable " + recipient.reference + ": " + unit_name;
    message.body = "The acknowledgement deadline of cable " + recipient.reference + " (" + precedence +
                   ", action) passed at " + deadline + " and " + unit_name + " has not acknowledged it. " +
                   (level == 1 ? "You are on call for " + unit_name + "."
                               : "You are on the HQ watch desk (" + options_.watch_desk_unit +
                                     "); the unit's duty officer has not acknowledged it, or nobody is on call there.");
  }
  return message;
}

Result<int> CablesEscalator::RunOnce() {
  const std::int64_t now_ms = clock_.NowMs();
  std::vector<OverdueRecipient> overdue;
  CHANCERY_TRY(database_.Read("cables.overdue", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(overdue, store_.Overdue(transaction, now_ms, 500));
    return Status::Ok();
  }));
  int taken = 0;
  for (const OverdueRecipient& recipient : overdue) {
    CHANCERY_ASSIGN_OR_RETURN(directory::DutyEscalation::Step targets, TargetsFor(recipient, now_ms));
    if (targets.wait) continue;
    std::vector<notifications::NewNotification> messages;
    for (std::int64_t user_id : targets.user_ids) {
      CHANCERY_ASSIGN_OR_RETURN(notifications::NewNotification message, Message(recipient, targets.level, user_id));
      messages.push_back(std::move(message));
    }
    bool took = false;
    CHANCERY_TRY(database_.Write("cables.escalate", [&](Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(took, store_.Escalate(transaction, recipient.cable_id, recipient.unit_id,
                                                      recipient.escalation_level, targets.level, now_ms));
      if (!took) return Status::Ok();  // acknowledged or escalated meanwhile
      for (const notifications::NewNotification& message : messages) {
        CHANCERY_TRY(notifications_.Notify(transaction, message).status());
      }
      audit::AuditEvent event = audit::EventBy(nullptr, "cable.escalated");
      event.unit_id = recipient.unit_id;
      event.target_type = "cable";
      event.target_id = std::to_string(recipient.cable_id);
      boost::json::array notified;
      for (std::int64_t user_id : targets.user_ids) notified.push_back(user_id);
      event.detail_json = boost::json::serialize(boost::json::object{
          {"level", targets.level}, {"reference", recipient.reference}, {"notified", std::move(notified)}});
      return audit_.Append(transaction, event);
    }));
    if (took) ++taken;
  }
  return taken;
}

}  // namespace chancery::cables
