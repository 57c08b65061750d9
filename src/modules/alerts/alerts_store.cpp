#include "modules/alerts/alerts_store.hpp"

#include <boost/json.hpp>

#include "core/crypto.hpp"
#include "modules/alerts/alerts_json.hpp"

namespace chancery::alerts {
namespace {

using storage::Row;
using storage::Rows;
using storage::Transaction;
using storage::Value;

constexpr const char* kColumns =
    "a.id, a.identifier, a.state, a.content, a.created_by, a.submitted_by, a.approved_by, a.recipients, a.sent_at, "
    "a.created_at, a.updated_at, COALESCE(a.reply_code, '')";
constexpr const char* kFrom = " FROM alerts a";

AlertState ParseState(std::string_view name) {
  for (AlertState state : {AlertState::kDraft, AlertState::kAwaitingApproval, AlertState::kSending, AlertState::kSent,
                           AlertState::kDiscarded}) {
    if (name == AlertStateName(state)) return state;
  }
  return AlertState::kDiscarded;
}

Result<Alert> FromRow(const Row& row) {
  Alert alert;
  alert.id = row.Int(0);
  alert.identifier = row.Text(1);
  alert.state = ParseState(row.Text(2));
  boost::system::error_code error;
  const boost::json::value content = boost::json::parse(row.Text(3), error);
  if (error || !content.is_object()) return Internal("alert " + std::to_string(alert.id) + " has unreadable content");
  CHANCERY_TRY(ContentFromJson(content.as_object(), alert.content));
  alert.created_by = row.Int(4);
  alert.submitted_by = row.OptionalInt(5);
  alert.approved_by = row.OptionalInt(6);
  alert.recipients = row.Int(7);
  alert.sent_at_ms = row.OptionalInt(8);
  alert.created_at_ms = row.Int(9);
  alert.updated_at_ms = row.Int(10);
  alert.reply_code = row.Text(11);
  return alert;
}

Result<std::vector<Alert>> FromRows(const Rows& rows) {
  std::vector<Alert> alerts;
  for (const Row& row : rows) {
    CHANCERY_ASSIGN_OR_RETURN(Alert alert, FromRow(row));
    alerts.push_back(std::move(alert));
  }
  return alerts;
}

}  // namespace

const char* AlertStateName(AlertState state) {
  switch (state) {
    case AlertState::kDraft: return "draft";
    case AlertState::kAwaitingApproval: return "awaiting_approval";
    case AlertState::kSending: return "sending";
    case AlertState::kSent: return "sent";
    case AlertState::kDiscarded: return "discarded";
  }
  return "draft";
}

Result<Alert> AlertsStore::Insert(Transaction& transaction, const AlertContent& content, std::int64_t created_by,
                                  const std::string& identifier_prefix, std::int64_t now_ms) const {
  // A provisional identifier keeps the column unique until the id is known.
  const std::string provisional = identifier_prefix + ".pending." + std::to_string(now_ms) + "." +
                                  std::to_string(created_by) + "." + std::to_string(content.unit_id);
  CHANCERY_ASSIGN_OR_RETURN(
      Row row,
      transaction.QueryOne(
          "INSERT INTO alerts (identifier, unit_id, state, status, scope, message_type, references_id, content, "
          "created_by, created_at, updated_at) VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {provisional, content.unit_id, std::string(CapName(content.status)), std::string(CapName(content.scope)),
           std::string(CapName(content.message_type)), storage::Nullable(content.references_id),
           boost::json::serialize(ContentToJson(content)), created_by, now_ms, now_ms}));
  const std::int64_t id = row.Int(0);
  CHANCERY_TRY(transaction.Execute("UPDATE alerts SET identifier = ? WHERE id = ?",
                                   {identifier_prefix + "." + std::to_string(id), id}));
  if (content.safety_check) CHANCERY_TRY(AssignReplyCode(transaction, id));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Alert> alert, Find(transaction, id));
  if (!alert) return Internal("the new alert vanished");
  return std::move(*alert);
}

Status AlertsStore::AssignReplyCode(Transaction& transaction, std::int64_t id) const {
  // Four characters without look-alikes: 923,521 codes, unique among all alerts (the index refuses a repeat).
  static constexpr std::string_view kAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  for (int attempt = 0; attempt < 20; ++attempt) {
    const std::string random = crypto::RandomBytes(4);
    std::string code;
    for (unsigned char byte : random) code.push_back(kAlphabet[byte % kAlphabet.size()]);
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Row> taken,
                              transaction.QueryOptional("SELECT id FROM alerts WHERE reply_code = ?", {code}));
    if (taken) continue;
    return transaction.Execute("UPDATE alerts SET reply_code = ? WHERE id = ?", {code, id}).status();
  }
  return Unavailable("Could not find a free reply code; try again.");
}

Status AlertsStore::UpdateDraft(Transaction& transaction, std::int64_t id, const AlertContent& content,
                                std::int64_t now_ms) const {
  CHANCERY_ASSIGN_OR_RETURN(
      std::int64_t changed,
      transaction.Execute("UPDATE alerts SET unit_id = ?, status = ?, scope = ?, message_type = ?, references_id = ?, "
                          "content = ?, updated_at = ? WHERE id = ? AND state = 'draft'",
                          {content.unit_id, std::string(CapName(content.status)), std::string(CapName(content.scope)),
                           std::string(CapName(content.message_type)), storage::Nullable(content.references_id),
                           boost::json::serialize(ContentToJson(content)), now_ms, id}));
  if (changed == 0) return Conflict("Only a draft can be changed; this alert has been submitted.");
  if (content.safety_check) {
    CHANCERY_ASSIGN_OR_RETURN(Row code,
                              transaction.QueryOne("SELECT COALESCE(reply_code, '') FROM alerts WHERE id = ?", {id}));
    if (code.Text(0).empty()) CHANCERY_TRY(AssignReplyCode(transaction, id));
  }
  return Status::Ok();
}

