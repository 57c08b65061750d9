#include "modules/monitor/monitor_api.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "core/clock.hpp"
#include "modules/monitor/monitor_json.hpp"
#include "modules/monitor/poller.hpp"
#include "modules/monitor/query.hpp"
#include "net/json.hpp"

namespace chancery::monitor {
namespace {

namespace json = boost::json;
using identity::ContextOf;
using net::Method;
using net::Request;
using net::Respond;
using net::Response;
using net::RouteAccess;

Result<std::int64_t> PathId(const Request& request, const char* what) {
  std::optional<std::int64_t> id = request.PathId("id");
  if (!id) return NotFound(std::string("There is no ") + what + " " + request.PathParam("id") + ".");
  return *id;
}

Result<std::optional<std::int64_t>> QueryId(const Request& request, const char* name) {
  std::optional<std::string> text = request.Query(name);
  if (!text || text->empty()) return std::optional<std::int64_t>();
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value <= 0) {
    return InvalidArgument(std::string(name) + " is a positive integer.").WithField(name);
  }
  return std::optional<std::int64_t>(value);
}

// An optional text where "" means none (what the API returns for an unset field, so that a GET can be PUT back).
Result<std::string> OptionalText(const json::object& body, std::string_view key, std::size_t max_length) {
  const json::value* value = body.if_contains(key);
  if (value == nullptr || value->is_null() || (value->is_string() && value->as_string().empty())) return std::string();
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> text, net::OptionalString(body, key, max_length));
  return text.value_or("");
}

Result<SourceDraft> ParseSourceDraft(const json::object& body) {
  SourceDraft draft;
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::int64_t> unit, net::OptionalInt(body, "unit_id"));
  draft.unit_id = unit.value_or(0);
  CHANCERY_ASSIGN_OR_RETURN(draft.name, net::RequireString(body, "name", 40));
  CHANCERY_ASSIGN_OR_RETURN(draft.title, OptionalText(body, "title", 200));
  CHANCERY_ASSIGN_OR_RETURN(std::string kind, net::RequireString(body, "kind", 10));
  std::optional<SourceKind> parsed = ParseSourceKind(kind);
  if (!parsed) return InvalidArgument("kind is feed, push or replay.").WithField("/kind");
  draft.kind = *parsed;
  CHANCERY_ASSIGN_OR_RETURN(draft.url, OptionalText(body, "url", 2000));
  CHANCERY_ASSIGN_OR_RETURN(draft.country, OptionalText(body, "country", 2));
  CHANCERY_ASSIGN_OR_RETURN(draft.language, OptionalText(body, "language", 3));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::int64_t> interval, net::OptionalInt(body, "interval_seconds"));
  draft.interval_seconds = interval.value_or(900);
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::int64_t> rate, net::OptionalInt(body, "replay_rate"));
  draft.replay_rate = rate.value_or(0);
  CHANCERY_ASSIGN_OR_RETURN(std::optional<bool> enabled, net::OptionalBool(body, "enabled"));
  draft.enabled = enabled.value_or(true);
  return draft;
}

Result<TopicDraft> ParseTopicDraft(const json::object& body) {
  TopicDraft draft;
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::int64_t> unit, net::OptionalInt(body, "unit_id"));
  draft.unit_id = unit.value_or(0);
  CHANCERY_ASSIGN_OR_RETURN(draft.name, net::RequireString(body, "name", 100));
  CHANCERY_ASSIGN_OR_RETURN(draft.description, OptionalText(body, "description", 2000));
  return draft;
}

