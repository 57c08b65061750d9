#include "modules/alerts/assistance.hpp"

#include <boost/json.hpp>
#include <map>

#include "modules/alerts/alert_rules.hpp"
#include "modules/alerts/alerts_store.hpp"
#include "modules/identity/user_validation.hpp"

namespace chancery::alerts {

namespace json = boost::json;
using identity::Permission;
using storage::Transaction;
using storage::Value;

namespace {

constexpr const char* kCaseColumns =
    "id, alert_id, citizen_id, unit_id, country, state, assignee_id, opened_at, updated_at, resolved_at";
constexpr const char* kTextPurpose = "assistance_entries.text";

std::optional<CaseState> CaseStateFrom(std::string_view name) {
  if (name == "open") return CaseState::kOpen;
  if (name == "resolved") return CaseState::kResolved;
  return std::nullopt;
}

std::string NotFoundText(std::int64_t case_id) {
  return "There is no assistance case " + std::to_string(case_id) + ".";
}

}  // namespace

const char* CaseStateName(CaseState state) { return state == CaseState::kOpen ? "open" : "resolved"; }

struct Assistance::Row {
  std::int64_t id = 0;
  std::int64_t alert_id = 0;
  std::int64_t citizen_id = 0;
  std::int64_t unit_id = 0;
  std::string country;
  CaseState state = CaseState::kOpen;
  std::optional<std::int64_t> assignee_id;
  std::int64_t opened_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::optional<std::int64_t> resolved_at_ms;

  static Row From(const storage::Row& row) {
    return Row{row.Int(0),         row.Int(1),  row.Int(2),
               row.Int(3),         row.Text(4), CaseStateFrom(row.Text(5)).value_or(CaseState::kOpen),
               row.OptionalInt(6), row.Int(7),  row.Int(8),
               row.OptionalInt(9)};
  }
};

Assistance::Assistance(storage::Database& database, const Clock& clock, const crypto::FieldCipher& cipher,
                       audit::AuditLog& audit, const identity::Authorizer& authorizer,
                       identity::IdentityService& identity, directory::DirectoryService& directory,
                       citizens::CitizensService& citizens, notifications::NotificationsService& notifications)
    : database_(database),
      clock_(clock),
      cipher_(cipher),
      audit_(audit),
      authorizer_(authorizer),
      identity_(identity),
      directory_(directory),
      citizens_(citizens),
      notifications_(notifications) {}

Result<bool> Assistance::MayAct(std::int64_t user_id, const std::string& country) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<identity::UserRecord> user, identity_.FindUser(user_id));
  if (!user || user->disabled) return false;
  Principal principal;
  principal.user_id = user_id;
  CHANCERY_ASSIGN_OR_RETURN(principal.grants, identity_.ListGrants(user_id));
  CHANCERY_ASSIGN_OR_RETURN(citizens::CitizensService::CountryScope scope,
                            citizens_.ScopeOf(principal, Permission::kCitizensWrite));
  return scope.Covers(country);
}

std::string Assistance::NameOf(std::optional<std::int64_t> user_id, Lookups& lookups) {
  if (!user_id) return "";
  auto [known, added] = lookups.names.try_emplace(*user_id);
  if (!added) return known->second;
  Result<std::optional<identity::UserRecord>> user = identity_.FindUser(*user_id);
  known->second = !user.ok() || !*user            ? "#" + std::to_string(*user_id)
                  : (*user)->display_name.empty() ? (*user)->username
                                                  : (*user)->display_name;
  return known->second;
}

Result<std::string> Assistance::HeadlineOf(Transaction& transaction, std::int64_t alert_id, Lookups& lookups) {
  if (auto known = lookups.headlines.find(alert_id); known != lookups.headlines.end()) return known->second;
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Alert> alert, AlertsStore().Find(transaction, alert_id));
  return lookups.headlines[alert_id] = alert ? TextFor(alert->content, "vi").headline : std::string();
}

