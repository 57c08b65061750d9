// The Zalo connector against the fake Zalo (tests/fakes/zalo.mjs), on both engines: what Zalo accepts and refuses
// becomes the right outcome, an expired token is refreshed exactly once however many threads and nodes need it
// (never spending a refresh token twice), ZNS carries our tracking id back in a signed receipt, and no secret is
// stored in plaintext.
#include <gtest/gtest.h>

#include <chrono>
#include <latch>
#include <thread>

#include "core/crypto.hpp"
#include "modules/zalo/fake_zalo_for_test.hpp"
#include "modules/zalo/zalo.hpp"
#include "support/cipher_db_test.hpp"

namespace chancery::delivery {
// Lets gtest name an outcome in failure messages.
void PrintTo(SendResult result, std::ostream* stream) {
  constexpr const char* kNames[] = {"kAccepted", "kTransient", "kUnreachable", "kRejected"};
  *stream << kNames[static_cast<int>(result)];
}
}  // namespace chancery::delivery

namespace chancery::zalo {
namespace {

using delivery::SendOutcome;
using delivery::SendResult;
using test_support::FakeZalo;

constexpr std::int64_t kUnit = 7;
constexpr const char* kOaId = "oa-hanoi-1";
constexpr const char* kAppId = "4291763606161179100";
constexpr const char* kAppSecret = "app-secret-plaintext";
constexpr const char* kOaSecret = "oa-secret-plaintext";
constexpr const char* kFirstAccess = "access-token-0";
constexpr const char* kFirstRefresh = "refresh-token-0";
constexpr std::int64_t kLifetimeSeconds = 3600;

class ZaloConnectorTest : public testing::CipherDbTest {
 protected:
  void SetUp() override {
    CipherDbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    fake_ = std::make_unique<FakeZalo>();
    ASSERT_TRUE(fake_->running());
    // A refresh takes a while, so that concurrent senders really do meet during it.
    fake_->DefineAccount({{"app_id", kAppId},
                          {"secret", kAppSecret},
                          {"refresh_token", kFirstRefresh},
                          {"access_token", kFirstAccess},
                          {"access_token_lifetime", kLifetimeSeconds},
                          {"oa_id", kOaId},
                          {"refresh_delay_ms", 150}});
    accounts_ = std::make_unique<ZaloAccounts>(db(), *cipher_, clock());
    auto id = accounts_->Create({kUnit, kOaId, kAppId, kAppSecret, kOaSecret, kFirstAccess, kFirstRefresh,
                                 clock().NowMs() + kLifetimeSeconds * 1000});
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    account_id_ = *id;
    connector_ = std::make_unique<ZaloConnector>(*accounts_, clock(), Options());
  }

  ZaloConnectorOptions Options(long timeout_ms = 5000) const {
    ZaloConnectorOptions options;
    options.hosts = {fake_->url(), fake_->url(), fake_->url()};
    options.timeout_ms = timeout_ms;
    return options;
  }

  ZaloAccount Stored() {
    auto account = accounts_->Load(account_id_);
    EXPECT_TRUE(account.ok()) << account.status().ToString();
    return account.ok() ? *account : ZaloAccount{};
  }

  // Sends from `threads` threads at once through the given connectors (round robin); every outcome.
  std::vector<SendOutcome> SendAtOnce(const std::vector<ZaloConnector*>& connectors, int threads) {
    std::vector<SendOutcome> outcomes(threads);
    std::latch start(threads);
    std::vector<std::thread> senders;
    for (int i = 0; i < threads; ++i) {
      senders.emplace_back([&, i] {
        start.arrive_and_wait();
        outcomes[i] = connectors[i % connectors.size()]->SendConsultation(account_id_, "user-" + std::to_string(i),
                                                                          "Stay indoors");
      });
    }
    for (std::thread& sender : senders) sender.join();
    return outcomes;
  }

