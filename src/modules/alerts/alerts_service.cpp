#include "modules/alerts/alerts_service.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "core/crypto.hpp"
#include "modules/alerts/alert_rules.hpp"
#include "modules/alerts/atom_feed.hpp"
#include "modules/identity/user_validation.hpp"

namespace chancery::alerts {
namespace {

constexpr std::int64_t kEarlyReceiptKeepMs = 24LL * 3600 * 1000;

namespace json = boost::json;
using identity::ActionContext;
using identity::Permission;
using storage::Transaction;

std::string Missing(std::int64_t id) { return "There is no alert " + std::to_string(id) + " for you."; }

// A stable URN for an alert's Atom entry: a name-based UUID (version 5 layout, SHA-256 instead of SHA-1) of its CAP
// identifier, so that feed readers recognise the entry whatever the feed's address.
std::string AtomEntryId(const std::string& identifier) {
  std::string bytes = crypto::Sha256("chancery.alert:" + identifier).substr(0, 16);
  bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x50);
  bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);
  const std::string hex = crypto::ToHex(bytes);
  return "urn:uuid:" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) +
         "-" + hex.substr(20);
}

}  // namespace

AlertsService::AlertsService(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                             const identity::Authorizer& authorizer, const directory::UnitTree& tree,
                             directory::DirectoryService& directory, Recipients& recipients,
                             delivery::DeliveryStore& deliveries, AlertsOptions options)
    : database_(database),
      clock_(clock),
      audit_(audit),
      authorizer_(authorizer),
      tree_(tree),
      directory_(directory),
      recipients_(recipients),
      deliveries_(deliveries),
      options_(std::move(options)) {}

Result<Jurisdiction> AlertsService::JurisdictionOf(std::int64_t unit_id) {
  if (authorizer_.IsHqUnit(unit_id)) return Jurisdiction();  // HQ alerts citizens anywhere
  CHANCERY_ASSIGN_OR_RETURN(std::vector<directory::CountryInfo> countries, directory_.ListCountries());
  std::vector<std::string> covered;
  for (const directory::CountryInfo& country : countries) {
    if (std::find(country.missions.begin(), country.missions.end(), unit_id) != country.missions.end()) {
      covered.push_back(country.code);
    }
  }
  return Jurisdiction(std::move(covered));
}

Result<Alert> AlertsService::Load(std::int64_t id) {
  return storage::ReadValue(database_, "alerts.get", [&](Transaction& transaction) -> Result<Alert> {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Alert> alert, store_.Find(transaction, id));
    if (!alert) return NotFound(Missing(id));
    return std::move(*alert);
  });
}

Result<Alert> AlertsService::LoadFor(std::int64_t id, std::optional<Permission> permission,
                                     const ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(Alert alert, Load(id));
  if (context.actor == nullptr) return PermissionDenied("Alerts are handled by members of staff.");
  const bool may_send = authorizer_.Allowed(*context.actor, Permission::kAlertsSend, alert.content.unit_id);
  const bool may_approve = authorizer_.Allowed(*context.actor, Permission::kAlertsApprove, alert.content.unit_id);
  if (!may_send && !may_approve) return NotFound(Missing(id));
  if (permission == Permission::kAlertsSend && !may_send) {
    return PermissionDenied("This needs the permission alerts_send on the alert's unit.");
  }
  if (permission == Permission::kAlertsApprove && !may_approve) {
    return PermissionDenied("Approving needs the permission alerts_approve on the alert's unit.");
  }
  return alert;
}

Result<std::optional<Alert>> AlertsService::Referenced(const AlertContent& content) {
  if (!content.references_id) return std::optional<Alert>();
  Result<Alert> referenced = Load(*content.references_id);
  if (!referenced.ok()) {
    if (referenced.status().code() == StatusCode::kNotFound) return std::optional<Alert>();
    return referenced.status();
  }
  return std::optional<Alert>(std::move(*referenced));
}

Status AlertsService::Audit(Transaction& transaction, const ActionContext& context, const Alert& alert,
                            std::string action, std::string detail_json) {
  audit::AuditEvent event = identity::MakeEvent(context, std::move(action));
  event.unit_id = alert.content.unit_id;
  event.target_type = "alert";
  event.target_id = std::to_string(alert.id);
  event.detail_json = std::move(detail_json);
  return audit_.Append(transaction, event);
}

