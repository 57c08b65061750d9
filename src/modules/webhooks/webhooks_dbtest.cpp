// The outbox on both engines: an alert becomes one delivery per endpoint that wants it; a receiver that fails is
// retried with backoff, always with the same Webhook-Id and a valid signature; a receiver that never recovers is
// given up at the deadline; a delivery a dead node had claimed is sent after its lease by a fresh sender (a
// restart); secrets are never stored in plaintext.
#include <gtest/gtest.h>

#include <mutex>
#include <set>

#include "core/crypto.hpp"
#include "modules/webhooks/webhook_sender.hpp"
#include "modules/webhooks/webhooks_store.hpp"
#include "support/cipher_db_test.hpp"

namespace chancery::webhooks {
namespace {

using alerts::CapScope;
using alerts::CapStatus;

constexpr std::int64_t kHq = 1;
constexpr std::int64_t kMission = 5;
constexpr const char* kUrl = "http://127.0.0.1:9/hook";  // never connected to: the transport is a fake
constexpr const char* kBody = "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">…</alert>";

// A receiver that answers from a script (then 200) and keeps what it was sent.
class ScriptedReceiver {
 public:
  explicit ScriptedReceiver(std::vector<delivery::HttpResponse> script = {}) : script_(std::move(script)) {}

  delivery::HttpResponse operator()(const delivery::HttpRequest& request) {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
    if (next_ < script_.size()) return script_[next_++];
    delivery::HttpResponse ok;
    ok.status = 204;
    return ok;
  }
  std::vector<delivery::HttpRequest> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  std::mutex mutex_;
  std::vector<delivery::HttpResponse> script_;
  std::size_t next_ = 0;
  std::vector<delivery::HttpRequest> requests_;
};

delivery::HttpResponse Answer(long status, std::string retry_after = "") {
  delivery::HttpResponse response;
  response.status = status;
  if (!retry_after.empty()) response.headers.emplace_back("retry-after", retry_after);
  return response;
}

std::string HeaderOf(const delivery::HttpRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) return value;
  }
  return "";
}

class WebhooksOutboxTest : public testing::CipherDbTest {
 protected:
  void SetUp() override {
    CipherDbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    store_ = std::make_unique<WebhooksStore>(db(), *cipher_);
  }

  SenderOptions Options() const {
    SenderOptions options;
    // No jitter: the tests below check exact times (RetriesThatFailedTogetherAreSpreadOut checks the jitter).
    options.retry = {.base_delay_ms = 10000, .max_delay_ms = 40000, .give_up_after_ms = 60000, .jitter = 0};
    options.destinations = {.allowed_ranges = {"127.0.0.0/8"}, .http_hosts = {"127.0.0.1"}};
    options.lease_ms = 30000;
    return options;
  }

  std::int64_t AddEndpoint(std::int64_t unit, EndpointSettings settings, const std::string& secret) {
    if (settings.url.empty()) settings.url = kUrl;
    if (settings.name.empty()) settings.name = "hub";
    std::int64_t id = 0;
    EXPECT_TRUE(db().Write("test.endpoint",
                           [&](storage::Transaction& transaction) -> Status {
                             CHANCERY_ASSIGN_OR_RETURN(
                                 id, store_->CreateEndpoint(transaction, unit, settings, secret, 42, clock().NowMs()));
                             return Status::Ok();
                           })
                    .ok());
    return id;
  }

  Result<int> Publish(std::int64_t alert_id, std::int64_t unit, CapStatus status, CapScope scope) {
    OutgoingAlert alert{
        .alert_id = alert_id,
        .identifier = "vn.gov.mofa.alert." + std::to_string(alert_id),
        .unit_id = unit,
        .unit_and_ancestors = unit == kHq ? std::vector<std::int64_t>{kHq} : std::vector<std::int64_t>{unit, kHq},
        .status = status,
        .scope = scope,
        .body = kBody};
    int written = 0;
    Status status_written = db().Write("test.publish", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(written, store_->EnqueueAlert(transaction, alert, clock().NowMs(), 60000));
      return Status::Ok();
    });
    if (!status_written.ok()) return status_written;
    return written;
  }

  std::vector<Delivery> DeliveriesOf(std::int64_t endpoint) {
    Result<std::vector<Delivery>> deliveries = store_->ListDeliveries(endpoint, 50);
    EXPECT_TRUE(deliveries.ok()) << deliveries.status().ToString();
    return deliveries.ok() ? *deliveries : std::vector<Delivery>{};
  }

  std::unique_ptr<WebhooksStore> store_;
};
CHANCERY_DB_TEST_SUITE(WebhooksOutboxTest);

