#include "modules/cables/cables_api.hpp"

#include <boost/json.hpp>

#include <map>
#include <set>

#include "core/clock.hpp"
#include "modules/attachments/attachments_api.hpp"
#include "modules/cables/cables_json.hpp"
#include "modules/cables/cables_rules.hpp"
#include "net/json.hpp"

namespace chancery::cables {
namespace {

namespace json = boost::json;
using identity::ContextOf;
using net::Method;
using net::Request;
using net::Response;
using net::RouteAccess;

Result<std::int64_t> CableId(const Request& request) {
  std::optional<std::int64_t> id = request.PathId("id");
  if (!id) return NotFound("There is no cable " + request.PathParam("id") + ".");
  return *id;
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

Result<std::optional<std::int64_t>> TimeQuery(const Request& request, const char* name) {
  std::optional<std::string> text = request.Query(name);
  if (!text || text->empty()) return std::optional<std::int64_t>();
  std::optional<std::int64_t> ms = ParseIsoTimeUtc(*text);
  if (!ms)
    return InvalidArgument(std::string(name) + " is a UTC time, e.g. 2026-11-28 or 2026-11-28T09:00:00Z.")
        .WithField(name);
  return ms;
}

json::object SavedSearchToJson(const SavedSearch& search) {
  return json::object{
      {"id", search.id},
      {"name", search.name},
      {"q", search.query},
      {"tag", search.tag ? json::value(*search.tag) : json::value()},
      {"precedence", search.precedence ? json::value(PrecedenceName(*search.precedence)) : json::value()},
      {"unit_id", search.unit_id ? json::value(*search.unit_id) : json::value()},
      {"notify", search.notify},
      {"created_at", FormatIsoTime(search.created_at_ms)}};
}

json::object ListToJson(const DistributionList& list, UserNames& names) {
  json::array units;
  for (std::int64_t id : list.unit_ids) units.push_back(id);
  json::array users;
  for (std::int64_t id : list.user_ids) users.push_back(names(id));
  return json::object{{"id", list.id},
                      {"owner_unit_id", list.owner_unit_id},
                      {"name", list.name},
                      {"description", list.description},
                      {"unit_ids", std::move(units)},
                      {"users", std::move(users)},
                      {"created_at", FormatIsoTime(list.created_at_ms)},
                      {"updated_at", FormatIsoTime(list.updated_at_ms)},
                      {"version", list.version}};
}

Result<ListDraft> ParseListDraft(const json::object& body) {
  static const std::set<std::string_view> kKeys = {"owner_unit_id", "name",     "description",
                                                   "unit_ids",      "user_ids", "version"};
  for (const auto& entry : body) {
    if (!kKeys.contains(entry.key())) {
      return InvalidArgument("Unknown field '" + std::string(entry.key()) + "'.")
          .WithField("/" + std::string(entry.key()));
    }
  }
  ListDraft draft;
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::int64_t> owner, net::OptionalInt(body, "owner_unit_id"));
  draft.owner_unit_id = owner.value_or(0);
  CHANCERY_ASSIGN_OR_RETURN(draft.name, net::RequireString(body, "name", kMaxListNameLength));
  while (!draft.name.empty() && draft.name.back() == ' ') draft.name.pop_back();
  if (const json::value* description = body.if_contains("description"); description && !description->is_null()) {
    if (!description->is_string()) return InvalidArgument("description must be a string.").WithField("/description");
    draft.description = std::string(description->as_string());  // may be empty; at most 2,000 bytes (checked later)
  }
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::vector<std::int64_t>> units,
                            net::OptionalIdArray(body, "unit_ids", kMaxListMembers));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::vector<std::int64_t>> users,
                            net::OptionalIdArray(body, "user_ids", kMaxListMembers));
  draft.unit_ids = units.value_or(std::vector<std::int64_t>{});
  draft.user_ids = users.value_or(std::vector<std::int64_t>{});
  return draft;
}

Result<std::int64_t> ListId(const Request& request) {
  std::optional<std::int64_t> id = request.PathId("id");
  if (!id) return NotFound("There is no distribution list " + request.PathParam("id") + ".");
  return *id;
}

}  // namespace

