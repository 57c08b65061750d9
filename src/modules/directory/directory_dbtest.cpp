// DirectoryService on both engines, with the real identity service for staff and roster membership.
#include <gtest/gtest.h>

#include <set>

#include "core/crypto.hpp"
#include "modules/directory/directory_module.hpp"
#include "modules/identity/identity_service.hpp"
#include "support/db_test.hpp"

namespace chancery::directory {
namespace {

constexpr const char* kHeader =
    "code,parent_code,kind,name_en,name_vi,city,country,time_zone,languages,primary_countries,"
    "secondary_countries,latitude,longitude,address,phone,email,website\n";
constexpr const char* kSmallDirectory =
    "EMB-FR,MOFA,embassy,Embassy in France,Đại sứ quán tại Pháp,Paris,FR,Europe/Paris,vi;fr,FR;MC,,48.85,2.35,"
    ",,,\n"
    "MOFA,,ministry,Ministry,Bộ Ngoại giao,Hanoi,VN,Asia/Ho_Chi_Minh,vi;en,,,21.03,105.85,,,,\n"
    "EMB-DE,MOFA,embassy,Embassy in Germany,Đại sứ quán tại Đức,Berlin,DE,Europe/Berlin,vi;de,DE,,,,,,,\n";

class DirectoryTest : public testing::DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    ASSERT_TRUE(crypto::InitCrypto().ok());
    tree_ = std::make_shared<UnitTree>();
    audit_ = std::make_unique<audit::AuditLog>(db(), clock());
    authorizer_ = std::make_unique<identity::Authorizer>(tree_);
    crypto::KeyRing ring{"k1", {{"k1", std::string(32, 'k')}}, std::string(32, 'b')};
    cipher_ = std::make_unique<crypto::FieldCipher>(ring);
    identity_ = std::make_unique<identity::SqlIdentityService>(db(), clock(), *cipher_, *audit_, *authorizer_);
    module_ = std::make_unique<DirectoryModule>(db(), clock(), *audit_, *authorizer_, *identity_, tree_);
  }
  DirectoryService& service() { return module_->service(); }
  void ImportSmall() {
    Result<ImportReport> report = module_->ImportUnitsCsv(std::string(kHeader) + kSmallDirectory, {});
    ASSERT_TRUE(report.ok()) << report.status().ToString();
  }
  std::int64_t IdOf(const std::string& code) { return tree_->IdOfCode(code).value_or(0); }
  std::int64_t AuditCount(const std::string& action) {
    audit::AuditFilter filter;
    filter.action = action;
    auto entries = audit_->Search(filter);
    return entries.ok() ? static_cast<std::int64_t>(entries->size()) : -1;
  }
  std::int64_t AddUser(const std::string& username, const std::string& unit_code) {
    identity::NewUser user{username, "Name " + username, IdOf(unit_code), "Officer", username + "@example.org"};
    auto created = identity_->CreateUser(user, {});
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? created->id : 0;
  }

  std::shared_ptr<UnitTree> tree_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<identity::Authorizer> authorizer_;
  std::unique_ptr<crypto::FieldCipher> cipher_;
  std::unique_ptr<identity::SqlIdentityService> identity_;
  std::unique_ptr<DirectoryModule> module_;
};
CHANCERY_DB_TEST_SUITE(DirectoryTest);

