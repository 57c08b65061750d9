#include "modules/monitor/alerts.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <map>

#include "modules/monitor/monitor_json.hpp"
#include "modules/monitor/sources.hpp"
#include "storage/sql_text.hpp"

namespace chancery::monitor {
namespace {

using identity::Permission;
using storage::Row;
using storage::Rows;
using storage::Transaction;
using storage::Value;

constexpr std::string_view kColumns =
    "id, kind, unit_id, private_to, query_id, article_id, story_id, country, priority, title, detail, dedup_key, "
    "state, assigned_to, created_at, ack_deadline, acknowledged_by, acknowledged_at, escalation_level, escalated_at "
    "FROM monitor_alerts";

Alert FromRow(const Row& row) {
  Alert alert;
  alert.id = row.Int(0);
  alert.kind = ParseAlertKind(row.Text(1)).value_or(AlertKind::kMatch);
  alert.unit_id = row.Int(2);
  alert.private_to = row.OptionalInt(3);
  alert.query_id = row.OptionalInt(4);
  alert.article_id = row.OptionalInt(5);
  alert.story_id = row.OptionalInt(6);
  alert.country = row.Text(7);
  alert.priority = ParsePriority(row.Text(8)).value_or(Priority::kNormal);
  alert.title = row.Text(9);
  alert.detail_json = row.Text(10);
  alert.dedup_key = row.Text(11);
  alert.acknowledged = row.Text(12) == "acknowledged";
  alert.assigned_to = row.OptionalInt(13);
  alert.created_at_ms = row.Int(14);
  alert.ack_deadline_ms = row.OptionalInt(15);
  alert.acknowledged_by = row.OptionalInt(16);
  alert.acknowledged_at_ms = row.OptionalInt(17);
  alert.escalation_level = static_cast<int>(row.Int(18));
  alert.escalated_at_ms = row.OptionalInt(19);
  return alert;
}

Status NoSuchAlert(std::int64_t alert_id) { return NotFound("There is no alert " + std::to_string(alert_id) + "."); }

const char* KindLabel(AlertKind kind, bool vietnamese) {
  switch (kind) {
    case AlertKind::kMatch: return vietnamese ? "khớp truy vấn" : "query matches";
    case AlertKind::kGeo: return vietnamese ? "liên quan địa bàn" : "in the jurisdiction";
    case AlertKind::kBurst: return vietnamese ? "tin nóng" : "bursts";
  }
  return "";
}

}  // namespace

Result<bool> InsertAlert(Transaction& transaction, Alert& alert) {
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      transaction.QueryOptional(
          "INSERT INTO monitor_alerts (kind, unit_id, private_to, query_id, article_id, story_id, country, priority, "
          "title, detail, dedup_key, created_at, ack_deadline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT DO NOTHING RETURNING id",
          {AlertKindName(alert.kind), alert.unit_id, storage::Nullable(alert.private_to),
           storage::Nullable(alert.query_id), storage::Nullable(alert.article_id), storage::Nullable(alert.story_id),
           alert.country, PriorityName(alert.priority), alert.title, alert.detail_json, alert.dedup_key,
           alert.created_at_ms, storage::Nullable(alert.ack_deadline_ms)}));
  if (!row) return false;
  alert.id = row->Int(0);
  return true;
}

std::string AlertEvent(const char* type, const Alert& alert) {
  return boost::json::serialize(boost::json::object{
      {"type", type},
      {"unit_id", alert.unit_id},
      {"private_to", alert.private_to ? boost::json::value(*alert.private_to) : boost::json::value(nullptr)},
      {"alert", AlertToJson(alert)}});
}

AlertsService::AlertsService(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                             const identity::Authorizer& authorizer, identity::IdentityService& identity,
                             directory::DirectoryService& directory, std::shared_ptr<const directory::UnitTree> tree,
                             notifications::NotificationsService& notifications, std::string watch_desk_unit,
                             AlertsOptions options, std::function<void(const Alert&)> changed)
    : database_(database),
      clock_(clock),
      audit_(audit),
      authorizer_(authorizer),
      identity_(identity),
      directory_(directory),
      tree_(tree),
      notifications_(notifications),
      duty_(directory, identity, std::move(tree), std::move(watch_desk_unit)),
      options_(options),
      changed_(std::move(changed)) {}

