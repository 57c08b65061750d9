#include "modules/cables/cables_store.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "modules/cables/cables_rules.hpp"
#include "storage/sql_text.hpp"

namespace chancery::cables {
namespace {

using storage::Row;
using storage::Rows;
using storage::Transaction;
using storage::Value;

constexpr std::array<std::pair<Box, const char*>, 5> kBoxes = {{{Box::kInbox, "inbox"},
                                                                {Box::kSent, "sent"},
                                                                {Box::kDrafts, "drafts"},
                                                                {Box::kClearance, "clearance"},
                                                                {Box::kRelease, "release"}}};

constexpr const char* kCableColumns =
    "SELECT id, reference, originating_unit_id, drafter_user_id, subject, body, tags, precedence, classification, "
    "captions, clearance_rule, state, version, created_at, updated_at, submitted_at, released_by, released_at "
    "FROM cables";

std::string CaptionsText(const std::vector<Caption>& captions) {
  std::vector<std::string> names;
  for (Caption caption : captions) names.emplace_back(CaptionName(caption));
  return storage::JoinList(names);
}

Result<Cable> CableFromRow(const Row& row) {
  Cable cable;
  cable.id = row.Int(0);
  cable.reference = row.Text(1);
  cable.originating_unit_id = row.Int(2);
  cable.drafter_user_id = row.Int(3);
  cable.subject = row.Text(4);
  cable.body = row.Text(5);
  cable.tags = storage::SplitList(row.Text(6));
  auto precedence = ParsePrecedence(row.Text(7));
  auto classification = ParseClassification(row.Text(8));
  auto rule = ParseClearanceRule(row.Text(10));
  auto state = ParseCableState(row.Text(11));
  if (!precedence || !classification || !rule || !state) {
    return Internal("cable " + std::to_string(cable.id) + " has an unknown precedence, classification or state");
  }
  cable.precedence = *precedence;
  cable.classification = *classification;
  for (const std::string& name : storage::SplitList(row.Text(9))) {
    auto caption = ParseCaption(name);
    if (!caption) return Internal("cable " + std::to_string(cable.id) + " has an unknown caption '" + name + "'");
    cable.captions.push_back(*caption);
  }
  cable.clearance_rule = *rule;
  cable.state = *state;
  cable.version = row.Int(12);
  cable.created_at_ms = row.Int(13);
  cable.updated_at_ms = row.Int(14);
  cable.submitted_at_ms = row.OptionalInt(15);
  cable.released_by = row.Int(16);
  cable.released_at_ms = row.OptionalInt(17);
  return cable;
}

Status WriteAddresseesAndReferences(Transaction& transaction, const Cable& cable) {
  CHANCERY_TRY(transaction.Execute("DELETE FROM cable_addressees WHERE cable_id = ?", {cable.id}).status());
  CHANCERY_TRY(transaction.Execute("DELETE FROM cable_references WHERE cable_id = ?", {cable.id}).status());
  for (std::size_t i = 0; i < cable.addressees.size(); ++i) {
    const Addressee& addressee = cable.addressees[i];
    Value unit = addressee.kind == AddresseeKind::kUnit ? Value(addressee.unit_id) : Value(nullptr);
    Value user = addressee.kind == AddresseeKind::kUser ? Value(addressee.user_id) : Value(nullptr);
    Value collective = addressee.kind == AddresseeKind::kCollective ? Value(addressee.collective) : Value(nullptr);
    Value list = addressee.kind == AddresseeKind::kList ? Value(addressee.list_id) : Value(nullptr);
    CHANCERY_TRY(
        transaction
            .Execute("INSERT INTO cable_addressees (cable_id, position, role, kind, unit_id, user_id, collective, "
                     "list_id, niact) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     {cable.id, static_cast<std::int64_t>(i), AddresseeRoleName(addressee.role),
                      AddresseeKindName(addressee.kind), unit, user, collective, list,
                      static_cast<std::int64_t>(addressee.niact)})
            .status());
  }
  for (std::size_t i = 0; i < cable.references.size(); ++i) {
    CHANCERY_TRY(transaction
                     .Execute("INSERT INTO cable_references (cable_id, position, referenced_id) VALUES (?, ?, ?)",
                              {cable.id, static_cast<std::int64_t>(i), cable.references[i]})
                     .status());
  }
  return Status::Ok();
}

Status CheckOneRow(Result<std::int64_t> changed, std::int64_t cable_id) {
  if (!changed.ok()) return changed.status();
  if (*changed == 0) {
    return Conflict("Cable " + std::to_string(cable_id) +
                    " was changed by someone else in the meantime. Reload it and try again.")
        .WithReason("stale_version");
  }
  return Status::Ok();
}

Status LoadDetails(Transaction& transaction, Cable& cable) {
  CHANCERY_ASSIGN_OR_RETURN(
      Rows addressees, transaction.Query("SELECT role, kind, unit_id, user_id, collective, niact, list_id, via_list_id "
                                         "FROM cable_addressees WHERE cable_id = ? ORDER BY position",
                                         {cable.id}));
  for (const Row& row : addressees) {
    Addressee addressee;
    addressee.role = ParseAddresseeRole(row.Text(0)).value_or(AddresseeRole::kInfo);
    addressee.kind = ParseAddresseeKind(row.Text(1)).value_or(AddresseeKind::kUnit);
    addressee.unit_id = row.Int(2);
    addressee.user_id = row.Int(3);
    addressee.collective = row.Text(4);
    addressee.niact = row.Bool(5);
    addressee.list_id = row.Int(6);
    addressee.via_list_id = row.Int(7);
    cable.addressees.push_back(std::move(addressee));
  }
  CHANCERY_ASSIGN_OR_RETURN(
      Rows references,
      transaction.Query("SELECT referenced_id FROM cable_references WHERE cable_id = ? ORDER BY position", {cable.id}));
  for (const Row& row : references) cable.references.push_back(row.Int(0));
  CHANCERY_ASSIGN_OR_RETURN(Rows clearers,
                            transaction.Query("SELECT user_id, decision, hq, comment, requested_at, decided_at "
                                              "FROM cable_clearers WHERE cable_id = ? ORDER BY requested_at, user_id",
                                              {cable.id}));
  for (const Row& row : clearers) {
    Clearer clearer;
    clearer.user_id = row.Int(0);
    clearer.decision = ParseClearanceDecision(row.Text(1)).value_or(ClearanceDecision::kPending);
    clearer.hq = row.Bool(2);
    clearer.comment = row.Text(3);
    clearer.requested_at_ms = row.Int(4);
    clearer.decided_at_ms = row.OptionalInt(5);
    cable.clearers.push_back(std::move(clearer));
  }
  CHANCERY_ASSIGN_OR_RETURN(
      Rows recipients,
      transaction.Query("SELECT unit_id, role, niact, received_at, received_by, acknowledged_at, acknowledged_by, "
                        "deadline_at, escalation_level, escalated_at FROM cable_recipients WHERE cable_id = ? "
                        "ORDER BY CASE role WHEN 'action' THEN 0 ELSE 1 END, unit_id",
                        {cable.id}));
  for (const Row& row : recipients) {
    Recipient recipient;
    recipient.unit_id = row.Int(0);
    recipient.role = ParseAddresseeRole(row.Text(1)).value_or(AddresseeRole::kInfo);
    recipient.niact = row.Bool(2);
    recipient.received_at_ms = row.OptionalInt(3);
    recipient.received_by = row.Int(4);
    recipient.acknowledged_at_ms = row.OptionalInt(5);
    recipient.acknowledged_by = row.Int(6);
    recipient.deadline_at_ms = row.OptionalInt(7);
    recipient.escalation_level = static_cast<int>(row.Int(8));
    recipient.escalated_at_ms = row.OptionalInt(9);
    cable.recipients.push_back(std::move(recipient));
  }
  return Status::Ok();
}

}  // namespace

