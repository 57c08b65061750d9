#include "modules/monitor/burst_watch.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <map>
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
  std::int64_t created_at_ms = 0;
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
            "SUM(CASE WHEN f.first_at >= ? THEN 1 ELSE 0 END), SUM(CASE WHEN f.first_at < ? THEN 1 ELSE 0 END), "
            "q.created_at "
            "FROM (SELECT query_id, story_id, MIN(matched_at) AS first_at FROM monitor_matches WHERE matched_at >= ? "
            "GROUP BY query_id, story_id) f JOIN monitor_queries q ON q.id = f.query_id AND q.archived_at IS NULL "
            "GROUP BY f.query_id, q.unit_id, q.owner_id, q.name, q.visibility, q.priority, q.created_at",
            {recent_from, recent_from, baseline_from}));
    for (const Row& row : rows) {
      counts.push_back(QueryCounts{.query_id = row.Int(0),
                                   .unit_id = row.Int(1),
                                   .owner_id = row.Int(2),
                                   .name = row.Text(3),
                                   .is_private = row.Text(4) == "private",
                                   .priority = ParsePriority(row.Text(5)).value_or(Priority::kNormal),
                                   .recent = static_cast<int>(row.Int(6)),
                                   .baseline = static_cast<int>(row.Int(7)),
                                   .created_at_ms = row.Int(8)});
    }
    return Status::Ok();
  }));
  // Open episodes whose query no longer has recent matches end too.
  std::map<std::string, std::int64_t> open_episodes;  // key → its last burst verdict
  CHANCERY_TRY(database_.Read("monitor.open_bursts", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        Rows rows, transaction.Query("SELECT burst_key, COALESCE(last_burst_at, started_at) FROM monitor_bursts "
                                     "WHERE ended_at IS NULL"));
    for (const Row& row : rows) open_episodes[row.Text(0)] = row.Int(1);
    return Status::Ok();
  }));
  int raised = 0;
  std::vector<std::string> events;
  for (const QueryCounts& query : counts) {
    const std::string key = "query:" + std::to_string(query.query_id);
    const auto episode_in_progress = open_episodes.find(key);
    const bool open = episode_in_progress != open_episodes.end();
    const std::int64_t last_burst_ms = open ? episode_in_progress->second : 0;
    if (open) open_episodes.erase(episode_in_progress);
    // A query has a baseline only since it exists: a young one is judged against the hours it has (the same count
    // over a shorter window is a higher rate), and one younger than two recent windows not at all, so that a new
    // query on a busy subject does not report its first hour as breaking news.
    BurstOptions judged = options_;
    judged.baseline_ms = std::min(options_.baseline_ms, recent_from - query.created_at_ms);
    if (!open && judged.baseline_ms < options_.recent_ms) continue;
    judged.baseline_ms = std::max(judged.baseline_ms, options_.recent_ms);
    const BurstVerdict verdict = JudgeBurst(query.recent, query.baseline, judged);
    if (open) {
      if (verdict.burst) {
        CHANCERY_TRY(database_.Write("monitor.burst_goes_on", [&](Transaction& transaction) {
          return transaction
              .Execute("UPDATE monitor_bursts SET last_burst_at = ? WHERE burst_key = ? AND ended_at IS NULL",
                       {now_ms, key})
              .status();
        }));
      }
      if (EpisodeGoesOn(verdict, last_burst_ms, now_ms, options_)) continue;
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
          transaction.QueryOptional(
              "INSERT INTO monitor_bursts (burst_key, started_at, last_burst_at) VALUES (?, ?, ?) "
              "ON CONFLICT DO NOTHING RETURNING id",
              {key, now_ms, now_ms}));
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
                                                                 {"baseline_hours", judged.baseline_ms / 3600000.0},
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
  for (const auto& [key, last_burst_at_ms] : open_episodes) {
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