bool AlertsService::MaySee(const Principal& actor, std::int64_t unit_id, std::optional<std::int64_t> private_to) const {
  if (private_to) return *private_to == actor.user_id;
  return authorizer_.Allowed(actor, Permission::kMonitorRead, unit_id);
}

Result<Alert> AlertsService::Load(Transaction& transaction, std::int64_t alert_id, const Principal& actor) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Row> row,
                            transaction.QueryOptional("SELECT " + std::string(kColumns) + " WHERE id = ?", {alert_id}));
  if (!row) return NoSuchAlert(alert_id);
  Alert alert = FromRow(*row);
  if (!MaySee(actor, alert.unit_id, alert.private_to)) return NoSuchAlert(alert_id);
  return alert;
}

// The WHERE clause (from "WHERE" on) of the alerts `filter` selects among those the actor may see, and its values.
std::pair<std::string, std::vector<Value>> AlertsService::Selection(const AlertFilter& filter,
                                                                    const Principal& actor) const {
  const identity::Authorizer::Scope scope = authorizer_.ScopeOf(actor, Permission::kMonitorRead, tree_->AllIds());
  std::string sql = " WHERE (private_to = ?";
  std::vector<Value> params{actor.user_id};
  if (scope.everywhere) {
    sql += " OR private_to IS NULL)";
  } else if (!scope.unit_ids.empty()) {
    sql += " OR (private_to IS NULL AND unit_id IN (" + storage::Placeholders(scope.unit_ids.size()) + ")))";
    for (std::int64_t unit : scope.unit_ids) params.emplace_back(unit);
  } else {
    sql += ")";
  }
  if (filter.open) sql += *filter.open ? " AND state = 'open'" : " AND state = 'acknowledged'";
  if (filter.unit_id) {
    sql += " AND unit_id = ?";
    params.emplace_back(*filter.unit_id);
  }
  if (filter.kind) {
    sql += " AND kind = ?";
    params.emplace_back(std::string(AlertKindName(*filter.kind)));
  }
  if (filter.query_id) {
    sql += " AND query_id = ?";
    params.emplace_back(*filter.query_id);
  }
  if (filter.before_id) {
    sql += " AND id < ?";
    params.emplace_back(*filter.before_id);
  }
  return {std::move(sql), std::move(params)};
}

Result<std::vector<Alert>> AlertsService::List(const AlertFilter& filter, const identity::ActionContext& context) {
  CHANCERY_TRY(MayReadMonitor(authorizer_, context));
  auto [where, params] = Selection(filter, *context.actor);
  const std::string sql = "SELECT " + std::string(kColumns) + where + " ORDER BY id DESC LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(filter.limit));
  return storage::ReadValue(database_, "monitor_alerts.list",
                            [&](Transaction& transaction) -> Result<std::vector<Alert>> {
                              CHANCERY_ASSIGN_OR_RETURN(Rows rows, transaction.Query(sql, params));
                              std::vector<Alert> alerts;
                              for (const Row& row : rows) alerts.push_back(FromRow(row));
                              return alerts;
                            });
}

Result<std::int64_t> AlertsService::Count(const AlertFilter& filter, const identity::ActionContext& context) {
  CHANCERY_TRY(MayReadMonitor(authorizer_, context));
  auto [where, params] = Selection(filter, *context.actor);
  return storage::ReadValue(database_, "monitor_alerts.count", [&](Transaction& transaction) -> Result<std::int64_t> {
    CHANCERY_ASSIGN_OR_RETURN(Row row, transaction.QueryOne("SELECT COUNT(*) FROM monitor_alerts" + where, params));
    return row.Int(0);
  });
}

Result<AlertDetail> AlertsService::Get(std::int64_t alert_id, const identity::ActionContext& context) {
  CHANCERY_TRY(MayReadMonitor(authorizer_, context));
  return storage::ReadValue(database_, "monitor_alerts.get", [&](Transaction& transaction) -> Result<AlertDetail> {
    AlertDetail detail;
    CHANCERY_ASSIGN_OR_RETURN(detail.alert, Load(transaction, alert_id, *context.actor));
    CHANCERY_ASSIGN_OR_RETURN(Rows rows, transaction.Query("SELECT id, alert_id, author_id, body, created_at FROM "
                                                           "monitor_alert_comments WHERE alert_id = ? ORDER BY id",
                                                           {alert_id}));
    for (const Row& row : rows) {
      detail.comments.push_back(AlertComment{.id = row.Int(0),
                                             .alert_id = row.Int(1),
                                             .author_id = row.Int(2),
                                             .body = row.Text(3),
                                             .created_at_ms = row.Int(4)});
    }
    return detail;
  });
}

