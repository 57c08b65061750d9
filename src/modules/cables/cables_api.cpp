#include "modules/cables/cables_api.hpp"

#include <boost/json.hpp>

#include <charconv>
#include <map>

#include "modules/cables/cables_json.hpp"
#include "net/json.hpp"

namespace chancery::cables {
namespace {

namespace json = boost::json;
using net::Method;
using net::Request;
using net::Response;
using net::RouteAccess;

identity::ActionContext ContextOf(const Request& request) {
  return identity::ActionContext{request.principal.get(), request.remote_address, request.request_id};
}

Result<std::int64_t> CableId(const Request& request) {
  const std::string text = request.PathParam("id");
  std::int64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) {
    return NotFound("There is no cable " + text + ".");
  }
  return id;
}

// Describes users as {id, username, display_name}, looking each up once.
class UserNames {
 public:
  explicit UserNames(identity::IdentityService& identity) : identity_(identity) {}
  json::value operator()(std::int64_t user_id) {
    auto [it, inserted] = users_.try_emplace(user_id, nullptr);
    if (!inserted) return it->second;
    Result<std::optional<identity::UserRecord>> user = identity_.FindUser(user_id);
    const bool known = user.ok() && *user;
    it->second = json::object{{"id", user_id},
                              {"username", known ? json::value((*user)->username) : json::value(nullptr)},
                              {"display_name", known ? json::value((*user)->display_name) : json::value(nullptr)}};
    return it->second;
  }

 private:
  identity::IdentityService& identity_;
  std::map<std::int64_t, json::value> users_;
};

}  // namespace

void CablesApi::RegisterRoutes(net::Router& router) {
  const auto route = [&](Method method, const char* pattern, Response (CablesApi::*handler)(const Request&)) {
    router.Add(method, pattern, RouteAccess::kAuthenticated,
               [this, handler](Request& request) { return (this->*handler)(request); });
  };
  route(Method::kGet, "/api/v1/cables", &CablesApi::List);
  route(Method::kPost, "/api/v1/cables", &CablesApi::Create);
  route(Method::kGet, "/api/v1/cables/:id", &CablesApi::Get);
  route(Method::kPatch, "/api/v1/cables/:id", &CablesApi::Update);
  route(Method::kPost, "/api/v1/cables/:id/submit", &CablesApi::Submit);
  route(Method::kPost, "/api/v1/cables/:id/withdraw", &CablesApi::Withdraw);
  route(Method::kPost, "/api/v1/cables/:id/clearance", &CablesApi::Decide);
  route(Method::kPost, "/api/v1/cables/:id/release", &CablesApi::Release);
  route(Method::kGet, "/api/v1/cables/:id/recipients", &CablesApi::Recipients);
  route(Method::kPost, "/api/v1/cables/:id/acknowledgements", &CablesApi::Acknowledge);
}

Response CablesApi::Reply(int status, const Result<Cable>& cable, CableView view) const {
  if (!cable.ok()) return net::Problem(cable.status());
  UserNames names(identity_);
  return net::Json(status, CableToJson(*cable, view, std::ref(names)));
}

Response CablesApi::List(const Request& request) {
  std::optional<Box> box = ParseBox(request.Query("box").value_or("inbox"));
  if (!box) {
    return net::Problem(InvalidArgument("box is one of inbox, sent, drafts, clearance, release.").WithField("box"));
  }
  Result<std::int64_t> limit = net::QueryInt(request, "limit", 50, 1, 100);
  if (!limit.ok()) return net::Problem(limit.status());
  Result<std::int64_t> before = net::QueryInt(request, "before", 0, 0, INT64_MAX);
  if (!before.ok()) return net::Problem(before.status());
  Result<std::vector<Cable>> cables =
      service_.List(*box, *before > 0 ? std::optional<std::int64_t>(*before) : std::nullopt, static_cast<int>(*limit),
                    ContextOf(request));
  if (!cables.ok()) return net::Problem(cables.status());
  UserNames names(identity_);
  json::array items;
  for (const Cable& cable : *cables) items.push_back(CableToJson(cable, CableView::kSummary, std::ref(names)));
  return net::Json(json::object{{"items", std::move(items)}});
}

