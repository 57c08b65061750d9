// Finding names in an article (the rules are in gazetteer.hpp).
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>

#include "modules/monitor/gazetteer.hpp"
#include "modules/monitor/gazetteer_index.hpp"

namespace chancery::monitor {
namespace gazetteer {

Script ScriptOf(std::int32_t c) {
  if (c < 0x0400) return Script::kSpaced;
  if (c <= 0x052F) return Script::kCyrillic;
  if ((c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F)) return Script::kArabic;
  if ((c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F)) {
    return Script::kHangul;
  }
  // As monitor_text.cpp: Thai, Lao, Myanmar, Khmer, CJK and kana.
  if ((c >= 0x0E00 && c <= 0x0EFF) || (c >= 0x1000 && c <= 0x109F) || (c >= 0x1780 && c <= 0x17FF) ||
      (c >= 0x19E0 && c <= 0x19FF) || (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
      (c >= 0xFF66 && c <= 0xFF9F) || (c >= 0x20000 && c <= 0x3FFFF)) {
    return Script::kDictionary;
  }
  return Script::kSpaced;
}

Script ScriptOfWord(std::string_view word) {
  if (word.empty() || static_cast<unsigned char>(word[0]) < 0x80) return Script::kSpaced;
  std::int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(word.data(), i, static_cast<std::int32_t>(word.size()), c);
  return ScriptOf(c);
}

std::string MarkSignature(std::string_view exact_word) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return "";
  const icu::UnicodeString decomposed = nfd->normalize(
      icu::UnicodeString::fromUTF8(icu::StringPiece(exact_word.data(), static_cast<std::int32_t>(exact_word.size()))),
      status);
  std::u32string marks;
  for (std::int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (c == 0x0111 || u_charType(c) == U_NON_SPACING_MARK) marks.push_back(static_cast<char32_t>(c));
  }
  std::sort(marks.begin(), marks.end());
  std::string out;
  for (const char32_t c : marks) icu::UnicodeString(static_cast<UChar32>(c)).toUTF8String(out);
  return out;
}

std::string CyrillicForm(std::string_view exact_word) {
  std::string form(exact_word);
  for (std::size_t at = form.find("ё"); at != std::string::npos; at = form.find("ё", at)) form.replace(at, 2, "е");
  return form;
}

std::string_view CyrillicKey(std::string_view word) {
  std::size_t end = 0;
  for (int letters = 0; letters < 3 && end < word.size(); ++letters) {
    do ++end;
    while (end < word.size() && (static_cast<unsigned char>(word[end]) & 0xc0) == 0x80);
  }
  return word.substr(0, end);
}

bool IsCyrillicEnding(std::string_view ending) {
  static constexpr std::string_view kEndings[] = {
      "а",  "я",  "у",  "ю",  "е",   "и",   "ы",   "і",   "ї",   "ой",  "ей",  "ом", "ем", "ою", "ею", "єю",
      "ам", "ям", "ах", "ях", "ами", "ями", "ов",  "ев",  "ів",  "ая",  "яя",  "ую", "юю", "ое", "ее", "ые",
      "ие", "ых", "их", "ым", "им",  "ыми", "ими", "ого", "его", "ому", "ему", "ий", "ый", "ій", "ої"};
  return std::find(std::begin(kEndings), std::end(kEndings), ending) != std::end(kEndings);
}

namespace {

// Part of a word that is compared: the whole token, or what an elision, a possessive, a particle or a proclitic
// leaves of it.
struct View {
  std::string_view folded;
  std::string_view exact;
  std::uint32_t source_offset = 0;  // where the view begins in the token's source text
  bool single_word_only = false;    // something was cut from its end: only one-word names may match
};

bool IsSpace(UChar32 c) { return c == ' ' || c == '\t' || c == 0xA0 || c == 0x2009 || c == 0x202F || c == 0x200B; }

template <typename Predicate>
bool AllCodePoints(std::string_view text, Predicate predicate) {
  for (std::int32_t i = 0, length = static_cast<std::int32_t>(text.size()); i < length;) {
    UChar32 c = 0;
    U8_NEXT(text.data(), i, length, c);
    if (!predicate(c)) return false;
  }
  return true;
}

bool IsSentenceBreak(UChar32 c) {
  switch (c) {
    case '.':
    case '!':
    case '?':
    case ';':
    case ':':
    case '\n':
    case '\r':
    case '"':
    case '(':
    case '[':
    case 0x2026:
    case 0x201C:
    case 0x201D:
    case 0x00AB:
    case 0x00BB:
    case 0x3002:
    case 0xFF01:
    case 0xFF1F: return true;
    default: return false;
  }
}

// Between two words of a name in a text: spaces, hyphens, brackets, "&", or punctuation the name itself has there.
bool NameGapAllows(std::string_view gap, std::string_view name_marks) {
  return AllCodePoints(gap, [&](UChar32 c) {
    if (IsSpace(c) || c == '-' || c == '(' || c == ')' || c == '&' || c == '/' || (c >= 0x2010 && c <= 0x2014)) {
      return true;
    }
    char bytes[U8_MAX_LENGTH];
    std::int32_t length = 0;
    UBool error = false;
    U8_APPEND(bytes, length, U8_MAX_LENGTH, c, error);
    return !error &&
           name_marks.find(std::string_view(bytes, static_cast<std::size_t>(length))) != std::string_view::npos;
  });
}

// Between two words of a script written without spaces that a name may span.
bool RunGapAllows(std::string_view gap) {
  return AllCodePoints(gap, [](UChar32 c) {
    return IsSpace(c) || c == '(' || c == ')' || c == 0xFF08 || c == 0xFF09 || c == 0x30FB || c == 0xB7 || c == '-';
  });
}

// Whether the character at `at` is one that follows a country's name inside a Chinese or Japanese word: person,
// state, team, nationality, army, side, city, capital ("日本人", "北京市", "东京都").
bool IsHanSuffix(std::string_view characters, std::size_t at) {
  static constexpr std::string_view kSuffixes[] = {"人", "国", "國", "队", "隊", "籍", "军", "軍", "方", "市", "都"};
  const std::string_view rest = characters.substr(at);
  return std::any_of(std::begin(kSuffixes), std::end(kSuffixes),
                     [&](std::string_view s) { return rest.starts_with(s); });
}

// Whether a name found at [start, stop) of a run's characters would cut a written syllable: a mark after it (Thai
// "ลาว" in "เวลาว่าง"), or, inside a word, a vowel written before the consonant (Thai and Lao "เ", "ไ"...) or a
// subscript sign (Khmer coeng, Myanmar virama) before it.
bool CutsSyllable(std::string_view characters, std::size_t start, std::size_t stop) {
  const auto length = static_cast<std::int32_t>(characters.size());
  if (stop < characters.size()) {
    auto at = static_cast<std::int32_t>(stop);
    UChar32 next = 0;
    U8_NEXT(characters.data(), at, length, next);
    const std::int8_t type = u_charType(next);
    if (type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK) return true;
  }
  if (start == 0) return false;
  auto at = static_cast<std::int32_t>(start);
  UChar32 previous = 0;
  U8_PREV(characters.data(), 0, at, previous);
  return (previous >= 0x0E40 && previous <= 0x0E44) || (previous >= 0x0EC0 && previous <= 0x0EC4) ||
         previous == 0x17D2 || previous == 0x1039;
}

// The article's text with questions about its words' spelling.
class Text {
 public:
  explicit Text(const NormalizedText& text) : text_(text) {}
  std::size_t size() const { return text_.tokens.size(); }
  std::string_view Folded(std::size_t i) const { return text_.FoldedWord(i); }
  std::string_view Exact(std::size_t i) const { return text_.ExactWord(i); }
  std::string_view Source(std::size_t i) const {
    const Token& token = text_.tokens[i];
    return std::string_view(text_.source).substr(token.start, token.end - token.start);
  }
  // What separates word i from the one before (everything before the first word for i == 0).
  std::string_view Gap(std::size_t i) const {
    const std::uint32_t start = i == 0 ? 0 : text_.tokens[i - 1].end;
    return std::string_view(text_.source).substr(start, text_.tokens[i].start - start);
  }
  bool SpaceBefore(std::size_t i) const { return i > 0 && AllCodePoints(Gap(i), IsSpace); }
  bool SentenceStartsAt(std::size_t i) const {
    return i == 0 || !AllCodePoints(Gap(i), [](UChar32 c) { return !IsSentenceBreak(c); });
  }
  bool Capitalised(std::size_t i, std::uint32_t offset = 0) const {
    const std::string_view source = Source(i).substr(offset);
    std::int32_t at = 0;
    UChar32 c = 0;
    if (source.empty()) return false;
    U8_NEXT(source.data(), at, static_cast<std::int32_t>(source.size()), c);
    return u_isupper(c) || u_istitle(c);
  }
  // Every cased letter is a capital, and there are `letters` of them at least.
  bool InCapitals(std::size_t i, int letters = 1) const {
    int capitals = 0;
    const bool none_lower = AllCodePoints(Source(i), [&](UChar32 c) {
      capitals += u_isupper(c) ? 1 : 0;
      return !u_islower(c);
    });
    return none_lower && capitals >= letters;
  }

