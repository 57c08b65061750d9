#include "modules/directory/geography.hpp"

#include <unicode/locid.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>

namespace chancery::directory {

const std::vector<std::string>& IsoCountries() {
  static const std::vector<std::string> kCountries = [] {
    std::vector<std::string> codes;
    for (const char* const* code = icu::Locale::getISOCountries(); *code != nullptr; ++code) {
      codes.emplace_back(*code);
    }
    std::sort(codes.begin(), codes.end());
    return codes;
  }();
  return kCountries;
}

bool IsIsoCountry(std::string_view code) {
  const auto& countries = IsoCountries();
  return code.size() == 2 && std::binary_search(countries.begin(), countries.end(), code);
}

std::string CountryName(std::string_view code, std::string_view language) {
  const icu::Locale country("", std::string(code).c_str());
  const icu::Locale display(std::string(language).c_str());
  icu::UnicodeString name;
  country.getDisplayCountry(display, name);
  std::string out;
  name.toUTF8String(out);
  return out.empty() ? std::string(code) : out;
}

bool IsTimeZone(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString canonical;
  UBool is_system_id = false;
  icu::TimeZone::getCanonicalID(icu::UnicodeString::fromUTF8(icu::StringPiece(id.data(), id.size())), canonical,
                                is_system_id, status);
  return U_SUCCESS(status) && is_system_id;
}

std::string LocalIsoTime(std::string_view time_zone, std::int64_t unix_ms) {
  std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(
      icu::UnicodeString::fromUTF8(icu::StringPiece(time_zone.data(), time_zone.size()))));
  std::int32_t raw_offset_ms = 0;
  std::int32_t dst_offset_ms = 0;
  UErrorCode status = U_ZERO_ERROR;
  zone->getOffset(static_cast<UDate>(unix_ms), false, raw_offset_ms, dst_offset_ms, status);
  const std::int64_t offset_minutes = U_SUCCESS(status) ? (raw_offset_ms + dst_offset_ms) / 60000 : 0;

  const std::int64_t local_ms = unix_ms + offset_minutes * 60000;
  std::int64_t seconds = local_ms / 1000;
  if (local_ms < 0 && local_ms % 1000 != 0) --seconds;
  const std::time_t local_seconds = static_cast<std::time_t>(seconds);
  std::tm parts{};
  gmtime_r(&local_seconds, &parts);
  const char sign = offset_minutes < 0 ? '-' : '+';
  const std::int64_t magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", parts.tm_year + 1900,
                parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, sign,
                static_cast<int>(magnitude / 60), static_cast<int>(magnitude % 60));
  return buffer;
}

}  // namespace chancery::directory
