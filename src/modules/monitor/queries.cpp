#include "modules/monitor/queries.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "modules/directory/text_fold.hpp"
#include "modules/monitor/query.hpp"

namespace chancery::monitor {
namespace {

using identity::Permission;
using storage::Row;
using storage::Rows;
using storage::Transaction;

constexpr std::string_view kTopicColumns = "id, unit_id, name, description, created_by, created_at FROM monitor_topics";
constexpr std::string_view kQueryColumns =
    "id, topic_id, unit_id, owner_id, name, query_text, visibility, priority, version, created_at, updated_at, "
    "updated_by FROM monitor_queries";

Topic TopicFromRow(const Row& row) {
  return Topic{.id = row.Int(0),
               .unit_id = row.Int(1),
               .name = row.Text(2),
               .description = row.Text(3),
               .created_by = row.Int(4),
               .created_at_ms = row.Int(5)};
}

QueryRecord QueryFromRow(const Row& row) {
  return QueryRecord{.id = row.Int(0),
                     .topic_id = row.Int(1),
                     .unit_id = row.Int(2),
                     .owner_id = row.Int(3),
                     .name = row.Text(4),
                     .text = row.Text(5),
                     .visibility = ParseVisibility(row.Text(6)).value_or(Visibility::kPrivate),
                     .priority = ParsePriority(row.Text(7)).value_or(Priority::kNormal),
                     .version = row.Int(8),
                     .created_at_ms = row.Int(9),
                     .updated_at_ms = row.Int(10),
                     .updated_by = row.Int(11)};
}

Status NoSuchQuery(std::int64_t query_id) { return NotFound("There is no query " + std::to_string(query_id) + "."); }
Status NoSuchTopic(std::int64_t topic_id) { return NotFound("There is no topic " + std::to_string(topic_id) + "."); }
Status TopicNameTaken(const std::string& name) {
  return AlreadyExists("The unit already has a topic called '" + name + "'.")
      .WithField("/name")
      .WithReason("name_taken");
}
Status SignedIn(const identity::ActionContext& context) {
  return context.actor ? Status::Ok() : PermissionDenied("The monitor is for signed-in users.");
}

Status ValidateTopic(const TopicDraft& draft) {
  if (draft.name.empty() || draft.name.size() > 400) {
    return InvalidArgument("A topic needs a name (at most 100 characters).").WithField("/name");
  }
  if (draft.description.size() > 2000) {
    return InvalidArgument("The description is at most 2,000 bytes.").WithField("/description");
  }
  return Status::Ok();
}

}  // namespace

Result<std::optional<Topic>> QueriesStore::FindTopic(Transaction& transaction, std::int64_t topic_id) {
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      transaction.QueryOptional("SELECT " + std::string(kTopicColumns) + " WHERE id = ? AND archived_at IS NULL",
                                {topic_id}));
  if (!row) return std::optional<Topic>();
  return std::optional<Topic>(TopicFromRow(*row));
}

Result<std::vector<Topic>> QueriesStore::Topics(Transaction& transaction) {
  CHANCERY_ASSIGN_OR_RETURN(Rows rows, transaction.Query("SELECT " + std::string(kTopicColumns) +
                                                         " WHERE archived_at IS NULL ORDER BY unit_id, name"));
  std::vector<Topic> topics;
  for (const Row& row : rows) topics.push_back(TopicFromRow(row));
  return topics;
}

Result<std::optional<QueryRecord>> QueriesStore::Find(Transaction& transaction, std::int64_t query_id) {
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      transaction.QueryOptional("SELECT " + std::string(kQueryColumns) + " WHERE id = ? AND archived_at IS NULL",
                                {query_id}));
  if (!row) return std::optional<QueryRecord>();
  return std::optional<QueryRecord>(QueryFromRow(*row));
}

Result<std::vector<QueryRecord>> QueriesStore::All(Transaction& transaction) {
  CHANCERY_ASSIGN_OR_RETURN(
      Rows rows, transaction.Query("SELECT " + std::string(kQueryColumns) + " WHERE archived_at IS NULL ORDER BY id"));
  std::vector<QueryRecord> queries;
  for (const Row& row : rows) queries.push_back(QueryFromRow(row));
  return queries;
}