const char* BoxName(Box box) {
  for (const auto& [candidate, name] : kBoxes) {
    if (candidate == box) return name;
  }
  return "unknown";
}

std::optional<Box> ParseBox(std::string_view name) {
  for (const auto& [box, candidate] : kBoxes) {
    if (name == candidate) return box;
  }
  return std::nullopt;
}

Result<std::int64_t> CablesStore::Insert(Transaction& transaction, const Cable& cable) {
  CHANCERY_ASSIGN_OR_RETURN(
      Row row,
      transaction.QueryOne(
          "INSERT INTO cables (originating_unit_id, drafter_user_id, subject, body, tags, precedence, "
          "classification, captions, clearance_rule, state, version, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', 1, ?, ?) RETURNING id",
          {cable.originating_unit_id, cable.drafter_user_id, cable.subject, cable.body, storage::JoinList(cable.tags),
           PrecedenceName(cable.precedence), ClassificationName(cable.classification), CaptionsText(cable.captions),
           ClearanceRuleName(cable.clearance_rule), cable.created_at_ms, cable.updated_at_ms}));
  Cable stored = cable;
  stored.id = row.Int(0);
  CHANCERY_TRY(WriteAddresseesAndReferences(transaction, stored));
  return stored.id;
}

Status CablesStore::UpdateContent(Transaction& transaction, const Cable& cable, std::int64_t now_ms) {
  CHANCERY_TRY(CheckOneRow(
      transaction.Execute("UPDATE cables SET originating_unit_id = ?, subject = ?, body = ?, tags = ?, precedence = ?, "
                          "classification = ?, captions = ?, version = version + 1, updated_at = ? "
                          "WHERE id = ? AND version = ? AND state = 'draft'",
                          {cable.originating_unit_id, cable.subject, cable.body, storage::JoinList(cable.tags),
                           PrecedenceName(cable.precedence), ClassificationName(cable.classification),
                           CaptionsText(cable.captions), now_ms, cable.id, cable.version}),
      cable.id));
  return WriteAddresseesAndReferences(transaction, cable);
}

