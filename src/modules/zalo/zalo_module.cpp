#include "modules/zalo/zalo_module.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "core/clock.hpp"
#include "modules/audit/audit.hpp"
#include "modules/identity/identity.hpp"
#include "modules/identity/user_validation.hpp"
#include "net/json.hpp"

namespace chancery::zalo {
namespace {

namespace json = boost::json;
using net::Method;
using net::Request;
using net::Response;

}  // namespace

delivery::SendOutcome ZaloMessageChannel::Send(const delivery::SendRequest& request) {
  const delivery::Recipient& recipient = *request.recipient;
  if (recipient.zalo_user_id.empty() || !recipient.zalo_account_id) {
    return delivery::SendOutcome::Failed(delivery::SendResult::kUnreachable, "not linked to a Zalo OA");
  }
  return connector_.SendConsultation(*recipient.zalo_account_id, recipient.zalo_user_id, request.message.text);
}

delivery::SendOutcome ZaloTemplateChannel::Send(const delivery::SendRequest& request) {
  const delivery::Recipient& recipient = *request.recipient;
  if (recipient.phone.size() < 2 || request.message.template_id.empty()) {
    return delivery::SendOutcome::Failed(delivery::SendResult::kUnreachable, request.message.template_id.empty()
                                                                                 ? "no ZNS template is configured"
                                                                                 : "no phone number");
  }
  std::optional<std::int64_t> account = recipient.zalo_account_id;
  if (!account) {
    Result<std::vector<ZaloAccountSummary>> accounts = accounts_.ListByUnit(request.message.sender_unit_id);
    if (accounts.ok() && !accounts->empty()) account = accounts->front().id;
  }
  if (!account) {
    return delivery::SendOutcome::Failed(delivery::SendResult::kUnreachable, "the sending unit has no Zalo OA");
  }
  // ZNS wants E.164 without "+"; our delivery key comes back in the receipt as tracking_id.
  return connector_.SendTemplate(*account, recipient.phone.substr(1), request.message.template_id,
                                 request.message.template_data_json, request.idempotency_key);
}

ZaloModule::ZaloModule(storage::Database& database, const crypto::FieldCipher& cipher, const Clock& clock,
                       audit::AuditLog& audit, const identity::Authorizer& authorizer, ZaloConnectorOptions options)
    : clock_(clock),
      audit_(audit),
      authorizer_(authorizer),
      accounts_(database, cipher, clock),
      replies_(database, cipher, clock),
      connector_(accounts_, clock, std::move(options)),
      message_channel_(std::make_shared<ZaloMessageChannel>(connector_)),
      template_channel_(std::make_shared<ZaloTemplateChannel>(connector_, accounts_)) {}

void ZaloModule::RegisterRoutes(net::Router& router) {
  router.Add(Method::kPost, "/api/v1/zalo/accounts/:id/webhook", net::RouteAccess::kPublic,
             [this](Request& request) { return Webhook(request); });
  router.Add(Method::kPost, "/api/v1/zalo/accounts", net::RouteAccess::kAuthenticated,
             [this](Request& request) { return CreateAccount(request); });
  router.Add(Method::kGet, "/api/v1/zalo/accounts", net::RouteAccess::kAuthenticated,
             [this](Request& request) { return ListAccounts(request); });
}

Response ZaloModule::Webhook(Request& request) {
  std::optional<std::int64_t> id = request.PathId("id");
  Result<ZaloAccount> account = id ? accounts_.Load(*id) : Result<ZaloAccount>(NotFound("no such account"));
  // An unknown account and a bad signature look the same from outside.
  const std::string_view signature = request.Header("x-zevent-signature").value_or("");
  if (!account.ok() ||
      !VerifyWebhookSignature(request.body, signature, account->oa_secret_key, clock_.NowMs() / 1000).ok()) {
    return net::Problem(PermissionDenied("The webhook signature does not verify.").WithReason("bad_signature"));
  }
  Result<WebhookEvent> event = ParseWebhookEvent(request.body, account->oa_id);
  if (!event.ok()) return net::Problem(event.status());
  if (event->event_name == "user_received_message" && handlers_.receipt) {
    if (Status status = handlers_.receipt(*event); !status.ok()) {
      spdlog::warn("zalo: recording a receipt: {}", status.ToString());
      return net::Problem(Unavailable("The receipt could not be recorded; send it again."));
    }
  } else if (event->event_name == "user_send_text" && handlers_.text) {
    Result<std::string> reply = handlers_.text(*account, *event);
    if (!reply.ok()) return net::Problem(Unavailable("The message could not be handled; send it again."));
    if (!reply->empty()) {
      // A reply inside the interaction window the citizen just opened; its failure does not fail the webhook. It is
      // recorded first, so that its receipt is never taken for an alert's (ZaloReplies); unrecorded, it is not sent.
      Result<std::int64_t> recorded = replies_.Begin(account->id, event->user_id);
      if (!recorded.ok()) {
        spdlog::warn("zalo: reply not sent, it could not be recorded: {}", recorded.status().ToString());
      } else {
        const delivery::SendOutcome sent = connector_.SendConsultation(account->id, event->user_id, *reply);
        if (sent.result != delivery::SendResult::kAccepted) spdlog::info("zalo: reply not sent: {}", sent.detail);
        if (Status finished = replies_.Finish(*recorded, sent); !finished.ok()) {
          spdlog::warn("zalo: recording a reply's message id: {}", finished.ToString());
        }
      }
    }
  }
  return net::Json(json::object{{"error", 0}});
}

Response ZaloModule::CreateAccount(Request& request) {
  Result<json::object> body = net::ParseJsonObject(request);
  if (!body.ok()) return net::Problem(body.status());
  NewZaloAccount account;
  Result<std::int64_t> unit = net::RequireInt(*body, "unit_id");
  if (!unit.ok()) return net::Problem(unit.status());
  account.unit_id = *unit;
  if (Status allowed = authorizer_.Check(*request.principal, identity::Permission::kDirectoryWrite, account.unit_id);
      !allowed.ok()) {
    return net::Problem(allowed);
  }
  for (const auto& [key, target] :
       std::initializer_list<std::pair<const char*, std::string*>>{{"oa_id", &account.oa_id},
                                                                   {"app_id", &account.app_id},
                                                                   {"secret_key", &account.secret_key},
                                                                   {"oa_secret_key", &account.oa_secret_key},
                                                                   {"refresh_token", &account.refresh_token}}) {
    Result<std::string> value = net::RequireString(*body, key);
    if (!value.ok()) return net::Problem(value.status());
    *target = *value;
  }
  Result<std::optional<std::string>> access = net::OptionalString(*body, "access_token");
  if (!access.ok()) return net::Problem(access.status());
  account.access_token = access->value_or("");
  Result<std::int64_t> created = accounts_.Create(account);
  if (!created.ok()) return net::Problem(created.status());
  audit::AuditEvent event = identity::MakeEvent(identity::ContextOf(request), "zalo_account.created");
  event.unit_id = account.unit_id;
  event.target_type = "zalo_account";
  event.target_id = std::to_string(*created);
  event.detail_json = json::serialize(json::object{{"oa_id", account.oa_id}});
  if (Status audited = audit_.Append(event); !audited.ok()) return net::Problem(audited);
  Response response =
      net::Json(201, json::object{{"id", *created},
                                  {"unit_id", account.unit_id},
                                  {"oa_id", account.oa_id},
                                  {"webhook_path", "/api/v1/zalo/accounts/" + std::to_string(*created) + "/webhook"}});
  return response;
}

Response ZaloModule::ListAccounts(Request& request) {
  Result<std::int64_t> unit = net::QueryInt(request, "unit_id", 0, 1, INT64_MAX);
  if (!unit.ok()) return net::Problem(unit.status());
  if (Status allowed = authorizer_.Check(*request.principal, identity::Permission::kDirectoryRead, *unit);
      !allowed.ok()) {
    return net::Problem(allowed);
  }
  Result<std::vector<ZaloAccountSummary>> accounts = accounts_.ListByUnit(*unit);
  if (!accounts.ok()) return net::Problem(accounts.status());
  json::array items;
  for (const ZaloAccountSummary& account : *accounts) {
    items.push_back(json::object{{"id", account.id},
                                 {"unit_id", account.unit_id},
                                 {"oa_id", account.oa_id},
                                 {"webhook_path", "/api/v1/zalo/accounts/" + std::to_string(account.id) + "/webhook"}});
  }
  return net::Json(json::object{{"items", std::move(items)}});
}

}  // namespace chancery::zalo
