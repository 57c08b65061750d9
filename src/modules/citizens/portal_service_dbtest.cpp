// The citizen's own path through the portal: a code proves the contact; registration, consent, export and erasure;
// the Zalo link code. On SQLite and PostgreSQL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "modules/citizens/portal_service.hpp"
#include "support/ministry_test.hpp"

namespace chancery::citizens {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class PortalServiceTest : public testing::MinistryTest {
 protected:
  void SetUp() override {
    MinistryTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    service_ = std::make_unique<CitizensService>(db(), clock(), *cipher_, *audit_, *authorizer_, *directory_);
    // A module that keeps something about citizens: its part of the export, and its erasure.
    service_->RegisterHolder({"notes",
                              [this](storage::Transaction&, std::int64_t id) -> Result<boost::json::value> {
                                return boost::json::value(boost::json::array{boost::json::string(notes_[id])});
                              },
                              [this](storage::Transaction&, std::int64_t id) -> Status {
                                notes_.erase(id);
                                return Status::Ok();
                              }});
    portal_ = std::make_unique<PortalService>(
        *service_, *cipher_, [this](const Contact& contact, const std::string& code, const std::string& language) {
          sent_.push_back({contact.value, code, language});
          return Status::Ok();
        });
  }

  struct Sent {
    std::string contact;
    std::string code;
    std::string language;
  };

  // Signs in with a fresh code for `contact`.
  PortalSession SignIn(const std::string& contact) {
    EXPECT_TRUE(portal_->RequestCode(contact, "en", "203.0.113.7").ok());
    auto session = portal_->VerifyCode(contact, sent_.back().code, "203.0.113.7");
    EXPECT_TRUE(session.ok()) << session.status().ToString();
    return session.ok() ? *session : PortalSession{};
  }

  static Profile Minh(const std::string& email) {
    Profile profile;
    profile.full_name = "Trần Văn Minh";
    profile.date_of_birth = "1992-11-05";
    profile.email = email;
    profile.residence_country = "DE";
    profile.city = "Berlin";
    profile.location = GeoPoint{52.52, 13.405};
    profile.language = "en";
    return profile;
  }

