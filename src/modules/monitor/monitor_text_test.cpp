// The text pipeline: words by ICU's rules in every script, folded so that case and accents do not matter.
#include "modules/monitor/monitor_text.hpp"

#include <gtest/gtest.h>

namespace chancery::monitor {
namespace {

std::vector<std::string> FoldedWords(const NormalizedText& text) {
  std::vector<std::string> words;
  for (std::size_t i = 0; i < text.tokens.size(); ++i) words.emplace_back(text.FoldedWord(i));
  return words;
}

TEST(MonitorTextTest, CaseAndAccentsDoNotMatterAndDStrokeIsD) {
  for (const char* written : {"Hà Nội", "HÀ NỘI", "ha noi", "Ha  Noi"}) {
    EXPECT_EQ(FoldedWords(Normalize(written)), (std::vector<std::string>{"ha", "noi"})) << written;
  }
  EXPECT_EQ(FoldedWords(Normalize("Đà Nẵng, đường")), (std::vector<std::string>{"da", "nang", "duong"}));
  // Decomposed input (NFD) is the same text.
  EXPECT_EQ(FoldedWords(Normalize("Ha\xcc\x80 No\xcc\x82\xcc\xa3i")), (std::vector<std::string>{"ha", "noi"}));
  EXPECT_EQ(FoldWord("Thủ tướng"), "thu tuong");
  EXPECT_EQ(FoldWord("İSTANBUL İzmir"), "istanbul izmir") << "U+0130 decomposes to I, which folds too";
  EXPECT_EQ(ExactWord("Thủ TƯỚNG"), "thủ tướng");
}

TEST(MonitorTextTest, FrenchElidedArticlesAreDropped) {
  // As Lucene's ElisionFilter does: "l'Élysée" is found by "elysee"; other apostrophes stay inside the word.
  NormalizedText text = Normalize("L'Élysée qu\u2019il aujourd'hui O'Neill");
  EXPECT_EQ(FoldedWords(text), (std::vector<std::string>{"elysee", "il", "aujourd'hui", "o'neill"}));
  EXPECT_EQ(text.source.substr(text.tokens[0].start, text.tokens[0].end - text.tokens[0].start), "Élysée")
      << "the highlight leaves the article out";
  EXPECT_EQ(FoldWord("l'Élysée"), "elysee");
  // Repeated, all are dropped, so that no folded word starts with one (found by the query parser's fuzzer: a query
  // printed with "t’uuu" parsed back as "uuu").
  EXPECT_EQ(FoldedWords(Normalize("T\u2019T\u2019UUU l'l'x")), (std::vector<std::string>{"uuu", "x"}));
  // The article is compared as it folds: "Đ’" is "d’" (found by the fuzzer too: "Đ’Nội" was kept as "d’noi", which
  // a query printed from it parsed back as "noi").
  EXPECT_EQ(FoldedWords(Normalize("Đ\u2019Nội \u013d'Est")), (std::vector<std::string>{"noi", "est"}));
}

TEST(MonitorTextTest, WordsKeepTheirPlaceInTheSourceForHighlighting) {
  const NormalizedText text = Normalize("Bão số 9 đổ bộ Đà Nẵng.");
  ASSERT_EQ(text.tokens.size(), 7u);
  EXPECT_EQ(text.folded, " bao so 9 do bo da nang ");
  const Token& da = text.tokens[5];
  EXPECT_EQ(text.source.substr(da.start, da.end - da.start), "Đà");
  EXPECT_EQ(text.ExactWord(5), "đà");
}

TEST(MonitorTextTest, ScriptsWithoutSpacesAreCutIntoWords) {
  const NormalizedText chinese = Normalize("越南外交部发言人");
  EXPECT_GE(chinese.tokens.size(), 3u) << chinese.folded;
  EXPECT_TRUE(UsesDictionaryWordBreaks("越南外交部"));
  EXPECT_FALSE(UsesDictionaryWordBreaks("Hà Nội, Москва, 서울"));
  const NormalizedText thai = Normalize("กระทรวงการต่างประเทศ");
  EXPECT_GE(thai.tokens.size(), 2u) << thai.folded;
  // Every word sits between two spaces in the folded text.
  for (const NormalizedText* text : {&chinese, &thai}) {
    for (const Token& token : text->tokens) {
      EXPECT_EQ(text->folded[token.folded - 1], ' ');
      EXPECT_EQ(text->folded[token.folded + token.folded_length], ' ');
    }
  }
}

TEST(MonitorTextTest, PunctuationAndBadBytesMakeNoWords) {
  EXPECT_TRUE(Normalize("— ... !!! ").tokens.empty());
  EXPECT_EQ(Normalize("").folded, " ");
  EXPECT_EQ(FoldedWords(Normalize("ok \xff\xfe ok")), (std::vector<std::string>{"ok", "ok"}));
  EXPECT_EQ(FoldedWords(Normalize("COVID-19, e-mail")).front(), "covid");
}

}  // namespace
}  // namespace chancery::monitor

namespace chancery::monitor {
namespace {

TEST(MonitorTextTest, TheFastSplitterCutsLikeIcu) {
  // The whole shared corpus agrees too (checked when the splitter was written); these are the hard cases.
  for (const char* text : {
           "don't U.S. e.g. 3.14 1,000,000 a,b 12:30 csi:ny foo_bar",
           "giaoduc@dantri.com.vn @eeprk kieu @ mot arena2@aprotrain.com",
           "Thủ tướng Phạm Minh Chính: “Không để ai bị bỏ lại phía sau”.",
           "보통·평등 선거 — Всеобщая декларация прав человека, Ελλάδα's ‘quoted’ word",
           "ال٠ العربية، ١٬٠٠٠ עברית ״ד״ 'single' rock'n'roll o'clock ...end",
           "Ha\xcc\x80 No\xcc\x82\xcc\xa3i \xe2\x80\x8b zero\xe2\x80\x8dwidth \xc2\xad soft",
       }) {
    EXPECT_EQ(Normalize(text).folded, Normalize(text, WordBreak::kIcu).folded) << text;
  }
}

}  // namespace
}  // namespace chancery::monitor
