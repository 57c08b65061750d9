// CSV import and export of accounts on every engine.
#include "modules/identity/identity_test_fixture.hpp"
#include "modules/identity/user_csv.hpp"

namespace chancery::identity {
namespace {

using namespace ::chancery::identity::testing;  // NOLINT(google-build-using-namespace): test fixtures

class UserCsvTest : public IdentityDbTest {
 protected:
  void SetUp() override {
    IdentityDbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    csv_ = std::make_unique<UserCsv>(*service_);
  }
  std::unique_ptr<UserCsv> csv_;
};
CHANCERY_DB_TEST_SUITE(UserCsvTest);

TEST_P(UserCsvTest, ImportsValidLinesAndReportsTheOthers) {
  MakeUser("existing", kParis);
  const Principal head = PrincipalWith(99, {{1, "head_of_mission", kParis, true}});
  const ActionContext as_head{&head, "", ""};
  const std::string text =
      "username,display_name,unit_id,email,locale\r\n"
      "an.le,\"Lê, An\",10,an.le@example.org,en\r\n"  // line 2: created
      "existing,Someone,10,,\r\n"                     // line 3: skipped
      "binh,Binh,999,,\r\n"                           // line 4: unknown unit
      "chi,Chi,10,not-an-address,\r\n"                // line 5: bad e-mail
      "dung,Dung,20,,\r\n"                            // line 6: Tokyo, outside the actor's scope
      "\"multi\nline\",Broken,10,,\r\n"               // lines 7-8: bad username
      "short,row\r\n"                                 // line 9: wrong field count
      "giang,Giang,11,,vi\r\n";                       // line 10: Marseille, in the subtree: created
  Result<ImportReport> report = csv_->Import(text, as_head);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->created, 2);
  EXPECT_EQ(report->skipped, 1);
  std::vector<std::size_t> lines;
  for (const ImportError& error : report->errors) lines.push_back(error.line);
  EXPECT_EQ(lines, (std::vector<std::size_t>{4, 5, 6, 7, 9}));
  auto created = service_->FindUserByUsername("an.le");
  ASSERT_TRUE(created.ok() && created->has_value());
  EXPECT_EQ((*created)->display_name, "Lê, An");
  EXPECT_EQ((*created)->locale, "en");
  EXPECT_EQ(CountAudit("users.imported"), 1u);
}

TEST_P(UserCsvTest, RefusesMalformedFilesAsAWhole) {
  EXPECT_EQ(csv_->Import("", {}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(csv_->Import("username,display_name\r\n", {}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(csv_->Import("username,display_name,unit_id,secret\r\n", {}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(csv_->Import("username,display_name,unit_id\r\n\"open,x,1\r\n", {}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_P(UserCsvTest, ExportsDecryptedContactsAndAuditsTheExport) {
  NewUser user{.username = "hoa",
               .display_name = "Hoa \"Flower\" Tran",
               .unit_id = kParis,
               .email = "hoa@example.org",
               .phone = "+33123456789"};
  ASSERT_TRUE(service_->CreateUser(user, {}).ok());
  MakeUser("tokyo.user", kTokyo);
  UserQuery query;
  query.unit_ids = std::vector<std::int64_t>{kParis};
  Result<std::string> text = csv_->Export(query, kParis, {});
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text,
            "username,display_name,unit_id,title,email,phone,locale\r\n"
            "hoa,\"Hoa \"\"Flower\"\" Tran\",10,,hoa@example.org,+33123456789,vi\r\n");
  EXPECT_EQ(CountAudit("users.exported"), 1u);
}

}  // namespace
}  // namespace chancery::identity
