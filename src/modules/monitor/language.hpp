// Which language a text is in, by CLD2 (Compact Language Detector 2, the detector Chrome used), for sources that do
// not declare one and for items that differ from their source.
//
// Thread-safety: DetectLanguage is a pure function, safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace chancery::monitor {

struct DetectedLanguage {
  std::string code;       // ISO 639-1 where there is one ("vi", "en", "zh", "th"...), or "" when unknown
  bool reliable = false;  // CLD2's own judgement: enough text, and one language clearly ahead
  int percent = 0;        // of the text in that language
};

// `text` is plain UTF-8 (HTML already turned into text); a title helps when passed in front of the body.
DetectedLanguage DetectLanguage(std::string_view text);

}  // namespace chancery::monitor
