// Zalo without a network or a database: webhook signatures, the reading of every documented event form, and what
// each answer of Zalo means for a message.
#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "modules/zalo/zalo.hpp"
#include "modules/zalo/zalo_protocol.hpp"

namespace chancery::delivery {
// Lets gtest name an outcome in failure messages.
void PrintTo(SendResult result, std::ostream* stream) {
  constexpr const char* kNames[] = {"kAccepted", "kTransient", "kUnreachable", "kRejected"};
  *stream << kNames[static_cast<int>(result)];
}
}  // namespace chancery::delivery

namespace chancery::zalo {
namespace {

using delivery::SendResult;

constexpr std::int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z, in seconds
constexpr const char* kSecret = "oa-secret-key";

// A received-message event as Zalo sends it, with the timestamp as given.
std::string Event(const std::string& timestamp) {
  return R"({"app_id":"4291763606161179100","event_name":"user_send_text","timestamp":")" + timestamp +
         R"(","sender":{"id":"user-1"},"recipient":{"id":"oa-1"},"message":{"text":"Tôi an toàn","msg_id":"m-1"}})";
}

std::string Sign(const std::string& body, const std::string& timestamp, const std::string& secret = kSecret) {
  return "mac=" + crypto::Sha256Hex("4291763606161179100" + body + timestamp + secret);
}

class ZaloSignatureTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(crypto::InitCrypto().ok()); }
};

