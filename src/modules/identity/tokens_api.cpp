// Routes for the current user's API tokens: GET/POST /me/tokens, DELETE /me/tokens/:id.
#include "modules/identity/users_api.hpp"
#include "net/json.hpp"

namespace chancery::identity {
namespace {

using net::Request;
using net::Response;

boost::json::object TokenJson(const StoredApiToken& token) {
  boost::json::array scopes;
  for (const std::string& scope : token.scopes) scopes.emplace_back(scope);
  return boost::json::object{{"id", token.id},
                             {"name", token.name},
                             {"scopes", std::move(scopes)},
                             {"created_at", FormatIsoTime(token.created_at_ms)},
                             {"expires_at", FormatIsoTime(token.expires_at_ms)},
                             {"last_used_at", api::OptionalTime(token.last_used_at_ms)},
                             {"revoked", token.revoked_at_ms.has_value()}};
}

Response ListTokens(ApiTokenService& tokens, Request& request) {
  auto list = tokens.List(request.principal->user_id);
  if (!list.ok()) return net::Problem(list.status());
  boost::json::array items;
  for (const StoredApiToken& token : *list) items.push_back(TokenJson(token));
  return net::Json(boost::json::object{{"items", std::move(items)}});
}

Response CreateToken(ApiTokenService& tokens, Request& request) {
  auto body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  auto name = net::RequireString(*body, "name", 100);
  if (!name.ok()) return net::Problem(name.status());
  auto scopes = net::OptionalStringArray(*body, "scopes", 20, 64);
  if (!scopes.ok()) return net::Problem(scopes.status());
  auto days = net::RequireInt(*body, "expires_in_days");
  if (!days.ok()) return net::Problem(days.status());
  NewApiToken token{*name, *scopes, *days};
  auto issued = tokens.Create(*request.principal, token, api::ContextOf(request));
  if (!issued.ok()) return net::Problem(issued.status());
  boost::json::object json = TokenJson(issued->record);
  json["token"] = issued->token;  // shown once
  Response response = net::Json(201, json);
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

Response RevokeToken(ApiTokenService& tokens, Request& request) {
  auto token_id = api::PathId(request, "id");
  if (!token_id.ok()) return net::Problem(token_id.status());
  Status status = tokens.Revoke(*request.principal, *token_id, api::ContextOf(request));
  if (!status.ok()) return net::Problem(status);
  return Response::NoContent();
}

}  // namespace

void RegisterTokenRoutes(net::Router& router, ApiTokenService& tokens) {
  using net::Method;
  using net::RouteAccess;
  const std::string path = std::string(api::kPrefix) + "/me/tokens";
  router.Add(Method::kGet, path, RouteAccess::kAuthenticated,
             [&tokens](Request& request) { return ListTokens(tokens, request); });
  router.Add(Method::kPost, path, RouteAccess::kAuthenticated,
             [&tokens](Request& request) { return CreateToken(tokens, request); });
  router.Add(Method::kDelete, path + "/:id", RouteAccess::kAuthenticated,
             [&tokens](Request& request) { return RevokeToken(tokens, request); });
}

}  // namespace chancery::identity