Status CablesStore::SetState(Transaction& transaction, std::int64_t cable_id, std::int64_t expected_version,
                             CableState state, std::optional<ClearanceRule> rule, std::int64_t now_ms) {
  const Value submitted = state == CableState::kInClearance ? Value(now_ms) : Value(nullptr);
  const Value rule_name = rule ? Value(std::string(ClearanceRuleName(*rule))) : Value(nullptr);
  return CheckOneRow(
      transaction.Execute("UPDATE cables SET state = ?, clearance_rule = COALESCE(?, clearance_rule), "
                          "submitted_at = COALESCE(?, submitted_at), version = version + 1, "
                          "updated_at = ? WHERE id = ? AND version = ?",
                          {CableStateName(state), rule_name, submitted, now_ms, cable_id, expected_version}),
      cable_id);
}

Status CablesStore::ReplaceClearers(Transaction& transaction, std::int64_t cable_id,
                                    const std::vector<Clearer>& clearers) {
  CHANCERY_TRY(transaction.Execute("DELETE FROM cable_clearers WHERE cable_id = ?", {cable_id}).status());
  for (const Clearer& clearer : clearers) {
    CHANCERY_TRY(transaction
                     .Execute("INSERT INTO cable_clearers (cable_id, user_id, decision, hq, comment, requested_at, "
                              "decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                              {cable_id, clearer.user_id, ClearanceDecisionName(clearer.decision),
                               static_cast<std::int64_t>(clearer.hq), clearer.comment, clearer.requested_at_ms,
                               storage::Nullable(clearer.decided_at_ms)})
                     .status());
  }
  return Status::Ok();
}

Status CablesStore::SetDecision(Transaction& transaction, std::int64_t cable_id, const Clearer& clearer) {
  CHANCERY_ASSIGN_OR_RETURN(std::int64_t changed,
                            transaction.Execute("UPDATE cable_clearers SET decision = ?, comment = ?, decided_at = ? "
                                                "WHERE cable_id = ? AND user_id = ? AND decision = 'pending'",
                                                {ClearanceDecisionName(clearer.decision), clearer.comment,
                                                 storage::Nullable(clearer.decided_at_ms), cable_id, clearer.user_id}));
  if (changed == 0) return Conflict("This clearance has already been decided.").WithReason("already_decided");
  return Status::Ok();
}

Result<std::int64_t> CablesStore::NextSequence(Transaction& transaction, std::int64_t unit_id, int year) {
  CHANCERY_ASSIGN_OR_RETURN(
      Row row, transaction.QueryOne("INSERT INTO cable_sequences (unit_id, year, last_value) VALUES (?, ?, 1) "
                                    "ON CONFLICT (unit_id, year) DO UPDATE SET last_value = cable_sequences.last_value "
                                    "+ 1 RETURNING last_value",
                                    {unit_id, static_cast<std::int64_t>(year)}));
  return row.Int(0);
}

