#include "modules/monitor/monitor_json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "core/clock.hpp"

namespace chancery::monitor {
namespace {

namespace json = boost::json;

json::value OptionalTime(const std::optional<std::int64_t>& ms) {
  return ms ? json::value(FormatIsoTime(*ms)) : json::value(nullptr);
}
json::value OptionalInt(const std::optional<std::int64_t>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}
json::value OptionalText(const std::optional<std::string>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

bool IsContinuation(std::string_view text, std::size_t at) {
  return at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80;
}

constexpr std::size_t kSnippetBefore = 120;
constexpr std::size_t kSnippetLength = 320;

json::object Snippet(std::string_view part_name, std::string_view text,
                     const std::vector<std::pair<std::uint32_t, std::uint32_t>>& spans) {
  std::size_t start = spans.empty() || spans.front().first < kSnippetBefore ? 0 : spans.front().first - kSnippetBefore;
  while (start > 0 && IsContinuation(text, start)) --start;
  // Start at a word boundary when one is near.
  if (start > 0) {
    std::size_t space = text.find(' ', start);
    if (space != std::string_view::npos && (spans.empty() || space < spans.front().first)) start = space + 1;
  }
  std::size_t end = std::min(text.size(), start + kSnippetLength);
  while (end < text.size() && IsContinuation(text, end)) ++end;
  const std::string before = start > 0 ? "…" : "";
  std::string excerpt = before + std::string(text.substr(start, end - start)) + (end < text.size() ? "…" : "");
  // Marks in bytes of the excerpt, past the leading ellipsis.
  json::array marks;
  for (const auto& [from, to] : spans) {
    if (from < start || to > end) continue;
    marks.push_back(json::array{static_cast<std::int64_t>(from - start + before.size()),
                                static_cast<std::int64_t>(to - start + before.size())});
  }
  return json::object{{"part", part_name}, {"text", std::move(excerpt)}, {"marks", std::move(marks)}};
}

json::object SnippetOf(const std::vector<Highlight>& highlights, std::string_view title, std::string_view body) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> body_spans;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> title_spans;
  for (const Highlight& highlight : highlights) {
    (highlight.part == Part::kBody ? body_spans : title_spans).emplace_back(highlight.start, highlight.end);
  }
  std::sort(body_spans.begin(), body_spans.end());
  std::sort(title_spans.begin(), title_spans.end());
  if (!body_spans.empty() || title_spans.empty()) return Snippet("body", body, body_spans);
  return Snippet("title", title, title_spans);
}

}  // namespace

json::object SourceToJson(const Source& source) {
  return json::object{
      {"id", source.id},
      {"unit_id", source.unit_id},
      {"name", source.name},
      {"title", source.title},
      {"kind", SourceKindName(source.kind)},
      {"url", source.url},
      {"country", source.country},
      {"language", source.language},
      {"interval_seconds", source.interval_seconds},
      {"replay_rate", source.replay_rate},
      {"enabled", source.enabled},
      {"version", source.version},
      {"created_at", FormatIsoTime(source.created_at_ms)},
      {"updated_at", FormatIsoTime(source.updated_at_ms)},
      {"health", json::object{{"next_poll_at", source.kind == SourceKind::kPush || source.next_poll_at_ms >= kNeverMs
                                                   ? json::value(nullptr)
                                                   : json::value(FormatIsoTime(source.next_poll_at_ms))},
                              {"finished", source.kind == SourceKind::kReplay && source.next_poll_at_ms >= kNeverMs},
                              {"last_polled_at", OptionalTime(source.last_polled_at_ms)},
                              {"last_success_at", OptionalTime(source.last_success_at_ms)},
                              {"last_status", OptionalInt(source.last_status)},
                              {"last_error", OptionalText(source.last_error)},
                              {"failures", source.failures},
                              {"items_total", source.items_total},
                              {"replay_position", source.replay_position},
                              {"state", !source.enabled             ? "disabled"
                                        : source.failures >= 3      ? "failing"
                                        : source.failures > 0       ? "degraded"
                                        : source.last_success_at_ms ? "ok"
                                                                    : "pending"}}}};
}

json::object TopicToJson(const Topic& topic) {
  return json::object{{"id", topic.id},
                      {"unit_id", topic.unit_id},
                      {"name", topic.name},
                      {"description", topic.description},
                      {"created_by", topic.created_by},
                      {"created_at", FormatIsoTime(topic.created_at_ms)}};
}

json::object QueryToJson(const QueryRecord& query) {
  return json::object{{"id", query.id},
                      {"topic_id", query.topic_id},
                      {"unit_id", query.unit_id},
                      {"owner_id", query.owner_id},
                      {"name", query.name},
                      {"text", query.text},
                      {"visibility", VisibilityName(query.visibility)},
                      {"priority", PriorityName(query.priority)},
                      {"version", query.version},
                      {"created_at", FormatIsoTime(query.created_at_ms)},
                      {"updated_at", FormatIsoTime(query.updated_at_ms)},
                      {"updated_by", query.updated_by}};
}

json::object QueryVersionToJson(const QueryVersion& version) {
  return json::object{{"version", version.version},
                      {"change", version.change},
                      {"topic_id", version.topic_id},
                      {"name", version.name},
                      {"text", version.text},
                      {"visibility", VisibilityName(version.visibility)},
                      {"priority", PriorityName(version.priority)},
                      {"changed_by", version.changed_by},
                      {"changed_at", FormatIsoTime(version.changed_at_ms)}};
}

json::object AlertToJson(const Alert& alert) {
  json::value detail;
  boost::system::error_code error;
  detail = json::parse(alert.detail_json, error);
  if (error) detail = json::object{};
  return json::object{{"id", alert.id},
                      {"kind", AlertKindName(alert.kind)},
                      {"unit_id", alert.unit_id},
                      {"private", alert.private_to.has_value()},
                      {"query_id", OptionalInt(alert.query_id)},
                      {"article_id", OptionalInt(alert.article_id)},
                      {"story_id", OptionalInt(alert.story_id)},
                      {"country", alert.country},
                      {"priority", PriorityName(alert.priority)},
                      {"title", alert.title},
                      {"detail", std::move(detail)},
                      {"state", alert.acknowledged ? "acknowledged" : "open"},
                      {"assigned_to", OptionalInt(alert.assigned_to)},
                      {"created_at", FormatIsoTime(alert.created_at_ms)},
                      {"ack_deadline", OptionalTime(alert.ack_deadline_ms)},
                      {"acknowledged_by", OptionalInt(alert.acknowledged_by)},
                      {"acknowledged_at", OptionalTime(alert.acknowledged_at_ms)},
                      {"escalation_level", alert.escalation_level},
                      {"escalated_at", OptionalTime(alert.escalated_at_ms)}};
}

json::object CommentToJson(const AlertComment& comment) {
  return json::object{{"id", comment.id},
                      {"author_id", comment.author_id},
                      {"body", comment.body},
                      {"created_at", FormatIsoTime(comment.created_at_ms)}};
}

json::object ArticleToJson(const StoredArticle& article, std::string_view source_name) {
  json::array countries;
  for (const std::string& country : article.countries) countries.emplace_back(country);
  return json::object{{"id", article.id},
                      {"source_id", article.source_id},
                      {"source", source_name},
                      {"story_id", article.story_id},
                      {"title", article.title},
                      {"link", article.link},
                      {"body", article.body},
                      {"author", article.author},
                      {"language", article.language},
                      {"country", article.country},
                      {"countries", std::move(countries)},
                      {"published_at", FormatIsoTime(article.published_at_ms)},
                      {"ingested_at", FormatIsoTime(article.ingested_at_ms)}};
}

json::object ArticleSummaryJson(std::int64_t article_id, std::int64_t story_id, const Source& source,
                                std::string_view title, std::string_view link, std::string_view language,
                                std::string_view country, const std::vector<std::string>& countries,
                                std::int64_t published_ms) {
  json::array mentioned;
  for (const std::string& code : countries) mentioned.emplace_back(code);
  return json::object{{"id", article_id},
                      {"story_id", story_id},
                      {"source_id", source.id},
                      {"source", source.name},
                      {"title", title},
                      {"link", link},
                      {"language", language},
                      {"country", country},
                      {"countries", std::move(mentioned)},
                      {"published_at", FormatIsoTime(published_ms)}};
}

json::array TermsToJson(const QueryMatch& match) {
  json::array terms;
  for (const std::string& term : match.terms) terms.emplace_back(term);
  return terms;
}

json::array HighlightsToJson(const QueryMatch& match) {
  json::array highlights;
  for (const Highlight& highlight : match.highlights) {
    highlights.push_back(json::object{{"part", highlight.part == Part::kTitle ? "title" : "body"},
                                      {"start", highlight.start},
                                      {"end", highlight.end}});
  }
  return highlights;
}

json::object SnippetJson(const QueryMatch& match, std::string_view title, std::string_view body) {
  return SnippetOf(match.highlights, title, body);
}

json::object SnippetFromStored(std::string_view highlights_json, std::string_view title, std::string_view body) {
  std::vector<Highlight> highlights;
  boost::system::error_code error;
  json::value parsed = json::parse(highlights_json, error);
  if (!error && parsed.is_array()) {
    for (const json::value& item : parsed.as_array()) {
      const json::object* object = item.if_object();
      if (object == nullptr || !object->contains("start") || !object->contains("end")) continue;
      const std::int64_t start = object->at("start").to_number<std::int64_t>();
      const std::int64_t end = object->at("end").to_number<std::int64_t>();
      const bool in_title = object->contains("part") && object->at("part") == "title";
      const std::size_t limit = in_title ? title.size() : body.size();
      if (start < 0 || end < start || static_cast<std::size_t>(end) > limit) continue;
      highlights.push_back(Highlight{.part = in_title ? Part::kTitle : Part::kBody,
                                     .start = static_cast<std::uint32_t>(start),
                                     .end = static_cast<std::uint32_t>(end)});
    }
  }
  return SnippetOf(highlights, title, body);
}

}  // namespace chancery::monitor
