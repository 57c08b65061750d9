#include "storage/postgres/placeholders.hpp"

#include <gtest/gtest.h>

namespace chancery::storage::postgres {
namespace {

std::string Convert(std::string_view sql) { return ConvertPlaceholders(sql).sql; }

TEST(ConvertPlaceholdersTest, NumbersPlaceholdersInOrder) {
  ConvertedSql converted = ConvertPlaceholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)");
  EXPECT_EQ(converted.sql, "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
  EXPECT_EQ(converted.parameter_count, 3);
}

TEST(ConvertPlaceholdersTest, LeavesSqlWithoutPlaceholdersUnchanged) {
  ConvertedSql converted = ConvertPlaceholders("SELECT 1");
  EXPECT_EQ(converted.sql, "SELECT 1");
  EXPECT_EQ(converted.parameter_count, 0);
  EXPECT_EQ(Convert(""), "");
}

TEST(ConvertPlaceholdersTest, IgnoresQuestionMarksInStringLiterals) {
  EXPECT_EQ(Convert("SELECT 'why?', ? FROM t"), "SELECT 'why?', $1 FROM t");
  EXPECT_EQ(Convert("SELECT 'it''s ?', ?"), "SELECT 'it''s ?', $1");
  EXPECT_EQ(Convert("SELECT '', ?"), "SELECT '', $1");
}

TEST(ConvertPlaceholdersTest, HandlesBackslashEscapesOnlyInEscapeStrings) {
  EXPECT_EQ(Convert(R"(SELECT E'a\'?', ?)"), R"(SELECT E'a\'?', $1)");
  // In a standard string a backslash is an ordinary character, so the quote after it closes the literal.
  EXPECT_EQ(Convert(R"(SELECT 'a\', ?)"), R"(SELECT 'a\', $1)");
  // "type'" is not an E prefix: the identifier before the quote ends in e.
  EXPECT_EQ(Convert(R"(SELECT some_type'x\', ?)"), R"(SELECT some_type'x\', $1)");
}

TEST(ConvertPlaceholdersTest, IgnoresQuotedIdentifiersAndComments) {
  EXPECT_EQ(Convert(R"(SELECT "odd?name", ? FROM t)"), R"(SELECT "odd?name", $1 FROM t)");
  EXPECT_EQ(Convert(R"(SELECT "a""?", ?)"), R"(SELECT "a""?", $1)");
  EXPECT_EQ(Convert("SELECT ? -- really?\n, ?"), "SELECT $1 -- really?\n, $2");
  EXPECT_EQ(Convert("SELECT /* a? /* nested? */ still? */ ?"), "SELECT /* a? /* nested? */ still? */ $1");
}

TEST(ConvertPlaceholdersTest, IgnoresDollarQuotedStrings) {
  EXPECT_EQ(Convert("SELECT $$what?$$, ?"), "SELECT $$what?$$, $1");
  EXPECT_EQ(Convert("SELECT $fn$ a $$ ? $$ b $fn$, ?"), "SELECT $fn$ a $$ ? $$ b $fn$, $1");
}

TEST(ConvertPlaceholdersTest, KeepsExistingPositionalParametersAndUnicode) {
  EXPECT_EQ(Convert("SELECT $1, ?"), "SELECT $1, $1");
  EXPECT_EQ(Convert("SELECT 'Đại sứ quán?', ?"), "SELECT 'Đại sứ quán?', $1");
}

TEST(ConvertPlaceholdersTest, TreatsUnterminatedLiteralAsLiteral) {
  EXPECT_EQ(Convert("SELECT ?, 'open ?"), "SELECT $1, 'open ?");
}

}  // namespace
}  // namespace chancery::storage::postgres
