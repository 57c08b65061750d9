#include "modules/monitor/monitor_demo.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <vector>

#include "modules/directory/text_fold.hpp"

namespace chancery::monitor {
namespace {

using storage::Row;
using storage::Transaction;

constexpr const char* kReplayFile = "demo-news.jsonl";

struct DemoQuery {
  const char* unit;
  const char* topic;
  const char* name;
  const char* text;
  const char* priority;
};

constexpr DemoQuery kQueries[] = {
    {"HQ-PRESS", "Thiên tai", "Bão, lũ và sơ tán",
     "(bão OR typhoon OR \"lũ lụt\" OR flood*) AND (\"sơ tán\" OR evacuat*)", "high"},
    {"HQ-PRESS", "Thiên tai", "Động đất", "\"động đất\" OR earthquake OR séisme", "normal"},
    {"HQ-PRESS", "Kinh tế", "Xuất khẩu gạo", "(gạo OR rice) AND (\"xuất khẩu\" OR export*)", "normal"},
    {"EMB-JP", "Cộng đồng", "Người Việt tại Nhật Bản", "(\"người Việt\" OR Vietnamese) AND (Nhật OR Japan)", "high"},
    {"EMB-FR", "Quan hệ song phương", "Pháp – Việt Nam", "(Pháp OR France OR Élysée) AND (\"Việt Nam\" OR Vietnam)",
     "normal"},
};

Result<std::int64_t> Unit(const directory::UnitTree& tree, const char* code) {
  std::optional<std::int64_t> id = tree.IdOfCode(code);
  if (!id) return Internal(std::string("demo unit ") + code + " is missing from the demo directory");
  return *id;
}

Result<std::int64_t> InsertSource(Transaction& transaction, std::int64_t unit_id, const char* name, const char* title,
                                  const char* kind, const char* url, const char* language, std::int64_t interval,
                                  std::int64_t rate, std::int64_t now_ms) {
  CHANCERY_ASSIGN_OR_RETURN(
      Row row, transaction.QueryOne("INSERT INTO monitor_sources (unit_id, name, title, kind, url, language, "
                                    "interval_seconds, replay_rate, enabled, next_poll_at, created_by, created_at, "
                                    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 0, ?, ?) RETURNING id",
                                    {unit_id, std::string(name), std::string(title), std::string(kind),
                                     std::string(url), std::string(language), interval, rate, now_ms, now_ms, now_ms}));
  return row.Int(0);
}

}  // namespace

Result<DemoReport> SeedDemo(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                            const directory::UnitTree& tree, const std::string& replay_dir) {
  DemoReport report;
  std::error_code error;
  std::filesystem::create_directories(replay_dir, error);
  const std::filesystem::path file = std::filesystem::path(replay_dir) / kReplayFile;
  if (!std::filesystem::exists(file)) {
    std::ofstream out(file);
    out << DemoNewsJsonl();
    if (!out) return Internal("cannot write " + file.string());
  }
  const std::int64_t now_ms = clock.NowMs();
  CHANCERY_ASSIGN_OR_RETURN(std::int64_t press, Unit(tree, "HQ-PRESS"));
  CHANCERY_TRY(database.Write("monitor.demo", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Row existing, transaction.QueryOne("SELECT COUNT(*) FROM monitor_sources"));
    if (existing.Int(0) > 0) return Status::Ok();
    CHANCERY_TRY(InsertSource(transaction, press, "demo-news", "Tin mẫu của Chancery (phát lại)", "replay", kReplayFile,
                              "", 900, 1, now_ms)
                     .status());
    CHANCERY_TRY(InsertSource(transaction, press, "vnexpress", "VnExpress – Tin mới nhất", "feed",
                              "https://vnexpress.net/rss/tin-moi-nhat.rss", "vi", 900, 0, now_ms)
                     .status());
    report.sources = 2;
    std::map<std::string, std::int64_t> topics;
    for (const DemoQuery& demo : kQueries) {
      CHANCERY_ASSIGN_OR_RETURN(std::int64_t unit_id, Unit(tree, demo.unit));
      const std::string topic_key = std::string(demo.unit) + "/" + demo.topic;
      if (!topics.contains(topic_key)) {
        CHANCERY_ASSIGN_OR_RETURN(
            Row topic,
            transaction.QueryOne("INSERT INTO monitor_topics (unit_id, name, name_key, description, "
                                 "created_by, created_at) VALUES (?, ?, ?, '', 0, ?) RETURNING id",
                                 {unit_id, std::string(demo.topic), directory::FoldForSearch(demo.topic), now_ms}));
        topics[topic_key] = topic.Int(0);
      }
      CHANCERY_ASSIGN_OR_RETURN(
          Row query, transaction.QueryOne(
                         "INSERT INTO monitor_queries (topic_id, unit_id, owner_id, name, query_text, visibility, "
                         "priority, version, created_at, updated_at, updated_by) VALUES (?, ?, 0, ?, ?, 'shared', ?, "
                         "1, ?, ?, 0) RETURNING id",
                         {topics[topic_key], unit_id, std::string(demo.name), std::string(demo.text),
                          std::string(demo.priority), now_ms, now_ms}));
      CHANCERY_TRY(transaction
                       .Execute("INSERT INTO monitor_query_versions (query_id, version, change, topic_id, name, "
                                "query_text, visibility, priority, changed_by, changed_at) VALUES (?, 1, 'created', "
                                "?, ?, ?, 'shared', ?, 0, ?)",
                                {query.Int(0), topics[topic_key], std::string(demo.name), std::string(demo.text),
                                 std::string(demo.priority), now_ms})
                       .status());
      ++report.queries;
    }
    audit::AuditEvent event = audit::EventBy(nullptr, "monitor.demo_seeded");
    event.unit_id = press;
    event.target_type = "monitor";
    event.detail_json =
        boost::json::serialize(boost::json::object{{"sources", report.sources}, {"queries", report.queries}});
    return audit.Append(transaction, event);
  }));
  return report;
}

}  // namespace chancery::monitor
