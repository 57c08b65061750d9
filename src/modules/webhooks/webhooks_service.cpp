// WebhooksService: see webhooks_service.hpp.
#include "modules/webhooks/webhooks_service.hpp"

#include <boost/json.hpp>

#include "core/crypto.hpp"
#include "modules/delivery/http_client.hpp"
#include "modules/identity/user_validation.hpp"

namespace chancery::webhooks {
namespace {

namespace json = boost::json;
using identity::ActionContext;
using identity::Permission;
using storage::Transaction;

Status Missing(std::int64_t id) { return NotFound("There is no webhook " + std::to_string(id) + "."); }

alerts::CapTime UtcTime(std::int64_t ms) {
  return {std::chrono::sys_seconds(std::chrono::seconds(ms / 1000)), std::chrono::minutes(0)};
}

}  // namespace

WebhooksService::WebhooksService(storage::Database& database, WebhooksStore& store, const Clock& clock,
                                 audit::AuditLog& audit, const identity::Authorizer& authorizer,
                                 WebhooksOptions options)
    : database_(database),
      store_(store),
      clock_(clock),
      audit_(audit),
      authorizer_(authorizer),
      options_(std::move(options)) {}

Status WebhooksService::CheckAccess(std::int64_t unit_id, Access access, const ActionContext& context) const {
  if (context.actor == nullptr) return PermissionDenied("Webhooks are managed by members of staff.");
  if (access == Access::kManage) return authorizer_.Check(*context.actor, Permission::kAlertsApprove, unit_id);
  if (authorizer_.Allowed(*context.actor, Permission::kAlertsApprove, unit_id)) return Status::Ok();
  return authorizer_.Check(*context.actor, Permission::kAlertsSend, unit_id);
}

Result<Endpoint> WebhooksService::LoadFor(std::int64_t id, Access access, const ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Webhooks are managed by members of staff.");
  Result<Endpoint> endpoint = store_.LoadEndpoint(id);
  if (!endpoint.ok()) return endpoint.status().code() == StatusCode::kNotFound ? Missing(id) : endpoint.status();
  if (!CheckAccess(endpoint->unit_id, Access::kRead, context).ok()) return Missing(id);
  if (access == Access::kManage) CHANCERY_TRY(CheckAccess(endpoint->unit_id, Access::kManage, context));
  return endpoint;
}

Status WebhooksService::CheckSettings(std::int64_t unit_id, const EndpointSettings& settings,
                                      const ActionContext& context) const {
  if (settings.name.empty() || settings.name.size() > 200) {
    return InvalidArgument("A webhook has a name of up to 200 characters.").WithField("/name");
  }
  if (settings.statuses.empty()) {
    return InvalidArgument("Choose at least one status (Actual, Exercise, Test).").WithField("/statuses");
  }
  if (settings.scopes.empty()) {
    return InvalidArgument("Choose at least one scope (Public, Restricted, Private).").WithField("/scopes");
  }
  if (settings.coverage == Coverage::kSubtree &&
      !authorizer_.AllowedOnSubtree(*context.actor, Permission::kAlertsApprove, unit_id)) {
    return PermissionDenied(
               "Receiving the alerts of the units below needs the permission alerts_approve over the whole subtree.")
        .WithField("/coverage");
  }
  // The form, then the address guard on what the host resolves to now (checked again before every send).
  return ResolveDestination(settings.url, options_.destinations).status();
}

Status WebhooksService::Audit(Transaction& transaction, const ActionContext& context, const Endpoint& endpoint,
                              std::string action, std::string detail_json) {
  audit::AuditEvent event = identity::MakeEvent(context, std::move(action));
  event.unit_id = endpoint.unit_id;
  event.target_type = "webhook";
  event.target_id = std::to_string(endpoint.id);
  event.detail_json = std::move(detail_json);
  return audit_.Append(transaction, event);
}

Result<std::vector<Endpoint>> WebhooksService::List(std::int64_t unit_id, const ActionContext& context) {
  CHANCERY_TRY(CheckAccess(unit_id, Access::kRead, context));
  return store_.ListEndpoints(unit_id);
}

Result<CreatedEndpoint> WebhooksService::Create(std::int64_t unit_id, EndpointSettings settings,
                                                const ActionContext& context) {
  CHANCERY_TRY(CheckAccess(unit_id, Access::kManage, context));
  CHANCERY_TRY(CheckSettings(unit_id, settings, context));
  CreatedEndpoint created{.endpoint = {}, .secret = NewSecret()};
  const std::int64_t now = clock_.NowMs();
  CHANCERY_TRY(database_.Write("webhooks.create", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, store_.CreateEndpoint(transaction, unit_id, settings, created.secret,
                                                                     context.actor->user_id, now));
    created.endpoint = {.id = id,
                        .unit_id = unit_id,
                        .settings = settings,
                        .created_by = context.actor->user_id,
                        .created_at_ms = now,
                        .updated_at_ms = now};
    return Audit(transaction, context, created.endpoint, "webhook.created",
                 json::serialize(json::object{{"name", settings.name}, {"host", delivery::HostOf(settings.url)}}));
  }));
  return created;
}

Result<Endpoint> WebhooksService::Get(std::int64_t id, const ActionContext& context) {
  return LoadFor(id, Access::kRead, context);
}

