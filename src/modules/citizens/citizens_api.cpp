#include "modules/citizens/citizens_api.hpp"

#include <boost/json.hpp>

#include "modules/citizens/citizens_json.hpp"
#include "net/json.hpp"

namespace chancery::citizens {
namespace {

namespace json = boost::json;
using net::Method;
using net::Request;
using net::Response;

Response Respond(const Result<Citizen>& citizen, int status = 200) {
  if (!citizen.ok()) return net::Problem(citizen.status());
  Response response = net::Json(status, CitizenToJson(*citizen));
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

Result<std::int64_t> IdOf(const Request& request) {
  std::optional<std::int64_t> id = request.PathId("id");
  if (!id) return NotFound("There is no registration " + request.PathParam("id") + ".");
  return *id;
}

Response List(CitizensService& service, const Request& request) {
  ListFilter filter;
  if (std::optional<std::string> country = request.Query("country"); country && !country->empty()) {
    filter.country = *country;
  }
  filter.query = request.Query("q").value_or("");
  Result<std::int64_t> after = net::QueryInt(request, "after", 0, 0, INT64_MAX);
  if (!after.ok()) return net::Problem(after.status());
  Result<std::int64_t> limit = net::QueryInt(request, "limit", 50, 1, 200);
  if (!limit.ok()) return net::Problem(limit.status());
  filter.after_id = *after;
  filter.limit = static_cast<int>(*limit);
  Result<CitizenPage> page = service.List(*request.principal, filter);
  if (!page.ok()) return net::Problem(page.status());
  json::array items;
  for (const CitizenSummary& summary : page->items) items.push_back(SummaryToJson(summary));
  json::object body{{"items", std::move(items)}};
  body["total"] = page->total ? json::value(*page->total) : json::value();
  body["next_after"] = page->next_after ? json::value(*page->next_after) : json::value();
  Response response = net::Json(body);
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

Response Create(CitizensService& service, const Request& request) {
  Result<json::object> body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  Profile profile;
  if (Status read = ProfileFromJson(*body, profile); !read.ok()) return net::Problem(read);
  Result<std::vector<ConsentChoice>> consents = ParseConsentObject(body->if_contains("consents"));
  if (!consents.ok()) return net::Problem(consents.status());
  Result<std::optional<bool>> confirm = net::OptionalBool(*body, "confirm_not_duplicate");
  if (!confirm.ok()) return net::Problem(confirm.status());
  const DuplicatePolicy duplicates =
      confirm->value_or(false) ? DuplicatePolicy::kAllowSameNameAndBirthDate : DuplicatePolicy::kRefuse;
  Result<Citizen> citizen = service.Create(std::move(profile), *consents, duplicates, identity::ContextOf(request));
  Response response = Respond(citizen, 201);
  if (citizen.ok()) response.SetHeader("Location", "/api/v1/citizens/" + std::to_string(citizen->id));
  return response;
}

Response Get(CitizensService& service, const Request& request) {
  Result<std::int64_t> id = IdOf(request);
  if (!id.ok()) return net::Problem(id.status());
  return Respond(service.Get(*id, identity::ContextOf(request)));
}

Response Update(CitizensService& service, const Request& request) {
  Result<std::int64_t> id = IdOf(request);
  if (!id.ok()) return net::Problem(id.status());
  Result<Profile> profile = ReplacementProfile(request);
  if (!profile.ok()) return net::Problem(profile.status());
  return Respond(service.Update(*id, std::move(*profile), identity::ContextOf(request)));
}

Response SetConsent(CitizensService& service, const Request& request) {
  Result<std::int64_t> id = IdOf(request);
  if (!id.ok()) return net::Problem(id.status());
  Result<ConsentChoice> choice = ConsentChoiceOf(request);
  if (!choice.ok()) return net::Problem(choice.status());
  if (Status status = service.SetConsent(*id, *choice, identity::ContextOf(request)); !status.ok()) {
    return net::Problem(status);
  }
  return Get(service, request);
}

Response Erase(CitizensService& service, const Request& request) {
  Result<std::int64_t> id = IdOf(request);
  if (!id.ok()) return net::Problem(id.status());
  if (Status status = service.Erase(*id, identity::ContextOf(request)); !status.ok()) return net::Problem(status);
  return Response::NoContent();
}

Response Import(CitizensService& service, const Request& request) {
  const std::string_view type = request.Header("content-type").value_or("");
  if (type.substr(0, type.find(';')) != "text/csv") {
    return net::Problem(InvalidArgument("The request body must be sent as Content-Type: text/csv."));
  }
  Result<ImportReport> report = service.ImportCsv(request.body, identity::ContextOf(request));
  if (!report.ok()) return net::Problem(report.status());
  json::array errors;
  for (const ImportLineError& error : report->errors) {
    errors.push_back(json::object{{"line", error.line}, {"message", error.message}});
  }
  json::array duplicates;
  for (const std::string& reference : report->duplicate_references) duplicates.push_back(json::string(reference));
  return net::Json(json::object{{"created", report->created},
                                {"duplicates", report->duplicates},
                                {"duplicate_references", std::move(duplicates)},
                                {"errors", std::move(errors)}});
}

Response Export(CitizensService& service, const Request& request) {
  std::optional<std::string> country = request.Query("country");
  if (country && country->empty()) country.reset();
  Result<std::string> csv = service.ExportCsv(country, identity::ContextOf(request));
  if (!csv.ok()) return net::Problem(csv.status());
  Response response = Response::Text(200, *std::move(csv), "text/csv; charset=utf-8");
  response.SetHeader("Content-Disposition", "attachment; filename=\"citizens.csv\"");
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

}  // namespace

Result<std::vector<ConsentChoice>> ParseConsentObject(const json::value* value) {
  std::vector<ConsentChoice> choices;
  if (value == nullptr || value->is_null()) return choices;
  if (!value->is_object()) {
    return InvalidArgument("consents is an object such as {\"zalo\": true, \"email\": false}.").WithField("/consents");
  }
  for (const auto& [key, granted] : value->as_object()) {
    std::optional<Channel> channel = ParseChannel(key);
    if (!channel) {
      return InvalidArgument("consents names channels among zalo, sms, email, web_push; not " + std::string(key) + ".")
          .WithField("/consents/" + std::string(key));
    }
    if (!granted.is_bool()) {
      return InvalidArgument("A consent is true or false.").WithField("/consents/" + std::string(key));
    }
    choices.push_back({*channel, granted.as_bool()});
  }
  return choices;
}

Result<ConsentChoice> ConsentChoiceOf(const Request& request) {
  std::optional<Channel> channel = ParseChannel(request.PathParam("channel"));
  if (!channel) return NotFound("There is no channel " + request.PathParam("channel") + ".");
  CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<bool> granted, net::OptionalBool(body, "granted"));
  if (!granted) return InvalidArgument("granted is true or false.").WithField("/granted");
  return ConsentChoice{*channel, *granted};
}

Result<Profile> ReplacementProfile(const Request& request) {
  CHANCERY_ASSIGN_OR_RETURN(json::object body, net::ParseJsonObject(request));
  Profile profile;
  profile.language = "";
  CHANCERY_TRY(ProfileFromJson(body, profile));
  return profile;
}

void RegisterStaffRoutes(net::Router& router, CitizensService& service) {
  const auto route = [&](Method method, const char* pattern, Response (*handler)(CitizensService&, const Request&)) {
    router.Add(method, pattern, net::RouteAccess::kAuthenticated,
               [&service, handler](Request& request) { return handler(service, request); });
  };
  route(Method::kGet, "/api/v1/citizens", &List);
  route(Method::kPost, "/api/v1/citizens", &Create);
  route(Method::kPost, "/api/v1/citizens/import", &Import);
  route(Method::kGet, "/api/v1/citizens/export", &Export);
  route(Method::kGet, "/api/v1/citizens/:id", &Get);
  route(Method::kPut, "/api/v1/citizens/:id", &Update);
  route(Method::kDelete, "/api/v1/citizens/:id", &Erase);
  route(Method::kPut, "/api/v1/citizens/:id/consents/:channel", &SetConsent);
}

}  // namespace chancery::citizens
