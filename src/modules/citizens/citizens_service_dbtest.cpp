// The registry as staff use it: jurisdiction decides who sees and changes what, personal data is encrypted at rest
// and every read is audited, duplicates are caught (by contact, passport, or name with birth date), search is
// accent-insensitive, CSV import reports lines, export is limited by role. On SQLite and PostgreSQL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "modules/citizens/citizens_service.hpp"
#include "support/ministry_test.hpp"

namespace chancery::citizens {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class CitizensServiceTest : public testing::MinistryTest {
 protected:
  void SetUp() override {
    MinistryTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    service_ = std::make_unique<CitizensService>(db(), clock(), *cipher_, *audit_, *authorizer_, *directory_);
    tokyo_ = Person("consul.jp", "EMB-JP", "consular_officer");
    berlin_ = Person("consul.de", "EMB-DE", "consular_officer");
    ambassador_ = Person("ambassador.jp", "EMB-JP", "head_of_mission");
  }

  static Profile Lan() {
    Profile profile;
    profile.full_name = "Nguyễn Thị Lan";
    profile.date_of_birth = "1990-04-12";
    profile.passport_number = "c 1234567";
    profile.email = " Lan.Nguyen@Example.JP ";
    profile.phone = "+81 90-1234-5678";
    profile.residence_country = "jp";
    profile.city = "Ōsaka";
    profile.address = "1-2-3 Namba, Chūō-ku";
    profile.location = GeoPoint{34.6655, 135.5013};
    profile.stays = {{"KR", "Seoul", "2026-12-20", "2026-12-27", "holiday"}};
    profile.household = {{"Trần Văn Minh", "spouse", "1988-01-02", ""}};
    profile.emergency_contacts = {{"Nguyễn Văn Hùng", "father", "+84 912 345 678", ""}};
    profile.language = "vi";
    return profile;
  }

  identity::ActionContext As(const Principal& principal) { return {&principal, "127.0.0.1", "test"}; }

  std::int64_t AuditCount(const std::string& action) {
    audit::AuditFilter filter;
    filter.action = action;
    filter.limit = 500;
    auto entries = audit_->Search(filter);
    EXPECT_TRUE(entries.ok());
    return entries.ok() ? static_cast<std::int64_t>(entries->size()) : -1;
  }

  std::unique_ptr<CitizensService> service_;
  Principal tokyo_;
  Principal berlin_;
  Principal ambassador_;
};
CHANCERY_DB_TEST_SUITE(CitizensServiceTest);

TEST_P(CitizensServiceTest, RegistersNormalisedAndEncryptedAndAuditsEveryRead) {
  auto created = service_->Create(Lan(), {{Channel::kZalo, true}, {Channel::kEmail, true}, {Channel::kSms, false}},
                                  DuplicatePolicy::kRefuse, As(tokyo_));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->profile.email, "lan.nguyen@example.jp");
  EXPECT_EQ(created->profile.phone, "+819012345678");
  EXPECT_EQ(created->profile.passport_number, "C1234567");
  EXPECT_EQ(created->profile.residence_country, "JP");
  EXPECT_EQ(created->profile.household, Lan().household);
  ASSERT_TRUE(created->profile.location);
  EXPECT_NEAR(created->profile.location->latitude, 34.6655, 1e-6);
  EXPECT_TRUE(created->Consented(Channel::kZalo));
  EXPECT_FALSE(created->Consented(Channel::kSms));
  EXPECT_THAT(created->reference, ::testing::MatchesRegex("CZ-[2-9A-Z]{8}"));