TEST_P(WebhooksOutboxTest, AnAlertReachesEveryActiveEndpointThatWantsItOnce) {
  const std::string secret = NewSecret();
  const std::int64_t own = AddEndpoint(kMission, {.statuses = {CapStatus::kActual, CapStatus::kExercise}}, secret);
  const std::int64_t hq_all = AddEndpoint(kHq,
                                          {.statuses = {CapStatus::kExercise},
                                           .scopes = {CapScope::kPublic, CapScope::kRestricted},
                                           .coverage = Coverage::kSubtree},
                                          secret);
  const std::int64_t hq_own = AddEndpoint(kHq, {.statuses = {CapStatus::kExercise}}, secret);
  const std::int64_t actual_only = AddEndpoint(kMission, {.statuses = {CapStatus::kActual}}, secret);
  const std::int64_t paused =
      AddEndpoint(kMission, {.statuses = {CapStatus::kExercise}, .state = EndpointState::kPaused}, secret);
  const std::int64_t other_mission = AddEndpoint(6, {.statuses = {CapStatus::kExercise}}, secret);

  Result<int> written = Publish(100, kMission, CapStatus::kExercise, CapScope::kPublic);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  EXPECT_EQ(*written, 2);
  EXPECT_EQ(DeliveriesOf(own).size(), 1u);
  EXPECT_EQ(DeliveriesOf(hq_all).size(), 1u) << "HQ's subtree endpoint takes the mission's alerts";
  EXPECT_TRUE(DeliveriesOf(hq_own).empty()) << "an endpoint of HQ's own alerts only";
  EXPECT_TRUE(DeliveriesOf(actual_only).empty()) << "an Exercise to an Actual-only endpoint";
  EXPECT_TRUE(DeliveriesOf(paused).empty());
  EXPECT_TRUE(DeliveriesOf(other_mission).empty());
  // A Restricted alert: only the endpoint that asked for that scope.
  ASSERT_EQ(*Publish(101, kMission, CapStatus::kExercise, CapScope::kRestricted), 1);
  EXPECT_EQ(DeliveriesOf(hq_all).size(), 2u);
  // The same alert twice (it cannot be sent twice, but the table says so too): refused, nothing written.
  EXPECT_FALSE(Publish(100, kMission, CapStatus::kExercise, CapScope::kPublic).ok());
  EXPECT_EQ(DeliveriesOf(own).size(), 1u);
}

TEST_P(WebhooksOutboxTest, AFailingReceiverIsRetriedWithBackoffThenGivenUpAtTheDeadline) {
  const std::int64_t endpoint = AddEndpoint(kMission, {.statuses = {CapStatus::kActual}}, NewSecret());
  ASSERT_EQ(*Publish(7, kMission, CapStatus::kActual, CapScope::kPublic), 1);  // deadline: 60 s from now
  ScriptedReceiver receiver({Answer(503), Answer(0), Answer(429, "25"), Answer(503)});
  WebhookSender sender(*store_, clock(), Options(), std::ref(receiver));

  ASSERT_EQ(*sender.RunOnce(), 1);  // 503: again in 10 s
  Delivery delivery = DeliveriesOf(endpoint).at(0);
  EXPECT_EQ(delivery.state, DeliveryState::kPending);
  EXPECT_EQ(delivery.last_status, 503);
  EXPECT_EQ(delivery.due_at_ms, DbTest::kStartMs + 10000);
  clock().Advance(9999);
  EXPECT_EQ(*sender.RunOnce(), 0) << "not due yet";
  clock().Advance(1);
  ASSERT_EQ(*sender.RunOnce(), 1);  // no answer: again in 20 s
  delivery = DeliveriesOf(endpoint).at(0);
  EXPECT_EQ(delivery.due_at_ms, DbTest::kStartMs + 30000);
  EXPECT_EQ(delivery.last_status, std::nullopt);
  clock().Advance(20000);
  ASSERT_EQ(*sender.RunOnce(), 1);  // 429: the next attempt (in 40 s, at 70 s) would be past the deadline
  delivery = DeliveriesOf(endpoint).at(0);
  EXPECT_EQ(delivery.state, DeliveryState::kFailed);
  EXPECT_EQ(delivery.attempts, 3);
  EXPECT_EQ(delivery.last_status, 429);
  EXPECT_NE(delivery.last_error.find("given up after 3 attempts"), std::string::npos) << delivery.last_error;
  clock().Advance(3600000);
  EXPECT_EQ(*sender.RunOnce(), 0);
  EXPECT_EQ(receiver.requests().size(), 3u);
}