Result<std::vector<QueryVersion>> QueriesStore::Versions(Transaction& transaction, std::int64_t query_id) {
  CHANCERY_ASSIGN_OR_RETURN(
      Rows rows,
      transaction.Query("SELECT query_id, version, change, topic_id, name, query_text, visibility, priority, "
                        "changed_by, changed_at FROM monitor_query_versions WHERE query_id = ? ORDER BY version DESC",
                        {query_id}));
  std::vector<QueryVersion> versions;
  for (const Row& row : rows) {
    versions.push_back(QueryVersion{.query_id = row.Int(0),
                                    .version = row.Int(1),
                                    .change = row.Text(2),
                                    .topic_id = row.Int(3),
                                    .name = row.Text(4),
                                    .text = row.Text(5),
                                    .visibility = ParseVisibility(row.Text(6)).value_or(Visibility::kPrivate),
                                    .priority = ParsePriority(row.Text(7)).value_or(Priority::kNormal),
                                    .changed_by = row.Int(8),
                                    .changed_at_ms = row.Int(9)});
  }
  return versions;
}

QueriesService::QueriesService(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                               const identity::Authorizer& authorizer, std::shared_ptr<const directory::UnitTree> tree,
                               std::function<void()> changed)
    : database_(database),
      clock_(clock),
      audit_(audit),
      authorizer_(authorizer),
      tree_(std::move(tree)),
      changed_(std::move(changed)) {}

bool QueriesService::MayRead(const Principal& actor, const QueryRecord& query) const {
  if (query.visibility == Visibility::kPrivate) return query.owner_id == actor.user_id;
  return authorizer_.HeldAnywhere(actor, Permission::kMonitorRead);
}

Status QueriesService::CheckWrite(const Principal& actor, const QueryRecord& query) const {
  if (query.visibility == Visibility::kPrivate && query.owner_id != actor.user_id) return NoSuchQuery(query.id);
  return authorizer_.Check(actor, Permission::kMonitorQueries, query.unit_id);
}

// --- Topics

Result<std::vector<Topic>> QueriesService::ListTopics(const identity::ActionContext& context) {
  CHANCERY_TRY(SignedIn(context));
  if (!authorizer_.HeldAnywhere(*context.actor, Permission::kMonitorRead)) {
    return PermissionDenied("This needs the permission monitor_read on some unit.");
  }
  return storage::ReadValue(database_, "monitor_topics.list",
                            [&](Transaction& transaction) { return store_.Topics(transaction); });
}

Result<Topic> QueriesService::CreateTopic(const TopicDraft& draft, const identity::ActionContext& context) {
  CHANCERY_TRY(SignedIn(context));
  if (!tree_->Exists(draft.unit_id)) {
    return InvalidArgument("There is no unit " + std::to_string(draft.unit_id) + ".").WithField("/unit_id");
  }
  CHANCERY_TRY(authorizer_.Check(*context.actor, Permission::kMonitorQueries, draft.unit_id));
  CHANCERY_TRY(ValidateTopic(draft));
  Topic topic{.unit_id = draft.unit_id,
              .name = draft.name,
              .description = draft.description,
              .created_by = context.actor->user_id,
              .created_at_ms = clock_.NowMs()};
  CHANCERY_TRY(database_.Write("monitor_topics.create", [&](Transaction& transaction) -> Status {
    Result<Row> row = transaction.QueryOne(
        "INSERT INTO monitor_topics (unit_id, name, name_key, description, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        {topic.unit_id, topic.name, directory::FoldForSearch(topic.name), topic.description, topic.created_by,
         topic.created_at_ms});
    if (!row.ok()) return row.status().code() == StatusCode::kAlreadyExists ? TopicNameTaken(topic.name) : row.status();
    topic.id = row->Int(0);
    return audit_.Append(transaction, TopicEvent(context, "monitor_topic.created", topic));
  }));
  return topic;
}

