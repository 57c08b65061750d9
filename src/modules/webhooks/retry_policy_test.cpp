// What happens after an attempt: retries with exponential backoff on transient failures, the receiver's
// Retry-After honoured, a deadline, and no retry of answers that would not change.
#include <gtest/gtest.h>

#include "modules/webhooks/retry_policy.hpp"

namespace chancery::webhooks {
namespace {

using delivery::SendOutcome;
using delivery::SendResult;

constexpr RetryPolicy kPolicy{.base_delay_ms = 10000, .max_delay_ms = 80000, .give_up_after_ms = 3600000};

TEST(RetryPolicyTest, BackoffDoublesUpToTheCap) {
  EXPECT_EQ(BackoffDelayMs(1, kPolicy), 10000);
  EXPECT_EQ(BackoffDelayMs(2, kPolicy), 20000);
  EXPECT_EQ(BackoffDelayMs(3, kPolicy), 40000);
  EXPECT_EQ(BackoffDelayMs(4, kPolicy), 80000);
  EXPECT_EQ(BackoffDelayMs(30, kPolicy), 80000);
}

TEST(RetryPolicyTest, AcceptedIsDelivered) {
  const RetryDecision decision = Decide(SendOutcome::Accepted(""), 3, 1000, 5000, kPolicy);
  EXPECT_EQ(decision.state, DeliveryState::kDelivered);
}

TEST(RetryPolicyTest, TransientFailuresAreRetriedLaterAndLater) {
  const SendOutcome unavailable = SendOutcome::Failed(SendResult::kTransient, "hub answered HTTP 503");
  RetryDecision first = Decide(unavailable, 1, 0, 3600000, kPolicy);
  EXPECT_EQ(first.state, DeliveryState::kPending);
  EXPECT_EQ(first.due_at_ms, 10000);
  EXPECT_EQ(Decide(unavailable, 2, 10000, 3600000, kPolicy).due_at_ms, 30000);
}

TEST(RetryPolicyTest, RetryAfterIsHonouredWithinTheCap) {
  SendOutcome busy = SendOutcome::Failed(SendResult::kTransient, "hub answered HTTP 429");
  busy.retry_after_ms = 60000;
  EXPECT_EQ(Decide(busy, 1, 0, 3600000, kPolicy).due_at_ms, 60000);
  busy.retry_after_ms = 1000;  // less than the backoff: the backoff stands
  EXPECT_EQ(Decide(busy, 1, 0, 3600000, kPolicy).due_at_ms, 10000);
  busy.retry_after_ms = 86400000;
  EXPECT_EQ(Decide(busy, 1, 0, 3600000, kPolicy).due_at_ms, 80000);
}

TEST(RetryPolicyTest, ADeliveryIsGivenUpWhenTheNextAttemptWouldBePastItsDeadline) {
  const SendOutcome timeout = SendOutcome::Failed(SendResult::kTransient, "hub not reached: Timeout was reached");
  EXPECT_EQ(Decide(timeout, 2, 40000, 60000, kPolicy).state, DeliveryState::kPending);  // due at 60000
  const RetryDecision given_up = Decide(timeout, 3, 40000, 60000, kPolicy);             // due at 80000
  EXPECT_EQ(given_up.state, DeliveryState::kFailed);
  EXPECT_NE(given_up.reason.find("given up after 3 attempts"), std::string::npos) << given_up.reason;
}

TEST(RetryPolicyTest, RefusalsAreNotRetried) {
  for (SendResult result : {SendResult::kRejected, SendResult::kUnreachable}) {
    const RetryDecision decision = Decide(SendOutcome::Failed(result, "hub answered HTTP 400"), 1, 0, 60000, kPolicy);
    EXPECT_EQ(decision.state, DeliveryState::kFailed);
  }
}

TEST(RetryPolicyTest, JitterShortensABackoffByUpToAFifthButNeverARetryAfter) {
  const SendOutcome unavailable = SendOutcome::Failed(SendResult::kTransient, "HTTP 503");
  EXPECT_EQ(Decide(unavailable, 2, 0, 3600000, kPolicy, 0.0).due_at_ms, 20000);
  EXPECT_EQ(Decide(unavailable, 2, 0, 3600000, kPolicy, 0.5).due_at_ms, 18000);
  EXPECT_EQ(Decide(unavailable, 2, 0, 3600000, kPolicy, 0.999).due_at_ms, 16004);
  SendOutcome busy = SendOutcome::Failed(SendResult::kTransient, "HTTP 429");
  busy.retry_after_ms = 20000;
  EXPECT_EQ(Decide(busy, 2, 0, 3600000, kPolicy, 0.999).due_at_ms, 20000) << "the receiver asked for 20 s";
}

}  // namespace
}  // namespace chancery::webhooks
