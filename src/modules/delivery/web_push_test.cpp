// Web push: the RFC 8291 Appendix A example byte for byte, round trips and tampering, VAPID tokens, and the sender
// against a local push service on 127.0.0.1 that checks the VAPID header and decrypts what it receives the way a
// browser would.
#include "modules/delivery/web_push.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "core/crypto.hpp"
#include "modules/delivery/connectors.hpp"
#include "support/local_http_server.hpp"

namespace chancery::delivery {
namespace {

std::string FromBase64Url(std::string text) {
  for (char& c : text) c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (text.size() % 4 != 0) text.push_back('=');
  Result<std::string> bytes = crypto::Base64Decode(text);
  EXPECT_TRUE(bytes.ok()) << text;
  return bytes.ok() ? *bytes : std::string();
}

std::int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// RFC 8291 Appendix A. The application server's key pair is the sender's ephemeral ECDH key there, not a VAPID key.
constexpr const char* kRfcPlaintext = "When I grow up, I want to be a watermelon";
constexpr const char* kRfcSenderPrivateKey = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
constexpr const char* kRfcUaPrivateKey = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
constexpr const char* kRfcUaPublicKey =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
constexpr const char* kRfcSalt = "DGv6ra1nlYgDCS1FRnbzlw";
constexpr const char* kRfcAuthSecret = "BTBZMqHH6r4Tts7J_aSIgg";
constexpr const char* kRfcBody =
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_"
    "c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_"
    "yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

// A browser's side of a subscription: raw keys to decrypt with, and what it hands to the server.
struct Browser {
  std::string private_key;
  std::string public_key;
  std::string auth_secret;
  PushSubscription Subscription(std::string endpoint) const {
    return {std::move(endpoint), crypto::Base64UrlEncode(public_key), crypto::Base64UrlEncode(auth_secret)};
  }
};

Browser NewBrowser() {
  Result<VapidKeys> keys = GenerateVapidKeys();  // any P-256 pair will do
  EXPECT_TRUE(keys.ok()) << keys.status().ToString();
  return {FromBase64Url(keys->private_key), FromBase64Url(keys->public_key), "sixteen-byte-key"};
}

TEST(WebPushCryptoTest, EncryptsTheRfc8291ExampleByteForByte) {
  const PushEncryptionSeed seed{FromBase64Url(kRfcSenderPrivateKey), FromBase64Url(kRfcSalt)};
  Result<std::string> body = EncryptPushPayload(
      {"https://push.example.net/push/JzLQ3raZJfFBR0aqvOMsLrt54w4rJUsV", kRfcUaPublicKey, kRfcAuthSecret},
      kRfcPlaintext, &seed);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(crypto::Base64UrlEncode(*body), kRfcBody);
  EXPECT_EQ(body->size(), 144u);
}

TEST(WebPushCryptoTest, DecryptsTheRfc8291Example) {
  Result<std::string> plaintext = DecryptPushPayload(FromBase64Url(kRfcBody), FromBase64Url(kRfcUaPrivateKey),
                                                     FromBase64Url(kRfcUaPublicKey), FromBase64Url(kRfcAuthSecret));
  ASSERT_TRUE(plaintext.ok()) << plaintext.status().ToString();
  EXPECT_EQ(*plaintext, kRfcPlaintext);
}

TEST(WebPushCryptoTest, RoundTripWithFreshKeysGivesADifferentBodyEachTime) {
  const Browser browser = NewBrowser();
  const PushSubscription subscription = browser.Subscription("https://push.example.net/p/1");
  const std::string alert = R"({"title":"Cảnh báo","body":"Động đất mạnh, hãy tránh xa các toà nhà."})";
  Result<std::string> first = EncryptPushPayload(subscription, alert);
  Result<std::string> second = EncryptPushPayload(subscription, alert);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_TRUE(second.ok());
  EXPECT_NE(*first, *second) << "a fresh salt and sender key per message";
  EXPECT_EQ(first->size(), 86 + alert.size() + 1 + 16);
  for (const std::string& body : {*first, *second}) {
    Result<std::string> plaintext =
        DecryptPushPayload(body, browser.private_key, browser.public_key, browser.auth_secret);
    ASSERT_TRUE(plaintext.ok()) << plaintext.status().ToString();
    EXPECT_EQ(*plaintext, alert);
  }
  Result<std::string> largest = EncryptPushPayload(subscription, std::string(kMaxPushPlaintextBytes, 'x'));
  ASSERT_TRUE(largest.ok());
  EXPECT_EQ(largest->size(), 4096u) << "the most a push service must accept";
  EXPECT_EQ(EncryptPushPayload(subscription, std::string(kMaxPushPlaintextBytes + 1, 'x')).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(WebPushCryptoTest, TamperedBodyOrWrongKeysFailToDecrypt) {
  const Browser browser = NewBrowser();
  Result<std::string> body = EncryptPushPayload(browser.Subscription("https://push.example.net/p/1"), "alert");
  ASSERT_TRUE(body.ok());
  for (std::size_t position : {std::size_t{0}, std::size_t{90}, body->size() - 1}) {  // salt, ciphertext, tag
    std::string tampered = *body;
    tampered[position] = static_cast<char>(tampered[position] ^ 0x01);
    Result<std::string> plaintext =
        DecryptPushPayload(tampered, browser.private_key, browser.public_key, browser.auth_secret);
    EXPECT_EQ(plaintext.status().code(), StatusCode::kUnauthenticated) << "byte " << position;
    EXPECT_NE(plaintext.status().message().find("decryption failed"), std::string::npos);
  }
  EXPECT_EQ(DecryptPushPayload(*body, browser.private_key, browser.public_key, "another-16-bytes").status().code(),
            StatusCode::kUnauthenticated);
  const Browser stranger = NewBrowser();
  EXPECT_FALSE(DecryptPushPayload(*body, stranger.private_key, stranger.public_key, browser.auth_secret).ok());
  EXPECT_EQ(DecryptPushPayload(body->substr(0, 100), browser.private_key, browser.public_key, browser.auth_secret)
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

TEST(WebPushCryptoTest, MalformedSubscriptionKeysAreRefusedWithAReason) {
  const Browser browser = NewBrowser();
  PushSubscription subscription = browser.Subscription("https://push.example.net/p/1");
  auto error_of = [](const PushSubscription& changed) {
    Result<std::string> body = EncryptPushPayload(changed, "alert");
    EXPECT_EQ(body.status().code(), StatusCode::kInvalidArgument);
    return body.status().message();
  };
  PushSubscription changed = subscription;
  changed.p256dh = "not base64url!";
  EXPECT_NE(error_of(changed).find("p256dh is not valid base64url"), std::string::npos);
  changed.p256dh = subscription.p256dh.substr(0, 43);
  EXPECT_NE(error_of(changed).find("p256dh must be 65 bytes"), std::string::npos);
  changed.p256dh = crypto::Base64UrlEncode(std::string("\x04") + std::string(64, '\x01'));
  EXPECT_NE(error_of(changed).find("not a point on P-256"), std::string::npos);
  changed = subscription;
  changed.auth = crypto::Base64UrlEncode("short");
  EXPECT_NE(error_of(changed).find("auth must be 16 bytes"), std::string::npos);
}

// The parts of "vapid t=<header>.<claims>.<signature>, k=<key>".
struct VapidParts {
  std::string header;
  boost::json::object claims;
  std::string signature;
  std::string key;
};

VapidParts Split(const std::string& authorization) {
  const auto t = authorization.find("t=") + 2;
  const auto comma = authorization.find(", k=");
  const std::string token = authorization.substr(t, comma - t);
  const auto first = token.find('.');
  const auto last = token.rfind('.');
  return {FromBase64Url(token.substr(0, first)),
          boost::json::parse(FromBase64Url(token.substr(first + 1, last - first - 1))).as_object(),
          FromBase64Url(token.substr(last + 1)), authorization.substr(comma + 4)};
}

TEST(VapidTest, AGeneratedHeaderVerifiesAndCarriesAnEs256Jwt) {
  Result<VapidKeys> keys = GenerateVapidKeys();
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  EXPECT_EQ(keys->private_key.size(), 43u);
  EXPECT_EQ(keys->public_key.size(), 87u);
  const std::string endpoint = "https://Updates.Push.Example.net:443/wpush/v2/gAAAAABk-citizen";
  const std::int64_t now = NowSeconds();
  Result<std::string> authorization = VapidAuthorization(*keys, endpoint, "mailto:lanh-su@mofa.gov.vn", now + 3600);
  ASSERT_TRUE(authorization.ok()) << authorization.status().ToString();
  ASSERT_TRUE(authorization->starts_with("vapid t=")) << *authorization;
  const Status verified = VerifyVapidAuthorization(*authorization, endpoint, now);
  EXPECT_TRUE(verified.ok()) << verified.ToString();

  const VapidParts parts = Split(*authorization);
  EXPECT_EQ(parts.header, R"({"typ":"JWT","alg":"ES256"})");
  EXPECT_EQ(parts.claims.at("aud").as_string(), "https://updates.push.example.net") << "the origin, not the URL";
  EXPECT_EQ(parts.claims.at("exp").as_int64(), now + 3600);
  EXPECT_EQ(parts.claims.at("sub").as_string(), "mailto:lanh-su@mofa.gov.vn");
  EXPECT_EQ(parts.signature.size(), 64u) << "JOSE r||s, not DER";
  EXPECT_EQ(parts.key, keys->public_key);

  Result<std::string> on_a_port = VapidAuthorization(*keys, "http://127.0.0.1:8443/p", "https://mofa.gov.vn", now + 60);
  ASSERT_TRUE(on_a_port.ok());
  EXPECT_EQ(Split(*on_a_port).claims.at("aud").as_string(), "http://127.0.0.1:8443");
}

TEST(VapidTest, AnotherOriginAnExpiredTokenOrAForgedSignatureFails) {
  Result<VapidKeys> keys = GenerateVapidKeys();
  ASSERT_TRUE(keys.ok());
  const std::string endpoint = "https://fcm.googleapis.com/fcm/send/citizen";
  const std::int64_t now = NowSeconds();
  Result<std::string> authorization = VapidAuthorization(*keys, endpoint, "mailto:lanh-su@mofa.gov.vn", now + 600);
  ASSERT_TRUE(authorization.ok());
  EXPECT_EQ(
      VerifyVapidAuthorization(*authorization, "https://updates.push.services.mozilla.com/wpush/v2/x", now).code(),
      StatusCode::kUnauthenticated);
  EXPECT_EQ(VerifyVapidAuthorization(*authorization, "https://fcm.googleapis.com:8443/fcm/send/citizen", now).code(),
            StatusCode::kUnauthenticated)
      << "another port is another origin";
  EXPECT_EQ(VerifyVapidAuthorization(*authorization, endpoint, now + 600).code(), StatusCode::kUnauthenticated);
  Result<std::string> too_long = VapidAuthorization(*keys, endpoint, "mailto:a@b.vn", now + 25 * 3600);
  ASSERT_TRUE(too_long.ok());
  EXPECT_EQ(VerifyVapidAuthorization(*too_long, endpoint, now).code(), StatusCode::kUnauthenticated);

  // Signed by one key, presented with another.
  Result<VapidKeys> other = GenerateVapidKeys();
  ASSERT_TRUE(other.ok());
  const std::string swapped = authorization->substr(0, authorization->find(", k=")) + ", k=" + other->public_key;
  EXPECT_EQ(VerifyVapidAuthorization(swapped, endpoint, now).code(), StatusCode::kUnauthenticated);
  // A claim changed after signing.
  std::string forged = *authorization;
  const auto claims_start = forged.find('.') + 1;
  forged[claims_start + 2] = forged[claims_start + 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyVapidAuthorization(forged, endpoint, now).ok());
  EXPECT_EQ(VerifyVapidAuthorization("Bearer abc", endpoint, now).code(), StatusCode::kInvalidArgument);
}

TEST(VapidTest, MismatchedKeysABadSubjectOrANonHttpEndpointAreRefused) {
  Result<VapidKeys> keys = GenerateVapidKeys();
  Result<VapidKeys> other = GenerateVapidKeys();
  ASSERT_TRUE(keys.ok() && other.ok());
  const std::string endpoint = "https://push.example.net/p/1";
  Result<std::string> mismatched =
      VapidAuthorization({keys->private_key, other->public_key}, endpoint, "mailto:a@b.vn", NowSeconds() + 60);
  EXPECT_EQ(mismatched.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(mismatched.status().message().find("does not match"), std::string::npos);
  EXPECT_EQ(VapidAuthorization(*keys, endpoint, "lanh-su@mofa.gov.vn", NowSeconds() + 60).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(VapidAuthorization(*keys, "ftp://push.example.net/p/1", "mailto:a@b.vn", NowSeconds() + 60).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      VapidAuthorization({"AAAA", keys->public_key}, endpoint, "mailto:a@b.vn", NowSeconds() + 60).status().code(),
      StatusCode::kInvalidArgument);
}

using testing::HttpRequest;
using testing::HttpResponse;
using testing::LocalHttpServer;

// What the push service saw of the last request.
struct Received {
  HttpRequest request;
  Status vapid;
  Result<std::string> plaintext = Internal("nothing received");
};

class WebPushSenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<VapidKeys> keys = GenerateVapidKeys();
    ASSERT_TRUE(keys.ok());
    options_.vapid = *keys;
  }

  // The push service: checks the VAPID header against its own origin, decrypts as the browser, and answers
  // /push/<status>/<subscription id> with that status.
  std::string Answer(const HttpRequest& request) {
    Received received{request, Status::Ok()};
    auto authorization = request.headers.find("authorization");
    received.vapid = authorization == request.headers.end()
                         ? Unauthenticated("no Authorization")
                         : VerifyVapidAuthorization(authorization->second, server_.Url(request.path), NowSeconds());
    received.plaintext =
        DecryptPushPayload(request.body, browser_.private_key, browser_.public_key, browser_.auth_secret);
    {
      std::lock_guard lock(mutex_);
      received_ = received;
    }
    const int status = std::stoi(request.path.substr(6, 3));
    if (status == 201) return HttpResponse(201, "Location: " + server_.Url("/message/m-42") + "\r\n");
    if (status == 429) return HttpResponse(429, "Retry-After: 7\r\n");
    return HttpResponse(status, "");
  }

  Received LastReceived() {
    std::lock_guard lock(mutex_);
    return received_;
  }

  // The path stands for the part of a real endpoint that identifies one browser.
  static constexpr const char* kSubscriptionId = "/citizen-dGhlLXBlcnNvbg";

  Browser browser_ = NewBrowser();
  WebPushOptions options_{.subject = "mailto:lanh-su@mofa.gov.vn", .timeout_ms = 5000};
  std::mutex mutex_;
  Received received_;
  LocalHttpServer server_{[this](const HttpRequest& request) { return Answer(request); }};
};

TEST_F(WebPushSenderTest, ThePushServiceReceivesAVerifiableReadableMessage) {
  const WebPushSender sender(options_);
  const std::string alert = R"({"title":"Sơ tán","body":"Hãy đến Đại sứ quán trước 18:00."})";
  const SendOutcome outcome =
      sender.Send(browser_.Subscription(server_.Url(std::string("/push/201") + kSubscriptionId)), alert,
                  {.ttl_seconds = 3600, .urgency = PushUrgency::kHigh, .topic = "evacuation-hanoi"});
  EXPECT_EQ(outcome.result, SendResult::kAccepted) << outcome.detail;
  EXPECT_EQ(outcome.provider_message_id, server_.Url("/message/m-42"));

  const Received received = LastReceived();
  EXPECT_EQ(received.request.method, "POST");
  EXPECT_TRUE(received.vapid.ok()) << received.vapid.ToString();
  ASSERT_TRUE(received.plaintext.ok()) << received.plaintext.status().ToString();
  EXPECT_EQ(*received.plaintext, alert);
  EXPECT_EQ(received.request.headers.at("ttl"), "3600");
  EXPECT_EQ(received.request.headers.at("urgency"), "high");
  EXPECT_EQ(received.request.headers.at("topic"), "evacuation-hanoi");
  EXPECT_EQ(received.request.headers.at("content-encoding"), "aes128gcm");
  EXPECT_EQ(received.request.headers.at("content-type"), "application/octet-stream");
  EXPECT_EQ(received.request.headers.at("user-agent"), "Chancery-WebPush/1.0");
}

TEST_F(WebPushSenderTest, TheConnectorSendsTheNotificationWithItsButtonsForTheServiceWorker) {
  const PushSubscription subscription = browser_.Subscription(server_.Url(std::string("/push/201") + kSubscriptionId));
  Recipient recipient;
  recipient.push_subscription_json = boost::json::serialize(boost::json::object{
      {"endpoint", subscription.endpoint}, {"p256dh", subscription.p256dh}, {"auth", subscription.auth}});
  SendRequest request;
  request.delivery_id = 77;
  request.channel = Channel::kWebPush;
  request.idempotency_key = "alert:5/77/web_push";
  request.language = "vi";
  request.recipient = &recipient;
  request.message.subject = "[DIỄN TẬP] Động đất";
  request.message.text = "Tránh xa cửa kính. Bạn có an toàn không?";
  request.message.link = "https://mofa.example/safe/77.abc";
  request.message.actions = {{.action = "safe",
                              .title = "Tôi an toàn",
                              .post_url = "https://mofa.example/api/v1/public/safety/77.abc",
                              .post_body_json = R"({"status":"safe","via":"web_push"})",
                              .done = "Cảm ơn bạn"},
                             {.action = "need_help",
                              .title = "Tôi cần giúp đỡ",
                              .open_url = "https://mofa.example/safe/77.abc?answer=need_help"}};
  WebPushConnector connector(options_);
  const SendOutcome outcome = connector.Send(request);
  ASSERT_EQ(outcome.result, SendResult::kAccepted) << outcome.detail;

  const Received received = LastReceived();
  ASSERT_TRUE(received.plaintext.ok()) << received.plaintext.status().ToString();
  const boost::json::object shown = boost::json::parse(*received.plaintext).as_object();
  EXPECT_EQ(shown.at("title").as_string(), "[DIỄN TẬP] Động đất");
  EXPECT_EQ(shown.at("url").as_string(), "https://mofa.example/safe/77.abc");
  EXPECT_EQ(shown.at("lang").as_string(), "vi");
  const boost::json::array& buttons = shown.at("actions").as_array();
  ASSERT_EQ(buttons.size(), 2u);
  EXPECT_EQ(buttons[0].at("action").as_string(), "safe");
  EXPECT_EQ(buttons[0].at("post").at("url").as_string(), "https://mofa.example/api/v1/public/safety/77.abc");
  EXPECT_EQ(buttons[0].at("post").at("body").as_string(), R"({"status":"safe","via":"web_push"})");
  EXPECT_EQ(buttons[0].at("done").as_string(), "Cảm ơn bạn");
  EXPECT_FALSE(buttons[0].as_object().contains("url"));
  EXPECT_EQ(buttons[1].at("url").as_string(), "https://mofa.example/safe/77.abc?answer=need_help");
  EXPECT_FALSE(buttons[1].as_object().contains("post"));
}

TEST_F(WebPushSenderTest, ThePushServiceAnswersAreClassified) {
  const WebPushSender sender(options_);
  struct Case {
    int status;
    SendResult result;
  };
  for (const Case& expected :
       {Case{202, SendResult::kAccepted}, Case{404, SendResult::kUnreachable}, Case{410, SendResult::kUnreachable},
        Case{400, SendResult::kRejected}, Case{401, SendResult::kRejected}, Case{403, SendResult::kRejected},
        Case{413, SendResult::kRejected}, Case{429, SendResult::kTransient}, Case{500, SendResult::kTransient},
        Case{503, SendResult::kTransient}}) {
    const std::string endpoint = server_.Url("/push/" + std::to_string(expected.status) + kSubscriptionId);
    const SendOutcome outcome = sender.Send(browser_.Subscription(endpoint), R"({"title":"t"})",
                                            {.ttl_seconds = 0, .urgency = PushUrgency::kNormal});
    EXPECT_EQ(outcome.result, expected.result) << expected.status << ": " << outcome.detail;
    EXPECT_EQ(outcome.detail.find("citizen"), std::string::npos) << "the endpoint's path identifies a person";
    if (expected.status >= 400) {
      EXPECT_NE(outcome.detail.find(std::to_string(expected.status)), std::string::npos) << outcome.detail;
      EXPECT_NE(outcome.detail.find("127.0.0.1"), std::string::npos) << outcome.detail;
    }
    EXPECT_EQ(outcome.retry_after_ms, expected.status == 429 ? std::optional<std::int64_t>(7000) : std::nullopt)
        << expected.status;
    const Received received = LastReceived();
    EXPECT_EQ(received.request.headers.at("ttl"), "0");
    EXPECT_EQ(received.request.headers.at("urgency"), "normal");
    EXPECT_FALSE(received.request.headers.contains("topic"));
    EXPECT_TRUE(received.plaintext.ok());
  }
}

TEST_F(WebPushSenderTest, NothingListeningIsTransient) {
  // A port that was just free: bound, then released.
  const int probe = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  socklen_t length = sizeof(address);
  getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length);
  close(probe);
  const std::string endpoint = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + kSubscriptionId;

  const SendOutcome outcome = WebPushSender(options_).Send(browser_.Subscription(endpoint), "{}", {});
  EXPECT_EQ(outcome.result, SendResult::kTransient) << outcome.detail;
  EXPECT_EQ(outcome.detail.find("citizen"), std::string::npos) << outcome.detail;
}

TEST_F(WebPushSenderTest, AMalformedSubscriptionOrTopicIsRejectedWithoutARequest) {
  const WebPushSender sender(options_);
  PushSubscription subscription = browser_.Subscription(server_.Url(std::string("/push/201") + kSubscriptionId));
  EXPECT_EQ(sender.Send(subscription, "{}", {.topic = "has spaces"}).result, SendResult::kRejected);
  EXPECT_EQ(sender.Send(subscription, "{}", {.topic = std::string(33, 'a')}).result, SendResult::kRejected);
  PushSubscription bad_key = subscription;
  bad_key.p256dh = "AAAA";
  const SendOutcome outcome = sender.Send(bad_key, "{}", {});
  EXPECT_EQ(outcome.result, SendResult::kRejected);
  EXPECT_EQ(outcome.detail.find("citizen"), std::string::npos) << outcome.detail;
  PushSubscription not_http = subscription;
  not_http.endpoint = "file:///etc/passwd";
  EXPECT_EQ(sender.Send(not_http, "{}", {}).result, SendResult::kRejected);
  EXPECT_FALSE(LastReceived().plaintext.ok()) << "the push service saw nothing";
}

}  // namespace
}  // namespace chancery::delivery
