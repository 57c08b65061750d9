// The cached authenticator and GET /me on the network-thread path (Router::TryDispatchWithoutBlocking), on every
// engine: answers only from the credential cache, applies the same CSRF and MFA checks as the blocking path, and
// declines when the database is needed (a cache miss, a due last_seen write) so that the write still happens.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "modules/identity/authentication.hpp"
#include "modules/identity/identity_test_fixture.hpp"
#include "net/router.hpp"

namespace chancery::identity {
namespace {

using testing::kParis;
constexpr char kPassword[] = "correct horse battery";

class CachedAuthenticationTest : public testing::IdentityDbTest {
 protected:
  void SetUp() override {
    IdentityDbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auth_ = std::make_unique<Authentication>(db(), clock(), *cipher_, *audit_, authorizer_, IdentityOptions{});
    auth_->RegisterRoutes(router_);
    router_.SetAuthenticator(auth_->MakeAuthenticator(), auth_->MakeCachedAuthenticator());
    // Stand-ins for non-blocking routes of each access, to see the checks the cached path applies.
    for (auto method : {net::Method::kGet, net::Method::kPost}) {
      router_.Add(
          method, "/test/full", net::RouteAccess::kAuthenticated,
          [](net::Request& request) { return net::Response::Text(200, request.principal->username); },
          net::Execution::kNonBlocking);
    }
  }

  UserRecord SignIn(const std::string& username) {
    UserRecord user = MakeUser(username, kParis);
    EXPECT_TRUE(service_->SetPassword(user.id, kPassword, {}).ok());
    net::Response response = Dispatch(net::Method::kPost, "/api/v1/auth/login",
                                      R"({"username":")" + username + R"(","password":")" + kPassword + R"("})");
    EXPECT_EQ(response.status, 200) << response.body;
    std::string cookie(response.Header("Set-Cookie").value_or(""));
    cookie_ = cookie.substr(0, cookie.find(';'));
    if (response.status == 200) csrf_ = std::string(boost::json::parse(response.body).at("csrf_token").as_string());
    return user;
  }
  net::Request MakeRequest(net::Method method, const std::string& path, const std::string& body = "") {
    net::Request request;
    request.method = method;
    request.target = request.path = path;
    request.body = body;
    request.headers.emplace_back("content-type", "application/json");
    if (!cookie_.empty()) request.headers.emplace_back("cookie", cookie_);
    return request;
  }
  net::Response Dispatch(net::Method method, const std::string& path, const std::string& body = "") {
    net::Request request = MakeRequest(method, path, body);
    if (!csrf_.empty()) request.headers.emplace_back("x-csrf-token", csrf_);
    return router_.Dispatch(request);
  }
  static std::string Reason(const net::Response& response) {
    auto body = boost::json::parse(response.body).as_object();
    return body.contains("reason") ? std::string(body.at("reason").as_string()) : "";
  }

  net::Router router_;
  std::unique_ptr<Authentication> auth_;
  std::string cookie_;
  std::string csrf_;
};
CHANCERY_DB_TEST_SUITE(CachedAuthenticationTest);

TEST_P(CachedAuthenticationTest, ServesMeFromTheCacheWithTheSameBody) {
  UserRecord user = SignIn("nguyen.a");
  net::Request request = MakeRequest(net::Method::kGet, "/api/v1/me");
  std::optional<net::Response> inline_me = router_.TryDispatchWithoutBlocking(request);
  ASSERT_TRUE(inline_me.has_value()) << "signing in caches the session";
  EXPECT_EQ(inline_me->status, 200) << inline_me->body;
  EXPECT_EQ(inline_me->body, Dispatch(net::Method::kGet, "/api/v1/me").body);

  // A miss (here: another node's change made this node forget the user) declines; the worker pool reads it again.
  auth_->InvalidateUser(user.id);
  request = MakeRequest(net::Method::kGet, "/api/v1/me");
  EXPECT_FALSE(router_.TryDispatchWithoutBlocking(request).has_value());
  EXPECT_EQ(Dispatch(net::Method::kGet, "/api/v1/me").status, 200);
  request = MakeRequest(net::Method::kGet, "/api/v1/me");
  EXPECT_TRUE(router_.TryDispatchWithoutBlocking(request).has_value());

  // Without a cookie the refusal needs no database either.
  cookie_.clear();
  request = MakeRequest(net::Method::kGet, "/api/v1/me");
  inline_me = router_.TryDispatchWithoutBlocking(request);
  ASSERT_TRUE(inline_me.has_value());
  EXPECT_EQ(inline_me->status, 401);
}

TEST_P(CachedAuthenticationTest, EnforcesCsrfAndMfaWithoutBlocking) {
  UserRecord user = MakeUser("pham.d", kParis);
  ASSERT_TRUE(service_->GrantRole(user.id, "head_of_mission", kParis, true, {}).ok());
  ASSERT_TRUE(service_->SetPassword(user.id, kPassword, {}).ok());
  net::Response login =
      Dispatch(net::Method::kPost, "/api/v1/auth/login", R"({"username":"pham.d","password":"correct horse battery"})");
  ASSERT_EQ(login.status, 200) << login.body;
  std::string cookie(login.Header("Set-Cookie").value_or(""));
  cookie_ = cookie.substr(0, cookie.find(';'));
  csrf_ = std::string(boost::json::parse(login.body).at("csrf_token").as_string());

  net::Request partial = MakeRequest(net::Method::kGet, "/api/v1/me");
  auto me = router_.TryDispatchWithoutBlocking(partial);
  ASSERT_TRUE(me.has_value());
  EXPECT_EQ(me->status, 200) << "GET /me accepts a session that still owes MFA enrolment";
  net::Request full = MakeRequest(net::Method::kGet, "/test/full");
  auto blocked = router_.TryDispatchWithoutBlocking(full);
  ASSERT_TRUE(blocked.has_value());
  EXPECT_EQ(blocked->status, 403);
  EXPECT_EQ(Reason(*blocked), "mfa_enrolment_required");

  net::Request unsafe = MakeRequest(net::Method::kPost, "/test/full");
  auto no_csrf = router_.TryDispatchWithoutBlocking(unsafe);
  ASSERT_TRUE(no_csrf.has_value());
  EXPECT_EQ(no_csrf->status, 403);
  EXPECT_EQ(Reason(*no_csrf), "csrf");
}

TEST_P(CachedAuthenticationTest, LeavesTheDueActivityWriteToTheWorkerPool) {
  SignIn("le.c");
  // Just short of the touch interval, a fresh read caches the session with its sign-in time as last_seen_at.
  clock().Advance(kTouchIntervalMs - 1000);
  EXPECT_EQ(Dispatch(net::Method::kGet, "/api/v1/me").status, 200);
  clock().Advance(2000);  // the entry is still fresh, but last_seen_at is now due for a write
  net::Request request = MakeRequest(net::Method::kGet, "/api/v1/me");
  EXPECT_FALSE(router_.TryDispatchWithoutBlocking(request).has_value());
  EXPECT_EQ(Dispatch(net::Method::kGet, "/api/v1/me").status, 200);  // writes last_seen_at, forgets the entry
  EXPECT_EQ(Dispatch(net::Method::kGet, "/api/v1/me").status, 200);  // reads it afresh
  request = MakeRequest(net::Method::kGet, "/api/v1/me");
  auto answered = router_.TryDispatchWithoutBlocking(request);
  ASSERT_TRUE(answered.has_value()) << "after the write, the cached session is current again";
  EXPECT_EQ(answered->status, 200);
}

}  // namespace
}  // namespace chancery::identity
