// The monitor's records as the server keeps them: sources, topics, standing queries and their versions, articles,
// matches and alerts (tables in migrations/0001_monitor.*.sql).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chancery::monitor {

// The buckets of burst counting (monitor_key_minutes): stories per key and minute.
inline constexpr std::int64_t kBurstMinuteMs = 60 * 1000;

enum class SourceKind { kFeed, kPush, kReplay };

// The next_poll_at of a replay that reached the end of its file (9999-12-31): not due until started over.
inline constexpr std::int64_t kNeverMs = 253402300799000;
const char* SourceKindName(SourceKind kind);
std::optional<SourceKind> ParseSourceKind(std::string_view name);

struct Source {
  std::int64_t id = 0;
  std::int64_t unit_id = 0;  // the owning unit
  std::string name;          // short, unique, what `source:` queries name ("vnexpress")
  std::string title;
  SourceKind kind = SourceKind::kFeed;
  std::string url;       // feed: its URL; replay: a file name in monitor.replay_dir; push: empty
  std::string country;   // ISO 3166-1 alpha-2, upper case; empty when unknown
  std::string language;  // declared ("vi"); empty: detected per article
  std::int64_t interval_seconds = 300;
  std::int64_t replay_rate = 0;  // documents per second
  bool enabled = true;
  // Health
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
  std::int64_t next_poll_at_ms = 0;
  std::optional<std::int64_t> last_polled_at_ms;
  std::optional<std::int64_t> last_success_at_ms;
  std::optional<std::int64_t> last_status;
  std::optional<std::string> last_error;
  std::int64_t failures = 0;
  std::int64_t items_total = 0;
  std::int64_t replay_position = 0;
  std::int64_t created_by = 0;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::int64_t version = 1;
};

struct Topic {
  std::int64_t id = 0;
  std::int64_t unit_id = 0;
  std::string name;
  std::string description;
  std::int64_t created_by = 0;
  std::int64_t created_at_ms = 0;
};

enum class Visibility { kShared, kPrivate };
enum class Priority { kHigh, kNormal, kLow };
const char* VisibilityName(Visibility visibility);
std::optional<Visibility> ParseVisibility(std::string_view name);
const char* PriorityName(Priority priority);
std::optional<Priority> ParsePriority(std::string_view name);

struct QueryRecord {
  std::int64_t id = 0;
  std::int64_t topic_id = 0;
  std::int64_t unit_id = 0;  // the topic's unit
  std::int64_t owner_id = 0;
  std::string name;
  std::string text;  // in the query language (query.hpp)
  Visibility visibility = Visibility::kShared;
  Priority priority = Priority::kNormal;
  std::int64_t version = 1;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::int64_t updated_by = 0;
};

struct QueryVersion {
  std::int64_t query_id = 0;
  std::int64_t version = 0;
  std::string change;  // created, edited, restored, deleted
  std::int64_t topic_id = 0;
  std::string name;
  std::string text;
  Visibility visibility = Visibility::kShared;
  Priority priority = Priority::kNormal;
  std::int64_t changed_by = 0;
  std::int64_t changed_at_ms = 0;
};

// A document as it enters the pipeline, from a feed, a push or a replay.
struct IncomingDocument {
  std::string key;  // GUID or link; empty: a digest of the text
  std::string title;
  std::string link;
  std::string text;  // plain text (feeds give text; pushes may send HTML in `html`)
  std::string author;
  std::string language;  // declared; empty: detected
  std::string country;   // declared; empty: the source's
  std::optional<std::int64_t> published_ms;
};

struct StoredArticle {
  std::int64_t id = 0;
  std::int64_t source_id = 0;
  std::int64_t story_id = 0;
  std::string title;
  std::string link;
  std::string body;
  std::string author;
  std::string language;
  std::string country;                 // the source's or the document's
  std::vector<std::string> countries;  // mentioned in the text (gazetteer), most mentioned first
  std::int64_t published_at_ms = 0;
  std::int64_t ingested_at_ms = 0;
};

enum class AlertKind { kMatch, kGeo, kBurst };
const char* AlertKindName(AlertKind kind);
std::optional<AlertKind> ParseAlertKind(std::string_view name);

struct Alert {
  std::int64_t id = 0;
  AlertKind kind = AlertKind::kMatch;
  std::int64_t unit_id = 0;
  std::optional<std::int64_t> private_to;  // a private query's owner: nobody else sees it
  std::optional<std::int64_t> query_id;
  std::optional<std::int64_t> article_id;
  std::optional<std::int64_t> story_id;
  std::string country;
  Priority priority = Priority::kNormal;
  std::string title;
  std::string detail_json = "{}";  // matched terms and snippet, or a burst's numbers
  std::string dedup_key;
  bool acknowledged = false;
  std::optional<std::int64_t> assigned_to;
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> ack_deadline_ms;
  std::optional<std::int64_t> acknowledged_by;
  std::optional<std::int64_t> acknowledged_at_ms;
  int escalation_level = 0;
  std::optional<std::int64_t> escalated_at_ms;
};

struct AlertComment {
  std::int64_t id = 0;
  std::int64_t alert_id = 0;
  std::int64_t author_id = 0;
  std::string body;
  std::int64_t created_at_ms = 0;
};

}  // namespace chancery::monitor
