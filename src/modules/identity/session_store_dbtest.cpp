// SessionStore on every engine: only the token's digest is stored; lookups bring the user and grants; idle and
// absolute timeouts; touching; ending sessions.
#include "modules/identity/session_store.hpp"

#include <gtest/gtest.h>

#include "modules/identity/identity_test_fixture.hpp"

namespace chancery::identity {
namespace {

using testing::kParis;
using testing::kRoot;

class SessionStoreTest : public testing::IdentityDbTest {
 protected:
  Result<IssuedSession> Create(std::int64_t user_id, SessionState state = SessionState::kFull) {
    Result<IssuedSession> issued = Internal("not run");
    Status status = db().Write("test.create_session", [&](storage::Transaction& transaction) {
      issued = store_.Create(transaction, NewSession{user_id, state, std::nullopt, "192.0.2.1", "test agent"});
      return issued.status();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return issued;
  }
  std::optional<std::pair<SessionRecord, CredentialUser>> Find(const std::string& token) {
    std::optional<std::pair<SessionRecord, CredentialUser>> found;
    Status status = db().Read("test.find_session", [&](storage::Transaction& transaction) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(found, store_.FindSession(transaction, crypto::Sha256Hex(token)));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return found;
  }

  IdentityOptions options_;
  SessionStore store_{clock(), options_};
};
CHANCERY_DB_TEST_SUITE(SessionStoreTest);

TEST_P(SessionStoreTest, StoresOnlyTheDigestAndFindsTheSessionWithItsUserAndGrants) {
  UserRecord user = MakeUser("tran.thi.b", kParis);
  ASSERT_TRUE(service_->GrantRole(user.id, "consular_officer", kParis, false, {}).ok());
  ASSERT_TRUE(service_->GrantRole(user.id, "viewer", kRoot, true, {}).ok());
  Result<IssuedSession> issued = Create(user.id, SessionState::kMfaEnrolmentRequired);
  ASSERT_TRUE(issued.ok());
  EXPECT_EQ(issued->token.size(), 43u);
  EXPECT_EQ(issued->record.csrf_token.size(), 43u);

  Status no_plain_token = db().Read("test.raw", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(auto rows, transaction.Query("SELECT token_hash FROM sessions"));
    EXPECT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows.at(0).Text(0), crypto::Sha256Hex(issued->token));
    return Status::Ok();
  });
  ASSERT_TRUE(no_plain_token.ok());

  auto found = Find(issued->token);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->first.id, issued->record.id);
  EXPECT_EQ(found->first.state, SessionState::kMfaEnrolmentRequired);
  EXPECT_EQ(found->first.csrf_token, issued->record.csrf_token);
  EXPECT_EQ(found->first.expires_at_ms, ::chancery::testing::DbTest::kStartMs + options_.session_absolute_timeout_ms);
  EXPECT_EQ(found->second.username, "tran.thi.b");
  EXPECT_EQ(found->second.unit_id, kParis);
  ASSERT_EQ(found->second.grants.size(), 2u);
  EXPECT_EQ(found->second.grants[0].role, "consular_officer");
  EXPECT_TRUE(found->second.grants[1].include_subtree);
  EXPECT_FALSE(Find("not-a-session-token").has_value());
}

TEST_P(SessionStoreTest, ExpiresAfterTheIdleTimeoutUnlessTouched) {
  UserRecord user = MakeUser("le.van.c", kParis);
  Result<IssuedSession> issued = Create(user.id);
  ASSERT_TRUE(issued.ok());
  clock().Advance(options_.session_idle_timeout_ms - 1);
  auto found = Find(issued->token);
  ASSERT_TRUE(found && store_.IsLive(found->first, clock().NowMs()));

  ASSERT_TRUE(db().Write("test.touch",
                         [&](storage::Transaction& transaction) {
                           return store_.TouchSession(transaction, issued->record.id, clock().NowMs());
                         })
                  .ok());
  clock().Advance(options_.session_idle_timeout_ms - 1);
  found = Find(issued->token);
  ASSERT_TRUE(found);
  EXPECT_TRUE(store_.IsLive(found->first, clock().NowMs()));
  clock().Advance(1);
  EXPECT_FALSE(store_.IsLive(found->first, clock().NowMs()));
}

TEST_P(SessionStoreTest, ExpiresAtTheAbsoluteTimeoutEvenWhenActive) {
  UserRecord user = MakeUser("pham.d", kParis);
  Result<IssuedSession> issued = Create(user.id);
  ASSERT_TRUE(issued.ok());
  const std::int64_t step = options_.session_idle_timeout_ms / 2;
  while (clock().NowMs() + step < issued->record.expires_at_ms) {
    clock().Advance(step);
    ASSERT_TRUE(db().Write("test.touch",
                           [&](storage::Transaction& transaction) {
                             return store_.TouchSession(transaction, issued->record.id, clock().NowMs());
                           })
                    .ok());
  }
  clock().Set(issued->record.expires_at_ms);
  auto found = Find(issued->token);
  ASSERT_TRUE(found);
  EXPECT_FALSE(store_.IsLive(found->first, clock().NowMs()));
}

TEST_P(SessionStoreTest, UpgradesStateAndRecordsTheMfaCheck) {
  UserRecord user = MakeUser("hoang.e", kParis);
  Result<IssuedSession> issued = Create(user.id, SessionState::kMfaRequired);
  ASSERT_TRUE(issued.ok());
  ASSERT_TRUE(db().Write("test.upgrade",
                         [&](storage::Transaction& transaction) {
                           return store_.SetState(transaction, issued->record.id, SessionState::kFull, clock().NowMs());
                         })
                  .ok());
  auto found = Find(issued->token);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->first.state, SessionState::kFull);
  EXPECT_EQ(found->first.mfa_verified_at_ms, clock().NowMs());
}

TEST_P(SessionStoreTest, EndsEveryOtherSessionOfTheUserOnly) {
  UserRecord user = MakeUser("vu.f", kParis);
  UserRecord other = MakeUser("do.g", kParis);
  Result<IssuedSession> kept = Create(user.id);
  Result<IssuedSession> ended = Create(user.id);
  Result<IssuedSession> unrelated = Create(other.id);
  ASSERT_TRUE(kept.ok() && ended.ok() && unrelated.ok());
  Result<std::int64_t> count = Internal("not run");
  ASSERT_TRUE(db().Write("test.end_all",
                         [&](storage::Transaction& transaction) {
                           count = store_.DeleteAllOfUser(transaction, user.id, kept->record.id);
                           return count.status();
                         })
                  .ok());
  EXPECT_EQ(*count, 1);
  EXPECT_TRUE(Find(kept->token).has_value());
  EXPECT_FALSE(Find(ended->token).has_value());
  EXPECT_TRUE(Find(unrelated->token).has_value());
}

}  // namespace
}  // namespace chancery::identity
