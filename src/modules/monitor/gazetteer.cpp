// Building the gazetteer: ICU's country names and the tables, spelled every way the press does, folded and indexed.
#include "modules/monitor/gazetteer.hpp"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/udata.h>
#include <unicode/unistr.h>
#include <unicode/ures.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <optional>

#include "modules/monitor/gazetteer_index.hpp"

namespace chancery::monitor {
namespace gazetteer {
namespace {

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (!text.empty()) {
    const std::size_t end = text.find(separator);
    if (end != 0) parts.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return parts;
}

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

bool EndsWithAny(std::string_view word, std::initializer_list<std::string_view> endings) {
  return std::any_of(endings.begin(), endings.end(), [&](std::string_view ending) { return word.ends_with(ending); });
}

// German names in the genitive ("Deutschlands") and with inflected adjectives ("der Vereinigten Staaten"). Takes
// the name by value: it is often one of `spellings`, which grows.
void AddGermanForms(std::string name, std::vector<std::string>& spellings) {
  std::vector<std::string_view> words = Split(name, ' ');
  if (words.empty()) return;
  const auto genitive = [](std::string_view word) {
    return EndsWithAny(word, {"s", "x", "z", "ß", "e", "ei"}) ? std::string(word) : std::string(word) + "s";
  };
  if (words.size() == 1) {
    spellings.push_back(genitive(words[0]));
    return;
  }
  std::string inflected;
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    std::string word(words[i]);
    if (word.ends_with("ches") || word.ends_with("igtes")) word.replace(word.size() - 1, 1, "n");
    if (word.ends_with("che") || word.ends_with("igte")) word += "n";
    inflected += word + " ";
  }
  spellings.push_back(inflected + std::string(words.back()));
  spellings.push_back(inflected + genitive(words.back()));
}

// Every spelling of a name: the part before a parenthesis or comma ("Myanmar (Burma)"), "&" as "and", "St." as
// "Saint", both apostrophes, and German inflections.
std::vector<std::string> Spellings(std::string_view name, std::string_view language) {
  std::vector<std::string> spellings{std::string(name)};
  for (std::string_view cut : {"(", "（", ","}) {
    const std::size_t at = name.find(cut);
    if (at == std::string_view::npos || at == 0) continue;
    std::string_view before = name.substr(0, at);
    while (!before.empty() && before.back() == ' ') before.remove_suffix(1);
    spellings.emplace_back(before);
  }
  const auto add = [&](std::string spelling) {
    if (std::find(spellings.begin(), spellings.end(), spelling) == spellings.end()) spellings.push_back(spelling);
  };
  for (std::size_t i = 0; i < spellings.size(); ++i) {
    const std::string spelling = spellings[i];
    if (spelling.find(" & ") != std::string::npos) add(ReplaceAll(spelling, " & ", " and "));
    if (spelling.starts_with("St. ") || spelling.find(" St. ") != std::string::npos) {
      add(ReplaceAll(spelling, "St. ", "Saint "));
    }
    if (spelling.find("’") != std::string::npos) add(ReplaceAll(spelling, "’", "'"));
    if (spelling.find('\'') != std::string::npos) add(ReplaceAll(spelling, "'", "’"));
  }
  if (language == "de") {
    for (std::size_t i = 0, original = spellings.size(); i < original; ++i) AddGermanForms(spellings[i], spellings);
  }
  std::sort(spellings.begin(), spellings.end());
  spellings.erase(std::unique(spellings.begin(), spellings.end()), spellings.end());
  return spellings;
}

std::int32_t FirstCodePoint(std::string_view text) {
  if (text.empty()) return -1;
  std::int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(text.data(), i, static_cast<std::int32_t>(text.size()), c);
  return c;
}

// Whether every cased letter is upper case, and there is one at least.
bool InCapitals(std::string_view text) {
  bool cased = false;
  for (std::int32_t i = 0, length = static_cast<std::int32_t>(text.size()); i < length;) {
    UChar32 c = 0;
    U8_NEXT(text.data(), i, length, c);
    if (u_islower(c)) return false;
    cased = cased || u_isupper(c);
  }
  return cased;
}

std::size_t CodePoints(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char byte) { return (static_cast<unsigned char>(byte) & 0xc0) != 0x80; }));
}

