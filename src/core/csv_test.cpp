// Unit tests of the RFC 4180 reader and writer.
#include <gtest/gtest.h>

#include "core/csv.hpp"

namespace chancery::csv {
namespace {

TEST(CsvTest, ParsesQuotedFieldsLineBreaksAndReportsStartLines) {
  auto records = ParseCsv(
      "\xEF\xBB\xBF"
      "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\n\"two\nlines\",\r\nlast,");
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 4u);
  EXPECT_EQ((*records)[0].fields, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ((*records)[1].fields, (std::vector<std::string>{"x, y", "say \"hi\""}));
  EXPECT_EQ((*records)[1].line, 2u);
  EXPECT_EQ((*records)[2].fields, (std::vector<std::string>{"two\nlines", ""}));
  EXPECT_EQ((*records)[2].line, 4u);
  EXPECT_EQ((*records)[3].line, 6u);
  EXPECT_EQ((*records)[3].fields, (std::vector<std::string>{"last", ""}));
}

TEST(CsvTest, RefusesMalformedQuotingNamingTheLine) {
  auto unterminated = ParseCsv("a\n\"open");
  EXPECT_EQ(unterminated.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unterminated.status().message().find("line 2"), std::string::npos);
  EXPECT_FALSE(ParseCsv("a\"b\n").ok());
  EXPECT_FALSE(ParseCsv("\"a\"b\n").ok());
  EXPECT_FALSE(ParseCsv("a\nb\nc\n", {.max_records = 2}).ok());
}

TEST(CsvTest, WriterQuotesOnlyWhenNeededAndRoundTrips) {
  CsvWriter writer;
  writer.AddRecord({"plain", "with,comma", "with \"quote\"", "multi\nline", " padded", ""});
  EXPECT_EQ(writer.text(), "plain,\"with,comma\",\"with \"\"quote\"\"\",\"multi\nline\",\" padded\",\r\n");
  auto parsed = ParseCsv(writer.text());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ((*parsed)[0].fields,
            (std::vector<std::string>{"plain", "with,comma", "with \"quote\"", "multi\nline", " padded", ""}));
}

}  // namespace
}  // namespace chancery::csv