Status CablesStore::Transmit(Transaction& transaction, const Cable& cable, const std::string& reference,
                             std::int64_t released_by, std::int64_t now_ms, const std::vector<Recipient>& recipients,
                             const std::vector<Addressee>& listed_people) {
  CHANCERY_TRY(CheckOneRow(transaction.Execute("UPDATE cables SET state = 'transmitted', reference = ?, released_by = "
                                               "?, released_at = ?, version = version + 1, updated_at = ? "
                                               "WHERE id = ? AND version = ? AND state = 'cleared'",
                                               {reference, released_by, now_ms, now_ms, cable.id, cable.version}),
                           cable.id));
  for (const Recipient& recipient : recipients) {
    CHANCERY_TRY(transaction
                     .Execute("INSERT INTO cable_recipients (cable_id, unit_id, role, niact, deadline_at) "
                              "VALUES (?, ?, ?, ?, ?)",
                              {cable.id, recipient.unit_id, AddresseeRoleName(recipient.role),
                               static_cast<std::int64_t>(recipient.niact), storage::Nullable(recipient.deadline_at_ms)})
                     .status());
  }
  auto position = static_cast<std::int64_t>(cable.addressees.size());
  for (const Addressee& person : listed_people) {
    CHANCERY_TRY(transaction
                     .Execute("INSERT INTO cable_addressees (cable_id, position, role, kind, user_id, niact, "
                              "via_list_id) VALUES (?, ?, ?, 'user', ?, ?, ?)",
                              {cable.id, position++, AddresseeRoleName(person.role), person.user_id,
                               static_cast<std::int64_t>(person.niact), person.via_list_id})
                     .status());
  }
  return Status::Ok();
}

Result<bool> CablesStore::MarkReceived(Transaction& transaction, std::int64_t cable_id, std::int64_t unit_id,
                                       std::int64_t user_id, std::int64_t now_ms) {
  CHANCERY_ASSIGN_OR_RETURN(std::int64_t changed,
                            transaction.Execute("UPDATE cable_recipients SET received_at = ?, received_by = ? "
                                                "WHERE cable_id = ? AND unit_id = ? AND received_at IS NULL",
                                                {now_ms, user_id, cable_id, unit_id}));
  return changed > 0;
}

Result<bool> CablesStore::Acknowledge(Transaction& transaction, std::int64_t cable_id, std::int64_t unit_id,
                                      std::int64_t user_id, std::int64_t now_ms) {
  CHANCERY_TRY(MarkReceived(transaction, cable_id, unit_id, user_id, now_ms).status());
  CHANCERY_ASSIGN_OR_RETURN(std::int64_t changed,
                            transaction.Execute("UPDATE cable_recipients SET acknowledged_at = ?, acknowledged_by = ? "
                                                "WHERE cable_id = ? AND unit_id = ? AND acknowledged_at IS NULL",
                                                {now_ms, user_id, cable_id, unit_id}));
  return changed > 0;
}

Result<std::vector<OverdueRecipient>> CablesStore::Overdue(Transaction& transaction, std::int64_t now_ms, int limit) {
  CHANCERY_ASSIGN_OR_RETURN(
      Rows rows,
      transaction.Query("SELECT r.cable_id, r.unit_id, r.niact, r.escalation_level, r.deadline_at, r.escalated_at, "
                        "c.precedence, c.reference, c.originating_unit_id FROM cable_recipients r "
                        "JOIN cables c ON c.id = r.cable_id WHERE r.acknowledged_at IS NULL AND "
                        "r.deadline_at IS NOT NULL AND r.deadline_at <= ? AND r.escalation_level < 2 "
                        "ORDER BY r.deadline_at, r.cable_id, r.unit_id LIMIT ?",
                        {now_ms, static_cast<std::int64_t>(limit)}));
  std::vector<OverdueRecipient> overdue;
  for (const Row& row : rows) {
    overdue.push_back({.cable_id = row.Int(0),
                       .unit_id = row.Int(1),
                       .niact = row.Bool(2),
                       .escalation_level = static_cast<int>(row.Int(3)),
                       .deadline_at_ms = row.Int(4),
                       .escalated_at_ms = row.OptionalInt(5),
                       .precedence = ParsePrecedence(row.Text(6)).value_or(Precedence::kRoutine),
                       .reference = row.Text(7),
                       .originating_unit_id = row.Int(8)});
  }
  return overdue;
}

