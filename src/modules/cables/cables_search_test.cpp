// The search text and query words without a database: folding makes "ha noi" meet "Hà Nội", and query syntax
// never survives into FTS5 or tsquery.
#include <gtest/gtest.h>

#include "modules/cables/cables_search.hpp"
#include "modules/cables/cables_search_store.hpp"
#include "modules/directory/text_fold.hpp"

namespace chancery::cables {
namespace {

TEST(CablesSearchTest, FoldedTextMeetsUnaccentedQueries) {
  Cable cable;
  cable.reference = "EMB-FR-2026-000007";
  cable.subject = "Đoàn công tác tới HÀ NỘI";
  cable.tags = {"VISIT"};
  cable.body = "Lịch làm việc.";
  const std::string folded = FoldedCableText(cable);
  for (const char* word : {"doan", "ha", "noi", "visit", "lich", "emb", "000007"}) {
    const std::vector<std::string> tokens = SearchTokens(folded);
    EXPECT_NE(std::find(tokens.begin(), tokens.end(), word), tokens.end()) << word << " in " << folded;
  }
  EXPECT_EQ(SearchTokens(directory::FoldForSearch("Hà  Nội")), (std::vector<std::string>{"ha", "noi"}));
}

TEST(CablesSearchTest, QuerySyntaxIsDropped) {
  EXPECT_EQ(SearchTokens(directory::FoldForSearch("\"ha noi\" OR x* NEAR(a b) & !c:*")),
            (std::vector<std::string>{"ha", "noi", "or", "x", "near", "a", "b", "c"}));
  EXPECT_TRUE(SearchTokens("'); -- ").empty());
  EXPECT_EQ(SearchTokens(std::string(30, 'a') + " b c d e f g h i j k l m n o p q r s t u v w x y z").size(), 20u)
      << "at most 20 words";
}

}  // namespace
}  // namespace chancery::cables