TEST_P(WebhooksOutboxTest, EveryAttemptCarriesTheSameIdAndAFreshValidSignature) {
  const std::string secret = NewSecret();
  const std::int64_t endpoint = AddEndpoint(kMission, {.statuses = {CapStatus::kActual}}, secret);
  ASSERT_EQ(*Publish(8, kMission, CapStatus::kActual, CapScope::kPublic), 1);
  ScriptedReceiver receiver({Answer(500)});
  WebhookSender sender(*store_, clock(), Options(), std::ref(receiver));
  ASSERT_EQ(*sender.RunOnce(), 1);
  clock().Advance(10000);
  ASSERT_EQ(*sender.RunOnce(), 1);

  const std::vector<delivery::HttpRequest> requests = receiver.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(HeaderOf(requests[0], "Webhook-Id"), HeaderOf(requests[1], "Webhook-Id"));
  EXPECT_TRUE(HeaderOf(requests[0], "Webhook-Id").starts_with("msg_"));
  EXPECT_NE(HeaderOf(requests[0], "Webhook-Timestamp"), HeaderOf(requests[1], "Webhook-Timestamp"));
  for (const delivery::HttpRequest& request : requests) {
    EXPECT_EQ(request.body, kBody);
    EXPECT_EQ(request.url, kUrl);
    EXPECT_EQ(request.resolve, std::vector<std::string>{"127.0.0.1:9:127.0.0.1"});
    EXPECT_EQ(HeaderOf(request, "Content-Type"), "application/cap+xml; charset=utf-8");
    EXPECT_TRUE(Verify(secret, HeaderOf(request, "Webhook-Id"), HeaderOf(request, "Webhook-Timestamp"),
                       HeaderOf(request, "Webhook-Signature"), request.body, clock().NowMs() / 1000)
                    .ok());
  }
  const Delivery delivery = DeliveriesOf(endpoint).at(0);
  EXPECT_EQ(delivery.state, DeliveryState::kDelivered);
  EXPECT_EQ(delivery.attempts, 2);
  ASSERT_EQ(delivery.recent_attempts.size(), 2u);
  EXPECT_EQ(delivery.recent_attempts[0].http_status, 204) << "newest first";
  EXPECT_EQ(delivery.recent_attempts[1].http_status, 500);
  EXPECT_EQ(delivery.delivered_at_ms, clock().NowMs());
}

TEST_P(WebhooksOutboxTest, ARefusalEndsTheDeliveryAtOnce) {
  const std::int64_t endpoint = AddEndpoint(kMission, {.statuses = {CapStatus::kActual}}, NewSecret());
  ASSERT_EQ(*Publish(9, kMission, CapStatus::kActual, CapScope::kPublic), 1);
  ScriptedReceiver receiver({Answer(401)});
  WebhookSender sender(*store_, clock(), Options(), std::ref(receiver));
  ASSERT_EQ(*sender.RunOnce(), 1);
  const Delivery delivery = DeliveriesOf(endpoint).at(0);
  EXPECT_EQ(delivery.state, DeliveryState::kFailed);
  EXPECT_EQ(delivery.last_status, 401);
  EXPECT_NE(delivery.last_error.find("not retried"), std::string::npos) << delivery.last_error;
  clock().Advance(3600000);
  EXPECT_EQ(*sender.RunOnce(), 0);
}

