// The cascade's rules, without a database: what happens to a delivery after each kind of answer.
#include "modules/delivery/dispatcher.hpp"

#include <gtest/gtest.h>

namespace chancery::delivery {
namespace {

constexpr std::int64_t kNow = 1'000'000;

ClaimedDelivery Delivery(int step = 0, int attempt = 0, DeliveryState state = DeliveryState::kPending) {
  return {7, "alert:1", 42, "vi", {Channel::kZaloMessage, Channel::kSms, Channel::kEmail}, step, attempt, state};
}

Recipient Everyone() {
  Recipient recipient;
  recipient.citizen_id = 42;
  recipient.usable = {Channel::kZaloMessage, Channel::kSms, Channel::kEmail};
  return recipient;
}

TEST(DecideTest, AcceptedOnAChannelWithReceiptsWaitsForTheReceipt) {
  const DispatcherOptions options;
  DeliveryUpdate update = Decide(Delivery(), Everyone(), SendOutcome::Accepted("m-1"), kNow, options);
  EXPECT_EQ(update.state, DeliveryState::kAwaitingReceipt);
  EXPECT_EQ(update.due_at_ms, kNow + options.receipt_timeout_ms);
  EXPECT_EQ(update.channel, "zalo_message");
  EXPECT_EQ(update.provider_message_id, "m-1");
  EXPECT_EQ(update.result, "accepted");
  // E-mail has no receipts: accepted is delivered.
  update = Decide(Delivery(2), Everyone(), SendOutcome::Accepted(""), kNow, options);
  EXPECT_EQ(update.state, DeliveryState::kDelivered);
}

TEST(DecideTest, NoReceiptInTimeMovesToTheNextChannel) {
  DeliveryUpdate update =
      Decide(Delivery(0, 0, DeliveryState::kAwaitingReceipt), Everyone(), std::nullopt, kNow, DispatcherOptions{});
  EXPECT_EQ(update.state, DeliveryState::kPending);
  EXPECT_EQ(update.step, 1);
  EXPECT_EQ(update.due_at_ms, kNow);
  EXPECT_FALSE(update.attempted);
}

TEST(DecideTest, AnInterruptedSendOnTheLastChannelIsSentAgainWithoutAReceiptButAnAcceptedOneFails) {
  ClaimedDelivery interrupted = Delivery(2, 0, DeliveryState::kAwaitingReceipt);  // e-mail, the last channel
  interrupted.send_unknown = true;
  DeliveryUpdate update = Decide(interrupted, Everyone(), std::nullopt, kNow, DispatcherOptions{});
  EXPECT_EQ(update.state, DeliveryState::kPending);
  EXPECT_EQ(update.step, 2);
  EXPECT_FALSE(update.send_unknown) << "the send again is an ordinary one";
  // Not on a channel the person can no longer be reached by.
  Recipient no_email = Everyone();
  no_email.usable = {Channel::kZaloMessage, Channel::kSms};
  EXPECT_EQ(Decide(interrupted, no_email, std::nullopt, kNow, DispatcherOptions{}).state, DeliveryState::kFailed);
  // A send the provider accepted, with no receipt in time on the last channel: failed, as before.
  EXPECT_EQ(Decide(Delivery(2, 0, DeliveryState::kAwaitingReceipt), Everyone(), std::nullopt, kNow, DispatcherOptions{})
                .state,
            DeliveryState::kFailed);
  // Interrupted on an earlier channel: the next one, as for any missing receipt.
  ClaimedDelivery earlier = Delivery(0, 0, DeliveryState::kAwaitingReceipt);
  earlier.send_unknown = true;
  EXPECT_EQ(Decide(earlier, Everyone(), std::nullopt, kNow, DispatcherOptions{}).step, 1);
}

TEST(DecideTest, OutsideTheWindowMovesOnAtOnceAndTransientErrorsBackOffThenMoveOn) {
  DispatcherOptions options;
  options.attempts_per_step = 3;
  DeliveryUpdate update =
      Decide(Delivery(), Everyone(), SendOutcome::Failed(SendResult::kUnreachable, "zalo error -230"), kNow, options);
  EXPECT_EQ(update.state, DeliveryState::kPending);
  EXPECT_EQ(update.step, 1);
  EXPECT_EQ(update.attempt, 0);
  EXPECT_EQ(update.last_error, "zalo error -230");

  update = Decide(Delivery(1), Everyone(), SendOutcome::Failed(SendResult::kTransient, "503"), kNow, options);
  EXPECT_EQ(update.step, 1);
  EXPECT_EQ(update.attempt, 1);
  EXPECT_EQ(update.due_at_ms, kNow + options.first_backoff_ms);
  update = Decide(Delivery(1, 1), Everyone(), SendOutcome::Failed(SendResult::kTransient, "503"), kNow, options);
  EXPECT_EQ(update.due_at_ms, kNow + 2 * options.first_backoff_ms);
  SendOutcome slow_down = SendOutcome::Failed(SendResult::kTransient, "429");
  slow_down.retry_after_ms = 120'000;
  update = Decide(Delivery(1, 1), Everyone(), slow_down, kNow, options);
  EXPECT_EQ(update.due_at_ms, kNow + 120'000);
  update = Decide(Delivery(1, 2), Everyone(), SendOutcome::Failed(SendResult::kTransient, "503"), kNow, options);
  EXPECT_EQ(update.step, 2);
  EXPECT_EQ(update.attempt, 0);
}

TEST(DecideTest, ChannelsNoLongerUsableAreSkippedAndAnExhaustedCascadeFails) {
  Recipient email_only = Everyone();
  email_only.usable = {Channel::kEmail};
  EXPECT_EQ(UsableStep(Delivery(), email_only), 2);
  DeliveryUpdate update = Decide(Delivery(), email_only, SendOutcome::Accepted(""), kNow, DispatcherOptions{});
  EXPECT_EQ(update.attempted_channel, "email");
  EXPECT_EQ(update.state, DeliveryState::kDelivered);

  update = Decide(Delivery(2), Everyone(), SendOutcome::Failed(SendResult::kRejected, "bad address"), kNow,
                  DispatcherOptions{});
  EXPECT_EQ(update.state, DeliveryState::kFailed);
  Recipient nobody = Everyone();
  nobody.usable.clear();
  update = Decide(Delivery(), nobody, std::nullopt, kNow, DispatcherOptions{});
  EXPECT_EQ(update.state, DeliveryState::kFailed);
  update = Decide(Delivery(), std::nullopt, std::nullopt, kNow, DispatcherOptions{});
  EXPECT_EQ(update.state, DeliveryState::kCancelled);
}

TEST(CascadeTest, NamesRoundTrip) {
  const std::vector<Channel> cascade = {Channel::kZaloMessage, Channel::kZaloTemplate, Channel::kSms,
                                        Channel::kEmail,       Channel::kWebPush,      Channel::kWebhook};
  EXPECT_EQ(JoinCascade(cascade), "zalo_message,zalo_template,sms,email,web_push,webhook");
  EXPECT_EQ(SplitCascade(JoinCascade(cascade)), cascade);
  EXPECT_TRUE(SplitCascade("").empty());
}

TEST(QuotaDayTest, DaysBeginAtMidnightAtTheProvidersOffset) {
  // 2026-12-06T16:59:59.999Z is 23:59:59.999 in Vietnam (UTC+7); a millisecond later it is the 7th there.
  constexpr std::int64_t kLastMillisecond = 1796576399999;
  EXPECT_EQ(QuotaDay(kLastMillisecond, 7 * 60), "2026-12-06");
  EXPECT_EQ(QuotaDay(kLastMillisecond + 1, 7 * 60), "2026-12-07");
  EXPECT_EQ(QuotaDay(kLastMillisecond + 1, 0), "2026-12-06");
  EXPECT_EQ(QuotaDay(0, -60), "1969-12-31");
}

}  // namespace
}  // namespace chancery::delivery