Response CablesApi::Create(const Request& request) {
  Result<json::object> body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  if (body->contains("version")) {
    return net::Problem(InvalidArgument("A new draft has no version yet.").WithField("/version"));
  }
  Result<CableDraft> draft = ParseCableDraft(*body);
  if (!draft.ok()) return net::Problem(draft.status());
  Result<Cable> cable = service_.CreateDraft(*draft, ContextOf(request));
  Response response = Reply(201, cable, CableView::kFull);
  if (cable.ok()) response.SetHeader("Location", "/api/v1/cables/" + std::to_string(cable->id));
  return response;
}

Response CablesApi::Get(const Request& request) {
  Result<std::int64_t> id = CableId(request);
  if (!id.ok()) return net::Problem(id.status());
  return Reply(200, service_.Read(*id, ContextOf(request)), CableView::kFull);
}

Response CablesApi::Update(const Request& request) {
  Result<std::int64_t> id = CableId(request);
  if (!id.ok()) return net::Problem(id.status());
  Result<json::object> body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  Result<CableDraft> changes = ParseCableDraft(*body);
  if (!changes.ok()) return net::Problem(changes.status());
  Result<std::optional<std::int64_t>> version = net::OptionalInt(*body, "version");
  if (!version.ok()) return net::Problem(version.status());
  return Reply(200, service_.UpdateDraft(*id, *version, *changes, ContextOf(request)), CableView::kFull);
}

Response CablesApi::Submit(const Request& request) {
  Result<std::int64_t> id = CableId(request);
  if (!id.ok()) return net::Problem(id.status());
  Result<json::object> body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  const json::value* list = body->if_contains("clearers");
  if (list == nullptr || !list->is_array()) {
    return net::Problem(InvalidArgument("clearers is an array of user ids.").WithField("/clearers"));
  }
  std::vector<std::int64_t> clearers;
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    if (!list->as_array()[i].is_int64()) {
      return net::Problem(InvalidArgument("A clearer is a user id.").WithField("/clearers/" + std::to_string(i)));
    }
    clearers.push_back(list->as_array()[i].as_int64());
  }
  Result<std::optional<std::string>> rule_name = net::OptionalString(*body, "rule", 10);
  if (!rule_name.ok()) return net::Problem(rule_name.status());
  std::optional<ClearanceRule> rule = ParseClearanceRule(rule_name->value_or("all"));
  if (!rule) return net::Problem(InvalidArgument("rule is \"any\" or \"all\".").WithField("/rule"));
  return Reply(200, service_.Submit(*id, clearers, *rule, ContextOf(request)), CableView::kFull);
}

Response CablesApi::Withdraw(const Request& request) {
  Result<std::int64_t> id = CableId(request);
  if (!id.ok()) return net::Problem(id.status());
  return Reply(200, service_.Withdraw(*id, ContextOf(request)), CableView::kFull);
}

Response CablesApi::Decide(const Request& request) {
  Result<std::int64_t> id = CableId(request);
  if (!id.ok()) return net::Problem(id.status());
  Result<json::object> body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  Result<std::string> decision_name = net::RequireString(*body, "decision", 20);
  if (!decision_name.ok()) return net::Problem(decision_name.status());
  std::optional<ClearanceDecision> decision = ParseClearanceDecision(*decision_name);
  if (!decision || *decision == ClearanceDecision::kPending) {
    return net::Problem(InvalidArgument("decision is \"cleared\" or \"returned\".").WithField("/decision"));
  }
  Result<std::optional<std::string>> comment = net::OptionalString(*body, "comment", 2000);
  if (!comment.ok()) return net::Problem(comment.status());
  return Reply(200, service_.Decide(*id, *decision, comment->value_or(""), ContextOf(request)), CableView::kFull);
}

Response CablesApi::Release(const Request& request) {
  Result<std::int64_t> id = CableId(request);
  if (!id.ok()) return net::Problem(id.status());
  return Reply(200, service_.Release(*id, ContextOf(request)), CableView::kFull);
}

Response CablesApi::Recipients(const Request& request) {
  Result<std::int64_t> id = CableId(request);
  if (!id.ok()) return net::Problem(id.status());
  return Reply(200, service_.Track(*id, ContextOf(request)), CableView::kTracking);
}

Response CablesApi::Acknowledge(const Request& request) {
  Result<std::int64_t> id = CableId(request);
  if (!id.ok()) return net::Problem(id.status());
  Result<json::object> body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  Result<std::int64_t> unit_id = net::RequireInt(*body, "unit_id");
  if (!unit_id.ok()) return net::Problem(unit_id.status());
  return Reply(200, service_.Acknowledge(*id, *unit_id, ContextOf(request)), CableView::kTracking);
}

}  // namespace chancery::cables
