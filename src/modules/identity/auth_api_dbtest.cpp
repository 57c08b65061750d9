// The authentication routes end to end through the router, on every engine: sign-in, cookie attributes, CSRF,
// throttling with Retry-After, MFA enrolment and verification, bearer API tokens, logout and password change.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "modules/identity/authentication.hpp"
#include "modules/identity/identity_test_fixture.hpp"
#include "modules/identity/totp.hpp"
#include "net/router.hpp"

namespace chancery::identity {
namespace {

using testing::kParis;
constexpr char kPassword[] = "correct horse battery";

class AuthApiTest : public testing::IdentityDbTest {
 protected:
  void SetUp() override {
    IdentityDbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    IdentityOptions options;
    options.account_failures_before_lock = 3;
    auth_ = std::make_unique<Authentication>(db(), clock(), *cipher_, *audit_, authorizer_, options);
    auth_->RegisterRoutes(router_);
    router_.SetAuthenticator(auth_->MakeAuthenticator());
  }

  UserRecord MakeUserWithPassword(const std::string& username) {
    UserRecord user = MakeUser(username, kParis);
    Status status = service_->SetPassword(user.id, kPassword, {});
    EXPECT_TRUE(status.ok()) << status.ToString();
    return user;
  }

  net::Response Call(net::Method method, const std::string& path, const std::string& body = "",
                     std::vector<std::pair<std::string, std::string>> headers = {}) {
    net::Request request;
    request.method = method;
    request.target = path;
    request.path = path;
    request.body = body;
    request.remote_address = "192.0.2.10";
    request.headers = std::move(headers);
    if (!body.empty()) request.headers.emplace_back("content-type", "application/json");
    return router_.Dispatch(request);
  }
  // Signs in; keeps the cookie and CSRF token for SessionCall.
  boost::json::object Login(const std::string& username, const std::string& password = kPassword) {
    net::Response response = Call(net::Method::kPost, "/api/v1/auth/login",
                                  R"({"username":")" + username + R"(","password":")" + password + R"("})");
    EXPECT_EQ(response.status, 200) << response.body;
    if (response.status != 200) return {};
    std::string cookie(response.Header("Set-Cookie").value_or(""));
    cookie_ = cookie.substr(0, cookie.find(';'));
    boost::json::object body = boost::json::parse(response.body).as_object();
    csrf_ = std::string(body.at("csrf_token").as_string());
    return body;
  }
  net::Response SessionCall(net::Method method, const std::string& path, const std::string& body = "",
                            bool with_csrf = true) {
    std::vector<std::pair<std::string, std::string>> headers = {{"cookie", cookie_}};
    if (with_csrf) headers.emplace_back("x-csrf-token", csrf_);
    return Call(method, path, body, headers);
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
CHANCERY_DB_TEST_SUITE(AuthApiTest);

TEST_P(AuthApiTest, SignsInWithAHardenedCookieAndServesMe) {
  MakeUserWithPassword("nguyen.a");
  net::Response response =
      Call(net::Method::kPost, "/api/v1/auth/login", R"({"username":"nguyen.a","password":"correct horse battery"})");
  ASSERT_EQ(response.status, 200) << response.body;
  std::string cookie(response.Header("Set-Cookie").value_or(""));
  EXPECT_TRUE(cookie.starts_with("chancery_session="));
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // not under TLS here

  boost::json::object body = Login("nguyen.a");
  EXPECT_EQ(body.at("status").as_string(), "ok");
  net::Response me = SessionCall(net::Method::kGet, "/api/v1/me", "", false);
  ASSERT_EQ(me.status, 200) << me.body;
  auto me_body = boost::json::parse(me.body).as_object();
  EXPECT_EQ(me_body.at("username").as_string(), "nguyen.a");
  EXPECT_EQ(me_body.at("session_status").as_string(), "ok");
  EXPECT_EQ(me_body.at("csrf_token").as_string(), csrf_);
  EXPECT_EQ(CountAudit("auth.login"), 2u);
  EXPECT_EQ(Call(net::Method::kGet, "/api/v1/me").status, 401);
}

TEST_P(AuthApiTest, WrongPasswordsLockTheAccountWithRetryAfter) {
  MakeUserWithPassword("tran.b");
  net::Response wrong = Call(net::Method::kPost, "/api/v1/auth/login", R"({"username":"tran.b","password":"nope"})");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(Reason(wrong), "invalid_credentials");
  net::Response unknown = Call(net::Method::kPost, "/api/v1/auth/login", R"({"username":"ghost","password":"x"})");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(Reason(unknown), "invalid_credentials");

  Call(net::Method::kPost, "/api/v1/auth/login", R"({"username":"tran.b","password":"nope"})");
  net::Response locked = Call(net::Method::kPost, "/api/v1/auth/login", R"({"username":"tran.b","password":"nope"})");
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(Reason(locked), "account_locked");
  EXPECT_EQ(locked.Header("Retry-After").value_or(""), "900");
  // Even the right password waits for the lockout to end.
  net::Response still =
      Call(net::Method::kPost, "/api/v1/auth/login", R"({"username":"tran.b","password":"correct horse battery"})");
  EXPECT_EQ(still.status, 429);
  clock().Advance(15 * 60 * 1000);
  Login("tran.b");

  audit::AuditFilter filter;
  filter.action = "auth.login_failed";
  auto entries = audit_->Search(filter);
  ASSERT_TRUE(entries.ok());
  ASSERT_GE(entries->size(), 4u);
  for (const auto& entry : *entries) {
    EXPECT_EQ(entry.event.detail_json.find("nope"), std::string::npos);
    EXPECT_EQ(entry.event.outcome, "failure");
  }
}

TEST_P(AuthApiTest, CookieChangesNeedTheCsrfTokenButBearerTokensDoNot) {
  UserRecord user = MakeUserWithPassword("le.c");
  Login("le.c");
  net::Response refused = SessionCall(net::Method::kPatch, "/api/v1/me", R"({"locale":"en"})", false);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(Reason(refused), "csrf");
  net::Response patched = SessionCall(net::Method::kPatch, "/api/v1/me", R"({"locale":"en"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(boost::json::parse(patched.body).at("locale").as_string(), "en");

  const std::string token = "chy_" + crypto::RandomToken(32);
  ASSERT_TRUE(db().Write("test.token",
                         [&](storage::Transaction& transaction) {
                           return transaction
                               .Execute(
                                   "INSERT INTO api_tokens (user_id, name, token_hash, scopes, created_at, expires_at) "
                                   "VALUES (?, 'ci', ?, 'directory_read', ?, ?)",
                                   {user.id, crypto::Sha256Hex(token), clock().NowMs(), clock().NowMs() + 60000})
                               .status();
                         })
                  .ok());
  std::vector<std::pair<std::string, std::string>> bearer = {{"authorization", "Bearer " + token}};
  net::Response by_token = Call(net::Method::kPatch, "/api/v1/me", R"({"display_name":"Le C"})", bearer);
  EXPECT_EQ(by_token.status, 200) << by_token.body;
  clock().Advance(60000);
  net::Response expired = Call(net::Method::kGet, "/api/v1/me", "", bearer);
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(Reason(expired), "token_expired");
}

TEST_P(AuthApiTest, ARoleThatNeedsMfaForcesEnrolmentThenCodesAreRequired) {
  UserRecord user = MakeUserWithPassword("pham.d");
  ASSERT_TRUE(service_->GrantRole(user.id, "head_of_mission", kParis, true, {}).ok());
  EXPECT_EQ(Login("pham.d").at("status").as_string(), "mfa_enrolment_required");
  EXPECT_EQ(SessionCall(net::Method::kGet, "/api/v1/me").status, 200);
  net::Response blocked = SessionCall(net::Method::kPatch, "/api/v1/me", R"({"locale":"en"})");
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(Reason(blocked), "mfa_enrolment_required");

  net::Response begun = SessionCall(net::Method::kPost, "/api/v1/me/mfa/enrolment");
  ASSERT_EQ(begun.status, 200) << begun.body;
  auto enrolment = boost::json::parse(begun.body).as_object();
  EXPECT_TRUE(std::string(enrolment.at("qr_svg").as_string()).starts_with("<svg"));
  // The test reads the pending secret's code the way an app would: from the base32 secret via liboath.
  std::string secret_base32(enrolment.at("secret").as_string());
  std::string secret;
  {
    unsigned buffer = 0;
    int bits = 0;
    for (char c : secret_base32) {
      buffer = (buffer << 5) | static_cast<unsigned>(std::string("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567").find(c));
      bits += 5;
      if (bits >= 8) secret += static_cast<char>((buffer >> (bits -= 8)) & 0xFF);
    }
  }
  const std::string code = TotpCode(secret, clock().NowMs() / 1000).value();
  net::Response confirmed =
      SessionCall(net::Method::kPost, "/api/v1/me/mfa/enrolment/confirm", R"({"code":")" + code + R"("})");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  auto confirmation = boost::json::parse(confirmed.body).as_object();
  ASSERT_EQ(confirmation.at("recovery_codes").as_array().size(), 10u);
  EXPECT_EQ(confirmation.at("status").as_string(), "ok");
  EXPECT_EQ(SessionCall(net::Method::kPatch, "/api/v1/me", R"({"locale":"en"})").status, 200);
  EXPECT_EQ(CountAudit("mfa.enrolled"), 1u);

  EXPECT_EQ(SessionCall(net::Method::kPost, "/api/v1/auth/logout").status, 204);
  EXPECT_EQ(SessionCall(net::Method::kGet, "/api/v1/me").status, 401);

  EXPECT_EQ(Login("pham.d").at("status").as_string(), "mfa_required");
  net::Response wrong = SessionCall(net::Method::kPost, "/api/v1/auth/mfa", R"({"code":"aaaaa-bbbbb"})");
  EXPECT_EQ(Reason(wrong), "invalid_code");
  std::string recovery(confirmation.at("recovery_codes").as_array().at(0).as_string());
  net::Response verified = SessionCall(net::Method::kPost, "/api/v1/auth/mfa", R"({"code":")" + recovery + R"("})");
  ASSERT_EQ(verified.status, 200) << verified.body;
  EXPECT_EQ(boost::json::parse(verified.body).at("status").as_string(), "ok");
  EXPECT_EQ(CountAudit("mfa.recovery_code_used"), 1u);
}

TEST_P(AuthApiTest, ChangingThePasswordEndsTheOtherSessions) {
  MakeUserWithPassword("vu.e");
  Login("vu.e");
  const std::string other_cookie = cookie_;
  Login("vu.e");
  net::Response short_password = SessionCall(net::Method::kPost, "/api/v1/me/password",
                                             R"({"current_password":"correct horse battery","new_password":"short"})");
  EXPECT_EQ(short_password.status / 100, 4);
  net::Response changed =
      SessionCall(net::Method::kPost, "/api/v1/me/password",
                  R"({"current_password":"correct horse battery","new_password":"a much longer passphrase"})");
  ASSERT_EQ(changed.status, 204) << changed.body;
  EXPECT_EQ(SessionCall(net::Method::kGet, "/api/v1/me").status, 200);
  EXPECT_EQ(Call(net::Method::kGet, "/api/v1/me", "", {{"cookie", other_cookie}}).status, 401);
  Login("vu.e", "a much longer passphrase");
}

}  // namespace
}  // namespace chancery::identity