Result<Alert> AlertsService::Create(AlertContent content, const ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Alerts are composed by members of staff.");
  CHANCERY_TRY(authorizer_.Check(*context.actor, Permission::kAlertsSend, content.unit_id));
  CHANCERY_ASSIGN_OR_RETURN(Jurisdiction jurisdiction, JurisdictionOf(content.unit_id));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Alert> referenced, Referenced(content));
  CHANCERY_TRY(CheckContent(content, jurisdiction, referenced, clock_.NowMs()));
  std::optional<Alert> created;
  CHANCERY_TRY(database_.Write("alerts.create", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(created, store_.Insert(transaction, content, context.actor->user_id,
                                                     options_.identifier_prefix, clock_.NowMs()));
    return Audit(transaction, context, *created, "alert.created",
                 json::serialize(json::object{{"status", CapName(content.status)},
                                              {"message_type", CapName(content.message_type)}}));
  }));
  return std::move(*created);
}

Result<Alert> AlertsService::Update(std::int64_t id, AlertContent content, const ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(Alert alert, LoadFor(id, Permission::kAlertsSend, context));
  if (content.unit_id != alert.content.unit_id) {
    return InvalidArgument("An alert stays with the unit that composed it.").WithField("/unit_id");
  }
  CHANCERY_ASSIGN_OR_RETURN(Jurisdiction jurisdiction, JurisdictionOf(content.unit_id));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Alert> referenced, Referenced(content));
  CHANCERY_TRY(CheckContent(content, jurisdiction, referenced, clock_.NowMs()));
  CHANCERY_TRY(database_.Write("alerts.update", [&](Transaction& transaction) -> Status {
    CHANCERY_TRY(store_.UpdateDraft(transaction, id, content, clock_.NowMs()));
    return Audit(transaction, context, alert, "alert.updated");
  }));
  return Load(id);
}

Result<Alert> AlertsService::Get(std::int64_t id, const ActionContext& context) {
  return LoadFor(id, std::nullopt, context);
}

Result<std::vector<Alert>> AlertsService::List(const Principal& principal, std::optional<std::int64_t> before_id,
                                               int limit) {
  std::vector<std::int64_t> units;
  bool everywhere = false;
  for (Permission permission : {Permission::kAlertsSend, Permission::kAlertsApprove}) {
    identity::Authorizer::Scope scope = authorizer_.ScopeOf(principal, permission, tree_.AllIds());
    everywhere = everywhere || scope.everywhere;
    units.insert(units.end(), scope.unit_ids.begin(), scope.unit_ids.end());
  }
  return storage::ReadValue(database_, "alerts.list", [&](Transaction& transaction) {
    return store_.List(transaction, units, everywhere, before_id, limit);
  });
}

Result<RecipientPreview> AlertsService::Preview(std::int64_t id, const ActionContext& context) {
  // Approvers see whom they approve sending to.
  CHANCERY_ASSIGN_OR_RETURN(Alert alert, LoadFor(id, std::nullopt, context));
  CHANCERY_ASSIGN_OR_RETURN(Jurisdiction jurisdiction, JurisdictionOf(alert.content.unit_id));
  CHANCERY_ASSIGN_OR_RETURN(Area area, AreaOf(alert.content));
  CHANCERY_ASSIGN_OR_RETURN(RecipientPreview preview, recipients_.Preview(area, jurisdiction));
  preview.needs_approval = alert.content.status == CapStatus::kActual &&
                           preview.total - preview.without_channel > options_.approval_threshold;
  return preview;
}

Result<Alert> AlertsService::Submit(std::int64_t id, const ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(Alert alert, LoadFor(id, Permission::kAlertsSend, context));
  if (alert.state != AlertState::kDraft)
    return Conflict("Only a draft can be submitted; this one is " + std::string(AlertStateName(alert.state)) + ".");
  CHANCERY_ASSIGN_OR_RETURN(RecipientPreview preview, Preview(id, context));
  if (preview.needs_approval) {
    CHANCERY_TRY(database_.Write("alerts.submit", [&](Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(
          bool moved,
          store_.Move(transaction, id, AlertState::kDraft,
                      {.to = AlertState::kAwaitingApproval, .submitted_by = context.actor->user_id}, clock_.NowMs()));
      if (!moved) return Conflict("The alert was submitted meanwhile.");
      return Audit(transaction, context, alert, "alert.submitted",
                   json::serialize(json::object{{"recipients", preview.total}, {"needs_approval", true}}));
    }));
    return Load(id);
  }
  return StartSending(alert, AlertState::kDraft, std::nullopt, context);
}

