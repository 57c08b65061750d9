#include "modules/directory/directory_json.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "modules/directory/unit_csv.hpp"

namespace chancery::directory {
namespace {

TEST(ParseIsoTimeTest, ReadsUtcAndOffsets) {
  EXPECT_EQ(ParseIsoTime("2026-01-01T00:00:00Z"), 1767225600000);
  EXPECT_EQ(ParseIsoTime("2026-01-01T00:00:00.250Z"), 1767225600250);
  EXPECT_EQ(ParseIsoTime("2026-01-01T07:00:00+07:00"), 1767225600000);
  EXPECT_EQ(ParseIsoTime("2025-12-31T19:00:00-05:00"), 1767225600000);
  EXPECT_FALSE(ParseIsoTime("2026-01-01 00:00:00Z"));
  EXPECT_FALSE(ParseIsoTime("2026-01-01T00:00:00"));
  EXPECT_FALSE(ParseIsoTime("2026-04-31T00:00:00Z"));
  EXPECT_FALSE(ParseIsoTime("2026-13-01T00:00:00Z"));
  EXPECT_FALSE(ParseIsoTime("yesterday"));
}

TEST(ParseUnitChangesTest, NamesTheFieldAtFault) {
  Result<UnitChanges> unknown = ParseUnitChanges(boost::json::parse(R"({"nmae_en":"x"})").as_object());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().field(), "/nmae_en");
  Result<UnitChanges> bad_kind = ParseUnitChanges(boost::json::parse(R"({"kind":"palace"})").as_object());
  ASSERT_FALSE(bad_kind.ok());
  EXPECT_EQ(bad_kind.status().field(), "/kind");
  Result<UnitChanges> bad_primary =
      ParseUnitChanges(boost::json::parse(R"({"jurisdiction":[{"country":"FR","primary":"yes"}]})").as_object());
  ASSERT_FALSE(bad_primary.ok());
  EXPECT_EQ(bad_primary.status().field(), "/jurisdiction/0/primary");
}

TEST(ParseUnitChangesTest, DistinguishesAbsentFromNull) {
  Result<UnitChanges> changes =
      ParseUnitChanges(boost::json::parse(R"({"latitude":null,"city":"Lyon","languages":["fr","vi"]})").as_object());
  ASSERT_TRUE(changes.ok()) << changes.status().ToString();
  ASSERT_TRUE(changes->latitude.has_value());
  EXPECT_FALSE(changes->latitude->has_value());
  EXPECT_FALSE(changes->longitude.has_value());
  EXPECT_EQ(changes->city, "Lyon");
  EXPECT_EQ(changes->languages, (std::vector<std::string>{"fr", "vi"}));
}

TEST(UnitCsvTest, RejectsAWrongHeaderAndReportsBadLines) {
  EXPECT_FALSE(ParseUnitsCsv("code,name\nA,B\n").ok());
  const std::string header =
      "code,parent_code,kind,name_en,name_vi,city,country,time_zone,languages,primary_countries,"
      "secondary_countries,latitude,longitude,address,phone,email,website\n";
  Result<ParsedUnitCsv> parsed =
      ParseUnitsCsv(header +
                    "EMB-X,MOFA,palace,a,b,c,FR,Europe/Paris,fr,,,,,,,,\n"
                    "EMB-Y,MOFA,embassy,a,b,c,FR,Europe/Paris,fr,FR; MC,,north,,,,,\n"
                    "EMB-Z,MOFA,embassy,a,b,c,FR,Europe/Paris,fr;en,FR;MC,BE,48.5,2.25,,,,\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->errors.size(), 2u);
  EXPECT_EQ(parsed->errors[0].line, 2);
  EXPECT_EQ(parsed->errors[1].line, 3);
  ASSERT_EQ(parsed->rows.size(), 1u);
  const UnitChanges& changes = parsed->rows[0].changes;
  EXPECT_EQ(parsed->rows[0].line, 4);
  EXPECT_EQ(changes.languages, (std::vector<std::string>{"fr", "en"}));
  ASSERT_EQ(changes.jurisdiction->size(), 3u);
  EXPECT_EQ((*changes.jurisdiction)[2], (Jurisdiction{"BE", false}));
  EXPECT_EQ(**changes.latitude, 48.5);
}

}  // namespace
}  // namespace chancery::directory
