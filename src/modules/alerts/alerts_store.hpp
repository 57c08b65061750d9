// AlertsStore: the alerts table. Each call runs inside the caller's transaction.
//
// Thread-safety: stateless; safe for concurrent use.
#pragma once

#include <optional>
#include <vector>

#include "modules/alerts/alerts.hpp"
#include "storage/database.hpp"

namespace chancery::alerts {

class AlertsStore {
 public:
  // Returns the new alert with its id and CAP identifier ("<prefix>.<id>").
  Result<Alert> Insert(storage::Transaction& transaction, const AlertContent& content, std::int64_t created_by,
                       const std::string& identifier_prefix, std::int64_t now_ms) const;
  // kConflict unless the alert is still a draft.
  Status UpdateDraft(storage::Transaction& transaction, std::int64_t id, const AlertContent& content,
                     std::int64_t now_ms) const;
  Result<std::optional<Alert>> Find(storage::Transaction& transaction, std::int64_t id) const;
  // Newest first; `unit_ids` empty and `all_units` false gives nothing.
  Result<std::vector<Alert>> List(storage::Transaction& transaction, const std::vector<std::int64_t>& unit_ids,
                                  bool all_units, std::optional<std::int64_t> before_id, int limit) const;
  // Public, Actual alerts that were sent, newest first: the Atom feed; and one of them by its CAP identifier.
  Result<std::vector<Alert>> ListPublic(storage::Transaction& transaction, int limit) const;
  Result<std::optional<Alert>> FindPublic(storage::Transaction& transaction, std::string_view identifier) const;
  // Every alert in a state, oldest first (the upkeep's "sending" ones, however many and however old).
  Result<std::vector<Alert>> ListInState(storage::Transaction& transaction, AlertState state) const;

  // Alerts asking "Are you safe?" sent at or after `since_ms`, newest first.
  Result<std::vector<Alert>> ListSafetyChecks(storage::Transaction& transaction, std::int64_t since_ms) const;
  // Finds an alert by its safety-check reply code.
  Result<std::optional<Alert>> FindByReplyCode(storage::Transaction& transaction, std::string_view code) const;

  struct Transition {
    AlertState to = AlertState::kDraft;
    std::optional<std::int64_t> submitted_by;
    std::optional<std::int64_t> approved_by;
    std::optional<std::int64_t> recipients;
    std::optional<std::int64_t> sent_at_ms;
  };
  // Moves the alert from `from` to `transition.to`; false when it was not in state `from` (someone else moved it).
  Result<bool> Move(storage::Transaction& transaction, std::int64_t id, AlertState from, const Transition& transition,
                    std::int64_t now_ms) const;

 private:
  Status AssignReplyCode(storage::Transaction& transaction, std::int64_t id) const;
};

}  // namespace chancery::alerts