  // Nothing that identifies her is in the table in clear.
  std::string row;
  ASSERT_TRUE(db().Read("raw",
                        [&](storage::Transaction& t) -> Status {
                          auto rows = t.Query("SELECT * FROM citizens");
                          if (!rows.ok()) return rows.status();
                          for (std::size_t i = 0; i < rows->front().size(); ++i) row += rows->front().Text(i) + "|";
                          return Status::Ok();
                        })
                  .ok());
  for (const char* secret : {"Lan", "lan.nguyen", "8190", "C1234567", "Namba", "34.66", "Minh", "Hùng", "Seoul"}) {
    EXPECT_THAT(row, Not(HasSubstr(secret))) << secret;
  }
  const std::int64_t reads = AuditCount("citizen.read");
  ASSERT_TRUE(service_->Get(created->id, As(ambassador_)).ok());
  EXPECT_EQ(AuditCount("citizen.read"), reads + 1);
}

TEST_P(CitizensServiceTest, AnotherMissionNeitherSeesNorChangesThem) {
  auto created = service_->Create(Lan(), {}, DuplicatePolicy::kRefuse, As(tokyo_));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  auto page = service_->List(berlin_, {});
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->items.empty());
  EXPECT_EQ(page->total, 0);
  EXPECT_EQ(service_->Get(created->id, As(berlin_)).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(service_->Erase(created->id, As(berlin_)).code(), StatusCode::kNotFound);
  EXPECT_EQ(service_->List(berlin_, {.country = "JP"}).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(service_->Create(Lan(), {}, DuplicatePolicy::kRefuse, As(berlin_)).status().code(),
            StatusCode::kPermissionDenied);
  auto mine = service_->List(tokyo_, {});
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->items.size(), 1u);
  EXPECT_EQ(mine->items[0].full_name, "Nguyễn Thị Lan");
  EXPECT_EQ(mine->total, 1);
}

TEST_P(CitizensServiceTest, CatchesDuplicatesByContactPassportOrNameAndBirthDate) {
  ASSERT_TRUE(service_->Create(Lan(), {}, DuplicatePolicy::kRefuse, As(tokyo_)).ok());
  Profile same_email = Lan();
  same_email.phone = "+81 80 0000 0000";
  same_email.passport_number.clear();
  auto refused = service_->Create(same_email, {}, DuplicatePolicy::kRefuse, As(tokyo_));
  EXPECT_EQ(refused.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(refused.status().field(), "/email");

  Profile same_person = Lan();
  same_person.full_name = "NGUYEN THI LAN";  // the same name, folded
  same_person.email = "other@example.jp";
  same_person.phone = "+81 80 1111 1111";
  same_person.passport_number.clear();
  refused = service_->Create(same_person, {}, DuplicatePolicy::kRefuse, As(tokyo_));
  EXPECT_EQ(refused.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(refused.status().field(), "/full_name");
  EXPECT_TRUE(service_->Create(same_person, {}, DuplicatePolicy::kAllowSameNameAndBirthDate, As(tokyo_)).ok());
}

TEST_P(CitizensServiceTest, SearchIgnoresAccentsAndFindsExactContacts) {
  ASSERT_TRUE(service_->Create(Lan(), {}, DuplicatePolicy::kRefuse, As(tokyo_)).ok());
  Profile other = Lan();
  other.full_name = "Phạm Đức Anh";
  other.email = "anh@example.jp";
  other.phone = "+81 70 2222 3333";
  other.passport_number = "B7654321";
  other.date_of_birth = "1985-07-30";
  ASSERT_TRUE(service_->Create(other, {}, DuplicatePolicy::kRefuse, As(tokyo_)).ok());

  auto found = service_->List(tokyo_, {.query = "nguyen thi"});
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items[0].full_name, "Nguyễn Thị Lan");
  found = service_->List(tokyo_, {.query = "duc anh"});
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items[0].full_name, "Phạm Đức Anh");
  found = service_->List(tokyo_, {.query = "+81 70-2222-3333"});
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items[0].full_name, "Phạm Đức Anh");
  // Berlin finds nobody, even by an exact number.
  found = service_->List(berlin_, {.query = "+81 70-2222-3333"});
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->items.empty());
}

