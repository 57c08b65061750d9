// The ingestion pipeline: what happens to every document a source brings, from raw text to alerts on a console.
//
//   1. Text: NFC, words, folded and exact forms (monitor_text.hpp); the language as declared, or detected (CLD2).
//   2. Duplicates: one article per GUID/link (item key) and per folded text (content key), whichever source brought
//      it first; a duplicate is counted and dropped.
//   3. Stories: a SimHash of the text joins the article to a recent story within a few bits, or starts one.
//   4. Countries: the gazetteer finds the countries the text mentions; with the source's country they decide which
//      missions' jurisdiction the article touches.
//   5. Matching: every standing query at once (matcher.hpp); each match keeps its terms and highlights.
//   6. Alerts, in the same transaction as the article: a query's first match on a story alerts the query's unit (a
//      private query: its owner alone; low-priority queries never alert); a shared query's match alerts, once per
//      story, each mission whose jurisdiction the article touches (other than the query's unit). Each alert has a
//      dedup key, so that two nodes never raise it twice.
//   7. After commit: events on the bus (subject monitor.live) for the live streams (monitor_stream.hpp).
//
// Acknowledged means committed: Ingest returns once the batch is in the database. A batch is one transaction.
//
// Thread-safety: Ingest, ReloadQueries and Test may run concurrently from several threads.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "bus/bus.hpp"
#include "core/clock.hpp"
#include "core/status.hpp"
#include "modules/directory/directory.hpp"
#include "modules/monitor/gazetteer.hpp"
#include "modules/monitor/matcher.hpp"
#include "modules/monitor/monitor.hpp"
#include "modules/monitor/stories.hpp"
#include "storage/database.hpp"

namespace boost::asio {
class thread_pool;
}

namespace chancery::monitor {

inline constexpr const char* kLiveSubject = "monitor.live";
inline constexpr const char* kQueriesChangedSubject = "monitor.queries.changed";

// Threads that prepare a batch's articles beside the ingesting one: one fewer than the machine has cores, at most 3.
unsigned DefaultPrepareThreads();

struct PipelineOptions {
  std::int64_t high_priority_ack_ms = 30LL * 60 * 1000;  // high-priority alerts: acknowledge within
  std::size_t recent_articles = 2000;                    // kept in memory for live query tests
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_geo_countries = 3;  // the most mentioned countries that route an article to missions
  // Threads that prepare articles (text, language, fingerprint, countries, matching) beside the ingesting thread, for
  // batches of 16 or more (8 a thread); 0: the ingesting thread alone.
  unsigned prepare_threads = DefaultPrepareThreads();
};

struct IngestReport {
  int received = 0;
  int accepted = 0;
  int duplicates = 0;
  int matches = 0;
  int alerts = 0;
  std::vector<std::int64_t> article_ids;  // of the accepted documents, in order
  bool queued = false;                    // handed to the JetStream stream; matched by whichever node takes it
};

// One query's hit on a recent article, for the query editor's live test.
struct TestHit {
  std::int64_t article_id = 0;
  std::string title;
  std::string link;
  std::string source;
  std::string language;
  std::int64_t published_at_ms = 0;
  QueryMatch match;
  std::string title_text;  // the texts the highlights point into
  std::string body_text;
};

// Who covers a country: the missions whose jurisdiction includes it (the directory's answer, refreshed now and
// then by the module).
using MissionsByCountry = std::map<std::string, std::vector<std::int64_t>>;
// For each country the mission primarily responsible for it (its embassy), else every mission covering it.
MissionsByCountry MissionsFrom(const std::vector<directory::CountryInfo>& countries);

class Pipeline {
 public:
  Pipeline(storage::Database& database, const Clock& clock, bus::Bus& bus, PipelineOptions options);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Loads recent stories and articles (for stories and live tests) and compiles the queries.
  Status Start();
  // Recompiles the standing queries from the database and swaps them in; ingestion goes on meanwhile.
  Status ReloadQueries();
  void SetMissions(MissionsByCountry missions);
  // Who covers which country, as last set.
  std::shared_ptr<const MissionsByCountry> missions() const {
    std::lock_guard lock(mutex_);
    return missions_;
  }

  Result<IngestReport> Ingest(const Source& source, std::vector<IncomingDocument> documents);

  // The query against the articles kept in memory, newest first; at most `limit` hits.
  std::vector<TestHit> Test(const NodePtr& query, std::size_t limit) const;

  // How many articles Test searches.
  std::size_t RecentCount() const {
    std::lock_guard lock(mutex_);
    return recent_.size();
  }
  const Matcher& matcher() const { return matcher_; }
  const Gazetteer& gazetteer() const { return *gazetteer_; }

 private:
  struct Prepared;
  struct RecentArticle;
  struct QueryInfo {
    std::int64_t unit_id = 0;
    std::int64_t owner_id = 0;
    std::string name;
    Visibility visibility = Visibility::kShared;
    Priority priority = Priority::kNormal;
  };
  using QueryInfos = std::map<std::int64_t, QueryInfo>;

  Prepared Prepare(const Source& source, IncomingDocument document) const;
  // Prepares every document into batch (as large), on the pool's threads and this one.
  void PrepareAll(const Source& source, std::vector<IncomingDocument>& documents, std::vector<Prepared>& batch) const;
  Status Store(storage::Transaction& transaction, const Source& source, std::vector<Prepared>& batch,
               const QueryInfos& queries, IngestReport& report, std::vector<std::string>& events);
  Result<std::int64_t> StoryOf(storage::Transaction& transaction, Prepared& article,
                               std::vector<std::pair<std::uint64_t, std::int64_t>>& new_stories);
  Status RaiseAlert(storage::Transaction& transaction, Alert alert, IngestReport& report,
                    std::vector<std::string>& events);

  storage::Database& database_;
  const Clock& clock_;
  bus::Bus& bus_;
  PipelineOptions options_;
  std::shared_ptr<const Gazetteer> gazetteer_;
  Matcher matcher_;
  StoryIndex stories_;

  mutable std::mutex mutex_;  // guards what follows
  std::shared_ptr<const QueryInfos> queries_;
  std::shared_ptr<const MissionsByCountry> missions_;
  std::deque<std::shared_ptr<const RecentArticle>> recent_;

  std::unique_ptr<boost::asio::thread_pool> prepare_pool_;  // null without prepare_threads; joined first
};

}  // namespace chancery::monitor