bool IsHanOrKana(std::int32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || c >= 0x20000 || (c >= 0xFF66 && c <= 0xFF9F);
}
bool IsKana(std::int32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xFF66 && c <= 0xFF9F);
}

// The stem that Russian and Ukrainian case endings follow: "росси" for "россия", "южн" for "южная", "вьетнам";
// "" for words that do not decline (ending in -о, -е, -и, -у: "мали", "перу", "того") and abbreviations.
std::string CyrillicStem(const std::string& word, bool abbreviation) {
  if (abbreviation) return "";
  const auto drop = [&](std::size_t letters) { return word.substr(0, word.size() - 2 * letters); };  // 2 bytes each
  if (EndsWithAny(word, {"ия", "ія"})) return drop(1);
  if (CodePoints(word) >= 5 && EndsWithAny(word, {"ая", "яя", "ое", "ее", "ые", "ие", "ий", "ый", "ой"}))
    return drop(2);
  if (EndsWithAny(word, {"а", "я", "й", "ь", "ы"})) return drop(1);
  if (EndsWithAny(word, {"о", "е", "и", "у", "э", "ю", "і", "ї", "є"})) return "";
  return word;
}

// A name as the index compares it, before it is merged with its other spellings.
struct Draft {
  std::string key;  // script and words: two spellings with the same key are one name
  Name name;
  std::vector<std::string> exact;
};

std::optional<Draft> MakeDraft(std::string_view text) {
  const NormalizedText normalized = Normalize(text);
  if (normalized.tokens.empty()) return std::nullopt;
  Draft draft;
  Name& name = draft.name;
  name.script = ScriptOfWord(normalized.ExactWord(0));
  std::string joined;
  for (std::size_t i = 0; i < normalized.tokens.size(); ++i) {
    const std::string_view exact = normalized.ExactWord(i);
    if ((ScriptOfWord(exact) == Script::kDictionary) != (name.script == Script::kDictionary)) return std::nullopt;
    const Token& token = normalized.tokens[i];
    const std::string_view source = std::string_view(normalized.source).substr(token.start, token.end - token.start);
    if (name.script == Script::kDictionary) {
      for (std::int32_t at = 0, length = static_cast<std::int32_t>(exact.size()); at < length;) {
        const std::int32_t start = at;
        UChar32 c = 0;
        U8_NEXT(exact.data(), at, length, c);
        if (c != 0x0E2F && c != 0x0EAF) joined.append(exact.substr(start, at - start));  // Thai and Lao "ฯ"
      }
      continue;
    }
    if (i > 0) {
      std::string marks;
      const Token& previous = normalized.tokens[i - 1];
      for (char byte : std::string_view(normalized.source).substr(previous.end, token.start - previous.end)) {
        if (byte != ' ') marks.push_back(byte);
      }
      name.gap_marks.push_back(std::move(marks));
    }
    name.words.push_back(name.script == Script::kCyrillic ? CyrillicForm(exact)
                         : name.script == Script::kHangul ? std::string(exact)
                                                          : std::string(normalized.FoldedWord(i)));
    draft.exact.emplace_back(exact);
    const std::int32_t first = FirstCodePoint(source);
    name.capital.push_back(u_isupper(first) || u_istitle(first));
    name.abbreviation = name.abbreviation && InCapitals(source);
  }
  if (name.script == Script::kDictionary) name.words = {joined};
  name.abbreviation = name.abbreviation && CodePoints(text) >= 2 && name.script != Script::kDictionary;
  draft.key = std::string(1, static_cast<char>('0' + static_cast<int>(name.script)));
  for (const std::string& word : name.words) draft.key += " " + word;
  return draft;
}

class Builder {
 public:
  explicit Builder(std::vector<std::string_view> dropped) : dropped_(std::move(dropped)) {}