TEST_P(WebhooksOutboxTest, ADeliveryClaimedByANodeThatDiedIsSentAfterItsLeaseByTheNextOne) {
  const std::string secret = NewSecret();
  const std::int64_t endpoint = AddEndpoint(kMission, {.statuses = {CapStatus::kActual}}, secret);
  ASSERT_EQ(*Publish(10, kMission, CapStatus::kActual, CapScope::kPublic), 1);
  // The first node claims the delivery and dies before sending or recording anything.
  Result<std::vector<ClaimedDelivery>> claimed = store_->ClaimDue(clock().NowMs(), Options().lease_ms, 10);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 1u);
  store_.reset();

  // The server starts again: new objects, another connection to the same database.
  auto peer = OpenPeer();
  ASSERT_TRUE(peer.ok()) << peer.status().ToString();
  WebhooksStore restarted(**peer, *cipher_);
  ScriptedReceiver receiver;
  WebhookSender sender(restarted, clock(), Options(), std::ref(receiver));
  EXPECT_EQ(*sender.RunOnce(), 0) << "still leased to the dead node";
  clock().Advance(Options().lease_ms);
  ASSERT_EQ(*sender.RunOnce(), 1);
  ASSERT_EQ(receiver.requests().size(), 1u);
  EXPECT_EQ(HeaderOf(receiver.requests()[0], "Webhook-Id"), (*claimed)[0].message_id);
  Result<std::vector<Delivery>> deliveries = restarted.ListDeliveries(endpoint, 10);
  ASSERT_TRUE(deliveries.ok());
  EXPECT_EQ(deliveries->at(0).state, DeliveryState::kDelivered);
}

TEST_P(WebhooksOutboxTest, DeliveriesOfAPausedEndpointWaitForItToBeResumed) {
  EndpointSettings settings{.statuses = {CapStatus::kActual}};
  const std::int64_t endpoint = AddEndpoint(kMission, settings, NewSecret());
  ASSERT_EQ(*Publish(11, kMission, CapStatus::kActual, CapScope::kPublic), 1);
  settings.url = kUrl;
  settings.name = "hub";
  settings.state = EndpointState::kPaused;
  ASSERT_TRUE(db().Write("test.pause",
                         [&](storage::Transaction& transaction) {
                           return store_->UpdateEndpoint(transaction, endpoint, settings, clock().NowMs());
                         })
                  .ok());
  ScriptedReceiver receiver;
  WebhookSender sender(*store_, clock(), Options(), std::ref(receiver));
  EXPECT_EQ(*sender.RunOnce(), 0);
  settings.state = EndpointState::kActive;
  ASSERT_TRUE(db().Write("test.resume",
                         [&](storage::Transaction& transaction) {
                           return store_->UpdateEndpoint(transaction, endpoint, settings, clock().NowMs());
                         })
                  .ok());
  EXPECT_EQ(*sender.RunOnce(), 1);
}

TEST_P(WebhooksOutboxTest, SecretsAreStoredEncryptedAndARotationSignsWithBothForAWhile) {
  const std::string secret = NewSecret();
  const std::int64_t endpoint = AddEndpoint(kMission, {.statuses = {CapStatus::kActual}}, secret);
  const std::string rotated = NewSecret();
  ASSERT_TRUE(db().Write("test.rotate",
                         [&](storage::Transaction& transaction) {
                           return store_->RotateSecret(transaction, endpoint, rotated, clock().NowMs() + 1000,
                                                       clock().NowMs());
                         })
                  .ok());
  Result<std::string> stored =
      storage::ReadValue(db(), "test.raw", [&](storage::Transaction& transaction) -> Result<std::string> {
        CHANCERY_ASSIGN_OR_RETURN(
            storage::Row row,
            transaction.QueryOne("SELECT secret, previous_secret FROM webhook_endpoints WHERE id = ?", {endpoint}));
        return row.Text(0) + " " + row.Text(1);
      });
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(stored->find(secret.substr(6)), std::string::npos);
  EXPECT_EQ(stored->find(rotated.substr(6)), std::string::npos);

  ASSERT_EQ(*Publish(12, kMission, CapStatus::kActual, CapScope::kPublic), 1);
  ScriptedReceiver receiver;
  WebhookSender sender(*store_, clock(), Options(), std::ref(receiver));
  ASSERT_EQ(*sender.RunOnce(), 1);
  const delivery::HttpRequest request = receiver.requests().at(0);
  for (const std::string& key : {secret, rotated}) {
    EXPECT_TRUE(Verify(key, HeaderOf(request, "Webhook-Id"), HeaderOf(request, "Webhook-Timestamp"),
                       HeaderOf(request, "Webhook-Signature"), request.body, clock().NowMs() / 1000)
                    .ok());
  }
}

