// Feeds as they come: RSS, Atom and JSON Feed, in legacy encodings, with HTML entities and markup, relative links,
// missing or odd dates, and broken endings. Every expected item arrives with the right title, link, date and
// language.
#include "modules/monitor/feed.hpp"

#include <gtest/gtest.h>

#include "core/clock.hpp"

namespace chancery::monitor {
namespace {

class FeedTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { InitFeedParsing(); }
};

std::int64_t Utc(const char* iso) { return ParseIsoTimeUtc(iso).value_or(-1); }

TEST_F(FeedTest, Rss2WithEntitiesMarkupRelativeLinksAndMissingDates) {
  const std::string rss = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Báo Thế giới &amp; Việt Nam</title>
  <link>https://baoquocte.vn/</link>
  <language>vi-VN</language>
  <item>
    <title>Đại sứ quán hỗ trợ công dân&nbsp;sau bão</title>
    <link>/dai-su-quan-ho-tro-123.html</link>
    <guid isPermaLink="false">bqt-123</guid>
    <description><![CDATA[<p>Đại sứ quán <b>đã</b> thiết lập đường dây nóng.</p><script>track()</script>]]></description>
    <pubDate>Sat, 28 Nov 2026 09:15:00 +0700</pubDate>
    <dc:creator>Phóng viên</dc:creator>
  </item>
  <item>
    <title>Second &lt;b&gt;item&lt;/b&gt; without a date</title>
    <link> https://baoquocte.vn/second.html </link>
    <description>Plain &amp;amp; escaped &lt;i&gt;HTML&lt;/i&gt; with&amp;nbsp;spaces</description>
  </item>
  <item>
    <title>Third</title>
    <content:encoded><![CDATA[<div>Full text wins over the description.</div>]]></content:encoded>
    <description>Short</description>
    <dc:date>2026-11-27T23:00:00Z</dc:date>
  </item>
</channel>
</rss>)";
  Result<Feed> feed = ParseFeed(rss, "application/rss+xml", "https://baoquocte.vn/rss/home.rss");
  ASSERT_TRUE(feed.ok()) << feed.status().ToString();
  EXPECT_EQ(feed->format, "rss");
  EXPECT_EQ(feed->title, "Báo Thế giới & Việt Nam");
  EXPECT_EQ(feed->language, "vi-vn");
  ASSERT_EQ(feed->items.size(), 3u);
  const FeedItem& first = feed->items[0];
  EXPECT_EQ(first.title, "Đại sứ quán hỗ trợ công dân sau bão");
  EXPECT_EQ(first.link, "https://baoquocte.vn/dai-su-quan-ho-tro-123.html");
  EXPECT_EQ(first.key, "bqt-123");
  EXPECT_EQ(first.text, "Đại sứ quán đã thiết lập đường dây nóng.");
  EXPECT_EQ(first.published_ms, Utc("2026-11-28T02:15:00Z"));
  EXPECT_EQ(first.author, "Phóng viên");
  EXPECT_EQ(first.language, "vi-vn");
  const FeedItem& second = feed->items[1];
  EXPECT_EQ(second.title, "Second item without a date");
  EXPECT_EQ(second.link, "https://baoquocte.vn/second.html");
  EXPECT_EQ(second.key, "https://baoquocte.vn/second.html") << "no GUID: the link";
  EXPECT_FALSE(second.published_ms.has_value());
  EXPECT_EQ(second.text, "Plain & escaped HTML with spaces");
  EXPECT_EQ(feed->items[2].text, "Full text wins over the description.");
  EXPECT_EQ(feed->items[2].published_ms, Utc("2026-11-27T23:00:00Z"));
  EXPECT_EQ(feed->items[2].key.rfind("sha256:", 0), 0u) << "no GUID, no link: a digest";
}