Result<CaseRouting> Assistance::Route(const Alert& alert, std::int64_t citizen_id) {
  CaseRouting routing;
  CHANCERY_TRY(database_.Read("assistance.route", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> country, citizens_.store().CountryOf(transaction, citizen_id));
    if (!country) return NotFound("There is no registration " + std::to_string(citizen_id) + ".");
    routing.country = *country;
    return Status::Ok();
  }));
  routing.unit_id = citizens_.MissionOf(routing.country).value_or(alert.content.unit_id);
  // Whoever is on call at the mission now, then the officer who sent the alert.
  std::vector<std::int64_t> candidates;
  CHANCERY_ASSIGN_OR_RETURN(directory::OnCall on_call, directory_.OnCallAt(routing.unit_id));
  for (const directory::RosterEntry& entry : on_call.entries) candidates.push_back(entry.user_id);
  candidates.push_back(alert.submitted_by.value_or(alert.created_by));
  for (std::int64_t candidate : candidates) {
    CHANCERY_ASSIGN_OR_RETURN(bool may, MayAct(candidate, routing.country));
    if (may) {
      routing.officer = candidate;
      break;
    }
  }
  return routing;
}

Status Assistance::AppendEntry(Transaction& transaction, std::int64_t case_id, const std::string& kind,
                               std::optional<std::int64_t> actor, std::optional<std::int64_t> assignee,
                               const std::string& channel, const std::string& text) {
  return transaction
      .Execute(
          "INSERT INTO assistance_entries (case_id, kind, actor_id, assignee_id, channel, text_encrypted, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)",
          {case_id, kind, storage::Nullable(actor), storage::Nullable(assignee),
           channel.empty() ? Value(nullptr) : Value(channel),
           text.empty() ? Value(nullptr) : Value(cipher_.Encrypt(text, kTextPurpose)), clock_.NowMs()})
      .status();
}

Status Assistance::NotifyAssignee(Transaction& transaction, std::int64_t user_id, std::int64_t case_id,
                                  const std::string& headline, const std::string& body, bool urgent) {
  notifications::NewNotification message;
  message.user_id = user_id;
  message.kind = "assistance.case";
  message.title = headline;
  message.body = body;  // no names: the notification and its e-mail leave the registry's protection
  message.link = "/alerts/assistance/" + std::to_string(case_id);
  message.urgent = urgent;
  message.email = urgent;
  return notifications_.Notify(transaction, message).status();
}

Status Assistance::OnAnswer(Transaction& transaction, const Alert& alert, std::int64_t citizen_id,
                            const CaseRouting& routing, bool need_help, const std::string& channel,
                            const std::string& message) {
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<storage::Row> existing,
      transaction.QueryOptional(
          std::string("SELECT ") + kCaseColumns + " FROM assistance_cases WHERE alert_id = ? AND citizen_id = ?",
          {alert.id, citizen_id}));
  const std::int64_t now = clock_.NowMs();
  const std::string headline = TextFor(alert.content, "vi").headline;
  audit::AuditEvent event;
  event.actor = "citizen";
  event.target_type = "assistance_case";
  event.unit_id = routing.unit_id;
  if (!existing) {
    if (!need_help) return Status::Ok();
    CHANCERY_ASSIGN_OR_RETURN(
        storage::Row inserted,
        transaction.QueryOne(
            "INSERT INTO assistance_cases (alert_id, citizen_id, unit_id, country, state, "
            "assignee_id, opened_at, updated_at) VALUES (?, ?, ?, ?, 'open', ?, ?, ?) RETURNING id",
            {alert.id, citizen_id, routing.unit_id, routing.country, storage::Nullable(routing.officer), now, now}));
    const std::int64_t case_id = inserted.Int(0);
    CHANCERY_TRY(AppendEntry(transaction, case_id, "opened", std::nullopt, std::nullopt, channel, message));
    if (routing.officer) {
      CHANCERY_TRY(AppendEntry(transaction, case_id, "assigned", std::nullopt, routing.officer, "", ""));
      CHANCERY_TRY(NotifyAssignee(
          transaction, *routing.officer, case_id, "Cần hỗ trợ · Needs help: " + headline,
          "A citizen answered the safety check of this alert asking for help; the case is assigned to you. "
          "Một công dân trả lời cần giúp đỡ; trường hợp này được giao cho bạn.",
          true));
    }
    event.action = "assistance.opened";
    event.target_id = std::to_string(case_id);
    event.detail_json = json::serialize(
        json::object{{"alert_id", alert.id},
                     {"citizen_id", citizen_id},
                     {"channel", channel},
                     {"assignee_id", routing.officer ? json::value(*routing.officer) : json::value(nullptr)}});
    return audit_.Append(transaction, event);
  }
  const Row row = Row::From(*existing);
  event.unit_id = row.unit_id;
  const bool reopen = need_help && row.state == CaseState::kResolved;
  CHANCERY_TRY(AppendEntry(transaction, row.id, need_help ? "answered_need_help" : "answered_safe", std::nullopt,
                           std::nullopt, channel, message));
  if (reopen) {
    CHANCERY_TRY(AppendEntry(transaction, row.id, "reopened", std::nullopt, std::nullopt, "", ""));
    CHANCERY_TRY(transaction
                     .Execute("UPDATE assistance_cases SET state = 'open', resolved_at = NULL, updated_at = ? "
                              "WHERE id = ?",
                              {now, row.id})
                     .status());
  } else {
    CHANCERY_TRY(
        transaction.Execute("UPDATE assistance_cases SET updated_at = ? WHERE id = ?", {now, row.id}).status());
  }
  if (row.assignee_id) {
    CHANCERY_TRY(NotifyAssignee(
        transaction, *row.assignee_id, row.id,
        (need_help ? "Cần hỗ trợ · Needs help: " : "An toàn · Safe: ") + headline,
        need_help ? "The citizen of your assistance case asked for help again. Công dân lại báo cần giúp đỡ."
                  : "The citizen of your assistance case now says they are safe. Công dân báo đã an toàn.",
        need_help));
  }
  event.action = reopen ? "assistance.reopened" : "assistance.answered";
  event.target_id = std::to_string(row.id);
  event.detail_json = json::serialize(json::object{{"status", need_help ? "need_help" : "safe"}, {"channel", channel}});
  return audit_.Append(transaction, event);
}

