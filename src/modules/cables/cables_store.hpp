// CablesStore: the cables module's SQL, over the portable database API (the same SQL on SQLite and PostgreSQL).
// It stores what it is given; the lifecycle rules live in CablesService.
//
// Contract: every call runs inside the caller's transaction. Changes to a cable's row bump its version and fail
// with kConflict when the caller's expected version is stale (someone else changed it first). The database itself
// refuses any change to a transmitted cable (a trigger), as a last line behind the service.
//
// Thread-safety: stateless apart from references to its dependencies; safe for concurrent use.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/status.hpp"
#include "modules/cables/cables.hpp"
#include "storage/database.hpp"

namespace chancery::cables {

// Which list of cables: a user's working boxes.
enum class Box {
  kInbox,      // transmitted to a unit the reader covers, or to the reader by name
  kSent,       // transmitted by a unit the reader covers
  kDrafts,     // not yet transmitted: the reader's own, or of a unit where the reader drafts
  kClearance,  // waiting for the reader's clearance
  kRelease,    // cleared, waiting for release by a unit where the reader releases
};
const char* BoxName(Box box);  // "inbox", "sent", "drafts", "clearance", "release"
std::optional<Box> ParseBox(std::string_view name);

struct ListQuery {
  Box box = Box::kInbox;
  std::int64_t user_id = 0;
  // Units the box covers (inbox/sent: cable_read, drafts: cable_draft, release: cable_release); nullopt: every unit.
  std::optional<std::vector<std::int64_t>> unit_ids;
  std::vector<Classification> classifications;  // the reader may see these
  std::optional<std::int64_t> before_id;        // paging: ids below this one
  int limit = 50;
};

// An action addressee whose acknowledgement deadline has passed, with what escalation needs of its cable.
struct OverdueRecipient {
  std::int64_t cable_id = 0;
  std::int64_t unit_id = 0;
  bool niact = false;
  int escalation_level = 0;
  std::int64_t deadline_at_ms = 0;
  std::optional<std::int64_t> escalated_at_ms;
  Precedence precedence = Precedence::kRoutine;
  std::string reference;
  std::int64_t originating_unit_id = 0;
};

class CablesStore {
 public:
  // Inserts a draft with its addressees and references; returns the new id.
  Result<std::int64_t> Insert(storage::Transaction& transaction, const Cable& cable);
  // Rewrites a draft's content (not its state) if its version is still `cable.version`; bumps the version.
  Status UpdateContent(storage::Transaction& transaction, const Cable& cable, std::int64_t now_ms);
  // Moves a cable to `state` if its version is still `expected_version`; bumps the version.
  Status SetState(storage::Transaction& transaction, std::int64_t cable_id, std::int64_t expected_version,
                  CableState state, std::optional<ClearanceRule> rule, std::int64_t now_ms);
  Status ReplaceClearers(storage::Transaction& transaction, std::int64_t cable_id,
                         const std::vector<Clearer>& clearers);
  Status SetDecision(storage::Transaction& transaction, std::int64_t cable_id, const Clearer& clearer);
  // The next number in the unit's sequence for the year, starting at 1.
  Result<std::int64_t> NextSequence(storage::Transaction& transaction, std::int64_t unit_id, int year);
  // Transmits a cleared cable: its reference, releaser and time, one recipient row per addressee unit, and the
  // people its distribution lists named (user addressees with via_list_id, after the drafted ones).
  Status Transmit(storage::Transaction& transaction, const Cable& cable, const std::string& reference,
                  std::int64_t released_by, std::int64_t now_ms, const std::vector<Recipient>& recipients,
                  const std::vector<Addressee>& listed_people);
  // Records the first read by a member of a recipient unit; false when already received.
  Result<bool> MarkReceived(storage::Transaction& transaction, std::int64_t cable_id, std::int64_t unit_id,
                            std::int64_t user_id, std::int64_t now_ms);
  // Records the unit's acknowledgement (and its receipt, if still missing); false when already acknowledged.
  Result<bool> Acknowledge(storage::Transaction& transaction, std::int64_t cable_id, std::int64_t unit_id,
                           std::int64_t user_id, std::int64_t now_ms);

  // Unacknowledged recipients past their deadline and not yet escalated to the last level (2), oldest first.
  Result<std::vector<OverdueRecipient>> Overdue(storage::Transaction& transaction, std::int64_t now_ms, int limit);
  // Moves a recipient's escalation from `from_level` to `to_level` unless it was acknowledged or escalated
  // meanwhile (by another node); true when this call did it.
  Result<bool> Escalate(storage::Transaction& transaction, std::int64_t cable_id, std::int64_t unit_id, int from_level,
                        int to_level, std::int64_t now_ms);

  // The whole cable: content, addressees, references, clearers and recipients.
  Result<std::optional<Cable>> Find(storage::Transaction& transaction, std::int64_t cable_id);
  // Cables of a box, newest first, whole.
  Result<std::vector<Cable>> List(storage::Transaction& transaction, const ListQuery& query);
};

}  // namespace chancery::cables
