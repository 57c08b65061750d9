// WebhooksStore: the webhook_endpoints, webhook_deliveries and webhook_attempts rows. Secrets are sealed with the
// field cipher on the way in and opened on the way out. No authorisation here: the service decides who may.
//
// The outbox: EnqueueAlert runs inside the caller's transaction (the one that sends the alert); ClaimDue leases due
// deliveries of active endpoints to one node (FOR UPDATE SKIP LOCKED where the engine has it), and Record ends the
// lease with the attempt's result. A node that dies holding a lease leaves it to expire; another node (or the same
// after a restart) claims the delivery again.
//
// Thread-safety: safe for concurrent use (every call is its own transaction, or the caller's).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "modules/webhooks/webhooks.hpp"
#include "storage/database.hpp"

namespace chancery::crypto {
class FieldCipher;
}

namespace chancery::webhooks {

// What an alert that goes out is, for matching endpoints.
struct OutgoingAlert {
  std::int64_t alert_id = 0;
  std::string identifier;
  std::int64_t unit_id = 0;
  std::vector<std::int64_t> unit_and_ancestors;  // the sending unit first
  alerts::CapStatus status = alerts::CapStatus::kActual;
  alerts::CapScope scope = alerts::CapScope::kPublic;
  std::string body;  // the CAP document
};

// A claimed delivery with what sending it needs.
struct ClaimedDelivery {
  std::int64_t id = 0;
  std::int64_t endpoint_id = 0;
  std::string message_id;
  std::string body;
  int attempts = 0;  // before this one
  std::int64_t give_up_at_ms = 0;
};

// The result of one attempt, and the delivery's state after it.
struct AttemptRecord {
  std::int64_t delivery_id = 0;
  DeliveryAttempt attempt;
  DeliveryState state = DeliveryState::kPending;
  std::int64_t due_at_ms = 0;
};

class WebhooksStore {
 public:
  WebhooksStore(storage::Database& database, const crypto::FieldCipher& cipher)
      : database_(database), cipher_(cipher) {}

  Result<std::int64_t> CreateEndpoint(storage::Transaction& transaction, std::int64_t unit_id,
                                      const EndpointSettings& settings, const std::string& secret,
                                      std::int64_t created_by, std::int64_t now_ms);
  Result<Endpoint> LoadEndpoint(std::int64_t id);
  Result<std::vector<Endpoint>> ListEndpoints(std::int64_t unit_id);
  // kNotFound when the endpoint is gone.
  Status UpdateEndpoint(storage::Transaction& transaction, std::int64_t id, const EndpointSettings& settings,
                        std::int64_t now_ms);
  // The endpoint with its deliveries and their attempts.
  Status DeleteEndpoint(storage::Transaction& transaction, std::int64_t id);
  // The new secret signs from now on; the old one also signs until previous_until_ms.
  Status RotateSecret(storage::Transaction& transaction, std::int64_t id, const std::string& secret,
                      std::int64_t previous_until_ms, std::int64_t now_ms);
  Result<EndpointSecrets> Secrets(std::int64_t endpoint_id);

  // One delivery per active endpoint that wants the alert: of its unit, or of a unit above it with subtree
  // coverage, with its status and scope. Returns how many were written.
  Result<int> EnqueueAlert(storage::Transaction& transaction, const OutgoingAlert& alert, std::int64_t now_ms,
                           std::int64_t give_up_after_ms);
  // A test message to one endpoint (whatever its state). Returns the delivery id.
  Result<std::int64_t> EnqueuePing(storage::Transaction& transaction, std::int64_t endpoint_id,
                                   const std::string& identifier, const std::string& body, std::int64_t now_ms,
                                   std::int64_t give_up_after_ms);

  Result<std::vector<ClaimedDelivery>> ClaimDue(std::int64_t now_ms, std::int64_t lease_ms, int limit);
  Status Record(const AttemptRecord& record, std::int64_t now_ms);
  // Removes the deliveries that ended (delivered or failed) before `before_ms`, with their attempts; returns how
  // many deliveries. Pending ones are kept whatever their age.
  Result<std::int64_t> PurgeFinished(std::int64_t before_ms);

  // The newest deliveries of an endpoint, each with its latest attempts.
  Result<std::vector<Delivery>> ListDeliveries(std::int64_t endpoint_id, int limit, int attempts_each = 5);
  Result<Delivery> LoadDelivery(std::int64_t id);

 private:
  storage::Database& database_;
  const crypto::FieldCipher& cipher_;
};

}  // namespace chancery::webhooks
