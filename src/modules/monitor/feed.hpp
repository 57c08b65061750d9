// Feeds as the world publishes them: RSS (0.9x, 1.0, 2.0), Atom 1.0 and JSON Feed 1.1, read into items.
//
// Real feeds are messy, and a reader that gives up on them is no use: the XML is read with libxml2 in recovery
// mode (a broken end still yields the items before it), in whatever encoding the document declares (or its byte
// order mark, or the HTTP charset); HTML in titles and content is turned into text (entities decoded, scripts and
// styles dropped); links are made absolute against the item's or feed's base (xml:base, the feed URL); dates in
// RFC 822 (RSS, with the usual variants) and RFC 3339 (Atom, JSON Feed, dc:date) with their offsets become UTC; an
// item without a date has none (the caller uses the time it was fetched).
//
// Thread-safety: ParseFeed is safe to call from many threads (call InitFeedParsing once at start-up).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace chancery::monitor {

struct FeedItem {
  std::string key;    // for deduplication: the GUID / id, else the link, else a digest of title and text
  std::string title;  // text
  std::string link;   // absolute, or empty
  std::string text;   // the content (or summary) as text
  std::optional<std::int64_t> published_ms;
  std::string author;
  std::string language;  // the item's or feed's declared language ("vi", "en-GB"), lower case; may be empty
};

struct Feed {
  std::string format;  // "rss", "atom", "json"
  std::string title;
  std::string link;
  std::string language;
  std::vector<FeedItem> items;
};

inline constexpr std::size_t kMaxFeedItems = 1000;

// Prepares libxml2 for use from several threads; call once before any ParseFeed.
void InitFeedParsing();

// `content_type`: the HTTP Content-Type (may be empty); `url`: where the feed was fetched from, for relative links.
// kInvalidArgument when the body is neither a feed in XML nor a JSON Feed.
Result<Feed> ParseFeed(std::string_view body, std::string_view content_type, std::string_view url);

// HTML (a fragment or a page) as text: entities decoded, block elements on their own lines, scripts dropped.
std::string HtmlToText(std::string_view html);

// RFC 822 / RFC 1123 dates ("Tue, 10 Jun 2003 04:00:00 GMT", "+0700", missing weekday or seconds) and RFC 3339
// ("2026-11-28T09:15:00+07:00", fractions, "Z"), as Unix milliseconds UTC.
std::optional<std::int64_t> ParseFeedDate(std::string_view text);

}  // namespace chancery::monitor
