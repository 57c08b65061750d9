// Geography: ISO 3166-1 countries and IANA time zones as ICU knows them, country names in Vietnamese and English,
// and a unit's local time.
//
// Thread-safety: pure functions; ICU's data is immutable and its calls here are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chancery::directory {

// Every current ISO 3166-1 alpha-2 code, sorted.
const std::vector<std::string>& IsoCountries();
bool IsIsoCountry(std::string_view code);
// The country's name in `language` ("vi" or "en"); the code itself if ICU has no name for it.
std::string CountryName(std::string_view code, std::string_view language);

// True for an IANA time zone id ICU knows, e.g. "Asia/Ho_Chi_Minh" (aliases such as "Asia/Saigon" included).
bool IsTimeZone(std::string_view id);
// `unix_ms` as local ISO 8601 time in the zone with its offset, e.g. "2026-11-28T23:15:00+01:00".
std::string LocalIsoTime(std::string_view time_zone, std::int64_t unix_ms);

}  // namespace chancery::directory
