// The monitor's records as JSON for the API and the live stream (shapes in docs/api.md and openapi.json).
//
// Thread-safety: free functions without shared state.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "modules/monitor/matcher.hpp"
#include "modules/monitor/monitor.hpp"

namespace chancery::monitor {

boost::json::object SourceToJson(const Source& source);
boost::json::object TopicToJson(const Topic& topic);
boost::json::object QueryToJson(const QueryRecord& query);
boost::json::object QueryVersionToJson(const QueryVersion& version);
boost::json::object AlertToJson(const Alert& alert);
boost::json::object CommentToJson(const AlertComment& comment);
boost::json::object ArticleToJson(const StoredArticle& article, std::string_view source_name);

// The few fields the live stream and alert lists need.
boost::json::object ArticleSummaryJson(std::int64_t article_id, std::int64_t story_id, const Source& source,
                                       std::string_view title, std::string_view link, std::string_view language,
                                       std::string_view country, const std::vector<std::string>& countries,
                                       std::int64_t published_ms);

boost::json::array TermsToJson(const QueryMatch& match);
// [{"part":"title"|"body","start":n,"end":n}] in bytes of the part's text.
boost::json::array HighlightsToJson(const QueryMatch& match);
// A short excerpt around the first highlight of the body (or the title when the body has none):
// {"part", "text", "marks": [[start, end], ...]} with marks in bytes of "text", cut at character boundaries.
boost::json::object SnippetJson(const QueryMatch& match, std::string_view title, std::string_view body);
// The same from stored highlights (the JSON HighlightsToJson wrote).
boost::json::object SnippetFromStored(std::string_view highlights_json, std::string_view title, std::string_view body);

}  // namespace chancery::monitor
