#include "modules/monitor/pipeline.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <exception>
#include <latch>
#include <set>
#include <thread>

#include "core/crypto.hpp"
#include "modules/monitor/alerts.hpp"
#include "modules/monitor/articles.hpp"
#include "modules/monitor/language.hpp"
#include "modules/monitor/monitor_json.hpp"
#include "modules/monitor/query.hpp"
#include "storage/sql_text.hpp"

namespace chancery::monitor {

namespace json = boost::json;
using storage::Row;
using storage::Rows;
using storage::Transaction;

struct Pipeline::Prepared {
  std::string item_key;
  std::string content_key;
  std::string link;
  std::string author;
  std::string language;
  std::string country;
  std::vector<std::string> countries;
  std::int64_t published_ms = 0;
  std::uint64_t simhash = 0;
  NormalizedText title;
  NormalizedText body;
  std::vector<QueryMatch> matches;
  std::int64_t article_id = 0;
  std::int64_t story_id = 0;
};

struct Pipeline::RecentArticle {
  std::int64_t id = 0;
  std::string link;
  std::string source;
  std::int64_t published_ms = 0;
  Article article;
};

namespace {

constexpr std::int64_t kStoryWindowMs = 48LL * 3600 * 1000;
const int kStoryDistance = StoryIndexOptions{}.max_distance;

// The first bytes of a UTF-8 text, cut at a character boundary.
std::string Truncate(std::string text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text;
}

std::string PrimaryLanguage(std::string code) {
  for (char& c : code) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (std::size_t dash = code.find_first_of("-_"); dash != std::string::npos) code.resize(dash);
  return code.size() >= 2 && code.size() <= 3 ? code : std::string();
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

MissionsByCountry MissionsFrom(const std::vector<directory::CountryInfo>& countries) {
  MissionsByCountry missions;
  for (const directory::CountryInfo& country : countries) {
    if (country.primary_mission_id) {
      missions[country.code] = {*country.primary_mission_id};
    } else if (!country.missions.empty()) {
      missions[country.code] = country.missions;
    }
  }
  return missions;
}

Pipeline::Pipeline(storage::Database& database, const Clock& clock, bus::Bus& bus, PipelineOptions options)
    : database_(database),
      clock_(clock),
      bus_(bus),
      options_(options),
      gazetteer_(Gazetteer::Build()),
      stories_(StoryIndexOptions{.window_ms = kStoryWindowMs}),
      queries_(std::make_shared<QueryInfos>()),
      missions_(std::make_shared<MissionsByCountry>()),
      prepare_pool_(options_.prepare_threads > 0 ? std::make_unique<boost::asio::thread_pool>(options_.prepare_threads)
                                                 : nullptr) {}

Pipeline::~Pipeline() {
  if (prepare_pool_ != nullptr) prepare_pool_->join();
}

unsigned DefaultPrepareThreads() {
  const unsigned cores = std::thread::hardware_concurrency();
  return std::min(3u, cores > 1 ? cores - 1 : 0u);
}

Status Pipeline::Start() {
  const std::int64_t now_ms = clock_.NowMs();
  CHANCERY_TRY(database_.Read("monitor.load_stories", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        Rows rows, transaction.Query("SELECT id, simhash, last_seen_at FROM monitor_stories WHERE last_seen_at >= ?",
                                     {now_ms - kStoryWindowMs}));
    for (const Row& row : rows) stories_.Add(static_cast<std::uint64_t>(row.Int(1)), row.Int(2), row.Int(0));
    return Status::Ok();
  }));
  CHANCERY_TRY(database_.Read("monitor.load_recent", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        Rows rows,
        transaction.Query(
            "SELECT a.id, a.title, a.body, a.language, a.country, s.name, a.link, a.published_at "
            "FROM monitor_articles a JOIN monitor_sources s ON s.id = a.source_id ORDER BY a.id DESC LIMIT ?",
            {static_cast<std::int64_t>(options_.recent_articles)}));
    std::lock_guard lock(mutex_);
    for (const Row& row : rows) {
      auto recent = std::make_shared<RecentArticle>();
      recent->id = row.Int(0);
      recent->article.title = Normalize(row.Text(1));
      recent->article.body = Normalize(row.Text(2));
      recent->article.lang = row.Text(3);
      recent->article.country = Lower(row.Text(4));
      recent->article.source = row.Text(5);
      recent->link = row.Text(6);
      recent->published_ms = row.Int(7);
      recent_.push_back(std::move(recent));  // newest first
    }
    return Status::Ok();
  }));
  return ReloadQueries();
}

