// Internal to the audit module: the column list of audit_log as every query reads it, and the mapping of a row to
// an AuditEntry. Not part of the module's public face.
//
// Thread-safety: free functions without shared state.
#pragma once

#include <string_view>

#include "modules/audit/audit.hpp"
#include "storage/database.hpp"

namespace chancery::audit::internal {

inline constexpr std::string_view kEntryColumns =
    "seq, at, actor_user_id, actor, action, unit_id, target_type, target_id, outcome, detail, remote_address, "
    "request_id, previous_hash, hash";

inline AuditEntry EntryFromRow(const storage::Row& row) {
  AuditEntry entry;
  entry.seq = row.Int(0);
  entry.at_ms = row.Int(1);
  entry.event.actor_user_id = row.Int(2);
  entry.event.actor = row.Text(3);
  entry.event.action = row.Text(4);
  entry.event.unit_id = row.OptionalInt(5);
  entry.event.target_type = row.Text(6);
  entry.event.target_id = row.Text(7);
  entry.event.outcome = row.Text(8);
  entry.event.detail_json = row.Text(9);
  entry.event.remote_address = row.Text(10);
  entry.event.request_id = row.Text(11);
  entry.previous_hash = row.Text(12);
  entry.hash = row.Text(13);
  return entry;
}

}  // namespace chancery::audit::internal
