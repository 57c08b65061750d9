#include "modules/directory/text_fold.hpp"

#include <gtest/gtest.h>

namespace chancery::directory {
namespace {

TEST(FoldForSearchTest, RemovesVietnameseDiacritics) {
  EXPECT_EQ(FoldForSearch("Hà Nội"), "ha noi");
  EXPECT_EQ(FoldForSearch("Thành phố Hồ Chí Minh"), "thanh pho ho chi minh");
  EXPECT_EQ(FoldForSearch("Đại sứ quán Việt Nam tại Pháp"), "dai su quan viet nam tai phap");
  EXPECT_EQ(FoldForSearch("Nguyễn Thị Ánh Tuyết"), "nguyen thi anh tuyet");
  EXPECT_EQ(FoldForSearch("Bắc Ninh, Quảng Ngãi, Thừa Thiên Huế"), "bac ninh, quang ngai, thua thien hue");
}

TEST(FoldForSearchTest, FoldsDStrokeAndCaseInBothForms) {
  EXPECT_EQ(FoldForSearch("ĐÀ NẴNG"), "da nang");
  EXPECT_EQ(FoldForSearch("đà nẵng"), "da nang");
  EXPECT_EQ(FoldForSearch("Ơ Ư Ă Â Ê Ô"), "o u a a e o");
}

TEST(FoldForSearchTest, PrecomposedAndDecomposedInputFoldAlike) {
  const std::string precomposed = "Vi\xE1\xBB\x87t";      // "Việt" with U+1EC7
  const std::string decomposed = "Vie\xCC\xA3\xCC\x82t";  // e + combining dot below + combining circumflex
  EXPECT_EQ(FoldForSearch(precomposed), "viet");
  EXPECT_EQ(FoldForSearch(decomposed), "viet");
}

TEST(FoldForSearchTest, CollapsesWhitespaceAndHandlesAscii) {
  EXPECT_EQ(FoldForSearch("  Hanoi \t  Office  "), "hanoi office");
  EXPECT_EQ(FoldForSearch("  Hà   Nội  "), "ha noi");
  EXPECT_EQ(FoldForSearch(""), "");
  EXPECT_EQ(FoldForSearch("EMB-FR"), "emb-fr");
}

TEST(FoldForSearchTest, OtherLanguagesLoseOnlyTheirMarks) {
  EXPECT_EQ(FoldForSearch("Genève"), "geneve");
  EXPECT_EQ(FoldForSearch("São Paulo"), "sao paulo");
  EXPECT_EQ(FoldForSearch("Москва"), "москва");
  EXPECT_EQ(FoldForSearch("東京"), "東京");
}

}  // namespace
}  // namespace chancery::directory