Status Pipeline::ReloadQueries() {
  auto infos = std::make_shared<QueryInfos>();
  std::vector<StandingQuery> compiled;
  CHANCERY_TRY(database_.Read("monitor.load_queries", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Rows rows,
                              transaction.Query("SELECT id, unit_id, owner_id, name, query_text, visibility, priority "
                                                "FROM monitor_queries WHERE archived_at IS NULL"));
    for (const Row& row : rows) {
      Result<NodePtr> parsed = ParseQuery(row.Text(4));
      if (!parsed.ok()) {
        spdlog::warn("monitor: query {} does not parse and is skipped: {}", row.Int(0), parsed.status().message());
        continue;
      }
      compiled.push_back(StandingQuery{.id = row.Int(0), .root = *parsed});
      (*infos)[row.Int(0)] = QueryInfo{.unit_id = row.Int(1),
                                       .owner_id = row.Int(2),
                                       .name = row.Text(3),
                                       .visibility = ParseVisibility(row.Text(5)).value_or(Visibility::kPrivate),
                                       .priority = ParsePriority(row.Text(6)).value_or(Priority::kNormal)};
    }
    return Status::Ok();
  }));
  CHANCERY_TRY(matcher_.Replace(std::move(compiled)));
  std::lock_guard lock(mutex_);
  queries_ = std::move(infos);
  return Status::Ok();
}

void Pipeline::SetMissions(MissionsByCountry missions) {
  auto shared = std::make_shared<const MissionsByCountry>(std::move(missions));
  std::lock_guard lock(mutex_);
  missions_ = std::move(shared);
}

Pipeline::Prepared Pipeline::Prepare(const Source& source, IncomingDocument document) const {
  Prepared prepared;
  std::string title = Truncate(std::move(document.title), 2000);
  std::string body = Truncate(std::move(document.text), options_.max_body_bytes);
  prepared.title = Normalize(title);
  prepared.body = Normalize(body);
  prepared.link = Truncate(std::move(document.link), 2000);
  prepared.author = Truncate(std::move(document.author), 400);
  prepared.language = PrimaryLanguage(!document.language.empty() ? document.language : source.language);
  if (prepared.language.empty()) {
    prepared.language = DetectLanguage(prepared.title.source + "\n" + prepared.body.source).code;
  }
  prepared.country = Upper(!document.country.empty() ? document.country : source.country);
  if (prepared.country.size() != 2) prepared.country.clear();
  const std::string key = !document.key.empty() ? document.key : prepared.link;
  prepared.content_key = crypto::Sha256Hex(prepared.title.folded + "\n" + prepared.body.folded);
  prepared.item_key = key.empty() ? prepared.content_key : crypto::Sha256Hex(key);
  prepared.published_ms = document.published_ms.value_or(0);
  prepared.simhash = SimHash(prepared.title, prepared.body);
  for (const CountryMention& mention : gazetteer_->Find(prepared.title, prepared.body)) {
    prepared.countries.push_back(mention.country);
  }
  Article article{.title = prepared.title,
                  .body = prepared.body,
                  .lang = prepared.language,
                  .country = Lower(prepared.country),
                  .source = source.name};
  prepared.matches = matcher_.Current()->Match(article);
  return prepared;
}

