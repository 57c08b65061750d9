#include "modules/monitor/language.hpp"

#include <cld2/public/compact_lang_det.h>

#include <algorithm>

namespace chancery::monitor {

DetectedLanguage DetectLanguage(std::string_view text) {
  // Half a kilobyte (some eighty words) tells the language of a news article as well as the whole of it, at a
  // fraction of the time; the cut never splits a character.
  constexpr std::size_t kEnough = 512;
  std::size_t length = std::min(text.size(), kEnough);
  while (length < text.size() && length > 0 && (static_cast<unsigned char>(text[length]) & 0xc0) == 0x80) --length;
  const std::string_view sample = text.substr(0, length);
  CLD2::Language languages[3];
  int percents[3] = {};
  int bytes = 0;
  bool reliable = false;
  const CLD2::Language language = CLD2::DetectLanguageSummary(
      sample.data(), static_cast<int>(sample.size()), /*is_plain_text=*/true, languages, percents, &bytes, &reliable);
  DetectedLanguage detected;
  // With no letters to go on, CLD2 answers English with 0%: that is "unknown".
  if (language == CLD2::UNKNOWN_LANGUAGE || percents[0] == 0) return detected;
  detected.code = CLD2::LanguageCode(language);
  // CLD2 names Chinese by script ("zh", "zh-Hant"); the monitor keeps the language.
  if (detected.code.starts_with("zh")) detected.code = "zh";
  detected.reliable = reliable;
  detected.percent = percents[0];
  return detected;
}

}  // namespace chancery::monitor
