// DutyEscalation: who must be told when something a unit had to acknowledge is overdue, the one rule that both
// overdue cables (cables_escalator.hpp) and unacknowledged monitor alerts (monitor/alerts.hpp) follow.
//
// Rules:
//   - The first step (level 1) goes to whoever the unit's duty roster has on call. An urgent matter (a NIACT cable,
//     a high-priority alert) is told at once, day or night; otherwise a step falling outside the unit's working
//     hours (Monday to Friday, 08:00 to 18:00 in the unit's time zone) waits for the next working morning. A unit
//     with nobody on call goes straight to the second step.
//   - The second step (level 2) goes to the HQ watch desk's on-call staff (its members when nobody is on call), at
//     any hour.
//
// Thread-safety: safe for concurrent use; calls block on the database.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "modules/directory/directory_service.hpp"
#include "modules/directory/unit_tree.hpp"
#include "modules/identity/identity.hpp"

namespace chancery::directory {

class DutyEscalation {
 public:
  struct Step {
    int level = 1;
    std::vector<std::int64_t> user_ids;
    bool wait = false;  // level 1 out of working hours: try again later
  };

  DutyEscalation(DirectoryService& directory, identity::IdentityService& identity, std::shared_ptr<const UnitTree> tree,
                 std::string watch_desk_unit)
      : directory_(directory),
        identity_(identity),
        tree_(std::move(tree)),
        watch_desk_unit_(std::move(watch_desk_unit)) {}

  // The first step for `unit_id` at now_ms (level 2 when nobody is on call there).
  Result<Step> FirstStep(std::int64_t unit_id, bool urgent, std::int64_t now_ms);
  // The second step: the watch desk's people on call, or its members.
  Result<Step> SecondStep(std::int64_t now_ms);
  const std::string& watch_desk_unit() const { return watch_desk_unit_; }

 private:
  DirectoryService& directory_;
  identity::IdentityService& identity_;
  std::shared_ptr<const UnitTree> tree_;
  std::string watch_desk_unit_;
};

// True when an ISO 8601 local time ("2026-11-28T09:15:00+01:00") falls Monday to Friday, 08:00 to 18:00.
bool IsWorkingTime(const std::string& local_iso_time);

}  // namespace chancery::directory
