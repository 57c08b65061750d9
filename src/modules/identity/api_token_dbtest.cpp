// ApiTokenService on every engine: creation rules, hashing at rest, revocation and expiry.
#include "modules/identity/api_token_service.hpp"
#include "modules/identity/identity_test_fixture.hpp"

namespace chancery::identity {
namespace {

using namespace ::chancery::identity::testing;  // NOLINT(google-build-using-namespace): test fixtures

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

class ApiTokenTest : public IdentityDbTest {
 protected:
  void SetUp() override {
    IdentityDbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    tokens_ = std::make_unique<ApiTokenService>(db(), clock(), *audit_, authorizer_);
    const UserRecord user = MakeUser("officer", kParis);
    owner_ = PrincipalWith(user.id, {{1, "consular_officer", kParis, false}});
  }

  std::unique_ptr<ApiTokenService> tokens_;
  Principal owner_;
};
CHANCERY_DB_TEST_SUITE(ApiTokenTest);

TEST_P(ApiTokenTest, CreatesATokenShownOnceAndStoredAsAHash) {
  Result<IssuedApiToken> issued = tokens_->Create(owner_, {"reporting", {"staff_read", "directory_read"}, 30}, {});
  ASSERT_TRUE(issued.ok()) << issued.status().ToString();
  EXPECT_TRUE(issued->token.starts_with("chy_"));
  EXPECT_GT(issued->token.size(), 40u);
  EXPECT_EQ(issued->record.expires_at_ms, kStartMs + 30 * kDayMs);
  EXPECT_EQ(issued->record.scopes, (std::vector<std::string>{"directory_read", "staff_read"}));

  Status raw = db().Read("test.raw", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        auto row, transaction.QueryOne("SELECT token_hash FROM api_tokens WHERE id = ?", {issued->record.id}));
    EXPECT_EQ(row.Text(0), crypto::Sha256Hex(issued->token));
    return Status::Ok();
  });
  ASSERT_TRUE(raw.ok()) << raw.ToString();
  auto listed = tokens_->List(owner_.user_id);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].name, "reporting");
  EXPECT_EQ(CountAudit("api_token.created"), 1u);
}

TEST_P(ApiTokenTest, RefusesScopesBeyondTheCreatorsPermissionsAndBadLifetimes) {
  EXPECT_EQ(tokens_->Create(owner_, {"t", {"users_manage"}, 30}, {}).status().reason(), "scope_not_held");
  EXPECT_EQ(tokens_->Create(owner_, {"t", {"root"}, 30}, {}).status().field(), "/scopes");
  EXPECT_EQ(tokens_->Create(owner_, {"t", {}, 30}, {}).status().field(), "/scopes");
  EXPECT_EQ(tokens_->Create(owner_, {"t", {"staff_read"}, 0}, {}).status().field(), "/expires_in_days");
  EXPECT_EQ(tokens_->Create(owner_, {"t", {"staff_read"}, 366}, {}).status().field(), "/expires_in_days");
  EXPECT_TRUE(tokens_->Create(owner_, {"t", {"staff_read"}, 365}, {}).ok());
  // A token-authenticated caller cannot mint a token wider than its own scopes.
  Principal via_token = owner_;
  via_token.method = AuthMethod::kApiToken;
  via_token.token_scopes = {"directory_read"};
  EXPECT_EQ(tokens_->Create(via_token, {"t", {"staff_read"}, 30}, {}).status().code(), StatusCode::kPermissionDenied);
}

TEST_P(ApiTokenTest, RevokesOnlyTheOwnersLiveTokens) {
  Result<IssuedApiToken> issued = tokens_->Create(owner_, {"ci", {"directory_read"}, 7}, {});
  ASSERT_TRUE(issued.ok());
  const UserRecord other_user = MakeUser("other", kParis);
  const Principal other = PrincipalWith(other_user.id, {{2, "viewer", kParis, false}});
  EXPECT_EQ(tokens_->Revoke(other, issued->record.id, {}).code(), StatusCode::kNotFound);
  clock().Advance(1000);
  EXPECT_TRUE(tokens_->Revoke(owner_, issued->record.id, {}).ok());
  EXPECT_EQ(tokens_->Revoke(owner_, issued->record.id, {}).code(), StatusCode::kNotFound);
  auto listed = tokens_->List(owner_.user_id);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].revoked_at_ms, kStartMs + 1000);
  EXPECT_EQ(CountAudit("api_token.revoked"), 1u);
}

TEST_P(ApiTokenTest, ExpiredTokensStopCountingAgainstTheLimit) {
  for (int index = 0; index < kMaxActiveTokens; ++index) {
    ASSERT_TRUE(tokens_->Create(owner_, {"t" + std::to_string(index), {"directory_read"}, 1}, {}).ok());
  }
  EXPECT_EQ(tokens_->Create(owner_, {"one more", {"directory_read"}, 1}, {}).status().code(),
            StatusCode::kResourceExhausted);
  clock().Advance(kDayMs + 1);
  EXPECT_TRUE(tokens_->Create(owner_, {"one more", {"directory_read"}, 1}, {}).ok());
}

}  // namespace
}  // namespace chancery::identity