 private:
  const NormalizedText& text_;
};

// Mentions so far: (country, title mentions, body mentions).
struct Tally {
  struct Entry {
    const std::string* country;
    int title = 0;
    int body = 0;
  };
  std::vector<Entry> entries;

  void Add(const std::string& country, bool title) {
    auto found = std::find_if(entries.begin(), entries.end(), [&](const Entry& e) { return *e.country == country; });
    if (found == entries.end()) found = entries.insert(entries.end(), Entry{&country});
    ++(title ? found->title : found->body);
  }
};

class Scanner {
 public:
  Scanner(const Gazetteer::Index& index, const NormalizedText& text) : index_(index), text_(text) {}

  void Scan(bool title, Tally& tally) {
    for (std::size_t i = 0; i < text_.size();) {
      const Script script = ScriptOfWord(text_.Exact(i));
      if (script == Script::kDictionary) {
        i = ScanRun(i, title, tally);
        continue;
      }
      const Name* name = nullptr;
      const std::size_t words = MatchAt(i, script, name);
      if (words == 0) {
        ++i;
        continue;
      }
      if (!name->country.empty()) tally.Add(name->country, title);
      i += words;
    }
  }

 private:
  // The longest name that begins at word i and its rules allow: the number of its words, 0 for none.
  std::size_t MatchAt(std::size_t i, Script script, const Name*& found) const {
    const std::string_view folded = text_.Folded(i);
    if (script == Script::kCyrillic) {
      const std::string word = CyrillicForm(text_.Exact(i));
      return TryKey(index_.cyrillic, CyrillicKey(word), i, View{folded, text_.Exact(i)}, found);
    }
    const std::string_view exact = script == Script::kArabic ? folded : text_.Exact(i);
    const std::string_view key = script == Script::kHangul ? exact : folded;
    if (const std::size_t words = TryKey(index_.words, key, i, View{folded, exact}, found)) return words;
    switch (script) {
      case Script::kSpaced: return MatchAroundApostrophe(i, found);
      case Script::kHangul: return MatchBeforeParticle(i, found);
      case Script::kArabic: return MatchAfterProclitic(i, found);
      default: return 0;
    }
  }