Result<QueryDraft> ParseQueryDraft(const json::object& body) {
  QueryDraft draft;
  CHANCERY_ASSIGN_OR_RETURN(draft.topic_id, net::RequireInt(body, "topic_id"));
  CHANCERY_ASSIGN_OR_RETURN(draft.name, net::RequireString(body, "name", 100));
  CHANCERY_ASSIGN_OR_RETURN(draft.text, net::RequireString(body, "text", kMaxQueryLength));
  CHANCERY_ASSIGN_OR_RETURN(std::string visibility, OptionalText(body, "visibility", 10));
  if (!visibility.empty()) {
    std::optional<Visibility> parsed = ParseVisibility(visibility);
    if (!parsed) return InvalidArgument("visibility is shared or private.").WithField("/visibility");
    draft.visibility = *parsed;
  }
  CHANCERY_ASSIGN_OR_RETURN(std::string priority, OptionalText(body, "priority", 10));
  if (!priority.empty()) {
    std::optional<Priority> parsed = ParsePriority(priority);
    if (!parsed) return InvalidArgument("priority is high, normal or low.").WithField("/priority");
    draft.priority = *parsed;
  }
  return draft;
}

json::object ArticleItemJson(const ArticleItem& item, bool with_body) {
  json::object object = ArticleToJson(item.article, item.source_name);
  if (!with_body) {
    std::string body = item.article.body;
    if (body.size() > 400) {
      std::size_t end = 400;
      while (end > 0 && (static_cast<unsigned char>(body[end]) & 0xC0) == 0x80) --end;
      body = body.substr(0, end) + "…";
    }
    object["body"] = body;
  }
  json::array matches;
  for (const ArticleMatch& match : item.matches) {
    boost::system::error_code error;
    json::value terms = json::parse(match.terms_json, error);
    matches.push_back(json::object{
        {"query_id", match.query_id},
        {"query_name", match.query_name},
        {"terms", error ? json::value(json::array{}) : terms},
        {"snippet", SnippetFromStored(match.highlights_json, item.article.title, item.article.body)},
    });
  }
  object["matches"] = std::move(matches);
  return object;
}

}  // namespace

void MonitorApi::RegisterRoutes(net::Router& router) {
  const auto route = [&](Method method, const char* pattern, Response (MonitorApi::*handler)(const Request&)) {
    router.Add(method, pattern, RouteAccess::kAuthenticated,
               [this, handler](Request& request) { return (this->*handler)(request); });
  };
  route(Method::kGet, "/api/v1/monitor/sources", &MonitorApi::ListSources);
  route(Method::kPost, "/api/v1/monitor/sources", &MonitorApi::CreateSource);
  route(Method::kGet, "/api/v1/monitor/sources/:id", &MonitorApi::GetSource);
  route(Method::kPut, "/api/v1/monitor/sources/:id", &MonitorApi::ReplaceSource);
  route(Method::kDelete, "/api/v1/monitor/sources/:id", &MonitorApi::DeleteSource);
  route(Method::kPost, "/api/v1/monitor/sources/:id/poll", &MonitorApi::PollSource);
  route(Method::kPost, "/api/v1/monitor/sources/:id/documents", &MonitorApi::PushDocuments);
  router.SetBodyLimit(Method::kPost, "/api/v1/monitor/sources/:id/documents", kMaxPushBodyBytes);
  route(Method::kGet, "/api/v1/monitor/topics", &MonitorApi::ListTopics);
  route(Method::kPost, "/api/v1/monitor/topics", &MonitorApi::CreateTopic);
  route(Method::kPut, "/api/v1/monitor/topics/:id", &MonitorApi::UpdateTopic);
  route(Method::kDelete, "/api/v1/monitor/topics/:id", &MonitorApi::DeleteTopic);
  route(Method::kGet, "/api/v1/monitor/queries", &MonitorApi::ListQueries);
  route(Method::kPost, "/api/v1/monitor/queries", &MonitorApi::CreateQuery);
  route(Method::kPost, "/api/v1/monitor/queries/test", &MonitorApi::TestQuery);
  route(Method::kGet, "/api/v1/monitor/queries/:id", &MonitorApi::GetQuery);
  route(Method::kPut, "/api/v1/monitor/queries/:id", &MonitorApi::ReplaceQuery);
  route(Method::kDelete, "/api/v1/monitor/queries/:id", &MonitorApi::DeleteQuery);
  route(Method::kGet, "/api/v1/monitor/queries/:id/versions", &MonitorApi::QueryVersions);
  route(Method::kPost, "/api/v1/monitor/queries/:id/restore", &MonitorApi::RestoreQuery);
  route(Method::kGet, "/api/v1/monitor/articles", &MonitorApi::ListArticles);
  route(Method::kGet, "/api/v1/monitor/articles/:id", &MonitorApi::GetArticle);
  route(Method::kGet, "/api/v1/monitor/activity", &MonitorApi::Activity);
  route(Method::kGet, "/api/v1/monitor/alerts", &MonitorApi::ListAlerts);
  route(Method::kGet, "/api/v1/monitor/alerts/:id", &MonitorApi::GetAlert);
  route(Method::kPost, "/api/v1/monitor/alerts/:id/acknowledge", &MonitorApi::AcknowledgeAlert);
  route(Method::kPost, "/api/v1/monitor/alerts/:id/assign", &MonitorApi::AssignAlert);
  route(Method::kPost, "/api/v1/monitor/alerts/:id/comments", &MonitorApi::CommentAlert);
  router.AddWebSocket("/api/v1/monitor/stream", RouteAccess::kAuthenticated, hub_.Factory());
}

