#include "modules/alerts/alerts_api.hpp"

#include <boost/json.hpp>

#include "modules/alerts/alerts_json.hpp"
#include "net/json.hpp"

namespace chancery::alerts {
namespace {

namespace json = boost::json;
using net::Method;
using net::Request;
using net::Response;

Result<std::int64_t> IdOf(const Request& request) {
  std::optional<std::int64_t> id = request.PathId("id");
  if (!id) return NotFound("There is no alert " + request.PathParam("id") + ".");
  return *id;
}

Response Respond(const Result<Alert>& alert, int status = 200) {
  if (!alert.ok()) return net::Problem(alert.status());
  return net::Json(status, AlertToJson(*alert));
}

Result<AlertContent> ContentOf(const Request& request) {
  CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
  AlertContent content;
  CHANCERY_TRY(ContentFromJson(body, content));
  return content;
}

Response Create(AlertsService& service, const Request& request) {
  Result<AlertContent> content = ContentOf(request);
  if (!content.ok()) return net::Problem(content.status());
  Result<Alert> alert = service.Create(std::move(*content), identity::ContextOf(request));
  Response response = Respond(alert, 201);
  if (alert.ok()) response.SetHeader("Location", "/api/v1/alerts/" + std::to_string(alert->id));
  return response;
}

Response Update(AlertsService& service, const Request& request) {
  Result<std::int64_t> id = IdOf(request);
  if (!id.ok()) return net::Problem(id.status());
  Result<AlertContent> content = ContentOf(request);
  if (!content.ok()) return net::Problem(content.status());
  return Respond(service.Update(*id, std::move(*content), identity::ContextOf(request)));
}

Response List(AlertsService& service, const Request& request) {
  Result<std::int64_t> limit = net::QueryInt(request, "limit", 50, 1, 200);
  if (!limit.ok()) return net::Problem(limit.status());
  std::optional<std::int64_t> before;
  if (request.Query("before")) {
    Result<std::int64_t> value = net::QueryInt(request, "before", 0, 1, INT64_MAX);
    if (!value.ok()) return net::Problem(value.status());
    before = *value;
  }
  Result<std::vector<Alert>> alerts = service.List(*request.principal, before, static_cast<int>(*limit));
  if (!alerts.ok()) return net::Problem(alerts.status());
  json::array items;
  for (const Alert& alert : *alerts) items.push_back(AlertToJson(alert));
  json::value next =
      alerts->size() == static_cast<std::size_t>(*limit) ? json::value(alerts->back().id) : json::value();
  return net::Json(json::object{{"items", std::move(items)}, {"next_before", next}});
}

Response Get(AlertsService& service, const Request& request) {
  Result<std::int64_t> id = IdOf(request);
  if (!id.ok()) return net::Problem(id.status());
  return Respond(service.Get(*id, identity::ContextOf(request)));
}

Response Preview(AlertsService& service, const Request& request) {
  Result<std::int64_t> id = IdOf(request);
  if (!id.ok()) return net::Problem(id.status());
  Result<RecipientPreview> preview = service.Preview(*id, identity::ContextOf(request));
  if (!preview.ok()) return net::Problem(preview.status());
  json::object channels;
  for (const auto& [name, count] : preview->by_channel) channels[name] = count;
  json::object languages;
  for (const auto& [name, count] : preview->by_language) languages[name] = count;
  return net::Json(json::object{{"total", preview->total},
                                {"without_channel", preview->without_channel},
                                {"by_channel", std::move(channels)},
                                {"by_language", std::move(languages)},
                                {"needs_approval", preview->needs_approval}});
}

Response Submit(AlertsService& service, const Request& request) {
  Result<std::int64_t> id = IdOf(request);
  if (!id.ok()) return net::Problem(id.status());
  return Respond(service.Submit(*id, identity::ContextOf(request)));
}

Response Approve(AlertsService& service, const Request& request) {
  Result<std::int64_t> id = IdOf(request);
  if (!id.ok()) return net::Problem(id.status());
  return Respond(service.Approve(*id, identity::ContextOf(request)));
}

Response Discard(AlertsService& service, const Request& request) {
  Result<std::int64_t> id = IdOf(request);
  if (!id.ok()) return net::Problem(id.status());
  if (Status status = service.Discard(*id, identity::ContextOf(request)); !status.ok()) return net::Problem(status);
  return Response::NoContent();
}

Response Progress(AlertsService& service, const Request& request) {
  Result<std::int64_t> id = IdOf(request);
  if (!id.ok()) return net::Problem(id.status());
  Result<delivery::CampaignProgress> progress = service.Progress(*id, identity::ContextOf(request));
  if (!progress.ok()) return net::Problem(progress.status());
  json::array by_channel;
  for (const delivery::ChannelCount& count : progress->by_channel) {
    by_channel.push_back(json::object{{"channel", count.channel}, {"state", count.state}, {"count", count.count}});
  }
  json::array quotas;
  for (const delivery::QuotaUse& quota : progress->quotas) {
    quotas.push_back(
        json::object{{"channel", quota.channel}, {"day", quota.day}, {"used", quota.used}, {"limit", quota.limit}});
  }
  Response response = net::Json(json::object{{"total", progress->total},
                                             {"pending", progress->pending},
                                             {"awaiting_receipt", progress->awaiting_receipt},
                                             {"delivered", progress->delivered},
                                             {"failed", progress->failed},
                                             {"cancelled", progress->cancelled},
                                             {"by_channel", std::move(by_channel)},
                                             {"quotas", std::move(quotas)}});
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

Response Cap(AlertsService& service, const Request& request) {
  Result<std::int64_t> id = IdOf(request);
  if (!id.ok()) return net::Problem(id.status());
  Result<std::string> xml = service.CapXml(*id, identity::ContextOf(request));
  if (!xml.ok()) return net::Problem(xml.status());
  return Response::Text(200, std::move(*xml), "application/cap+xml; charset=utf-8");
}

Response PublicCap(AlertsService& service, const Request& request) {
  Result<std::string> xml = service.PublicCapXml(request.PathParam("identifier"));
  if (!xml.ok()) return net::Problem(xml.status());
  Response response = Response::Text(200, std::move(*xml), "application/cap+xml; charset=utf-8");
  response.SetHeader("Cache-Control", "public, max-age=60");
  return response;
}

// Links in the feed are absolute: the origin the request came to.
std::string BaseUrl(const Request& request) {
  const std::string host(request.Header("host").value_or("localhost"));
  return std::string(request.secure ? "https://" : "http://") + host;
}

Response PublicFeed(AlertsService& service, const Request& request) {
  Result<std::string> feed = service.PublicFeed(BaseUrl(request));
  if (!feed.ok()) return net::Problem(feed.status());
  Response response = Response::Text(200, std::move(*feed), "application/atom+xml; charset=utf-8");
  response.SetHeader("Cache-Control", "public, max-age=60");
  return response;
}

}  // namespace

void RegisterAlertRoutes(net::Router& router, AlertsService& service) {
  const auto route = [&](Method method, const char* pattern, net::RouteAccess access,
                         Response (*handler)(AlertsService&, const Request&)) {
    router.Add(method, pattern, access, [&service, handler](Request& request) { return handler(service, request); });
  };
  using net::RouteAccess;
  route(Method::kGet, "/api/v1/alerts", RouteAccess::kAuthenticated, &List);
  route(Method::kPost, "/api/v1/alerts", RouteAccess::kAuthenticated, &Create);
  route(Method::kGet, "/api/v1/alerts/:id", RouteAccess::kAuthenticated, &Get);
  route(Method::kPut, "/api/v1/alerts/:id", RouteAccess::kAuthenticated, &Update);
  route(Method::kDelete, "/api/v1/alerts/:id", RouteAccess::kAuthenticated, &Discard);
  route(Method::kGet, "/api/v1/alerts/:id/recipients", RouteAccess::kAuthenticated, &Preview);
  route(Method::kPost, "/api/v1/alerts/:id/submit", RouteAccess::kAuthenticated, &Submit);
  route(Method::kPost, "/api/v1/alerts/:id/approve", RouteAccess::kAuthenticated, &Approve);
  route(Method::kGet, "/api/v1/alerts/:id/progress", RouteAccess::kAuthenticated, &Progress);
  route(Method::kGet, "/api/v1/alerts/:id/cap.xml", RouteAccess::kAuthenticated, &Cap);
  route(Method::kGet, "/api/v1/public/alerts.atom", RouteAccess::kPublic, &PublicFeed);
  route(Method::kGet, "/api/v1/public/alerts/:identifier/cap.xml", RouteAccess::kPublic, &PublicCap);
}

}  // namespace chancery::alerts
