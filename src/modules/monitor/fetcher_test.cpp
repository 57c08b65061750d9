// Fetching feeds: the address guard refuses internal addresses (also behind a redirect) unless their range was
// allowed; conditional GET, compression, redirects, size limits and HTTP errors against a real local HTTP server.
#include "modules/monitor/fetcher.hpp"

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <map>

#include "support/local_http_server.hpp"

namespace chancery::monitor {
namespace {

using testing::HttpRequest;
using testing::HttpResponse;
using testing::LocalHttpServer;

const std::string kFeed = "<rss><channel><item><title>Hello</title></item></channel></rss>";
const std::string kGzipped(
    "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xb3\x29\x2a\x2e\xb6\xb3\x49\xce\x48\xcc\xcb\x4b\xcd\xb1\xb3\xc9\x2c"
    "\x49\xcd\xb5\xb3\x29\xc9\x2c\xc9\x49\xb5\x73\xce\xcf\x2d\x28\x4a\x2d\x2e\x4e\x4d\xb1\xd1\x87\x88\xd8\xe8\x43"
    "\xe4\xf5\xe1\xea\xf5\x41\xda\x01\x84\xe9\x12\xa8\x44\x00\x00\x00",
    70);

class FetcherTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { curl_global_init(CURL_GLOBAL_DEFAULT); }

  LocalHttpServer server_{[](const HttpRequest& request) {
    const std::string& path = request.path;
    const std::map<std::string, std::string>& headers = request.headers;
    if (path == "/feed") {
      if (headers.contains("if-none-match") && headers.at("if-none-match") == "\"v1\"") {
        return HttpResponse(304, "ETag: \"v1\"\r\n", "");
      }
      return HttpResponse(200,
                          "Content-Type: application/rss+xml; charset=utf-8\r\nETag: \"v1\"\r\n"
                          "Last-Modified: Sat, 28 Nov 2026 09:00:00 GMT\r\n",
                          kFeed);
    }
    if (path == "/old") return HttpResponse(301, "Location: /feed\r\n", "");
    if (path == "/loop") return HttpResponse(302, "Location: /loop\r\n", "");
    if (path == "/inside") return HttpResponse(302, "Location: http://10.0.0.1/admin\r\n", "");
    if (path == "/metadata") return HttpResponse(302, "Location: http://169.254.169.254/latest/meta-data/\r\n", "");
    if (path == "/gzip")
      return HttpResponse(200, "Content-Encoding: gzip\r\nContent-Type: application/rss+xml\r\n", kGzipped);
    if (path == "/big") return HttpResponse(200, "", std::string(300000, 'x'));
    if (path == "/error") return HttpResponse(503, "", "busy");
    return HttpResponse(404, "", "no");
  }};
  FetchOptions options_{.timeout = std::chrono::seconds(5), .max_bytes = 100000, .allowed_ranges = {"127.0.0.1/32"}};
};

TEST_F(FetcherTest, InternalAddressesAreRefusedUnlessTheirRangeIsAllowed) {
  for (const char* host : {"127.0.0.1", "localhost", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254",
                           "100.64.0.1", "0.0.0.0", "::1", "::ffff:127.0.0.1", "fe80::1", "fd00::1"}) {
    Status status = CheckHostAllowed(host, {});
    EXPECT_EQ(status.code(), StatusCode::kPermissionDenied) << host;
    EXPECT_EQ(status.reason(), "address_not_allowed") << host;
  }
  EXPECT_TRUE(CheckHostAllowed("93.184.216.34", {}).ok()) << "a public address";
  EXPECT_TRUE(CheckHostAllowed("2606:2800:220:1:248:1893:25c8:1946", {}).ok());
  EXPECT_TRUE(CheckHostAllowed("10.20.30.40", {"10.20.0.0/16"}).ok()) << "a range the administrator opened";
  EXPECT_FALSE(CheckHostAllowed("10.21.0.1", {"10.20.0.0/16"}).ok());
  EXPECT_EQ(CheckHostAllowed("10.20.30.40", {"10.20.0.0/99"}).code(), StatusCode::kInvalidArgument);
  auto refused = Fetch({.url = server_.Url("/feed")}, FetchOptions{.timeout = std::chrono::seconds(5)});
  EXPECT_EQ(refused.status().reason(), "address_not_allowed");
}

TEST_F(FetcherTest, ConditionalGetCompressionAndRedirects) {
  auto first = Fetch({.url = server_.Url("/feed")}, options_);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, kFeed);
  EXPECT_EQ(first->etag, "\"v1\"");
  EXPECT_EQ(first->last_modified, "Sat, 28 Nov 2026 09:00:00 GMT");
  EXPECT_EQ(first->content_type, "application/rss+xml; charset=utf-8");
  auto again = Fetch({.url = server_.Url("/feed"), .etag = first->etag}, options_);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  auto moved = Fetch({.url = server_.Url("/old")}, options_);
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_EQ(moved->body, kFeed);
  EXPECT_EQ(moved->final_url, server_.Url("/feed"));
  auto compressed = Fetch({.url = server_.Url("/gzip")}, options_);
  ASSERT_TRUE(compressed.ok()) << compressed.status().ToString();
  EXPECT_EQ(compressed->body, "<rss><channel><item><title>Compressed</title></item></channel></rss>");
}

TEST_F(FetcherTest, ARedirectIntoTheNetworkIsRefusedAndFailuresSayWhetherToRetry) {
  EXPECT_EQ(Fetch({.url = server_.Url("/inside")}, options_).status().reason(), "address_not_allowed");
  EXPECT_EQ(Fetch({.url = server_.Url("/metadata")}, options_).status().reason(), "address_not_allowed");
  EXPECT_EQ(Fetch({.url = server_.Url("/loop")}, options_).status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(Fetch({.url = server_.Url("/big")}, options_).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Fetch({.url = server_.Url("/error")}, options_).status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(Fetch({.url = server_.Url("/missing")}, options_).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Fetch({.url = "ftp://127.0.0.1/feed"}, options_).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Fetch({.url = "not a url"}, options_).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace chancery::monitor