Result<Assistance::Row> Assistance::Authorise(Transaction& transaction, std::int64_t case_id, Permission permission,
                                              const identity::ActionContext& context) {
  if (context.actor == nullptr) return NotFound(NotFoundText(case_id));
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<storage::Row> found,
      transaction.QueryOptional(std::string("SELECT ") + kCaseColumns + " FROM assistance_cases WHERE id = ?",
                                {case_id}));
  if (!found) return NotFound(NotFoundText(case_id));
  Row row = Row::From(*found);
  CHANCERY_ASSIGN_OR_RETURN(citizens::CitizensService::CountryScope scope,
                            citizens_.ScopeOf(*context.actor, permission));
  if (!scope.Covers(row.country)) {
    // Someone who may read it but not act is told why; anyone else learns nothing of it.
    if (permission == Permission::kCitizensWrite) {
      CHANCERY_ASSIGN_OR_RETURN(citizens::CitizensService::CountryScope readable,
                                citizens_.ScopeOf(*context.actor, Permission::kCitizensRead));
      if (readable.Covers(row.country)) {
        return PermissionDenied("Working on this case needs the permission citizens_write for its country.");
      }
    }
    return NotFound(NotFoundText(case_id));
  }
  return row;
}

Result<AssistanceCase> Assistance::Read(Transaction& transaction, const Row& row, bool with_trail, Lookups& lookups) {
  AssistanceCase out;
  out.id = row.id;
  out.alert_id = row.alert_id;
  out.citizen_id = row.citizen_id;
  out.unit_id = row.unit_id;
  out.country = row.country;
  out.state = row.state;
  out.assignee_id = row.assignee_id;
  out.assignee_name = NameOf(row.assignee_id, lookups);
  out.opened_at_ms = row.opened_at_ms;
  out.updated_at_ms = row.updated_at_ms;
  out.resolved_at_ms = row.resolved_at_ms;
  CHANCERY_ASSIGN_OR_RETURN(out.alert_headline, HeadlineOf(transaction, row.alert_id, lookups));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<citizens::Citizen> citizen,
                            citizens_.store().Find(transaction, row.citizen_id));
  if (citizen) {
    out.reference = citizen->reference;
    out.full_name = citizen->profile.full_name;
    out.phone = citizen->profile.phone;
    out.email = citizen->profile.email;
    out.city = citizen->profile.city;
    out.location = citizen->profile.location;
  }
  // The latest answer's message and location.
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<storage::Row> answer,
      transaction.QueryOptional("SELECT message_encrypted, location_encrypted FROM safety_replies WHERE alert_id = ? "
                                "AND citizen_id = ? ORDER BY id DESC LIMIT 1",
                                {row.alert_id, row.citizen_id}));
  if (answer) {
    if (std::optional<std::string> message = answer->OptionalText(0)) {
      CHANCERY_ASSIGN_OR_RETURN(out.last_message, cipher_.Decrypt(*message, "safety_replies.message"));
    }
    if (std::optional<std::string> location = answer->OptionalText(1)) {
      CHANCERY_ASSIGN_OR_RETURN(std::string point, cipher_.Decrypt(*location, "safety_replies.location"));
      if (std::optional<citizens::GeoPoint> parsed = citizens::ParsePoint(point)) out.location = parsed;
    }
  }
  if (!with_trail) return out;
  CHANCERY_ASSIGN_OR_RETURN(
      storage::Rows entries,
      transaction.Query("SELECT id, kind, actor_id, assignee_id, channel, text_encrypted, created_at "
                        "FROM assistance_entries WHERE case_id = ? ORDER BY id",
                        {row.id}));
  for (const storage::Row& entry : entries) {
    CaseEntry item;
    item.id = entry.Int(0);
    item.kind = entry.Text(1);
    item.actor_id = entry.OptionalInt(2);
    item.actor_name = NameOf(item.actor_id, lookups);
    item.assignee_id = entry.OptionalInt(3);
    item.assignee_name = NameOf(item.assignee_id, lookups);
    item.channel = entry.OptionalText(4).value_or("");
    if (std::optional<std::string> text = entry.OptionalText(5)) {
      CHANCERY_ASSIGN_OR_RETURN(item.text, cipher_.Decrypt(*text, kTextPurpose));
    }
    item.at_ms = entry.Int(6);
    out.trail.push_back(std::move(item));
  }
  return out;
}