Result<Alert> AlertsService::Acknowledge(std::int64_t alert_id, const identity::ActionContext& context) {
  CHANCERY_TRY(MayReadMonitor(authorizer_, context));
  Alert alert;
  bool changed = false;
  CHANCERY_TRY(database_.Write("monitor_alerts.acknowledge", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(alert, Load(transaction, alert_id, *context.actor));
    if (alert.acknowledged) return Status::Ok();
    const std::int64_t now_ms = clock_.NowMs();
    CHANCERY_ASSIGN_OR_RETURN(
        std::int64_t updated,
        transaction.Execute(
            "UPDATE monitor_alerts SET state = 'acknowledged', acknowledged_by = ?, acknowledged_at = ? "
            "WHERE id = ? AND state = 'open'",
            {context.actor->user_id, now_ms, alert_id}));
    if (updated == 0) return Status::Ok();
    alert.acknowledged = true;
    alert.acknowledged_by = context.actor->user_id;
    alert.acknowledged_at_ms = now_ms;
    changed = true;
    return audit_.Append(transaction, Event(context, "monitor_alert.acknowledged", alert));
  }));
  if (changed && changed_) changed_(alert);
  return alert;
}

Result<Alert> AlertsService::Assign(std::int64_t alert_id, std::optional<std::int64_t> user_id,
                                    const identity::ActionContext& context) {
  CHANCERY_TRY(MayReadMonitor(authorizer_, context));
  Principal assignee;
  if (user_id) {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<identity::UserRecord> user, identity_.FindUser(*user_id));
    if (!user || user->disabled) {
      return InvalidArgument("There is no active user " + std::to_string(*user_id) + ".").WithField("/user_id");
    }
    assignee.user_id = *user_id;
    CHANCERY_ASSIGN_OR_RETURN(assignee.grants, identity_.ListGrants(*user_id));
  }
  Alert alert;
  CHANCERY_TRY(database_.Write("monitor_alerts.assign", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(alert, Load(transaction, alert_id, *context.actor));
    if (user_id && !MaySee(assignee, alert.unit_id, alert.private_to)) {
      return InvalidArgument("User " + std::to_string(*user_id) + " cannot see this alert (monitor_read on its unit).")
          .WithField("/user_id")
          .WithReason("assignee_cannot_see");
    }
    CHANCERY_TRY(
        transaction
            .Execute("UPDATE monitor_alerts SET assigned_to = ? WHERE id = ?", {storage::Nullable(user_id), alert_id})
            .status());
    alert.assigned_to = user_id;
    audit::AuditEvent event = Event(context, "monitor_alert.assigned", alert);
    event.detail_json = boost::json::serialize(
        boost::json::object{{"assigned_to", user_id ? boost::json::value(*user_id) : boost::json::value(nullptr)}});
    CHANCERY_TRY(audit_.Append(transaction, event));
    if (!user_id || *user_id == context.actor->user_id) return Status::Ok();
    notifications::NewNotification message;
    message.user_id = *user_id;
    message.kind = "monitor.alert_assigned";
    message.title = alert.title;
    message.body = "An alert of the cyberspace monitor was assigned to you: " + alert.title;
    message.link = "/monitor/alerts/" + std::to_string(alert.id);
    message.email = false;
    return notifications_.Notify(transaction, message).status();
  }));
  if (changed_) changed_(alert);
  return alert;
}

Result<AlertComment> AlertsService::Comment(std::int64_t alert_id, const std::string& body,
                                            const identity::ActionContext& context) {
  CHANCERY_TRY(MayReadMonitor(authorizer_, context));
  if (body.empty() || body.size() > 4000) {
    return InvalidArgument("A comment is 1 to 4,000 bytes.").WithField("/body");
  }
  AlertComment comment{
      .alert_id = alert_id, .author_id = context.actor->user_id, .body = body, .created_at_ms = clock_.NowMs()};
  Alert alert;
  CHANCERY_TRY(database_.Write("monitor_alerts.comment", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(alert, Load(transaction, alert_id, *context.actor));
    CHANCERY_ASSIGN_OR_RETURN(
        Row row, transaction.QueryOne("INSERT INTO monitor_alert_comments (alert_id, author_id, body, created_at) "
                                      "VALUES (?, ?, ?, ?) RETURNING id",
                                      {alert_id, comment.author_id, comment.body, comment.created_at_ms}));
    comment.id = row.Int(0);
    return audit_.Append(transaction, Event(context, "monitor_alert.commented", alert));
  }));
  if (changed_) changed_(alert);
  return comment;
}

