#include "modules/notifications/notifications_api.hpp"

#include <boost/json.hpp>

#include "core/clock.hpp"
#include "net/json.hpp"

namespace chancery::notifications {
namespace {

namespace json = boost::json;
using net::Method;
using net::Request;
using net::Response;

json::object ToJson(const Notification& notification) {
  return json::object{
      {"id", notification.id},
      {"kind", notification.kind},
      {"title", notification.title},
      {"body", notification.body},
      {"link", notification.link},
      {"urgent", notification.urgent},
      {"created_at", FormatIsoTime(notification.created_at_ms)},
      {"read_at", notification.read_at_ms ? json::value(FormatIsoTime(*notification.read_at_ms)) : json::value()}};
}

}  // namespace

void NotificationsApi::RegisterRoutes(net::Router& router) {
  const auto route = [&](Method method, const char* pattern, Response (NotificationsApi::*handler)(const Request&)) {
    router.Add(method, pattern, net::RouteAccess::kAuthenticated,
               [this, handler](Request& request) { return (this->*handler)(request); });
  };
  route(Method::kGet, "/api/v1/notifications", &NotificationsApi::List);
  route(Method::kPost, "/api/v1/notifications/read-all", &NotificationsApi::MarkAllRead);
  route(Method::kPost, "/api/v1/notifications/:id/read", &NotificationsApi::MarkRead);
}

Response NotificationsApi::List(const Request& request) {
  const std::int64_t user_id = request.principal->user_id;
  Result<std::int64_t> limit = net::QueryInt(request, "limit", 50, 1, 200);
  if (!limit.ok()) return net::Problem(limit.status());
  const std::string unread = request.Query("unread").value_or("false");
  if (unread != "true" && unread != "false") {
    return net::Problem(InvalidArgument("unread is true or false.").WithField("unread"));
  }
  Result<std::vector<Notification>> items = service_.List(user_id, unread == "true", static_cast<int>(*limit));
  if (!items.ok()) return net::Problem(items.status());
  Result<std::int64_t> unread_count = service_.UnreadCount(user_id);
  if (!unread_count.ok()) return net::Problem(unread_count.status());
  json::array array;
  for (const Notification& notification : *items) array.push_back(ToJson(notification));
  return net::Json(json::object{{"items", std::move(array)}, {"unread_count", *unread_count}});
}

Response NotificationsApi::MarkRead(const Request& request) {
  std::optional<std::int64_t> id = request.PathId("id");
  if (!id) return net::Problem(NotFound("There is no notification " + request.PathParam("id") + " for you."));
  if (Status status = service_.MarkRead(request.principal->user_id, *id); !status.ok()) return net::Problem(status);
  return Response::NoContent();
}

Response NotificationsApi::MarkAllRead(const Request& request) {
  if (Status status = service_.MarkAllRead(request.principal->user_id); !status.ok()) return net::Problem(status);
  return Response::NoContent();
}

}  // namespace chancery::notifications