  std::size_t TryKey(const CandidateTable& table, std::string_view key, std::size_t i, const View& view,
                     const Name*& found) const {
    const std::vector<Candidate>* candidates = key.empty() ? nullptr : table.Find(key);
    return candidates == nullptr ? 0 : TryNames(*candidates, i, view, found);
  }

  // "dell'Italia" (an Italian elision: Normalize drops the French ones, "l'Allemagne") and "China's" (a possessive).
  std::size_t MatchAroundApostrophe(std::size_t i, const Name*& found) const {
    const std::string_view folded = text_.Folded(i);
    if (std::none_of(folded.begin(), folded.end(), [](char byte) { return byte == '\'' || byte == '\xe2'; })) return 0;
    const auto apostrophe = [](std::string_view word) {
      const std::size_t ascii = word.find('\'');
      return ascii != std::string_view::npos ? std::pair{ascii, std::size_t{1}}
                                             : std::pair{word.find("’"), std::size_t{3}};
    };
    const auto [at, width] = apostrophe(folded);
    if (at == std::string_view::npos) return 0;
    const std::string_view exact = text_.Exact(i);
    const auto [exact_at, exact_width] = apostrophe(exact);
    const auto [source_at, source_width] = apostrophe(text_.Source(i));
    if (exact_at == std::string_view::npos || source_at == std::string_view::npos) return 0;
    static constexpr std::string_view kElisions[] = {"dell", "all", "nell", "dall", "sull", "coll", "un"};
    if (std::find(std::begin(kElisions), std::end(kElisions), folded.substr(0, at)) != std::end(kElisions)) {
      const View after{folded.substr(at + width), exact.substr(exact_at + exact_width),
                       static_cast<std::uint32_t>(source_at + source_width)};
      if (const std::size_t words = TryKey(index_.words, after.folded, i, after, found)) return words;
    }
    if (folded.substr(at + width) != "s") return 0;
    const View before{folded.substr(0, at), exact.substr(0, exact_at), 0, true};
    return TryKey(index_.words, before.folded, i, before, found);
  }

