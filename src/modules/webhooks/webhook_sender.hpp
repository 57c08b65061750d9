// WebhookSender: the background worker that empties the outbox. Each round claims up to `batch` due deliveries
// with a lease, sends them (up to `parallel` at a time), and records each attempt and its outcome by RetryPolicy.
// Every node runs one; leases keep two nodes from sending the same delivery at once, and a node that dies leaves its
// leases to expire (`lease_ms`), after which any node sends again what it had claimed — so a receiver may see a
// message twice, always with the same Webhook-Id.
//
// A request: POST to the endpoint's URL (checked again by the destination policy and pinned to the addresses just
// checked), the body as stored (CAP XML), Content-Type application/cap+xml, and the Standard Webhooks headers
// Webhook-Id, Webhook-Timestamp (this attempt's time) and Webhook-Signature.
//
// A receiver answering 410 Gone ends the delivery and, through OnGone, has its endpoint paused. Deliveries that ended
// are removed after `retention_ms`.
//
// Thread-safety: RunOnce may be called from any thread but not concurrently with itself (Start runs it on a
// PeriodicTask); Wake and Stop from any thread; OnGone before Start.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "core/clock.hpp"
#include "core/periodic_task.hpp"
#include "modules/delivery/http_client.hpp"
#include "modules/webhooks/destination.hpp"
#include "modules/webhooks/retry_policy.hpp"
#include "modules/webhooks/webhooks_store.hpp"

namespace chancery::webhooks {

struct SenderOptions {
  RetryPolicy retry;
  DestinationPolicy destinations;
  std::int64_t lease_ms = 60 * 1000;
  long timeout_ms = 10 * 1000;
  // A round claims `batch` deliveries and sends them all at once, so that it ends within about one timeout, well
  // inside the lease (the configuration requires lease > timeout); then it claims the next batch.
  int batch = 8;
  int parallel = 8;
  std::chrono::milliseconds interval{1000};
  // Deliveries that ended are kept this long, then removed with their attempts (checked once an hour).
  std::int64_t retention_ms = 90LL * 24 * 60 * 60 * 1000;
  std::string user_agent = "Chancery-Webhooks/1.0";
};

// Sends one HTTP request (delivery::SendHttp; tests give a fake).
using HttpTransport = std::function<delivery::HttpResponse(const delivery::HttpRequest&)>;

class WebhookSender {
 public:
  WebhookSender(WebhooksStore& store, const Clock& clock, SenderOptions options,
                HttpTransport transport = delivery::SendHttp);
  ~WebhookSender() { Stop(); }

  void Start();
  void Stop();
  // Sends now rather than at the next interval (after a ping).
  void Wake();
  // Called after a receiver answered 410 Gone: it says the endpoint is gone for good (the module pauses it).
  void OnGone(std::function<void(std::int64_t endpoint_id)> callback) { on_gone_ = std::move(callback); }
  // One round; returns how many deliveries it attempted.
  Result<int> RunOnce();

 private:
  AttemptRecord Attempt(const ClaimedDelivery& delivery);

  WebhooksStore& store_;
  const Clock& clock_;
  const SenderOptions options_;
  HttpTransport transport_;
  std::function<void(std::int64_t)> on_gone_;
  std::int64_t purged_at_ms_ = 0;  // the last retention pass (RunOnce's thread only)
  std::unique_ptr<PeriodicTask> task_;
};

}  // namespace chancery::webhooks
