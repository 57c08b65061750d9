// WebhookSender: see webhook_sender.hpp.
#include "modules/webhooks/webhook_sender.hpp"

#include <spdlog/spdlog.h>

#include <future>
#include <random>

namespace chancery::webhooks {

WebhookSender::WebhookSender(WebhooksStore& store, const Clock& clock, SenderOptions options, HttpTransport transport)
    : store_(store), clock_(clock), options_(std::move(options)), transport_(std::move(transport)) {}

void WebhookSender::Start() {
  task_ = std::make_unique<PeriodicTask>("webhooks.sender", options_.interval, [this] {
    Result<int> sent = RunOnce();
    if (!sent.ok()) spdlog::warn("webhooks: a sending round failed: {}", sent.status().ToString());
  });
}

void WebhookSender::Stop() { task_.reset(); }

void WebhookSender::Wake() {
  if (task_) task_->Wake();
}

Result<int> WebhookSender::RunOnce() {
  int attempted = 0;
  if (const std::int64_t now = clock_.NowMs(); now - purged_at_ms_ >= 60 * 60 * 1000) {
    purged_at_ms_ = now;
    Result<std::int64_t> purged = store_.PurgeFinished(now - options_.retention_ms);
    if (!purged.ok()) spdlog::warn("webhooks: removing old deliveries: {}", purged.status().ToString());
    if (purged.ok() && *purged > 0) spdlog::info("webhooks: {} deliveries past their retention removed", *purged);
  }
  for (;;) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<ClaimedDelivery> claimed,
                              store_.ClaimDue(clock_.NowMs(), options_.lease_ms, options_.batch));
    if (claimed.empty()) return attempted;
    // A slow receiver must not hold up the others: `parallel` sends at a time.
    for (std::size_t start = 0; start < claimed.size(); start += options_.parallel) {
      const std::size_t end = std::min(claimed.size(), start + static_cast<std::size_t>(options_.parallel));
      std::vector<std::future<AttemptRecord>> running;
      for (std::size_t i = start; i < end; ++i) {
        running.push_back(std::async(std::launch::async, [this, &claimed, i] { return Attempt(claimed[i]); }));
      }
      for (std::size_t i = start; i < end; ++i) {
        const AttemptRecord record = running[i - start].get();
        if (Status recorded = store_.Record(record, clock_.NowMs()); !recorded.ok()) {
          // The lease runs out and the delivery is sent again: the receiver sees the same Webhook-Id twice.
          spdlog::warn("webhooks: recording delivery {}: {}", record.delivery_id, recorded.ToString());
        }
        if (record.attempt.http_status == 410 && on_gone_) on_gone_(claimed[i].endpoint_id);
        ++attempted;
      }
    }
    if (static_cast<int>(claimed.size()) < options_.batch) return attempted;
  }
}

AttemptRecord WebhookSender::Attempt(const ClaimedDelivery& delivery) {
  const std::int64_t started = clock_.NowMs();
  AttemptRecord record{.delivery_id = delivery.id, .attempt = {.attempted_at_ms = started}};
  const auto settle = [&](const delivery::SendOutcome& outcome, int http_status) {
    record.attempt.http_status = http_status;
    record.attempt.duration_ms = clock_.NowMs() - started;
    thread_local std::mt19937_64 random{std::random_device{}()};
    const double spread = std::uniform_real_distribution<double>(0.0, 1.0)(random);
    const RetryDecision decision =
        Decide(outcome, delivery.attempts + 1, clock_.NowMs(), delivery.give_up_at_ms, options_.retry, spread);
    record.state = decision.state;
    record.due_at_ms = decision.due_at_ms;
    record.attempt.error = decision.state == DeliveryState::kFailed            ? decision.reason
                           : outcome.result == delivery::SendResult::kAccepted ? ""
                                                                               : outcome.detail;
    return record;
  };
  Result<Endpoint> endpoint = store_.LoadEndpoint(delivery.endpoint_id);
  Result<EndpointSecrets> secrets = store_.Secrets(delivery.endpoint_id);
  if (!endpoint.ok() || !secrets.ok()) {
    const Status& status = endpoint.ok() ? secrets.status() : endpoint.status();
    return settle(delivery::SendOutcome::Failed(delivery::SendResult::kTransient, status.message()), 0);
  }
  // The host may resolve elsewhere than when the endpoint was saved: checked again, and the connection pinned.
  Result<Destination> destination = ResolveDestination(endpoint->settings.url, options_.destinations);
  if (!destination.ok()) {
    const bool refused = destination.status().code() == StatusCode::kPermissionDenied ||
                         destination.status().code() == StatusCode::kInvalidArgument;
    return settle(
        delivery::SendOutcome::Failed(refused ? delivery::SendResult::kRejected : delivery::SendResult::kTransient,
                                      destination.status().message()),
        0);
  }
  const std::int64_t timestamp = started / 1000;
  Result<std::string> signature = SignatureHeader(*secrets, started, delivery.message_id, timestamp, delivery.body);
  if (!signature.ok()) {
    return settle(delivery::SendOutcome::Failed(delivery::SendResult::kRejected, signature.status().message()), 0);
  }
  delivery::HttpRequest request{.method = "POST",
                                .url = destination->url,
                                .headers = {{"Content-Type", "application/cap+xml; charset=utf-8"},
                                            {"User-Agent", options_.user_agent},
                                            {"Webhook-Id", delivery.message_id},
                                            {"Webhook-Timestamp", std::to_string(timestamp)},
                                            {"Webhook-Signature", *signature}},
                                .body = delivery.body,
                                .timeout_ms = options_.timeout_ms,
                                .max_response_bytes = 64 * 1024,
                                .resolve = destination->resolve};
  const delivery::HttpResponse response = transport_(request);
  return settle(delivery::ClassifyHttp(response, destination->host), static_cast<int>(response.status));
}

}  // namespace chancery::webhooks