  std::unique_ptr<FakeZalo> fake_;
  std::unique_ptr<ZaloAccounts> accounts_;
  std::unique_ptr<ZaloConnector> connector_;
  std::int64_t account_id_ = 0;
};
CHANCERY_DB_TEST_SUITE(ZaloConnectorTest);

TEST_P(ZaloConnectorTest, AConsultationIsAcceptedAndSeenByZalo) {
  const SendOutcome outcome = connector_->SendConsultation(account_id_, "user-1", "Hãy ở trong nhà");
  ASSERT_EQ(outcome.result, SendResult::kAccepted) << outcome.detail;
  const boost::json::array sent = fake_->Sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].at("kind"), "consultation");
  EXPECT_EQ(sent[0].at("user_id"), "user-1");
  EXPECT_EQ(sent[0].at("text"), "Hãy ở trong nhà");
  EXPECT_EQ(sent[0].at("message_id").as_string(), outcome.provider_message_id);
  EXPECT_EQ(fake_->Refreshes(), 0);
}

TEST_P(ZaloConnectorTest, OutsideTheInteractionWindowIsUnreachable) {
  fake_->Script({{"user_id", "user-far"},
                 {"error", -230},
                 {"message", "User has not interacted with the OA in the last 7 days"}});
  const SendOutcome outcome = connector_->SendConsultation(account_id_, "user-far", "Stay indoors");
  EXPECT_EQ(outcome.result, SendResult::kUnreachable);
  EXPECT_EQ(outcome.detail, "zalo error -230: User has not interacted with the OA in the last 7 days");
  EXPECT_EQ(outcome.detail.find("user-far"), std::string::npos);
  EXPECT_TRUE(fake_->Sent().empty());
}

TEST_P(ZaloConnectorTest, RetryableAnswersAreTransient) {
  fake_->Script({{"user_id", "user-busy"}, {"error", -32}, {"message", "Rate limit exceeded"}});
  EXPECT_EQ(connector_->SendConsultation(account_id_, "user-busy", "x").result, SendResult::kTransient);
  fake_->Script({{"user_id", "user-unknown-error"}, {"error", -100}});
  EXPECT_EQ(connector_->SendConsultation(account_id_, "user-unknown-error", "x").result, SendResult::kTransient);
  fake_->Script({{"user_id", "user-5xx"}, {"http_status", 503}});
  EXPECT_EQ(connector_->SendConsultation(account_id_, "user-5xx", "x").result, SendResult::kTransient);
  fake_->Script({{"user_id", "user-slow"}, {"delay_ms", 1500}});
  ZaloConnector impatient(*accounts_, clock(), Options(/*timeout_ms=*/300));
  EXPECT_EQ(impatient.SendConsultation(account_id_, "user-slow", "x").result, SendResult::kTransient);
  // Anything else is a refusal for good.
  fake_->Script({{"user_id", "user-bad"}, {"error", -203}, {"message", "Invalid parameter"}});
  EXPECT_EQ(connector_->SendConsultation(account_id_, "user-bad", "x").result, SendResult::kRejected);
  EXPECT_EQ(fake_->Refreshes(), 0);
}

TEST_P(ZaloConnectorTest, AnExpiredAccessTokenIsRefreshedOnceThenTheSendSucceeds) {
  fake_->ExpireAccessTokens();  // Zalo refuses the token before the time we stored for it
  const ZaloAccount before = Stored();
  const SendOutcome outcome = connector_->SendConsultation(account_id_, "user-1", "Stay indoors");
  ASSERT_EQ(outcome.result, SendResult::kAccepted) << outcome.detail;
  EXPECT_EQ(fake_->Refreshes(), 1);
  EXPECT_EQ(fake_->ReuseAttempts(), 0);
  EXPECT_EQ(fake_->Sent().size(), 1u);
  const ZaloAccount after = Stored();
  EXPECT_NE(after.access_token, kFirstAccess);
  EXPECT_NE(after.refresh_token, kFirstRefresh);
  EXPECT_EQ(after.version, before.version + 2);  // claimed, then stored
  EXPECT_EQ(after.refresh_lease_until_ms, 0);
  EXPECT_EQ(after.access_token_expires_at_ms, clock().NowMs() + kLifetimeSeconds * 1000);
  // The new token serves the next sends without another refresh.
  EXPECT_EQ(connector_->SendConsultation(account_id_, "user-2", "Stay indoors").result, SendResult::kAccepted);
  EXPECT_EQ(fake_->Refreshes(), 1);
}

