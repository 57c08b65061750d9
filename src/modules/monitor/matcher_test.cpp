// Matching: every feature of the language against real-looking articles, and the Vectorscan prefilter checked
// against a plain evaluation of thousands of random queries (the same matches, no more, no fewer).
#include "modules/monitor/matcher.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace chancery::monitor {
namespace {

Article MakeArticle(std::string_view title, std::string_view body, std::string lang = "vi", std::string country = "vn",
                    std::string source = "vnexpress") {
  return Article{.title = Normalize(title),
                 .body = Normalize(body),
                 .lang = std::move(lang),
                 .country = std::move(country),
                 .source = std::move(source)};
}

std::shared_ptr<const QuerySet> Compile(const std::vector<std::string>& texts) {
  std::vector<StandingQuery> queries;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    Result<NodePtr> root = ParseQuery(texts[i]);
    EXPECT_TRUE(root.ok()) << texts[i] << ": " << root.status().ToString();
    if (root.ok()) queries.push_back({.id = static_cast<std::int64_t>(i + 1), .root = *root});
  }
  auto set = QuerySet::Compile(std::move(queries));
  EXPECT_TRUE(set.ok()) << set.status().ToString();
  return set.ok() ? *set : nullptr;
}

std::set<std::int64_t> Ids(const std::vector<QueryMatch>& matches) {
  std::set<std::int64_t> ids;
  for (const QueryMatch& match : matches) ids.insert(match.query_id);
  return ids;
}

const Article kStorm =
    MakeArticle("Bão số 9 đổ bộ Đà Nẵng",
                "Chiều 28/10, bão Molave đổ bộ vào Đà Nẵng và Quảng Nam. Người dân được sơ tán khỏi vùng ven biển. "
                "Thủ tướng yêu cầu các bộ ngành hỗ trợ khắc phục hậu quả.");

TEST(MatcherTest, WordsPhrasesPrefixesAndBooleans) {
  auto set = Compile({
      "bao",                       // 1: in the title and the body, accents ignored
      "\"da nang\"",               // 2: a phrase
      "\"nang da\"",               // 3: wrong order
      "so tan*",                   // 4: words... "tan*" is a prefix of nothing here? "tan" → no: "tán"
      "ven AND bien",              // 5
      "molave OR typhoon",         // 6
      "molave NOT \"quang nam\"",  // 7: excluded
      "thu tuong -\"thu tuong\"",  // 8: excluded by itself
      "lu lut",                    // 9: absent
      "khac*",                     // 10: prefix of khắc
      "kh*",                       // 11: prefix of khỏi, khắc
  });
  ASSERT_TRUE(set);
  EXPECT_EQ(Ids(set->Match(kStorm)), (std::set<std::int64_t>{1, 2, 4, 5, 6, 10, 11}));
}

TEST(MatcherTest, NearTitleExactAccentsAndFacts) {
  auto set = Compile({
      "bao NEAR/3 \"da nang\"",  // 1: "bão Molave đổ bộ vào Đà Nẵng": 4 words between in the body; title: 3
      "bao NEAR/2 \"da nang\"",  // 2: title: "Bão số 9 đổ bộ Đà Nẵng" has 4 between → no; body 4 → no
      "title:molave",            // 3: only in the body
      "title:\"da nang\"",       // 4
      "=Nẵng",                   // 5: exact accents present
      "=Nang",                   // 6: exact accents absent
      "=\"Đà Nẵng\"",            // 7
      "bao lang:vi",             // 8
      "bao lang:en",             // 9
      "bao country:vn source:vnexpress",  // 10
      "bao source:tuoitre",               // 11
      "thu NEAR/1 nganh",                 // 12: "Thủ tướng yêu cầu các bộ ngành": far apart
      "yeu NEAR/1 cac",                   // 13: "yêu cầu các": one word between
  });
  ASSERT_TRUE(set);
  EXPECT_EQ(Ids(set->Match(kStorm)), (std::set<std::int64_t>{5, 7, 8, 10, 4, 13}));
}

TEST(MatcherTest, NearCountsTheWordsBetween) {
  auto set = Compile({"a NEAR/1 d", "a NEAR/2 d", "d NEAR/2 a", "\"b c\" NEAR/0 d"});
  ASSERT_TRUE(set);
  EXPECT_EQ(Ids(set->Match(MakeArticle("", "a b c d"))), (std::set<std::int64_t>{2, 3, 4}));
}