// --- Sources

Response MonitorApi::ListSources(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<Source> sources, sources_.List(ContextOf(request)));
    json::array items;
    for (const Source& source : sources) items.push_back(SourceToJson(source));
    return net::Json(json::object{{"items", std::move(items)}});
  });
}

Response MonitorApi::CreateSource(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
    CHANCERY_ASSIGN_OR_RETURN(SourceDraft draft, ParseSourceDraft(body));
    CHANCERY_ASSIGN_OR_RETURN(Source source, sources_.Create(draft, ContextOf(request)));
    return net::Json(201, SourceToJson(source));
  });
}

Response MonitorApi::GetSource(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "source"));
    CHANCERY_ASSIGN_OR_RETURN(Source source, sources_.Get(id, ContextOf(request)));
    return net::Json(SourceToJson(source));
  });
}

Response MonitorApi::ReplaceSource(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "source"));
    CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
    CHANCERY_ASSIGN_OR_RETURN(SourceDraft draft, ParseSourceDraft(body));
    CHANCERY_ASSIGN_OR_RETURN(std::optional<std::int64_t> version, net::OptionalInt(body, "version"));
    CHANCERY_ASSIGN_OR_RETURN(Source source, sources_.Replace(id, version, draft, ContextOf(request)));
    return net::Json(SourceToJson(source));
  });
}

Response MonitorApi::DeleteSource(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "source"));
    CHANCERY_TRY(sources_.Delete(id, ContextOf(request)));
    return Response::NoContent();
  });
}

Response MonitorApi::PollSource(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "source"));
    CHANCERY_ASSIGN_OR_RETURN(Source source, sources_.PollNow(id, ContextOf(request)));
    return net::Json(202, SourceToJson(source));
  });
}

Response MonitorApi::PushDocuments(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "source"));
    CHANCERY_ASSIGN_OR_RETURN(Source source, sources_.ForPush(id, ContextOf(request)));
    CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
    const json::value* list = body.if_contains("documents");
    if (list == nullptr || !list->is_array() || list->as_array().empty() ||
        list->as_array().size() > kMaxPushDocuments) {
      return InvalidArgument("documents is an array of 1 to 500 documents.").WithField("/documents");
    }
    std::vector<IncomingDocument> documents;
    for (std::size_t i = 0; i < list->as_array().size(); ++i) {
      Result<IncomingDocument> document = DocumentFromJson(json::serialize(list->as_array()[i]));
      if (!document.ok()) {
        const std::string field = document.status().field().empty() ? "" : "/" + document.status().field();
        return InvalidArgument("Document " + std::to_string(i) + ": " + document.status().message() + ".")
            .WithField("/documents/" + std::to_string(i) + field);
      }
      documents.push_back(std::move(*document));
    }
    CHANCERY_ASSIGN_OR_RETURN(IngestReport report, intake_.Submit(source, std::move(documents)));
    if (report.queued) {
      // Stored in the cluster's stream; whichever node takes it matches it.
      return net::Json(202, json::object{{"received", report.received}, {"queued", true}});
    }
    json::array ids;
    for (std::int64_t article_id : report.article_ids) ids.push_back(article_id);
    return net::Json(202, json::object{{"queued", false},
                                       {"received", report.received},
                                       {"accepted", report.accepted},
                                       {"duplicates", report.duplicates},
                                       {"matches", report.matches},
                                       {"alerts", report.alerts},
                                       {"article_ids", std::move(ids)}});
  });
}