TEST_P(ZaloConnectorTest, ATokenAboutToExpireIsRefreshedBeforeSending) {
  clock().Advance((kLifetimeSeconds - 60) * 1000);  // a minute left: inside the five minutes ahead
  ASSERT_EQ(connector_->SendConsultation(account_id_, "user-1", "Stay indoors").result, SendResult::kAccepted);
  EXPECT_EQ(fake_->Refreshes(), 1);
  EXPECT_NE(Stored().access_token, kFirstAccess);
}

TEST_P(ZaloConnectorTest, ATokenRefusedTwiceIsRefreshedOnceThenTransient) {
  fake_->Script({{"user_id", "user-1"}, {"error", -216}, {"message", "Access token is invalid"}, {"count", 2}});
  const SendOutcome outcome = connector_->SendConsultation(account_id_, "user-1", "Stay indoors");
  EXPECT_EQ(outcome.result, SendResult::kTransient);
  EXPECT_EQ(outcome.detail, "zalo error -216: Access token is invalid");
  EXPECT_EQ(fake_->Refreshes(), 1);
  EXPECT_TRUE(fake_->Sent().empty());
  // ZNS's name for a refused token is handled alike: one refresh, one retry, delivered.
  fake_->Script({{"phone", "84987654321"}, {"error", -124}, {"message", "Access token invalid"}});
  const SendOutcome zns = connector_->SendTemplate(account_id_, "84987654321", "tpl-1", R"({"name":"An"})", "t-1");
  EXPECT_EQ(zns.result, SendResult::kAccepted) << zns.detail;
  EXPECT_EQ(fake_->Refreshes(), 2);
  EXPECT_EQ(fake_->ReuseAttempts(), 0);
}

TEST_P(ZaloConnectorTest, EightThreadsShareOneRefresh) {
  fake_->ExpireAccessTokens();
  for (const SendOutcome& outcome : SendAtOnce({connector_.get()}, 8)) {
    EXPECT_EQ(outcome.result, SendResult::kAccepted) << outcome.detail;
  }
  EXPECT_EQ(fake_->Refreshes(), 1);
  EXPECT_EQ(fake_->ReuseAttempts(), 0);
  EXPECT_EQ(fake_->Sent().size(), 8u);
}

TEST_P(ZaloConnectorTest, TwoNodesShareOneRefresh) {
  auto peer_database = OpenPeer();
  ASSERT_TRUE(peer_database.ok()) << peer_database.status().ToString();
  ZaloAccounts peer_accounts(**peer_database, *cipher_, clock());
  ZaloConnector peer(peer_accounts, clock(), Options());
  // Zalo refuses the token on both nodes at once.
  fake_->ExpireAccessTokens();
  for (const SendOutcome& outcome : SendAtOnce({connector_.get(), &peer}, 8)) {
    EXPECT_EQ(outcome.result, SendResult::kAccepted) << outcome.detail;
  }
  EXPECT_EQ(fake_->Refreshes(), 1);
  EXPECT_EQ(fake_->ReuseAttempts(), 0);
  // Both nodes see the token expire by their clock at once.
  clock().Advance(kLifetimeSeconds * 1000);
  for (const SendOutcome& outcome : SendAtOnce({connector_.get(), &peer}, 8)) {
    EXPECT_EQ(outcome.result, SendResult::kAccepted) << outcome.detail;
  }
  EXPECT_EQ(fake_->Refreshes(), 2);
  EXPECT_EQ(fake_->ReuseAttempts(), 0);
  EXPECT_EQ(fake_->Sent().size(), 16u);
  auto seen_by_peer = peer_accounts.Load(account_id_);
  ASSERT_TRUE(seen_by_peer.ok());
  EXPECT_EQ(seen_by_peer->access_token, Stored().access_token);
}

