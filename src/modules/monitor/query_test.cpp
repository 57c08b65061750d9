// The standing-query language: what parses, into what, and where an error is reported.
#include "modules/monitor/query.hpp"

#include <gtest/gtest.h>

namespace chancery::monitor {
namespace {

std::string Parsed(std::string_view text) {
  Result<NodePtr> parsed = ParseQuery(text);
  return parsed.ok() ? ToString(**parsed) : "error: " + parsed.status().message();
}

TEST(QueryTest, ParsesTheLanguage) {
  EXPECT_EQ(Parsed("flood"), "flood");
  EXPECT_EQ(Parsed("Bão"), "bao");
  EXPECT_EQ(Parsed("\"Hà Nội\""), "\"ha noi\"");
  EXPECT_EQ(Parsed("evacuat*"), "evacuat*");
  EXPECT_EQ(Parsed("=Hà"), "=hà");
  EXPECT_EQ(Parsed("=\"Hà Nội\""), "=\"hà nội\"");
  EXPECT_EQ(Parsed("a b c"), "(a AND b AND c)");
  EXPECT_EQ(Parsed("a AND b OR c"), "((a AND b) OR c)");
  EXPECT_EQ(Parsed("a OR b c"), "(a OR (b AND c))");
  EXPECT_EQ(Parsed("(a OR b) c"), "((a OR b) AND c)");
  EXPECT_EQ(Parsed("flood NOT drill"), "(flood AND NOT drill)");
  EXPECT_EQ(Parsed("flood -drill"), "(flood AND NOT drill)");
  EXPECT_EQ(Parsed("typhoon NEAR/5 \"da nang\""), "(typhoon NEAR/5 \"da nang\")");
  EXPECT_EQ(Parsed("title:flood"), "title:flood");
  EXPECT_EQ(Parsed("flood NEAR/3 title:storm"), "(flood NEAR/3 title:storm)");
  EXPECT_EQ(Parsed("title:(a NEAR/2 b)"), "(title:a NEAR/2 title:b)");
  EXPECT_EQ(Parsed("(title:a NEAR/2 title:b)"), "(title:a NEAR/2 title:b)") << "the printed form parses back";
  EXPECT_EQ(Parsed("title:(a OR \"b c\")"), "(title:a OR title:\"b c\")");
  EXPECT_EQ(Parsed("flood lang:VI country:vn source:vnexpress"),
            "(flood AND lang:vi AND country:vn AND source:vnexpress)");
  EXPECT_EQ(Parsed("and or not"), "(and AND or AND not)") << "lower-case operators are words";
  EXPECT_EQ(Parsed("e-mail"), "\"e mail\"") << "a word that breaks into several is a phrase";
  EXPECT_EQ(Parsed("10:30"), "\"10 30\"");
  EXPECT_EQ(Parsed("\"or Đ\u2019Nội\""), "\"or noi\"") << "an elided article is dropped as it folds";
  EXPECT_EQ(Parsed(Parsed("\"or Đ\u2019Nội\"")), "\"or noi\"") << "and the printed form parses back the same";
}

TEST(QueryTest, ErrorsSayWhereAndWhat) {
  EXPECT_EQ(Parsed(""), "error: column 1: the query is empty.");
  EXPECT_EQ(Parsed("flood AND"), "error: column 7: AND needs something on its right.");
  EXPECT_EQ(Parsed("OR flood"), "error: column 1: OR needs something on its left.");
  EXPECT_EQ(Parsed("(flood OR storm"), "error: column 1: this '(' is never closed.");
  EXPECT_EQ(Parsed("flood)"), "error: column 6: this ')' closes nothing.");
  EXPECT_EQ(Parsed("\"ha noi"), "error: column 1: this phrase has no closing \".");
  EXPECT_EQ(Parsed("bão NEAR \"hà nội\""), "error: column 5: NEAR needs a distance: NEAR/5 means within 5 words.");
  EXPECT_EQ(Parsed("a NEAR/x b"), "error: column 3: NEAR/n needs a number of words from 0 to 100, e.g. NEAR/5.");
  EXPECT_EQ(Parsed("a NEAR/101 b"), "error: column 3: NEAR/n needs a number of words from 0 to 100, e.g. NEAR/5.");
  EXPECT_EQ(Parsed("(a OR b) NEAR/3 c"), "error: column 1: NEAR joins words or phrases, not groups or fields.");
  EXPECT_EQ(Parsed("ev*ac"), "error: column 1: a wildcard '*' goes at the end of a word only.");
  EXPECT_EQ(Parsed("e*"), "error: column 1: a wildcard needs at least two letters before the '*'.");
  EXPECT_EQ(Parsed("NOT drill"),
            "error: column 1: a query needs something to look for, not only exclusions (e.g. flood NOT drill).");
  EXPECT_EQ(Parsed("lang:"), "error: column 1: lang: needs a value, e.g. lang:vi.");
  EXPECT_EQ(Parsed("Đà Nẵng ()"), "error: column 9: empty parentheses.");
  EXPECT_EQ(Parsed("!!!"), "error: column 1: '!!!' has no letters or digits.");
  EXPECT_EQ(ParseQuery("flood AND").status().field(), "query");
  EXPECT_FALSE(ParseQuery(std::string(5000, 'a')).ok());
  EXPECT_FALSE(ParseQuery("\xff").ok());
}

}  // namespace
}  // namespace chancery::monitor
