#include "modules/cables/cables_escalator.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>

#include "modules/cables/cables_rules.hpp"

namespace chancery::cables {
namespace {

using storage::Transaction;

int Number(const std::string& text, std::size_t position, std::size_t length) {
  int value = -1;
  if (position + length > text.size()) return -1;
  std::from_chars(text.data() + position, text.data() + position + length, value);
  return value;
}

std::string UpperPrecedence(Precedence precedence) {
  std::string name = PrecedenceName(precedence);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
  return name;
}

}  // namespace

bool IsWorkingTime(const std::string& local_iso_time) {
  const int year = Number(local_iso_time, 0, 4);
  const int month = Number(local_iso_time, 5, 2);
  const int day = Number(local_iso_time, 8, 2);
  const int hour = Number(local_iso_time, 11, 2);
  if (year < 0 || month < 1 || day < 1 || hour < 0) return true;  // unknown: do not hold an alert back
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  const std::chrono::weekday weekday{std::chrono::sys_days(date)};
  const bool weekend = weekday == std::chrono::Saturday || weekday == std::chrono::Sunday;
  return !weekend && hour >= 8 && hour < 18;
}

CablesEscalator::CablesEscalator(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                                 identity::IdentityService& identity, directory::DirectoryService& directory,
                                 std::shared_ptr<const directory::UnitTree> tree,
                                 notifications::NotificationsService& notifications, EscalationOptions options)
    : database_(database),
      clock_(clock),
      audit_(audit),
      identity_(identity),
      directory_(directory),
      tree_(std::move(tree)),
      notifications_(notifications),
      options_(std::move(options)) {}

Result<std::vector<std::int64_t>> CablesEscalator::WatchDesk(std::int64_t now_ms) {
  std::optional<std::int64_t> desk = tree_->IdOfCode(options_.watch_desk_unit);
  if (!desk) return FailedPrecondition("the HQ watch desk unit " + options_.watch_desk_unit + " does not exist");
  CHANCERY_ASSIGN_OR_RETURN(directory::OnCall on_call, directory_.OnCallAt(*desk, now_ms));
  std::vector<std::int64_t> users;
  for (const directory::RosterEntry& entry : on_call.entries) users.push_back(entry.user_id);
  if (users.empty()) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<identity::UserRecord> members, identity_.ListUnitMembers(*desk));
    for (const identity::UserRecord& member : members) {
      if (!member.disabled) users.push_back(member.id);
    }
  }
  return users;
}

Result<CablesEscalator::Targets> CablesEscalator::TargetsFor(const OverdueRecipient& recipient, std::int64_t now_ms) {
  Targets targets;
  if (recipient.escalation_level == 0) {
    CHANCERY_ASSIGN_OR_RETURN(directory::OnCall on_call, directory_.OnCallAt(recipient.unit_id, now_ms));
    if (!recipient.niact && !IsWorkingTime(on_call.local_time)) {
      targets.wait = true;
      return targets;
    }
    for (const directory::RosterEntry& entry : on_call.entries) targets.user_ids.push_back(entry.user_id);
    if (!targets.user_ids.empty()) return targets;
    // Nobody on call at the unit: HQ must know now rather than after another deadline.
  } else {
    const std::int64_t step_ms = options_.deadlines.For(recipient.precedence);
    if (now_ms < recipient.escalated_at_ms.value_or(recipient.deadline_at_ms) + step_ms) {
      targets.wait = true;
      return targets;
    }
  }
  targets.level = 2;
  CHANCERY_ASSIGN_OR_RETURN(targets.user_ids, WatchDesk(now_ms));
  return targets;
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
    CHANCERY_ASSIGN_OR_RETURN(Targets targets, TargetsFor(recipient, now_ms));
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
