// AuditLog::Prune: retention. Deletes the oldest entries batch by batch and moves the chain's base past them.
#include <fmt/format.h>

#include <string>

#include "modules/audit/audit.hpp"
#include "modules/audit/canonical.hpp"

namespace chancery::audit {
namespace {

constexpr std::int64_t kPruneBatch = 1000;

struct BatchResult {
  std::int64_t deleted = 0;
  bool done = false;
  std::int64_t base_seq = 0;
};

}  // namespace

Result<std::int64_t> AuditLog::Prune(std::int64_t older_than_ms) {
  std::int64_t total_deleted = 0;
  std::int64_t base_seq = 0;
  // Each batch is a short transaction of its own, so that appenders wait on the head row for one batch at most.
  while (true) {
    BatchResult batch;
    CHANCERY_TRY(database_.Write("audit.prune", [&](storage::Transaction& transaction) -> Status {
      batch = BatchResult{};
      // A no-op update that takes the head's row lock: a concurrent Prune or Append waits for this batch.
      CHANCERY_TRY(transaction.Execute("UPDATE audit_head SET base_seq = base_seq WHERE id = 1"));
      CHANCERY_ASSIGN_OR_RETURN(storage::Row head,
                                transaction.QueryOne("SELECT base_seq, base_hash FROM audit_head WHERE id = 1"));
      std::int64_t new_base_seq = head.Int(0);
      std::string new_base_hash = head.Text(1);
      CHANCERY_ASSIGN_OR_RETURN(
          storage::Rows rows,
          transaction.Query("SELECT seq, at, previous_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
                            {new_base_seq, kPruneBatch}));
      batch.done = static_cast<std::int64_t>(rows.size()) < kPruneBatch;
      for (const storage::Row& row : rows) {
        // Entries are pruned as a prefix of the chain: the first young entry ends the pruning, even if older ones
        // (from a node with a slow clock) follow it.
        if (row.Int(1) >= older_than_ms) {
          batch.done = true;
          break;
        }
        if (row.Int(0) != new_base_seq + 1 || row.Text(2) != new_base_hash) {
          return FailedPrecondition(fmt::format(
              "the audit chain is broken at entry {}; run verify and investigate before pruning", row.Int(0)));
        }
        new_base_seq = row.Int(0);
        new_base_hash = row.Text(3);
      }
      if (new_base_seq == head.Int(0)) {
        batch.done = true;
        return Status::Ok();
      }
      CHANCERY_ASSIGN_OR_RETURN(batch.deleted, transaction.Execute("DELETE FROM audit_log WHERE seq > ? AND seq <= ?",
                                                                   {head.Int(0), new_base_seq}));
      CHANCERY_TRY(transaction.Execute("UPDATE audit_head SET base_seq = ?, base_hash = ? WHERE id = 1",
                                       {new_base_seq, new_base_hash}));
      batch.base_seq = new_base_seq;
      return Status::Ok();
    }));
    total_deleted += batch.deleted;
    if (batch.deleted > 0) base_seq = batch.base_seq;
    if (batch.done) break;
  }
  if (total_deleted > 0) {
    // The prune itself is on the record, so that a base moved by hand (hiding deleted entries) stands out.
    AuditEvent event;
    event.actor = "system";
    event.action = "audit.pruned";
    event.target_type = "audit_log";
    event.detail_json =
        fmt::format(R"({{"deleted":{},"cutoff_ms":{},"base_seq":{}}})", total_deleted, older_than_ms, base_seq);
    CHANCERY_TRY(Append(event));
  }
  return total_deleted;
}

Result<std::int64_t> AuditLog::PruneByRetention(int retention_days) {
  CHANCERY_TRY(ValidateRetentionDays(retention_days));
  constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;
  return Prune(clock_.NowMs() - retention_days * kDayMs);
}

}  // namespace chancery::audit
