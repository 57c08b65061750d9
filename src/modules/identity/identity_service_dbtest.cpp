// SqlIdentityService on every engine: accounts, personal data, grants, MFA reset and re-encryption.
#include "modules/identity/identity_test_fixture.hpp"

namespace chancery::identity {
namespace {

using namespace ::chancery::identity::testing;  // NOLINT(google-build-using-namespace): test fixtures

class IdentityServiceTest : public IdentityDbTest {};
CHANCERY_DB_TEST_SUITE(IdentityServiceTest);

TEST_P(IdentityServiceTest, CreatesAUserAndRefusesADuplicateUsername) {
  const UserRecord alice = MakeUser("alice", kParis);
  EXPECT_GT(alice.id, 0);
  EXPECT_EQ(alice.unit_id, kParis);
  EXPECT_EQ(alice.locale, "vi");
  EXPECT_FALSE(alice.disabled);
  EXPECT_EQ(alice.created_at_ms, kStartMs);

  NewUser again{.username = "alice", .display_name = "Another Alice", .unit_id = kTokyo};
  Result<UserRecord> duplicate = service_->CreateUser(again, {});
  EXPECT_EQ(duplicate.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(duplicate.status().field(), "/username");
  EXPECT_EQ(CountAudit("user.created"), 1u);

  auto found = service_->FindUserByUsername("alice");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, alice.id);
}

TEST_P(IdentityServiceTest, RefusesMalformedFieldsAndUnknownUnits) {
  EXPECT_EQ(service_->CreateUser({.username = "Bad Name", .display_name = "x", .unit_id = kParis}, {}).status().field(),
            "/username");
  EXPECT_EQ(service_->CreateUser({.username = "bob", .display_name = "Bob", .unit_id = 999}, {}).status().field(),
            "/unit_id");
  NewUser weak{.username = "carol", .display_name = "Carol", .unit_id = kParis, .password = "short"};
  EXPECT_EQ(service_->CreateUser(weak, {}).status().reason(), "weak_password");
  EXPECT_EQ(service_->CreateUser({.username = "dave", .display_name = "Dave", .unit_id = kParis, .phone = "0123"}, {})
                .status()
                .field(),
            "/phone");
}

TEST_P(IdentityServiceTest, FindsByEmailInAnyCaseAndKeepsContactsEncrypted) {
  NewUser user{.username = "an.nguyen",
               .display_name = "Nguyễn An",
               .unit_id = kParis,
               .email = "An.Nguyen@Mofa.gov.vn",
               .phone = "+33123456789"};
  Result<UserRecord> created = service_->CreateUser(user, {});
  ASSERT_TRUE(created.ok()) << created.status().ToString();

  auto found = service_->FindUserByEmail("an.nguyen@mofa.gov.vn");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, created->id);
  NewUser same_email{.username = "other", .display_name = "Other", .unit_id = kTokyo, .email = "AN.NGUYEN@mofa.gov.vn"};
  EXPECT_EQ(service_->CreateUser(same_email, {}).status().code(), StatusCode::kAlreadyExists);

  // At rest the columns hold ciphertexts, not the address.
  Status read = db().Read("test.raw", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        auto row,
        transaction.QueryOne("SELECT email_encrypted, phone_encrypted FROM users WHERE id = ?", {created->id}));
    EXPECT_EQ(row.Text(0).find("Mofa"), std::string::npos);
    EXPECT_EQ(row.Text(1).find("33123456789"), std::string::npos);
    return Status::Ok();
  });
  ASSERT_TRUE(read.ok()) << read.ToString();

  Result<UserContact> contact = service_->ReadContactAudited(created->id, {});
  ASSERT_TRUE(contact.ok()) << contact.status().ToString();
  EXPECT_EQ(contact->email, "An.Nguyen@Mofa.gov.vn");
  EXPECT_EQ(contact->phone, "+33123456789");
  EXPECT_EQ(CountAudit("personal_data.read"), 1u);
}

