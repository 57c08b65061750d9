#include "net/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace chancery::net {
namespace {

Request MakeRequest(Method method, std::string path) {
  Request request;
  request.method = method;
  request.path = path;
  request.target = path;
  return request;
}

Handler Labelled(std::string label) {
  return [label](Request& request) { return Response::Text(200, label + ":" + request.PathParam("id")); };
}

TEST(RouterTest, MatchesParametersAndPrefersLiterals) {
  Router router;
  router.Add(Method::kGet, "/api/v1/units/:id", RouteAccess::kPublic, Labelled("param"));
  router.Add(Method::kGet, "/api/v1/units/tree", RouteAccess::kPublic, Labelled("literal"));
  auto request = MakeRequest(Method::kGet, "/api/v1/units/42");
  EXPECT_EQ(router.Dispatch(request).body, "param:42");
  EXPECT_EQ(request.route_pattern, "/api/v1/units/:id");
  auto literal = MakeRequest(Method::kGet, "/api/v1/units/tree");
  EXPECT_EQ(router.Dispatch(literal).body, "literal:");
}

TEST(RouterTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  Router router;
  router.Add(Method::kGet, "/api/v1/units", RouteAccess::kPublic, Labelled("list"));
  router.Add(Method::kPost, "/api/v1/units", RouteAccess::kPublic, Labelled("create"));
  auto missing = MakeRequest(Method::kGet, "/api/v1/nothing");
  Response not_found = router.Dispatch(missing);
  EXPECT_EQ(not_found.status, 404);
  EXPECT_EQ(not_found.Header("content-type"), "application/problem+json");
  auto wrong = MakeRequest(Method::kDelete, "/api/v1/units");
  Response not_allowed = router.Dispatch(wrong);
  EXPECT_EQ(not_allowed.status, 405);
  EXPECT_EQ(not_allowed.Header("Allow"), "GET, HEAD, POST");
}

TEST(RouterTest, HeadIsServedByGet) {
  Router router;
  router.Add(Method::kGet, "/healthz", RouteAccess::kPublic, Labelled("ok"));
  auto request = MakeRequest(Method::kHead, "/healthz");
  EXPECT_EQ(router.Dispatch(request).status, 200);
}

TEST(RouterTest, ProtectedRoutesRunTheAuthenticator) {
  Router router;
  router.Add(Method::kGet, "/api/v1/me", RouteAccess::kAuthenticated, [](Request& request) {
    return Response::Text(200, request.principal ? request.principal->username : "none");
  });
  router.Add(Method::kGet, "/healthz", RouteAccess::kPublic, Labelled("ok"));
  int calls = 0;
  router.SetAuthenticator([&calls](const Request& request, RouteAccess) -> Result<std::shared_ptr<const Principal>> {
    ++calls;
    if (request.Header("authorization") != "Bearer good") return Unauthenticated("no token");
    auto principal = std::make_shared<Principal>();
    principal->username = "amina";
    return std::shared_ptr<const Principal>(principal);
  });
  auto anonymous = MakeRequest(Method::kGet, "/api/v1/me");
  Response denied = router.Dispatch(anonymous);
  EXPECT_EQ(denied.status, 401);
  EXPECT_NE(denied.body.find("no token"), std::string::npos);
  auto authorised = MakeRequest(Method::kGet, "/api/v1/me");
  authorised.headers.emplace_back("authorization", "Bearer good");
  EXPECT_EQ(router.Dispatch(authorised).body, "amina");
  auto health = MakeRequest(Method::kGet, "/healthz");
  EXPECT_EQ(router.Dispatch(health).status, 200);
  EXPECT_EQ(calls, 2);  // public routes never authenticate
}

TEST(RouterTest, HandlerExceptionIs500WithoutDetail) {
  Router router;
  router.Add(Method::kGet, "/api/v1/boom", RouteAccess::kPublic,
             [](Request&) -> Response { throw std::runtime_error("secret database password"); });
  auto request = MakeRequest(Method::kGet, "/api/v1/boom");
  Response response = router.Dispatch(request);
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("secret"), std::string::npos);
}

TEST(RouterTest, FallbackOnlyForNonApiGets) {
  Router router;
  router.SetFallback([](Request&) { return Response::Text(200, "console"); });
  auto page = MakeRequest(Method::kGet, "/units/7");
  EXPECT_EQ(router.Dispatch(page).body, "console");
  auto api = MakeRequest(Method::kGet, "/api/v1/missing");
  EXPECT_EQ(router.Dispatch(api).status, 404);
  auto post = MakeRequest(Method::kPost, "/units/7");
  EXPECT_EQ(router.Dispatch(post).status, 404);
}

