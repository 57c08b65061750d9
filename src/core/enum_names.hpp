// Enums named by a table of (value, name) pairs: the name of a value, and the value of a name, for the enums that
// travel as text (JSON, SQL). The tables live beside their enums.
//
// Thread-safety: pure functions.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace chancery {

template <typename Enum, std::size_t N>
const char* NameIn(const std::array<std::pair<Enum, const char*>, N>& table, Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) return name;
  }
  return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> ParseIn(const std::array<std::pair<Enum, const char*>, N>& table, std::string_view name) {
  for (const auto& [value, candidate] : table) {
    if (name == candidate) return value;
  }
  return std::nullopt;
}

}  // namespace chancery
