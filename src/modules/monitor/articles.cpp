#include "modules/monitor/articles.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "modules/monitor/matcher.hpp"
#include "modules/monitor/query.hpp"
#include "modules/monitor/sources.hpp"
#include "storage/sql_text.hpp"

namespace chancery::monitor {
namespace {

using storage::FullTextDialect;
using storage::Row;
using storage::Rows;
using storage::Transaction;
using storage::Value;

constexpr std::string_view kArticleColumns =
    "a.id, a.source_id, a.story_id, a.title, a.link, a.body, a.author, a.language, a.country, a.countries, "
    "a.published_at, a.ingested_at, s.name FROM monitor_articles a JOIN monitor_sources s ON s.id = a.source_id";

ArticleItem ItemFromRow(const Row& row) {
  ArticleItem item;
  StoredArticle& article = item.article;
  article.id = row.Int(0);
  article.source_id = row.Int(1);
  article.story_id = row.Int(2);
  article.title = row.Text(3);
  article.link = row.Text(4);
  article.body = row.Text(5);
  article.author = row.Text(6);
  article.language = row.Text(7);
  article.country = row.Text(8);
  article.countries = storage::SplitList(row.Text(9));
  article.published_at_ms = row.Int(10);
  article.ingested_at_ms = row.Int(11);
  item.source_name = row.Text(12);
  return item;
}

struct Word {
  std::string text;
  bool prefix = false;
};

// Words of which every article the query matches holds at least one (nullopt: no such condition).
std::optional<std::vector<Word>> Needed(const Node& node) {
  switch (node.kind) {
    case NodeKind::kTerm:
    case NodeKind::kPhrase:
      if (node.words.empty()) return std::nullopt;
      return std::vector<Word>{{node.words.front(), false}};
    case NodeKind::kPrefix:
      if (node.words.empty()) return std::nullopt;
      return std::vector<Word>{{node.words.front(), true}};
    case NodeKind::kAnd:
    case NodeKind::kNear: {
      std::optional<std::vector<Word>> best;
      for (const auto& child : node.children) {
        auto needed = Needed(*child);
        if (needed && (!best || needed->size() < best->size())) best = std::move(needed);
      }
      return best;
    }
    case NodeKind::kOr: {
      std::vector<Word> all;
      for (const auto& child : node.children) {
        auto needed = Needed(*child);
        if (!needed) return std::nullopt;
        all.insert(all.end(), needed->begin(), needed->end());
      }
      return all;
    }
    case NodeKind::kNot:
    case NodeKind::kFact: return std::nullopt;
  }
  return std::nullopt;
}

bool IsIndexable(const std::string& word) {
  return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || byte >= 0x80;
  });
}

// The full-text condition for the words, or nullopt when they cannot be expressed (the caller scans instead).
std::optional<std::string> FullTextMatch(const std::vector<Word>& words, FullTextDialect dialect) {
  std::string match;
  for (const Word& word : words) {
    if (!IsIndexable(word.text)) return std::nullopt;
    if (dialect == FullTextDialect::kFts5) {
      match += (match.empty() ? "\"" : " OR \"") + word.text + (word.prefix ? "\"*" : "\"");
    } else {
      match += (match.empty() ? "" : " | ") + word.text + (word.prefix ? ":*" : "");
    }
  }
  return match;
}

}  // namespace

Status IndexArticle(Transaction& transaction, FullTextDialect dialect, std::int64_t article_id,
                    const std::string& folded_text) {
  switch (dialect) {
    case FullTextDialect::kFts5:
      return transaction
          .Execute("INSERT INTO monitor_article_search (rowid, folded_text) VALUES (?, ?)", {article_id, folded_text})
          .status();
    case FullTextDialect::kTsvector:
      return transaction
          .Execute("INSERT INTO monitor_article_search (article_id, folded_text) VALUES (?, ?)",
                   {article_id, folded_text})
          .status();
    case FullTextDialect::kNone: return Status::Ok();
  }
  return Status::Ok();
}