Result<Alert> AlertsService::Approve(std::int64_t id, const ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(Alert alert, LoadFor(id, Permission::kAlertsApprove, context));
  if (alert.state != AlertState::kAwaitingApproval) {
    return Conflict("Only an alert awaiting approval can be approved; this one is " +
                    std::string(AlertStateName(alert.state)) + ".");
  }
  const Principal& actor = *context.actor;
  if (actor.user_id == alert.created_by || (alert.submitted_by && actor.user_id == *alert.submitted_by)) {
    return PermissionDenied("The second approval must come from someone other than who composed and submitted it.")
        .WithReason("own_alert");
  }
  const std::int64_t now = clock_.NowMs();
  if (!actor.mfa_verified || now - actor.mfa_verified_at_ms > options_.step_up_window_ms) {
    return FailedPrecondition(
               "Approving an alert needs a fresh two-factor check: enter a code from your authenticator app, then "
               "approve again.")
        .WithReason("step_up_required");
  }
  return StartSending(alert, AlertState::kAwaitingApproval, actor.user_id, context);
}

Result<Alert> AlertsService::StartSending(const Alert& alert, AlertState from, std::optional<std::int64_t> approved_by,
                                          const ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(Jurisdiction jurisdiction, JurisdictionOf(alert.content.unit_id));
  CHANCERY_ASSIGN_OR_RETURN(Area area, AreaOf(alert.content));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<delivery::PlannedDelivery> plan, recipients_.Plan(area, jurisdiction));
  const std::int64_t now = clock_.NowMs();
  // Its CAP document as other systems receive it, written before the transaction (it reads the referenced alert).
  Alert published = alert;
  published.state = AlertState::kSending;
  published.sent_at_ms = now;
  std::string cap_xml;
  if (on_publish_) {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Alert> referenced, Referenced(alert.content));
    CHANCERY_ASSIGN_OR_RETURN(CapAlert cap, ToCap(published, referenced, options_.sender, now));
    CHANCERY_ASSIGN_OR_RETURN(cap_xml, WriteCapXml(cap));
  }
  CHANCERY_TRY(database_.Write("alerts.send", [&](Transaction& transaction) -> Status {
    AlertsStore::Transition transition{.to = AlertState::kSending,
                                       .approved_by = approved_by,
                                       .recipients = static_cast<std::int64_t>(plan.size()),
                                       .sent_at_ms = now};
    if (from == AlertState::kDraft) transition.submitted_by = context.actor->user_id;
    CHANCERY_ASSIGN_OR_RETURN(bool moved, store_.Move(transaction, alert.id, from, transition, now));
    if (!moved) return Conflict("The alert was sent or changed meanwhile.");
    if (on_publish_) CHANCERY_TRY(on_publish_(transaction, PublishedAlert{published, cap_xml}));
    return Audit(transaction, context, alert, approved_by ? "alert.approved" : "alert.sent",
                 json::serialize(json::object{{"recipients", static_cast<std::int64_t>(plan.size())}}));
  }));
  // The plan is written after the alert is marked: a crash in between leaves a "sending" alert whose plan Upkeep
  // completes (the plan is idempotent), never a plan without its alert.
  CHANCERY_TRY(deliveries_.InsertPlan(Campaign(alert.id), plan, now).status());
  if (alert.content.message_type == CapMessageType::kCancel && alert.content.references_id) {
    CHANCERY_TRY(deliveries_.Cancel(Campaign(*alert.content.references_id), now).status());
  }
  if (on_plan_stored_) on_plan_stored_();
  return Load(alert.id);
}

Status AlertsService::Discard(std::int64_t id, const ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(Alert alert, LoadFor(id, Permission::kAlertsSend, context));
  return database_.Write("alerts.discard", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        bool moved, store_.Move(transaction, id, AlertState::kDraft, {.to = AlertState::kDiscarded}, clock_.NowMs()));
    if (!moved) {
      CHANCERY_ASSIGN_OR_RETURN(moved, store_.Move(transaction, id, AlertState::kAwaitingApproval,
                                                   {.to = AlertState::kDiscarded}, clock_.NowMs()));
    }
    if (!moved) return Conflict("An alert that is being sent cannot be discarded; send a Cancel instead.");
    return Audit(transaction, context, alert, "alert.discarded");
  });
}

Result<delivery::CampaignProgress> AlertsService::Progress(std::int64_t id, const ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(Alert alert, Get(id, context));
  CHANCERY_ASSIGN_OR_RETURN(delivery::CampaignProgress progress, deliveries_.Progress(Campaign(alert.id)));
  CHANCERY_ASSIGN_OR_RETURN(progress.quotas, deliveries_.QuotasToday(options_.quotas, clock_.NowMs()));
  return progress;
}

Result<std::string> AlertsService::CapXml(std::int64_t id, const ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(Alert alert, Get(id, context));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Alert> referenced, Referenced(alert.content));
  CHANCERY_ASSIGN_OR_RETURN(CapAlert cap,
                            ToCap(alert, referenced, options_.sender, alert.sent_at_ms.value_or(alert.updated_at_ms)));
  return WriteCapXml(cap);
}

