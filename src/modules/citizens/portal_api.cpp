// The citizens' portal API: see citizens_api.hpp. Routes are public for the router; each handler authenticates the
// portal cookie itself, so that a staff session never reaches a citizen's data and a portal session never reaches
// staff routes.
#include <boost/json.hpp>

#include "core/clock.hpp"
#include "modules/citizens/citizens_api.hpp"
#include "modules/citizens/citizens_json.hpp"
#include "net/json.hpp"

namespace chancery::citizens {
namespace {

namespace json = boost::json;
using net::Method;
using net::Request;
using net::Response;

constexpr const char* kCookie = "chancery_portal";

std::string Cookie(std::string_view token, bool secure, bool expire) {
  std::string cookie =
      std::string(kCookie) + "=" + std::string(token) + "; Path=/api/v1/portal; HttpOnly; SameSite=Strict";
  if (expire) cookie += "; Max-Age=0";
  if (secure) cookie += "; Secure";
  return cookie;
}

Response NoStore(Response response) {
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

// The request's portal session; for changes also its CSRF token.
Result<PortalSession> SessionOf(PortalService& portal, const Request& request) {
  std::optional<std::string> token = request.Cookie(kCookie);
  CHANCERY_ASSIGN_OR_RETURN(PortalSession session, portal.Authenticate(token.value_or("")));
  if (request.method != Method::kGet && request.method != Method::kHead) {
    const std::string_view csrf = request.Header("x-csrf-token").value_or("");
    if (csrf.empty() || !crypto::ConstantTimeEquals(csrf, session.csrf_token)) {
      return PermissionDenied("This change needs the X-CSRF-Token header of your portal session.")
          .WithReason("csrf_token_invalid");
    }
  }
  return session;
}

json::object SessionJson(const PortalSession& session) {
  return json::object{{"contact", session.contact.value},
                      {"contact_kind", session.contact.kind == ContactKind::kEmail ? "email" : "phone"},
                      {"registered", session.citizen_id.has_value()},
                      {"csrf_token", session.csrf_token},
                      {"expires_at", FormatIsoTime(session.expires_at_ms)}};
}

Response RespondCitizen(const Result<Citizen>& citizen, int status = 200) {
  if (!citizen.ok()) return net::Problem(citizen.status());
  json::object body = CitizenToJson(*citizen);
  body.erase("origin");
  return NoStore(net::Json(status, body));
}

Response RequestCode(PortalService& portal, Request& request) {
  Result<json::object> body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  Result<std::string> contact = net::RequireString(*body, "contact");
  if (!contact.ok()) return net::Problem(contact.status());
  Result<std::optional<std::string>> language = net::OptionalString(*body, "language");
  if (!language.ok()) return net::Problem(language.status());
  if (Status sent = portal.RequestCode(*contact, language->value_or("vi"), request.remote_address); !sent.ok()) {
    return net::Problem(sent);
  }
  return net::Json(202, json::object{{"sent", true}});
}

Response SignIn(PortalService& portal, Request& request) {
  Result<json::object> body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  Result<std::string> contact = net::RequireString(*body, "contact");
  if (!contact.ok()) return net::Problem(contact.status());
  Result<std::string> code = net::RequireString(*body, "code");
  if (!code.ok()) return net::Problem(code.status());
  Result<PortalSession> session = portal.VerifyCode(*contact, *code, request.remote_address);
  if (!session.ok()) return net::Problem(session.status());
  Response response = NoStore(net::Json(201, SessionJson(*session)));
  response.SetHeader("Set-Cookie", Cookie(session->token, request.secure, false));
  return response;
}

Response CurrentSession(PortalService& portal, Request& request) {
  Result<PortalSession> session = SessionOf(portal, request);
  if (!session.ok()) return net::Problem(session.status());
  return NoStore(net::Json(SessionJson(*session)));
}

Response SignOut(PortalService& portal, Request& request) {
  Result<PortalSession> session = SessionOf(portal, request);
  if (!session.ok()) return net::Problem(session.status());
  if (Status status = portal.LogOut(request.Cookie(kCookie).value_or("")); !status.ok()) return net::Problem(status);
  Response response = Response::NoContent();
  response.SetHeader("Set-Cookie", Cookie("", request.secure, true));
  return response;
}

Response Register(PortalService& portal, Request& request) {
  Result<PortalSession> session = SessionOf(portal, request);
  if (!session.ok()) return net::Problem(session.status());
  Result<json::object> body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  Profile profile;
  if (Status read = ProfileFromJson(*body, profile); !read.ok()) return net::Problem(read);
  Result<std::vector<ConsentChoice>> consents = ParseConsentObject(body->if_contains("consents"));
  if (!consents.ok()) return net::Problem(consents.status());
  return RespondCitizen(portal.Register(*session, std::move(profile), *consents, request.remote_address), 201);
}

Response Mine(PortalService& portal, Request& request) {
  Result<PortalSession> session = SessionOf(portal, request);
  if (!session.ok()) return net::Problem(session.status());
  return RespondCitizen(portal.Mine(*session, request.remote_address));
}

Response UpdateMine(PortalService& portal, Request& request) {
  Result<PortalSession> session = SessionOf(portal, request);
  if (!session.ok()) return net::Problem(session.status());
  Result<Profile> profile = ReplacementProfile(request);
  if (!profile.ok()) return net::Problem(profile.status());
  return RespondCitizen(portal.UpdateMine(*session, std::move(*profile), request.remote_address));
}

Response SetMyConsent(PortalService& portal, Request& request) {
  Result<PortalSession> session = SessionOf(portal, request);
  if (!session.ok()) return net::Problem(session.status());
  Result<ConsentChoice> choice = ConsentChoiceOf(request);
  if (!choice.ok()) return net::Problem(choice.status());
  if (Status status = portal.SetMyConsent(*session, *choice, request.remote_address); !status.ok()) {
    return net::Problem(status);
  }
  return RespondCitizen(portal.Mine(*session, request.remote_address));
}

Response ExportMine(PortalService& portal, Request& request) {
  Result<PortalSession> session = SessionOf(portal, request);
  if (!session.ok()) return net::Problem(session.status());
  Result<json::object> data = portal.ExportMine(*session);
  if (!data.ok()) return net::Problem(data.status());
  Response response = NoStore(net::Json(*data));
  response.SetHeader("Content-Disposition", "attachment; filename=\"my-registration.json\"");
  return response;
}

Response EraseMine(PortalService& portal, Request& request) {
  Result<PortalSession> session = SessionOf(portal, request);
  if (!session.ok()) return net::Problem(session.status());
  if (Status status = portal.EraseMine(*session, request.remote_address); !status.ok()) return net::Problem(status);
  Response response = Response::NoContent();
  response.SetHeader("Set-Cookie", Cookie("", request.secure, true));
  return response;
}

Response ZaloCode(PortalService& portal, Request& request) {
  Result<PortalSession> session = SessionOf(portal, request);
  if (!session.ok()) return net::Problem(session.status());
  Result<std::string> code = portal.NewZaloLinkCode(*session);
  if (!code.ok()) return net::Problem(code.status());
  return NoStore(net::Json(201, json::object{{"code", *code}}));
}

Response SetPush(PortalService& portal, Request& request) {
  Result<PortalSession> session = SessionOf(portal, request);
  if (!session.ok()) return net::Problem(session.status());
  std::optional<std::string> subscription;
  if (request.method == Method::kPut) {
    Result<json::object> body = net::ParseJsonObject(request);
    if (!body.ok()) return net::Problem(body.status());
    const json::value* endpoint = body->if_contains("endpoint");
    const json::value* keys = body->if_contains("keys");
    const json::object* key_object = keys ? keys->if_object() : nullptr;
    if (endpoint == nullptr || !endpoint->is_string() || !endpoint->as_string().starts_with("https://") ||
        key_object == nullptr || !key_object->contains("p256dh") || !key_object->contains("auth")) {
      return net::Problem(
          InvalidArgument("A push subscription is {\"endpoint\": \"https://…\", \"keys\": {\"p256dh\", \"auth\"}}."));
    }
    subscription = json::serialize(
        json::object{{"endpoint", *endpoint}, {"p256dh", key_object->at("p256dh")}, {"auth", key_object->at("auth")}});
  }
  if (Status status = portal.SetPushSubscription(*session, subscription); !status.ok()) return net::Problem(status);
  return Response::NoContent();
}

}  // namespace

void RegisterPortalRoutes(net::Router& router, PortalService& portal) {
  const auto route = [&](Method method, const char* pattern, Response (*handler)(PortalService&, Request&)) {
    router.Add(method, pattern, net::RouteAccess::kPublic,
               [&portal, handler](Request& request) { return handler(portal, request); });
  };
  route(Method::kPost, "/api/v1/portal/codes", &RequestCode);
  route(Method::kPost, "/api/v1/portal/session", &SignIn);
  route(Method::kGet, "/api/v1/portal/session", &CurrentSession);
  route(Method::kDelete, "/api/v1/portal/session", &SignOut);
  route(Method::kPost, "/api/v1/portal/registration", &Register);
  route(Method::kGet, "/api/v1/portal/registration", &Mine);
  route(Method::kPut, "/api/v1/portal/registration", &UpdateMine);
  route(Method::kDelete, "/api/v1/portal/registration", &EraseMine);
  route(Method::kGet, "/api/v1/portal/registration/export", &ExportMine);
  route(Method::kPut, "/api/v1/portal/registration/consents/:channel", &SetMyConsent);
  route(Method::kPost, "/api/v1/portal/registration/zalo-code", &ZaloCode);
  route(Method::kPut, "/api/v1/portal/registration/push-subscription", &SetPush);
  route(Method::kDelete, "/api/v1/portal/registration/push-subscription", &SetPush);
}

}  // namespace chancery::citizens
