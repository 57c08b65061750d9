#include "modules/monitor/burst_watch.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "modules/directory/geography.hpp"
#include "modules/monitor/alerts.hpp"
#include "storage/sql_text.hpp"

namespace chancery::monitor {
namespace {

using storage::Row;
using storage::Rows;
using storage::Transaction;

// Who hears of a key's burst, and how the alert names it.
struct Recipient {
  std::int64_t unit_id = 0;
  std::optional<std::int64_t> private_to;
};

// One key's counts in the two windows, and what a burst of it would raise.
struct KeyCounts {
  std::string key;  // "query:42", "country:JP"
  int recent = 0;
  int baseline = 0;
  std::int64_t history_from_ms = 0;  // since when the key could have had stories
  std::optional<std::int64_t> query_id;
  std::string country;
  std::string title;  // the query's name; a country's is looked up when it bursts
  Priority priority = Priority::kNormal;
  std::vector<Recipient> recipients;
};

}  // namespace

Result<int> BurstWatch::RunOnce() {
  const std::int64_t now_ms = clock_.NowMs();
  const std::int64_t recent_from = now_ms - options_.recent_ms;
  const std::int64_t baseline_from = recent_from - options_.baseline_ms;
  const std::shared_ptr<const MissionsByCountry> missions = missions_();
  // The windows in the buckets' whole minutes (the minute the recent window starts in counts as recent).
  const std::int64_t recent_minute = recent_from / kBurstMinuteMs;
  const std::int64_t baseline_minute = baseline_from / kBurstMinuteMs;
  std::vector<KeyCounts> counts;
  CHANCERY_TRY(database_.Read("monitor.burst_counts", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Row> first,
                              transaction.QueryOptional("SELECT MIN(minute) FROM monitor_key_minutes"));
    if (!first || first->IsNull(0)) return Status::Ok();
    const std::int64_t monitor_from_ms = first->Int(0) * kBurstMinuteMs;
    CHANCERY_ASSIGN_OR_RETURN(
        Rows rows,
        transaction.Query("SELECT burst_key, CAST(SUM(CASE WHEN minute >= ? THEN stories ELSE 0 END) AS BIGINT), "
                          "CAST(SUM(CASE WHEN minute < ? THEN stories ELSE 0 END) AS BIGINT) "
                          "FROM monitor_key_minutes WHERE minute >= ? GROUP BY burst_key",
                          {recent_minute, recent_minute, baseline_minute}));
    std::map<std::int64_t, std::size_t> queries;  // query id → its entry in counts, to be completed
    for (const Row& row : rows) {
      KeyCounts key{.key = row.Text(0),
                    .recent = static_cast<int>(row.Int(1)),
                    .baseline = static_cast<int>(row.Int(2)),
                    .history_from_ms = monitor_from_ms};
      if (key.key.starts_with("query:")) {
        key.query_id = std::stoll(key.key.substr(6));
        queries[*key.query_id] = counts.size();
      } else if (key.key.starts_with("country:")) {
        // Per country named in the news: to the missions covering it.
        key.country = key.key.substr(8);
        if (missions != nullptr) {
          if (auto covering = missions->find(key.country); covering != missions->end()) {
            for (std::int64_t mission : covering->second) key.recipients.push_back({.unit_id = mission});
          }
        }
      } else {
        continue;
      }
      counts.push_back(std::move(key));
    }
    // Per query: to its unit (a private one: its owner), counted from the query's creation. Archived queries drop out.
    std::vector<std::int64_t> ids;
    for (const auto& [id, index] : queries) ids.push_back(id);
    for (std::size_t from = 0; from < ids.size(); from += 500) {
      std::vector<storage::Value> chunk(ids.begin() + static_cast<std::ptrdiff_t>(from),
                                        ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), from + 500)));
      CHANCERY_ASSIGN_OR_RETURN(
          Rows found, transaction.Query("SELECT id, unit_id, owner_id, name, visibility, priority, created_at FROM "
                                        "monitor_queries WHERE archived_at IS NULL AND id IN (" +
                                            storage::Placeholders(chunk.size()) + ")",
                                        chunk));
      for (const Row& row : found) {
        KeyCounts& key = counts[queries.at(row.Int(0))];
        const Priority priority = ParsePriority(row.Text(5)).value_or(Priority::kNormal);
        key.title = row.Text(3);
        key.priority = priority == Priority::kLow ? Priority::kNormal : priority;
        key.history_from_ms = row.Int(6);
        key.recipients = {Recipient{.unit_id = row.Int(1),
                                    .private_to = row.Text(4) == "private" ? std::optional(row.Int(2)) : std::nullopt}};
      }
    }
    // Queries deleted since: not judged (their open episodes end below).
    std::erase_if(counts, [](const KeyCounts& key) { return key.query_id && key.recipients.empty(); });
    return Status::Ok();
  }));
  // Open episodes whose key no longer has recent stories end too.
  std::map<std::string, std::int64_t> open_episodes;  // key → its last burst verdict
  CHANCERY_TRY(database_.Read("monitor.open_bursts", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        Rows rows, transaction.Query("SELECT burst_key, COALESCE(last_burst_at, started_at) FROM monitor_bursts "
                                     "WHERE ended_at IS NULL"));
    for (const Row& row : rows) open_episodes[row.Text(0)] = row.Int(1);
    return Status::Ok();
  }));
  const auto end_episode = [&](const std::string& key) {
    return database_.Write("monitor.burst_end", [&](Transaction& transaction) {
      return transaction
          .Execute("UPDATE monitor_bursts SET ended_at = ? WHERE burst_key = ? AND ended_at IS NULL", {now_ms, key})
          .status();
    });
  };
  int raised = 0;
  std::vector<std::string> events;
  for (const KeyCounts& counted : counts) {
    const std::string& key = counted.key;
    const auto episode_in_progress = open_episodes.find(key);
    const bool open = episode_in_progress != open_episodes.end();
    const std::int64_t last_burst_ms = open ? episode_in_progress->second : 0;
    if (open) open_episodes.erase(episode_in_progress);
    // A key has a baseline only since it could have had stories: a young one is judged against the hours it has
    // (the same count over a shorter window is a higher rate), and one younger than two recent windows not at all,
    // so that a new query on a busy subject does not report its first hour as breaking news.
    BurstOptions judged = options_;
    judged.baseline_ms = std::min(options_.baseline_ms, recent_from - counted.history_from_ms);
    if (!open && judged.baseline_ms < options_.recent_ms) continue;
    judged.baseline_ms = std::max(judged.baseline_ms, options_.recent_ms);
    const BurstVerdict verdict = JudgeBurst(counted.recent, counted.baseline, judged);
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
      CHANCERY_TRY(end_episode(key));
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
      boost::json::object detail{{"key", key},
                                 {"recent_stories", verdict.recent},
                                 {"baseline_stories", verdict.baseline},
                                 {"recent_hours", options_.recent_ms / 3600000.0},
                                 {"baseline_hours", judged.baseline_ms / 3600000.0},
                                 {"expected", std::round(verdict.expected * 100) / 100},
                                 {"ratio", std::round(verdict.ratio * 10) / 10},
                                 {"p_value", verdict.p_value}};
      if (counted.query_id) detail["query_name"] = counted.title;
      if (!counted.country.empty()) detail["country"] = counted.country;
      const std::string title = counted.query_id ? counted.title : directory::CountryName(counted.country, "en");
      std::optional<std::int64_t> first_alert;
      for (const Recipient& recipient : counted.recipients) {
        Alert alert{.kind = AlertKind::kBurst,
                    .unit_id = recipient.unit_id,
                    .private_to = recipient.private_to,
                    .query_id = counted.query_id,
                    .country = counted.country,
                    .priority = counted.priority,
                    .title = title,
                    .detail_json = boost::json::serialize(detail),
                    .dedup_key = "burst:" + key + ":" + std::to_string(episode->Int(0)) + ":" +
                                 std::to_string(recipient.unit_id),
                    .created_at_ms = now_ms};
        CHANCERY_ASSIGN_OR_RETURN(bool inserted, InsertAlert(transaction, alert));
        if (!inserted) continue;
        if (!first_alert) first_alert = alert.id;
        ++raised;
        events.push_back(AlertEvent("alert", alert));
      }
      if (first_alert) {
        CHANCERY_TRY(
            transaction.Execute("UPDATE monitor_bursts SET alert_id = ? WHERE id = ?", {*first_alert, episode->Int(0)})
                .status());
      }
      return Status::Ok();
    }));
  }
  for (const auto& [key, last_burst_at_ms] : open_episodes) CHANCERY_TRY(end_episode(key));
  for (std::string& event : events) {
    if (Status published = bus_.Publish(kLiveSubject, std::move(event)); !published.ok()) {
      spdlog::warn("monitor: burst event not published: {}", published.ToString());
    }
  }
  return raised;
}

}  // namespace chancery::monitor