ArticlesService::ArticlesService(storage::Database& database, const Clock& clock,
                                 const identity::Authorizer& authorizer, QueriesService& queries)
    : database_(database), clock_(clock), authorizer_(authorizer), queries_(queries) {}

Result<std::vector<ArticleItem>> ArticlesService::Load(Transaction& transaction, const std::string& where,
                                                       const std::vector<Value>& params, int limit) {
  std::vector<Value> all = params;
  all.emplace_back(static_cast<std::int64_t>(limit));
  CHANCERY_ASSIGN_OR_RETURN(Rows rows, transaction.Query("SELECT " + std::string(kArticleColumns) + " WHERE " + where +
                                                             " ORDER BY a.id DESC LIMIT ?",
                                                         all));
  std::vector<ArticleItem> items;
  for (const Row& row : rows) items.push_back(ItemFromRow(row));
  return items;
}

Status ArticlesService::AttachMatches(Transaction& transaction, std::vector<ArticleItem>& items,
                                      const Principal& actor) {
  if (items.empty()) return Status::Ok();
  std::vector<Value> ids;
  std::map<std::int64_t, ArticleItem*> by_id;
  for (ArticleItem& item : items) {
    ids.emplace_back(item.article.id);
    by_id[item.article.id] = &item;
  }
  CHANCERY_ASSIGN_OR_RETURN(
      Rows rows,
      transaction.Query("SELECT m.article_id, m.query_id, q.name, m.terms, m.highlights, q.visibility, q.owner_id "
                        "FROM monitor_matches m JOIN monitor_queries q ON q.id = m.query_id WHERE m.article_id IN (" +
                            storage::Placeholders(ids.size()) + ") ORDER BY m.query_id",
                        ids));
  for (const Row& row : rows) {
    if (row.Text(5) == "private" && row.Int(6) != actor.user_id) continue;
    by_id[row.Int(0)]->matches.push_back(ArticleMatch{
        .query_id = row.Int(1), .query_name = row.Text(2), .terms_json = row.Text(3), .highlights_json = row.Text(4)});
  }
  return Status::Ok();
}