Result<notifications::NewNotification> AlertsService::EscalationMessage(const Alert& alert, int level,
                                                                        std::int64_t user_id) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<identity::UserRecord> user, identity_.FindUser(user_id));
  const bool vietnamese = !user || user->locale != "en";
  CHANCERY_ASSIGN_OR_RETURN(directory::Unit unit, directory_.GetUnit(alert.unit_id));
  const std::string unit_name = vietnamese ? unit.name_vi : unit.name_en;
  notifications::NewNotification message;
  message.user_id = user_id;
  message.kind = "monitor.alert_escalated";
  message.urgent = true;
  message.link = "/monitor/alerts/" + std::to_string(alert.id);
  const std::string deadline = FormatIsoTime(alert.ack_deadline_ms.value_or(alert.created_at_ms));
  if (vietnamese) {
    message.title = "Cảnh báo giám sát chưa được xác nhận: " + unit_name;
    message.body = "Cảnh báo \"" + alert.title + "\" của " + unit_name + " đã quá hạn xác nhận (" + deadline + "). " +
                   (level == 1 ? "Đồng chí đang trực tại " + unit_name + "."
                               : "Đồng chí đang trực tại Trực ban Bộ (" + duty_.watch_desk_unit() + ").");
  } else {
    message.title = "Unacknowledged monitor alert: " + unit_name;
    message.body = "The alert \"" + alert.title + "\" for " + unit_name + " was not acknowledged by " + deadline +
                   ". " +
                   (level == 1 ? "You are on call for " + unit_name + "."
                               : "You are on the HQ watch desk (" + duty_.watch_desk_unit() + ").");
  }
  return message;
}

Result<int> AlertsService::EscalateOnce() {
  const std::int64_t now_ms = clock_.NowMs();
  std::vector<Alert> overdue;
  CHANCERY_TRY(database_.Read("monitor_alerts.overdue", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Rows rows, transaction.Query("SELECT " + std::string(kColumns) +
                                                               " WHERE state = 'open' AND ack_deadline IS NOT NULL "
                                                               "AND ack_deadline <= ? AND escalation_level < 2 "
                                                               "ORDER BY ack_deadline LIMIT 500",
                                                           {now_ms}));
    for (const Row& row : rows) overdue.push_back(FromRow(row));
    return Status::Ok();
  }));
  int taken = 0;
  for (const Alert& alert : overdue) {
    directory::DutyEscalation::Step step;
    if (alert.escalation_level == 0) {
      CHANCERY_ASSIGN_OR_RETURN(step, duty_.FirstStep(alert.unit_id, alert.priority == Priority::kHigh, now_ms));
    } else if (now_ms >= alert.escalated_at_ms.value_or(now_ms) + options_.high_priority_ack_ms) {
      CHANCERY_ASSIGN_OR_RETURN(step, duty_.SecondStep(now_ms));
    } else {
      continue;
    }
    if (step.wait) continue;
    std::vector<notifications::NewNotification> messages;
    for (std::int64_t user_id : step.user_ids) {
      CHANCERY_ASSIGN_OR_RETURN(notifications::NewNotification message, EscalationMessage(alert, step.level, user_id));
      messages.push_back(std::move(message));
    }
    bool took = false;
    CHANCERY_TRY(database_.Write("monitor_alerts.escalate", [&](Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(
          std::int64_t updated,
          transaction.Execute("UPDATE monitor_alerts SET escalation_level = ?, escalated_at = ? WHERE id = ? AND "
                              "state = 'open' AND escalation_level = ?",
                              {static_cast<std::int64_t>(step.level), now_ms, alert.id,
                               static_cast<std::int64_t>(alert.escalation_level)}));
      if (updated == 0) return Status::Ok();  // acknowledged or escalated meanwhile
      took = true;
      for (const notifications::NewNotification& message : messages) {
        CHANCERY_TRY(notifications_.Notify(transaction, message).status());
      }
      audit::AuditEvent event = audit::EventBy(nullptr, "monitor_alert.escalated");
      event.unit_id = alert.unit_id;
      event.target_type = "monitor_alert";
      event.target_id = std::to_string(alert.id);
      boost::json::array notified;
      for (std::int64_t user_id : step.user_ids) notified.push_back(user_id);
      event.detail_json =
          boost::json::serialize(boost::json::object{{"level", step.level}, {"notified", std::move(notified)}});
      return audit_.Append(transaction, event);
    }));
    if (took) {
      ++taken;
      Alert escalated = alert;
      escalated.escalation_level = step.level;
      escalated.escalated_at_ms = now_ms;
      if (changed_) changed_(escalated);
    }
  }
  return taken;
}