// --- Topics

Response MonitorApi::ListTopics(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<Topic> topics, queries_.ListTopics(ContextOf(request)));
    json::array items;
    for (const Topic& topic : topics) items.push_back(TopicToJson(topic));
    return net::Json(json::object{{"items", std::move(items)}});
  });
}

Response MonitorApi::CreateTopic(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
    CHANCERY_ASSIGN_OR_RETURN(TopicDraft draft, ParseTopicDraft(body));
    CHANCERY_ASSIGN_OR_RETURN(Topic topic, queries_.CreateTopic(draft, ContextOf(request)));
    return net::Json(201, TopicToJson(topic));
  });
}

Response MonitorApi::UpdateTopic(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "topic"));
    CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
    CHANCERY_ASSIGN_OR_RETURN(TopicDraft draft, ParseTopicDraft(body));
    CHANCERY_ASSIGN_OR_RETURN(Topic topic, queries_.UpdateTopic(id, draft, ContextOf(request)));
    return net::Json(TopicToJson(topic));
  });
}

Response MonitorApi::DeleteTopic(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "topic"));
    CHANCERY_TRY(queries_.DeleteTopic(id, ContextOf(request)));
    return Response::NoContent();
  });
}

// --- Queries

Response MonitorApi::ListQueries(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<QueryRecord> queries, queries_.List(ContextOf(request)));
    json::array items;
    for (const QueryRecord& query : queries) items.push_back(QueryToJson(query));
    return net::Json(json::object{{"items", std::move(items)}});
  });
}

Response MonitorApi::CreateQuery(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
    CHANCERY_ASSIGN_OR_RETURN(QueryDraft draft, ParseQueryDraft(body));
    CHANCERY_ASSIGN_OR_RETURN(QueryRecord query, queries_.Create(draft, ContextOf(request)));
    return net::Json(201, QueryToJson(query));
  });
}

Response MonitorApi::GetQuery(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "query"));
    CHANCERY_ASSIGN_OR_RETURN(QueryRecord query, queries_.Get(id, ContextOf(request)));
    return net::Json(QueryToJson(query));
  });
}

Response MonitorApi::ReplaceQuery(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "query"));
    CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
    CHANCERY_ASSIGN_OR_RETURN(QueryDraft draft, ParseQueryDraft(body));
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t version, net::RequireInt(body, "version"));
    CHANCERY_ASSIGN_OR_RETURN(QueryRecord query, queries_.Replace(id, version, draft, ContextOf(request)));
    return net::Json(QueryToJson(query));
  });
}

Response MonitorApi::DeleteQuery(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "query"));
    CHANCERY_TRY(queries_.Delete(id, ContextOf(request)));
    return Response::NoContent();
  });
}

Response MonitorApi::QueryVersions(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "query"));
    CHANCERY_ASSIGN_OR_RETURN(std::vector<QueryVersion> versions, queries_.Versions(id, ContextOf(request)));
    json::array items;
    for (const QueryVersion& version : versions) items.push_back(QueryVersionToJson(version));
    return net::Json(json::object{{"items", std::move(items)}});
  });
}

Response MonitorApi::RestoreQuery(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "query"));
    CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t version, net::RequireInt(body, "version"));
    CHANCERY_ASSIGN_OR_RETURN(QueryRecord query, queries_.Restore(id, version, ContextOf(request)));
    return net::Json(QueryToJson(query));
  });
}

