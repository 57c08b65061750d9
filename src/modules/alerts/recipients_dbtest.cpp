// The recipient index catching up with the registry on both engines: new, changed and erased registrations are
// seen, and so is a change committed late with an updated_at earlier than what the previous catch-up read.
#include <gtest/gtest.h>

#include "modules/alerts/recipients.hpp"
#include "modules/citizens/citizens_service.hpp"
#include "support/ministry_test.hpp"

namespace chancery::alerts {
namespace {

class RecipientsTest : public testing::MinistryTest {
 protected:
  void SetUp() override {
    MinistryTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    citizens_ =
        std::make_unique<citizens::CitizensService>(db(), clock(), *cipher_, *audit_, *authorizer_, *directory_);
    consul_ = Person("consul.jp", "EMB-JP", "consular_officer");
  }

  std::int64_t Register(const std::string& name) {
    citizens::Profile profile;
    profile.full_name = name;
    profile.email = name + "@example.jp";
    profile.residence_country = "JP";
    profile.location = citizens::GeoPoint{35.68, 139.69};
    auto created = citizens_->Create(profile, {{citizens::Channel::kEmail, true}}, citizens::DuplicatePolicy::kRefuse,
                                     {&consul_, "127.0.0.1", "test"});
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? created->id : 0;
  }

  // Everyone the index holds in Japan.
  std::vector<std::int64_t> InJapan(const Recipients& recipients) {
    Area japan;
    japan.countries.push_back(*CountryCode::Parse("JP"));
    return recipients.index().Select(japan);
  }

  std::unique_ptr<citizens::CitizensService> citizens_;
  Principal consul_;
};
CHANCERY_DB_TEST_SUITE(RecipientsTest);

TEST_P(RecipientsTest, AChangeCommittedLateWithAnEarlierTimeIsStillSeen) {
  Recipients recipients(db(), citizens_->store(), clock());
  const std::int64_t an = Register("an");
  ASSERT_TRUE(recipients.CatchUp().ok());
  EXPECT_EQ(InJapan(recipients), std::vector<std::int64_t>{an});

  // A registration whose transaction took its time 30 s ago and commits only now, after the catch-up above read a
  // later change.
  const std::int64_t now = clock().NowMs();
  clock().Set(now - 30'000);
  const std::int64_t binh = Register("binh");
  clock().Set(now + 1'000);
  ASSERT_TRUE(recipients.CatchUp().ok());
  EXPECT_EQ(InJapan(recipients), (std::vector<std::int64_t>{an, binh}));

  // Long after, with nothing new, and then with new registrations and an erasure.
  clock().Advance(10 * 60'000);
  ASSERT_TRUE(recipients.CatchUp().ok());
  EXPECT_EQ(InJapan(recipients), (std::vector<std::int64_t>{an, binh}));
  const std::int64_t chi = Register("chi");
  ASSERT_TRUE(citizens_->Erase(an, {&consul_, "127.0.0.1", "test"}).ok());
  ASSERT_TRUE(recipients.CatchUp().ok());
  EXPECT_EQ(InJapan(recipients), (std::vector<std::int64_t>{binh, chi}));

  // Another node loading everything at once sees the same.
  Recipients other(db(), citizens_->store(), clock());
  ASSERT_TRUE(other.CatchUp().ok());
  EXPECT_EQ(InJapan(other), (std::vector<std::int64_t>{binh, chi}));
}

}  // namespace
}  // namespace chancery::alerts
