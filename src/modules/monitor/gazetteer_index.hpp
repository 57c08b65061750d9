// The gazetteer's index, shared by building (gazetteer.cpp) and finding (gazetteer_find.cpp). Internal.
//
// Thread-safety: built once, then only read.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "modules/monitor/gazetteer.hpp"
#include "modules/monitor/gazetteer_names.hpp"

namespace chancery::monitor::gazetteer {

// How a script's words are compared (gazetteer.hpp): folded words; Cyrillic exact words with case endings; Hangul
// exact words with particles; Arabic folded words with proclitics; characters across words for the scripts that
// ICU cuts with a dictionary.
enum class Script : std::uint8_t { kSpaced, kCyrillic, kHangul, kArabic, kDictionary };

Script ScriptOf(std::int32_t code_point);
Script ScriptOfWord(std::string_view utf8_word);

enum Rule : std::uint16_t {
  kCapitalised = 1 << 0,         // the words the name spells with a capital need one in the text
  kAbbreviation = 1 << 1,        // written in capitals
  kNotBetweenCapitals = 1 << 2,  // "US", not in "TELL US"
  kExactAccents = 1 << 3,        // no unaccented spelling ("Malé" is not "male")
  kWholeWord = 1 << 4,           // Korean: no particle after it
  kStartInside = 1 << 5,         // dictionary scripts: may begin inside a word
  kEndAtWord = 1 << 6,           // dictionary scripts: must end where a word ends
  kHan = 1 << 7,                 // Chinese characters: with kEndAtWord, may also end before a suffix ("日本人")
};

struct Name {
  std::string country;  // upper case; "" for a stopped phrase
  Script script = Script::kSpaced;
  std::uint16_t rules = 0;
  // What is compared: folded words (Cyrillic: exact, "ё" as "е"; Hangul: exact); for dictionary scripts one string,
  // the characters of all words.
  std::vector<std::string> words;
  std::vector<std::vector<std::string>> exact;  // per word, the exact forms seen in every spelling
  std::vector<std::vector<std::string>> marks;  // per word, their accents (MarkSignature)
  std::vector<std::string> stems;               // Cyrillic, per word: what case endings follow ("" if none do)
  std::vector<std::string> gap_marks;           // per word from the second: punctuation the name has before it
  std::vector<bool> capital;                    // per word: spelled with a capital in every spelling
  bool abbreviation = true;                     // every spelling is in capitals (while building)
  const VietnameseShortName* vietnamese = nullptr;
};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};
template <typename Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

// FNV-1a: cheap for short words.
inline std::uint32_t WordHash(std::string_view word) {
  std::uint32_t hash = 2166136261u;
  for (const char byte : word) hash = (hash ^ static_cast<unsigned char>(byte)) * 16777619u;
  return hash | 1u;  // never 0, which Candidate::second_word keeps for "none"
}

// A name in a list of names with the same first word: enough to turn most away without reading the name.
struct Candidate {
  std::uint32_t id = 0;           // in Index::names
  std::uint32_t words = 0;        // how many
  std::uint32_t second_word = 0;  // WordHash of the second (scripts compared on folded words); 0: not checked
};

// A name in a script written without spaces, in the list of names with the same first two characters.
struct CharacterCandidate {
  std::uint32_t id = 0;
  std::uint16_t rules = 0;
  std::string characters;
};

// Lists of candidates by their first word: open addressing over WordHash, which is computed once per word of a
// text. A quarter full, so that most words of a text find an empty slot at once.
class CandidateTable {
 public:
  explicit CandidateTable(StringMap<std::vector<Candidate>> lists = {}) {
    std::size_t capacity = 16;
    while (capacity < 4 * lists.size()) capacity *= 2;
    slots_.assign(capacity, Slot{});
    for (auto& [key, candidates] : lists) {
      const std::uint32_t hash = WordHash(key);
      std::size_t slot = hash & (capacity - 1);
      while (slots_[slot].hash != 0) slot = (slot + 1) & (capacity - 1);
      slots_[slot] = Slot{hash, static_cast<std::uint32_t>(entries_.size())};
      entries_.push_back(Entry{key, std::move(candidates)});
    }
  }

  const std::vector<Candidate>* Find(std::string_view key) const {
    const std::uint32_t hash = WordHash(key);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
      const Slot& found = slots_[slot];
      if (found.hash == 0) return nullptr;
      if (found.hash == hash && entries_[found.entry].key == key) return &entries_[found.entry].candidates;
    }
  }

 private:
  struct Slot {
    std::uint32_t hash = 0;  // 0: empty
    std::uint32_t entry = 0;
  };
  struct Entry {
    std::string key;
    std::vector<Candidate> candidates;
  };
  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
};

// The first two characters of a name in a dictionary script, as one key, and its place in Index::first_pairs.
inline std::uint64_t CharacterPair(std::int32_t first, std::int32_t second) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(first)) << 32) | static_cast<std::uint32_t>(second);
}
inline std::size_t PairSlot(std::uint64_t pair) { return static_cast<std::size_t>((pair * 0x9E3779B97F4A7C15u) >> 48); }

// The accents of a word, whatever letter carries them: its non-spacing marks after canonical decomposition, and
// "đ", sorted ("hoà" and "hòa" agree; "lần" and "lan" do not).
std::string MarkSignature(std::string_view exact_word);
// A Cyrillic word as compared: "ё" as "е".
std::string CyrillicForm(std::string_view exact_word);
// The first three letters of a Cyrillic word (fewer if it is shorter): the key under which its names are found.
std::string_view CyrillicKey(std::string_view cyrillic_word);
// Whether `ending` is a Russian or Ukrainian case ending ("ей" in "Россией").
bool IsCyrillicEnding(std::string_view ending);

}  // namespace chancery::monitor::gazetteer

namespace chancery::monitor {

struct Gazetteer::Index {
  std::vector<gazetteer::Name> names;  // stopped phrases included
  // The longest name first in every list.
  gazetteer::CandidateTable words;     // by first word
  gazetteer::CandidateTable cyrillic;  // by CyrillicKey of the first word
  std::unordered_map<std::uint64_t, std::vector<gazetteer::CharacterCandidate>> characters;  // by CharacterPair
  std::vector<bool> first_characters;          // below U+10000: some name begins with it
  std::vector<bool> first_pairs;               // by PairSlot: some name may begin with these two characters
  gazetteer::StringSet abbreviations;          // first words of abbreviations ("us", "uk")
  gazetteer::StringSet vietnamese_titles;      // "tổng thống", "vua"
  gazetteer::StringSet vietnamese_not_after;   // "tiếng", "ông"
  gazetteer::StringSet vietnamese_not_before;  // "này", "ấy"
  gazetteer::StringSet korean_particles;
};

}  // namespace chancery::monitor
