// Small pieces of SQL text and column encodings that every store needs: a list of `?` placeholders for an IN
// clause, and short lists kept in one TEXT column as ';'-separated items (tags, languages, captions, ids).
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chancery::storage {

// "?, ?, ?" for `count` parameters.
std::string Placeholders(std::size_t count);
// Items joined by ';' (items must not contain ';'), and back; empty items are dropped.
std::string JoinList(const std::vector<std::string>& items);
std::vector<std::string> SplitList(std::string_view text);
std::string JoinIds(const std::vector<std::int64_t>& ids);
// Items that are not integers are dropped.
std::vector<std::int64_t> SplitIds(std::string_view text);

}  // namespace chancery::storage
