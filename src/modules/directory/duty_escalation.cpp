#include "modules/directory/duty_escalation.hpp"

#include <charconv>
#include <chrono>

namespace chancery::directory {
namespace {

int Number(const std::string& text, std::size_t position, std::size_t length) {
  int value = -1;
  if (position + length > text.size()) return -1;
  std::from_chars(text.data() + position, text.data() + position + length, value);
  return value;
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

Result<DutyEscalation::Step> DutyEscalation::FirstStep(std::int64_t unit_id, bool urgent, std::int64_t now_ms) {
  Step step;
  CHANCERY_ASSIGN_OR_RETURN(OnCall on_call, directory_.OnCallAt(unit_id, now_ms));
  if (!urgent && !IsWorkingTime(on_call.local_time)) {
    step.wait = true;
    return step;
  }
  for (const RosterEntry& entry : on_call.entries) step.user_ids.push_back(entry.user_id);
  if (!step.user_ids.empty()) return step;
  // Nobody on call at the unit: HQ must know now rather than after another deadline.
  return SecondStep(now_ms);
}

Result<DutyEscalation::Step> DutyEscalation::SecondStep(std::int64_t now_ms) {
  Step step;
  step.level = 2;
  std::optional<std::int64_t> desk = tree_->IdOfCode(watch_desk_unit_);
  if (!desk) return FailedPrecondition("the HQ watch desk unit " + watch_desk_unit_ + " does not exist");
  CHANCERY_ASSIGN_OR_RETURN(OnCall on_call, directory_.OnCallAt(*desk, now_ms));
  for (const RosterEntry& entry : on_call.entries) step.user_ids.push_back(entry.user_id);
  if (step.user_ids.empty()) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<identity::UserRecord> members, identity_.ListUnitMembers(*desk));
    for (const identity::UserRecord& member : members) {
      if (!member.disabled) step.user_ids.push_back(member.id);
    }
  }
  return step;
}

}  // namespace chancery::directory
