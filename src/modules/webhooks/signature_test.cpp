// The Standard Webhooks signature: the specification's own example must come out exactly, so that receivers can
// verify our messages with any of that specification's libraries.
#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "modules/webhooks/webhooks.hpp"

namespace chancery::webhooks {
namespace {

// The example of the Standard Webhooks specification and its reference libraries.
constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr const char* kMessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr std::int64_t kTimestamp = 1614265330;
constexpr const char* kBody = R"({"test": 2432232314})";
constexpr const char* kSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

TEST(SignatureTest, ReproducesTheSpecificationsExample) {
  Result<std::string> signature = Sign(kSecret, kMessageId, kTimestamp, kBody);
  ASSERT_TRUE(signature.ok()) << signature.status().ToString();
  EXPECT_EQ(*signature, kSignature);
  EXPECT_TRUE(Verify(kSecret, kMessageId, "1614265330", kSignature, kBody, kTimestamp).ok());
}

TEST(SignatureTest, AnyChangeToTheMessageFailsVerification) {
  EXPECT_EQ(Verify(kSecret, kMessageId, "1614265330", kSignature, R"({"test": 2432232315})", kTimestamp).reason(),
            "bad_signature");
  EXPECT_EQ(Verify(kSecret, "msg_other", "1614265330", kSignature, kBody, kTimestamp).reason(), "bad_signature");
  EXPECT_EQ(Verify(kSecret, kMessageId, "1614265331", kSignature, kBody, kTimestamp).reason(), "bad_signature");
  EXPECT_EQ(Verify(NewSecret(), kMessageId, "1614265330", kSignature, kBody, kTimestamp).reason(), "bad_signature");
}

TEST(SignatureTest, AStaleTimestampIsRefusedEvenWhenSigned) {
  EXPECT_EQ(Verify(kSecret, kMessageId, "1614265330", kSignature, kBody, kTimestamp + 301).reason(), "stale_timestamp");
  EXPECT_TRUE(Verify(kSecret, kMessageId, "1614265330", kSignature, kBody, kTimestamp + 300).ok());
}

TEST(SignatureTest, NewSecretsHaveTheSpecificationsFormAndDiffer) {
  const std::string first = NewSecret();
  const std::string second = NewSecret();
  EXPECT_NE(first, second);
  ASSERT_TRUE(first.starts_with("whsec_"));
  Result<std::string> key = SecretKey(first);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->size(), 32u);
  EXPECT_FALSE(SecretKey("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").ok()) << "no prefix";
  EXPECT_FALSE(SecretKey("whsec_c2hvcnQ=").ok()) << "too short";
}

TEST(SignatureTest, AfterARotationBothSecretsSignUntilTheGracePeriodEnds) {
  ASSERT_TRUE(crypto::InitCrypto().ok());
  const EndpointSecrets secrets{.current = NewSecret(), .previous = kSecret, .previous_until_ms = 2000000};
  Result<std::string> during = SignatureHeader(secrets, 1999999, kMessageId, kTimestamp, kBody);
  ASSERT_TRUE(during.ok());
  EXPECT_EQ(*during, *Sign(secrets.current, kMessageId, kTimestamp, kBody) + " " + kSignature);
  EXPECT_TRUE(Verify(kSecret, kMessageId, "1614265330", *during, kBody, kTimestamp).ok()) << "a receiver not yet "
                                                                                             "switched";
  EXPECT_TRUE(Verify(secrets.current, kMessageId, "1614265330", *during, kBody, kTimestamp).ok());
  Result<std::string> after = SignatureHeader(secrets, 2000000, kMessageId, kTimestamp, kBody);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->find(' '), std::string::npos);
  EXPECT_FALSE(Verify(kSecret, kMessageId, "1614265330", *after, kBody, kTimestamp).ok());
}

}  // namespace
}  // namespace chancery::webhooks