Result<Topic> QueriesService::UpdateTopic(std::int64_t topic_id, const TopicDraft& draft,
                                          const identity::ActionContext& context) {
  CHANCERY_TRY(SignedIn(context));
  CHANCERY_TRY(ValidateTopic(draft));
  Topic topic;
  CHANCERY_TRY(database_.Write("monitor_topics.update", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Topic> current, store_.FindTopic(transaction, topic_id));
    if (!current) return NoSuchTopic(topic_id);
    CHANCERY_TRY(authorizer_.Check(*context.actor, Permission::kMonitorQueries, current->unit_id));
    topic = std::move(*current);
    topic.name = draft.name;
    topic.description = draft.description;
    Result<std::int64_t> changed =
        transaction.Execute("UPDATE monitor_topics SET name = ?, name_key = ?, description = ? WHERE id = ?",
                            {topic.name, directory::FoldForSearch(topic.name), topic.description, topic.id});
    if (!changed.ok()) {
      return changed.status().code() == StatusCode::kAlreadyExists ? TopicNameTaken(topic.name) : changed.status();
    }
    return audit_.Append(transaction, TopicEvent(context, "monitor_topic.updated", topic));
  }));
  return topic;
}

Status QueriesService::DeleteTopic(std::int64_t topic_id, const identity::ActionContext& context) {
  CHANCERY_TRY(SignedIn(context));
  return database_.Write("monitor_topics.delete", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Topic> topic, store_.FindTopic(transaction, topic_id));
    if (!topic) return NoSuchTopic(topic_id);
    CHANCERY_TRY(authorizer_.Check(*context.actor, Permission::kMonitorQueries, topic->unit_id));
    CHANCERY_ASSIGN_OR_RETURN(
        Row count, transaction.QueryOne(
                       "SELECT COUNT(*) FROM monitor_queries WHERE topic_id = ? AND archived_at IS NULL", {topic_id}));
    if (count.Int(0) > 0) {
      return Conflict("Topic '" + topic->name + "' still holds " + std::to_string(count.Int(0)) +
                      " queries; delete or move them first.")
          .WithReason("topic_not_empty");
    }
    CHANCERY_TRY(
        transaction.Execute("UPDATE monitor_topics SET archived_at = ? WHERE id = ?", {clock_.NowMs(), topic_id})
            .status());
    return audit_.Append(transaction, TopicEvent(context, "monitor_topic.deleted", *topic));
  });
}

// --- Queries

Result<std::vector<QueryRecord>> QueriesService::List(const identity::ActionContext& context) {
  CHANCERY_TRY(SignedIn(context));
  if (!authorizer_.HeldAnywhere(*context.actor, Permission::kMonitorRead)) {
    return PermissionDenied("This needs the permission monitor_read on some unit.");
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<QueryRecord> all, AllForSystem());
  std::erase_if(all, [&](const QueryRecord& query) { return !MayRead(*context.actor, query); });
  return all;
}

Result<std::vector<QueryRecord>> QueriesService::AllForSystem() {
  return storage::ReadValue(database_, "monitor_queries.all",
                            [&](Transaction& transaction) { return store_.All(transaction); });
}

Result<QueryRecord> QueriesService::Get(std::int64_t query_id, const identity::ActionContext& context) {
  CHANCERY_TRY(SignedIn(context));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<QueryRecord> query,
                            storage::ReadValue(database_, "monitor_queries.get", [&](Transaction& transaction) {
                              return store_.Find(transaction, query_id);
                            }));
  if (!query || !MayRead(*context.actor, *query)) return NoSuchQuery(query_id);
  return std::move(*query);
}

Status QueriesService::ValidateDraft(Transaction& transaction, const QueryDraft& draft, const Principal& actor,
                                     Topic& topic) {
  if (draft.name.empty() || draft.name.size() > 400) {
    return InvalidArgument("A query needs a name (at most 100 characters).").WithField("/name");
  }
  if (draft.text.size() > kMaxQueryLength) {
    return InvalidArgument("A query is at most 4,000 bytes.").WithField("/text");
  }
  Result<NodePtr> parsed = ParseQuery(draft.text);
  if (!parsed.ok()) return InvalidArgument(parsed.status().message()).WithField("/text").WithReason("query_syntax");
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Topic> found, store_.FindTopic(transaction, draft.topic_id));
  if (!found)
    return InvalidArgument("There is no topic " + std::to_string(draft.topic_id) + ".").WithField("/topic_id");
  topic = std::move(*found);
  return authorizer_.Check(actor, Permission::kMonitorQueries, topic.unit_id);
}

