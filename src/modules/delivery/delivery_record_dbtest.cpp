// A round's writes on both engines: each send on Zalo is marked durably before it goes, no more are marked than are
// in flight; and the outcomes recorded in a few multi-row statements come out exactly as recording them one by one
// did (the statements of the earlier Record, kept here as the reference), early receipts included.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "modules/delivery/dispatcher.hpp"
#include "support/db_test.hpp"

namespace chancery::delivery {
namespace {

using storage::Row;
using storage::Rows;
using storage::Transaction;

// Accepts every send; on each, notes which deliveries were marked as sending at that moment, as another node
// would read them from the database (committed rows only), and how many Zalo sends had begun by then.
class MarkWatchingConnector : public Connector {
 public:
  struct Seen {
    int zalo_sends_begun = 0;
    std::vector<std::int64_t> marked;
  };
  explicit MarkWatchingConnector(storage::Database& observer) : observer_(observer) {}
  SendOutcome Send(const SendRequest& request) override {
    Seen seen;
    {
      std::lock_guard lock(mutex_);
      if (request.channel == Channel::kZaloMessage) ++zalo_sends_begun_;
      seen.zalo_sends_begun = zalo_sends_begun_;
    }
    EXPECT_TRUE(observer_
                    .Read("test.marked",
                          [&](Transaction& transaction) -> Status {
                            CHANCERY_ASSIGN_OR_RETURN(
                                Rows rows, transaction.Query("SELECT citizen_id FROM deliveries "
                                                             "WHERE sending_step IS NOT NULL ORDER BY citizen_id"));
                            for (const Row& row : rows) seen.marked.push_back(row.Int(0));
                            return Status::Ok();
                          })
                    .ok());
    std::lock_guard lock(mutex_);
    seen_[request.recipient->citizen_id] = seen;
    return SendOutcome::Accepted("p-" + request.idempotency_key);
  }
  std::map<std::int64_t, Seen> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  storage::Database& observer_;
  std::mutex mutex_;
  int zalo_sends_begun_ = 0;
  std::map<std::int64_t, Seen> seen_;
};

class EveryoneContent : public CampaignContent {
 public:
  Result<std::vector<std::optional<Recipient>>> RecipientsOf(
      std::span<const ClaimedDelivery* const> deliveries) override {
    std::vector<std::optional<Recipient>> recipients;
    for (const ClaimedDelivery* delivery : deliveries) {
      recipients.emplace_back(Recipient{.citizen_id = delivery->citizen_id, .usable = delivery->cascade});
    }
    return recipients;
  }
  Result<Message> MessageFor(const ClaimedDelivery&, Channel) override { return Message{"Alert", "Leave", "", "", ""}; }
};

class DeliveryRecordTest : public testing::DbTest {};
CHANCERY_DB_TEST_SUITE(DeliveryRecordTest);

TEST_P(DeliveryRecordTest, EachZaloSendIsMarkedDurablyBeforeItGoesAndNoMoreAreMarkedThanAreInFlight) {
  DeliveryStore store(db());
  // Odd citizens start on Zalo, even ones on SMS (which repeats safely and is not marked).
  std::vector<PlannedDelivery> plan;
  for (int i = 1; i <= 40; ++i) {
    plan.push_back(
        {i, "vi", i % 2 == 1 ? std::vector{Channel::kZaloMessage, Channel::kSms} : std::vector{Channel::kSms}});
  }
  ASSERT_TRUE(store.InsertPlan("alert:1", plan, clock().NowMs()).ok());
  auto observer = OpenPeer();
  ASSERT_TRUE(observer.ok()) << observer.status().ToString();
  auto connector = std::make_shared<MarkWatchingConnector>(**observer);
  DispatcherOptions options;
  options.send_threads = 4;
  Dispatcher dispatcher(store, clock(), options);
  dispatcher.SetConnector(Channel::kZaloMessage, connector);
  dispatcher.SetConnector(Channel::kSms, connector);
  dispatcher.SetContent("alert:", std::make_shared<EveryoneContent>());
  ASSERT_EQ(*dispatcher.RunOnce(), 40);

  const auto seen = connector->seen();
  ASSERT_EQ(seen.size(), 40u);
  for (const auto& [citizen, at_send] : seen) {
    for (std::int64_t marked : at_send.marked) EXPECT_EQ(marked % 2, 1) << "an SMS send marked: " << marked;
    if (citizen % 2 == 0) continue;
    // Its own step was committed as sending; beyond the sends already begun, at most one wave more is marked (a
    // crash leaves no more marked steps unsent than there are send threads).
    EXPECT_NE(std::find(at_send.marked.begin(), at_send.marked.end(), citizen), at_send.marked.end()) << citizen;
    EXPECT_LE(static_cast<int>(at_send.marked.size()), at_send.zalo_sends_begun + options.send_threads - 1) << citizen;
  }
  // The record clears the marks.
  EXPECT_EQ(store.Progress("alert:1")->awaiting_receipt, 40);
  ASSERT_TRUE((*observer)
                  ->Read("test.cleared",
                         [&](Transaction& transaction) -> Status {
                           CHANCERY_ASSIGN_OR_RETURN(
                               Row row,
                               transaction.QueryOne("SELECT COUNT(*) FROM deliveries WHERE sending_step IS NOT NULL"));
                           EXPECT_EQ(row.Int(0), 0);
                           return Status::Ok();
                         })
                  .ok());
}

// The statements Record ran before it wrote a round in a few multi-row statements, one delivery after another.
Status RecordOneByOne(storage::Database& database, const std::vector<DeliveryUpdate>& updates, std::int64_t now_ms) {
  return database.Write("test.record_one_by_one", [&](Transaction& transaction) -> Status {
    for (const DeliveryUpdate& update : updates) {
      const bool done = update.state == DeliveryState::kDelivered;
      const bool awaiting = update.state == DeliveryState::kAwaitingReceipt && !update.provider_message_id.empty();
      CHANCERY_TRY(transaction.Execute(
          "UPDATE deliveries SET state = ?, step = ?, attempt = ?, due_at = ?, lease_until = 0, unrecorded_claims = 0, "
          "sending_step = NULL, "
          "channel = CASE WHEN ? = '' THEN channel ELSE ? END, "
          "provider_message_id = CASE WHEN ? = '' THEN provider_message_id ELSE ? END, last_error = ?, "
          "updated_at = ?, delivered_at = CASE WHEN ? = 1 THEN ? ELSE delivered_at END "
          "WHERE id = ? AND state IN ('pending', 'awaiting_receipt')",
          {std::string(DeliveryStateName(update.state)), std::int64_t{update.step}, std::int64_t{update.attempt},
           update.due_at_ms, update.channel, update.channel, update.provider_message_id, update.provider_message_id,
           update.last_error, now_ms, std::int64_t{done ? 1 : 0}, now_ms, update.id}));
      if (awaiting) {
        CHANCERY_ASSIGN_OR_RETURN(
            std::int64_t early,
            transaction.Execute("DELETE FROM delivery_early_receipts WHERE channel = ? AND provider_message_id = ?",
                                {update.channel, update.provider_message_id}));
        if (early > 0) {
          CHANCERY_TRY(transaction.Execute(
              "UPDATE deliveries SET state = 'delivered', delivered_at = ? WHERE id = ? AND state = 'awaiting_receipt'",
              {now_ms, update.id}));
        }
      }
      if (update.attempted) {
        CHANCERY_TRY(transaction.Execute(
            "INSERT INTO delivery_attempts (delivery_id, step, channel, attempt, result, detail, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            {update.id, std::int64_t{update.attempted_step}, update.attempted_channel,
             std::int64_t{update.attempted_number}, update.result, update.detail, now_ms}));
      }
    }
    return Status::Ok();
  });
}

// A round's worth of varied outcomes for the deliveries of `campaign` (claimed in citizen order); provider message
// ids carry the campaign so that the two campaigns compared do not share receipts.
std::vector<DeliveryUpdate> Outcomes(const std::vector<ClaimedDelivery>& claimed, const std::string& campaign,
                                     std::int64_t now_ms) {
  std::vector<DeliveryUpdate> updates;
  for (const ClaimedDelivery& delivery : claimed) {
    const std::int64_t i = delivery.citizen_id;
    DeliveryUpdate update;
    update.id = delivery.id;
    update.step = static_cast<int>(i % 3);
    update.due_at_ms = now_ms + i;
    switch (i % 5) {
      case 0:
        update.state = DeliveryState::kDelivered;
        update.channel = "email";
        break;
      case 1:
      case 2:
        update.state = DeliveryState::kAwaitingReceipt;
        update.channel = i % 2 == 0 ? "sms" : "zalo_message";
        // Citizen 7's message id is unknown (an interrupted Zalo send awaits its receipt by person).
        if (i != 7) update.provider_message_id = campaign + "-m" + std::to_string(i);
        break;
      case 3:
        update.state = DeliveryState::kPending;
        update.attempt = 2;
        update.last_error = "HTTP 503";
        break;
      default: update.state = DeliveryState::kFailed; update.last_error = "no channel left";
    }
    if (i % 4 != 0) {
      update.attempted = true;
      update.attempted_step = update.step;
      update.attempted_channel = update.channel.empty() ? "sms" : update.channel;
      update.attempted_number = update.attempt + 1;
      update.result = update.state == DeliveryState::kPending ? "transient" : "accepted";
      update.detail = "detail " + std::to_string(i);
    }
    updates.push_back(update);
  }
  return updates;
}

// Every column a record writes, per citizen, with the campaign's prefix taken off message ids.
std::vector<std::string> Snapshot(storage::Database& database, const std::string& campaign) {
  std::vector<std::string> lines;
  EXPECT_TRUE(
      database
          .Read("test.snapshot",
                [&](Transaction& transaction) -> Status {
                  CHANCERY_ASSIGN_OR_RETURN(
                      Rows rows, transaction.Query("SELECT citizen_id, state, step, attempt, due_at, lease_until, "
                                                   "unrecorded_claims, sending_step, channel, provider_message_id, "
                                                   "last_error, updated_at, delivered_at FROM deliveries "
                                                   "WHERE campaign = ? ORDER BY citizen_id",
                                                   {campaign}));
                  for (const Row& row : rows) {
                    std::string line;
                    for (std::size_t column = 0; column < row.size(); ++column) {
                      std::string text = row.IsNull(column) ? "NULL" : row.Text(column);
                      if (text.rfind(campaign, 0) == 0) text = text.substr(campaign.size());
                      line += text + "|";
                    }
                    lines.push_back(line);
                  }
                  CHANCERY_ASSIGN_OR_RETURN(
                      rows, transaction.Query("SELECT d.citizen_id, a.step, a.channel, a.attempt, a.result, a.detail, "
                                              "a.at FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id "
                                              "WHERE d.campaign = ? ORDER BY d.citizen_id, a.id",
                                              {campaign}));
                  for (const Row& row : rows) {
                    std::string line = "attempt ";
                    for (std::size_t column = 0; column < row.size(); ++column) line += row.Text(column) + "|";
                    lines.push_back(line);
                  }
                  CHANCERY_ASSIGN_OR_RETURN(rows, transaction.Query("SELECT channel, provider_message_id FROM "
                                                                    "delivery_early_receipts ORDER BY 1, 2"));
                  for (const Row& row : rows) {
                    if (row.Text(1).rfind(campaign, 0) == 0) {
                      lines.push_back("early " + row.Text(0) + " " + row.Text(1).substr(campaign.size()));
                    }
                  }
                  return Status::Ok();
                })
          .ok());
  return lines;
}

TEST_P(DeliveryRecordTest, ARoundRecordedAtOnceEndsAsOneRecordedDeliveryByDelivery) {
  DeliveryStore store(db());
  // More deliveries than one statement takes, so that the statements are split too.
  constexpr int kPeople = 1234;
  std::vector<PlannedDelivery> plan;
  for (int i = 1; i <= kPeople; ++i) plan.push_back({i, "vi", {Channel::kZaloMessage, Channel::kSms, Channel::kEmail}});
  for (const std::string campaign : {"alert:batch", "alert:rows"}) {
    ASSERT_TRUE(store.InsertPlan(campaign, plan, clock().NowMs()).ok());
    auto claimed = store.ClaimDue(clock().NowMs(), 60000, kPeople);
    ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
    ASSERT_EQ(claimed->size(), static_cast<std::size_t>(kPeople));
    std::sort(claimed->begin(), claimed->end(),
              [](const ClaimedDelivery& a, const ClaimedDelivery& b) { return a.citizen_id < b.citizen_id; });
    // Some sends were marked; some receipts came before the record (every 11th awaited message), one of them twice;
    // one receipt is for a message that goes to a delivery no longer open; and one matches nothing recorded here.
    ASSERT_TRUE(store.MarkSending({{(*claimed)[0].id, 0}, {(*claimed)[5].id, 1}}).ok());
    for (int i = 1; i <= kPeople; i += 11) {
      if (i % 5 == 1 || i % 5 == 2) {
        const std::string channel = i % 2 == 0 ? "sms" : "zalo_message";
        ASSERT_FALSE(*store.ApplyReceipt(channel, campaign + "-m" + std::to_string(i), clock().NowMs()));
      }
    }
    ASSERT_FALSE(*store.ApplyReceipt("zalo_message", campaign + "-m1", clock().NowMs()));
    ASSERT_FALSE(*store.ApplyReceipt("sms", campaign + "-m12", clock().NowMs()));
    ASSERT_FALSE(*store.ApplyReceipt("sms", campaign + "-unrelated", clock().NowMs()));
    ASSERT_TRUE(db().Write("test.cancel_one",
                           [&](Transaction& transaction) -> Status {
                             return transaction
                                 .Execute(
                                     "UPDATE deliveries SET state = 'cancelled' WHERE campaign = ? AND citizen_id = 12",
                                     {campaign})
                                 .status();
                           })
                    .ok());
    clock().Advance(1000);
    const std::vector<DeliveryUpdate> updates = Outcomes(*claimed, campaign, clock().NowMs());
    if (campaign == "alert:batch") {
      ASSERT_TRUE(store.Record(updates, clock().NowMs()).ok());
    } else {
      ASSERT_TRUE(RecordOneByOne(db(), updates, clock().NowMs()).ok());
    }
    clock().Set(clock().NowMs() - 1000);  // both recorded at the same time
  }
  const std::vector<std::string> batch = Snapshot(db(), "alert:batch");
  const std::vector<std::string> rows = Snapshot(db(), "alert:rows");
  ASSERT_GT(batch.size(), static_cast<std::size_t>(kPeople));
  EXPECT_EQ(batch, rows);
  // The early receipts were taken: their deliveries are delivered, except citizen 12's (cancelled meanwhile).
  auto progress = store.Progress("alert:batch");
  ASSERT_TRUE(progress.ok());
  EXPECT_GT(progress->delivered, kPeople / 5);
  EXPECT_EQ(progress->cancelled, 1);
}

}  // namespace
}  // namespace chancery::delivery
