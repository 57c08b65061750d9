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

}  // namespace
}  // namespace chancery::net