Status QueriesService::Save(Transaction& transaction, QueryRecord& query, const std::string& change) {
  if (query.id == 0) {
    CHANCERY_ASSIGN_OR_RETURN(
        Row row,
        transaction.QueryOne(
            "INSERT INTO monitor_queries (topic_id, unit_id, owner_id, name, query_text, visibility, "
            "priority, version, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) "
            "RETURNING id",
            {query.topic_id, query.unit_id, query.owner_id, query.name, query.text, VisibilityName(query.visibility),
             PriorityName(query.priority), query.created_at_ms, query.updated_at_ms, query.updated_by}));
    query.id = row.Int(0);
    query.version = 1;
  } else {
    CHANCERY_ASSIGN_OR_RETURN(
        std::int64_t changed,
        transaction.Execute(
            "UPDATE monitor_queries SET topic_id = ?, unit_id = ?, name = ?, query_text = ?, visibility = ?, "
            "priority = ?, version = version + 1, updated_at = ?, updated_by = ?, archived_at = ? "
            "WHERE id = ? AND version = ? AND archived_at IS NULL",
            {query.topic_id, query.unit_id, query.name, query.text, VisibilityName(query.visibility),
             PriorityName(query.priority), query.updated_at_ms, query.updated_by,
             change == "deleted" ? storage::Value(query.updated_at_ms) : storage::Value(nullptr), query.id,
             query.version}));
    if (changed == 0) {
      return Conflict("Query " + std::to_string(query.id) +
                      " was changed by someone else in the meantime. Reload it and try again.")
          .WithReason("stale_version");
    }
    ++query.version;
  }
  return transaction
      .Execute(
          "INSERT INTO monitor_query_versions (query_id, version, change, topic_id, name, query_text, visibility, "
          "priority, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {query.id, query.version, change, query.topic_id, query.name, query.text, VisibilityName(query.visibility),
           PriorityName(query.priority), query.updated_by, query.updated_at_ms})
      .status();
}

Result<QueryRecord> QueriesService::Create(const QueryDraft& draft, const identity::ActionContext& context) {
  CHANCERY_TRY(SignedIn(context));
  QueryRecord query;
  CHANCERY_TRY(database_.Write("monitor_queries.create", [&](Transaction& transaction) -> Status {
    Topic topic;
    CHANCERY_TRY(ValidateDraft(transaction, draft, *context.actor, topic));
    const std::int64_t now_ms = clock_.NowMs();
    query = QueryRecord{.topic_id = topic.id,
                        .unit_id = topic.unit_id,
                        .owner_id = context.actor->user_id,
                        .name = draft.name,
                        .text = draft.text,
                        .visibility = draft.visibility,
                        .priority = draft.priority,
                        .created_at_ms = now_ms,
                        .updated_at_ms = now_ms,
                        .updated_by = context.actor->user_id};
    CHANCERY_TRY(Save(transaction, query, "created"));
    return audit_.Append(transaction, QueryEvent(context, "monitor_query.created", query));
  }));
  if (changed_) changed_();
  return query;
}

Result<QueryRecord> QueriesService::Replace(std::int64_t query_id, std::int64_t expected_version,
                                            const QueryDraft& draft, const identity::ActionContext& context) {
  CHANCERY_TRY(SignedIn(context));
  QueryRecord query;
  CHANCERY_TRY(database_.Write("monitor_queries.replace", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<QueryRecord> current, store_.Find(transaction, query_id));
    if (!current) return NoSuchQuery(query_id);
    CHANCERY_TRY(CheckWrite(*context.actor, *current));
    Topic topic;
    CHANCERY_TRY(ValidateDraft(transaction, draft, *context.actor, topic));
    query = std::move(*current);
    query.version = expected_version;
    query.topic_id = topic.id;
    query.unit_id = topic.unit_id;
    query.name = draft.name;
    query.text = draft.text;
    query.visibility = draft.visibility;
    query.priority = draft.priority;
    query.updated_at_ms = clock_.NowMs();
    query.updated_by = context.actor->user_id;
    CHANCERY_TRY(Save(transaction, query, "edited"));
    return audit_.Append(transaction, QueryEvent(context, "monitor_query.edited", query));
  }));
  if (changed_) changed_();
  return query;
}

