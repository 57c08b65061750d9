// The SQL text helpers: placeholder lists and ';'-separated list columns round-trip, dropping empty and malformed
// items rather than inventing values.
#include "storage/sql_text.hpp"

#include <gtest/gtest.h>

namespace chancery::storage {
namespace {

TEST(SqlTextTest, PlaceholdersAndListsRoundTrip) {
  EXPECT_EQ(Placeholders(0), "");
  EXPECT_EQ(Placeholders(3), "?, ?, ?");
  EXPECT_EQ(JoinList({"vi", "", "en"}), "vi;en");
  EXPECT_EQ(SplitList(";vi;;en;"), (std::vector<std::string>{"vi", "en"}));
  EXPECT_TRUE(SplitList("").empty());
  EXPECT_EQ(SplitList(JoinList({"PREL", "consular-affairs"})), (std::vector<std::string>{"PREL", "consular-affairs"}));
  EXPECT_EQ(JoinIds({7, 42}), "7;42");
  EXPECT_EQ(SplitIds("7;x;42;3a"), (std::vector<std::int64_t>{7, 42}));
}

}  // namespace
}  // namespace chancery::storage
