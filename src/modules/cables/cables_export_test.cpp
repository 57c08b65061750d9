// A cable as plain text: banners, routing lines, the clearance record, files with their digests, then the text.
#include "modules/cables/cables_export.hpp"

#include <gtest/gtest.h>

namespace chancery::cables {
namespace {

TEST(CableExportTest, LaysOutATransmittedCableLikeAPaperCable) {
  Cable cable{
      .id = 7,
      .reference = "EMB-FR-2026-000012",
      .originating_unit_id = 1,
      .drafter_user_id = 10,
      .subject = "Tình hình lãnh sự tại Lyon",
      .body = "## Tóm tắt\nBa công dân nhập viện.",
      .tags = {"CASC", "consular"},
      .precedence = Precedence::kImmediate,
      .classification = Classification::kRestricted,
      .captions = {Caption::kExdis},
      .addressees = {{.role = AddresseeRole::kAction, .kind = AddresseeKind::kUnit, .unit_id = 2, .niact = true},
                     {.role = AddresseeRole::kInfo, .kind = AddresseeKind::kList, .list_id = 5},
                     {.role = AddresseeRole::kInfo, .kind = AddresseeKind::kUser, .user_id = 12, .via_list_id = 5}},
      .references = {3},
      .clearers = {{.user_id = 11, .decision = ClearanceDecision::kCleared, .decided_at_ms = 1'795'000'000'000}},
      .state = CableState::kTransmitted,
      .released_by = 13,
      .released_at_ms = 1'795'000'600'000};
  cable.attachments.push_back(
      {.id = 4, .filename = "báo cáo.pdf", .media_type = "application/pdf", .size_bytes = 2048, .sha256 = "ab12"});
  const ExportNames names{
      .unit = [](std::int64_t id) { return id == 1 ? std::string("EMB-FR") : std::string("EMB-DE"); },
      .user = [](std::int64_t id) { return "User " + std::to_string(id); },
      .list = [](std::int64_t) { return std::string("Schengen cell"); },
      .cable = [](std::int64_t) { return std::string("EMB-FR-2026-000001"); }};
  const std::string text = CableAsText(cable, names, 1'795'001'000'000, "Auditor (auditor.hq)");
  EXPECT_TRUE(text.starts_with("RESTRICTED EXDIS\n")) << text;
  EXPECT_TRUE(text.ends_with("RESTRICTED EXDIS\n")) << text;
  EXPECT_NE(text.find("EMB-FR-2026-000012"), std::string::npos);
  EXPECT_NE(text.find("IMMEDIATE\n"), std::string::npos);
  EXPECT_NE(text.find("FROM:     EMB-FR\n"), std::string::npos) << text;
  EXPECT_NE(text.find("ACTION:   EMB-DE NIACT\n"), std::string::npos) << text;
  EXPECT_NE(text.find("INFO:     LIST \"Schengen cell\"; User 12 (via list \"Schengen cell\")\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("SUBJECT:  Tình hình lãnh sự tại Lyon\n"), std::string::npos);
  EXPECT_NE(text.find("TAGS:     CASC, consular\n"), std::string::npos);
  EXPECT_NE(text.find("REF:      EMB-FR-2026-000001\n"), std::string::npos);
  EXPECT_NE(text.find("CLEARED:  User 11, "), std::string::npos);
  EXPECT_NE(text.find("RELEASED: User 13, "), std::string::npos);
  EXPECT_NE(text.find("ATTACHED: báo cáo.pdf (2 KB, application/pdf, SHA-256 ab12)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Ba công dân nhập viện.\n"), std::string::npos);
  EXPECT_NE(text.find("Exported "), std::string::npos);
  EXPECT_LT(text.find("RELEASED:"), text.find("## Tóm tắt"));
}

TEST(CableExportTest, ADraftSaysSoAndLongAddresseeListsWrap) {
  Cable cable{.id = 9, .originating_unit_id = 1, .subject = "S", .state = CableState::kInClearance};
  for (int i = 0; i < 12; ++i) {
    cable.addressees.push_back({.role = AddresseeRole::kAction, .kind = AddresseeKind::kUnit, .unit_id = 100 + i});
  }
  const ExportNames names{.unit = [](std::int64_t id) { return "EMB-" + std::to_string(id); },
                          .user = [](std::int64_t) { return std::string("Someone"); },
                          .list = [](std::int64_t) { return std::string(); },
                          .cable = [](std::int64_t) { return std::string(); }};
  const std::string text = CableAsText(cable, names, 0, "x");
  EXPECT_NE(text.find("DRAFT 9 (IN_CLEARANCE)"), std::string::npos) << text;
  EXPECT_EQ(text.find("DATE:"), std::string::npos);
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    EXPECT_LE(end - start, 72u) << text.substr(start, end - start);
    start = end + 1;
  }
  EXPECT_NE(text.find("\n          EMB-"), std::string::npos) << "continuation lines are indented\n" << text;
}

}  // namespace
}  // namespace chancery::cables
