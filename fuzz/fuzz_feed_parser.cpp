// libFuzzer target: raw bytes → the feed parser (RSS, Atom, JSON Feed through libxml2's recovering parser and
// Boost.JSON), under each of the content types feeds come with.
//
// Invariants: nothing crashes; a parse fails only with kInvalidArgument; every item has a key and at most
// kMaxFeedItems items come back; every link is empty or absolute.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "modules/monitor/feed.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool initialised = [] {
    chancery::monitor::InitFeedParsing();
    return true;
  }();
  (void)initialised;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  for (const char* type : {"application/rss+xml; charset=windows-1252", "application/feed+json", ""}) {
    auto feed = chancery::monitor::ParseFeed(body, type, "https://example.org/news/feed.xml");
    if (!feed.ok()) {
      if (feed.status().code() != chancery::StatusCode::kInvalidArgument) std::abort();
      continue;
    }
    if (feed->items.size() > chancery::monitor::kMaxFeedItems) std::abort();
    for (const auto& item : feed->items) {
      if (item.key.empty()) std::abort();
      if (!item.link.empty() && item.link.find(':') == std::string::npos) std::abort();
    }
  }
  return 0;
}
