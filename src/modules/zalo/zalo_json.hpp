// Reading Zalo's JSON leniently: Zalo and the integrations that document it disagree on whether numbers come as
// JSON numbers or as strings (expires_in, timestamp, error, coordinates) and whether an answer is wrapped in
// "data". Internal to the zalo module.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chancery::zalo::json {

// The object member `key` when it is an object.
const boost::json::object* ObjectAt(const boost::json::object& object, std::string_view key);
// A string or number member as text (a number as written in JSON, e.g. "1700000000000"); nullopt otherwise.
std::optional<std::string> TextAt(const boost::json::object& object, std::string_view key);
// An integer member, whether a JSON integer, an integral double or a string of digits (with an optional '-').
std::optional<std::int64_t> IntegerAt(const boost::json::object& object, std::string_view key);
// A number member, whether a JSON number or a numeric string.
std::optional<double> NumberAt(const boost::json::object& object, std::string_view key);
// Parses `text` as a JSON object; nullopt when it is not one.
std::optional<boost::json::object> ParseObject(std::string_view text);

}  // namespace chancery::zalo::json