Response MonitorApi::TestQuery(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_TRY(MayReadMonitor(queries_.authorizer(), ContextOf(request)));
    CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
    CHANCERY_ASSIGN_OR_RETURN(std::string text, net::RequireString(body, "text", kMaxQueryLength));
    CHANCERY_ASSIGN_OR_RETURN(std::optional<std::int64_t> limit, net::OptionalInt(body, "limit"));
    Result<NodePtr> parsed = ParseQuery(text);
    if (!parsed.ok()) {
      return InvalidArgument(parsed.status().message()).WithField("/text").WithReason("query_syntax");
    }
    const std::size_t wanted = static_cast<std::size_t>(std::clamp<std::int64_t>(limit.value_or(20), 1, 100));
    std::vector<TestHit> hits = pipeline_.Test(*parsed, wanted);
    json::array items;
    for (const TestHit& hit : hits) {
      items.push_back(json::object{{"article_id", hit.article_id},
                                   {"title", hit.title},
                                   {"link", hit.link},
                                   {"source", hit.source},
                                   {"language", hit.language},
                                   {"published_at", FormatIsoTime(hit.published_at_ms)},
                                   {"terms", TermsToJson(hit.match)},
                                   {"snippet", SnippetJson(hit.match, hit.title_text, hit.body_text)}});
    }
    return net::Json(json::object{
        {"canonical", ToString(**parsed)}, {"searched", pipeline_.RecentCount()}, {"items", std::move(items)}});
  });
}

// --- Articles

Response MonitorApi::ListArticles(const Request& request) {
  return Respond([&]() -> Result<Response> {
    ArticleFilter filter;
    CHANCERY_ASSIGN_OR_RETURN(filter.source_id, QueryId(request, "source_id"));
    CHANCERY_ASSIGN_OR_RETURN(filter.query_id, QueryId(request, "query_id"));
    CHANCERY_ASSIGN_OR_RETURN(filter.story_id, QueryId(request, "story_id"));
    CHANCERY_ASSIGN_OR_RETURN(filter.before_id, QueryId(request, "before"));
    if (auto country = request.Query("country"); country && !country->empty()) filter.country = *country;
    if (auto language = request.Query("language"); language && !language->empty()) filter.language = *language;
    if (auto q = request.Query("q"); q && !q->empty()) filter.q = *q;
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t limit, net::QueryInt(request, "limit", 50, 1, 200));
    filter.limit = static_cast<int>(limit);
    CHANCERY_ASSIGN_OR_RETURN(std::vector<ArticleItem> items, articles_.List(filter, ContextOf(request)));
    json::array array;
    for (const ArticleItem& item : items) array.push_back(ArticleItemJson(item, false));
    json::object reply{{"items", std::move(array)}};
    if (static_cast<int>(items.size()) == filter.limit) reply["next_before"] = items.back().article.id;
    return net::Json(reply);
  });
}

Response MonitorApi::GetArticle(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "article"));
    CHANCERY_ASSIGN_OR_RETURN(ArticleItem item, articles_.Get(id, ContextOf(request)));
    return net::Json(ArticleItemJson(item, true));
  });
}

Response MonitorApi::Activity(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t hours, net::QueryInt(request, "hours", 24, 1, 24 * 14));
    CHANCERY_ASSIGN_OR_RETURN(struct Activity activity,
                              articles_.ActivityOver(static_cast<int>(hours), ContextOf(request)));
    json::array buckets;
    for (const ActivityBucket& bucket : activity.buckets) {
      buckets.push_back(json::object{{"start", FormatIsoTime(bucket.start_ms)},
                                     {"articles", bucket.articles},
                                     {"stories", bucket.stories},
                                     {"matches", bucket.matches}});
    }
    json::array countries;
    for (const auto& [code, count] : activity.countries)
      countries.push_back(json::object{{"country", code}, {"articles", count}});
    json::array languages;
    for (const auto& [code, count] : activity.languages) {
      languages.push_back(json::object{{"language", code}, {"articles", count}});
    }
    json::array queries;
    for (const auto& [id, count] : activity.queries)
      queries.push_back(json::object{{"query_id", id}, {"matches", count}});
    return net::Json(json::object{{"from", FormatIsoTime(activity.from_ms)},
                                  {"bucket_seconds", activity.bucket_ms / 1000},
                                  {"buckets", std::move(buckets)},
                                  {"countries", std::move(countries)},
                                  {"languages", std::move(languages)},
                                  {"queries", std::move(queries)}});
  });
}