TEST(MatcherTest, AMatchSaysWhichTermsMatchedAndWhere) {
  auto set = Compile({"\"đà nẵng\" OR typhoon OR (so NOT bao)"});
  ASSERT_TRUE(set);
  auto matches = set->Match(kStorm);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].terms, std::vector<std::string>{"\"da nang\""});
  ASSERT_EQ(matches[0].highlights.size(), 2u);
  const Highlight& title = matches[0].highlights[0];
  EXPECT_EQ(title.part, Part::kTitle);
  EXPECT_EQ(kStorm.title.source.substr(title.start, title.end - title.start), "Đà Nẵng");
  const Highlight& body = matches[0].highlights[1];
  EXPECT_EQ(body.part, Part::kBody);
  EXPECT_EQ(kStorm.body.source.substr(body.start, body.end - body.start), "Đà Nẵng");
}

TEST(MatcherTest, QueriesWithoutWordsAreCheckedForEveryArticle) {
  auto set = Compile({"lang:vi", "lang:en OR bao", "flood"});
  ASSERT_TRUE(set);
  EXPECT_EQ(set->always_candidates(), 2u);  // "lang:vi", and "lang:en OR bao", which needs no word either
  EXPECT_EQ(Ids(set->Match(kStorm)), (std::set<std::int64_t>{1, 2}));
  EXPECT_EQ(Ids(set->Match(MakeArticle("Flood", "water", "en", "gb", "bbc"))), (std::set<std::int64_t>{2, 3}));
}

TEST(MatcherTest, AnEmptySetMatchesNothingAndTheMatcherSwapsSets) {
  Matcher matcher;
  EXPECT_TRUE(matcher.Current()->Match(kStorm).empty());
  auto first = matcher.Current();
  auto root = ParseQuery("molave");
  ASSERT_TRUE(root.ok());
  ASSERT_TRUE(matcher.Replace({{.id = 7, .root = *root}}).ok());
  EXPECT_EQ(Ids(matcher.Current()->Match(kStorm)), (std::set<std::int64_t>{7}));
  EXPECT_TRUE(first->Match(kStorm).empty()) << "a set in use stays as it was";
}

// --- The prefilter never changes the answer -------------------------------------------------------------------------

// A plain evaluation, word by word, without Vectorscan.
class Naive {
 public:
  explicit Naive(const Article& article) : article_(article) {}

  bool Eval(const Node& node) const {
    switch (node.kind) {
      case NodeKind::kTerm:
      case NodeKind::kPhrase:
      case NodeKind::kPrefix: return !Positions(node).empty();
      case NodeKind::kAnd:
        for (const NodePtr& child : node.children) {
          if (!Eval(*child)) return false;
        }
        return true;
      case NodeKind::kOr:
        for (const NodePtr& child : node.children) {
          if (Eval(*child)) return true;
        }
        return false;
      case NodeKind::kNot: return !Eval(*node.children[0]);
      case NodeKind::kNear: {
        const Node& left = *node.children[0];
        const Node& right = *node.children[1];
        for (auto [part_a, a] : Positions(left)) {
          for (auto [part_b, b] : Positions(right)) {
            if (part_a != part_b) continue;
            const long gap =
                b >= a + static_cast<long>(left.words.size())    ? b - a - static_cast<long>(left.words.size())
                : a >= b + static_cast<long>(right.words.size()) ? a - b - static_cast<long>(right.words.size())
                                                                 : -1;
            if (gap >= 0 && gap <= node.distance) return true;
          }
        }
        return false;
      }
      case NodeKind::kFact:
        return (node.field == "lang"      ? article_.lang
                : node.field == "country" ? article_.country
                                          : article_.source) == node.value;
    }
    return false;
  }

