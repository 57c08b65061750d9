// WebhooksService: managing a unit's webhook endpoints, and turning each alert that goes out into deliveries.
//
// Authorisation: alerts_send or alerts_approve on the endpoint's unit to see its endpoints and their deliveries;
// alerts_approve to create, change, pause, delete, rotate the secret of and test an endpoint — where alerts go
// outside the ministry is decided by those who approve alerts (heads of mission, HQ leadership, administrators).
// Receiving the alerts of the units below (coverage "subtree") needs alerts_approve over that subtree. An endpoint
// of a unit the caller holds neither permission on does not exist for them (kNotFound). Every change is audited
// ("webhook.created|updated|deleted|secret_rotated|pinged"); the audit never holds the URL's path or the secret.
//
// Thread-safety: safe for concurrent use.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "modules/alerts/alerts_service.hpp"
#include "modules/audit/audit.hpp"
#include "modules/identity/authz.hpp"
#include "modules/identity/identity.hpp"
#include "modules/webhooks/destination.hpp"
#include "modules/webhooks/retry_policy.hpp"
#include "modules/webhooks/webhooks_store.hpp"

namespace chancery::webhooks {

struct WebhooksOptions {
  RetryPolicy retry;
  DestinationPolicy destinations;
  std::int64_t secret_grace_ms = 24LL * 60 * 60 * 1000;  // after a rotation, the old secret also signs this long
  std::string sender = "alerts@mofa.gov.vn";             // CAP <sender> of test messages
  std::string test_identifier_prefix = "vn.gov.mofa.webhook-test";
};

// An endpoint just created, with its secret: the only time the secret is shown.
struct CreatedEndpoint {
  Endpoint endpoint;
  std::string secret;
};

class WebhooksService {
 public:
  WebhooksService(storage::Database& database, WebhooksStore& store, const Clock& clock, audit::AuditLog& audit,
                  const identity::Authorizer& authorizer, WebhooksOptions options);

  // Called after a test message is queued (the module wakes its sender).
  void OnQueued(std::function<void()> callback) { on_queued_ = std::move(callback); }

  Result<std::vector<Endpoint>> List(std::int64_t unit_id, const identity::ActionContext& context);
  Result<CreatedEndpoint> Create(std::int64_t unit_id, EndpointSettings settings,
                                 const identity::ActionContext& context);
  Result<Endpoint> Get(std::int64_t id, const identity::ActionContext& context);
  // Replaces the settings (the API merges a PATCH onto the current ones).
  Result<Endpoint> Update(std::int64_t id, EndpointSettings settings, const identity::ActionContext& context);
  Status Delete(std::int64_t id, const identity::ActionContext& context);
  // A new secret, returned once; the old one signs too for `secret_grace_ms`.
  Result<std::string> RotateSecret(std::int64_t id, const identity::ActionContext& context);
  // Queues a CAP message with status Test to the endpoint; returns the delivery. kConflict when paused.
  Result<Delivery> Ping(std::int64_t id, const identity::ActionContext& context);
  Result<std::vector<Delivery>> Deliveries(std::int64_t id, int limit, const identity::ActionContext& context);

  // The alerts module's PublishListener: one delivery per matching active endpoint, in the alert's transaction.
  Status Publish(storage::Transaction& transaction, const alerts::PublishedAlert& published);
  // The receiver answered 410 Gone: the endpoint is paused (if it was active), audited as the system's doing, so
  // that nothing more is sent until someone who manages it resumes or deletes it.
  Status PauseGone(std::int64_t endpoint_id);

 private:
  enum class Access { kRead, kManage };
  // The endpoint when the actor may read it (kNotFound otherwise) and, for kManage, manage it (kPermissionDenied).
  Result<Endpoint> LoadFor(std::int64_t id, Access access, const identity::ActionContext& context);
  Status CheckAccess(std::int64_t unit_id, Access access, const identity::ActionContext& context) const;
  Status CheckSettings(std::int64_t unit_id, const EndpointSettings& settings,
                       const identity::ActionContext& context) const;
  Status Audit(storage::Transaction& transaction, const identity::ActionContext& context, const Endpoint& endpoint,
               std::string action, std::string detail_json);

  storage::Database& database_;
  WebhooksStore& store_;
  const Clock& clock_;
  audit::AuditLog& audit_;
  const identity::Authorizer& authorizer_;
  const WebhooksOptions options_;
  std::function<void()> on_queued_;
};

}  // namespace chancery::webhooks