  void Add(std::string_view country, std::string_view text, std::string_view language) {
    if (IsDropped(text)) return;
    for (const std::string& spelling : Spellings(text, language)) {
      // German inflections keep their capital; without it they are words elsewhere ("chinas", "cubas": Spanish).
      const bool inflected = language == "de" && spelling != text;
      if (!IsDropped(spelling)) AddSpelling(country, spelling, inflected ? kCapitalised : 0);
    }
  }

  void SetRule(std::string_view text, std::uint16_t rule, const VietnameseShortName* vietnamese = nullptr) {
    std::optional<Draft> draft = MakeDraft(text);
    if (!draft) return;
    const auto found = by_key_.find(draft->key);
    if (found == by_key_.end()) return;
    Name& name = names_[found->second];
    name.rules |= rule;
    if (vietnamese != nullptr) name.vietnamese = vietnamese;
  }

  std::unique_ptr<Gazetteer::Index> Finish();

 private:
  void AddSpelling(std::string_view country, std::string_view text, std::uint16_t rules) {
    std::optional<Draft> draft = MakeDraft(text);
    if (!draft) return;
    const auto [found, inserted] = by_key_.try_emplace(draft->key, names_.size());
    if (inserted) {
      draft->name.country = std::string(country);
      draft->name.exact.resize(draft->name.words.size());
      draft->name.marks.resize(draft->name.words.size());
      names_.push_back(std::move(draft->name));
    }
    Name& name = names_[found->second];
    name.rules |= rules;
    if (name.country != country) {
      // A stopped phrase stays stopped; a name two countries claim is left out.
      name.country = name.country.empty() || country.empty() ? "" : "?";
    }
    if (!inserted) {
      name.abbreviation = name.abbreviation && draft->name.abbreviation;
      for (std::size_t i = 0; i < name.capital.size(); ++i) name.capital[i] = name.capital[i] && draft->name.capital[i];
      for (std::size_t i = 0; i < name.gap_marks.size(); ++i) name.gap_marks[i] += draft->name.gap_marks[i];
    }
    for (std::size_t i = 0; i < draft->exact.size(); ++i) {
      std::vector<std::string>& forms = name.exact[i];
      if (std::find(forms.begin(), forms.end(), draft->exact[i]) != forms.end()) continue;
      forms.push_back(draft->exact[i]);
      name.marks[i].push_back(MarkSignature(draft->exact[i]));
    }
  }

  bool IsDropped(std::string_view text) const {
    return std::find(dropped_.begin(), dropped_.end(), text) != dropped_.end();
  }

  std::vector<std::string_view> dropped_;
  StringMap<std::size_t> by_key_;
  std::vector<Name> names_;
};