TEST_P(DirectoryTest, ImportsTheRealDemoDirectory) {
  Result<ImportReport> report = module_->ImportUnitsCsv(DemoUnitsCsv(), {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->errors.empty());
  EXPECT_EQ(report->updated, 0);
  Result<std::vector<Unit>> units = service().ListUnits({});
  ASSERT_TRUE(units.ok());
  const auto missions =
      std::count_if(units->begin(), units->end(), [](const Unit& unit) { return IsMission(unit.kind); });
  EXPECT_GE(missions, 90);
  EXPECT_EQ(tree_->size(), units->size());
  ASSERT_TRUE(tree_->RootId());
  EXPECT_TRUE(tree_->IsHq(*tree_->RootId()));
  EXPECT_FALSE(tree_->IsHq(IdOf("EMB-FR")));
  // Every country hosting an embassy has its one primary mission (the unique index allows no second one).
  std::set<std::string> embassy_hosts;
  for (const Unit& unit : *units) {
    if (unit.kind == UnitKind::kEmbassy) embassy_hosts.insert(unit.country);
  }
  Result<std::vector<CountryInfo>> countries = service().ListCountries();
  ASSERT_TRUE(countries.ok());
  int with_primary = 0;
  for (const CountryInfo& country : *countries) {
    if (country.primary_mission_id) ++with_primary;
    if (embassy_hosts.contains(country.code)) {
      EXPECT_TRUE(country.primary_mission_id) << country.code << " hosts an embassy but has no primary mission";
    }
  }
  EXPECT_GE(with_primary, 80);
  EXPECT_EQ(AuditCount("directory.imported"), 1);
}

TEST_P(DirectoryTest, CreatesAndEditsWithValidation) {
  ImportSmall();
  UnitChanges changes;
  changes.code = "EMB-IT";
  changes.parent_id = IdOf("MOFA");
  changes.kind = UnitKind::kEmbassy;
  changes.name_en = "Embassy in Italy";
  changes.name_vi = "Đại sứ quán tại Ý";
  changes.city = "Rome";
  changes.country = "IT";
  changes.time_zone = "Europe/Roma";
  Result<Unit> bad_zone = service().CreateUnit(changes, {});
  ASSERT_FALSE(bad_zone.ok());
  EXPECT_EQ(bad_zone.status().field(), "/time_zone");
  changes.time_zone = "Europe/Rome";
  changes.country = "XI";
  EXPECT_EQ(service().CreateUnit(changes, {}).status().field(), "/country");
  changes.country = "IT";
  changes.parent_id = IdOf("EMB-FR");
  EXPECT_EQ(service().CreateUnit(changes, {}).status().field(), "/parent_id");
  changes.parent_id = IdOf("MOFA");
  changes.code = "EMB-FR";
  EXPECT_EQ(service().CreateUnit(changes, {}).status().code(), StatusCode::kAlreadyExists);
  changes.code = "EMB-IT";
  Result<Unit> created = service().CreateUnit(changes, {});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->region, "europe");
  EXPECT_TRUE(tree_->Exists(created->id));

  UnitChanges edit;
  edit.city = "Roma";
  edit.languages = std::vector<std::string>{"it", "vi"};
  Result<Unit> edited = service().UpdateUnit(created->id, edit, {});
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  EXPECT_EQ(edited->city, "Roma");
  EXPECT_EQ(edited->time_zone, "Europe/Rome");
  EXPECT_EQ(AuditCount("directory.unit_created"), 1);
  EXPECT_EQ(AuditCount("directory.unit_updated"), 1);
  EXPECT_EQ(service().UpdateUnit(999999, edit, {}).status().code(), StatusCode::kNotFound);
}

TEST_P(DirectoryTest, KeepsOnePrimaryMissionPerCountry) {
  ImportSmall();
  UnitChanges changes;
  changes.jurisdiction = std::vector<Jurisdiction>{{"DE", false}, {"FR", true}};
  Result<Unit> taken = service().UpdateUnit(IdOf("EMB-DE"), changes, {});
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.status().code(), StatusCode::kConflict);
  EXPECT_NE(taken.status().message().find("EMB-FR"), std::string::npos) << taken.status().message();
  changes.jurisdiction = std::vector<Jurisdiction>{{"DE", true}, {"FR", false}};
  ASSERT_TRUE(service().UpdateUnit(IdOf("EMB-DE"), changes, {}).ok());
  // Once EMB-FR gives France up, EMB-DE may take it.
  UnitChanges release;
  release.jurisdiction = std::vector<Jurisdiction>{{"MC", true}};
  ASSERT_TRUE(service().UpdateUnit(IdOf("EMB-FR"), release, {}).ok());
  changes.jurisdiction = std::vector<Jurisdiction>{{"DE", true}, {"FR", true}};
  ASSERT_TRUE(service().UpdateUnit(IdOf("EMB-DE"), changes, {}).ok());
  auto countries = service().ListCountries();
  ASSERT_TRUE(countries.ok());
  for (const CountryInfo& country : *countries) {
    if (country.code == "FR") {
      EXPECT_EQ(country.primary_mission_id, IdOf("EMB-DE"));
    }
  }
}

TEST_P(DirectoryTest, ExportImportsBackUnchanged) {
  ASSERT_TRUE(module_->ImportUnitsCsv(DemoUnitsCsv(), {}).ok());
  Result<std::string> first = service().ExportCsv({});
  ASSERT_TRUE(first.ok());
  Result<ImportReport> again = module_->ImportUnitsCsv(*first, {});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(static_cast<std::size_t>(again->updated), tree_->size());
  Result<std::string> second = service().ExportCsv({});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(AuditCount("directory.exported"), 2);
}