Result<QueryRecord> QueriesService::Restore(std::int64_t query_id, std::int64_t version,
                                            const identity::ActionContext& context) {
  CHANCERY_TRY(SignedIn(context));
  QueryRecord query;
  CHANCERY_TRY(database_.Write("monitor_queries.restore", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<QueryRecord> current, store_.Find(transaction, query_id));
    if (!current) return NoSuchQuery(query_id);
    CHANCERY_TRY(CheckWrite(*context.actor, *current));
    CHANCERY_ASSIGN_OR_RETURN(std::vector<QueryVersion> versions, store_.Versions(transaction, query_id));
    auto wanted = std::find_if(versions.begin(), versions.end(),
                               [&](const QueryVersion& candidate) { return candidate.version == version; });
    if (wanted == versions.end()) {
      return InvalidArgument("Query " + std::to_string(query_id) + " has no version " + std::to_string(version) + ".")
          .WithField("/version");
    }
    Topic topic;
    CHANCERY_TRY(ValidateDraft(transaction,
                               QueryDraft{.topic_id = wanted->topic_id,
                                          .name = wanted->name,
                                          .text = wanted->text,
                                          .visibility = wanted->visibility,
                                          .priority = wanted->priority},
                               *context.actor, topic));
    query = std::move(*current);
    query.topic_id = topic.id;
    query.unit_id = topic.unit_id;
    query.name = wanted->name;
    query.text = wanted->text;
    query.visibility = wanted->visibility;
    query.priority = wanted->priority;
    query.updated_at_ms = clock_.NowMs();
    query.updated_by = context.actor->user_id;
    CHANCERY_TRY(Save(transaction, query, "restored"));
    audit::AuditEvent event = QueryEvent(context, "monitor_query.restored", query);
    event.detail_json = boost::json::serialize(
        boost::json::object{{"name", query.name}, {"restored_version", version}, {"version", query.version}});
    return audit_.Append(transaction, event);
  }));
  if (changed_) changed_();
  return query;
}

Status QueriesService::Delete(std::int64_t query_id, const identity::ActionContext& context) {
  CHANCERY_TRY(SignedIn(context));
  CHANCERY_TRY(database_.Write("monitor_queries.delete", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<QueryRecord> query, store_.Find(transaction, query_id));
    if (!query) return NoSuchQuery(query_id);
    CHANCERY_TRY(CheckWrite(*context.actor, *query));
    query->updated_at_ms = clock_.NowMs();
    query->updated_by = context.actor->user_id;
    CHANCERY_TRY(Save(transaction, *query, "deleted"));
    return audit_.Append(transaction, QueryEvent(context, "monitor_query.deleted", *query));
  }));
  if (changed_) changed_();
  return Status::Ok();
}

Result<std::vector<QueryVersion>> QueriesService::Versions(std::int64_t query_id,
                                                           const identity::ActionContext& context) {
  CHANCERY_TRY(Get(query_id, context).status());
  return storage::ReadValue(database_, "monitor_queries.versions",
                            [&](Transaction& transaction) { return store_.Versions(transaction, query_id); });
}

audit::AuditEvent QueriesService::QueryEvent(const identity::ActionContext& context, std::string action,
                                             const QueryRecord& query) const {
  audit::AuditEvent event = audit::EventBy(context.actor, std::move(action));
  event.unit_id = query.unit_id;
  event.target_type = "monitor_query";
  event.target_id = std::to_string(query.id);
  event.detail_json = boost::json::serialize(boost::json::object{
      {"name", query.name}, {"version", query.version}, {"visibility", VisibilityName(query.visibility)}});
  event.remote_address = context.remote_address;
  event.request_id = context.request_id;
  return event;
}

audit::AuditEvent QueriesService::TopicEvent(const identity::ActionContext& context, std::string action,
                                             const Topic& topic) const {
  audit::AuditEvent event = audit::EventBy(context.actor, std::move(action));
  event.unit_id = topic.unit_id;
  event.target_type = "monitor_topic";
  event.target_id = std::to_string(topic.id);
  event.detail_json = boost::json::serialize(boost::json::object{{"name", topic.name}});
  event.remote_address = context.remote_address;
  event.request_id = context.request_id;
  return event;
}

}  // namespace chancery::monitor
