// LoginThrottle on every engine, with a manual clock: accounts lock after the configured failures within the
// window, the lockout expires, addresses are throttled on their own, and the state is shared between nodes.
#include <gtest/gtest.h>

#include "modules/identity/identity_test_fixture.hpp"
#include "modules/identity/login_throttle.hpp"

namespace chancery::identity {
namespace {

class LoginThrottleTest : public testing::IdentityDbTest {
 protected:
  void SetUp() override {
    IdentityDbTest::SetUp();
    options_.account_failures_before_lock = 3;
    options_.address_failures_before_throttle = 5;
    options_.failure_window_ms = 10 * 60 * 1000;
    options_.lockout_ms = 15 * 60 * 1000;
  }
  std::optional<Lockout> Fail(const std::string& username, const std::string& address,
                              storage::Database* database = nullptr) {
    std::optional<Lockout> lockout;
    Status status = (database ? *database : db()).Write("test.fail", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(lockout, throttle_.RecordFailure(transaction, username, address));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return lockout;
  }
  std::optional<Lockout> Active(const std::string& username, const std::string& address,
                                storage::Database* database = nullptr) {
    std::optional<Lockout> lockout;
    Status status = (database ? *database : db()).Read("test.active", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(lockout, throttle_.ActiveLockout(transaction, username, address));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return lockout;
  }

  IdentityOptions options_;
  LoginThrottle throttle_{clock(), options_};
};
CHANCERY_DB_TEST_SUITE(LoginThrottleTest);

TEST_P(LoginThrottleTest, LocksTheAccountAfterTheLimitAndUnlocksWhenTheLockoutEnds) {
  EXPECT_FALSE(Fail("nguyen.a", "192.0.2.1"));
  EXPECT_FALSE(Fail("Nguyen.A ", "192.0.2.2"));  // the same account, whatever the case and spacing
  EXPECT_FALSE(Active("nguyen.a", "192.0.2.9"));
  std::optional<Lockout> lockout = Fail("nguyen.a", "192.0.2.3");
  ASSERT_TRUE(lockout);
  EXPECT_EQ(lockout->scope, LockoutScope::kAccount);
  EXPECT_EQ(lockout->until_ms, clock().NowMs() + options_.lockout_ms);

  // Locked from any address; other accounts are unaffected.
  ASSERT_TRUE(Active("nguyen.a", "198.51.100.7"));
  EXPECT_FALSE(Active("tran.b", "198.51.100.7"));

  Status status = throttle_.ToStatus(*Active("nguyen.a", ""));
  EXPECT_EQ(status.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(status.reason(), "account_locked");
  EXPECT_EQ(status.retry_after_seconds(), 15 * 60);
  EXPECT_EQ(status.message(), "Too many failed sign-in attempts for this account. Try again in 15 minutes.");

  clock().Advance(options_.lockout_ms - 61 * 1000);
  EXPECT_EQ(throttle_.ToStatus(*Active("nguyen.a", "")).message(),
            "Too many failed sign-in attempts for this account. Try again in 2 minutes.");
  clock().Advance(61 * 1000);
  EXPECT_FALSE(Active("nguyen.a", ""));
  // The counter restarted with the lockout: one more failure does not lock again.
  EXPECT_FALSE(Fail("nguyen.a", "192.0.2.1"));
}

TEST_P(LoginThrottleTest, ForgetsFailuresOutsideTheWindow) {
  EXPECT_FALSE(Fail("le.c", "192.0.2.1"));
  EXPECT_FALSE(Fail("le.c", "192.0.2.1"));
  clock().Advance(options_.failure_window_ms);
  EXPECT_FALSE(Fail("le.c", "192.0.2.1"));
  EXPECT_FALSE(Active("le.c", ""));
}

TEST_P(LoginThrottleTest, ASuccessfulSignInClearsTheAccountCount) {
  EXPECT_FALSE(Fail("pham.d", "192.0.2.1"));
  EXPECT_FALSE(Fail("pham.d", "192.0.2.1"));
  ASSERT_TRUE(
      db().Write("test.clear",
                 [&](storage::Transaction& transaction) { return throttle_.ClearAccount(transaction, "pham.d"); })
          .ok());
  EXPECT_FALSE(Fail("pham.d", "192.0.2.1"));
  EXPECT_FALSE(Fail("pham.d", "192.0.2.1"));
}

TEST_P(LoginThrottleTest, ThrottlesAnAddressThatTriesManyAccounts) {
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(Fail("user" + std::to_string(i), "203.0.113.5"));
  std::optional<Lockout> lockout = Fail("user4", "203.0.113.5");
  ASSERT_TRUE(lockout);
  EXPECT_EQ(lockout->scope, LockoutScope::kAddress);
  std::optional<Lockout> active = Active("someone.else", "203.0.113.5");
  ASSERT_TRUE(active);
  Status status = throttle_.ToStatus(*active);
  EXPECT_EQ(status.reason(), "address_throttled");
  EXPECT_EQ(status.message(), "Too many failed sign-in attempts from your network address. Try again in 15 minutes.");
  EXPECT_FALSE(Active("someone.else", "203.0.113.6"));
  clock().Advance(options_.lockout_ms);
  EXPECT_FALSE(Active("someone.else", "203.0.113.5"));
}

TEST_P(LoginThrottleTest, IsSharedBetweenNodes) {
  Result<std::unique_ptr<storage::Database>> peer = OpenPeer();
  ASSERT_TRUE(peer.ok()) << peer.status().ToString();
  EXPECT_FALSE(Fail("vu.e", "192.0.2.1"));
  EXPECT_FALSE(Fail("vu.e", "192.0.2.1", peer->get()));
  EXPECT_TRUE(Fail("vu.e", "192.0.2.1"));
  EXPECT_TRUE(Active("vu.e", "", peer->get()));
}

}  // namespace
}  // namespace chancery::identity
