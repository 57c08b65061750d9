#include "storage/sql_text.hpp"

#include <algorithm>
#include <charconv>

namespace chancery::storage {

std::string Placeholders(std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += i ? ", ?" : "?";
  return out;
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (item.empty()) continue;
    if (!out.empty()) out += ';';
    out += item;
  }
  return out;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> items;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find(';'), text.size());
    if (end > 0) items.emplace_back(text.substr(0, end));
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return items;
}

std::string JoinIds(const std::vector<std::int64_t>& ids) {
  std::vector<std::string> items;
  items.reserve(ids.size());
  for (std::int64_t id : ids) items.push_back(std::to_string(id));
  return JoinList(items);
}

std::vector<std::int64_t> SplitIds(std::string_view text) {
  std::vector<std::int64_t> ids;
  for (const std::string& item : SplitList(text)) {
    std::int64_t id = 0;
    auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), id);
    if (error == std::errc() && end == item.data() + item.size()) ids.push_back(id);
  }
  return ids;
}

}  // namespace chancery::storage