  // A particle in the same word: "미국은", "서울에서" (Hangul syllables are three bytes).
  std::size_t MatchBeforeParticle(std::size_t i, const Name*& found) const {
    const std::string_view exact = text_.Exact(i);
    for (std::size_t syllables = 1; syllables <= 3 && exact.size() > 3 * syllables; ++syllables) {
      if (!index_.korean_particles.contains(exact.substr(exact.size() - 3 * syllables))) continue;
      const std::string_view stem = exact.substr(0, exact.size() - 3 * syllables);
      return TryKey(index_.words, stem, i, View{stem, stem, 0, true}, found);
    }
    return 0;
  }

  // A proclitic: "و" and, "ف" so, "ب" in, "ل" for, "ك" as; "لل" is "ل" before "ال".
  std::size_t MatchAfterProclitic(std::size_t i, const Name*& found) const {
    const std::string_view folded = text_.Folded(i);
    if (folded.size() <= 4) return 0;
    if (folded.starts_with("لل")) {
      const std::string rewritten = "ا" + std::string(folded.substr(2));
      return TryKey(index_.words, rewritten, i, View{rewritten, rewritten}, found);
    }
    for (std::string_view clitic : {"وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك"}) {
      if (!folded.starts_with(clitic)) continue;
      const std::string_view rest = folded.substr(clitic.size());
      return TryKey(index_.words, rest, i, View{rest, rest}, found);
    }
    return 0;
  }

  std::size_t TryNames(const std::vector<Candidate>& candidates, std::size_t i, const View& first,
                       const Name*& found) const {
    std::uint32_t next = 0;       // WordHash of the next word
    std::uint32_t next_bare = 0;  // the same without a possessive ("Korea's")
    for (const Candidate& candidate : candidates) {
      if ((first.single_word_only && candidate.words != 1) || i + candidate.words > text_.size()) continue;
      if (candidate.second_word != 0) {
        if (next == 0) {
          std::string_view word = text_.Folded(i + 1);
          next = WordHash(word);
          if (word.ends_with("'s")) word.remove_suffix(2);
          if (word.ends_with("’s")) word.remove_suffix(4);
          next_bare = WordHash(word);
        }
        if (candidate.second_word != next && candidate.second_word != next_bare) continue;
      }
      const Name& name = index_.names[candidate.id];
      if (first.single_word_only && (name.rules & kWholeWord) != 0) continue;
      if (!WordsMatch(name, i, first) || !RulesAllow(name, i, first)) continue;
      found = &name;
      return candidate.words;
    }
    return 0;
  }

  // The words first, then their accents: most candidates fail on a word, and accents cost more to compare.
  bool WordsMatch(const Name& name, std::size_t i, const View& first) const {
    const std::size_t words = name.words.size();
    for (std::size_t k = 0; k < words; ++k) {
      if (k > 0 && !NameGapAllows(text_.Gap(i + k), name.gap_marks[k - 1])) return false;
      View view = ViewOf(name, i, k, first);
      if (!WordFits(name, k, view, k + 1 == words)) return false;
    }
    if (name.script == Script::kCyrillic || name.script == Script::kHangul) return true;
    for (std::size_t k = 0; k < words; ++k) {
      View view = ViewOf(name, i, k, first);
      if (!WordFits(name, k, view, k + 1 == words) || !AccentsFit(name, k, view)) return false;
    }
    return true;
  }

  View ViewOf(const Name& name, std::size_t i, std::size_t k, const View& first) const {
    View view = k == 0 ? first : View{text_.Folded(i + k), text_.Exact(i + k)};
    if (name.script == Script::kArabic) view.exact = view.folded;  // vowel marks are seldom written
    return view;
  }

