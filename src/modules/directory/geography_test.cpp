#include <gtest/gtest.h>

#include "modules/directory/geography.hpp"
#include "modules/directory/regions.hpp"

namespace chancery::directory {
namespace {

TEST(RegionsTest, EveryIsoCountryHasARegion) {
  ASSERT_GT(IsoCountries().size(), 240u);
  for (const std::string& code : IsoCountries()) {
    EXPECT_TRUE(RegionOfCountry(code).has_value()) << code << " has no region";
  }
}

TEST(RegionsTest, MapsCountriesAsTheMinistryGroupsThem) {
  EXPECT_EQ(RegionOfCountry("VN"), "asia");
  EXPECT_EQ(RegionOfCountry("JP"), "asia");
  EXPECT_EQ(RegionOfCountry("FR"), "europe");
  EXPECT_EQ(RegionOfCountry("RU"), "europe");
  EXPECT_EQ(RegionOfCountry("US"), "americas");
  EXPECT_EQ(RegionOfCountry("BR"), "americas");
  EXPECT_EQ(RegionOfCountry("ZA"), "africa");
  EXPECT_EQ(RegionOfCountry("AU"), "oceania");
  EXPECT_EQ(RegionOfCountry("SA"), "middle_east");
  EXPECT_EQ(RegionOfCountry("AE"), "middle_east");
  EXPECT_FALSE(RegionOfCountry("ZZ").has_value());
  EXPECT_FALSE(RegionOfCountry("fr").has_value());
  EXPECT_FALSE(RegionOfCountry("").has_value());
}

TEST(RegionsTest, PermanentMissionsAreInternational) {
  EXPECT_EQ(RegionOfUnit(UnitKind::kPermanentMission, "US"), "international");
  EXPECT_EQ(RegionOfUnit(UnitKind::kEmbassy, "US"), "americas");
  EXPECT_EQ(RegionOfUnit(UnitKind::kMinistry, "VN"), "asia");
  for (std::string_view region : Regions()) EXPECT_FALSE(region.empty());
}

TEST(GeographyTest, KnowsIsoCountriesAndTheirNames) {
  EXPECT_TRUE(IsIsoCountry("VN"));
  EXPECT_TRUE(IsIsoCountry("SS"));
  EXPECT_FALSE(IsIsoCountry("XX"));
  EXPECT_FALSE(IsIsoCountry("vn"));
  EXPECT_FALSE(IsIsoCountry("VNM"));
  EXPECT_EQ(CountryName("FR", "en"), "France");
  EXPECT_EQ(CountryName("FR", "vi"), "Pháp");
  EXPECT_EQ(CountryName("DE", "vi"), "Đức");
}

TEST(GeographyTest, ValidatesIanaTimeZones) {
  EXPECT_TRUE(IsTimeZone("Asia/Ho_Chi_Minh"));
  EXPECT_TRUE(IsTimeZone("Europe/Paris"));
  EXPECT_TRUE(IsTimeZone("America/Argentina/Buenos_Aires"));
  EXPECT_FALSE(IsTimeZone("Mars/Olympus_Mons"));
  EXPECT_FALSE(IsTimeZone(""));
  EXPECT_FALSE(IsTimeZone("Europe/paris "));
}

TEST(GeographyTest, GivesLocalTimeWithOffset) {
  const std::int64_t new_year_utc = 1767225600000;  // 2026-01-01T00:00:00Z
  EXPECT_EQ(LocalIsoTime("Asia/Ho_Chi_Minh", new_year_utc), "2026-01-01T07:00:00+07:00");
  EXPECT_EQ(LocalIsoTime("America/New_York", new_year_utc), "2025-12-31T19:00:00-05:00");
  EXPECT_EQ(LocalIsoTime("Asia/Kolkata", new_year_utc), "2026-01-01T05:30:00+05:30");
  // Summer time in Paris.
  EXPECT_EQ(LocalIsoTime("Europe/Paris", 1782864000000), "2026-07-01T02:00:00+02:00");
}

}  // namespace
}  // namespace chancery::directory