TEST_F(FeedTest, DeclaredLegacyEncodingsAreRead) {
  // windows-1252: "Café – naïve" ; ISO-8859-1 through the HTTP charset when the document declares none.
  const std::string cp1252 =
      "<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss><channel><item><title>Caf\xe9 \x96 "
      "na\xefve</title><link>https://example.org/a</link></item></channel></rss>";
  Result<Feed> feed = ParseFeed(cp1252, "text/xml", "https://example.org/feed");
  ASSERT_TRUE(feed.ok()) << feed.status().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].title, "Café – naïve");
  const std::string latin1 = "<rss><channel><item><title>S\xe3o Paulo</title></item></channel></rss>";
  Result<Feed> from_http = ParseFeed(latin1, "application/rss+xml; charset=ISO-8859-1", "https://example.org/");
  ASSERT_TRUE(from_http.ok()) << from_http.status().ToString();
  EXPECT_EQ(from_http->items.at(0).title, "São Paulo");
  // UTF-16 with a byte order mark.
  std::string utf16 = "\xff\xfe";
  for (char c : std::string("<rss><channel><item><title>Hi</title></item></channel></rss>")) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  Result<Feed> wide = ParseFeed(utf16, "", "https://example.org/");
  ASSERT_TRUE(wide.ok()) << wide.status().ToString();
  EXPECT_EQ(wide->items.at(0).title, "Hi");
}

TEST_F(FeedTest, ABrokenEndStillYieldsTheItemsBeforeIt) {
  const std::string broken = R"(<rss><channel><item><title>One</title><link>https://e.org/1</link></item>
<item><title>Two &amp; a half</title><link>https://e.org/2</link></item>
<item><title>Thr)";
  Result<Feed> feed = ParseFeed(broken, "application/rss+xml", "https://e.org/");
  ASSERT_TRUE(feed.ok()) << feed.status().ToString();
  ASSERT_GE(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].title, "One");
  EXPECT_EQ(feed->items[1].title, "Two & a half");
}

TEST_F(FeedTest, AtomWithXmlBaseXhtmlContentAndLanguages) {
  const std::string atom = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en" xml:base="https://www.mofa.gov.vn/en/">
  <title type="html">MOFA &lt;em&gt;News&lt;/em&gt;</title>
  <link rel="self" href="https://www.mofa.gov.vn/en/atom.xml"/>
  <link href="/en/news"/>
  <entry xml:lang="vi">
    <title>Thông cáo báo chí</title>
    <link rel="enclosure" href="files/photo.jpg"/>
    <link rel="alternate" href="press/2026-11-28"/>
    <id>tag:mofa.gov.vn,2026:press-1</id>
    <updated>2026-11-28T10:00:00+07:00</updated>
    <published>2026-11-28T08:30:00.250+07:00</published>
    <author><name>Vụ Thông tin Báo chí</name></author>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Người phát ngôn <strong>trả lời</strong>.</p><p>Đoạn hai.</p></div></content>
  </entry>
  <entry>
    <title>Second</title>
    <link href="https://other.example/x"/>
    <id>urn:uuid:2</id>
    <updated>2026-11-27T10:00:00Z</updated>
    <summary type="text">A summary only.</summary>
  </entry>
</feed>)";
  Result<Feed> feed = ParseFeed(atom, "application/atom+xml", "https://www.mofa.gov.vn/en/atom.xml");
  ASSERT_TRUE(feed.ok()) << feed.status().ToString();
  EXPECT_EQ(feed->format, "atom");
  EXPECT_EQ(feed->title, "MOFA News");
  EXPECT_EQ(feed->link, "https://www.mofa.gov.vn/en/news");
  EXPECT_EQ(feed->language, "en");
  ASSERT_EQ(feed->items.size(), 2u);
  const FeedItem& first = feed->items[0];
  EXPECT_EQ(first.link, "https://www.mofa.gov.vn/en/press/2026-11-28") << "the alternate link, against xml:base";
  EXPECT_EQ(first.key, "tag:mofa.gov.vn,2026:press-1");
  EXPECT_EQ(first.published_ms, Utc("2026-11-28T01:30:00.250Z")) << "published, not updated";
  EXPECT_EQ(first.author, "Vụ Thông tin Báo chí");
  EXPECT_EQ(first.text, "Người phát ngôn trả lời.\nĐoạn hai.");
  EXPECT_EQ(first.language, "vi");
  EXPECT_EQ(feed->items[1].language, "en") << "inherited from the feed";
  EXPECT_EQ(feed->items[1].text, "A summary only.");
  EXPECT_EQ(feed->items[1].published_ms, Utc("2026-11-27T10:00:00Z")) << "updated, when nothing else";
}