  // Whether the word is the name's word k, whatever its accents; a possessive is cut from `view`.
  bool WordFits(const Name& name, std::size_t k, View& view, bool last) const {
    const std::string& word = name.words[k];
    switch (name.script) {
      case Script::kCyrillic: {
        const std::string form = CyrillicForm(view.exact);
        const std::string& stem = name.stems[k];
        return form == word || (!stem.empty() && form.size() > stem.size() && form.starts_with(stem) &&
                                IsCyrillicEnding(std::string_view(form).substr(stem.size())));
      }
      case Script::kHangul:
        return view.exact == word || (last && (name.rules & kWholeWord) == 0 && view.exact.starts_with(word) &&
                                      index_.korean_particles.contains(view.exact.substr(word.size())));
      default: break;
    }
    if (view.folded == word) return true;
    // A possessive on the last word of a longer name: "South Korea's".
    const std::size_t cut = view.folded.ends_with("'s") ? 2 : view.folded.ends_with("’s") ? 4 : 0;
    if (!last || cut == 0 || view.folded.substr(0, view.folded.size() - cut) != word) return false;
    view.folded.remove_suffix(cut);
    view.exact.remove_suffix(std::min(cut, view.exact.size()));
    return true;
  }

  // The same accents, or none at all (a text typed without them), unless the accents decide.
  static bool AccentsFit(const Name& name, std::size_t k, const View& view) {
    if ((name.rules & kExactAccents) == 0 && view.exact == view.folded) return true;
    const std::vector<std::string>& forms = name.exact[k];
    if (std::find(forms.begin(), forms.end(), view.exact) != forms.end()) return true;
    const std::string signature = MarkSignature(view.exact);
    return std::find(name.marks[k].begin(), name.marks[k].end(), signature) != name.marks[k].end();
  }

  bool RulesAllow(const Name& name, std::size_t i, const View& first) const {
    const std::size_t words = name.words.size();
    if ((name.rules & kCapitalised) != 0) {
      for (std::size_t k = 0; k < words; ++k) {
        if (name.capital[k] && !text_.Capitalised(i + k, k == 0 ? first.source_offset : 0)) return false;
      }
    }
    if ((name.rules & kAbbreviation) != 0) {
      for (std::size_t k = 0; k < words; ++k) {
        if (!text_.InCapitals(i + k)) return false;
      }
    }
    if ((name.rules & kNotBetweenCapitals) != 0 && (Shouting(i, i - 1) || Shouting(i + words - 1, i + words))) {
      return false;
    }
    return name.vietnamese == nullptr || VietnameseAllows(*name.vietnamese, i);
  }

  // Whether a country's name begins at word i ("Nga Ukraine"; not "Tho" in "Mỹ Tho", although "Thổ Nhĩ Kỳ" is).
  bool BeginsCountry(std::size_t i) const {
    const Name* name = nullptr;
    return MatchAt(i, ScriptOfWord(text_.Exact(i)), name) > 0 && !name->country.empty();
  }

  // Whether the neighbour of word i is a word in capitals in the same sentence, and not an abbreviation itself.
  bool Shouting(std::size_t i, std::size_t neighbour) const {
    if (neighbour >= text_.size()) return false;  // also i == 0, neighbour wrapped around
    if (text_.SentenceStartsAt(std::max(i, neighbour))) return false;
    return text_.InCapitals(neighbour, 2) && !index_.abbreviations.contains(text_.Folded(neighbour));
  }

  // Rule 3 of gazetteer.hpp, for a Vietnamese short name at word i (its accents and capital already checked).
  bool VietnameseAllows(const VietnameseShortName& rule, std::size_t i) const {
    const bool in_capitals = text_.InCapitals(i);
    // In text all in capitals, a neighbour's capital says nothing.
    const auto capitalised = [&](std::size_t j) {
      return text_.Capitalised(j) && !(in_capitals && text_.InCapitals(j));
    };
    if (rule.not_at_sentence_start && text_.SentenceStartsAt(i)) return false;
    const bool joined_before = text_.SpaceBefore(i);
    if (joined_before && (index_.vietnamese_not_after.contains(text_.Exact(i - 1)) || capitalised(i - 1))) return false;
    if (i + 1 >= text_.size() || !text_.SpaceBefore(i + 1)) return true;
    const std::string_view next = text_.Exact(i + 1);
    if (index_.vietnamese_not_before.contains(next)) return false;
    for (std::string_view blocker = rule.blockers; !blocker.empty();) {
      const std::size_t end = std::min(blocker.find(' '), blocker.size());
      if (blocker.substr(0, end) == next) return false;
      blocker.remove_prefix(std::min(end + 1, blocker.size()));
    }
    if (!capitalised(i + 1) || BeginsCountry(i + 1)) return true;
    // Before a capitalised word: a person's name after a title ("Tổng thống Mỹ Joe Biden"), else a place or a name.
    if (!joined_before || rule.surname) return false;
    if (index_.vietnamese_titles.contains(text_.Exact(i - 1))) return true;
    if (i < 2 || !text_.SpaceBefore(i - 1)) return false;
    const std::string two = std::string(text_.Exact(i - 2)) + " " + std::string(text_.Exact(i - 1));
    return index_.vietnamese_titles.contains(two);
  }

