// Topics and standing queries: their SQL (QueriesStore) and rules (QueriesService).
//
// Rules:
//   - A topic belongs to a unit (a mission or an HQ desk); holders of monitor_queries there create, rename and
//     delete it (an empty topic only). Whoever holds monitor_read somewhere reads topics.
//   - A query belongs to a topic (and so to its unit) and to its owner. Shared queries are read by every monitor
//     user and changed by holders of monitor_queries on the unit; private ones are read and changed by their owner
//     alone (who must hold monitor_queries on the unit). The text must parse (query.hpp): errors name the column.
//   - Every change (create, edit, restore, delete) writes a version row: who, when, and the whole query as it then
//     was. Restoring version n makes a new version equal to n. Edits carry the version they started from (409
//     stale_version otherwise).
//
// Audit actions: monitor_query.created, .edited, .restored, .deleted; monitor_topic.created, .updated, .deleted.
//
// Thread-safety: safe for concurrent use; calls block on the database. `changed` runs after each committed change.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/status.hpp"
#include "modules/audit/audit.hpp"
#include "modules/directory/unit_tree.hpp"
#include "modules/identity/authz.hpp"
#include "modules/identity/identity.hpp"
#include "modules/monitor/monitor.hpp"
#include "storage/database.hpp"

namespace chancery::monitor {

class QueriesStore {
 public:
  Result<std::optional<Topic>> FindTopic(storage::Transaction& transaction, std::int64_t topic_id);
  Result<std::vector<Topic>> Topics(storage::Transaction& transaction);
  Result<std::optional<QueryRecord>> Find(storage::Transaction& transaction, std::int64_t query_id);
  Result<std::vector<QueryRecord>> All(storage::Transaction& transaction);
  Result<std::vector<QueryVersion>> Versions(storage::Transaction& transaction, std::int64_t query_id);
};

struct TopicDraft {
  std::int64_t unit_id = 0;
  std::string name;
  std::string description;
};

struct QueryDraft {
  std::int64_t topic_id = 0;
  std::string name;
  std::string text;
  Visibility visibility = Visibility::kShared;
  Priority priority = Priority::kNormal;
};

class QueriesService {
 public:
  QueriesService(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                 const identity::Authorizer& authorizer, std::shared_ptr<const directory::UnitTree> tree,
                 std::function<void()> changed);

  Result<std::vector<Topic>> ListTopics(const identity::ActionContext& context);
  Result<Topic> CreateTopic(const TopicDraft& draft, const identity::ActionContext& context);
  Result<Topic> UpdateTopic(std::int64_t topic_id, const TopicDraft& draft, const identity::ActionContext& context);
  // kConflict reason topic_not_empty while it holds queries.
  Status DeleteTopic(std::int64_t topic_id, const identity::ActionContext& context);

  // The queries the actor may read.
  Result<std::vector<QueryRecord>> List(const identity::ActionContext& context);
  Result<QueryRecord> Get(std::int64_t query_id, const identity::ActionContext& context);
  Result<QueryRecord> Create(const QueryDraft& draft, const identity::ActionContext& context);
  Result<QueryRecord> Replace(std::int64_t query_id, std::int64_t expected_version, const QueryDraft& draft,
                              const identity::ActionContext& context);
  Result<QueryRecord> Restore(std::int64_t query_id, std::int64_t version, const identity::ActionContext& context);
  Status Delete(std::int64_t query_id, const identity::ActionContext& context);
  // Every version, newest first.
  Result<std::vector<QueryVersion>> Versions(std::int64_t query_id, const identity::ActionContext& context);

  // The system's own read: every live query, for compiling the matcher.
  Result<std::vector<QueryRecord>> AllForSystem();
  const identity::Authorizer& authorizer() const { return authorizer_; }
  // True when the actor may read the query (shared, or their own private one) or its alerts.
  bool MayRead(const Principal& actor, const QueryRecord& query) const;

 private:
  Status CheckWrite(const Principal& actor, const QueryRecord& query) const;
  Status ValidateDraft(storage::Transaction& transaction, const QueryDraft& draft, const Principal& actor,
                       Topic& topic);
  // Writes the query's row as in `query` (insert when id == 0) and its version row.
  Status Save(storage::Transaction& transaction, QueryRecord& query, const std::string& change);
  audit::AuditEvent QueryEvent(const identity::ActionContext& context, std::string action,
                               const QueryRecord& query) const;
  audit::AuditEvent TopicEvent(const identity::ActionContext& context, std::string action, const Topic& topic) const;

  storage::Database& database_;
  const Clock& clock_;
  audit::AuditLog& audit_;
  const identity::Authorizer& authorizer_;
  std::shared_ptr<const directory::UnitTree> tree_;
  std::function<void()> changed_;
  QueriesStore store_;
};

}  // namespace chancery::monitor