std::unique_ptr<Gazetteer::Index> Builder::Finish() {
  auto index = std::make_unique<Gazetteer::Index>();
  index->first_characters.assign(0x10000, false);
  index->first_pairs.assign(0x10000, false);
  for (Name& name : names_) {
    if (name.country == "?") continue;  // claimed by two countries
    if (name.abbreviation) name.rules |= kAbbreviation;
    if (name.vietnamese != nullptr) name.rules |= kCapitalised | kExactAccents;
    if (name.script == Script::kCyrillic) {
      name.rules |= kCapitalised;
      for (const std::string& word : name.words) name.stems.push_back(CyrillicStem(word, name.abbreviation));
    }
    if (name.script == Script::kDictionary) {
      const std::int32_t first = FirstCodePoint(name.words[0]);
      const std::size_t length = CodePoints(name.words[0]);
      if (!IsHanOrKana(first) && length >= 3) name.rules |= kStartInside;
      // A short name ends where a word ends ("タイトル" is not Thailand), but Chinese "…国" names end anywhere
      // ("中国银行") and other Chinese names before a suffix (kHan: "日本人"; "马里兰" is Maryland, not Mali).
      const bool state = name.words[0].ends_with("国") || name.words[0].ends_with("國");
      if (length <= (IsKana(first) ? 3u : 2u) && !state) name.rules |= kEndAtWord;
      if (IsHanOrKana(first) && !IsKana(first)) name.rules |= kHan;
    }
    index->names.push_back(std::move(name));
  }
  // Lists of names by what they begin with, the longest first: more words, then more bytes.
  StringMap<std::vector<std::uint32_t>> words;
  StringMap<std::vector<std::uint32_t>> cyrillic;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> characters;
  for (std::uint32_t id = 0; id < index->names.size(); ++id) {
    const Name& name = index->names[id];
    const std::string& first_word = name.words[0];
    if (name.script == Script::kDictionary) {
      std::int32_t at = 0;
      UChar32 first = 0;
      UChar32 second = 0;
      U8_NEXT(first_word.data(), at, static_cast<std::int32_t>(first_word.size()), first);
      U8_NEXT(first_word.data(), at, static_cast<std::int32_t>(first_word.size()), second);  // names have two
      characters[CharacterPair(first, second)].push_back(id);
      index->first_pairs[PairSlot(CharacterPair(first, second))] = true;
      if (first < 0x10000) index->first_characters[static_cast<std::size_t>(first)] = true;
    } else if (name.script == Script::kCyrillic) {
      cyrillic[std::string(CyrillicKey(first_word))].push_back(id);
    } else {
      words[first_word].push_back(id);
      if ((name.rules & kAbbreviation) != 0) index->abbreviations.insert(first_word);
    }
  }
  const auto longest_first = [&](std::vector<std::uint32_t>& ids) {
    std::sort(ids.begin(), ids.end(), [&](std::uint32_t a, std::uint32_t b) {
      const Name& left = index->names[a];
      const Name& right = index->names[b];
      if (left.words.size() != right.words.size()) return left.words.size() > right.words.size();
      return left.words.back().size() > right.words.back().size();
    });
  };
  const auto candidates = [&](std::vector<std::uint32_t>& ids) {
    longest_first(ids);
    std::vector<Candidate> list;
    for (const std::uint32_t id : ids) {
      const Name& name = index->names[id];
      const bool folded = name.script == Script::kSpaced || name.script == Script::kArabic;
      list.push_back(Candidate{id, static_cast<std::uint32_t>(name.words.size()),
                               folded && name.words.size() > 1 ? WordHash(name.words[1]) : 0});
    }
    return list;
  };
  StringMap<std::vector<Candidate>> word_lists;
  for (auto& [key, ids] : words) word_lists.emplace(key, candidates(ids));
  index->words = CandidateTable(std::move(word_lists));
  StringMap<std::vector<Candidate>> cyrillic_lists;
  for (auto& [key, ids] : cyrillic) cyrillic_lists.emplace(key, candidates(ids));
  index->cyrillic = CandidateTable(std::move(cyrillic_lists));
  for (auto& [pair, ids] : characters) {
    longest_first(ids);
    std::vector<CharacterCandidate>& list = index->characters[pair];
    for (const std::uint32_t id : ids) list.push_back({id, index->names[id].rules, index->names[id].words[0]});
  }
  for (std::string_view title : Split(VietnameseTitles(), '|')) index->vietnamese_titles.emplace(title);
  for (std::string_view word : Split(VietnameseNotAfter(), '|')) index->vietnamese_not_after.emplace(word);
  for (std::string_view word : Split(VietnameseNotBefore(), '|')) index->vietnamese_not_before.emplace(word);
  for (std::string_view particle : Split(KoreanParticles(), '|')) index->korean_particles.emplace(particle);
  return index;
}

std::string DisplayName(const icu::Locale& region, const icu::Locale& language) {
  icu::UnicodeString name;
  region.getDisplayCountry(language, name);
  std::string out;
  name.toUTF8String(out);
  return out;
}