// --- Alerts

Response MonitorApi::ListAlerts(const Request& request) {
  return Respond([&]() -> Result<Response> {
    AlertFilter filter;
    if (auto state = request.Query("state"); state && !state->empty()) {
      if (*state != "open" && *state != "acknowledged") {
        return InvalidArgument("state is open or acknowledged.").WithField("state");
      }
      filter.open = *state == "open";
    }
    if (auto kind = request.Query("kind"); kind && !kind->empty()) {
      filter.kind = ParseAlertKind(*kind);
      if (!filter.kind) return InvalidArgument("kind is match, geo or burst.").WithField("kind");
    }
    CHANCERY_ASSIGN_OR_RETURN(filter.unit_id, QueryId(request, "unit_id"));
    CHANCERY_ASSIGN_OR_RETURN(filter.query_id, QueryId(request, "query_id"));
    CHANCERY_ASSIGN_OR_RETURN(filter.before_id, QueryId(request, "before"));
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t limit, net::QueryInt(request, "limit", 50, 1, 200));
    filter.limit = static_cast<int>(limit);
    CHANCERY_ASSIGN_OR_RETURN(std::vector<Alert> alerts, alerts_.List(filter, ContextOf(request)));
    json::array items;
    for (const Alert& alert : alerts) items.push_back(AlertToJson(alert));
    json::object reply{{"items", std::move(items)}};
    std::optional<std::int64_t> total;
    if (!filter.before_id) {  // the first page says how many there are in all
      CHANCERY_ASSIGN_OR_RETURN(total, alerts_.Count(filter, ContextOf(request)));
      reply["total"] = *total;
    }
    const auto shown = static_cast<std::int64_t>(alerts.size());
    if (shown == filter.limit && (!total || *total > shown)) reply["next_before"] = alerts.back().id;
    return net::Json(reply);
  });
}

Response MonitorApi::GetAlert(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "alert"));
    CHANCERY_ASSIGN_OR_RETURN(AlertDetail detail, alerts_.Get(id, ContextOf(request)));
    json::object object = AlertToJson(detail.alert);
    json::array comments;
    for (const AlertComment& comment : detail.comments) comments.push_back(CommentToJson(comment));
    object["comments"] = std::move(comments);
    return net::Json(object);
  });
}

Response MonitorApi::AcknowledgeAlert(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "alert"));
    CHANCERY_ASSIGN_OR_RETURN(Alert alert, alerts_.Acknowledge(id, ContextOf(request)));
    return net::Json(AlertToJson(alert));
  });
}

Response MonitorApi::AssignAlert(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "alert"));
    CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
    if (!body.contains("user_id")) return InvalidArgument("user_id is required (null: nobody).").WithField("/user_id");
    CHANCERY_ASSIGN_OR_RETURN(std::optional<std::int64_t> user, net::OptionalInt(body, "user_id"));
    CHANCERY_ASSIGN_OR_RETURN(Alert alert, alerts_.Assign(id, user, ContextOf(request)));
    return net::Json(AlertToJson(alert));
  });
}

Response MonitorApi::CommentAlert(const Request& request) {
  return Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, PathId(request, "alert"));
    CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
    CHANCERY_ASSIGN_OR_RETURN(std::string text, net::RequireString(body, "body", 4000));
    CHANCERY_ASSIGN_OR_RETURN(AlertComment comment, alerts_.Comment(id, text, ContextOf(request)));
    return net::Json(201, CommentToJson(comment));
  });
}

}  // namespace chancery::monitor