Result<Endpoint> WebhooksService::Update(std::int64_t id, EndpointSettings settings, const ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(Endpoint endpoint, LoadFor(id, Access::kManage, context));
  CHANCERY_TRY(CheckSettings(endpoint.unit_id, settings, context));
  CHANCERY_TRY(database_.Write("webhooks.update", [&](Transaction& transaction) -> Status {
    CHANCERY_TRY(store_.UpdateEndpoint(transaction, id, settings, clock_.NowMs()));
    json::object detail{{"name", settings.name},
                        {"host", delivery::HostOf(settings.url)},
                        {"state", EndpointStateName(settings.state)}};
    if (settings.state != endpoint.settings.state) detail["was"] = EndpointStateName(endpoint.settings.state);
    return Audit(transaction, context, endpoint, "webhook.updated", json::serialize(detail));
  }));
  return store_.LoadEndpoint(id);
}

Status WebhooksService::PauseGone(std::int64_t endpoint_id) {
  CHANCERY_ASSIGN_OR_RETURN(Endpoint endpoint, store_.LoadEndpoint(endpoint_id));
  if (endpoint.settings.state != EndpointState::kActive) return Status::Ok();
  EndpointSettings settings = endpoint.settings;
  settings.state = EndpointState::kPaused;
  return database_.Write("webhooks.pause_gone", [&](Transaction& transaction) -> Status {
    CHANCERY_TRY(store_.UpdateEndpoint(transaction, endpoint_id, settings, clock_.NowMs()));
    audit::AuditEvent event;
    event.actor = "system";
    event.action = "webhook.paused";
    event.unit_id = endpoint.unit_id;
    event.target_type = "webhook";
    event.target_id = std::to_string(endpoint_id);
    event.detail_json = json::serialize(json::object{{"name", settings.name},
                                                     {"host", delivery::HostOf(settings.url)},
                                                     {"reason", "the receiver answered 410 Gone"}});
    return audit_.Append(transaction, event);
  });
}

Status WebhooksService::Delete(std::int64_t id, const ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(Endpoint endpoint, LoadFor(id, Access::kManage, context));
  return database_.Write("webhooks.delete", [&](Transaction& transaction) -> Status {
    CHANCERY_TRY(store_.DeleteEndpoint(transaction, id));
    return Audit(transaction, context, endpoint, "webhook.deleted",
                 json::serialize(json::object{{"name", endpoint.settings.name}}));
  });
}

Result<std::string> WebhooksService::RotateSecret(std::int64_t id, const ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(Endpoint endpoint, LoadFor(id, Access::kManage, context));
  std::string secret = NewSecret();
  const std::int64_t now = clock_.NowMs();
  CHANCERY_TRY(database_.Write("webhooks.rotate", [&](Transaction& transaction) -> Status {
    CHANCERY_TRY(store_.RotateSecret(transaction, id, secret, now + options_.secret_grace_ms, now));
    return Audit(transaction, context, endpoint, "webhook.secret_rotated",
                 json::serialize(json::object{{"previous_valid_until", now + options_.secret_grace_ms}}));
  }));
  return secret;
}

Result<Delivery> WebhooksService::Ping(std::int64_t id, const ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(Endpoint endpoint, LoadFor(id, Access::kManage, context));
  if (endpoint.settings.state != EndpointState::kActive) {
    return Conflict("The webhook is paused: resume it before testing it.").WithReason("paused");
  }
  const std::int64_t now = clock_.NowMs();
  // A CAP message like the real ones, but with status Test: "technical testing only, all recipients disregard".
  alerts::CapAlert cap;
  cap.identifier = options_.test_identifier_prefix + "." + crypto::ToHex(crypto::RandomBytes(8));
  cap.sender = options_.sender;
  cap.sent = UtcTime(now);
  cap.status = alerts::CapStatus::kTest;
  cap.note = "A test of the webhook \"" + endpoint.settings.name + "\" from Chancery.";
  alerts::CapInfo info;
  info.language = "en-US";
  info.categories = {alerts::CapCategory::kOther};
  info.event = "Webhook test";
  info.headline = "Test message: no action needed";
  info.description = "Chancery sent this message to check that the webhook receives and verifies crisis alerts.";
  cap.infos.push_back(std::move(info));
  CHANCERY_ASSIGN_OR_RETURN(std::string body, alerts::WriteCapXml(cap));
  std::int64_t delivery_id = 0;
  CHANCERY_TRY(database_.Write("webhooks.ping", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        delivery_id, store_.EnqueuePing(transaction, id, cap.identifier, body, now, options_.retry.give_up_after_ms));
    return Audit(transaction, context, endpoint, "webhook.pinged",
                 json::serialize(json::object{{"identifier", cap.identifier}}));
  }));
  if (on_queued_) on_queued_();
  return store_.LoadDelivery(delivery_id);
}

Result<std::vector<Delivery>> WebhooksService::Deliveries(std::int64_t id, int limit, const ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(Endpoint endpoint, LoadFor(id, Access::kRead, context));
  return store_.ListDeliveries(endpoint.id, limit);
}

Status WebhooksService::Publish(Transaction& transaction, const alerts::PublishedAlert& published) {
  const alerts::Alert& alert = published.alert;
  OutgoingAlert outgoing{.alert_id = alert.id,
                         .identifier = alert.identifier,
                         .unit_id = alert.content.unit_id,
                         .unit_and_ancestors = authorizer_.hierarchy().SelfAndAncestors(alert.content.unit_id),
                         .status = alert.content.status,
                         .scope = alert.content.scope,
                         .body = published.cap_xml};
  return store_.EnqueueAlert(transaction, outgoing, clock_.NowMs(), options_.retry.give_up_after_ms).status();
}

}  // namespace chancery::webhooks
