#include "modules/zalo/zalo_json.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace chancery::zalo::json {

const boost::json::object* ObjectAt(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  return value != nullptr && value->is_object() ? &value->get_object() : nullptr;
}

std::optional<std::string> TextAt(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_string()) return std::string(value->get_string());
  if (value->is_int64() || value->is_uint64() || value->is_double()) return boost::json::serialize(*value);
  return std::nullopt;
}

std::optional<std::int64_t> IntegerAt(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_int64()) return value->get_int64();
  if (value->is_uint64()) return static_cast<std::int64_t>(value->get_uint64());
  if (value->is_double()) {
    const double number = value->get_double();
    if (std::isfinite(number) && number == std::floor(number) && std::fabs(number) < 9e18) {
      return static_cast<std::int64_t>(number);
    }
    return std::nullopt;
  }
  if (!value->is_string()) return std::nullopt;
  const std::string_view text = value->get_string();
  std::int64_t number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return number;
}

std::optional<double> NumberAt(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_number()) return value->to_number<double>();
  if (!value->is_string() || value->get_string().empty()) return std::nullopt;
  const std::string text(value->get_string());
  char* end = nullptr;
  const double number = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(number)) return std::nullopt;
  return number;
}

std::optional<boost::json::object> ParseObject(std::string_view text) {
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(text, error);
  if (error || !value.is_object()) return std::nullopt;
  return std::move(value.get_object());
}

}  // namespace chancery::zalo::json
