// DirectoryService: staff listings, duty rosters and who is on call.
#include <boost/json.hpp>

#include <algorithm>
#include <map>

#include "modules/directory/directory_service.hpp"
#include "modules/directory/geography.hpp"

namespace chancery::directory {
namespace {

constexpr std::size_t kMaxRosterEntries = 1000;
constexpr std::int64_t kMaxShiftMs = 31LL * 24 * 3600 * 1000;

// Fills display names from identity, asking once per user.
Status FillDisplayNames(identity::IdentityService& identity, std::vector<RosterEntry>& entries) {
  std::map<std::int64_t, std::string> names;
  for (RosterEntry& entry : entries) {
    auto found = names.find(entry.user_id);
    if (found == names.end()) {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<identity::UserRecord> user, identity.FindUser(entry.user_id));
      found = names.emplace(entry.user_id, user ? user->display_name : std::string()).first;
    }
    entry.display_name = found->second;
  }
  return Status::Ok();
}

Status RosterError(std::size_t index, std::string_view field, std::string message) {
  return InvalidArgument(std::move(message))
      .WithField("/entries/" + std::to_string(index) + (field.empty() ? "" : "/" + std::string(field)));
}

}  // namespace

Result<std::vector<StaffMember>> DirectoryService::ListStaff(std::int64_t unit_id,
                                                             const identity::ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(Unit unit, GetUnit(unit_id));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<identity::UserRecord> members, identity_.ListUnitMembers(unit_id));
  std::vector<StaffMember> staff;
  staff.reserve(members.size());
  for (const identity::UserRecord& member : members) {
    CHANCERY_ASSIGN_OR_RETURN(identity::UserContact contact, identity_.ReadContact(member.id));
    staff.push_back({member.id, member.username, member.display_name, member.title, contact.email, contact.phone});
  }
  // One entry for the whole listing, naming whose data was read (ids only, never the data itself).
  boost::json::array user_ids;
  for (const StaffMember& member : staff) user_ids.emplace_back(member.user_id);
  audit::AuditEvent event = Event(context, "personal_data.read", unit_id);
  event.detail_json = boost::json::serialize(
      boost::json::object{{"what", "unit_staff"}, {"unit_code", unit.code}, {"user_ids", std::move(user_ids)}});
  CHANCERY_TRY(audit_.Append(event));
  return staff;
}

Result<std::size_t> DirectoryService::StaffCount(std::int64_t unit_id) {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<identity::UserRecord> members, identity_.ListUnitMembers(unit_id));
  return members.size();
}

Result<std::vector<RosterEntry>> DirectoryService::GetRoster(std::int64_t unit_id) {
  std::vector<RosterEntry> entries;
  CHANCERY_TRY(database_.Read("directory.get_roster", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Unit> unit, store_.FindUnit(transaction, unit_id));
    if (!unit) return NotFound("unit " + std::to_string(unit_id) + " does not exist");
    CHANCERY_ASSIGN_OR_RETURN(entries, store_.ListRoster(transaction, unit_id));
    return Status::Ok();
  }));
  CHANCERY_TRY(FillDisplayNames(identity_, entries));
  return entries;
}

Result<std::vector<RosterEntry>> DirectoryService::ReplaceRoster(std::int64_t unit_id, std::vector<RosterEntry> entries,
                                                                 const identity::ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(Unit unit, GetUnit(unit_id));
  if (entries.size() > kMaxRosterEntries) {
    return InvalidArgument("a roster holds at most " + std::to_string(kMaxRosterEntries) + " entries")
        .WithField("/entries");
  }
  // Identity is asked before the write transaction opens: its calls run transactions of their own.
  std::map<std::int64_t, identity::UserRecord> users;
  for (std::size_t index = 0; index < entries.size(); ++index) {
    const RosterEntry& entry = entries[index];
    if (entry.ends_at_ms <= entry.starts_at_ms) return RosterError(index, "ends_at", "ends_at must be after starts_at");
    if (entry.ends_at_ms - entry.starts_at_ms > kMaxShiftMs) {
      return RosterError(index, "ends_at", "a roster entry lasts at most 31 days");
    }
    if (users.contains(entry.user_id)) continue;
    CHANCERY_ASSIGN_OR_RETURN(std::optional<identity::UserRecord> user, identity_.FindUser(entry.user_id));
    if (!user) return RosterError(index, "user_id", "user " + std::to_string(entry.user_id) + " does not exist");
    if (user->unit_id != unit_id) {
      return RosterError(index, "user_id", user->username + " is not a member of " + unit.code);
    }
    if (user->disabled) return RosterError(index, "user_id", user->username + " is disabled");
    users.emplace(entry.user_id, *user);
  }
  // Primary shifts must not overlap: escalation needs one named person at any moment.
  std::vector<std::size_t> primaries;
  for (std::size_t index = 0; index < entries.size(); ++index) {
    if (entries[index].role == RosterRole::kPrimary) primaries.push_back(index);
  }
  std::sort(primaries.begin(), primaries.end(),
            [&](std::size_t a, std::size_t b) { return entries[a].starts_at_ms < entries[b].starts_at_ms; });
  for (std::size_t at = 1; at < primaries.size(); ++at) {
    if (entries[primaries[at]].starts_at_ms < entries[primaries[at - 1]].ends_at_ms) {
      return RosterError(primaries[at], "starts_at",
                         "primary shifts overlap (entries " + std::to_string(primaries[at - 1]) + " and " +
                             std::to_string(primaries[at]) + ")");
    }
  }

  std::vector<RosterEntry> stored;
  CHANCERY_TRY(database_.Write("directory.replace_roster", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_TRY(store_.ReplaceRoster(transaction, unit_id, entries));
    audit::AuditEvent event = Event(context, "directory.roster_replaced", unit_id);
    event.detail_json = boost::json::serialize(
        boost::json::object{{"unit_code", unit.code}, {"entries", static_cast<std::int64_t>(entries.size())}});
    CHANCERY_TRY(audit_.Append(transaction, event));
    CHANCERY_ASSIGN_OR_RETURN(stored, store_.ListRoster(transaction, unit_id));
    return Status::Ok();
  }));
  for (RosterEntry& entry : stored) entry.display_name = users[entry.user_id].display_name;
  return stored;
}

Result<OnCall> DirectoryService::OnCallAt(std::int64_t unit_id, std::optional<std::int64_t> at_ms) {
  OnCall on_call;
  on_call.unit_id = unit_id;
  on_call.at_ms = at_ms.value_or(clock_.NowMs());
  CHANCERY_TRY(database_.Read("directory.on_call", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Unit> unit, store_.FindUnit(transaction, unit_id));
    if (!unit) return NotFound("unit " + std::to_string(unit_id) + " does not exist");
    on_call.time_zone = unit->time_zone;
    CHANCERY_ASSIGN_OR_RETURN(on_call.entries, store_.RosterCovering(transaction, unit_id, on_call.at_ms));
    return Status::Ok();
  }));
  on_call.local_time = LocalIsoTime(on_call.time_zone, on_call.at_ms);
  CHANCERY_TRY(FillDisplayNames(identity_, on_call.entries));
  return on_call;
}

}  // namespace chancery::directory
