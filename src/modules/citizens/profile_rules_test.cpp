// Normal forms and checks of what a registration holds.
#include "modules/citizens/profile_rules.hpp"

#include <gtest/gtest.h>

namespace chancery::citizens {
namespace {

TEST(ProfileRulesTest, NormalisesPhonesAndRejectsWhatIsNotAPhone) {
  EXPECT_EQ(*NormalisePhone("0084 912-345-678"), "+84912345678");
  EXPECT_EQ(*NormalisePhone("+1 (202) 555-0143"), "+12025550143");
  EXPECT_FALSE(NormalisePhone("0912345678").ok());  // a national number: which country?
  EXPECT_FALSE(NormalisePhone("+84 91x").ok());
  EXPECT_FALSE(NormalisePhone("+1234").ok());
  EXPECT_TRUE(IsIsoDate("2024-02-29"));
  EXPECT_FALSE(IsIsoDate("2023-02-29"));
  EXPECT_FALSE(IsIsoDate("2023-2-09"));
}

TEST(ProfileRulesTest, ARegistrationNeedsANameACountryAndAWayToReachThePerson) {
  Profile profile;
  profile.full_name = "Lan";
  profile.residence_country = "JP";
  Status status = NormaliseAndValidate(profile);
  EXPECT_EQ(status.field(), "/email");
  profile.email = "lan@example.jp";
  EXPECT_TRUE(NormaliseAndValidate(profile).ok());
  profile.residence_country = "XX";
  EXPECT_EQ(NormaliseAndValidate(profile).field(), "/residence_country");
  profile.residence_country = "JP";
  profile.stays = {{"KR", "Seoul", "2026-12-20", "2026-12-01", ""}};
  EXPECT_EQ(NormaliseAndValidate(profile).field(), "/stays/0/to");
  profile.stays.clear();
  profile.location = GeoPoint{91, 0};
  EXPECT_EQ(NormaliseAndValidate(profile).field(), "/location");
}

}  // namespace
}  // namespace chancery::citizens
