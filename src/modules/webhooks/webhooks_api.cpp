// /api/v1/webhooks*: see webhooks_api.hpp and the OpenAPI document.
#include "modules/webhooks/webhooks_api.hpp"

#include <boost/json.hpp>

#include "core/clock.hpp"
#include "net/json.hpp"

namespace chancery::webhooks {
namespace {

namespace json = boost::json;
using net::Method;
using net::Request;
using net::Response;

json::value OptionalTime(std::optional<std::int64_t> ms) {
  if (!ms) return nullptr;
  return json::value(FormatIsoTime(*ms));
}

json::object EndpointJson(const Endpoint& endpoint) {
  json::array statuses;
  for (alerts::CapStatus status : endpoint.settings.statuses) statuses.emplace_back(alerts::CapName(status));
  json::array scopes;
  for (alerts::CapScope scope : endpoint.settings.scopes) scopes.emplace_back(alerts::CapName(scope));
  return {{"id", endpoint.id},
          {"unit_id", endpoint.unit_id},
          {"name", endpoint.settings.name},
          {"url", endpoint.settings.url},
          {"statuses", std::move(statuses)},
          {"scopes", std::move(scopes)},
          {"coverage", CoverageName(endpoint.settings.coverage)},
          {"state", EndpointStateName(endpoint.settings.state)},
          {"created_by", endpoint.created_by},
          {"created_at", FormatIsoTime(endpoint.created_at_ms)},
          {"updated_at", FormatIsoTime(endpoint.updated_at_ms)},
          {"secret_rotated_at",
           OptionalTime(endpoint.secret_rotated_at_ms ? std::optional(endpoint.secret_rotated_at_ms) : std::nullopt)}};
}

json::object DeliveryJson(const Delivery& delivery) {
  json::array attempts;
  for (const DeliveryAttempt& attempt : delivery.recent_attempts) {
    attempts.push_back(json::object{
        {"attempted_at", FormatIsoTime(attempt.attempted_at_ms)},
        {"http_status", attempt.http_status == 0 ? json::value(nullptr) : json::value(attempt.http_status)},
        {"error", attempt.error},
        {"duration_ms", attempt.duration_ms}});
  }
  return {{"id", delivery.id},
          {"endpoint_id", delivery.endpoint_id},
          {"message_id", delivery.message_id},
          {"event", DeliveryEventName(delivery.event)},
          {"alert_id", delivery.alert_id ? json::value(*delivery.alert_id) : json::value(nullptr)},
          {"alert_identifier", delivery.alert_identifier},
          {"state", DeliveryStateName(delivery.state)},
          {"attempts", delivery.attempts},
          {"last_status", delivery.last_status ? json::value(*delivery.last_status) : json::value(nullptr)},
          {"last_error", delivery.last_error},
          {"next_attempt_at",
           delivery.state == DeliveryState::kPending ? OptionalTime(delivery.due_at_ms) : json::value(nullptr)},
          {"give_up_at", FormatIsoTime(delivery.give_up_at_ms)},
          {"created_at", FormatIsoTime(delivery.created_at_ms)},
          {"delivered_at", OptionalTime(delivery.delivered_at_ms)},
          {"recent_attempts", std::move(attempts)}};
}

// Reads the settings a body gives onto `settings` (what a PATCH leaves out stays as it is).
Status ReadSettings(const json::object& body, EndpointSettings& settings) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> name, net::OptionalString(body, "name", 200));
  if (name) settings.name = *name;
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> url, net::OptionalString(body, "url", 2000));
  if (url) settings.url = *url;
  if (body.contains("statuses")) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<std::string> names, net::OptionalStringArray(body, "statuses", 3, 20));
    settings.statuses.clear();
    for (const std::string& text : names) {
      std::optional<alerts::CapStatus> status = ParseSubscribableStatus(text);
      if (!status) return InvalidArgument("A status is Actual, Exercise or Test.").WithField("/statuses");
      if (std::find(settings.statuses.begin(), settings.statuses.end(), *status) == settings.statuses.end())
        settings.statuses.push_back(*status);
    }
  }
  if (body.contains("scopes")) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<std::string> names, net::OptionalStringArray(body, "scopes", 3, 20));
    settings.scopes.clear();
    for (const std::string& text : names) {
      std::optional<alerts::CapScope> scope = ParseScope(text);
      if (!scope) return InvalidArgument("A scope is Public, Restricted or Private.").WithField("/scopes");
      if (std::find(settings.scopes.begin(), settings.scopes.end(), *scope) == settings.scopes.end())
        settings.scopes.push_back(*scope);
    }
  }
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> coverage, net::OptionalString(body, "coverage", 20));
  if (coverage) {
    std::optional<Coverage> parsed = ParseCoverage(*coverage);
    if (!parsed) return InvalidArgument("Coverage is \"unit\" or \"subtree\".").WithField("/coverage");
    settings.coverage = *parsed;
  }
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> state, net::OptionalString(body, "state", 20));
  if (state) {
    std::optional<EndpointState> parsed = ParseEndpointState(*state);
    if (!parsed) return InvalidArgument("State is \"active\" or \"paused\".").WithField("/state");
    settings.state = *parsed;
  }
  return Status::Ok();
}