void CablesApi::RegisterRoutes(net::Router& router) {
  const auto route = [&](Method method, const char* pattern, Response (CablesApi::*handler)(const Request&)) {
    router.Add(method, pattern, RouteAccess::kAuthenticated,
               [this, handler](Request& request) { return (this->*handler)(request); });
  };
  route(Method::kGet, "/api/v1/cables", &CablesApi::List);
  route(Method::kGet, "/api/v1/cables/search", &CablesApi::Search);
  route(Method::kGet, "/api/v1/cables/saved-searches", &CablesApi::ListSavedSearches);
  route(Method::kPost, "/api/v1/cables/saved-searches", &CablesApi::SaveSearch);
  route(Method::kDelete, "/api/v1/cables/saved-searches/:id", &CablesApi::DeleteSavedSearch);
  route(Method::kGet, "/api/v1/cables/lists", &CablesApi::ListLists);
  route(Method::kPost, "/api/v1/cables/lists", &CablesApi::CreateList);
  route(Method::kGet, "/api/v1/cables/lists/:id", &CablesApi::GetList);
  route(Method::kPut, "/api/v1/cables/lists/:id", &CablesApi::ReplaceList);
  route(Method::kDelete, "/api/v1/cables/lists/:id", &CablesApi::DeleteList);
  route(Method::kPost, "/api/v1/cables", &CablesApi::Create);
  route(Method::kGet, "/api/v1/cables/:id", &CablesApi::Get);
  route(Method::kPatch, "/api/v1/cables/:id", &CablesApi::Update);
  route(Method::kPost, "/api/v1/cables/:id/submit", &CablesApi::Submit);
  route(Method::kPost, "/api/v1/cables/:id/withdraw", &CablesApi::Withdraw);
  route(Method::kPost, "/api/v1/cables/:id/clearance", &CablesApi::Decide);
  route(Method::kPost, "/api/v1/cables/:id/release", &CablesApi::Release);
  route(Method::kGet, "/api/v1/cables/:id/recipients", &CablesApi::Recipients);
  route(Method::kGet, "/api/v1/cables/:id/export", &CablesApi::Export);
  route(Method::kGet, "/api/v1/cables/:id/attachments/:attachment_id", &CablesApi::GetAttachment);
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

Response CablesApi::Export(const Request& request) {
  Result<std::int64_t> id = CableId(request);
  if (!id.ok()) return net::Problem(id.status());
  Result<CableExport> exported = service_.Export(*id, ContextOf(request));
  if (!exported.ok()) return net::Problem(exported.status());
  Response response = Response::Text(200, std::move(exported->text));
  response.SetHeader("Content-Disposition", "attachment; filename=\"" + exported->filename + "\"");
  response.SetHeader("Cache-Control", "private, no-store");
  return response;
}

Response CablesApi::GetAttachment(const Request& request) {
  Result<std::int64_t> id = CableId(request);
  if (!id.ok()) return net::Problem(id.status());
  std::optional<std::int64_t> attachment_id = request.PathId("attachment_id");
  if (!attachment_id)
    return net::Problem(NotFound("There is no attachment " + request.PathParam("attachment_id") + "."));
  Result<attachments::AttachmentContent> content = service_.ReadAttachment(*id, *attachment_id, ContextOf(request));
  if (!content.ok()) return net::Problem(content.status());
  return attachments::AttachmentResponse(*content);
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
  // An empty comment is fine when clearing (a form sends its empty box); the service wants one when returning.
  std::string comment;
  if (const json::value* value = body->if_contains("comment"); value != nullptr && !value->is_null()) {
    if (!value->is_string()) return net::Problem(InvalidArgument("comment must be a string.").WithField("/comment"));
    comment = std::string(value->as_string());
  }
  return Reply(200, service_.Decide(*id, *decision, comment, ContextOf(request)), CableView::kFull);
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

Response CablesApi::Search(const Request& request) {
  SearchRequest search;
  search.query = request.Query("q").value_or("");
  if (auto tag = request.Query("tag"); tag && !tag->empty()) search.tag = *tag;
  if (auto precedence = request.Query("precedence"); precedence && !precedence->empty()) {
    search.precedence = ParsePrecedence(*precedence);
    if (!search.precedence) {
      return net::Problem(
          InvalidArgument("precedence is one of flash, immediate, priority, routine.").WithField("precedence"));
    }
  }
  Result<std::int64_t> unit = net::QueryInt(request, "unit_id", 0, 0, INT64_MAX);
  if (!unit.ok()) return net::Problem(unit.status());
  if (*unit > 0) search.unit_id = *unit;
  Result<std::optional<std::int64_t>> from = TimeQuery(request, "from");
  if (!from.ok()) return net::Problem(from.status());
  Result<std::optional<std::int64_t>> to = TimeQuery(request, "to");
  if (!to.ok()) return net::Problem(to.status());
  search.from_ms = *from;
  search.to_ms = *to;
  Result<std::int64_t> before = net::QueryInt(request, "before", 0, 0, INT64_MAX);
  if (!before.ok()) return net::Problem(before.status());
  if (*before > 0) search.before_id = *before;
  Result<std::int64_t> limit = net::QueryInt(request, "limit", 50, 1, 100);
  if (!limit.ok()) return net::Problem(limit.status());
  search.limit = static_cast<int>(*limit);
  Result<std::vector<Cable>> cables = search_.Search(search, ContextOf(request));
  if (!cables.ok()) return net::Problem(cables.status());
  UserNames names(identity_);
  json::array items;
  for (const Cable& cable : *cables) items.push_back(CableToJson(cable, CableView::kSummary, std::ref(names)));
  return net::Json(json::object{{"items", std::move(items)}});
}

Response CablesApi::ListSavedSearches(const Request& request) {
  Result<std::vector<SavedSearch>> searches = search_.ListSaved(ContextOf(request));
  if (!searches.ok()) return net::Problem(searches.status());
  json::array items;
  for (const SavedSearch& search : *searches) items.push_back(SavedSearchToJson(search));
  return net::Json(json::object{{"items", std::move(items)}});
}

Response CablesApi::SaveSearch(const Request& request) {
  Result<json::object> body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  SavedSearch search;
  Result<std::string> name = net::RequireString(*body, "name", 100);
  if (!name.ok()) return net::Problem(name.status());
  search.name = *name;
  Result<std::optional<std::string>> query = net::OptionalString(*body, "q", 200);
  if (!query.ok()) return net::Problem(query.status());
  search.query = query->value_or("");
  Result<std::optional<std::string>> tag = net::OptionalString(*body, "tag", 40);
  if (!tag.ok()) return net::Problem(tag.status());
  search.tag = *tag;
  Result<std::optional<std::string>> precedence = net::OptionalString(*body, "precedence", 20);
  if (!precedence.ok()) return net::Problem(precedence.status());
  if (*precedence) {
    search.precedence = ParsePrecedence(**precedence);
    if (!search.precedence) {
      return net::Problem(
          InvalidArgument("precedence is one of flash, immediate, priority, routine.").WithField("/precedence"));
    }
  }
  Result<std::optional<std::int64_t>> unit = net::OptionalInt(*body, "unit_id");
  if (!unit.ok()) return net::Problem(unit.status());
  search.unit_id = *unit;
  Result<std::optional<bool>> notify = net::OptionalBool(*body, "notify");
  if (!notify.ok()) return net::Problem(notify.status());
  search.notify = notify->value_or(false);
  Result<SavedSearch> saved = search_.Save(search, ContextOf(request));
  if (!saved.ok()) return net::Problem(saved.status());
  return net::Json(201, SavedSearchToJson(*saved));
}

Response CablesApi::DeleteSavedSearch(const Request& request) {
  std::optional<std::int64_t> id = request.PathId("id");
  if (!id) return net::Problem(NotFound("You have no saved search " + request.PathParam("id") + "."));
  if (Status deleted = search_.DeleteSaved(*id, ContextOf(request)); !deleted.ok()) return net::Problem(deleted);
  return Response::NoContent();
}

}  // namespace chancery::cables

namespace chancery::cables {

Response CablesApi::ListReply(int status, const Result<DistributionList>& list) const {
  if (!list.ok()) return net::Problem(list.status());
  UserNames names(identity_);
  return net::Json(status, ListToJson(*list, names));
}

Response CablesApi::ListLists(const Request& request) {
  Result<std::vector<DistributionList>> lists = lists_.List(ContextOf(request));
  if (!lists.ok()) return net::Problem(lists.status());
  UserNames names(identity_);
  json::array items;
  for (const DistributionList& list : *lists) items.push_back(ListToJson(list, names));
  return net::Json(json::object{{"items", std::move(items)}});
}

Response CablesApi::CreateList(const Request& request) {
  Result<json::object> body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  Result<ListDraft> draft = ParseListDraft(*body);
  if (!draft.ok()) return net::Problem(draft.status());
  if (draft->owner_unit_id == 0) {
    return net::Problem(InvalidArgument("owner_unit_id is required.").WithField("/owner_unit_id"));
  }
  return ListReply(201, lists_.Create(*draft, ContextOf(request)));
}

Response CablesApi::GetList(const Request& request) {
  Result<std::int64_t> id = ListId(request);
  if (!id.ok()) return net::Problem(id.status());
  return ListReply(200, lists_.Get(*id, ContextOf(request)));
}

Response CablesApi::ReplaceList(const Request& request) {
  Result<std::int64_t> id = ListId(request);
  if (!id.ok()) return net::Problem(id.status());
  Result<json::object> body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  Result<ListDraft> draft = ParseListDraft(*body);
  if (!draft.ok()) return net::Problem(draft.status());
  Result<std::optional<std::int64_t>> version = net::OptionalInt(*body, "version");
  if (!version.ok()) return net::Problem(version.status());
  return ListReply(200, lists_.Replace(*id, *version, *draft, ContextOf(request)));
}

Response CablesApi::DeleteList(const Request& request) {
  Result<std::int64_t> id = ListId(request);
  if (!id.ok()) return net::Problem(id.status());
  if (Status status = lists_.Delete(*id, ContextOf(request)); !status.ok()) return net::Problem(status);
  return Response::NoContent();
}

}  // namespace chancery::cables
