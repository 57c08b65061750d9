// The gazetteer's own tables beside ICU's country names (gazetteer.hpp says how they are used). Internal to the
// gazetteer: lists are written as people write the names, '|' between names, and folded when the gazetteer is built.
//
// Thread-safety: constant data.
#pragma once

#include <span>
#include <string_view>

namespace chancery::monitor::gazetteer {

// A country's names in any language and script, '|' between them.
struct CountryNames {
  std::string_view country;  // ISO 3166-1 alpha-2
  std::string_view names;
};

// Capitals: English, Vietnamese and local names.
std::span<const CountryNames> Capitals();
// What the press writes and ICU lacks: short forms, older names, abbreviations, transliterations.
std::span<const CountryNames> PressNames();

// Phrases that hold a country's name without being about it ("Latin America").
std::string_view StoppedPhrases();
// ICU names left out ("ລາວ", Laos, is also the Lao pronoun "he, she").
std::string_view DroppedNames();
// Names that are ordinary words or given names somewhere and need their capitals ("Turkey").
std::string_view CapitalisedNames();
// Names whose accents decide ("Malé", not the English "male").
std::string_view ExactAccentNames();
// Abbreviations that are also a word written in capitals ("US" in "TELL US").
std::string_view NotBetweenCapitalsNames();
// Korean names that are also the stem of a verb, so no particle may follow ("말리", Mali; "말리다", to dry).
std::string_view KoreanWholeWordNames();
// Korean particles that may follow a name in the same word ("미국은", "서울에서").
std::string_view KoreanParticles();

// Vietnamese names of one syllable and what keeps them from being ordinary words (gazetteer.hpp, rule 3).
struct VietnameseShortName {
  std::string_view name;       // as written: "Anh"
  bool not_at_sentence_start;  // "Anh ấy", "Viên đạn": a pronoun or a noun first
  bool surname;                // "Viên" (袁): before a capitalised word a name, even after a title
  std::string_view blockers;   // next words that make another word: "kiến" after "Ý"; space-separated
};
std::span<const VietnameseShortName> VietnameseShortNames();
// Titles after which a Vietnamese short name may precede a capitalised name: "Tổng thống Mỹ Joe Biden".
std::string_view VietnameseTitles();
// Words after which a Vietnamese short name is not the country: "tiếng Anh", "ngôn ngữ Anh" (the language) and
// forms of address ("ông Đức", "bầu Đức").
std::string_view VietnameseNotAfter();
// Words after which no Vietnamese short name is the country: demonstratives ("áo này", "anh ấy").
std::string_view VietnameseNotBefore();

}  // namespace chancery::monitor::gazetteer
