// CredentialCache: entries expire after the TTL, and a user's entries can be dropped at once.
#include <gtest/gtest.h>

#include "modules/identity/session_store_cache.hpp"

namespace chancery::identity {
namespace {

std::shared_ptr<const ResolvedCredential> CredentialOf(std::int64_t user_id) {
  auto credential = std::make_shared<ResolvedCredential>();
  credential->user.id = user_id;
  return credential;
}

TEST(CredentialCacheTest, ServesAnEntryUntilItsTtlPasses) {
  ManualClock clock(1'000'000);
  CredentialCache cache(clock, 5000);
  cache.Put("s:a", CredentialOf(7));
  ASSERT_NE(cache.Find("s:a"), nullptr);
  EXPECT_EQ(cache.Find("s:a")->user.id, 7);
  clock.Advance(4999);
  EXPECT_NE(cache.Find("s:a"), nullptr);
  clock.Advance(1);
  EXPECT_EQ(cache.Find("s:a"), nullptr);
  EXPECT_EQ(cache.Find("s:unknown"), nullptr);
}

TEST(CredentialCacheTest, IgnoresEntriesFromTheFutureWhenTheClockGoesBack) {
  ManualClock clock(1'000'000);
  CredentialCache cache(clock, 5000);
  cache.Put("s:a", CredentialOf(7));
  clock.Set(990'000);
  EXPECT_EQ(cache.Find("s:a"), nullptr);
}

TEST(CredentialCacheTest, EraseUserDropsEveryCredentialOfThatUserOnly) {
  ManualClock clock(0);
  CredentialCache cache(clock);
  cache.Put("s:a", CredentialOf(7));
  cache.Put("t:b", CredentialOf(7));
  cache.Put("s:c", CredentialOf(8));
  cache.EraseUser(7);
  EXPECT_EQ(cache.Find("s:a"), nullptr);
  EXPECT_EQ(cache.Find("t:b"), nullptr);
  EXPECT_NE(cache.Find("s:c"), nullptr);
  cache.Erase("s:c");
  EXPECT_EQ(cache.size(), 0u);
}

TEST(CredentialCacheTest, StaysBoundedUnderManyDistinctCredentials) {
  ManualClock clock(0);
  CredentialCache cache(clock, 5000, 100);
  for (int i = 0; i < 1000; ++i) cache.Put("s:" + std::to_string(i), CredentialOf(i));
  EXPECT_LE(cache.size(), 100u);
  EXPECT_NE(cache.Find("s:999"), nullptr);
}

}  // namespace
}  // namespace chancery::identity