TEST(RouterTest, WebSocketRoutesNeedAnUpgradeAndAreListed) {
  Router router;
  router.AddWebSocket("/api/v1/events", RouteAccess::kAuthenticated, [] { return nullptr; });
  auto anonymous = MakeRequest(Method::kGet, "/api/v1/events");
  EXPECT_EQ(router.Dispatch(anonymous).status, 401) << "authentication comes before the upgrade check";
  Router signed_in;
  signed_in.SetAuthenticator([](const Request&, RouteAccess) -> Result<std::shared_ptr<const Principal>> {
    return std::make_shared<const Principal>();
  });
  signed_in.AddWebSocket("/api/v1/events", RouteAccess::kAuthenticated, [] { return nullptr; });
  auto plain = MakeRequest(Method::kGet, "/api/v1/events");
  EXPECT_EQ(signed_in.Dispatch(plain).status, 426);
  auto upgrade = MakeRequest(Method::kGet, "/api/v1/events");
  auto match = router.MatchWebSocket(upgrade);
  ASSERT_FALSE(match.ok());
  EXPECT_EQ(match.status().code(), StatusCode::kUnauthenticated);
  auto routes = router.Routes();
  ASSERT_EQ(routes.size(), 1u);
  EXPECT_TRUE(routes[0].websocket);
  EXPECT_EQ(routes[0].pattern, "/api/v1/events");
}

// --- TryDispatchWithoutBlocking: the network-thread path ------------------------------------------------------

std::shared_ptr<const Principal> PrincipalNamed(std::string username) {
  auto principal = std::make_shared<Principal>();
  principal->username = std::move(username);
  return principal;
}

TEST(RouterTest, OnlyNonBlockingRoutesAreAnsweredWithoutBlocking) {
  Router router;
  int blocking_calls = 0;
  router.Add(Method::kGet, "/healthz", RouteAccess::kPublic, Labelled("ok"), Execution::kNonBlocking);
  router.Add(Method::kGet, "/readyz", RouteAccess::kPublic, [&blocking_calls](Request&) {
    ++blocking_calls;
    return Response::Text(200, "ready");
  });
  auto health = MakeRequest(Method::kGet, "/healthz");
  auto answered = router.TryDispatchWithoutBlocking(health);
  ASSERT_TRUE(answered.has_value());
  EXPECT_EQ(answered->body, "ok:");
  EXPECT_EQ(health.route_pattern, "/healthz");
  auto ready = MakeRequest(Method::kGet, "/readyz");
  EXPECT_FALSE(router.TryDispatchWithoutBlocking(ready).has_value());
  EXPECT_EQ(blocking_calls, 0) << "a kMayBlock handler never runs on the network thread";
  EXPECT_EQ(router.Dispatch(ready).body, "ready");

  auto routes = router.Routes();
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0].execution, Execution::kNonBlocking);
  EXPECT_EQ(routes[1].execution, Execution::kMayBlock);
}

TEST(RouterTest, ProtectedRoutesAreAnsweredWithoutBlockingOnlyWhenTheCacheDecides) {
  Router router;
  router.Add(
      Method::kGet, "/api/v1/me", RouteAccess::kAuthenticatedPartial,
      [](Request& request) { return Response::Text(200, request.principal->username); }, Execution::kNonBlocking);
  int blocking_calls = 0;
  std::optional<RouteAccess> cached_access;
  router.SetAuthenticator(
      [&blocking_calls](const Request&, RouteAccess) -> Result<std::shared_ptr<const Principal>> {
        ++blocking_calls;
        return PrincipalNamed("from-database");
      },
      [&cached_access](const Request& request,
                       RouteAccess access) -> std::optional<Result<std::shared_ptr<const Principal>>> {
        cached_access = access;
        auto cookie = request.Cookie("s");
        if (!cookie) return Result<std::shared_ptr<const Principal>>(Unauthenticated("Sign in to continue."));
        if (*cookie == "cached") return PrincipalNamed("from-cache");
        return std::nullopt;  // a miss
      });

  auto hit = MakeRequest(Method::kGet, "/api/v1/me");
  hit.headers.emplace_back("cookie", "s=cached");
  auto answered = router.TryDispatchWithoutBlocking(hit);
  ASSERT_TRUE(answered.has_value());
  EXPECT_EQ(answered->body, "from-cache");
  EXPECT_EQ(cached_access, RouteAccess::kAuthenticatedPartial) << "the route's access reaches the cache check";

  auto miss = MakeRequest(Method::kGet, "/api/v1/me");
  miss.headers.emplace_back("cookie", "s=uncached");
  EXPECT_FALSE(router.TryDispatchWithoutBlocking(miss).has_value());
  EXPECT_EQ(blocking_calls, 0) << "a cache miss never runs the blocking authenticator on the network thread";
  EXPECT_EQ(router.Dispatch(miss).body, "from-database");

  auto anonymous = MakeRequest(Method::kGet, "/api/v1/me");
  answered = router.TryDispatchWithoutBlocking(anonymous);
  ASSERT_TRUE(answered.has_value()) << "a refusal decided from memory is answered at once";
  EXPECT_EQ(answered->status, 401);
  EXPECT_EQ(anonymous.principal, nullptr);
}