Result<int> AlertsService::SendDigests() {
  const std::int64_t now_ms = clock_.NowMs();
  const std::string now_text = FormatIsoTime(now_ms);
  if (now_text.size() < 13 || now_text.substr(11, 2) < "07") return 0;
  const std::string day = now_text.substr(0, 10);
  std::map<std::int64_t, std::vector<Alert>> by_unit;
  CHANCERY_TRY(database_.Read("monitor_alerts.digest", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        Rows rows, transaction.Query("SELECT " + std::string(kColumns) +
                                         " WHERE created_at >= ? AND private_to IS NULL AND unit_id NOT IN "
                                         "(SELECT unit_id FROM monitor_digests WHERE day = ?) ORDER BY id DESC",
                                     {now_ms - 24LL * 3600 * 1000, day}));
    for (const Row& row : rows) {
      Alert alert = FromRow(row);
      by_unit[alert.unit_id].push_back(std::move(alert));
    }
    return Status::Ok();
  }));
  int sent = 0;
  for (const auto& [unit_id, alerts] : by_unit) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<identity::UserRecord> members, identity_.ListUnitMembers(unit_id));
    std::vector<notifications::NewNotification> messages;
    for (const identity::UserRecord& member : members) {
      if (member.disabled) continue;
      CHANCERY_ASSIGN_OR_RETURN(std::vector<RoleGrant> grants, identity_.ListGrants(member.id));
      Principal principal;
      principal.user_id = member.id;
      principal.grants = std::move(grants);
      if (!authorizer_.Allowed(principal, Permission::kMonitorRead, unit_id)) continue;
      const bool vietnamese = member.locale != "en";
      std::map<AlertKind, int> counts;
      for (const Alert& alert : alerts) ++counts[alert.kind];
      notifications::NewNotification message;
      message.user_id = member.id;
      message.kind = "monitor.digest";
      message.link = "/monitor/alerts";
      message.title = vietnamese ? "Bản tin giám sát ngày " + day : "Monitor digest for " + day;
      std::string body = vietnamese ? "Trong 24 giờ qua: " : "In the last 24 hours: ";
      bool first = true;
      for (const auto& [kind, count] : counts) {
        body += (first ? "" : ", ") + std::to_string(count) + " " + KindLabel(kind, vietnamese);
        first = false;
      }
      body += ".\n\n";
      for (std::size_t i = 0; i < alerts.size() && i < 10; ++i) {
        body += "- " + alerts[i].title +
                (alerts[i].acknowledged ? ""
                 : vietnamese           ? " (chưa xác nhận)"
                                        : " (open)") +
                "\n";
      }
      message.body = std::move(body);
      messages.push_back(std::move(message));
    }
    bool claimed = false;
    CHANCERY_TRY(database_.Write("monitor_alerts.digest_send", [&](Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(
          std::optional<Row> row,
          transaction.QueryOptional("INSERT INTO monitor_digests (unit_id, day, sent_at) VALUES (?, ?, ?) "
                                    "ON CONFLICT DO NOTHING RETURNING unit_id",
                                    {unit_id, day, now_ms}));
      if (!row) return Status::Ok();  // another node sent it
      claimed = true;
      for (const notifications::NewNotification& message : messages) {
        CHANCERY_TRY(notifications_.Notify(transaction, message).status());
      }
      return Status::Ok();
    }));
    if (claimed) ++sent;
  }
  return sent;
}

audit::AuditEvent AlertsService::Event(const identity::ActionContext& context, std::string action,
                                       const Alert& alert) const {
  audit::AuditEvent event = audit::EventBy(context.actor, std::move(action));
  event.unit_id = alert.unit_id;
  event.target_type = "monitor_alert";
  event.target_id = std::to_string(alert.id);
  event.detail_json = boost::json::serialize(boost::json::object{{"kind", AlertKindName(alert.kind)}});
  event.remote_address = context.remote_address;
  event.request_id = context.request_id;
  return event;
}

}  // namespace chancery::monitor