Result<std::string> AlertsService::PublicCapXml(const std::string& identifier) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Alert> alert,
                            storage::ReadValue(database_, "alerts.public", [&](Transaction& transaction) {
                              return store_.FindPublic(transaction, identifier);
                            }));
  if (!alert) return NotFound("There is no public alert " + identifier + ".");
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Alert> referenced, Referenced(alert->content));
  CHANCERY_ASSIGN_OR_RETURN(CapAlert cap, ToCap(*alert, referenced, options_.sender, *alert->sent_at_ms));
  return WriteCapXml(cap);
}

Result<std::string> AlertsService::PublicFeed(const std::string& base_url) {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Alert> alerts,
                            storage::ReadValue(database_, "alerts.public", [&](Transaction& transaction) {
                              return store_.ListPublic(transaction, 50);
                            }));
  AtomFeed feed;
  feed.id = base_url + "/api/v1/public/alerts.atom";
  feed.self_url = feed.id;
  feed.title = "Cảnh báo cho công dân Việt Nam ở nước ngoài — Alerts for Vietnamese citizens abroad";
  feed.author_name = "Bộ Ngoại giao Việt Nam — Ministry of Foreign Affairs of Viet Nam";
  feed.language = "vi";
  const std::int64_t newest = alerts.empty() ? clock_.NowMs() : *alerts.front().sent_at_ms;
  feed.updated = CapTime{std::chrono::sys_seconds(std::chrono::seconds(newest / 1000)), std::chrono::minutes(0)};
  for (const Alert& alert : alerts) {
    const AlertText& text = TextFor(alert.content, "vi");
    feed.entries.push_back(
        {AtomEntryId(alert.identifier), text.headline,
         CapTime{std::chrono::sys_seconds(std::chrono::seconds(*alert.sent_at_ms / 1000)), std::chrono::minutes(0)},
         text.description, base_url + "/api/v1/public/alerts/" + alert.identifier + "/cap.xml"});
  }
  return WriteAtomFeed(feed);
}

Result<std::vector<Alert>> AlertsService::OpenSafetyChecks() {
  constexpr std::int64_t kOpenMs = 14LL * 24 * 3600 * 1000;
  return storage::ReadValue(database_, "alerts.safety_checks", [&](Transaction& transaction) {
    return store_.ListSafetyChecks(transaction, clock_.NowMs() - kOpenMs);
  });
}

Result<std::optional<Alert>> AlertsService::FindByReplyCode(std::string_view code) {
  return storage::ReadValue(database_, "alerts.by_code",
                            [&](Transaction& transaction) { return store_.FindByReplyCode(transaction, code); });
}

Status AlertsService::Upkeep() {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Alert> sending,
                            storage::ReadValue(database_, "alerts.sending", [&](Transaction& transaction) {
                              return store_.ListInState(transaction, AlertState::kSending);
                            }));
  for (const Alert& alert : sending) {
    CHANCERY_ASSIGN_OR_RETURN(delivery::CampaignProgress progress, deliveries_.Progress(Campaign(alert.id)));
    if (progress.total < alert.recipients) {
      // The plan was interrupted: write it again (recipients already planned are kept as they are).
      CHANCERY_ASSIGN_OR_RETURN(Jurisdiction jurisdiction, JurisdictionOf(alert.content.unit_id));
      CHANCERY_ASSIGN_OR_RETURN(Area area, AreaOf(alert.content));
      CHANCERY_ASSIGN_OR_RETURN(std::vector<delivery::PlannedDelivery> plan, recipients_.Plan(area, jurisdiction));
      CHANCERY_ASSIGN_OR_RETURN(std::int64_t added,
                                deliveries_.InsertPlan(Campaign(alert.id), plan, *alert.sent_at_ms));
      spdlog::info("alerts: completed the plan of alert {} ({} deliveries added)", alert.id, added);
      if (on_plan_stored_) on_plan_stored_();
      continue;
    }
    if (progress.pending == 0 && progress.awaiting_receipt == 0) {
      CHANCERY_TRY(database_.Write("alerts.sent", [&](Transaction& transaction) -> Status {
        return store_.Move(transaction, alert.id, AlertState::kSending, {.to = AlertState::kSent}, clock_.NowMs())
            .status();
      }));
    }
  }
  // Receipts kept for sends not recorded yet are kept a day.
  CHANCERY_ASSIGN_OR_RETURN(std::int64_t purged, deliveries_.PurgeEarlyReceipts(clock_.NowMs() - kEarlyReceiptKeepMs));
  if (purged > 0) spdlog::info("alerts: {} receipts for no recorded send removed after a day", purged);
  return Status::Ok();
}

}  // namespace chancery::alerts
