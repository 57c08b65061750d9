// AlertsService: composing, approving and sending crisis alerts (see alerts.hpp for the lifecycle).
//
// Authorisation: alerts_send on the alert's unit to compose, read, preview and submit; alerts_approve on the unit
// (or above it, with the subtree) to approve, by someone other than its composer and submitter, with a fresh MFA
// check (step-up). An Actual alert that would reach more than `approval_threshold` people waits for that approval
// (two-person rule); smaller ones, exercises and tests go at once. Every change is audited ("alert.*").
//
// Sending selects the recipients, stores the delivery plan (campaign "alert:<id>") and moves the alert to
// "sending"; the dispatcher does the rest, and the alert becomes "sent" when no delivery is left pending. A plan
// interrupted by a crash is completed by ResumeSending at the next start (plans are idempotent).
//
// Thread-safety: safe for concurrent use.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "modules/alerts/alerts.hpp"
#include "modules/alerts/alerts_store.hpp"
#include "modules/alerts/recipients.hpp"
#include "modules/audit/audit.hpp"
#include "modules/delivery/delivery_store.hpp"
#include "modules/directory/directory_service.hpp"
#include "modules/directory/unit_tree.hpp"
#include "modules/identity/authz.hpp"
#include "modules/identity/identity.hpp"

namespace chancery::alerts {

struct AlertsOptions {
  std::string identifier_prefix = "vn.gov.mofa.alert";
  std::string sender = "alerts@mofa.gov.vn";  // CAP <sender>
  std::int64_t approval_threshold = 100;
  std::int64_t step_up_window_ms = 5 * 60 * 1000;
  // The providers' daily quotas (as the dispatcher enforces them), shown with each alert's progress.
  delivery::DailyQuotas quotas;
};

// An alert as it goes out to other systems: the alert (moving to sending) and its CAP 1.2 document, the same that
// GET /alerts/{id}/cap.xml returns.
struct PublishedAlert {
  const Alert& alert;
  const std::string& cap_xml;
};

// Called inside the transaction that moves an alert to sending (its Alert, Update or Cancel going out): what the
// listener writes commits with the alert or not at all (the webhooks module's outbox).
using PublishListener = std::function<Status(storage::Transaction&, const PublishedAlert&)>;

class AlertsService {
 public:
  AlertsService(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                const identity::Authorizer& authorizer, const directory::UnitTree& tree,
                directory::DirectoryService& directory, Recipients& recipients, delivery::DeliveryStore& deliveries,
                AlertsOptions options);

  // Called after a plan is stored (the module wakes its dispatcher).
  void OnPlanStored(std::function<void()> callback) { on_plan_stored_ = std::move(callback); }
  // Called after every alert that goes out, in its transaction (see PublishListener).
  void OnPublish(PublishListener listener) { on_publish_ = std::move(listener); }

  Result<Alert> Create(AlertContent content, const identity::ActionContext& context);
  Result<Alert> Update(std::int64_t id, AlertContent content, const identity::ActionContext& context);
  Result<Alert> Get(std::int64_t id, const identity::ActionContext& context);
  Result<std::vector<Alert>> List(const Principal& principal, std::optional<std::int64_t> before_id, int limit);
  Result<RecipientPreview> Preview(std::int64_t id, const identity::ActionContext& context);
  Result<Alert> Submit(std::int64_t id, const identity::ActionContext& context);
  Result<Alert> Approve(std::int64_t id, const identity::ActionContext& context);
  Status Discard(std::int64_t id, const identity::ActionContext& context);
  Result<delivery::CampaignProgress> Progress(std::int64_t id, const identity::ActionContext& context);
  Result<std::string> CapXml(std::int64_t id, const identity::ActionContext& context);

  // Public alerts (Public scope, Actual, sent): the CAP document by identifier and the Atom feed.
  Result<std::string> PublicCapXml(const std::string& identifier);
  Result<std::string> PublicFeed(const std::string& base_url);

  // Completes plans interrupted by a crash and marks alerts whose deliveries are all settled as sent.
  Status Upkeep();

  static std::string Campaign(std::int64_t id) { return "alert:" + std::to_string(id); }
  // Safety checks still open (sent in the last 14 days), newest first; and one by its reply code.
  Result<std::vector<Alert>> OpenSafetyChecks();
  Result<std::optional<Alert>> FindByReplyCode(std::string_view code);
  Result<Alert> Load(std::int64_t id);

 private:
  Result<Jurisdiction> JurisdictionOf(std::int64_t unit_id);
  // The alert when the actor may send or approve alerts of its unit (404 otherwise), and holds `permission` there
  // when one is given (403 otherwise).
  Result<Alert> LoadFor(std::int64_t id, std::optional<identity::Permission> permission,
                        const identity::ActionContext& context);
  Result<std::optional<Alert>> Referenced(const AlertContent& content);
  Status Audit(storage::Transaction& transaction, const identity::ActionContext& context, const Alert& alert,
               std::string action, std::string detail_json = "{}");
  // Stores the plan and moves the alert from `from` to sending.
  Result<Alert> StartSending(const Alert& alert, AlertState from, std::optional<std::int64_t> approved_by,
                             const identity::ActionContext& context);

  storage::Database& database_;
  const Clock& clock_;
  audit::AuditLog& audit_;
  const identity::Authorizer& authorizer_;
  const directory::UnitTree& tree_;
  directory::DirectoryService& directory_;
  Recipients& recipients_;
  delivery::DeliveryStore& deliveries_;
  AlertsOptions options_;
  AlertsStore store_;
  std::function<void()> on_plan_stored_;
  PublishListener on_publish_;
};

}  // namespace chancery::alerts