TEST_F(FeedTest, JsonFeed) {
  const std::string json = R"({
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Consular notices",
    "home_page_url": "https://lanhsuvietnam.gov.vn/",
    "language": "vi",
    "items": [
      {"id": "n-1", "url": "/thong-bao/1", "title": "Thông báo <b>mới</b>",
       "content_html": "<p>Giờ làm việc &ndash; thứ Hai</p>", "date_published": "2026-11-28T09:00:00+07:00",
       "authors": [{"name": "Cục Lãnh sự"}]},
      {"id": 2, "content_text": "  text   only ", "date_modified": "2026-11-28T03:00:00Z", "language": "en"},
      "not an object"
    ]})";
  Result<Feed> feed = ParseFeed(json, "application/feed+json", "https://lanhsuvietnam.gov.vn/feed.json");
  ASSERT_TRUE(feed.ok()) << feed.status().ToString();
  EXPECT_EQ(feed->format, "json");
  ASSERT_EQ(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].title, "Thông báo mới");
  EXPECT_EQ(feed->items[0].link, "https://lanhsuvietnam.gov.vn/thong-bao/1");
  EXPECT_EQ(feed->items[0].text, "Giờ làm việc – thứ Hai");
  EXPECT_EQ(feed->items[0].published_ms, Utc("2026-11-28T02:00:00Z"));
  EXPECT_EQ(feed->items[0].author, "Cục Lãnh sự");
  EXPECT_EQ(feed->items[0].language, "vi");
  EXPECT_EQ(feed->items[1].key, "2");
  EXPECT_EQ(feed->items[1].text, "text only");
  EXPECT_EQ(feed->items[1].language, "en");
}

TEST_F(FeedTest, WhatIsNotAFeedIsRefusedClearly) {
  EXPECT_EQ(ParseFeed("", "application/rss+xml", "https://e.org/").status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(ParseFeed("<html><body>Not a feed</body></html>", "text/html", "https://e.org/").ok());
  EXPECT_FALSE(ParseFeed("{\"version\": \"1\"}", "application/json", "https://e.org/").ok());
  EXPECT_FALSE(ParseFeed("{ broken", "application/json", "https://e.org/").ok());
  // No external entities, ever: the file is not read and the feed still parses.
  const std::string xxe = R"(<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>a &x; b</title></item></channel></rss>)";
  Result<Feed> feed = ParseFeed(xxe, "application/rss+xml", "https://e.org/");
  ASSERT_TRUE(feed.ok());
  EXPECT_EQ(feed->items.at(0).title.find("root:"), std::string::npos);
}

TEST_F(FeedTest, DatesInTheFormsFeedsUse) {
  EXPECT_EQ(ParseFeedDate("Sat, 28 Nov 2026 09:15:00 GMT"), Utc("2026-11-28T09:15:00Z"));
  EXPECT_EQ(ParseFeedDate("28 Nov 2026 09:15:00 +0700"), Utc("2026-11-28T02:15:00Z"));
  EXPECT_EQ(ParseFeedDate("Sat, 28 Nov 2026 09:15 EST"), Utc("2026-11-28T14:15:00Z"));
  EXPECT_EQ(ParseFeedDate("2026-11-28T09:15:00-05:00"), Utc("2026-11-28T14:15:00Z"));
  EXPECT_EQ(ParseFeedDate("2026-11-28 09:15:00Z"), Utc("2026-11-28T09:15:00Z"));
  EXPECT_EQ(ParseFeedDate("2026-11-28"), Utc("2026-11-28"));
  EXPECT_FALSE(ParseFeedDate("yesterday").has_value());
  EXPECT_FALSE(ParseFeedDate("").has_value());
}

TEST_F(FeedTest, HtmlBecomesReadableText) {
  EXPECT_EQ(HtmlToText("<p>One&nbsp;two</p><p>Three &eacute; &#8211; &#x1EA1;</p><style>p{}</style>"),
            "One two\nThree é – ạ");
  EXPECT_EQ(HtmlToText("no markup   at all"), "no markup at all");
  EXPECT_EQ(HtmlToText("<ul><li>a</li><li>b</li></ul>broken <b>tag"), "a\nb\nbroken tag");
}

}  // namespace
}  // namespace chancery::monitor