TEST_F(ZaloSignatureTest, AcceptsTheSignatureZaloComputes) {
  const std::string timestamp = std::to_string(kNow - 10);
  const std::string body = Event(timestamp);
  EXPECT_TRUE(VerifyWebhookSignature(body, Sign(body, timestamp), kSecret, kNow).ok());
  // The hex in capitals and spaces around the header are the same signature.
  std::string upper = Sign(body, timestamp);
  for (std::size_t i = 4; i < upper.size(); ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
  EXPECT_TRUE(VerifyWebhookSignature(body, " " + upper + " ", kSecret, kNow).ok());
}

TEST_F(ZaloSignatureTest, RefusesATamperedBody) {
  const std::string timestamp = std::to_string(kNow);
  const std::string body = Event(timestamp);
  std::string tampered = body;
  tampered.replace(tampered.find("user-1"), 6, "user-2");
  const Status status = VerifyWebhookSignature(tampered, Sign(body, timestamp), kSecret, kNow);
  EXPECT_EQ(status.code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(status.reason(), "bad_signature");
}

TEST_F(ZaloSignatureTest, RefusesAnotherSecretAndAMissingSignature) {
  const std::string timestamp = std::to_string(kNow);
  const std::string body = Event(timestamp);
  EXPECT_EQ(VerifyWebhookSignature(body, Sign(body, timestamp, "another-secret"), kSecret, kNow).reason(),
            "bad_signature");
  EXPECT_EQ(VerifyWebhookSignature(body, "", kSecret, kNow).reason(), "bad_signature");
  EXPECT_EQ(VerifyWebhookSignature(body, "mac=", kSecret, kNow).reason(), "bad_signature");
  // Without a secret nothing can be checked, and nothing is accepted.
  EXPECT_EQ(VerifyWebhookSignature(body, Sign(body, timestamp, ""), "", kNow).code(), StatusCode::kUnauthenticated);
}

TEST_F(ZaloSignatureTest, RefusesAStaleOrFutureTimestamp) {
  const std::string old_timestamp = std::to_string(kNow - 301);
  const std::string old_body = Event(old_timestamp);
  EXPECT_EQ(VerifyWebhookSignature(old_body, Sign(old_body, old_timestamp), kSecret, kNow).reason(), "stale_timestamp");
  const std::string future_timestamp = std::to_string(kNow + 301);
  const std::string future_body = Event(future_timestamp);
  EXPECT_EQ(VerifyWebhookSignature(future_body, Sign(future_body, future_timestamp), kSecret, kNow).reason(),
            "stale_timestamp");
  const std::string edge_timestamp = std::to_string(kNow - 300);
  const std::string edge_body = Event(edge_timestamp);
  EXPECT_TRUE(VerifyWebhookSignature(edge_body, Sign(edge_body, edge_timestamp), kSecret, kNow).ok());
}

TEST_F(ZaloSignatureTest, ReadsATimestampInMilliseconds) {
  const std::string timestamp = std::to_string((kNow - 5) * 1000 + 123);
  const std::string body = Event(timestamp);
  EXPECT_TRUE(VerifyWebhookSignature(body, Sign(body, timestamp), kSecret, kNow).ok());
  const std::string stale = std::to_string((kNow - 400) * 1000);
  const std::string stale_body = Event(stale);
  EXPECT_EQ(VerifyWebhookSignature(stale_body, Sign(stale_body, stale), kSecret, kNow).reason(), "stale_timestamp");
}

TEST_F(ZaloSignatureTest, ReadsATimestampGivenAsANumber) {
  const std::string timestamp = std::to_string(kNow * 1000);
  const std::string body = R"({"app_id":"4291763606161179100","event_name":"follow","timestamp":)" + timestamp +
                           R"(,"follower":{"id":"user-1"},"oa_id":"oa-1"})";
  EXPECT_TRUE(VerifyWebhookSignature(body, Sign(body, timestamp), kSecret, kNow).ok());
}

TEST_F(ZaloSignatureTest, RefusesWhatIsNotAnEvent) {
  EXPECT_EQ(VerifyWebhookSignature("not json", "mac=00", kSecret, kNow).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyWebhookSignature(R"({"event_name":"follow"})", "mac=00", kSecret, kNow).code(),
            StatusCode::kInvalidArgument);
}

TEST(ZaloEventTest, ReadsAUserText) {
  auto event = ParseWebhookEvent(Event("1767225600000"), "oa-1");
  ASSERT_TRUE(event.ok()) << event.status().ToString();
  EXPECT_EQ(event->event_name, "user_send_text");
  EXPECT_EQ(event->app_id, "4291763606161179100");
  EXPECT_EQ(event->user_id, "user-1");
  EXPECT_EQ(event->text, "Tôi an toàn");
  EXPECT_EQ(event->message_id, "m-1");
  EXPECT_EQ(event->timestamp_ms, 1767225600000);
  EXPECT_FALSE(event->location);
}

TEST(ZaloEventTest, ReadsAMessageIdGivenAsMid) {
  auto event = ParseWebhookEvent(
      R"({"app_id":"1","event_name":"user_send_image","timestamp":"1767225600","sender":{"id":"user-1"},)"
      R"("recipient":{"id":"oa-1"},"message":{"mid":"m-7","attachments":[{"type":"image","payload":{"url":"x"}}]}})",
      "oa-1");
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(event->message_id, "m-7");
  EXPECT_EQ(event->timestamp_ms, 1767225600000);  // seconds, read as such
}

TEST(ZaloEventTest, ReadsAnEventWrappedInData) {
  auto event = ParseWebhookEvent(
      R"({"data":{"app_id":"1","event_name":"user_send_text","timestamp":1767225600000,"sender":{"id":"user-1"},)"
      R"("recipient":{"id":"oa-1"},"message":{"text":"help","msg_id":"m-2"}}})",
      "oa-1");
  ASSERT_TRUE(event.ok()) << event.status().ToString();
  EXPECT_EQ(event->event_name, "user_send_text");
  EXPECT_EQ(event->user_id, "user-1");
  EXPECT_EQ(event->text, "help");
  EXPECT_EQ(event->message_id, "m-2");
}

TEST(ZaloEventTest, ReadsAReceiptOfAZnsMessage) {
  // A receipt goes from the OA to the user: the user is the recipient.
  auto event = ParseWebhookEvent(
      R"({"app_id":"1","event_name":"user_received_message","timestamp":"1767225600000","sender":{"id":"oa-1"},)"
      R"("recipient":{"id":"user-9"},"message":{"msg_id":"z-1","tracking_id":"alert:3/17/1","delivery_time":"1"}})",
      "oa-1");
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(event->event_name, "user_received_message");
  EXPECT_EQ(event->user_id, "user-9");
  EXPECT_EQ(event->message_id, "z-1");
  EXPECT_EQ(event->tracking_id, "alert:3/17/1");
}

TEST(ZaloEventTest, ReadsTheMessagesAUserSaw) {
  auto event = ParseWebhookEvent(
      R"({"app_id":"1","event_name":"user_seen_message","timestamp":"1767225600000","sender":{"id":"user-3"},)"
      R"("recipient":{"id":"oa-1"},"message":{"msg_ids":["a","b","c"]}})",
      "oa-1");
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(event->user_id, "user-3");
  EXPECT_EQ(event->seen_message_ids, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(ZaloEventTest, ReadsALocation) {
  auto event = ParseWebhookEvent(
      R"({"app_id":"1","event_name":"user_send_location","timestamp":"1767225600000","sender":{"id":"user-4"},)"
      R"("recipient":{"id":"oa-1"},"message":{"msg_id":"m-4","attachments":[{"type":"location","payload":)"
      R"({"coordinates":{"latitude":"21.0285","longitude":105.8542}}}]}})",
      "oa-1");
  ASSERT_TRUE(event.ok());
  ASSERT_TRUE(event->location);
  EXPECT_DOUBLE_EQ(event->location->latitude, 21.0285);
  EXPECT_DOUBLE_EQ(event->location->longitude, 105.8542);
}

TEST(ZaloEventTest, ReadsFollowUnfollowAndButtons) {
  auto follow = ParseWebhookEvent(
      R"({"app_id":"1","event_name":"follow","timestamp":"1767225600000","oa_id":"oa-1","follower":{"id":"user-5"}})",
      "oa-1");
  ASSERT_TRUE(follow.ok());
  EXPECT_EQ(follow->event_name, "follow");
  EXPECT_EQ(follow->user_id, "user-5");
  auto unfollow =
      ParseWebhookEvent(R"({"app_id":"1","event_name":"unfollow","timestamp":"1767225600000","sender":{"id":"user-6"},)"
                        R"("recipient":{"id":"oa-1"}})",
                        "oa-1");
  ASSERT_TRUE(unfollow.ok());
  EXPECT_EQ(unfollow->user_id, "user-6");
  auto click = ParseWebhookEvent(
      R"({"app_id":"1","event_name":"user_click_button","timestamp":"1767225600000","sender":{"id":"user-7"},)"
      R"("recipient":{"id":"oa-1"},"message":{"text":"#safe","msg_id":"m-9"}})",
      "oa-1");
  ASSERT_TRUE(click.ok());
  EXPECT_EQ(click->user_id, "user-7");
  EXPECT_EQ(click->text, "#safe");
}

TEST(ZaloEventTest, RefusesWhatIsNotAnEvent) {
  EXPECT_EQ(ParseWebhookEvent("[]", "oa-1").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseWebhookEvent(R"({"app_id":"1"})", "oa-1").status().code(), StatusCode::kInvalidArgument);
}

delivery::HttpResponse Answer(long status, std::string body) {
  delivery::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

TEST(ZaloAnswerTest, ErrorZeroIsAcceptedWithZalosMessageId) {
  SendAnswer cs = ReadSendAnswer(Answer(200, R"({"error":0,"message":"Success","data":{"message_id":"abc"}})"));
  EXPECT_EQ(cs.outcome.result, SendResult::kAccepted);
  EXPECT_EQ(cs.outcome.provider_message_id, "abc");
  SendAnswer zns = ReadSendAnswer(Answer(200, R"({"error":"0","data":{"msg_id":"z","sent_time":"1"}})"));
  EXPECT_EQ(zns.outcome.result, SendResult::kAccepted);
  EXPECT_EQ(zns.outcome.provider_message_id, "z");
}

TEST(ZaloAnswerTest, ClassifiesEveryDocumentedErrorCode) {
  for (std::int64_t code : {-213, -217, -227, -230, -232, -234, -244}) {
    EXPECT_EQ(ClassifyErrorCode(code), SendResult::kUnreachable) << code;
  }
  for (std::int64_t code : {-32, -100, -216, -201, -124})
    EXPECT_EQ(ClassifyErrorCode(code), SendResult::kTransient) << code;
  for (std::int64_t code : {-203, -108, -109, -1, 12})
    EXPECT_EQ(ClassifyErrorCode(code), SendResult::kRejected) << code;
  for (std::int64_t code : {-216, -201, -124}) EXPECT_TRUE(IsTokenError(code)) << code;
  EXPECT_FALSE(IsTokenError(-230));
  EXPECT_FALSE(IsTokenError(-32));
}

TEST(ZaloAnswerTest, TheDetailNamesTheErrorAndNothingPersonal) {
  SendAnswer answer =
      ReadSendAnswer(Answer(200, R"({"error":-230,"message":"User has not interacted with the OA in 7 days"})"));
  EXPECT_EQ(answer.outcome.result, SendResult::kUnreachable);
  EXPECT_EQ(answer.outcome.detail, "zalo error -230: User has not interacted with the OA in 7 days");
  EXPECT_FALSE(answer.token_rejected);
  SendAnswer token = ReadSendAnswer(Answer(200, R"({"error":-216,"message":"Access token is invalid"})"));
  EXPECT_EQ(token.outcome.result, SendResult::kTransient);
  EXPECT_TRUE(token.token_rejected);
  // A long message is cut, never inside a UTF-8 character.
  std::string long_message;
  for (int i = 0; i < 150; ++i) long_message += "ữ";
  SendAnswer cut = ReadSendAnswer(Answer(200, R"({"error":-5,"message":")" + long_message + R"("})"));
  EXPECT_LE(cut.outcome.detail.size(), 240u);
  EXPECT_EQ(cut.outcome.detail.rfind("zalo error -5: ", 0), 0u);
  EXPECT_EQ((cut.outcome.detail.size() - std::string("zalo error -5: ").size()) % std::string("ữ").size(), 0u);
}

TEST(ZaloAnswerTest, HttpTroubleIsTransientOrRejected) {
  EXPECT_EQ(ReadSendAnswer(Answer(503, "")).outcome.result, SendResult::kTransient);
  EXPECT_EQ(ReadSendAnswer(Answer(500, R"({"error":-230})")).outcome.result, SendResult::kTransient);
  delivery::HttpResponse throttled = Answer(429, "");
  throttled.headers = {{"retry-after", "7"}};
  const SendAnswer answer = ReadSendAnswer(throttled);
  EXPECT_EQ(answer.outcome.result, SendResult::kTransient);
  EXPECT_EQ(answer.outcome.retry_after_ms, 7000);
  delivery::HttpResponse timeout;
  timeout.transport_error = "Timeout was reached";
  EXPECT_EQ(ReadSendAnswer(timeout).outcome.result, SendResult::kTransient);
  EXPECT_EQ(ReadSendAnswer(Answer(200, "<html>proxy</html>")).outcome.result, SendResult::kTransient);
  EXPECT_EQ(ReadSendAnswer(Answer(400, "bad")).outcome.result, SendResult::kRejected);
  EXPECT_EQ(ReadSendAnswer(Answer(400, R"({"error":-230,"message":"x"})")).outcome.result, SendResult::kUnreachable);
}

TEST(ZaloTokenAnswerTest, ReadsThePairAtTopLevelOrUnderData) {
  auto top = ReadTokenAnswer(Answer(200, R"({"access_token":"a","refresh_token":"r","expires_in":"90000"})"));
  ASSERT_TRUE(top.ok()) << top.status().ToString();
  EXPECT_EQ(top->access_token, "a");
  EXPECT_EQ(top->refresh_token, "r");
  EXPECT_EQ(top->expires_in_seconds, 90000);
  auto data = ReadTokenAnswer(Answer(
      200, R"({"error":0,"message":"Success","data":{"access_token":"b","refresh_token":"s","expires_in":3600}})"));
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(data->access_token, "b");
  EXPECT_EQ(data->refresh_token, "s");
  EXPECT_EQ(data->expires_in_seconds, 3600);
}

TEST(ZaloTokenAnswerTest, ARefusalNamesTheCodeButNoToken) {
  auto refused = ReadTokenAnswer(
      Answer(200, R"({"error":-14014,"error_name":"Refresh token already used","error_description":"used"})"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(), "zalo error -14014: used");
  EXPECT_EQ(ReadTokenAnswer(Answer(502, "")).status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(ReadTokenAnswer(Answer(200, R"({"access_token":"a"})")).status().code(), StatusCode::kFailedPrecondition);
}

TEST(ZaloFormTest, EncodesAFormBody) {
  EXPECT_EQ(FormEncode({{"app_id", "42"}, {"grant_type", "refresh_token"}, {"refresh_token", "a+b/c= d"}}),
            "app_id=42&grant_type=refresh_token&refresh_token=a%2Bb%2Fc%3D%20d");
}

}  // namespace
}  // namespace chancery::zalo