 private:
  std::vector<std::pair<int, long>> Positions(const Node& atom) const {
    std::vector<std::pair<int, long>> found;
    for (int part = 0; part < 2; ++part) {
      if (atom.scope == Scope::kTitle && part == 1) continue;
      const NormalizedText& text = part == 0 ? article_.title : article_.body;
      for (std::size_t i = 0; i + atom.words.size() <= text.tokens.size(); ++i) {
        bool same = true;
        for (std::size_t w = 0; w < atom.words.size() && same; ++w) {
          const std::string_view word = atom.exact ? text.ExactWord(i + w) : text.FoldedWord(i + w);
          const std::string& wanted = atom.exact ? atom.exact_words[w] : atom.words[w];
          same = atom.kind == NodeKind::kPrefix ? word.starts_with(wanted) : word == wanted;
        }
        if (same) found.emplace_back(part, static_cast<long>(i));
      }
    }
    return found;
  }

  const Article& article_;
};

TEST(MatcherTest, ThePrefilterGivesTheSameMatchesAsAPlainEvaluation) {
  const std::vector<Article> articles = {
      kStorm,
      MakeArticle("Thủ tướng tiếp Đại sứ Nhật Bản",
                  "Thủ tướng Phạm Minh Chính tiếp Đại sứ Nhật Bản tại Hà Nội. "
                  "Hai bên trao đổi về hợp tác kinh tế và lao động."),
      MakeArticle("Flooding in central Vietnam",
                  "Heavy rain caused flooding in Hue and Da Nang; thousands were "
                  "evacuated. The embassy advised citizens to avoid travel.",
                  "en", "vn", "bbc"),
      MakeArticle("Lãnh sự quán hỗ trợ công dân",
                  "Tổng lãnh sự quán tại Osaka hỗ trợ công dân Việt Nam bị ảnh hưởng "
                  "bởi động đất. Công dân cần liên hệ đường dây nóng.",
                  "vi", "jp", "baoquocte"),
  };
  std::vector<std::string> vocabulary;
  for (const Article& article : articles) {
    for (const NormalizedText* text : {&article.title, &article.body}) {
      for (std::size_t i = 0; i < text->tokens.size(); ++i) vocabulary.emplace_back(text->ExactWord(i));
    }
  }
  vocabulary.insert(vocabulary.end(), {"typhoon", "lũ", "biển", "missing"});
  std::mt19937 random(20261128);
  const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };
  const auto word = [&] { return vocabulary[pick(vocabulary.size())]; };
  std::function<std::string(int)> expression = [&](int depth) -> std::string {
    const std::size_t choice = pick(depth > 2 ? 5 : 11);
    switch (choice) {
      case 0: return word();
      case 1: return "\"" + word() + " " + word() + "\"";
      case 2: {
        std::string w = word();
        return w.size() >= 4 ? w.substr(0, 2 + pick(w.size() - 3)) + "*" : w;
      }
      case 3: return "=" + word();
      case 4: return "title:" + word();
      case 5: return "(" + expression(depth + 1) + " OR " + expression(depth + 1) + ")";
      case 6: return "(" + expression(depth + 1) + " AND " + expression(depth + 1) + ")";
      case 7: return "(" + expression(depth + 1) + " NOT " + expression(depth + 1) + ")";
      case 8: return word() + " NEAR/" + std::to_string(pick(7)) + " " + word();
      case 9: return "(" + expression(depth + 1) + " lang:" + (pick(2) ? "vi" : "en") + ")";
      default: return "(" + word() + " " + word() + ")";
    }
  };
  std::vector<StandingQuery> queries;
  std::vector<NodePtr> roots;
  while (queries.size() < 3000) {
    Result<NodePtr> root = ParseQuery(expression(0));
    if (!root.ok()) continue;  // e.g. a prefix cut into a mark: a parse error is fine here
    queries.push_back({.id = static_cast<std::int64_t>(queries.size()), .root = *root});
    roots.push_back(*root);
  }
  auto set = QuerySet::Compile(queries);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  std::size_t total = 0;
  for (const Article& article : articles) {
    const Naive naive(article);
    std::set<std::int64_t> expected;
    for (std::size_t i = 0; i < roots.size(); ++i) {
      if (naive.Eval(*roots[i])) expected.insert(static_cast<std::int64_t>(i));
    }
    EXPECT_EQ(Ids((*set)->Match(article)), expected) << article.title.source;
    total += expected.size();
  }
  EXPECT_GT(total, 300u) << "the random queries should match often enough to mean something";
  EXPECT_LT(total, 3u * 3000u) << "and not always";
}

}  // namespace
}  // namespace chancery::monitor