Result<std::vector<AssistanceCase>> Assistance::List(const CaseFilter& filter, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Assistance cases need a signed-in officer.");
  CHANCERY_ASSIGN_OR_RETURN(citizens::CitizensService::CountryScope scope,
                            citizens_.ScopeOf(*context.actor, Permission::kCitizensRead));
  if (!scope.everywhere && scope.countries.empty()) {
    return PermissionDenied("Assistance cases need the permission citizens_read.");
  }
  std::string sql = std::string("SELECT ") + kCaseColumns + " FROM assistance_cases WHERE 1 = 1";
  std::vector<Value> values;
  if (filter.state) {
    sql += " AND state = ?";
    values.emplace_back(std::string(CaseStateName(*filter.state)));
  }
  if (filter.alert_id) {
    sql += " AND alert_id = ?";
    values.emplace_back(*filter.alert_id);
  }
  if (filter.assignee_id) {
    sql += " AND assignee_id = ?";
    values.emplace_back(*filter.assignee_id);
  }
  if (filter.unassigned) sql += " AND assignee_id IS NULL";
  if (filter.before_id) {
    sql += " AND id < ?";
    values.emplace_back(*filter.before_id);
  }
  if (!scope.everywhere) {
    sql += " AND country IN (";
    for (std::size_t i = 0; i < scope.countries.size(); ++i) {
      sql += i == 0 ? "?" : ", ?";
      values.emplace_back(scope.countries[i]);
    }
    sql += ")";
  }
  // Unassigned first (they wait for someone), then the newest.
  sql += " ORDER BY CASE WHEN assignee_id IS NULL AND state = 'open' THEN 0 ELSE 1 END, id DESC LIMIT ?";
  values.emplace_back(static_cast<std::int64_t>(filter.limit));
  std::vector<AssistanceCase> cases;
  CHANCERY_TRY(database_.Write("assistance.list", [&](Transaction& transaction) -> Status {
    cases.clear();
    Lookups lookups;
    CHANCERY_ASSIGN_OR_RETURN(storage::Rows rows, transaction.Query(sql, values));
    for (const storage::Row& row : rows) {
      CHANCERY_ASSIGN_OR_RETURN(AssistanceCase item, Read(transaction, Row::From(row), false, lookups));
      cases.push_back(std::move(item));
    }
    audit::AuditEvent event = identity::MakeEvent(context, "personal_data.read");
    event.target_type = "assistance_case";
    event.detail_json = json::serialize(
        json::object{{"purpose", "assistance_cases"}, {"cases", static_cast<std::int64_t>(cases.size())}});
    return audit_.Append(transaction, event);
  }));
  return cases;
}

