// The article archive: listing, reading and searching what the monitor has ingested, stories, activity counts for
// the console's charts and map, and retention.
//
// Rules: articles are published news, so whoever holds monitor_read somewhere reads them all; the matches shown
// with an article are those of queries the reader may read (shared ones, and their own private ones). Archive search
// takes the standing-query language: the words of the query narrow the candidates through the full-text index
// (SQLite FTS5 / PostgreSQL tsvector, accent-insensitive), and each candidate is then verified exactly by the
// matcher, so the archive answers a query as the live stream would have. A query with no word to look for (only
// facts, e.g. `lang:vi`) is verified on the newest kMaxSearchCandidates articles.
//
// Thread-safety: safe for concurrent use; calls block on the database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/status.hpp"
#include "modules/identity/authz.hpp"
#include "modules/identity/identity.hpp"
#include "modules/monitor/monitor.hpp"
#include "modules/monitor/queries.hpp"
#include "storage/database.hpp"

namespace chancery::monitor {

inline constexpr int kMaxSearchCandidates = 5000;

// Adds the article's folded text to the full-text index.
Status IndexArticle(storage::Transaction& transaction, storage::FullTextDialect dialect, std::int64_t article_id,
                    const std::string& folded_text);

struct ArticleFilter {
  std::optional<std::int64_t> source_id;
  std::optional<std::int64_t> query_id;
  std::optional<std::int64_t> story_id;
  std::optional<std::string> country;  // the source's or a mentioned country
  std::optional<std::string> language;
  std::optional<std::string> q;  // the query language
  std::optional<std::int64_t> before_id;
  int limit = 50;
};

struct ArticleMatch {
  std::int64_t query_id = 0;
  std::string query_name;
  std::string terms_json;
  std::string highlights_json;
};

struct ArticleItem {
  StoredArticle article;
  std::string source_name;
  std::vector<ArticleMatch> matches;  // those of queries the reader may read
};

struct ActivityBucket {
  std::int64_t start_ms = 0;
  int articles = 0;
  int stories = 0;
  int matches = 0;
};

struct Activity {
  std::int64_t from_ms = 0;
  std::int64_t bucket_ms = 0;
  std::vector<ActivityBucket> buckets;
  std::vector<std::pair<std::string, int>> countries;  // mentioned or source countries: articles
  std::vector<std::pair<std::string, int>> languages;
  std::vector<std::pair<std::int64_t, int>> queries;  // readable queries: matches
};

class ArticlesService {
 public:
  ArticlesService(storage::Database& database, const Clock& clock, const identity::Authorizer& authorizer,
                  QueriesService& queries);

  // Newest first. kInvalidArgument (field "q") when the query does not parse.
  Result<std::vector<ArticleItem>> List(const ArticleFilter& filter, const identity::ActionContext& context);
  Result<ArticleItem> Get(std::int64_t article_id, const identity::ActionContext& context);
  // Counts per hour over the last `hours`, and the top countries, languages and queries.
  Result<Activity> ActivityOver(int hours, const identity::ActionContext& context);
  // Deletes articles ingested before `before_ms` with their matches and index rows, and stories seen before it.
  Result<int> Purge(std::int64_t before_ms);

 private:
  Result<std::vector<ArticleItem>> Load(storage::Transaction& transaction, const std::string& where,
                                        const std::vector<storage::Value>& params, int limit);
  Status AttachMatches(storage::Transaction& transaction, std::vector<ArticleItem>& items, const Principal& actor);

  storage::Database& database_;
  const Clock& clock_;
  const identity::Authorizer& authorizer_;
  QueriesService& queries_;
};

}  // namespace chancery::monitor
