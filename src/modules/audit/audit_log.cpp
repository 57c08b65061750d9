// AuditLog: appending to the chain and reading it back. Verify and Prune live in audit_verify.cpp and
// audit_prune.cpp.
#include <fmt/format.h>

#include <string>
#include <utility>
#include <vector>

#include "modules/audit/audit.hpp"
#include "modules/audit/audit_rows.hpp"
#include "modules/audit/canonical.hpp"

namespace chancery::audit {

using storage::Row;
using storage::Rows;
using storage::Transaction;
using storage::Value;

AuditEvent EventBy(const Principal* principal, std::string action) {
  AuditEvent event;
  if (principal != nullptr) {
    event.actor_user_id = principal->user_id;
    event.actor = principal->username;
  } else {
    event.actor = "anonymous";
  }
  event.action = std::move(action);
  return event;
}

Status ValidateRetentionDays(int days) {
  if (days < kMinimumRetentionDays) {
    return InvalidArgument(
        fmt::format("audit retention must be at least {} days (system logs are kept twelve months), not {}",
                    kMinimumRetentionDays, days));
  }
  return Status::Ok();
}

Status AuditLog::Append(Transaction& transaction, const AuditEvent& event) {
  CHANCERY_ASSIGN_OR_RETURN(std::string canonical_detail, ValidateEvent(event));

  // Incrementing the head first takes its row lock (PostgreSQL) or the write lock (SQLite), which serialises
  // appenders on every node until this transaction ends, so seq is contiguous and previous_hash is the latest hash.
  Row head({});
  if (database_.capabilities().supports_returning) {
    CHANCERY_ASSIGN_OR_RETURN(
        head, transaction.QueryOne("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash"));
  } else {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t changed,
                              transaction.Execute("UPDATE audit_head SET seq = seq + 1 WHERE id = 1"));
    if (changed != 1) return Internal("audit_head has no row; the audit migration did not run");
    CHANCERY_ASSIGN_OR_RETURN(head, transaction.QueryOne("SELECT seq, hash FROM audit_head WHERE id = 1"));
  }

  AuditEntry entry;
  entry.seq = head.Int(0);
  entry.at_ms = clock_.NowMs();
  entry.event = event;
  entry.event.detail_json = std::move(canonical_detail);
  entry.previous_hash = head.Text(1);
  entry.hash = ChainHash(entry.previous_hash, CanonicalForm(entry));

  const AuditEvent& stored = entry.event;
  CHANCERY_TRY(transaction.Execute(
      "INSERT INTO audit_log (seq, at, actor_user_id, actor, action, unit_id, target_type, target_id, outcome, detail, "
      "remote_address, request_id, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {entry.seq, entry.at_ms, stored.actor_user_id, stored.actor, stored.action, storage::Nullable(stored.unit_id),
       stored.target_type, stored.target_id, stored.outcome, stored.detail_json, stored.remote_address,
       stored.request_id, entry.previous_hash, entry.hash}));
  CHANCERY_TRY(transaction.Execute("UPDATE audit_head SET hash = ? WHERE id = 1", {entry.hash}));
  return Status::Ok();
}

Status AuditLog::Append(const AuditEvent& event) {
  return database_.Write("audit.append", [&](Transaction& transaction) { return Append(transaction, event); });
}

Result<std::vector<AuditEntry>> AuditLog::Search(const AuditFilter& filter) {
  if (filter.limit < 1 || filter.limit > kMaxSearchLimit) {
    return InvalidArgument(fmt::format("limit must be between 1 and {}", kMaxSearchLimit));
  }
  std::string sql = fmt::format("SELECT {} FROM audit_log WHERE 1 = 1", internal::kEntryColumns);
  std::vector<Value> params;
  if (filter.actor_user_id) {
    sql += " AND actor_user_id = ?";
    params.emplace_back(*filter.actor_user_id);
  }
  if (filter.actor) {
    sql += " AND actor = ?";
    params.emplace_back(*filter.actor);
  }
  if (filter.action) {
    CHANCERY_TRY(ValidateActionFilter(*filter.action));
    if (filter.action->back() == '.') {
      // Action names hold no '%', and '_' is escaped, so the prefix matches literally on both engines.
      std::string pattern;
      for (char c : *filter.action) {
        if (c == '_') pattern += '!';
        pattern += c;
      }
      sql += " AND action LIKE ? ESCAPE '!'";
      params.emplace_back(pattern + "%");
    } else {
      sql += " AND action = ?";
      params.emplace_back(*filter.action);
    }
  }
  if (filter.unit_ids) {
    std::string condition;
    if (!filter.unit_ids->empty()) {
      condition = "unit_id IN (";
      for (std::size_t i = 0; i < filter.unit_ids->size(); ++i) {
        condition += i == 0 ? "?" : ", ?";
        params.emplace_back((*filter.unit_ids)[i]);
      }
      condition += ")";
    }
    if (filter.unitless == UnitlessEntries::kInclude) {
      condition += condition.empty() ? "unit_id IS NULL" : " OR unit_id IS NULL";
    }
    if (condition.empty()) return std::vector<AuditEntry>{};  // an empty scope sees nothing
    sql += " AND (" + condition + ")";
  }
  if (filter.from_ms) {
    sql += " AND at >= ?";
    params.emplace_back(*filter.from_ms);
  }
  if (filter.to_ms) {
    sql += " AND at < ?";
    params.emplace_back(*filter.to_ms);
  }
  if (filter.before_seq) {
    sql += " AND seq < ?";
    params.emplace_back(*filter.before_seq);
  }
  sql += " ORDER BY seq DESC LIMIT ?";
  params.emplace_back(std::int64_t{filter.limit});

  std::vector<AuditEntry> entries;
  CHANCERY_TRY(database_.Read("audit.search", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Rows rows, transaction.Query(sql, params));
    entries.reserve(rows.size());
    for (const Row& row : rows) entries.push_back(internal::EntryFromRow(row));
    return Status::Ok();
  }));
  return entries;
}

Result<std::vector<AuditEntry>> AuditLog::After(std::int64_t after_seq, int limit) {
  std::vector<AuditEntry> entries;
  CHANCERY_TRY(database_.Read("audit.tail", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        Rows rows, transaction.Query(fmt::format("SELECT {} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
                                                 internal::kEntryColumns),
                                     {after_seq, std::int64_t{limit}}));
    entries.reserve(rows.size());
    for (const Row& row : rows) entries.push_back(internal::EntryFromRow(row));
    return Status::Ok();
  }));
  return entries;
}

Result<std::int64_t> AuditLog::HeadSeq() {
  std::int64_t seq = 0;
  CHANCERY_TRY(database_.Read("audit.head", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Row row, transaction.QueryOne("SELECT seq FROM audit_head WHERE id = 1"));
    seq = row.Int(0);
    return Status::Ok();
  }));
  return seq;
}

}  // namespace chancery::audit
