#include "core/clock.hpp"

#include <fmt/format.h>

#include <charconv>
#include <ctime>
#include <optional>

namespace chancery {
namespace {

// Reads exactly `digits` decimal digits at `position`.
std::optional<int> ReadNumber(std::string_view text, std::size_t position, std::size_t digits) {
  if (position + digits > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = position; i < position + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t DaysFromCivil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

std::string FormatIsoTime(std::int64_t unix_ms) {
  std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  int millis = static_cast<int>(unix_ms % 1000);
  if (millis < 0) {
    millis += 1000;
    seconds -= 1;
  }
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
}

std::optional<std::int64_t> ParseIsoTimeUtc(std::string_view text) {
  auto year = ReadNumber(text, 0, 4);
  auto month = ReadNumber(text, 5, 2);
  auto day = ReadNumber(text, 8, 2);
  if (!year || !month || !day || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (*year < 1970 || *month < 1 || *month > 12 || *day < 1 || *day > DaysInMonth(*year, *month)) return std::nullopt;
  std::int64_t ms = DaysFromCivil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day)) * 86400000LL;
  if (text.size() == 10) return ms;

  auto hour = ReadNumber(text, 11, 2);
  auto minute = ReadNumber(text, 14, 2);
  if (text[10] != 'T' || !hour || !minute || text.size() < 17 || text[13] != ':' || *hour > 23 || *minute > 59) {
    return std::nullopt;
  }
  ms += (*hour * 3600LL + *minute * 60LL) * 1000;
  std::size_t position = 16;
  if (position < text.size() && text[position] == ':') {
    auto second = ReadNumber(text, position + 1, 2);
    if (!second || *second > 59) return std::nullopt;
    ms += *second * 1000LL;
    position += 3;
    if (position < text.size() && text[position] == '.') {
      std::size_t digits = 0;
      int fraction_ms = 0;
      for (++position; position < text.size() && text[position] >= '0' && text[position] <= '9'; ++position) {
        if (digits < 3) fraction_ms = fraction_ms * 10 + (text[position] - '0');
        ++digits;
      }
      if (digits == 0) return std::nullopt;
      for (std::size_t i = digits; i < 3; ++i) fraction_ms *= 10;
      ms += fraction_ms;
    }
  }
  std::string_view zone = text.substr(position);
  if (zone != "Z" && zone != "z" && zone != "+00:00") return std::nullopt;
  return ms;
}

}  // namespace chancery