TEST_P(ZaloConnectorTest, AReusedRefreshTokenWouldBeSeen) {
  // The counters the refresh tests rely on do move: a refresh token presented twice is counted as a reuse.
  delivery::HttpRequest request;
  request.url = fake_->url() + "/v4/oa/access_token";
  request.headers = {{"secret_key", kAppSecret}, {"Content-Type", "application/x-www-form-urlencoded"}};
  request.body = std::string("app_id=") + kAppId + "&grant_type=refresh_token&refresh_token=" + kFirstRefresh;
  EXPECT_NE(delivery::SendHttp(request).body.find("access_token"), std::string::npos);
  EXPECT_NE(delivery::SendHttp(request).body.find("-14014"), std::string::npos);
  EXPECT_EQ(fake_->Refreshes(), 1);
  EXPECT_EQ(fake_->ReuseAttempts(), 1);
  // The connector, holding the spent refresh token, cannot refresh: transient, and the lease is given back.
  fake_->ExpireAccessTokens();
  const SendOutcome outcome = connector_->SendConsultation(account_id_, "user-1", "Stay indoors");
  EXPECT_EQ(outcome.result, SendResult::kTransient);
  EXPECT_EQ(outcome.detail.rfind("zalo access token unavailable: zalo error -14014", 0), 0u) << outcome.detail;
  EXPECT_EQ(outcome.detail.find(kFirstRefresh), std::string::npos);
  EXPECT_EQ(Stored().refresh_lease_until_ms, 0);
}

TEST_P(ZaloConnectorTest, ATokenAnswerUnderDataWithANumericLifetimeIsRead) {
  fake_->DefineAccount({{"app_id", "app-2"},
                        {"secret", "secret-2"},
                        {"refresh_token", "refresh-2"},
                        {"access_token_lifetime", 90000},
                        {"token_answer", "data"},
                        {"expires_in_as", "number"}});
  // Registered without an access token: the first send refreshes.
  auto id = accounts_->Create({kUnit, "oa-2", "app-2", "secret-2", "oa-secret-2", "", "refresh-2", 0});
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  ASSERT_EQ(connector_->SendConsultation(*id, "user-1", "Stay indoors").result, SendResult::kAccepted);
  auto account = accounts_->Load(*id);
  ASSERT_TRUE(account.ok());
  EXPECT_FALSE(account->access_token.empty());
  EXPECT_EQ(account->access_token_expires_at_ms, clock().NowMs() + 90000LL * 1000);
  EXPECT_EQ(fake_->Refreshes(), 1);
}

