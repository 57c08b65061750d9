#include "modules/monitor/burst_watch.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "modules/monitor/alerts.hpp"
#include "modules/monitor/pipeline.hpp"

namespace chancery::monitor {
namespace {

using storage::Row;
using storage::Rows;
using storage::Transaction;

struct QueryCounts {
  std::int64_t query_id = 0;
  std::int64_t unit_id = 0;
  std::int64_t owner_id = 0;
  std::string name;
  bool is_private = false;
  Priority priority = Priority::kNormal;
  int recent = 0;
  int baseline = 0;
};

}  // namespace

Result<int> BurstWatch::RunOnce() {
  const std::int64_t now_ms = clock_.NowMs();
  const std::int64_t recent_from = now_ms - options_.recent_ms;
  const std::int64_t baseline_from = recent_from - options_.baseline_ms;
  std::vector<QueryCounts> counts;
  CHANCERY_TRY(database_.Read("monitor.burst_counts", [&](Transaction& transaction) -> Status {
    // A story counts in the window where the query first matched it.
    CHANCERY_ASSIGN_OR_RETURN(
        Rows rows,
        transaction.Query(
            "SELECT f.query_id, q.unit_id, q.owner_id, q.name, q.visibility, q.priority, "
            "SUM(CASE WHEN f.first_at >= ? THEN 1 ELSE 0 END), SUM(CASE WHEN f.first_at < ? THEN 1 ELSE 0 END) "
            "FROM (SELECT query_id, story_id, MIN(matched_at) AS first_at FROM monitor_matches WHERE matched_at >= ? "
            "GROUP BY query_id, story_id) f JOIN monitor_queries q ON q.id = f.query_id AND q.archived_at IS NULL "
            "GROUP BY f.query_id, q.unit_id, q.owner_id, q.name, q.visibility, q.priority",
            {recent_from, recent_from, baseline_from}));
    for (const Row& row : rows) {
      counts.push_back(QueryCounts{.query_id = row.Int(0),
                                   .unit_id = row.Int(1),
                                   .owner_id = row.Int(2),
                                   .name = row.Text(3),
                                   .is_private = row.Text(4) == "private",
                                   .priority = ParsePriority(row.Text(5)).value_or(Priority::kNormal),
                                   .recent = static_cast<int>(row.Int(6)),
                                   .baseline = static_cast<int>(row.Int(7))});
    }
    return Status::Ok();
  }));
  // Open episodes whose query no longer has recent matches end too.
  std::vector<std::string> open_keys;
  CHANCERY_TRY(database_.Read("monitor.open_bursts", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Rows rows,
                              transaction.Query("SELECT burst_key FROM monitor_bursts WHERE ended_at IS NULL"));
    for (const Row& row : rows) open_keys.push_back(row.Text(0));
    return Status::Ok();
  }));
  int raised = 0;
  std::vector<std::string> events;
  for (const QueryCounts& query : counts) {
    const std::string key = "query:" + std::to_string(query.query_id);
    const bool open = std::find(open_keys.begin(), open_keys.end(), key) != open_keys.end();
    std::erase(open_keys, key);
    const BurstVerdict verdict = JudgeBurst(query.recent, query.baseline, options_);
    if (open) {
      if (verdict.burst || verdict.ratio >= options_.min_ratio / 2) continue;  // still going
      CHANCERY_TRY(database_.Write("monitor.burst_end", [&](Transaction& transaction) {
        return transaction
            .Execute("UPDATE monitor_bursts SET ended_at = ? WHERE burst_key = ? AND ended_at IS NULL", {now_ms, key})
            .status();
      }));
      continue;
    }
    if (!verdict.burst) continue;
    CHANCERY_TRY(database_.Write("monitor.burst_start", [&](Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(
          std::optional<Row> episode,
          transaction.QueryOptional("INSERT INTO monitor_bursts (burst_key, started_at) VALUES (?, ?) "
                                    "ON CONFLICT DO NOTHING RETURNING id",
                                    {key, now_ms}));
      if (!episode) return Status::Ok();  // another node raised it
      Alert alert{.kind = AlertKind::kBurst,
                  .unit_id = query.unit_id,
                  .private_to = query.is_private ? std::optional<std::int64_t>(query.owner_id) : std::nullopt,
                  .query_id = query.query_id,
                  .priority = query.priority == Priority::kLow ? Priority::kNormal : query.priority,
                  .title = query.name,
                  .detail_json =
                      boost::json::serialize(boost::json::object{{"query_name", query.name},
                                                                 {"recent_stories", verdict.recent},
                                                                 {"baseline_stories", verdict.baseline},
                                                                 {"recent_hours", options_.recent_ms / 3600000.0},
                                                                 {"baseline_hours", options_.baseline_ms / 3600000.0},
                                                                 {"expected", std::round(verdict.expected * 100) / 100},
                                                                 {"ratio", std::round(verdict.ratio * 10) / 10},
                                                                 {"p_value", verdict.p_value}}),
                  .dedup_key = "burst:" + std::to_string(query.query_id) + ":" + std::to_string(episode->Int(0)),
                  .created_at_ms = now_ms};
      CHANCERY_ASSIGN_OR_RETURN(bool inserted, InsertAlert(transaction, alert));
      if (!inserted) return Status::Ok();
      CHANCERY_TRY(
          transaction.Execute("UPDATE monitor_bursts SET alert_id = ? WHERE id = ?", {alert.id, episode->Int(0)})
              .status());
      ++raised;
      events.push_back(AlertEvent("alert", alert));
      return Status::Ok();
    }));
  }
  for (const std::string& key : open_keys) {
    CHANCERY_TRY(database_.Write("monitor.burst_end", [&](Transaction& transaction) {
      return transaction
          .Execute("UPDATE monitor_bursts SET ended_at = ? WHERE burst_key = ? AND ended_at IS NULL", {now_ms, key})
          .status();
    }));
  }
  for (std::string& event : events) {
    if (Status published = bus_.Publish(kLiveSubject, std::move(event)); !published.ok()) {
      spdlog::warn("monitor: burst event not published: {}", published.ToString());
    }
  }
  return raised;
}

}  // namespace chancery::monitor
