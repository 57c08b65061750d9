// Delivery plans on both engines: the cascade falls back per person, receipts complete deliveries, a plan is
// stored once however often it is written, and a dispatcher that dies mid-round leaves nothing lost or doubled.
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>

#include "modules/delivery/dispatcher.hpp"
#include "support/db_test.hpp"

namespace chancery::delivery {
namespace {

// A connector that answers per citizen as scripted and remembers what it accepted, by idempotency key (as a
// provider that honours keys would: a repeated key is the same message).
class ScriptedConnector : public Connector {
 public:
  explicit ScriptedConnector(std::function<SendOutcome(std::int64_t citizen_id)> script) : script_(std::move(script)) {}
  SendOutcome Send(const SendRequest& request) override {
    SendOutcome outcome = script_(request.recipient->citizen_id);
    std::lock_guard lock(mutex_);
    ++calls_;
    if (outcome.result == SendResult::kAccepted) {
      accepted_[request.idempotency_key] = request.recipient->citizen_id;
      outcome.provider_message_id = "p-" + request.idempotency_key;
    }
    return outcome;
  }
  std::map<std::string, std::int64_t> accepted() {
    std::lock_guard lock(mutex_);
    return accepted_;
  }
  int calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  std::function<SendOutcome(std::int64_t)> script_;
  std::mutex mutex_;
  std::map<std::string, std::int64_t> accepted_;
  int calls_ = 0;
};

// Everyone may be reached on every channel except what `usable` says; citizen 13 has been erased.
class TestContent : public CampaignContent {
 public:
  Result<std::vector<std::optional<Recipient>>> RecipientsOf(
      std::span<const ClaimedDelivery* const> deliveries) override {
    std::vector<std::optional<Recipient>> recipients;
    for (const ClaimedDelivery* delivery : deliveries) {
      if (delivery->citizen_id == 13) {
        recipients.emplace_back();
        continue;
      }
      Recipient& recipient = recipients.emplace_back(Recipient{}).value();
      recipient.citizen_id = delivery->citizen_id;
      recipient.usable = {Channel::kZaloMessage, Channel::kSms, Channel::kEmail};
      if (delivery->citizen_id % 10 == 0) recipient.usable = {Channel::kEmail};  // consent withdrawn meanwhile
    }
    return recipients;
  }
  Result<Message> MessageFor(const ClaimedDelivery& delivery, Channel) override {
    return Message{"Alert", delivery.language == "en" ? "Leave the area" : "Hãy rời khỏi khu vực", "", "", ""};
  }
};

class DeliveryTest : public testing::DbTest {
 protected:
  std::vector<PlannedDelivery> Plan(int people) {
    std::vector<PlannedDelivery> plan;
    for (int i = 1; i <= people; ++i) {
      plan.push_back({i, i % 3 == 0 ? "en" : "vi", {Channel::kZaloMessage, Channel::kSms, Channel::kEmail}});
    }
    return plan;
  }
};
CHANCERY_DB_TEST_SUITE(DeliveryTest);

TEST_P(DeliveryTest, APlanIsStoredOnceHoweverOftenItIsWritten) {
  DeliveryStore store(db());
  auto first = store.InsertPlan("alert:1", Plan(1000), clock().NowMs());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(*first, 1000);
  auto again = store.InsertPlan("alert:1", Plan(1200), clock().NowMs());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 200);
  auto progress = store.Progress("alert:1");
  ASSERT_TRUE(progress.ok());
  EXPECT_EQ(progress->total, 1200);
  EXPECT_EQ(progress->pending, 1200);
}

TEST_P(DeliveryTest, TheCascadeFallsBackPerPersonAndReceiptsCompleteIt) {
  DeliveryStore store(db());
  ASSERT_TRUE(store.InsertPlan("alert:1", Plan(60), clock().NowMs()).ok());
  // Zalo: odd citizens are outside the interaction window. SMS: citizens divisible by 7 get a 503 every time.
  auto zalo = std::make_shared<ScriptedConnector>([](std::int64_t id) {
    return id % 2 == 1 ? SendOutcome::Failed(SendResult::kUnreachable, "zalo error -230") : SendOutcome::Accepted("");
  });
  auto sms = std::make_shared<ScriptedConnector>([](std::int64_t id) {
    return id % 7 == 0 ? SendOutcome::Failed(SendResult::kTransient, "HTTP 503") : SendOutcome::Accepted("");
  });
  auto email = std::make_shared<ScriptedConnector>([](std::int64_t) { return SendOutcome::Accepted(""); });
  DispatcherOptions options;
  options.attempts_per_step = 2;
  Dispatcher dispatcher(store, clock(), options);
  dispatcher.SetConnector(Channel::kZaloMessage, zalo);
  dispatcher.SetConnector(Channel::kSms, sms);
  dispatcher.SetConnector(Channel::kEmail, email);
  dispatcher.SetContent("alert:", std::make_shared<TestContent>());

  // Rounds until nothing is due, with time moving on past backoffs.
  for (int round = 0; round < 50; ++round) {
    auto handled = dispatcher.RunOnce();
    ASSERT_TRUE(handled.ok()) << handled.status().ToString();
    clock().Advance(options.max_backoff_ms);
  }
  // No receipts arrive here, so every message accepted on Zalo or SMS times out and the cascade goes on.
  auto progress = store.Progress("alert:1");
  ASSERT_TRUE(progress.ok());
  EXPECT_EQ(progress->total, 60);
  EXPECT_EQ(progress->cancelled, 1);  // citizen 13
  EXPECT_EQ(progress->pending, 0);
  // Zalo accepted only for those inside the window, SMS only where the gateway worked; everyone reachable was
  // reached on some channel.
  std::set<std::int64_t> reached;
  for (const auto& connector : {zalo, sms, email}) {
    for (const auto& [key, citizen] : connector->accepted()) reached.insert(citizen);
  }
  EXPECT_EQ(reached.size(), 59u);
  for (const auto& [key, citizen] : zalo->accepted()) EXPECT_EQ(citizen % 2, 0) << citizen;
  for (const auto& [key, citizen] : sms->accepted()) EXPECT_NE(citizen % 7, 0) << citizen;
}

TEST_P(DeliveryTest, AReceiptDeliversAndAnUnknownOneChangesNothing) {
  DeliveryStore store(db());
  ASSERT_TRUE(store.InsertPlan("alert:2", {{5, "vi", {Channel::kZaloMessage, Channel::kEmail}}}, clock().NowMs()).ok());
  auto zalo = std::make_shared<ScriptedConnector>([](std::int64_t) { return SendOutcome::Accepted(""); });
  auto email = std::make_shared<ScriptedConnector>([](std::int64_t) { return SendOutcome::Accepted(""); });
  Dispatcher dispatcher(store, clock(), DispatcherOptions{});
  dispatcher.SetConnector(Channel::kZaloMessage, zalo);
  dispatcher.SetConnector(Channel::kEmail, email);
  dispatcher.SetContent("alert:", std::make_shared<TestContent>());
  ASSERT_EQ(*dispatcher.RunOnce(), 1);
  auto progress = store.Progress("alert:2");
  EXPECT_EQ(progress->awaiting_receipt, 1);
  EXPECT_FALSE(*store.ApplyReceipt("zalo_message", "p-unknown", clock().NowMs()));
  EXPECT_FALSE(*store.ApplyReceipt("sms", zalo->accepted().begin()->first, clock().NowMs()));
  ASSERT_TRUE(*store.ApplyReceipt("zalo_message", "p-" + zalo->accepted().begin()->first, clock().NowMs()));
  EXPECT_FALSE(*store.ApplyReceipt("zalo_message", "p-" + zalo->accepted().begin()->first, clock().NowMs()));
  clock().Advance(DispatcherOptions{}.receipt_timeout_ms + 1);
  EXPECT_EQ(*dispatcher.RunOnce(), 0);  // delivered: no timeout, no e-mail
  EXPECT_EQ(store.Progress("alert:2")->delivered, 1);
  EXPECT_EQ(email->calls(), 0);
}

TEST_P(DeliveryTest, ADispatcherThatDiesMidRoundLosesAndDoublesNothing) {
  DeliveryStore store(db());
  ASSERT_TRUE(store.InsertPlan("alert:3", Plan(500), clock().NowMs()).ok());
  auto email = std::make_shared<ScriptedConnector>([](std::int64_t) { return SendOutcome::Accepted(""); });
  // The first node claims a batch and dies before recording it: those rows stay leased.
  auto lost = store.ClaimDue(clock().NowMs(), DispatcherOptions{}.lease_ms, 200);
  ASSERT_TRUE(lost.ok());
  ASSERT_EQ(lost->size(), 200u);
  // Another node (its own Database on the same data) takes over.
  auto peer = OpenPeer();
  ASSERT_TRUE(peer.ok()) << peer.status().ToString();
  DeliveryStore peer_store(**peer);
  Dispatcher dispatcher(peer_store, clock(), DispatcherOptions{});
  dispatcher.SetConnector(Channel::kEmail, email);
  dispatcher.SetContent("alert:", std::make_shared<TestContent>());
  while (*dispatcher.RunOnce() > 0) {
  }
  auto progress = store.Progress("alert:3");
  EXPECT_EQ(progress->pending, 200);  // leased by the dead node, not touched
  clock().Advance(DispatcherOptions{}.lease_ms + 1);
  while (*dispatcher.RunOnce() > 0) {
  }
  progress = store.Progress("alert:3");
  EXPECT_EQ(progress->pending, 0);
  EXPECT_EQ(progress->delivered, 499);
  EXPECT_EQ(progress->cancelled, 1);
  // Each person once: one accepted key per person.
  std::map<std::int64_t, int> per_person;
  for (const auto& [key, citizen] : email->accepted()) ++per_person[citizen];
  EXPECT_EQ(per_person.size(), 499u);
  for (const auto& [citizen, count] : per_person) EXPECT_EQ(count, 1) << citizen;
}

TEST_P(DeliveryTest, AfterACrashAZaloMessageIsNotSentAgainButAwaitsItsReceipt) {
  DeliveryStore store(db());
  ASSERT_TRUE(store
                  .InsertPlan("alert:4",
                              {{1, "vi", {Channel::kZaloMessage, Channel::kSms}}, {2, "vi", {Channel::kSms}}},
                              clock().NowMs())
                  .ok());
  // A node claims both, begins sending the Zalo message, and dies before recording anything.
  auto claimed = store.ClaimDue(clock().NowMs(), 1000, 10);
  ASSERT_EQ(claimed->size(), 2u);
  for (const ClaimedDelivery& delivery : *claimed) {
    if (delivery.citizen_id == 1) {
      ASSERT_TRUE(store.MarkSending(delivery.id, 0).ok());
    }
  }
  clock().Advance(1001);
  auto zalo = std::make_shared<ScriptedConnector>([](std::int64_t) { return SendOutcome::Accepted(""); });
  auto sms = std::make_shared<ScriptedConnector>([](std::int64_t) { return SendOutcome::Accepted(""); });
  DispatcherOptions options;
  options.receipt_timeout_ms = 60000;
  Dispatcher dispatcher(store, clock(), options);
  dispatcher.SetConnector(Channel::kZaloMessage, zalo);
  dispatcher.SetConnector(Channel::kSms, sms);
  dispatcher.SetContent("alert:", std::make_shared<TestContent>());
  ASSERT_EQ(*dispatcher.RunOnce(), 2);
  EXPECT_EQ(zalo->calls(), 0);  // it may have gone: not sent twice
  EXPECT_EQ(sms->calls(), 1);   // SMS carries its key: sending again is safe
  EXPECT_EQ(store.Progress("alert:4")->awaiting_receipt, 2);
  // Zalo's receipt names the person: the message had gone.
  EXPECT_EQ(*store.ApplyReceiptForCitizen("zalo_message", 1, clock().NowMs()), 1);
  EXPECT_EQ(*store.ApplyReceiptForCitizen("zalo_message", 1, clock().NowMs()), 0);
  EXPECT_EQ(store.Progress("alert:4")->delivered, 1);
  // A delivery that was claimed but whose Zalo send never began is sent normally after a crash, and so is one of a
  // round that was recorded.
  ASSERT_TRUE(store.InsertPlan("alert:5", {{1, "vi", {Channel::kZaloMessage}}}, clock().NowMs()).ok());
  ASSERT_EQ(store.ClaimDue(clock().NowMs(), 1000, 10)->size(), 1u);
  clock().Advance(1001);
  ASSERT_EQ(*dispatcher.RunOnce(), 1);
  EXPECT_EQ(zalo->calls(), 1);
  ASSERT_TRUE(store.InsertPlan("alert:6", {{1, "vi", {Channel::kZaloMessage}}}, clock().NowMs()).ok());
  ASSERT_EQ(*dispatcher.RunOnce(), 1);
  EXPECT_EQ(zalo->calls(), 2);
  clock().Advance(options.receipt_timeout_ms + 1);
  while (*dispatcher.RunOnce() > 0) {
  }
  // Interrupted on its only channel, and no receipt comes (it never went): sent again rather than failed, once.
  ASSERT_TRUE(store.InsertPlan("alert:9", {{3, "vi", {Channel::kZaloMessage}}}, clock().NowMs()).ok());
  auto lost = store.ClaimDue(clock().NowMs(), 1000, 10);
  ASSERT_EQ(lost->size(), 1u);
  ASSERT_TRUE(store.MarkSending((*lost)[0].id, 0).ok());
  clock().Advance(1001);
  ASSERT_EQ(*dispatcher.RunOnce(), 1);
  EXPECT_EQ(zalo->calls(), 2) << "it may have gone: awaits its receipt";
  clock().Advance(options.receipt_timeout_ms + 1);
  ASSERT_EQ(*dispatcher.RunOnce(), 1);  // no receipt: due again on the same channel
  ASSERT_EQ(*dispatcher.RunOnce(), 1);
  EXPECT_EQ(zalo->calls(), 3);
  EXPECT_EQ(store.Progress("alert:9")->awaiting_receipt, 1);
  // That send was accepted: without its receipt it fails like any other on a last channel, never sent a third time.
  clock().Advance(options.receipt_timeout_ms + 1);
  ASSERT_EQ(*dispatcher.RunOnce(), 1);
  EXPECT_EQ(store.Progress("alert:9")->failed, 1);
  EXPECT_EQ(*dispatcher.RunOnce(), 0);
  EXPECT_EQ(zalo->calls(), 3);
}

TEST_P(DeliveryTest, ADailyQuotaIsSharedByTheNodesAndPastItTheNextChannelIsTried) {
  DeliveryStore store(db());
  std::vector<PlannedDelivery> plan;
  for (std::int64_t id : {1, 2, 3, 4, 5, 6, 7, 8, 9, 11}) plan.push_back({id, "vi", {Channel::kSms, Channel::kEmail}});
  ASSERT_TRUE(store.InsertPlan("alert:7", plan, clock().NowMs()).ok());
  auto sms = std::make_shared<ScriptedConnector>([](std::int64_t) { return SendOutcome::Accepted(""); });
  auto email = std::make_shared<ScriptedConnector>([](std::int64_t) { return SendOutcome::Accepted(""); });
  DispatcherOptions options;
  options.batch = 5;
  options.quotas.limits = {{Channel::kSms, 4}};
  // Two nodes on one database: the quota is the provider's, not a node's.
  std::vector<std::unique_ptr<Dispatcher>> nodes;
  for (int i = 0; i < 2; ++i) {
    nodes.push_back(std::make_unique<Dispatcher>(store, clock(), options));
    nodes.back()->SetConnector(Channel::kSms, sms);
    nodes.back()->SetConnector(Channel::kEmail, email);
    nodes.back()->SetContent("alert:", std::make_shared<TestContent>());
  }
  for (int round = 0; round < 10; ++round) ASSERT_TRUE(nodes[round % 2]->RunOnce().ok());

  EXPECT_EQ(sms->calls(), 4);
  EXPECT_EQ(email->calls(), 6);
  std::set<std::int64_t> reached;
  for (const auto& connector : {sms, email}) {
    for (const auto& [key, citizen] : connector->accepted()) EXPECT_TRUE(reached.insert(citizen).second) << citizen;
  }
  EXPECT_EQ(reached.size(), 10u);
  const std::string today = QuotaDay(clock().NowMs(), options.quotas.day_offset_minutes);
  EXPECT_EQ(*store.QuotaUsed("sms", today), 4);
  // Each delivery turned away records why, as an attempt not made.
  ASSERT_TRUE(
      db().Read("test.skipped",
                [&](storage::Transaction& transaction) -> Status {
                  CHANCERY_ASSIGN_OR_RETURN(
                      storage::Row row,
                      transaction.QueryOne("SELECT COUNT(*) FROM delivery_attempts WHERE result = 'skipped' "
                                           "AND channel = 'sms' AND detail = 'the daily quota of sms (4) is used up'"));
                  EXPECT_EQ(row.Int(0), 6);
                  return Status::Ok();
                })
          .ok());
  // The next day has its quota again; a day's quota is never exceeded, however it is asked for.
  EXPECT_EQ(*store.TakeQuota("sms", today, 3, 4), 0);
  clock().Advance(24 * 3600 * 1000);
  const std::string tomorrow = QuotaDay(clock().NowMs(), options.quotas.day_offset_minutes);
  EXPECT_NE(tomorrow, today);
  EXPECT_EQ(*store.TakeQuota("sms", tomorrow, 3, 4), 3);
  EXPECT_EQ(*store.TakeQuota("sms", tomorrow, 3, 4), 1);
  EXPECT_EQ(*store.QuotaUsed("sms", tomorrow), 4);
}

TEST_P(DeliveryTest, AReceiptForNoRecordedSendIsKeptADayThenRemoved) {
  DeliveryStore store(db());
  // Receipts for messages no delivery has recorded (a send in flight, or a message not ours): kept for Record.
  EXPECT_FALSE(*store.ApplyReceipt("zalo_message", "m-old", clock().NowMs()));
  clock().Advance(3600 * 1000);
  EXPECT_FALSE(*store.ApplyReceipt("zalo_message", "m-new", clock().NowMs()));
  const auto kept = [&] {
    std::int64_t count = -1;
    EXPECT_TRUE(db().Read("test.early",
                          [&](storage::Transaction& transaction) -> Status {
                            CHANCERY_ASSIGN_OR_RETURN(
                                storage::Row row, transaction.QueryOne("SELECT COUNT(*) FROM delivery_early_receipts"));
                            count = row.Int(0);
                            return Status::Ok();
                          })
                    .ok());
    return count;
  };
  EXPECT_EQ(kept(), 2);
  // A day after the first: it goes, the later one stays.
  clock().Advance(23 * 3600 * 1000 + 1);
  EXPECT_EQ(*store.PurgeEarlyReceipts(clock().NowMs() - 24 * 3600 * 1000), 1);
  EXPECT_EQ(kept(), 1);
  // The one kept still completes its send when that is recorded.
  ASSERT_TRUE(store.InsertPlan("alert:8", {{1, "vi", {Channel::kZaloMessage}}}, clock().NowMs()).ok());
  auto claimed = store.ClaimDue(clock().NowMs(), 60000, 10);
  ASSERT_EQ(claimed->size(), 1u);
  DeliveryUpdate update;
  update.id = (*claimed)[0].id;
  update.state = DeliveryState::kAwaitingReceipt;
  update.channel = "zalo_message";
  update.provider_message_id = "m-new";
  update.due_at_ms = clock().NowMs() + 60000;
  ASSERT_TRUE(store.Record({update}, clock().NowMs()).ok());
  EXPECT_EQ(store.Progress("alert:8")->delivered, 1);
  EXPECT_EQ(kept(), 0);
}

}  // namespace
}  // namespace chancery::delivery
