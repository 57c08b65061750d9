// HTTP routes of assistance cases (/api/v1/assistance): the list, one case with its trail, and the work on it
// (assign, note, resolve, reopen). Rules in assistance.hpp.
#include <boost/json.hpp>

#include "modules/alerts/alerts_module.hpp"
#include "net/json.hpp"

namespace chancery::alerts {
namespace {

namespace json = boost::json;
using net::Method;
using net::Request;
using net::Response;

json::value OptionalTime(const std::optional<std::int64_t>& at_ms) {
  return at_ms ? json::value(FormatIsoTime(*at_ms)) : json::value();
}

json::object CaseToJson(const AssistanceCase& item) {
  json::object out{
      {"id", item.id},
      {"alert_id", item.alert_id},
      {"alert_headline", item.alert_headline},
      {"citizen_id", item.citizen_id},
      {"unit_id", item.unit_id},
      {"country", item.country},
      {"state", CaseStateName(item.state)},
      {"assignee_id", item.assignee_id ? json::value(*item.assignee_id) : json::value()},
      {"assignee_name", item.assignee_name},
      {"opened_at", FormatIsoTime(item.opened_at_ms)},
      {"updated_at", FormatIsoTime(item.updated_at_ms)},
      {"resolved_at", OptionalTime(item.resolved_at_ms)},
      {"reference", item.reference},
      {"full_name", item.full_name},
      {"phone", item.phone},
      {"email", item.email},
      {"city", item.city},
      {"location", item.location ? json::value(json::object{{"latitude", item.location->latitude},
                                                            {"longitude", item.location->longitude}})
                                 : json::value()},
      {"last_message", item.last_message},
  };
  if (!item.trail.empty()) {
    json::array trail;
    for (const CaseEntry& entry : item.trail) {
      trail.push_back(json::object{
          {"id", entry.id},
          {"kind", entry.kind},
          {"actor_id", entry.actor_id ? json::value(*entry.actor_id) : json::value()},
          {"actor_name", entry.actor_name},
          {"assignee_id", entry.assignee_id ? json::value(*entry.assignee_id) : json::value()},
          {"assignee_name", entry.assignee_name},
          {"channel", entry.channel.empty() ? json::value() : json::value(entry.channel)},
          {"text", entry.text},
          {"at", FormatIsoTime(entry.at_ms)},
      });
    }
    out["trail"] = std::move(trail);
  }
  return out;
}

Result<std::int64_t> CaseId(const Request& request) {
  std::optional<std::int64_t> id = request.PathId("id");
  if (!id) return NotFound("There is no assistance case " + request.PathParam("id") + ".");
  return *id;
}

Response NoStore(Response response) {
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

// The optional text of a resolution or reopening, or the required one of a note.
Result<std::string> TextOf(const Request& request, bool required) {
  CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
  if (required) return net::RequireString(body, "text", 4000);
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> text, net::OptionalString(body, "text", 4000));
  return text.value_or("");
}

}  // namespace

void AlertsModule::RegisterAssistanceRoutes(net::Router& router) {
  router.Add(Method::kGet, "/api/v1/assistance", net::RouteAccess::kAuthenticated, [this](Request& request) {
    return net::Respond([&]() -> Result<Response> {
      CaseFilter filter;
      const std::string state = request.Query("state").value_or("open");
      if (state == "open") {
        filter.state = CaseState::kOpen;
      } else if (state == "resolved") {
        filter.state = CaseState::kResolved;
      } else if (state != "all") {
        return InvalidArgument("state is open, resolved or all.").WithField("state");
      }
      if (request.Query("alert_id")) {
        CHANCERY_ASSIGN_OR_RETURN(std::int64_t alert_id, net::QueryInt(request, "alert_id", 0, 1, INT64_MAX));
        filter.alert_id = alert_id;
      }
      const std::string assigned = request.Query("assigned").value_or("");
      if (assigned == "me") {
        filter.assignee_id = identity::ContextOf(request).actor->user_id;
      } else if (assigned == "none") {
        filter.unassigned = true;
      } else if (!assigned.empty()) {
        return InvalidArgument("assigned is me or none.").WithField("assigned");
      }
      if (request.Query("before")) {
        CHANCERY_ASSIGN_OR_RETURN(std::int64_t before, net::QueryInt(request, "before", 0, 1, INT64_MAX));
        filter.before_id = before;
      }
      CHANCERY_ASSIGN_OR_RETURN(std::int64_t limit, net::QueryInt(request, "limit", 100, 1, 200));
      filter.limit = static_cast<int>(limit);
      CHANCERY_ASSIGN_OR_RETURN(std::vector<AssistanceCase> cases,
                                assistance_.List(filter, identity::ContextOf(request)));
      json::array items;
      for (const AssistanceCase& item : cases) items.push_back(CaseToJson(item));
      json::object page{{"items", std::move(items)}};
      // Another page when this one is full (ordered unassigned first, then by id: `before` pages the latter).
      page["next_before"] =
          static_cast<std::int64_t>(cases.size()) == limit ? json::value(cases.back().id) : json::value();
      return NoStore(net::Json(page));
    });
  });
  router.Add(Method::kGet, "/api/v1/assistance/:id", net::RouteAccess::kAuthenticated, [this](Request& request) {
    return net::Respond([&]() -> Result<Response> {
      CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, CaseId(request));
      CHANCERY_ASSIGN_OR_RETURN(AssistanceCase item, assistance_.Get(id, identity::ContextOf(request)));
      return NoStore(net::Json(CaseToJson(item)));
    });
  });
  router.Add(
      Method::kPost, "/api/v1/assistance/:id/assign", net::RouteAccess::kAuthenticated, [this](Request& request) {
        return net::Respond([&]() -> Result<Response> {
          CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, CaseId(request));
          CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
          if (!body.contains("user_id")) {
            return InvalidArgument("user_id is required (null: nobody).").WithField("/user_id");
          }
          CHANCERY_ASSIGN_OR_RETURN(std::optional<std::int64_t> user, net::OptionalInt(body, "user_id"));
          CHANCERY_ASSIGN_OR_RETURN(AssistanceCase item, assistance_.Assign(id, user, identity::ContextOf(request)));
          return NoStore(net::Json(CaseToJson(item)));
        });
      });
  router.Add(Method::kPost, "/api/v1/assistance/:id/notes", net::RouteAccess::kAuthenticated, [this](Request& request) {
    return net::Respond([&]() -> Result<Response> {
      CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, CaseId(request));
      CHANCERY_ASSIGN_OR_RETURN(std::string text, TextOf(request, true));
      CHANCERY_ASSIGN_OR_RETURN(AssistanceCase item, assistance_.AddNote(id, text, identity::ContextOf(request)));
      return NoStore(net::Json(201, CaseToJson(item)));
    });
  });
  router.Add(
      Method::kPost, "/api/v1/assistance/:id/resolve", net::RouteAccess::kAuthenticated, [this](Request& request) {
        return net::Respond([&]() -> Result<Response> {
          CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, CaseId(request));
          CHANCERY_ASSIGN_OR_RETURN(std::string text, TextOf(request, false));
          CHANCERY_ASSIGN_OR_RETURN(AssistanceCase item, assistance_.Resolve(id, text, identity::ContextOf(request)));
          return NoStore(net::Json(CaseToJson(item)));
        });
      });
  router.Add(
      Method::kPost, "/api/v1/assistance/:id/reopen", net::RouteAccess::kAuthenticated, [this](Request& request) {
        return net::Respond([&]() -> Result<Response> {
          CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, CaseId(request));
          CHANCERY_ASSIGN_OR_RETURN(std::string text, TextOf(request, false));
          CHANCERY_ASSIGN_OR_RETURN(AssistanceCase item, assistance_.Reopen(id, text, identity::ContextOf(request)));
          return NoStore(net::Json(CaseToJson(item)));
        });
      });
}

}  // namespace chancery::alerts
