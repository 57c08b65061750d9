// AuditLog::Verify: walks the retained chain in seq order, batch by batch, and reports the first problem.
#include <fmt/format.h>

#include <string>

#include "modules/audit/audit.hpp"
#include "modules/audit/audit_rows.hpp"
#include "modules/audit/canonical.hpp"

namespace chancery::audit {
namespace {

constexpr std::int64_t kVerifyBatch = 1000;

VerifyReport Broken(VerifyReport report, std::int64_t seq, std::string problem) {
  report.intact = false;
  report.first_bad_seq = seq;
  report.problem = std::move(problem);
  return report;
}

// The problem with one entry given what the chain expects of it, or "" when the entry is sound. Order matters for
// the message: a gap is reported before a content change, and a content change before a broken link, because a
// row whose own hash does not match was edited, whereas a broken link alone means the previous entry was replaced.
std::string CheckEntry(const AuditEntry& entry, std::int64_t expected_seq, const std::string& expected_previous_hash,
                       std::int64_t* bad_seq) {
  *bad_seq = entry.seq;
  if (entry.seq != expected_seq) {
    *bad_seq = expected_seq;
    if (expected_seq + 1 == entry.seq) {
      return fmt::format("entry {} is missing (sequence jumps from {} to {})", expected_seq, expected_seq - 1,
                         entry.seq);
    }
    return fmt::format("entries {} to {} are missing (sequence jumps from {} to {})", expected_seq, entry.seq - 1,
                       expected_seq - 1, entry.seq);
  }
  // A detail that is not stored canonically could make two different entries share a canonical form.
  Result<std::string> canonical_detail = CanonicalDetail(entry.event.detail_json);
  if (!canonical_detail.ok() || *canonical_detail != entry.event.detail_json) {
    return fmt::format("entry {} was modified (detail is not canonical JSON)", entry.seq);
  }
  if (ChainHash(entry.previous_hash, CanonicalForm(entry)) != entry.hash) {
    return fmt::format("entry {} was modified (hash mismatch)", entry.seq);
  }
  if (entry.previous_hash != expected_previous_hash) {
    return fmt::format("entry {} does not follow entry {} (previous hash mismatch)", entry.seq, entry.seq - 1);
  }
  return "";
}

}  // namespace

Result<VerifyReport> AuditLog::Verify() {
  VerifyReport report;
  // One read transaction, so that Prune cannot move the base under the walk on SQLite; rows are still fetched in
  // batches, so memory stays constant however long the log is. Entries appended after the head was read are left
  // for the next run.
  CHANCERY_TRY(database_.Read("audit.verify", [&](storage::Transaction& transaction) -> Status {
    report = VerifyReport{};
    CHANCERY_ASSIGN_OR_RETURN(
        storage::Row head, transaction.QueryOne("SELECT seq, hash, base_seq, base_hash FROM audit_head WHERE id = 1"));
    const std::int64_t head_seq = head.Int(0);
    const std::string head_hash = head.Text(1);
    std::int64_t last_seq = head.Int(2);
    std::string last_hash = head.Text(3);
    const std::string sql = fmt::format("SELECT {} FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
                                        internal::kEntryColumns);
    while (true) {
      CHANCERY_ASSIGN_OR_RETURN(storage::Rows rows, transaction.Query(sql, {last_seq, head_seq, kVerifyBatch}));
      for (const storage::Row& row : rows) {
        AuditEntry entry = internal::EntryFromRow(row);
        std::int64_t bad_seq = 0;
        std::string problem = CheckEntry(entry, last_seq + 1, last_hash, &bad_seq);
        if (!problem.empty()) {
          report = Broken(report, bad_seq, std::move(problem));
          return Status::Ok();
        }
        ++report.entries_checked;
        last_seq = entry.seq;
        last_hash = std::move(entry.hash);
      }
      if (static_cast<std::int64_t>(rows.size()) < kVerifyBatch) break;
    }
    if (last_seq < head_seq) {
      report =
          Broken(report, last_seq + 1,
                 fmt::format("the log ends at {} but the head says {} (entries were deleted)", last_seq, head_seq));
    } else if (last_hash != head_hash) {
      report = Broken(
          report, last_seq,
          fmt::format("entry {} does not match the head's hash (the last entry or the head was modified)", last_seq));
    } else {
      // Rows at or before the base are outside the retained chain: Prune deleted them, so they came back from
      // outside Append. (Rows past the head cannot be told apart from appends made since the head was read.)
      CHANCERY_ASSIGN_OR_RETURN(
          storage::Row stray,
          transaction.QueryOne("SELECT COUNT(*), MIN(seq) FROM audit_log WHERE seq <= ?", {head.Int(2)}));
      if (stray.Int(0) > 0) {
        report = Broken(report, stray.Int(1),
                        fmt::format("entry {} precedes the start of the retained chain at {} (it was inserted "
                                    "outside the log, or a prune was undone)",
                                    stray.Int(1), head.Int(2) + 1));
      }
    }
    return Status::Ok();
  }));
  return report;
}

}  // namespace chancery::audit