TEST_P(WebhooksOutboxTest, RetriesThatFailedTogetherAreSpreadOut) {
  std::vector<std::int64_t> endpoints;
  for (int i = 0; i < 8; ++i)
    endpoints.push_back(AddEndpoint(kMission, {.statuses = {CapStatus::kActual}}, NewSecret()));
  ASSERT_EQ(*Publish(9, kMission, CapStatus::kActual, CapScope::kPublic), 8);
  ScriptedReceiver receiver(std::vector<delivery::HttpResponse>(8, Answer(503)));  // a hub down for everyone
  SenderOptions options = Options();
  options.retry.jitter = 0.2;
  WebhookSender sender(*store_, clock(), options, std::ref(receiver));
  ASSERT_EQ(*sender.RunOnce(), 8);
  std::set<std::int64_t> due;
  for (std::int64_t endpoint : endpoints) {
    const Delivery delivery = DeliveriesOf(endpoint).at(0);
    EXPECT_GE(delivery.due_at_ms, DbTest::kStartMs + 8000);
    EXPECT_LE(delivery.due_at_ms, DbTest::kStartMs + 10000);
    due.insert(delivery.due_at_ms);
  }
  EXPECT_GT(due.size(), 1u) << "eight retries at the same millisecond";
}

TEST_P(WebhooksOutboxTest, AReceiverThatAnswersGoneEndsTheDeliveryAndHasItsEndpointPaused) {
  const std::int64_t gone = AddEndpoint(kMission, {.statuses = {CapStatus::kActual}}, NewSecret());
  ASSERT_EQ(*Publish(10, kMission, CapStatus::kActual, CapScope::kPublic), 1);
  ScriptedReceiver receiver({Answer(410)});
  WebhookSender sender(*store_, clock(), Options(), std::ref(receiver));
  std::vector<std::int64_t> reported;
  sender.OnGone([&](std::int64_t endpoint) { reported.push_back(endpoint); });
  ASSERT_EQ(*sender.RunOnce(), 1);
  EXPECT_EQ(DeliveriesOf(gone).at(0).state, DeliveryState::kFailed);
  EXPECT_EQ(reported, std::vector<std::int64_t>{gone});
}

TEST_P(WebhooksOutboxTest, DeliveriesThatEndedAreRemovedAfterTheRetentionAndPendingOnesAreKept) {
  const std::int64_t good = AddEndpoint(kMission, {.statuses = {CapStatus::kActual}}, NewSecret());
  const std::int64_t down = AddEndpoint(kMission, {.statuses = {CapStatus::kActual}}, NewSecret());
  SenderOptions options = Options();
  options.retention_ms = 24LL * 3600 * 1000;
  // Each endpoint's URL ends with its id: the one that is down answers 503, the other 204.
  const std::string down_url = std::string(kUrl) + "/" + std::to_string(down);
  WebhookSender sender(*store_, clock(), options, [&](const delivery::HttpRequest& request) {
    return Answer(request.url == down_url ? 503 : 204);
  });
  ASSERT_TRUE(db().Write("test.urls",
                         [&](storage::Transaction& transaction) -> Status {
                           return transaction
                               .Execute("UPDATE webhook_endpoints SET url = ? || id WHERE id IN (?, ?)",
                                        {std::string(kUrl) + "/", good, down})
                               .status();
                         })
                  .ok());
  ASSERT_EQ(*Publish(11, kMission, CapStatus::kActual, CapScope::kPublic), 2);
  ASSERT_EQ(*sender.RunOnce(), 2);
  EXPECT_EQ(DeliveriesOf(good).at(0).state, DeliveryState::kDelivered);
  EXPECT_EQ(DeliveriesOf(down).at(0).state, DeliveryState::kPending);
  // A day and an hour later: the delivered one is gone with its attempts; the one still pending is kept (then tried
  // again, past its deadline: failed now, kept a day from now).
  clock().Advance(25LL * 3600 * 1000);
  ASSERT_TRUE(sender.RunOnce().ok());
  EXPECT_TRUE(DeliveriesOf(good).empty());
  ASSERT_EQ(DeliveriesOf(down).size(), 1u);
  EXPECT_EQ(DeliveriesOf(down).at(0).state, DeliveryState::kFailed);
  EXPECT_EQ(DeliveriesOf(down).at(0).attempts, 2);
  ASSERT_TRUE(db().Read("test.attempts",
                        [&](storage::Transaction& transaction) -> Status {
                          CHANCERY_ASSIGN_OR_RETURN(
                              storage::Row row,
                              transaction.QueryOne("SELECT COUNT(*) FROM webhook_attempts WHERE delivery_id "
                                                   "NOT IN (SELECT id FROM webhook_deliveries)"));
                          EXPECT_EQ(row.Int(0), 0) << "attempts of removed deliveries";
                          return Status::Ok();
                        })
                  .ok());
}

}  // namespace
}  // namespace chancery::webhooks