Result<std::int64_t> IdOf(const Request& request) {
  std::optional<std::int64_t> id = request.PathId("id");
  if (!id) return NotFound("There is no such webhook.");
  return *id;
}

Response List(WebhooksService& service, const Request& request) {
  return net::Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t unit, net::QueryInt(request, "unit_id", 0, 1, INT64_MAX));
    CHANCERY_ASSIGN_OR_RETURN(std::vector<Endpoint> endpoints, service.List(unit, identity::ContextOf(request)));
    json::array items;
    for (const Endpoint& endpoint : endpoints) items.push_back(EndpointJson(endpoint));
    return net::Json(json::object{{"items", std::move(items)}});
  });
}

Response Create(WebhooksService& service, const Request& request) {
  return net::Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t unit, net::RequireInt(body, "unit_id"));
    CHANCERY_TRY(net::RequireString(body, "name", 200).status());
    CHANCERY_TRY(net::RequireString(body, "url", 2000).status());
    EndpointSettings settings;
    CHANCERY_TRY(ReadSettings(body, settings));
    CHANCERY_ASSIGN_OR_RETURN(CreatedEndpoint created,
                              service.Create(unit, std::move(settings), identity::ContextOf(request)));
    json::object answer = EndpointJson(created.endpoint);
    answer["secret"] = created.secret;  // shown this once
    Response response = net::Json(201, answer);
    response.SetHeader("Cache-Control", "no-store");
    return response;
  });
}

Response Get(WebhooksService& service, const Request& request) {
  return net::Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, IdOf(request));
    CHANCERY_ASSIGN_OR_RETURN(Endpoint endpoint, service.Get(id, identity::ContextOf(request)));
    return net::Json(EndpointJson(endpoint));
  });
}

Response Update(WebhooksService& service, const Request& request) {
  return net::Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, IdOf(request));
    const identity::ActionContext context = identity::ContextOf(request);
    CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
    CHANCERY_ASSIGN_OR_RETURN(Endpoint endpoint, service.Get(id, context));
    EndpointSettings settings = endpoint.settings;
    CHANCERY_TRY(ReadSettings(body, settings));
    CHANCERY_ASSIGN_OR_RETURN(Endpoint updated, service.Update(id, std::move(settings), context));
    return net::Json(EndpointJson(updated));
  });
}

Response Delete(WebhooksService& service, const Request& request) {
  return net::Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, IdOf(request));
    CHANCERY_TRY(service.Delete(id, identity::ContextOf(request)));
    return Response::NoContent();
  });
}

Response Rotate(WebhooksService& service, const Request& request) {
  return net::Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, IdOf(request));
    CHANCERY_ASSIGN_OR_RETURN(std::string secret, service.RotateSecret(id, identity::ContextOf(request)));
    Response response = net::Json(json::object{{"secret", secret}});
    response.SetHeader("Cache-Control", "no-store");
    return response;
  });
}

Response Ping(WebhooksService& service, const Request& request) {
  return net::Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, IdOf(request));
    CHANCERY_ASSIGN_OR_RETURN(Delivery delivery, service.Ping(id, identity::ContextOf(request)));
    return net::Json(202, DeliveryJson(delivery));
  });
}

Response Deliveries(WebhooksService& service, const Request& request) {
  return net::Respond([&]() -> Result<Response> {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, IdOf(request));
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t limit, net::QueryInt(request, "limit", 50, 1, 200));
    CHANCERY_ASSIGN_OR_RETURN(std::vector<Delivery> deliveries,
                              service.Deliveries(id, static_cast<int>(limit), identity::ContextOf(request)));
    json::array items;
    for (const Delivery& delivery : deliveries) items.push_back(DeliveryJson(delivery));
    return net::Json(json::object{{"items", std::move(items)}});
  });
}

}  // namespace

void RegisterWebhookRoutes(net::Router& router, WebhooksService& service) {
  const auto route = [&](Method method, const char* pattern, Response (*handler)(WebhooksService&, const Request&)) {
    router.Add(method, pattern, net::RouteAccess::kAuthenticated,
               [&service, handler](Request& request) { return handler(service, request); });
  };
  route(Method::kGet, "/api/v1/webhooks", &List);
  route(Method::kPost, "/api/v1/webhooks", &Create);
  route(Method::kGet, "/api/v1/webhooks/:id", &Get);
  route(Method::kPatch, "/api/v1/webhooks/:id", &Update);
  route(Method::kDelete, "/api/v1/webhooks/:id", &Delete);
  route(Method::kPost, "/api/v1/webhooks/:id/rotate-secret", &Rotate);
  route(Method::kPost, "/api/v1/webhooks/:id/ping", &Ping);
  route(Method::kGet, "/api/v1/webhooks/:id/deliveries", &Deliveries);
}

}  // namespace chancery::webhooks