Result<AssistanceCase> Assistance::Get(std::int64_t case_id, const identity::ActionContext& context) {
  AssistanceCase out;
  CHANCERY_TRY(database_.Write("assistance.get", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Row row, Authorise(transaction, case_id, Permission::kCitizensRead, context));
    Lookups lookups;
    CHANCERY_ASSIGN_OR_RETURN(out, Read(transaction, row, true, lookups));
    audit::AuditEvent event = identity::MakeEvent(context, "personal_data.read");
    event.unit_id = row.unit_id;
    event.target_type = "assistance_case";
    event.target_id = std::to_string(case_id);
    event.detail_json = R"({"purpose":"assistance_case"})";
    return audit_.Append(transaction, event);
  }));
  return out;
}

Result<AssistanceCase> Assistance::Change(std::int64_t case_id, const std::string& kind, const std::string& text,
                                          std::optional<std::int64_t> assignee,
                                          const identity::ActionContext& context) {
  if (text.size() > 4000) return InvalidArgument("The note is longer than 4000 bytes.").WithField("/text");
  if (kind == "note" && text.empty()) return InvalidArgument("A note needs some text.").WithField("/text");
  // Whether the new assignee may act on the case is known only once the case (its country) is read: read it first.
  std::string country;
  CHANCERY_TRY(database_.Read("assistance.locate", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Row row, Authorise(transaction, case_id, Permission::kCitizensWrite, context));
    country = row.country;
    return Status::Ok();
  }));
  if (kind == "assigned" && assignee) {
    CHANCERY_ASSIGN_OR_RETURN(bool may, MayAct(*assignee, country));
    if (!may) {
      return InvalidArgument("User " + std::to_string(*assignee) +
                             " cannot work on this case (an active user with citizens_write for its country).")
          .WithField("/user_id")
          .WithReason("assignee_cannot_act");
    }
  }
  AssistanceCase out;
  CHANCERY_TRY(database_.Write("assistance." + kind, [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Row row, Authorise(transaction, case_id, Permission::kCitizensWrite, context));
    const std::int64_t now = clock_.NowMs();
    std::string action;
    if (kind == "resolved") {
      if (row.state == CaseState::kResolved) return FailedPrecondition("The case is resolved already.");
      CHANCERY_TRY(transaction
                       .Execute("UPDATE assistance_cases SET state = 'resolved', resolved_at = ?, updated_at = ? "
                                "WHERE id = ?",
                                {now, now, row.id})
                       .status());
      row.state = CaseState::kResolved;
      row.resolved_at_ms = now;
      action = "assistance.resolved";
    } else if (kind == "reopened") {
      if (row.state == CaseState::kOpen) return FailedPrecondition("The case is open already.");
      CHANCERY_TRY(transaction
                       .Execute("UPDATE assistance_cases SET state = 'open', resolved_at = NULL, updated_at = ? "
                                "WHERE id = ?",
                                {now, row.id})
                       .status());
      row.state = CaseState::kOpen;
      row.resolved_at_ms.reset();
      action = "assistance.reopened";
    } else if (kind == "assigned") {
      if (assignee == row.assignee_id) return Status::Ok();  // nothing changes
      CHANCERY_TRY(transaction
                       .Execute("UPDATE assistance_cases SET assignee_id = ?, updated_at = ? WHERE id = ?",
                                {storage::Nullable(assignee), now, row.id})
                       .status());
      row.assignee_id = assignee;
      action = "assistance.assigned";
    } else {
      CHANCERY_TRY(
          transaction.Execute("UPDATE assistance_cases SET updated_at = ? WHERE id = ?", {now, row.id}).status());
      action = "assistance.noted";
    }
    row.updated_at_ms = now;
    CHANCERY_TRY(AppendEntry(transaction, row.id, kind == "assigned" && !assignee ? "unassigned" : kind,
                             context.actor->user_id, assignee, "", text));
    Lookups lookups;
    if (kind == "assigned" && assignee && *assignee != context.actor->user_id) {
      CHANCERY_ASSIGN_OR_RETURN(std::string headline, HeadlineOf(transaction, row.alert_id, lookups));
      CHANCERY_TRY(NotifyAssignee(
          transaction, *assignee, row.id, "Cần hỗ trợ · Needs help: " + headline,
          "An assistance case was assigned to you. Một trường hợp cần hỗ trợ được giao cho bạn.", false));
    }
    CHANCERY_ASSIGN_OR_RETURN(out, Read(transaction, row, true, lookups));
    audit::AuditEvent event = identity::MakeEvent(context, action);
    event.unit_id = row.unit_id;
    event.target_type = "assistance_case";
    event.target_id = std::to_string(row.id);
    if (kind == "assigned") {
      event.detail_json =
          json::serialize(json::object{{"assignee_id", assignee ? json::value(*assignee) : json::value(nullptr)}});
    }
    return audit_.Append(transaction, event);
  }));
  if (out.id == 0) return Get(case_id, context);  // an assignment that changed nothing
  return out;
}