TEST_P(DirectoryTest, ImportIsAllOrNothingUnlessPartial) {
  const std::string csv =
      std::string(kHeader) + kSmallDirectory + "EMB-XX,MOFA,embassy,Bad,Bad,Nowhere,FR,Mars/Olympus,fr,,,,,,,,\n";
  Result<ImportReport> strict = service().ImportCsv(csv, ImportMode::kAllOrNothing, {});
  ASSERT_TRUE(strict.ok());
  EXPECT_FALSE(strict->committed);
  ASSERT_EQ(strict->errors.size(), 1u);
  EXPECT_EQ(strict->errors[0].line, 5);
  EXPECT_EQ(tree_->size(), 0u);
  Result<ImportReport> partial = service().ImportCsv(csv, ImportMode::kPartial, {});
  ASSERT_TRUE(partial.ok());
  EXPECT_TRUE(partial->committed);
  EXPECT_EQ(partial->created, 3);
  EXPECT_EQ(partial->errors.size(), 1u);
  EXPECT_EQ(tree_->size(), 3u);
  EXPECT_EQ(tree_->ParentOf(IdOf("EMB-FR")), IdOf("MOFA"));
}

TEST_P(DirectoryTest, SearchesAccentInsensitively) {
  ImportSmall();
  auto found = service().ListUnits(UnitFilter{"dai su quan tai phap"});
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().code, "EMB-FR");
  UnitFilter by_country;
  by_country.country = "mc";
  found = service().ListUnits(by_country);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  UnitFilter by_region;
  by_region.region = "europe";
  EXPECT_EQ(service().ListUnits(by_region)->size(), 2u);
}

TEST_P(DirectoryTest, ValidatesRostersAndAnswersWhoIsOnCall) {
  ImportSmall();
  const std::int64_t anh = AddUser("anh.nguyen", "EMB-FR");
  const std::int64_t binh = AddUser("binh.tran", "EMB-FR");
  const std::int64_t outsider = AddUser("chi.le", "EMB-DE");
  const std::int64_t hour = 3600 * 1000;
  const std::int64_t start = testing::DbTest::kStartMs;
  const std::int64_t unit = IdOf("EMB-FR");
  auto replace = [&](std::vector<RosterEntry> entries) { return service().ReplaceRoster(unit, entries, {}); };
  EXPECT_EQ(replace({{0, outsider, "", RosterRole::kPrimary, start, start + hour}}).status().field(),
            "/entries/0/user_id");
  EXPECT_EQ(replace({{0, anh, "", RosterRole::kPrimary, start, start}}).status().field(), "/entries/0/ends_at");
  EXPECT_FALSE(replace({{0, anh, "", RosterRole::kPrimary, start, start + 8 * hour},
                        {0, binh, "", RosterRole::kPrimary, start + 4 * hour, start + 12 * hour}})
                   .ok());
  auto stored = replace({{0, anh, "", RosterRole::kPrimary, start, start + 8 * hour},
                         {0, binh, "", RosterRole::kBackup, start, start + 8 * hour},
                         {0, binh, "", RosterRole::kPrimary, start + 8 * hour, start + 16 * hour}});
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(stored->size(), 3u);

  clock().Set(start + 2 * hour);
  Result<OnCall> now = service().OnCallAt(unit);
  ASSERT_TRUE(now.ok()) << now.status().ToString();
  ASSERT_EQ(now->entries.size(), 2u);
  EXPECT_EQ(now->entries[0].user_id, anh);
  EXPECT_EQ(now->entries[0].display_name, "Name anh.nguyen");
  EXPECT_EQ(now->entries[1].role, RosterRole::kBackup);
  EXPECT_EQ(now->time_zone, "Europe/Paris");
  EXPECT_EQ(now->local_time, "2026-01-01T03:00:00+01:00");
  clock().Set(start + 9 * hour);
  now = service().OnCallAt(unit);
  ASSERT_TRUE(now.ok());
  ASSERT_EQ(now->entries.size(), 1u);
  EXPECT_EQ(now->entries[0].user_id, binh);
  EXPECT_TRUE(service().OnCallAt(unit, start + 20 * hour)->entries.empty());

  auto staff = service().ListStaff(unit, {});
  ASSERT_TRUE(staff.ok()) << staff.status().ToString();
  EXPECT_EQ(staff->size(), 2u);
  EXPECT_EQ(AuditCount("personal_data.read"), 1);
}

}  // namespace
}  // namespace chancery::directory
