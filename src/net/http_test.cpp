#include "net/http.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include "net/server_support.hpp"
#include "net/trusted_proxies.hpp"

namespace chancery::net {
namespace {

TEST(HttpTest, QueryParametersArePercentDecoded) {
  Request request;
  request.query_string = "q=Ha+N%E1%BB%99i&empty=&flag&q=second&bad=%zz";
  EXPECT_EQ(request.Query("q"), "Ha N\xE1\xBB\x99i");
  EXPECT_EQ(request.Query("empty"), "");
  EXPECT_EQ(request.Query("flag"), "");
  EXPECT_FALSE(request.Query("missing").has_value());
  EXPECT_FALSE(request.Query("bad").has_value());
}

TEST(HttpTest, CookiesAndHeaders) {
  Request request;
  request.headers = {{"cookie", "theme=dark; chancery_session=\"abc123\" ;x=1"}, {"x-csrf-token", "t"}};
  EXPECT_EQ(request.Cookie("chancery_session"), "abc123");
  EXPECT_EQ(request.Cookie("x"), "1");
  EXPECT_FALSE(request.Cookie("chancery").has_value());
  EXPECT_EQ(request.Header("x-csrf-token"), "t");
}

TEST(HttpTest, PercentDecodeRejectsMalformedEscapesAndNul) {
  EXPECT_EQ(PercentDecode("/a%20b", false), "/a b");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_FALSE(PercentDecode("%4", false).has_value());
  EXPECT_FALSE(PercentDecode("%00", false).has_value());
}

TEST(HttpTest, StatusCodesMapToHttp) {
  EXPECT_EQ(HttpStatusFor(StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(StatusCode::kFailedPrecondition), 403);
  EXPECT_EQ(HttpStatusFor(StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(StatusCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kConflict), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInternal), 500);
}

TEST(HttpTest, ProblemBodyFollowsRfc9457) {
  Status status = ResourceExhausted("Too many attempts.");
  status.WithReason("account_locked").WithRetryAfter(30).WithField("/username");
  Response response = Response::Problem(status, "/api/v1/auth/login");
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.Header("Content-Type"), "application/problem+json");
  EXPECT_EQ(response.Header("retry-after"), "30");
  auto body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body["type"], "https://chancery.dev/problems/account_locked");
  EXPECT_EQ(body["status"], 429);
  EXPECT_EQ(body["detail"], "Too many attempts.");
  EXPECT_EQ(body["field"], "/username");
  EXPECT_EQ(body["reason"], "account_locked");
  EXPECT_EQ(body["instance"], "/api/v1/auth/login");
  auto plain = boost::json::parse(Response::Problem(NotFound("x")).body).as_object();
  EXPECT_EQ(plain["type"], "https://chancery.dev/problems/not_found");
  EXPECT_FALSE(plain.contains("field"));
}

TEST(HttpTest, RequestIdsAndSecurityHeaders) {
  EXPECT_TRUE(IsValidRequestId("abc-123_x.y"));
  EXPECT_FALSE(IsValidRequestId("bad id\r\n"));
  EXPECT_FALSE(IsValidRequestId(std::string(200, 'a')));
  EXPECT_EQ(NewRequestId().size(), 32u);
  EXPECT_NE(NewRequestId(), NewRequestId());
  Response response = Response::Text(200, "x");
  AddStandardHeaders(response, "rid", true);
  EXPECT_EQ(response.Header("X-Request-Id"), "rid");
  EXPECT_EQ(response.Header("X-Frame-Options"), "DENY");
  EXPECT_TRUE(response.Header("Strict-Transport-Security").has_value());
  EXPECT_EQ(response.Header("Content-Security-Policy")->find("unsafe-inline"), std::string_view::npos);
}

TEST(HttpTest, TrustedProxiesResolveTheRightmostUntrustedHop) {
  auto proxies = TrustedProxies::Parse({"10.0.0.0/8", "::1"}).value();
  EXPECT_TRUE(proxies.Contains("10.1.2.3"));
  EXPECT_TRUE(proxies.Contains("::1"));
  EXPECT_FALSE(proxies.Contains("11.0.0.1"));
  auto view = proxies.Resolve("10.0.0.5", false, "6.6.6.6, 203.0.113.9, 10.0.0.7", "https");
  EXPECT_EQ(view.address, "203.0.113.9");
  EXPECT_TRUE(view.secure);
  auto untrusted = proxies.Resolve("198.51.100.1", false, "1.2.3.4", "https");
  EXPECT_EQ(untrusted.address, "198.51.100.1");
  EXPECT_FALSE(untrusted.secure);
  EXPECT_FALSE(TrustedProxies::Parse({"10.0.0.0/33"}).ok());
  EXPECT_FALSE(TrustedProxies::Parse({"not-an-ip"}).ok());
}

}  // namespace
}  // namespace chancery::net