TEST(RouterTest, ACachedRefusalStopsTheHandlerWithoutBlocking) {
  // Identity's cached authenticator applies CSRF and MFA checks (see auth_api_dbtest); the router must answer with
  // the refusal and never reach the handler.
  Router router;
  int handler_calls = 0;
  router.Add(
      Method::kPost, "/api/v1/thing", RouteAccess::kAuthenticated,
      [&handler_calls](Request&) {
        ++handler_calls;
        return Response::NoContent();
      },
      Execution::kNonBlocking);
  router.SetAuthenticator(
      [](const Request&, RouteAccess) -> Result<std::shared_ptr<const Principal>> { return PrincipalNamed("x"); },
      [](const Request& request, RouteAccess) -> std::optional<Result<std::shared_ptr<const Principal>>> {
        if (!request.Header("x-csrf-token")) {
          return Result<std::shared_ptr<const Principal>>(PermissionDenied("csrf").WithReason("csrf"));
        }
        return Result<std::shared_ptr<const Principal>>(FailedPrecondition("mfa").WithReason("mfa_required"));
      });
  auto no_csrf = MakeRequest(Method::kPost, "/api/v1/thing");
  auto answered = router.TryDispatchWithoutBlocking(no_csrf);
  ASSERT_TRUE(answered.has_value());
  EXPECT_EQ(answered->status, 403);
  EXPECT_NE(answered->body.find("csrf"), std::string::npos);
  auto mfa_owed = MakeRequest(Method::kPost, "/api/v1/thing");
  mfa_owed.headers.emplace_back("x-csrf-token", "t");
  answered = router.TryDispatchWithoutBlocking(mfa_owed);
  ASSERT_TRUE(answered.has_value());
  EXPECT_EQ(answered->status, 403);
  EXPECT_NE(answered->body.find("mfa_required"), std::string::npos);
  EXPECT_EQ(handler_calls, 0);
}

TEST(RouterTest, WithoutACachedAuthenticatorProtectedRoutesGoToTheWorkers) {
  Router router;
  router.Add(Method::kGet, "/api/v1/me", RouteAccess::kAuthenticated, Labelled("me"), Execution::kNonBlocking);
  router.SetAuthenticator(
      [](const Request&, RouteAccess) -> Result<std::shared_ptr<const Principal>> { return PrincipalNamed("x"); });
  auto request = MakeRequest(Method::kGet, "/api/v1/me");
  EXPECT_FALSE(router.TryDispatchWithoutBlocking(request).has_value());
}

TEST(RouterTest, ADecliningHandlerSendsTheRequestToTheBlockingHandler) {
  Router router;
  router.Add(
      Method::kGet, "/api/v1/me", RouteAccess::kPublic,
      [](Request& request) -> std::optional<Response> {
        if (request.Query("cached")) return Response::Text(200, "inline");
        return std::nullopt;
      },
      [](Request&) { return Response::Text(200, "workers"); });
  auto cached = MakeRequest(Method::kGet, "/api/v1/me");
  cached.query_string = "cached=1";
  EXPECT_EQ(router.TryDispatchWithoutBlocking(cached)->body, "inline");
  auto uncached = MakeRequest(Method::kGet, "/api/v1/me");
  EXPECT_FALSE(router.TryDispatchWithoutBlocking(uncached).has_value());
  EXPECT_EQ(router.Dispatch(uncached).body, "workers");
  EXPECT_EQ(router.Routes()[0].execution, Execution::kNonBlocking);
}

TEST(RouterTest, UnmatchedRequestsAreAnsweredWithoutBlockingUnlessTheFallbackMayBlock) {
  Router router;
  router.Add(Method::kGet, "/api/v1/units", RouteAccess::kPublic, Labelled("list"));
  auto missing = MakeRequest(Method::kGet, "/api/v1/nothing");
  EXPECT_EQ(router.TryDispatchWithoutBlocking(missing)->status, 404);
  auto wrong = MakeRequest(Method::kDelete, "/api/v1/units");
  auto not_allowed = router.TryDispatchWithoutBlocking(wrong);
  ASSERT_TRUE(not_allowed.has_value());
  EXPECT_EQ(not_allowed->status, 405);
  EXPECT_EQ(not_allowed->Header("Allow"), "GET, HEAD");

  router.SetFallback([](Request&) { return Response::Text(200, "console"); });
  auto page = MakeRequest(Method::kGet, "/units/7");
  EXPECT_FALSE(router.TryDispatchWithoutBlocking(page).has_value());
  router.SetFallback([](Request&) { return Response::Text(200, "console"); }, Execution::kNonBlocking);
  EXPECT_EQ(router.TryDispatchWithoutBlocking(page)->body, "console");
  EXPECT_EQ(page.route_pattern, "(fallback)");
}

TEST(RouterTest, AnExceptionWithoutBlockingIs500) {
  Router router;
  router.Add(
      Method::kGet, "/boom", RouteAccess::kPublic, [](Request&) -> Response { throw std::runtime_error("secret"); },
      Execution::kNonBlocking);
  auto request = MakeRequest(Method::kGet, "/boom");
  auto answered = router.TryDispatchWithoutBlocking(request);
  ASSERT_TRUE(answered.has_value());
  EXPECT_EQ(answered->status, 500);
  EXPECT_EQ(answered->body.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace chancery::net