  std::unique_ptr<CitizensService> service_;
  std::unique_ptr<PortalService> portal_;
  std::vector<Sent> sent_;
  std::map<std::int64_t, std::string> notes_;
};
CHANCERY_DB_TEST_SUITE(PortalServiceTest);

TEST_P(PortalServiceTest, ACodeProvesTheContactOnceWithinItsAttemptsAndTime) {
  ASSERT_TRUE(portal_->RequestCode("Minh@Example.DE", "en", "203.0.113.7").ok());
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_EQ(sent_[0].contact, "minh@example.de");
  EXPECT_THAT(sent_[0].code, ::testing::MatchesRegex("[0-9]{6}"));
  EXPECT_EQ(sent_[0].language, "en");
  const std::string wrong = sent_[0].code == "000000" ? "111111" : "000000";
  auto failed = portal_->VerifyCode("minh@example.de", wrong, "203.0.113.7");
  EXPECT_EQ(failed.status().code(), StatusCode::kPermissionDenied);
  EXPECT_THAT(failed.status().message(), HasSubstr("4 attempts left"));
  auto session = portal_->VerifyCode("minh@example.de", sent_[0].code, "203.0.113.7");
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_FALSE(session->citizen_id);
  EXPECT_EQ(portal_->VerifyCode("minh@example.de", sent_[0].code, "203.0.113.7").status().code(),
            StatusCode::kFailedPrecondition);  // used

  // A code expires after ten minutes.
  ASSERT_TRUE(portal_->RequestCode("+49 151 2345 6789", "vi", "203.0.113.7").ok());
  clock().Advance(11 * 60 * 1000);
  EXPECT_EQ(portal_->VerifyCode("+4915123456789", sent_.back().code, "203.0.113.7").status().code(),
            StatusCode::kFailedPrecondition);
  // Three codes in fifteen minutes, then wait.
  ASSERT_TRUE(portal_->RequestCode("+4915123456789", "vi", "x").ok());
  ASSERT_TRUE(portal_->RequestCode("+4915123456789", "vi", "x").ok());
  auto throttled = portal_->RequestCode("+4915123456789", "vi", "x");
  EXPECT_EQ(throttled.code(), StatusCode::kResourceExhausted);
  EXPECT_TRUE(throttled.retry_after_seconds());
  // A session is good for thirty minutes of inactivity.
  EXPECT_TRUE(portal_->Authenticate(session->token).ok());
  clock().Advance(31 * 60 * 1000);
  EXPECT_EQ(portal_->Authenticate(session->token).status().code(), StatusCode::kUnauthenticated);
}

TEST_P(PortalServiceTest, RegisterConsentExportAndEraseOnesOwnData) {
  PortalSession session = SignIn("minh@example.de");
  Profile profile = Minh("someone.else@example.de");  // the proved contact wins
  auto registered = portal_->Register(session, profile, {{Channel::kEmail, true}, {Channel::kWebPush, true}}, "x");
  ASSERT_TRUE(registered.ok()) << registered.status().ToString();
  EXPECT_EQ(registered->profile.email, "minh@example.de");
  EXPECT_EQ(registered->origin, Origin::kPortal);
  notes_[registered->id] = "a note about Minh";

  // Another citizen, whose data must not appear in Minh's export.
  PortalSession other = SignIn("hoa@example.de");
  Profile hoa = Minh("hoa@example.de");
  hoa.full_name = "Lê Thị Hoa";
  hoa.date_of_birth = "1995-01-01";
  auto hoa_registered = portal_->Register(other, hoa, {{Channel::kEmail, true}}, "x");
  ASSERT_TRUE(hoa_registered.ok()) << hoa_registered.status().ToString();
  notes_[hoa_registered->id] = "a note about Hoa";

  // A later sign-in with the same contact reaches the registration.
  PortalSession again = SignIn("minh@example.de");
  ASSERT_TRUE(again.citizen_id);
  EXPECT_EQ(*again.citizen_id, registered->id);
  ASSERT_TRUE(portal_->SetMyConsent(again, {Channel::kWebPush, false}, "x").ok());
  auto mine = portal_->Mine(again, "x");
  ASSERT_TRUE(mine.ok());
  EXPECT_FALSE(mine->Consented(Channel::kWebPush));
  EXPECT_TRUE(mine->Consented(Channel::kEmail));

  auto exported = portal_->ExportMine(again);
  ASSERT_TRUE(exported.ok()) << exported.status().ToString();
  const std::string text = boost::json::serialize(*exported);
  EXPECT_THAT(text, HasSubstr("Trần Văn Minh"));
  EXPECT_THAT(text, HasSubstr("a note about Minh"));
  EXPECT_THAT(text, HasSubstr("\"web_push\":{\"granted\":false"));
  EXPECT_THAT(text, Not(HasSubstr("Hoa")));

  ASSERT_TRUE(portal_->EraseMine(again, "x").ok());
  EXPECT_FALSE(notes_.count(registered->id));
  EXPECT_TRUE(notes_.count(hoa_registered->id));
  EXPECT_EQ(portal_->Authenticate(again.token).status().code(), StatusCode::kUnauthenticated);
  ASSERT_TRUE(db().Read("raw",
                        [&](storage::Transaction& t) -> Status {
                          auto row = t.QueryOne(
                              "SELECT COUNT(*) FROM citizens WHERE state = 'active' OR full_name_encrypted IS NOT NULL "
                              "OR email_index IS NOT NULL");
                          EXPECT_EQ(row->Int(0), 1);  // Hoa's
                          auto codes = t.QueryOne("SELECT COUNT(*) FROM citizen_codes WHERE contact_index = ?",
                                                  {service_->store().Index(IndexedField::kEmail, "minh@example.de")});
                          EXPECT_EQ(codes->Int(0), 0);
                          return Status::Ok();
                        })
                  .ok());
  // Erasure is audited with the citizen's reference, and the reference stays as a tombstone.
  audit::AuditFilter filter;
  filter.action = "citizen.erased";
  auto entries = audit_->Search(filter);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ(entries->front().event.actor, "citizen:" + registered->reference);
}

TEST_P(PortalServiceTest, AZaloLinkCodeLinksTheSenderOnce) {
  PortalSession session = SignIn("minh@example.de");
  auto registered = portal_->Register(session, Minh("minh@example.de"), {{Channel::kZalo, true}}, "x");
  ASSERT_TRUE(registered.ok()) << registered.status().ToString();
  EXPECT_FALSE(registered->zalo_linked);
  auto code = portal_->NewZaloLinkCode(session);
  ASSERT_TRUE(code.ok());
  EXPECT_THAT(*code, ::testing::MatchesRegex("[A-Z]{2} [0-9]{4}"));
  std::string lower = *code;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  lower.erase(lower.find(' '), 1);
  auto linked = portal_->LinkZaloByCode("ma dang ky " + lower, "zalo-user-42", 7);
  ASSERT_TRUE(linked.ok());
  ASSERT_TRUE(*linked);
  EXPECT_EQ(**linked, registered->id);
  EXPECT_FALSE(*portal_->LinkZaloByCode(*code, "zalo-user-99", 7));  // used
  auto mine = portal_->Mine(session, "x");
  ASSERT_TRUE(mine.ok());
  EXPECT_TRUE(mine->zalo_linked);
  auto addresses = ReadValue(db(), "addresses",
                             [&](storage::Transaction& t) { return service_->store().AddressesOf(t, registered->id); });
  ASSERT_TRUE(addresses.ok() && *addresses);
  EXPECT_EQ((*addresses)->zalo_user_id, "zalo-user-42");
  EXPECT_EQ((*addresses)->zalo_account_id, 7);
}

}  // namespace
}  // namespace chancery::citizens
