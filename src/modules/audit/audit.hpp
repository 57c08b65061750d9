// Audit log: append-only and hash-chained. Each entry stores the SHA-256 of the previous entry's hash and of its own
// canonical form, so any edit, deletion or reordering in the database is found by Verify().
//
// Other modules append within their own write transaction, so that an action and its audit entry commit together
// (or not at all). Appends are serialised through the `audit_head` row, on both engines and across nodes.
//
// Contract: seq numbers are contiguous from 1; an entry is immutable once appended; Prune deletes only a prefix of
// the chain and records where the retained chain starts (audit_head.base_seq/base_hash), so Verify still passes.
// The hash chain format is specified in README.md so that an external tool can check it.
//
// Thread-safety: AuditLog is safe for concurrent use. All calls block on the database: never call them on a network
// thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"

namespace chancery::audit {

struct AuditEvent {
  std::int64_t actor_user_id = 0;       // 0 for anonymous or the system
  std::string actor;                    // username, "anonymous" or "system"
  std::string action;                   // dotted, e.g. "auth.login", "auth.login_failed", "role.granted"
  std::optional<std::int64_t> unit_id;  // the org unit the action concerns, for scoping reads of the log
  std::string target_type;              // e.g. "user", "unit", "api_token"
  std::string target_id;
  std::string outcome = "success";  // "success" or "failure"
  std::string detail_json = "{}";   // a JSON object; never secrets, never decrypted personal data
  std::string remote_address;
  std::string request_id;
};

// Fills actor fields from a principal (or "anonymous" when null).
AuditEvent EventBy(const Principal* principal, std::string action);

struct AuditEntry {
  std::int64_t seq = 0;
  std::int64_t at_ms = 0;
  AuditEvent event;
  std::string previous_hash;  // hex
  std::string hash;           // hex
};

// Retention of audit entries, in days. The lead's wiring reads it from the configuration; system logs must be kept at
// least twelve months.
inline constexpr int kDefaultRetentionDays = 400;
inline constexpr int kMinimumRetentionDays = 365;
// kInvalidArgument when `days` is below kMinimumRetentionDays.
Status ValidateRetentionDays(int days);

// Whether a unit-scoped search also returns entries that concern no unit (only for a scope covering the root).
enum class UnitlessEntries { kExclude, kInclude };

struct AuditFilter {
  std::optional<std::int64_t> actor_user_id;
  std::optional<std::string> actor;                      // exact username
  std::optional<std::string> action;                     // exact, or a prefix ending in '.' ("auth.")
  std::optional<std::vector<std::int64_t>> unit_ids;     // nullopt: every unit (and entries without one)
  UnitlessEntries unitless = UnitlessEntries::kExclude;  // with unit_ids: also entries without a unit
  std::optional<std::int64_t> from_ms;                   // inclusive
  std::optional<std::int64_t> to_ms;                     // exclusive
  std::optional<std::int64_t> before_seq;                // for paging backwards
  int limit = 100;                                       // 1..kMaxSearchLimit
};

inline constexpr int kMaxSearchLimit = 500;

struct VerifyReport {
  bool intact = true;
  std::int64_t entries_checked = 0;
  std::optional<std::int64_t> first_bad_seq;
  std::string problem;  // what is wrong at first_bad_seq, in a sentence
};

class AuditLog {
 public:
  AuditLog(storage::Database& database, const Clock& clock) : database_(database), clock_(clock) {}

  // Appends within the caller's read-write transaction. kInvalidArgument when the action is not a lower-case dotted
  // name, the outcome is not "success"/"failure", detail_json is not a JSON object, or a field is too long.
  // The detail is stored in canonical form (see README.md). Locks audit_head until the transaction ends.
  Status Append(storage::Transaction& transaction, const AuditEvent& event);
  // Appends in a transaction of its own.
  Status Append(const AuditEvent& event);

  // Newest first (seq descending), at most filter.limit entries.
  Result<std::vector<AuditEntry>> Search(const AuditFilter& filter);
  // Entries with seq > after_seq, oldest first, at most `limit`: for tailing the log.
  Result<std::vector<AuditEntry>> After(std::int64_t after_seq, int limit);
  // The seq of the last appended entry (0 when none was ever appended).
  Result<std::int64_t> HeadSeq();

  // Recomputes the whole retained chain in seq order, in batches (constant memory). Reports the first problem.
  Result<VerifyReport> Verify();
  // Deletes, in batches, the prefix of the chain whose entries are older than `older_than_ms` (Unix ms), moves
  // base_seq/base_hash past them and appends an "audit.pruned" entry. Returns how many entries were deleted.
  // kFailedPrecondition when the links of the chain to be deleted are broken (verify first; pruning must not hide
  // tampering).
  Result<std::int64_t> Prune(std::int64_t older_than_ms);
  // Prune with a cutoff of `retention_days` before now; kInvalidArgument below kMinimumRetentionDays.
  Result<std::int64_t> PruneByRetention(int retention_days);

 private:
  storage::Database& database_;
  const Clock& clock_;
};

}  // namespace chancery::audit