Result<std::vector<ArticleItem>> ArticlesService::List(const ArticleFilter& filter,
                                                       const identity::ActionContext& context) {
  CHANCERY_TRY(MayReadMonitor(authorizer_, context));
  std::string where = "1 = 1";
  std::vector<Value> params;
  if (filter.source_id) {
    where += " AND a.source_id = ?";
    params.emplace_back(*filter.source_id);
  }
  if (filter.story_id) {
    where += " AND a.story_id = ?";
    params.emplace_back(*filter.story_id);
  }
  if (filter.query_id) {
    CHANCERY_TRY(queries_.Get(*filter.query_id, context).status());
    where += " AND a.id IN (SELECT article_id FROM monitor_matches WHERE query_id = ?)";
    params.emplace_back(*filter.query_id);
  }
  if (filter.country) {
    where += " AND (a.country = ? OR (';' || a.countries || ';') LIKE ?)";
    params.emplace_back(*filter.country);
    params.emplace_back("%;" + *filter.country + ";%");
  }
  if (filter.language) {
    where += " AND a.language = ?";
    params.emplace_back(*filter.language);
  }
  if (filter.before_id) {
    where += " AND a.id < ?";
    params.emplace_back(*filter.before_id);
  }
  std::shared_ptr<const QuerySet> verifier;
  int fetch = filter.limit;
  if (filter.q) {
    Result<NodePtr> parsed = ParseQuery(*filter.q);
    if (!parsed.ok()) return InvalidArgument(parsed.status().message()).WithField("q").WithReason("query_syntax");
    CHANCERY_ASSIGN_OR_RETURN(verifier, QuerySet::Compile({StandingQuery{.id = 1, .root = *parsed}}));
    const FullTextDialect dialect = database_.capabilities().full_text;
    std::optional<std::vector<Word>> needed = Needed(**parsed);
    std::optional<std::string> match = needed ? FullTextMatch(*needed, dialect) : std::nullopt;
    if (match && dialect == FullTextDialect::kFts5) {
      where += " AND a.id IN (SELECT rowid FROM monitor_article_search WHERE monitor_article_search MATCH ?)";
      params.emplace_back(*match);
    } else if (match && dialect == FullTextDialect::kTsvector) {
      where += " AND a.id IN (SELECT article_id FROM monitor_article_search WHERE document @@ to_tsquery('simple', ?))";
      params.emplace_back(*match);
    }
    fetch = kMaxSearchCandidates;
  }
  return storage::ReadValue(
      database_, "monitor_articles.list", [&](Transaction& transaction) -> Result<std::vector<ArticleItem>> {
        std::vector<ArticleItem> items;
        if (!verifier) {
          CHANCERY_ASSIGN_OR_RETURN(items, Load(transaction, where, params, fetch));
        } else {
          // Candidates in pages, verified one by one, until enough hits or the candidate budget is spent.
          std::vector<Value> page_params = params;
          std::optional<std::int64_t> before;
          int seen = 0;
          while (static_cast<int>(items.size()) < filter.limit && seen < kMaxSearchCandidates) {
            std::string page_where = where;
            page_params = params;
            if (before) {
              page_where += " AND a.id < ?";
              page_params.emplace_back(*before);
            }
            CHANCERY_ASSIGN_OR_RETURN(std::vector<ArticleItem> page, Load(transaction, page_where, page_params, 500));
            if (page.empty()) break;
            for (ArticleItem& item : page) {
              ++seen;
              before = item.article.id;
              Article article{.title = Normalize(item.article.title),
                              .body = Normalize(item.article.body),
                              .lang = item.article.language,
                              .country = item.article.country,
                              .source = item.source_name};
              for (char& c : article.country) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
              if (verifier->Match(article).empty()) continue;
              items.push_back(std::move(item));
              if (static_cast<int>(items.size()) >= filter.limit) break;
            }
          }
        }
        CHANCERY_TRY(AttachMatches(transaction, items, *context.actor));
        return items;
      });
}

Result<ArticleItem> ArticlesService::Get(std::int64_t article_id, const identity::ActionContext& context) {
  CHANCERY_TRY(MayReadMonitor(authorizer_, context));
  CHANCERY_ASSIGN_OR_RETURN(
      std::vector<ArticleItem> items,
      storage::ReadValue(
          database_, "monitor_articles.get", [&](Transaction& transaction) -> Result<std::vector<ArticleItem>> {
            CHANCERY_ASSIGN_OR_RETURN(std::vector<ArticleItem> found, Load(transaction, "a.id = ?", {article_id}, 1));
            CHANCERY_TRY(AttachMatches(transaction, found, *context.actor));
            return found;
          }));
  if (items.empty()) return NotFound("There is no article " + std::to_string(article_id) + ".");
  return std::move(items.front());
}