TEST_P(IdentityServiceTest, EnforcesTheGrantRules) {
  const UserRecord head = MakeUser("head", kParis);
  const UserRecord clerk = MakeUser("clerk", kParis);
  auto granted = service_->GrantRole(head.id, "head_of_mission", kParis, false, {});
  ASSERT_TRUE(granted.ok()) << granted.status().ToString();
  Principal actor = PrincipalWith(head.id, {*granted});
  const ActionContext as_head{&actor, "192.0.2.1", "req-1"};

  EXPECT_TRUE(service_->GrantRole(clerk.id, "analyst", kParis, false, as_head).ok());
  EXPECT_EQ(service_->GrantRole(clerk.id, "analyst", kParis, false, as_head).status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(service_->GrantRole(clerk.id, "viewer", kTokyo, false, as_head).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(service_->GrantRole(clerk.id, "viewer", kParis, true, as_head).status().reason(), "privilege_escalation");
  EXPECT_EQ(service_->GrantRole(clerk.id, "system_admin", kRoot, true, as_head).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(service_->GrantRole(clerk.id, "hq_desk_officer", kParis, false, {}).status().reason(), "hq_only_role");
  EXPECT_EQ(CountAudit("role.granted"), 2u);

  auto grants = service_->ListGrants(clerk.id);
  ASSERT_TRUE(grants.ok());
  ASSERT_EQ(grants->size(), 1u);
  EXPECT_EQ((*grants)[0].role, "analyst");

  // The head may not take back the system's own grant of system_admin elsewhere, but may revoke the analyst grant.
  auto admin_grant = service_->GrantRole(clerk.id, "system_admin", kRoot, true, {});
  ASSERT_TRUE(admin_grant.ok());
  EXPECT_EQ(service_->RevokeGrant(admin_grant->id, as_head).code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(service_->RevokeGrant((*grants)[0].id, as_head).ok());
  EXPECT_EQ(service_->RevokeGrant((*grants)[0].id, as_head).code(), StatusCode::kNotFound);
  EXPECT_EQ(CountAudit("role.revoked"), 1u);
}

TEST_P(IdentityServiceTest, ResetsMfaAndSetsPasswords) {
  const UserRecord user = MakeUser("mfa.user", kTokyo);
  ASSERT_TRUE(db().Write("test.enable_mfa",
                         [&](storage::Transaction& transaction) {
                           return transaction
                               .Execute("UPDATE users SET mfa_enabled = 1, mfa_secret_encrypted = 'x' WHERE id = ?",
                                        {user.id})
                               .status();
                         })
                  .ok());
  ASSERT_TRUE(service_->ResetMfa(user.id, {}).ok());
  auto after = service_->FindUser(user.id);
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_FALSE((*after)->mfa_enabled);
  EXPECT_EQ(CountAudit("user.mfa_reset"), 1u);
  EXPECT_EQ(service_->ResetMfa(424242, {}).code(), StatusCode::kNotFound);

  EXPECT_EQ(service_->SetPassword(user.id, "too short", {}).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(service_->SetPassword(user.id, "a long enough passphrase", {}).ok());
  EXPECT_EQ(CountAudit("user.password_set"), 1u);
}

TEST_P(IdentityServiceTest, UpdatesAndDisablesUsers) {
  const UserRecord user = MakeUser("mover", kParis, "mover@example.org");
  MakeUser("taken", kParis, "taken@example.org");
  UserPatch clash;
  clash.email = "TAKEN@example.org";
  EXPECT_EQ(service_->UpdateUser(user.id, clash, {}).status().code(), StatusCode::kAlreadyExists);
  UserPatch patch;
  patch.unit_id = kTokyo;
  patch.disabled = true;
  patch.email = "";
  auto updated = service_->UpdateUser(user.id, patch, {});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->unit_id, kTokyo);
  EXPECT_TRUE(updated->disabled);
  EXPECT_EQ(service_->ReadContact(user.id)->email, "");
  auto by_old_email = service_->FindUserByEmail("mover@example.org");
  ASSERT_TRUE(by_old_email.ok());
  EXPECT_FALSE(by_old_email->has_value());
}

TEST_P(IdentityServiceTest, ReencryptsPersonalDataUnderTheNewKey) {
  NewUser user{.username = "rotated",
               .display_name = "Rotated",
               .unit_id = kParis,
               .email = "r@example.org",
               .phone = "+84241234567"};
  Result<UserRecord> created = service_->CreateUser(user, {});
  ASSERT_TRUE(created.ok());
  crypto::KeyRing rotated = ring_;
  crypto::AddKey(rotated);
  cipher_->ReplaceKeyRing(rotated);

  Result<std::int64_t> rewritten = service_->ReencryptPersonalData({});
  ASSERT_TRUE(rewritten.ok()) << rewritten.status().ToString();
  EXPECT_EQ(*rewritten, 2);
  EXPECT_EQ(*service_->ReencryptPersonalData({}), 0);
  Result<UserContact> contact = service_->ReadContact(created->id);
  ASSERT_TRUE(contact.ok());
  EXPECT_EQ(contact->email, "r@example.org");
  EXPECT_EQ(contact->phone, "+84241234567");
}

}  // namespace
}  // namespace chancery::identity
