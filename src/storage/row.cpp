// Row's converting getters and the Transaction conveniences built on Query().
#include <charconv>
#include <cmath>
#include <string>

#include "fmt/format.h"
#include "storage/database.hpp"

namespace chancery::storage {
namespace {

// Parses a whole decimal integer; text that is not one gives 0, as NULL does, because a store asking for an
// integer from a non-numeric column is a bug that the tests of that store will show.
std::int64_t ParseInt(const std::string& text) {
  std::int64_t value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [ptr, error] = std::from_chars(begin, end, value);
  if (error != std::errc() || ptr != end) return 0;
  return value;
}

}  // namespace

std::int64_t Row::Int(std::size_t index) const {
  const Value& value = values_.at(index);
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return *integer;
  if (const auto* real = std::get_if<double>(&value)) return static_cast<std::int64_t>(*real);
  if (const auto* text = std::get_if<std::string>(&value)) return ParseInt(*text);
  return 0;
}

double Row::Double(std::size_t index) const {
  const Value& value = values_.at(index);
  if (const auto* real = std::get_if<double>(&value)) return *real;
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return static_cast<double>(*integer);
  if (const auto* text = std::get_if<std::string>(&value)) {
    try {
      return std::stod(*text);
    } catch (const std::exception&) {
      return 0.0;
    }
  }
  return 0.0;
}

std::string Row::Text(std::size_t index) const {
  const Value& value = values_.at(index);
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return std::to_string(*integer);
  if (const auto* real = std::get_if<double>(&value)) return fmt::format("{}", *real);
  return {};
}

std::optional<std::int64_t> Row::OptionalInt(std::size_t index) const {
  if (IsNull(index)) return std::nullopt;
  return Int(index);
}

std::optional<std::string> Row::OptionalText(std::size_t index) const {
  if (IsNull(index)) return std::nullopt;
  return Text(index);
}

Result<Row> Transaction::QueryOne(std::string_view sql, const std::vector<Value>& params) {
  CHANCERY_ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
  if (rows.empty()) return NotFound(fmt::format("no row for query: {}", sql.substr(0, 120)));
  return std::move(rows.front());
}

Result<std::optional<Row>> Transaction::QueryOptional(std::string_view sql, const std::vector<Value>& params) {
  CHANCERY_ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
  if (rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows.front()));
}

}  // namespace chancery::storage