// ICU's short and variant names ("UK", "Congo (DRC)") of one language, as (code, name).
std::vector<std::pair<std::string, std::string>> AlternativeNames(const std::string& language) {
  std::vector<std::pair<std::string, std::string>> names;
  UErrorCode status = U_ZERO_ERROR;
  UResourceBundle* bundle = ures_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "region", language.c_str(), &status);
  for (const char* table_key : {"Countries%short", "Countries%variant"}) {
    UErrorCode table_status = U_ZERO_ERROR;
    UResourceBundle* table = ures_getByKey(bundle, table_key, nullptr, &table_status);
    while (U_SUCCESS(table_status) && ures_hasNext(table)) {
      UErrorCode entry_status = U_ZERO_ERROR;
      const char* code = nullptr;
      std::int32_t length = 0;
      const UChar* text = ures_getNextString(table, &length, &code, &entry_status);
      if (U_FAILURE(entry_status) || code == nullptr) continue;
      std::string name;
      icu::UnicodeString(text, length).toUTF8String(name);
      names.emplace_back(code, std::move(name));
    }
    ures_close(table);
  }
  ures_close(bundle);
  return names;
}

}  // namespace
}  // namespace gazetteer

std::vector<std::string> Gazetteer::DefaultLanguages() {
  return {"en",      "vi", "fr", "de", "es", "pt", "it", "ru", "uk", "zh",
          "zh_Hant", "ja", "ko", "th", "km", "lo", "my", "id", "ms", "ar"};
}

std::shared_ptr<const Gazetteer> Gazetteer::Build(const std::vector<std::string>& languages) {
  using namespace gazetteer;
  // ISO 3166-1 as ICU lists it, less CLDR's own regions: Diego Garcia is IO already; Ceuta, Melilla and the Canary
  // Islands are Spain.
  std::vector<std::pair<std::string, std::string>> countries;  // (ICU region, reported code)
  for (const char* const* code = icu::Locale::getISOCountries(); *code != nullptr; ++code) {
    const std::string region = *code;
    if (region == "DG") continue;
    countries.emplace_back(region, region == "EA" || region == "IC" ? "ES" : region);
  }
  Builder builder(Split(DroppedNames(), '|'));
  for (const std::string& language : languages) {
    const icu::Locale display(language.c_str());
    for (const auto& [region, code] : countries) {
      const std::string name = DisplayName(icu::Locale("", region.c_str()), display);
      if (name != region) builder.Add(code, name, language);
    }
    for (const auto& [region, name] : AlternativeNames(language)) {
      const auto country =
          std::find_if(countries.begin(), countries.end(), [&](const auto& c) { return c.first == region; });
      // Abbreviations come from the press table, with their rules ("US" is also a word).
      if (country == countries.end() || InCapitals(name) || name.find('.') != std::string::npos) continue;
      builder.Add(country->second, name, language);
    }
  }
  for (const CountryNames& entry : Capitals()) {
    for (std::string_view name : Split(entry.names, '|')) builder.Add(entry.country, name, "");
  }
  for (const CountryNames& entry : PressNames()) {
    for (std::string_view name : Split(entry.names, '|')) builder.Add(entry.country, name, "");
  }
  for (std::string_view phrase : Split(StoppedPhrases(), '|')) builder.Add("", phrase, "");
  for (std::string_view name : Split(CapitalisedNames(), '|')) builder.SetRule(name, kCapitalised);
  for (std::string_view name : Split(ExactAccentNames(), '|')) builder.SetRule(name, kExactAccents);
  for (std::string_view name : Split(NotBetweenCapitalsNames(), '|')) builder.SetRule(name, kNotBetweenCapitals);
  for (std::string_view name : Split(KoreanWholeWordNames(), '|')) builder.SetRule(name, kWholeWord);
  for (const VietnameseShortName& name : VietnameseShortNames()) builder.SetRule(name.name, 0, &name);
  return std::make_shared<const Gazetteer>(builder.Finish());
}

Gazetteer::Gazetteer(std::unique_ptr<const Index> index) : index_(std::move(index)) {}
Gazetteer::~Gazetteer() = default;

std::size_t Gazetteer::name_count() const { return index_->names.size(); }

}  // namespace chancery::monitor