Result<AssistanceCase> Assistance::Assign(std::int64_t case_id, std::optional<std::int64_t> user_id,
                                          const identity::ActionContext& context) {
  return Change(case_id, "assigned", "", user_id, context);
}

Result<AssistanceCase> Assistance::AddNote(std::int64_t case_id, const std::string& text,
                                           const identity::ActionContext& context) {
  return Change(case_id, "note", text, std::nullopt, context);
}

Result<AssistanceCase> Assistance::Resolve(std::int64_t case_id, const std::string& text,
                                           const identity::ActionContext& context) {
  return Change(case_id, "resolved", text, std::nullopt, context);
}

Result<AssistanceCase> Assistance::Reopen(std::int64_t case_id, const std::string& text,
                                          const identity::ActionContext& context) {
  return Change(case_id, "reopened", text, std::nullopt, context);
}

Result<std::vector<std::pair<std::int64_t, std::int64_t>>> Assistance::CasesOfAlert(Transaction& transaction,
                                                                                    std::int64_t alert_id) {
  CHANCERY_ASSIGN_OR_RETURN(
      storage::Rows rows,
      transaction.Query("SELECT citizen_id, id FROM assistance_cases WHERE alert_id = ?", {alert_id}));
  std::vector<std::pair<std::int64_t, std::int64_t>> cases;
  for (const storage::Row& row : rows) cases.emplace_back(row.Int(0), row.Int(1));
  return cases;
}

Result<json::value> Assistance::ExportOf(Transaction& transaction, std::int64_t citizen_id) {
  CHANCERY_ASSIGN_OR_RETURN(storage::Rows rows,
                            transaction.Query(std::string("SELECT ") + kCaseColumns +
                                                  " FROM assistance_cases WHERE citizen_id = ? ORDER BY id",
                                              {citizen_id}));
  json::array cases;
  for (const storage::Row& found : rows) {
    const Row row = Row::From(found);
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Alert> alert, AlertsStore().Find(transaction, row.alert_id));
    CHANCERY_ASSIGN_OR_RETURN(
        storage::Rows entries,
        transaction.Query("SELECT kind, channel, text_encrypted, created_at FROM assistance_entries WHERE case_id = ? "
                          "ORDER BY id",
                          {row.id}));
    json::array trail;
    for (const storage::Row& entry : entries) {
      json::object item{{"kind", entry.Text(0)}, {"at", FormatIsoTime(entry.Int(3))}};
      if (std::optional<std::string> channel = entry.OptionalText(1)) item["channel"] = *channel;
      if (std::optional<std::string> text = entry.OptionalText(2)) {
        CHANCERY_ASSIGN_OR_RETURN(std::string plain, cipher_.Decrypt(*text, kTextPurpose));
        item["text"] = plain;
      }
      trail.push_back(std::move(item));
    }
    cases.push_back(json::object{
        {"alert", alert ? json::value(alert->identifier) : json::value(nullptr)},
        {"state", CaseStateName(row.state)},
        {"opened_at", FormatIsoTime(row.opened_at_ms)},
        {"resolved_at", row.resolved_at_ms ? json::value(FormatIsoTime(*row.resolved_at_ms)) : json::value(nullptr)},
        {"trail", std::move(trail)}});
  }
  return json::value(std::move(cases));
}

Status Assistance::Forget(Transaction& transaction, std::int64_t citizen_id) {
  CHANCERY_TRY(transaction
                   .Execute("DELETE FROM assistance_entries WHERE case_id IN (SELECT id FROM assistance_cases WHERE "
                            "citizen_id = ?)",
                            {citizen_id})
                   .status());
  return transaction.Execute("DELETE FROM assistance_cases WHERE citizen_id = ?", {citizen_id}).status();
}

}  // namespace chancery::alerts
