// RetryPolicy: what happens to a webhook delivery after an attempt. Transient failures (no answer, a timeout, 408,
// 425, 429, 5xx: delivery::ClassifyHttp) are retried after base × 2^(attempts − 1), capped at `max_delay_ms` and at
// least the receiver's Retry-After, until the delivery is `give_up_after_ms` old; anything else a receiver answers
// outside 2xx (400, 401, 404, 410, ...) ends the delivery as failed: sending it again would not change the answer.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

#include "modules/delivery/outcome.hpp"
#include "modules/webhooks/webhooks.hpp"

namespace chancery::webhooks {

struct RetryPolicy {
  std::int64_t base_delay_ms = 10 * 1000;
  std::int64_t max_delay_ms = 60 * 60 * 1000;
  std::int64_t give_up_after_ms = 24LL * 60 * 60 * 1000;
  // Each backoff is shortened by up to this fraction, at random (the sender's `spread`), so that deliveries that
  // failed together (a receiver down for everyone) do not all come back at the same instant.
  double jitter = 0.2;
};

struct RetryDecision {
  DeliveryState state = DeliveryState::kPending;
  std::int64_t due_at_ms = 0;  // kPending: when to try again
  std::string reason;          // kFailed: why it ends (for last_error)
};

// `attempts` counts the attempt just made; `give_up_at_ms` is the delivery's deadline; `spread` in [0, 1) picks how
// much of the jitter applies (0: the full backoff). The receiver's Retry-After is always honoured in full.
RetryDecision Decide(const delivery::SendOutcome& outcome, int attempts, std::int64_t now_ms,
                     std::int64_t give_up_at_ms, const RetryPolicy& policy, double spread = 0);

// The delay before attempt `attempts` + 1, without Retry-After.
std::int64_t BackoffDelayMs(int attempts, const RetryPolicy& policy);

}  // namespace chancery::webhooks
