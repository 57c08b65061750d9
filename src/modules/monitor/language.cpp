#include "modules/monitor/language.hpp"

#include <cld2/public/compact_lang_det.h>

namespace chancery::monitor {

DetectedLanguage DetectLanguage(std::string_view text) {
  // CLD2 looks at the first few kilobytes; more adds time, not accuracy.
  constexpr std::size_t kEnough = 16 * 1024;
  const std::string_view sample = text.substr(0, kEnough);
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