TEST_P(ZaloConnectorTest, AZnsMessageCarriesOurTrackingIdIntoItsReceipt) {
  const SendOutcome outcome = connector_->SendTemplate(account_id_, "84987654321", "tpl-alert",
                                                       R"({"name":"Nguyễn An","zone":"Hà Nội"})", "alert:42/1001/1");
  ASSERT_EQ(outcome.result, SendResult::kAccepted) << outcome.detail;
  const boost::json::array sent = fake_->Sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].at("phone"), "84987654321");
  EXPECT_EQ(sent[0].at("template_id"), "tpl-alert");
  EXPECT_EQ(sent[0].at("template_data").at("zone"), "Hà Nội");
  EXPECT_EQ(sent[0].at("tracking_id"), "alert:42/1001/1");
  EXPECT_EQ(sent[0].at("message_id").as_string(), outcome.provider_message_id);

  // Zalo's receipt comes back signed with the OA secret and names our tracking id.
  test_support::WebhookReceiver receiver;
  fake_->Call("POST", "/_control/receipts", {{"url", receiver.url()}, {"oa_secret", kOaSecret}});
  const auto requests = receiver.Requests();
  ASSERT_EQ(requests.size(), 1u);
  auto account = accounts_->FindByOaId(kOaId);
  ASSERT_TRUE(account.ok());
  const std::int64_t now_seconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  const Status verified =
      VerifyWebhookSignature(requests[0].body, requests[0].signature, account->oa_secret_key, now_seconds);
  EXPECT_TRUE(verified.ok()) << verified.ToString();
  EXPECT_FALSE(VerifyWebhookSignature(requests[0].body, requests[0].signature, "another", now_seconds).ok());
  auto event = ParseWebhookEvent(requests[0].body, kOaId);
  ASSERT_TRUE(event.ok()) << event.status().ToString();
  EXPECT_EQ(event->event_name, "user_received_message");
  EXPECT_EQ(event->message_id, outcome.provider_message_id);
  EXPECT_EQ(event->tracking_id, "alert:42/1001/1");
  EXPECT_FALSE(event->user_id.empty());
}

TEST_P(ZaloConnectorTest, AMalformedZnsRequestIsRejectedWithoutSending) {
  EXPECT_EQ(connector_->SendTemplate(account_id_, "84987654321", "tpl", "[1,2]", "t").result, SendResult::kRejected);
  EXPECT_EQ(connector_->SendTemplate(account_id_, "0987-654", "tpl", "{}", "t").result, SendResult::kRejected);
  EXPECT_EQ(connector_->SendTemplate(account_id_, "84987654321", "", R"({"a":1})", "t").result, SendResult::kRejected);
  EXPECT_EQ(connector_->SendConsultation(account_id_, "", "x").result, SendResult::kRejected);
  // A "+" is forgiven.
  EXPECT_EQ(connector_->SendTemplate(account_id_, "+84987654321", "tpl", R"({"a":1})", "t").result,
            SendResult::kAccepted);
  EXPECT_EQ(fake_->Sent().size(), 1u);
}

TEST_P(ZaloConnectorTest, SecretsAndTokensAreNotStoredInPlaintext) {
  fake_->ExpireAccessTokens();
  ASSERT_EQ(connector_->SendConsultation(account_id_, "user-1", "x").result, SendResult::kAccepted);
  const ZaloAccount account = Stored();  // now holding a refreshed pair
  std::vector<std::string> plaintexts = {kAppSecret, kOaSecret, account.access_token, account.refresh_token};
  ASSERT_TRUE(db().Read("test.raw",
                        [&](storage::Transaction& transaction) -> Status {
                          CHANCERY_ASSIGN_OR_RETURN(
                              storage::Rows rows,
                              transaction.Query("SELECT secret_key, oa_secret_key, access_token, refresh_token "
                                                "FROM zalo_accounts WHERE id = ?",
                                                {account_id_}));
                          EXPECT_EQ(rows.size(), 1u);
                          for (const storage::Row& row : rows) {
                            for (std::size_t column = 0; column < 4; ++column) {
                              const std::string stored = row.Text(column);
                              EXPECT_EQ(stored.rfind("v1.", 0), 0u) << "column " << column;
                              for (const std::string& plaintext : plaintexts) {
                                EXPECT_EQ(stored.find(plaintext), std::string::npos) << "column " << column;
                              }
                            }
                          }
                          return Status::Ok();
                        })
                  .ok());
  EXPECT_EQ(account.secret_key, kAppSecret);
  EXPECT_EQ(account.oa_secret_key, kOaSecret);
}

