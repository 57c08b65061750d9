// HTTP routes of the safety check: the one-tap page's API (public, the token is the credential), the mission's
// dashboard (staff), and the SMS gateway's webhooks (replies and delivery reports, signed by the gateway).
#include <boost/json.hpp>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "modules/alerts/alerts_module.hpp"
#include "net/json.hpp"

namespace chancery::alerts {
namespace {

namespace json = boost::json;
using net::Method;
using net::Request;
using net::Response;

json::value PointJson(const std::optional<citizens::GeoPoint>& point) {
  if (!point) return json::value();
  return json::object{{"latitude", point->latitude}, {"longitude", point->longitude}};
}

// The gateway signs each webhook body: X-Signature: sha256=<hex HMAC-SHA256 of the body with the shared secret>.
bool SignedByGateway(const Request& request, const std::string& secret) {
  if (secret.empty()) return false;
  const std::string expected = "sha256=" + crypto::ToHex(crypto::HmacSha256(secret, request.body));
  return crypto::ConstantTimeEquals(request.Header("x-signature").value_or(""), expected);
}

}  // namespace

void AlertsModule::RegisterSafetyRoutes(net::Router& router) {
  // The key a browser subscribes to web push with (the portal's "alerts on this device"): the VAPID public key.
  router.Add(Method::kGet, "/api/v1/public/push-key", net::RouteAccess::kPublic, [this](Request&) {
    if (!options_.web_push) {
      return net::Problem(NotFound("Web push is not configured on this server.").WithReason("push_not_configured"));
    }
    return net::Json(json::object{{"public_key", options_.web_push->vapid.public_key}});
  });
  router.Add(Method::kGet, "/api/v1/public/safety/:token", net::RouteAccess::kPublic, [this](Request& request) {
    Result<SafetyLink> link = safety_.Describe(request.PathParam("token"));
    if (!link.ok()) return net::Problem(link.status());
    Response response =
        net::Json(json::object{{"headline", link->headline},
                               {"instruction", link->instruction},
                               {"language", link->language},
                               {"answered", link->answered ? json::value(*link->answered) : json::value()}});
    response.SetHeader("Cache-Control", "no-store");
    return response;
  });
  router.Add(Method::kPost, "/api/v1/public/safety/:token", net::RouteAccess::kPublic, [this](Request& request) {
    Result<json::object> body = net::ParseJsonObject(request);
    if (!body.ok()) return net::Problem(body.status());
    Result<std::string> status = net::RequireString(*body, "status");
    if (!status.ok()) return net::Problem(status.status());
    if (*status != "safe" && *status != "need_help") {
      return net::Problem(InvalidArgument("status is safe or need_help.").WithField("/status"));
    }
    SafetyAnswer answer;
    answer.status = *status == "safe" ? SafetyStatus::kSafe : SafetyStatus::kNeedHelp;
    // An empty message is no message (the page sends what the box holds).
    const json::value* text = body->if_contains("message");
    if (text == nullptr || !text->is_string() || !text->as_string().empty()) {
      Result<std::optional<std::string>> message = net::OptionalString(*body, "message", 2000);
      if (!message.ok()) return net::Problem(message.status());
      answer.message = message->value_or("");
    }
    if (const json::value* location = body->if_contains("location"); location && !location->is_null()) {
      const json::object* point = location->if_object();
      const json::value* latitude = point ? point->if_contains("latitude") : nullptr;
      const json::value* longitude = point ? point->if_contains("longitude") : nullptr;
      if (!latitude || !longitude || !latitude->is_number() || !longitude->is_number() ||
          std::abs(latitude->to_number<double>()) > 90 || std::abs(longitude->to_number<double>()) > 180) {
        return net::Problem(InvalidArgument("location is {latitude, longitude} in degrees.").WithField("/location"));
      }
      answer.location = citizens::GeoPoint{latitude->to_number<double>(), longitude->to_number<double>()};
    }
    // Which way the answer came: the one-tap page ("link", the default) or a web push notification ("web_push").
    Result<std::optional<std::string>> via = net::OptionalString(*body, "via", 16);
    if (!via.ok()) return net::Problem(via.status());
    if (*via && **via != "link" && **via != "web_push") {
      return net::Problem(InvalidArgument("via is link or web_push.").WithField("/via"));
    }
    if (Status recorded =
            safety_.AnswerByLink(request.PathParam("token"), answer, request.remote_address, via->value_or("link"));
        !recorded.ok()) {
      return net::Problem(recorded);
    }
    return Response::NoContent();
  });
  router.Add(Method::kGet, "/api/v1/alerts/:id/safety", net::RouteAccess::kAuthenticated, [this](Request& request) {
    std::optional<std::int64_t> id = request.PathId("id");
    if (!id) return net::Problem(NotFound("There is no alert " + request.PathParam("id") + "."));
    Result<SafetySummary> summary = safety_.Summary(*id, identity::ContextOf(request));
    if (!summary.ok()) return net::Problem(summary.status());
    json::object channels;
    for (const auto& [channel, count] : summary->by_channel) channels[channel] = count;
    Response response = net::Json(json::object{{"recipients", summary->recipients},
                                               {"safe", summary->safe},
                                               {"need_help", summary->need_help},
                                               {"no_answer", summary->no_answer},
                                               {"by_channel", std::move(channels)}});
    response.SetHeader("Cache-Control", "no-store");
    return response;
  });
  router.Add(
      Method::kGet, "/api/v1/alerts/:id/safety/people", net::RouteAccess::kAuthenticated, [this](Request& request) {
        std::optional<std::int64_t> id = request.PathId("id");
        if (!id) return net::Problem(NotFound("There is no alert " + request.PathParam("id") + "."));
        Result<std::vector<SafetyPerson>> people =
            safety_.People(*id, request.Query("which").value_or("need_help"), identity::ContextOf(request));
        if (!people.ok()) return net::Problem(people.status());
        json::array items;
        for (const SafetyPerson& person : *people) {
          items.push_back(
              json::object{{"citizen_id", person.citizen_id},
                           {"reference", person.reference},
                           {"full_name", person.full_name},
                           {"phone", person.phone},
                           {"city", person.city},
                           {"status", person.status},
                           {"channel", person.channel.empty() ? json::value() : json::value(person.channel)},
                           {"message", person.message},
                           {"location", PointJson(person.location)},
                           {"answered_at",
                            person.answered_at_ms ? json::value(FormatIsoTime(*person.answered_at_ms)) : json::value()},
                           {"case_id", person.case_id ? json::value(*person.case_id) : json::value()}});
        }
        Response response = net::Json(json::object{{"items", std::move(items)}});
        response.SetHeader("Cache-Control", "no-store");
        return response;
      });
  router.Add(Method::kPost, "/api/v1/sms/inbound", net::RouteAccess::kPublic, [this](Request& request) {
    if (!SignedByGateway(request, options_.sms_webhook_secret)) {
      return net::Problem(PermissionDenied("The webhook signature does not verify.").WithReason("bad_signature"));
    }
    Result<json::object> body = net::ParseJsonObject(request);
    if (!body.ok()) return net::Problem(body.status());
    Result<std::string> from = net::RequireString(*body, "from");
    Result<std::string> text = net::RequireString(*body, "text");
    Result<std::string> id = net::RequireString(*body, "id");
    if (!from.ok() || !text.ok() || !id.ok()) {
      return net::Problem(InvalidArgument("An inbound SMS is {id, from, text}."));
    }
    Result<std::string> reply = safety_.AnswerBySms(*from, *text, *id);
    if (!reply.ok()) {
      // An unknown sender is not the gateway's problem: acknowledged, nothing recorded.
      if (reply.status().code() == StatusCode::kNotFound || reply.status().code() == StatusCode::kInvalidArgument) {
        return net::Json(json::object{{"recorded", false}});
      }
      return net::Problem(reply.status());
    }
    if (sms_reply_) sms_reply_(*from, *reply, "reply-" + *id);
    return net::Json(json::object{{"recorded", true}});
  });
  router.Add(Method::kPost, "/api/v1/sms/reports", net::RouteAccess::kPublic, [this](Request& request) {
    if (!SignedByGateway(request, options_.sms_webhook_secret)) {
      return net::Problem(PermissionDenied("The webhook signature does not verify.").WithReason("bad_signature"));
    }
    Result<json::object> body = net::ParseJsonObject(request);
    if (!body.ok()) return net::Problem(body.status());
    Result<std::string> id = net::RequireString(*body, "id");
    Result<std::string> status = net::RequireString(*body, "status");
    if (!id.ok() || !status.ok()) return net::Problem(InvalidArgument("A delivery report is {id, status}."));
    Result<bool> matched = *status == "delivered" ? deliveries_.ApplyReceipt("sms", *id, clock_.NowMs())
                                                  : deliveries_.ApplyFailureReport("sms", *id, clock_.NowMs());
    if (!matched.ok()) return net::Problem(matched.status());
    if (*matched && *status != "delivered") dispatcher_.Wake();
    return net::Json(json::object{{"matched", *matched}});
  });
}

}  // namespace chancery::alerts