TEST_P(CitizensServiceTest, ImportsACsvReportingDuplicatesAndBadLines) {
  ASSERT_TRUE(service_->Create(Lan(), {}, DuplicatePolicy::kRefuse, As(tokyo_)).ok());
  const std::string csv =
      "full_name,date_of_birth,email,phone,residence_country,city,latitude,longitude,consents\n"
      "Lê Văn Tám,1979-03-03,tam@example.jp,,JP,Tokyo,35.68,139.76,email sms\n"
      "Nguyen Thi Lan,1990-04-12,lan2@example.jp,,JP,Osaka,,,\n"  // the same person as Lan
      "Hoàng Thu,2001-02-30,thu@example.jp,,JP,Nagoya,,,\n"       // no such date
      "Karl Müller,1970-01-01,karl@example.de,,DE,Berlin,,,\n"    // outside Tokyo's jurisdiction
      "Đỗ Hà,1999-09-09,ha@example.jp,,JP,Kyoto,35.0,,\n";        // a latitude without a longitude
  auto report = service_->ImportCsv(csv, As(tokyo_));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->created, 1);
  EXPECT_EQ(report->duplicates, 1);
  ASSERT_EQ(report->errors.size(), 3u);
  EXPECT_EQ(report->errors[0].line, 4);
  EXPECT_THAT(report->errors[0].message, HasSubstr("date_of_birth"));
  EXPECT_EQ(report->errors[1].line, 5);
  EXPECT_EQ(report->errors[2].line, 6);
  auto found = service_->List(tokyo_, {.query = "le van tam"});
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items[0].channels, (std::vector<Channel>{Channel::kSms, Channel::kEmail}));
}

TEST_P(CitizensServiceTest, ExportNeedsThePermissionAndIsAudited) {
  ASSERT_TRUE(service_->Create(Lan(), {{Channel::kEmail, true}}, DuplicatePolicy::kRefuse, As(tokyo_)).ok());
  EXPECT_EQ(service_->ExportCsv(std::nullopt, As(tokyo_)).status().code(), StatusCode::kPermissionDenied);
  auto csv = service_->ExportCsv(std::string("JP"), As(ambassador_));
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  EXPECT_THAT(*csv, HasSubstr("Nguyễn Thị Lan,1990-04-12,C1234567,lan.nguyen@example.jp"));
  EXPECT_EQ(AuditCount("citizen.exported"), 1);
}

TEST_P(CitizensServiceTest, ErasureLeavesATombstoneOnly) {
  auto created = service_->Create(Lan(), {{Channel::kEmail, true}}, DuplicatePolicy::kRefuse, As(tokyo_));
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(service_->Erase(created->id, As(tokyo_)).ok());
  EXPECT_EQ(service_->Get(created->id, As(tokyo_)).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(db().Read("raw",
                        [&](storage::Transaction& t) -> Status {
                          auto row = t.QueryOne(
                              "SELECT state, reference, full_name_encrypted, email_index, details_encrypted, "
                              "location_encrypted, residence_country, erased_at FROM citizens WHERE id = ?",
                              {created->id});
                          if (!row.ok()) return row.status();
                          EXPECT_EQ(row->Text(0), "erased");
                          EXPECT_EQ(row->Text(1), created->reference);
                          for (std::size_t i = 2; i <= 5; ++i) EXPECT_TRUE(row->IsNull(i)) << i;
                          EXPECT_EQ(row->Text(6), "");
                          EXPECT_GT(row->Int(7), 0);
                          auto consents = t.QueryOne("SELECT COUNT(*) FROM citizen_consents");
                          EXPECT_EQ(consents->Int(0), 0);
                          return Status::Ok();
                        })
                  .ok());
  EXPECT_EQ(AuditCount("citizen.erased"), 1);
  // The same person may register again.
  EXPECT_TRUE(service_->Create(Lan(), {}, DuplicatePolicy::kRefuse, As(tokyo_)).ok());
}

}  // namespace
}  // namespace chancery::citizens