TEST_P(ZaloConnectorTest, AccountsAreKeptPerUnit) {
  auto listed = accounts_->ListByUnit(kUnit);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, account_id_);
  EXPECT_EQ((*listed)[0].oa_id, kOaId);
  EXPECT_EQ((*listed)[0].app_id, kAppId);
  EXPECT_TRUE(accounts_->ListByUnit(kUnit + 1)->empty());
  auto found = accounts_->FindByOaId(kOaId);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, account_id_);
  EXPECT_EQ(accounts_->FindByOaId("oa-unknown").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(accounts_->Load(account_id_ + 100).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(accounts_->Create({kUnit + 1, kOaId, "app-x", "s", "o", "", "r", 0}).status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(accounts_->Create({kUnit, "oa-3", "app-3", "", "o", "", "r", 0}).status().code(),
            StatusCode::kInvalidArgument);
  // An unknown account is a configuration error: try another channel.
  EXPECT_EQ(connector_->SendConsultation(account_id_ + 100, "user-1", "x").result, SendResult::kRejected);
  // A new grant replaces the pair and is used at once.
  const std::int64_t version = Stored().version;
  ASSERT_TRUE(accounts_->ReplaceTokens(account_id_, "access-new", "refresh-new", clock().NowMs() + 1000000).ok());
  EXPECT_EQ(Stored().access_token, "access-new");
  EXPECT_EQ(Stored().version, version + 1);
}

// The OA's replies, remembered so that their receipts are not taken for an alert's (see ZaloReplies).
class ZaloRepliesTest : public testing::CipherDbTest {};
CHANCERY_DB_TEST_SUITE(ZaloRepliesTest);

TEST_P(ZaloRepliesTest, AReceiptMayBeAReplysWhileItIsSentAndWhenItNamesOne) {
  ZaloReplies replies(db(), *cipher_, clock());
  // Nothing recorded: a receipt for an unknown message is not a reply's.
  EXPECT_FALSE(*replies.MayBeReply("user-1", "m-1"));
  auto first = replies.Begin(1, "user-1");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  // While it is being sent, any receipt to that person may be its own; not to another person.
  EXPECT_TRUE(*replies.MayBeReply("user-1", "m-1"));
  EXPECT_FALSE(*replies.MayBeReply("user-2", "m-1"));
  ASSERT_TRUE(replies.Finish(*first, SendOutcome::Accepted("reply-1")).ok());
  EXPECT_TRUE(*replies.MayBeReply("user-1", "reply-1"));
  EXPECT_FALSE(*replies.MayBeReply("user-1", "m-1")) << "its id is known now: another message's receipt is not its";
  // A reply that was not sent leaves nothing behind.
  auto second = replies.Begin(1, "user-2");
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(replies.Finish(*second, SendOutcome::Failed(SendResult::kUnreachable, "-230")).ok());
  EXPECT_FALSE(*replies.MayBeReply("user-2", "m-2"));
  // One accepted without an id is doubted only for a while.
  ASSERT_TRUE(replies.Begin(1, "user-3").ok());
  clock().Advance(ZaloReplies::kInFlightMs + 1);
  EXPECT_FALSE(*replies.MayBeReply("user-3", "m-3"));
  // The person is not stored, only a keyed index of them.
  auto stored = db().Read("read", [&](storage::Transaction& transaction) -> Status {
    auto rows = transaction.Query("SELECT user_index FROM zalo_replies");
    if (!rows.ok()) return rows.status();
    for (const auto& row : *rows) EXPECT_EQ(row.Text(0).find("user-"), std::string::npos);
    EXPECT_EQ(rows->size(), 2u);
    return Status::Ok();
  });
  ASSERT_TRUE(stored.ok()) << stored.ToString();
  // After a day they are removed (at the next reply).
  clock().Advance(24LL * 3600 * 1000);
  ASSERT_TRUE(replies.Begin(1, "user-4").ok());
  EXPECT_FALSE(*replies.MayBeReply("user-1", "reply-1"));
}

}  // namespace
}  // namespace chancery::zalo