void Pipeline::PrepareAll(const Source& source, std::vector<IncomingDocument>& documents,
                          std::vector<Prepared>& batch) const {
  const std::size_t count = documents.size();
  // At least 8 articles a part: fewer are not worth the hand-over.
  const std::size_t parts =
      prepare_pool_ == nullptr ? 1 : std::clamp<std::size_t>(count / 8, 1, options_.prepare_threads + 1);
  // Part p takes every parts-th article from p on (long and short articles alike); part 0 is this thread's. The pool's
  // threads are long-lived, so that their matching scratch (sized for the query set) stays allocated.
  const auto prepare_part = [&](std::size_t part) {
    for (std::size_t i = part; i < count; i += parts) batch[i] = Prepare(source, std::move(documents[i]));
  };
  if (parts <= 1) {
    prepare_part(0);
    return;
  }
  std::latch done(static_cast<std::ptrdiff_t>(parts - 1));
  std::vector<std::exception_ptr> failures(parts);
  for (std::size_t part = 1; part < parts; ++part) {
    boost::asio::post(*prepare_pool_, [&, part] {
      try {
        prepare_part(part);
      } catch (...) {
        failures[part] = std::current_exception();
      }
      done.count_down();
    });
  }
  try {
    prepare_part(0);
  } catch (...) {
    failures[0] = std::current_exception();
  }
  done.wait();
  for (const std::exception_ptr& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
}

Result<IngestReport> Pipeline::Ingest(const Source& source, std::vector<IncomingDocument> documents) {
  IngestReport report;
  report.received = static_cast<int>(documents.size());
  std::vector<Prepared> batch(documents.size());
  PrepareAll(source, documents, batch);
  std::shared_ptr<const QueryInfos> queries;
  {
    std::lock_guard lock(mutex_);
    queries = queries_;
  }
  std::vector<std::string> events;
  CHANCERY_TRY(database_.Write("monitor.ingest", [&](Transaction& transaction) -> Status {
    report = IngestReport{.received = report.received};
    events.clear();
    for (Prepared& article : batch) article.article_id = 0;
    return Store(transaction, source, batch, *queries, report, events);
  }));
  // Committed: the stories join the index, the articles the live-test window, the events the bus.
  std::lock_guard lock(mutex_);
  for (const Prepared& article : batch) {
    if (article.article_id == 0) continue;
    stories_.Assign(article.simhash, clock_.NowMs(), article.story_id);  // every copy: grouping is single-link
    auto recent = std::make_shared<RecentArticle>();
    recent->id = article.article_id;
    recent->link = article.link;
    recent->source = source.name;
    recent->published_ms = article.published_ms;
    recent->article = Article{.title = article.title,
                              .body = article.body,
                              .lang = article.language,
                              .country = Lower(article.country),
                              .source = source.name};
    recent_.push_front(std::move(recent));
    if (recent_.size() > options_.recent_articles) recent_.pop_back();
  }
  for (std::string& event : events) {
    if (Status published = bus_.Publish(kLiveSubject, std::move(event)); !published.ok()) {
      spdlog::warn("monitor: live event not published: {}", published.ToString());
    }
  }
  return report;
}

Result<std::int64_t> Pipeline::StoryOf(Transaction& transaction, Prepared& article,
                                       std::vector<std::pair<std::uint64_t, std::int64_t>>& new_stories) {
  const std::int64_t now_ms = clock_.NowMs();
  std::optional<std::int64_t> story = stories_.Find(article.simhash, now_ms);
  if (!story) {
    // Stories started earlier in this batch are not in the index yet (it learns them at commit).
    for (const auto& [simhash, id] : new_stories) {
      if (HammingDistance(simhash, article.simhash) <= kStoryDistance) story = id;
    }
  }
  if (story) {
    CHANCERY_TRY(transaction
                     .Execute("UPDATE monitor_stories SET articles = articles + 1, last_seen_at = ? WHERE id = ?",
                              {now_ms, *story})
                     .status());
    return *story;
  }
  CHANCERY_ASSIGN_OR_RETURN(
      Row row, transaction.QueryOne(
                   "INSERT INTO monitor_stories (simhash, title, articles, first_seen_at, last_seen_at) "
                   "VALUES (?, ?, 1, ?, ?) RETURNING id",
                   {static_cast<std::int64_t>(article.simhash), Truncate(article.title.source, 400), now_ms, now_ms}));
  new_stories.emplace_back(article.simhash, row.Int(0));
  return row.Int(0);
}

Status Pipeline::RaiseAlert(Transaction& transaction, Alert alert, IngestReport& report,
                            std::vector<std::string>& events) {
  CHANCERY_ASSIGN_OR_RETURN(bool inserted, InsertAlert(transaction, alert));
  if (!inserted) return Status::Ok();  // raised before (this story, this unit)
  ++report.alerts;
  events.push_back(AlertEvent("alert", alert));
  return Status::Ok();
}

namespace {

// Burst counting (burst_watch.hpp sums the minutes): a story first seen for a burst key (monitor_story_keys) counts
// once, in the minute it was seen; a batch's counts go to monitor_key_minutes together, one row per key.
Status CountStory(Transaction& transaction, const std::string& key, std::int64_t story_id, std::int64_t now_ms,
                  std::map<std::string, std::int64_t>& counted) {
  CHANCERY_ASSIGN_OR_RETURN(std::int64_t inserted,
                            transaction.Execute("INSERT INTO monitor_story_keys (burst_key, story_id, first_at) "
                                                "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                                                {key, story_id, now_ms}));
  if (inserted > 0) ++counted[key];
  return Status::Ok();
}

Status AddStoryCounts(Transaction& transaction, const std::map<std::string, std::int64_t>& counted,
                      std::int64_t now_ms) {
  for (const auto& [key, stories] : counted) {
    CHANCERY_TRY(transaction
                     .Execute("INSERT INTO monitor_key_minutes (burst_key, minute, stories) VALUES (?, ?, ?) "
                              "ON CONFLICT (burst_key, minute) DO UPDATE SET stories = monitor_key_minutes.stories + ?",
                              {key, now_ms / kBurstMinuteMs, stories, stories})
                     .status());
  }
  return Status::Ok();
}

}  // namespace

Status Pipeline::Store(Transaction& transaction, const Source& source, std::vector<Prepared>& batch,
                       const QueryInfos& queries, IngestReport& report, std::vector<std::string>& events) {
  const std::int64_t now_ms = clock_.NowMs();
  const std::shared_ptr<const MissionsByCountry> missions = this->missions();
  std::vector<std::pair<std::uint64_t, std::int64_t>> new_stories;
  std::map<std::string, std::int64_t> counted;  // burst keys → stories first seen in this batch
  for (Prepared& article : batch) {
    const std::int64_t published_ms =
        article.published_ms > 0 && article.published_ms <= now_ms + 3600000 ? article.published_ms : now_ms;
    CHANCERY_ASSIGN_OR_RETURN(
        std::optional<Row> inserted,
        transaction.QueryOptional(
            "INSERT INTO monitor_articles (source_id, item_key, content_key, story_id, title, link, body, author, "
            "language, country, countries, published_at, ingested_at) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING RETURNING id",
            {source.id, article.item_key, article.content_key, article.title.source, article.link, article.body.source,
             article.author, article.language, article.country, storage::JoinList(article.countries), published_ms,
             now_ms}));
    if (!inserted) {
      ++report.duplicates;
      continue;
    }
    article.article_id = inserted->Int(0);
    article.published_ms = published_ms;
    ++report.accepted;
    report.article_ids.push_back(article.article_id);
    CHANCERY_ASSIGN_OR_RETURN(article.story_id, StoryOf(transaction, article, new_stories));
    CHANCERY_TRY(
        transaction
            .Execute("UPDATE monitor_articles SET story_id = ? WHERE id = ?", {article.story_id, article.article_id})
            .status());
    // The story's countries, for the burst watch: the ones the article names most (not its source's: a Vietnamese
    // paper's every story is not news about Vietnam), each counted at the story's first article naming it.
    for (std::size_t i = 0; i < article.countries.size() && i < options_.max_geo_countries; ++i) {
      CHANCERY_TRY(CountStory(transaction, "country:" + article.countries[i], article.story_id, now_ms, counted));
    }

    std::set<std::int64_t> geo_units;
    json::array geo_queries;
    for (const QueryMatch& match : article.matches) {
      auto info = queries.find(match.query_id);
      if (info == queries.end()) continue;  // deleted since the matcher was compiled
      ++report.matches;
      CHANCERY_TRY(
          CountStory(transaction, "query:" + std::to_string(match.query_id), article.story_id, now_ms, counted));
      const std::string terms = json::serialize(TermsToJson(match));
      const std::string highlights = json::serialize(HighlightsToJson(match));
      CHANCERY_TRY(transaction
                       .Execute("INSERT INTO monitor_matches (article_id, query_id, story_id, terms, highlights, "
                                "matched_at) VALUES (?, ?, ?, ?, ?, ?)",
                                {article.article_id, match.query_id, article.story_id, terms, highlights, now_ms})
                       .status());
      const bool is_private = info->second.visibility == Visibility::kPrivate;
      json::object summary =
          ArticleSummaryJson(article.article_id, article.story_id, source, article.title.source, article.link,
                             article.language, article.country, article.countries, published_ms);
      json::object snippet = SnippetJson(match, article.title.source, article.body.source);
      events.push_back(json::serialize(
          json::object{{"type", "match"},
                       {"unit_id", info->second.unit_id},
                       {"private_to", is_private ? json::value(info->second.owner_id) : json::value(nullptr)},
                       {"query", json::object{{"id", match.query_id}, {"name", info->second.name}}},
                       {"article", summary},
                       {"terms", TermsToJson(match)},
                       {"snippet", snippet}}));
      if (info->second.priority != Priority::kLow) {
        Alert alert{.kind = AlertKind::kMatch,
                    .unit_id = info->second.unit_id,
                    .private_to = is_private ? std::optional<std::int64_t>(info->second.owner_id) : std::nullopt,
                    .query_id = match.query_id,
                    .article_id = article.article_id,
                    .story_id = article.story_id,
                    .country = article.countries.empty() ? article.country : article.countries.front(),
                    .priority = info->second.priority,
                    .title = Truncate(article.title.source, 400),
                    .detail_json = json::serialize(json::object{{"query_name", info->second.name},
                                                                {"terms", TermsToJson(match)},
                                                                {"snippet", snippet},
                                                                {"source", source.name},
                                                                {"link", article.link}}),
                    .dedup_key = "match:" + std::to_string(match.query_id) + ":" + std::to_string(article.story_id),
                    .created_at_ms = now_ms};
        if (info->second.priority == Priority::kHigh) alert.ack_deadline_ms = now_ms + options_.high_priority_ack_ms;
        CHANCERY_TRY(RaiseAlert(transaction, std::move(alert), report, events));
      }
      if (!is_private && info->second.priority != Priority::kLow) {
        geo_queries.push_back(json::object{{"id", match.query_id}, {"name", info->second.name}});
        geo_units.insert(info->second.unit_id);
      }
    }
    if (geo_queries.empty()) continue;
    // Which missions' jurisdiction the article touches: its source's country and the countries it names most.
    std::vector<std::string> touched;
    if (!article.country.empty()) touched.push_back(article.country);
    for (const std::string& country : article.countries) {
      if (touched.size() > options_.max_geo_countries) break;
      if (std::find(touched.begin(), touched.end(), country) == touched.end()) touched.push_back(country);
    }
    std::set<std::int64_t> alerted;
    for (const std::string& country : touched) {
      auto covering = missions->find(country);
      if (covering == missions->end()) continue;
      for (std::int64_t mission : covering->second) {
        if (geo_units.contains(mission) || !alerted.insert(mission).second) continue;
        Alert alert{
            .kind = AlertKind::kGeo,
            .unit_id = mission,
            .article_id = article.article_id,
            .story_id = article.story_id,
            .country = country,
            .priority = Priority::kNormal,
            .title = Truncate(article.title.source, 400),
            .detail_json = json::serialize(json::object{
                {"queries", geo_queries}, {"country", country}, {"source", source.name}, {"link", article.link}}),
            .dedup_key = "geo:" + std::to_string(mission) + ":" + std::to_string(article.story_id),
            .created_at_ms = now_ms};
        CHANCERY_TRY(RaiseAlert(transaction, std::move(alert), report, events));
      }
    }
  }
  CHANCERY_TRY(AddStoryCounts(transaction, counted, now_ms));
  CHANCERY_TRY(transaction
                   .Execute("UPDATE monitor_sources SET items_total = items_total + ? WHERE id = ?",
                            {static_cast<std::int64_t>(report.accepted), source.id})
                   .status());
  // The archive's full-text rows last: SQLite's FTS5 writes its pending terms out at every statement savepoint in the
  // transaction after them (each alert's INSERT ... ON CONFLICT opens one), which cost more than the rest of the
  // batch together; written last, they are written out once, at commit.
  for (const Prepared& article : batch) {
    if (article.article_id == 0) continue;  // a duplicate
    CHANCERY_TRY(IndexArticle(transaction, database_.capabilities().full_text, article.article_id,
                              article.title.folded + article.body.folded));
  }
  return Status::Ok();
}

std::vector<TestHit> Pipeline::Test(const NodePtr& query, std::size_t limit) const {
  std::vector<TestHit> hits;
  Result<std::shared_ptr<const QuerySet>> set = QuerySet::Compile({StandingQuery{.id = 1, .root = query}});
  if (!set.ok()) return hits;
  std::deque<std::shared_ptr<const RecentArticle>> recent;
  {
    std::lock_guard lock(mutex_);
    recent = recent_;
  }
  for (const auto& article : recent) {
    std::vector<QueryMatch> matches = (*set)->Match(article->article);
    if (matches.empty()) continue;
    hits.push_back(TestHit{.article_id = article->id,
                           .title = article->article.title.source,
                           .link = article->link,
                           .source = article->source,
                           .language = article->article.lang,
                           .published_at_ms = article->published_ms,
                           .match = std::move(matches.front()),
                           .title_text = article->article.title.source,
                           .body_text = article->article.body.source});
    if (hits.size() >= limit) break;
  }
  return hits;
}

}  // namespace chancery::monitor