Result<bool> CablesStore::Escalate(Transaction& transaction, std::int64_t cable_id, std::int64_t unit_id,
                                   int from_level, int to_level, std::int64_t now_ms) {
  CHANCERY_ASSIGN_OR_RETURN(
      std::int64_t changed,
      transaction.Execute(
          "UPDATE cable_recipients SET escalation_level = ?, escalated_at = ? WHERE cable_id = ? AND "
          "unit_id = ? AND escalation_level = ? AND acknowledged_at IS NULL",
          {static_cast<std::int64_t>(to_level), now_ms, cable_id, unit_id, static_cast<std::int64_t>(from_level)}));
  return changed == 1;
}

Result<std::optional<Cable>> CablesStore::Find(Transaction& transaction, std::int64_t cable_id) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Row> row,
                            transaction.QueryOptional(std::string(kCableColumns) + " WHERE id = ?", {cable_id}));
  if (!row) return std::optional<Cable>();
  CHANCERY_ASSIGN_OR_RETURN(Cable cable, CableFromRow(*row));
  CHANCERY_TRY(LoadDetails(transaction, cable));
  return std::optional<Cable>(std::move(cable));
}

Result<std::vector<Cable>> CablesStore::List(Transaction& transaction, const ListQuery& query) {
  std::string sql = std::string(kCableColumns) + " WHERE ";
  std::vector<Value> params;
  const auto units_clause = [&](const std::string& column) {
    if (!query.unit_ids) return std::string("1 = 1");
    if (query.unit_ids->empty()) return std::string("1 = 0");
    for (std::int64_t id : *query.unit_ids) params.emplace_back(id);
    return column + " IN (" + storage::Placeholders(query.unit_ids->size()) + ")";
  };
  switch (query.box) {
    case Box::kInbox:
      sql += "state = 'transmitted' AND (EXISTS (SELECT 1 FROM cable_recipients r WHERE r.cable_id = cables.id AND " +
             units_clause("r.unit_id") +
             ") OR EXISTS (SELECT 1 FROM cable_addressees a WHERE a.cable_id = cables.id AND a.user_id = ?))";
      params.emplace_back(query.user_id);
      break;
    case Box::kSent: sql += "state = 'transmitted' AND " + units_clause("originating_unit_id"); break;
    case Box::kDrafts:
      sql += "state <> 'transmitted' AND (drafter_user_id = ? OR " + [&] {
        params.emplace_back(query.user_id);
        return units_clause("originating_unit_id");
      }() + ")";
      break;
    case Box::kClearance:
      sql +=
          "state = 'in_clearance' AND EXISTS (SELECT 1 FROM cable_clearers c WHERE c.cable_id = cables.id AND "
          "c.user_id = ? AND c.decision = 'pending')";
      params.emplace_back(query.user_id);
      break;
    case Box::kRelease:
      sql += "state = 'cleared' AND drafter_user_id <> ? AND " + [&] {
        params.emplace_back(query.user_id);
        return units_clause("originating_unit_id");
      }();
      break;
  }
  if (query.classifications.empty()) return std::vector<Cable>();
  sql += " AND classification IN (" + storage::Placeholders(query.classifications.size()) + ")";
  for (Classification classification : query.classifications) {
    params.emplace_back(std::string(ClassificationName(classification)));
  }
  if (query.before_id) {
    sql += " AND id < ?";
    params.emplace_back(*query.before_id);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(query.limit));
  CHANCERY_ASSIGN_OR_RETURN(Rows rows, transaction.Query(sql, params));
  std::vector<Cable> cables;
  cables.reserve(rows.size());
  for (const Row& row : rows) {
    CHANCERY_ASSIGN_OR_RETURN(Cable cable, CableFromRow(row));
    CHANCERY_TRY(LoadDetails(transaction, cable));
    cables.push_back(std::move(cable));
  }
  return cables;
}

}  // namespace chancery::cables
