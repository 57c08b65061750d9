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

  std::int64_t Register(const std::string& name, std::string phone = "") {
    citizens::Profile profile;
    profile.full_name = name;
    profile.email = name + "@example.jp";
    profile.phone = std::move(phone);
    profile.residence_country = "JP";
    profile.location = citizens::GeoPoint{35.68, 139.69};
    auto created = citizens_->Create(profile, {{citizens::Channel::kEmail, true}, {citizens::Channel::kSms, true}},
                                     citizens::DuplicatePolicy::kRefuse, {&consul_, "127.0.0.1", "test"});
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

TEST_P(RecipientsTest, ARoundsRecipientsAreReadAtOnceAsTheRegistryHoldsThemNow) {
  const std::int64_t an = Register("an", "+819012345678");
  const std::int64_t binh = Register("binh", "+819087654321");
  const std::int64_t chi = Register("chi");
  // After the plans were made: binh withdraws SMS consent, chi's registration is erased.
  ASSERT_TRUE(citizens_->SetConsent(binh, {citizens::Channel::kSms, false}, {&consul_, "127.0.0.1", "test"}).ok());
  ASSERT_TRUE(citizens_->Erase(chi, {&consul_, "127.0.0.1", "test"}).ok());

  // A round with an in two alerts, binh, chi and someone never registered, in that order.
  std::vector<delivery::ClaimedDelivery> round;
  for (const auto& [campaign, citizen] : std::vector<std::pair<std::string, std::int64_t>>{
           {"alert:1", an}, {"alert:1", binh}, {"alert:1", chi}, {"alert:2", an}, {"alert:2", 999'999}}) {
    round.push_back({.id = static_cast<std::int64_t>(round.size() + 1), .campaign = campaign, .citizen_id = citizen});
  }
  std::vector<const delivery::ClaimedDelivery*> deliveries;
  for (const delivery::ClaimedDelivery& delivery : round) deliveries.push_back(&delivery);
  auto recipients = RegistryRecipients(db(), citizens_->store(), deliveries);
  ASSERT_TRUE(recipients.ok()) << recipients.status().ToString();
  ASSERT_EQ(recipients->size(), 5u);
  for (std::size_t i : {0u, 3u}) {
    const auto& recipient = (*recipients)[i];
    ASSERT_TRUE(recipient.has_value()) << i;
    EXPECT_EQ(recipient->citizen_id, an);
    EXPECT_EQ(recipient->email, "an@example.jp");
    EXPECT_EQ(recipient->phone, "+819012345678");
    EXPECT_EQ(recipient->usable, (std::vector{delivery::Channel::kSms, delivery::Channel::kEmail}));
  }
  ASSERT_TRUE((*recipients)[1].has_value());
  EXPECT_EQ((*recipients)[1]->email, "binh@example.jp");
  EXPECT_EQ((*recipients)[1]->usable, std::vector{delivery::Channel::kEmail});
  EXPECT_FALSE((*recipients)[2].has_value());
  EXPECT_FALSE((*recipients)[4].has_value());
}

}  // namespace
}  // namespace chancery::alerts