  // A run of words in a script written without spaces, from word i: names are looked for across the words' exact
  // characters. Returns the first word after the run.
  std::size_t ScanRun(std::size_t i, bool title, Tally& tally) {
    characters_.clear();
    word_edges_.clear();
    std::size_t end = i;
    for (; end < text_.size(); ++end) {
      if (end > i && (!RunGapAllows(text_.Gap(end)) || ScriptOfWord(text_.Exact(end)) != Script::kDictionary)) break;
      const std::string_view exact = text_.Exact(end);
      word_edges_.push_back(static_cast<std::uint32_t>(characters_.size()));
      for (std::int32_t at = 0, length = static_cast<std::int32_t>(exact.size()); at < length;) {
        const std::int32_t start = at;
        UChar32 c = 0;
        U8_NEXT(exact.data(), at, length, c);
        if (c != 0x0E2F && c != 0x0EAF) characters_.append(exact.substr(start, at - start));  // "ฯ", as in names
      }
      word_edges_.push_back(static_cast<std::uint32_t>(characters_.size()));
    }
    boundary_.assign(characters_.size() + 1, 0);  // per byte: 1 a word starts there, 2 a word ends there
    for (std::size_t k = 0; k < word_edges_.size(); k += 2) {
      boundary_[word_edges_[k]] |= 1;
      boundary_[word_edges_[k + 1]] |= 2;
    }
    const auto length = static_cast<std::int32_t>(characters_.size());
    for (std::int32_t at = 0; at < length;) {
      const std::int32_t start = at;
      UChar32 c = 0;
      U8_NEXT(characters_.data(), at, length, c);
      if (c < 0 || at >= length || (c < 0x10000 && !index_.first_characters[static_cast<std::size_t>(c)])) continue;
      std::int32_t after_second = at;
      UChar32 second = 0;
      U8_NEXT(characters_.data(), after_second, length, second);
      const std::uint64_t pair = CharacterPair(c, second);
      if (!index_.first_pairs[PairSlot(pair)]) continue;
      const auto candidates = index_.characters.find(pair);
      if (candidates == index_.characters.end()) continue;
      for (const CharacterCandidate& candidate : candidates->second) {
        const std::string& word = candidate.characters;
        const auto stop = static_cast<std::size_t>(start) + word.size();
        if (stop > characters_.size() || characters_.compare(start, word.size(), word) != 0) continue;
        const bool inside = (boundary_[start] & 1) == 0;
        if (inside && ((candidate.rules & kStartInside) == 0 || (boundary_[stop] & 2) == 0)) continue;
        if (CutsSyllable(characters_, static_cast<std::size_t>(start), stop)) continue;
        if ((candidate.rules & kEndAtWord) != 0 && (boundary_[stop] & 2) == 0 &&
            ((candidate.rules & kHan) == 0 || !IsHanSuffix(characters_, stop))) {
          continue;
        }
        const std::string& country = index_.names[candidate.id].country;
        if (!country.empty()) tally.Add(country, title);
        at = static_cast<std::int32_t>(stop);
        break;
      }
    }
    return end;
  }

  const Gazetteer::Index& index_;
  Text text_;
  std::string characters_;  // ScanRun's working memory
  std::vector<std::uint32_t> word_edges_;
  std::vector<std::uint8_t> boundary_;
};

}  // namespace
}  // namespace gazetteer

std::vector<CountryMention> Gazetteer::Find(const NormalizedText& title, const NormalizedText& body) const {
  gazetteer::Tally tally;
  gazetteer::Scanner(*index_, title).Scan(true, tally);
  gazetteer::Scanner(*index_, body).Scan(false, tally);
  std::sort(tally.entries.begin(), tally.entries.end(), [](const auto& a, const auto& b) {
    const int left = 2 * a.title + a.body;
    const int right = 2 * b.title + b.body;
    return left != right ? left > right : *a.country < *b.country;
  });
  std::vector<CountryMention> mentions;
  mentions.reserve(tally.entries.size());
  for (const auto& entry : tally.entries) {
    mentions.push_back(CountryMention{*entry.country, entry.title + entry.body, entry.title > 0});
  }
  return mentions;
}

}  // namespace chancery::monitor