Result<Activity> ArticlesService::ActivityOver(int hours, const identity::ActionContext& context) {
  CHANCERY_TRY(MayReadMonitor(authorizer_, context));
  Activity activity;
  activity.bucket_ms = 3600LL * 1000;
  const std::int64_t now_ms = clock_.NowMs();
  activity.from_ms = (now_ms / activity.bucket_ms - hours + 1) * activity.bucket_ms;
  for (int i = 0; i < hours; ++i) activity.buckets.push_back({.start_ms = activity.from_ms + i * activity.bucket_ms});
  CHANCERY_ASSIGN_OR_RETURN(std::vector<QueryRecord> readable, queries_.List(context));
  std::set<std::int64_t> readable_ids;
  for (const QueryRecord& query : readable) readable_ids.insert(query.id);
  CHANCERY_TRY(database_.Read("monitor_articles.activity", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Rows rows,
                              transaction.Query("SELECT ingested_at, story_id, country, countries, language FROM "
                                                "monitor_articles WHERE ingested_at >= ?",
                                                {activity.from_ms}));
    std::map<std::string, int> countries;
    std::map<std::string, int> languages;
    std::vector<std::set<std::int64_t>> stories(activity.buckets.size());
    for (const Row& row : rows) {
      const auto bucket = static_cast<std::size_t>((row.Int(0) - activity.from_ms) / activity.bucket_ms);
      if (bucket >= activity.buckets.size()) continue;
      ++activity.buckets[bucket].articles;
      stories[bucket].insert(row.Int(1));
      std::set<std::string> touched;
      if (!row.Text(2).empty()) touched.insert(row.Text(2));
      for (std::string& country : storage::SplitList(row.Text(3))) touched.insert(std::move(country));
      for (const std::string& country : touched) ++countries[country];
      if (!row.Text(4).empty()) ++languages[row.Text(4)];
    }
    for (std::size_t i = 0; i < stories.size(); ++i) activity.buckets[i].stories = static_cast<int>(stories[i].size());
    CHANCERY_ASSIGN_OR_RETURN(Rows matches, transaction.Query("SELECT matched_at, query_id FROM monitor_matches "
                                                              "WHERE matched_at >= ?",
                                                              {activity.from_ms}));
    std::map<std::int64_t, int> per_query;
    for (const Row& row : matches) {
      if (!readable_ids.contains(row.Int(1))) continue;
      const auto bucket = static_cast<std::size_t>((row.Int(0) - activity.from_ms) / activity.bucket_ms);
      if (bucket < activity.buckets.size()) ++activity.buckets[bucket].matches;
      ++per_query[row.Int(1)];
    }
    auto by_count = [](const auto& a, const auto& b) { return a.second > b.second; };
    activity.countries.assign(countries.begin(), countries.end());
    std::stable_sort(activity.countries.begin(), activity.countries.end(), by_count);
    activity.languages.assign(languages.begin(), languages.end());
    std::stable_sort(activity.languages.begin(), activity.languages.end(), by_count);
    activity.queries.assign(per_query.begin(), per_query.end());
    std::stable_sort(activity.queries.begin(), activity.queries.end(), by_count);
    if (activity.queries.size() > 20) activity.queries.resize(20);
    return Status::Ok();
  }));
  return activity;
}

Result<int> ArticlesService::Purge(std::int64_t before_ms) {
  int purged = 0;
  CHANCERY_TRY(database_.Write("monitor_articles.purge", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        Rows rows,
        transaction.Query("SELECT id FROM monitor_articles WHERE ingested_at < ? ORDER BY id LIMIT 5000", {before_ms}));
    purged = static_cast<int>(rows.size());
    if (rows.empty()) return Status::Ok();
    std::vector<Value> ids;
    for (const Row& row : rows) ids.emplace_back(row.Int(0));
    const std::string in = "(" + storage::Placeholders(ids.size()) + ")";
    const bool fts5 = database_.capabilities().full_text == FullTextDialect::kFts5;
    CHANCERY_TRY(transaction
                     .Execute(std::string("DELETE FROM monitor_article_search WHERE ") +
                                  (fts5 ? "rowid" : "article_id") + " IN " + in,
                              ids)
                     .status());
    CHANCERY_TRY(transaction.Execute("DELETE FROM monitor_matches WHERE article_id IN " + in, ids).status());
    CHANCERY_TRY(transaction.Execute("DELETE FROM monitor_articles WHERE id IN " + in, ids).status());
    CHANCERY_TRY(transaction.Execute("DELETE FROM monitor_story_keys WHERE first_at < ?", {before_ms}).status());
    CHANCERY_TRY(
        transaction.Execute("DELETE FROM monitor_key_minutes WHERE minute < ?", {before_ms / kBurstMinuteMs}).status());
    return transaction.Execute("DELETE FROM monitor_stories WHERE last_seen_at < ?", {before_ms}).status();
  }));
  return purged;
}

}  // namespace chancery::monitor