Result<std::optional<Alert>> AlertsStore::Find(Transaction& transaction, std::int64_t id) const {
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      transaction.QueryOptional(std::string("SELECT ") + kColumns + kFrom + " WHERE a.id = ?", {id}));
  if (!row) return std::optional<Alert>();
  CHANCERY_ASSIGN_OR_RETURN(Alert alert, FromRow(*row));
  return std::optional<Alert>(std::move(alert));
}

Result<std::vector<Alert>> AlertsStore::ListSafetyChecks(Transaction& transaction, std::int64_t since_ms) const {
  CHANCERY_ASSIGN_OR_RETURN(
      Rows rows, transaction.Query(std::string("SELECT ") + kColumns + kFrom +
                                       " WHERE a.reply_code IS NOT NULL AND a.sent_at >= ? ORDER BY a.sent_at DESC",
                                   {since_ms}));
  return FromRows(rows);
}

Result<std::optional<Alert>> AlertsStore::FindByReplyCode(Transaction& transaction, std::string_view code) const {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Row> row, transaction.QueryOptional(std::string("SELECT ") + kColumns +
                                                                                  kFrom + " WHERE a.reply_code = ?",
                                                                              {std::string(code)}));
  if (!row) return std::optional<Alert>();
  CHANCERY_ASSIGN_OR_RETURN(Alert alert, FromRow(*row));
  return std::optional<Alert>(std::move(alert));
}

Result<std::vector<Alert>> AlertsStore::List(Transaction& transaction, const std::vector<std::int64_t>& unit_ids,
                                             bool all_units, std::optional<std::int64_t> before_id, int limit) const {
  if (!all_units && unit_ids.empty()) return std::vector<Alert>();
  std::string sql = std::string("SELECT ") + kColumns + kFrom + " WHERE a.state <> 'discarded'";
  std::vector<Value> params;
  if (!all_units) {
    sql += " AND a.unit_id IN (";
    for (std::size_t i = 0; i < unit_ids.size(); ++i) {
      sql += i == 0 ? "?" : ", ?";
      params.push_back(unit_ids[i]);
    }
    sql += ")";
  }
  if (before_id) {
    sql += " AND a.id < ?";
    params.push_back(*before_id);
  }
  sql += " ORDER BY a.id DESC LIMIT ?";
  params.push_back(std::int64_t{limit});
  CHANCERY_ASSIGN_OR_RETURN(Rows rows, transaction.Query(sql, params));
  return FromRows(rows);
}

Result<std::vector<Alert>> AlertsStore::ListPublic(Transaction& transaction, int limit) const {
  CHANCERY_ASSIGN_OR_RETURN(
      Rows rows, transaction.Query(std::string("SELECT ") + kColumns + kFrom +
                                       " WHERE a.scope = 'Public' AND a.status = 'Actual' AND a.sent_at IS NOT NULL "
                                       "ORDER BY a.sent_at DESC, a.id DESC LIMIT ?",
                                   {std::int64_t{limit}}));
  return FromRows(rows);
}

Result<std::optional<Alert>> AlertsStore::FindPublic(Transaction& transaction, std::string_view identifier) const {
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      transaction.QueryOptional(std::string("SELECT ") + kColumns + kFrom +
                                    " WHERE a.identifier = ? AND a.scope = 'Public' AND a.status = 'Actual' "
                                    "AND a.sent_at IS NOT NULL",
                                {std::string(identifier)}));
  if (!row) return std::optional<Alert>();
  CHANCERY_ASSIGN_OR_RETURN(Alert alert, FromRow(*row));
  return std::optional<Alert>(std::move(alert));
}

Result<std::vector<Alert>> AlertsStore::ListInState(Transaction& transaction, AlertState state) const {
  CHANCERY_ASSIGN_OR_RETURN(
      Rows rows, transaction.Query(std::string("SELECT ") + kColumns + kFrom + " WHERE a.state = ? ORDER BY a.id",
                                   {std::string(AlertStateName(state))}));
  return FromRows(rows);
}

Result<bool> AlertsStore::Move(Transaction& transaction, std::int64_t id, AlertState from, const Transition& transition,
                               std::int64_t now_ms) const {
  CHANCERY_ASSIGN_OR_RETURN(
      std::int64_t changed,
      transaction.Execute("UPDATE alerts SET state = ?, submitted_by = COALESCE(?, submitted_by), "
                          "approved_by = COALESCE(?, approved_by), recipients = COALESCE(?, recipients), "
                          "sent_at = COALESCE(?, sent_at), updated_at = ? WHERE id = ? AND state = ?",
                          {std::string(AlertStateName(transition.to)), storage::Nullable(transition.submitted_by),
                           storage::Nullable(transition.approved_by), storage::Nullable(transition.recipients),
                           storage::Nullable(transition.sent_at_ms), now_ms, id, std::string(AlertStateName(from))}));
  return changed == 1;
}

}  // namespace chancery::alerts
