#include "modules/webhooks/retry_policy.hpp"

#include <algorithm>

namespace chancery::webhooks {

std::int64_t BackoffDelayMs(int attempts, const RetryPolicy& policy) {
  std::int64_t delay = policy.base_delay_ms;
  for (int i = 1; i < attempts && delay < policy.max_delay_ms; ++i) delay *= 2;
  return std::min(delay, policy.max_delay_ms);
}

RetryDecision Decide(const delivery::SendOutcome& outcome, int attempts, std::int64_t now_ms,
                     std::int64_t give_up_at_ms, const RetryPolicy& policy, double spread) {
  if (outcome.result == delivery::SendResult::kAccepted) return {DeliveryState::kDelivered, now_ms, ""};
  if (outcome.result != delivery::SendResult::kTransient) {
    return {DeliveryState::kFailed, now_ms, outcome.detail + " (not retried)"};
  }
  std::int64_t delay = BackoffDelayMs(attempts, policy);
  delay -= static_cast<std::int64_t>(static_cast<double>(delay) * policy.jitter * std::clamp(spread, 0.0, 1.0));
  // A receiver that asks for more time gets it, within the same cap.
  if (outcome.retry_after_ms) delay = std::max(delay, std::min(*outcome.retry_after_ms, policy.max_delay_ms));
  const std::int64_t due = now_ms + delay;
  if (due > give_up_at_ms) {
    return {DeliveryState::kFailed, now_ms,
            outcome.detail + " (given up after " + std::to_string(attempts) + " attempts)"};
  }
  return {DeliveryState::kPending, due, ""};
}

}  // namespace chancery::webhooks
