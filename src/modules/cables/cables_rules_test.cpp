// The cable rules without a database: what a sendable cable is and when clearance is complete.
#include "modules/cables/cables_rules.hpp"

#include <gtest/gtest.h>

namespace chancery::cables {
namespace {

Cable Sendable() {
  Cable cable;
  cable.id = 3;
  cable.subject = "Flooding in the Mekong delta";
  cable.body = "Situation report.";
  cable.addressees = {{.role = AddresseeRole::kAction, .kind = AddresseeKind::kUnit, .unit_id = 20}};
  return cable;
}

TEST(CablesRulesTest, ASendableCableNeedsSubjectBodyAndAnActionAddressee) {
  EXPECT_TRUE(ValidateContent(Sendable()).ok());
  Cable blank = Sendable();
  blank.subject = "  ";
  EXPECT_EQ(ValidateContent(blank).field(), "/subject");
  Cable info_only = Sendable();
  info_only.addressees[0].role = AddresseeRole::kInfo;
  EXPECT_EQ(ValidateContent(info_only).field(), "/addressees");
  Cable twice = Sendable();
  twice.addressees.push_back(twice.addressees[0]);
  EXPECT_EQ(ValidateContent(twice).field(), "/addressees/1");
  Cable niact_info = Sendable();
  niact_info.addressees.push_back(
      {.role = AddresseeRole::kInfo, .kind = AddresseeKind::kUnit, .unit_id = 21, .niact = true});
  EXPECT_EQ(ValidateContent(niact_info).field(), "/addressees/1/niact");
  Cable bad_region = Sendable();
  bad_region.addressees.push_back({.kind = AddresseeKind::kCollective, .collective = "region:atlantis"});
  EXPECT_EQ(ValidateContent(bad_region).field(), "/addressees/1/collective");
  Cable self_reference = Sendable();
  self_reference.references = {3};
  EXPECT_EQ(ValidateContent(self_reference).field(), "/references/0");
  Cable bad_tag = Sendable();
  bad_tag.tags = {"ok", "not ok"};
  EXPECT_EQ(ValidateContent(bad_tag).field(), "/tags/1");
}

TEST(CablesRulesTest, ClearanceFollowsTheRuleAndCollectivesNeedHq) {
  Cable cable = Sendable();
  EXPECT_FALSE(ClearanceComplete(cable)) << "no clearers, no clearance";
  cable.clearers = {{.user_id = 1}, {.user_id = 2}};
  cable.clearance_rule = ClearanceRule::kAll;
  cable.clearers[0].decision = ClearanceDecision::kCleared;
  EXPECT_FALSE(ClearanceComplete(cable));
  cable.clearance_rule = ClearanceRule::kAny;
  EXPECT_TRUE(ClearanceComplete(cable));
  cable.addressees.push_back({.kind = AddresseeKind::kCollective, .collective = std::string(kAllMissions)});
  EXPECT_TRUE(NeedsHqClearance(cable));
  EXPECT_FALSE(ClearanceComplete(cable)) << "a collective needs an HQ clearer among those who cleared";
  cable.clearers[1].hq = true;
  EXPECT_FALSE(ClearanceComplete(cable));
  cable.clearers[1].decision = ClearanceDecision::kCleared;
  EXPECT_TRUE(ClearanceComplete(cable));
}

TEST(CablesRulesTest, ReferencesAndNamesAreStable) {
  EXPECT_EQ(FormatReference("EMB-FR", 2026, 42), "EMB-FR-2026-000042");
  EXPECT_EQ(ParsePrecedence("flash"), Precedence::kFlash);
  EXPECT_EQ(ParsePrecedence("FLASH"), std::nullopt);
  EXPECT_STREQ(CableStateName(CableState::kInClearance), "in_clearance");
  AckDeadlines deadlines;
  EXPECT_EQ(deadlines.For(Precedence::kFlash), 10 * 60 * 1000);
  EXPECT_EQ(deadlines.For(Precedence::kRoutine), 0);
}

}  // namespace
}  // namespace chancery::cables
