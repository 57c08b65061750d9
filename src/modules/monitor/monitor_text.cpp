#include "modules/monitor/monitor_text.hpp"

#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>
#include <unordered_map>

namespace chancery::monitor {
namespace {

constexpr UChar32 kSmallDStroke = 0x0111;  // đ: a letter of its own, with no decomposition

void AppendUtf8(std::string& out, UChar32 c) {
  char buffer[U8_MAX_LENGTH];
  std::int32_t length = 0;
  UBool error = false;
  U8_APPEND(buffer, length, U8_MAX_LENGTH, c, error);
  if (!error) out.append(buffer, static_cast<std::size_t>(length));
}

// The folded form of one code point: case-folded, then its canonical decomposition without the non-spacing marks.
std::string ComputeFold(UChar32 c) {
  std::string folded;
  const UChar32 lower = u_foldCase(c, U_FOLD_CASE_DEFAULT);
  if (lower == kSmallDStroke) return "d";
  if (u_charType(lower) == U_NON_SPACING_MARK) return folded;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString decomposition;
  if (U_SUCCESS(status) && nfd->getDecomposition(lower, decomposition)) {
    for (std::int32_t i = 0; i < decomposition.length();) {
      const UChar32 part = decomposition.char32At(i);
      i += U16_LENGTH(part);
      if (u_charType(part) == U_NON_SPACING_MARK) continue;
      // The base letters fold too: "İ" (U+0130) has no simple case folding of its own, but decomposes to "I".
      const UChar32 base = u_foldCase(part, U_FOLD_CASE_DEFAULT);
      AppendUtf8(folded, base == kSmallDStroke ? 'd' : base);
    }
  } else {
    AppendUtf8(folded, lower);
  }
  return folded;
}

// Cached per thread: a direct table for the alphabets below U+3000 (Latin with Vietnamese, Greek, Cyrillic...),
// a map beyond.
std::string_view FoldCodePoint(UChar32 c) {
  struct Entry {
    char bytes[7];
    std::uint8_t length = 0xff;  // 0xff: not computed yet
  };
  constexpr UChar32 kTableSize = 0x3000;
  if (c < kTableSize) {
    thread_local std::vector<Entry> table(kTableSize);
    Entry& entry = table[static_cast<std::size_t>(c)];
    if (entry.length == 0xff) {
      const std::string folded = ComputeFold(c);
      if (folded.size() > sizeof(entry.bytes)) {
        thread_local std::unordered_map<UChar32, std::string> long_folds;
        return long_folds.emplace(c, folded).first->second;
      }
      std::copy(folded.begin(), folded.end(), entry.bytes);
      entry.length = static_cast<std::uint8_t>(folded.size());
    }
    return {entry.bytes, entry.length};
  }
  thread_local std::unordered_map<UChar32, std::string> cache;
  auto found = cache.find(c);
  if (found == cache.end()) found = cache.emplace(c, ComputeFold(c)).first;
  return found->second;
}

// Appends the folded and exact forms of the word `text` to the two strings.
void FoldInto(std::string_view text, std::string& folded, std::string& exact) {
  std::int32_t i = 0;
  const auto length = static_cast<std::int32_t>(text.size());
  while (i < length) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      const char lower = byte >= 'A' && byte <= 'Z' ? static_cast<char>(byte - 'A' + 'a') : static_cast<char>(byte);
      folded.push_back(lower);
      exact.push_back(lower);
      ++i;
      continue;
    }
    UChar32 c = 0;
    U8_NEXT(text.data(), i, length, c);
    if (c < 0) continue;  // not UTF-8: dropped
    folded.append(FoldCodePoint(c));
    AppendUtf8(exact, u_foldCase(c, U_FOLD_CASE_DEFAULT));
  }
}

// ICU's word iterator, made once per thread (making one loads the rules and dictionaries).
icu::BreakIterator* WordIterator() {
  thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> made(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    return U_SUCCESS(status) ? std::move(made) : nullptr;
  }();
  return iterator.get();
}

// Scripts written without spaces between words, which need ICU's dictionaries.
bool NeedsDictionary(UChar32 c) {
  return (c >= 0x0E00 && c <= 0x0EFF) ||  // Thai, Lao
         (c >= 0x1000 && c <= 0x109F) ||  // Myanmar
         (c >= 0x1780 && c <= 0x17FF) ||  // Khmer
         (c >= 0x19E0 && c <= 0x19FF) ||  // Khmer symbols
         (c >= 0x2E80 && c <= 0x9FFF) ||  // CJK radicals, kana, Han
         (c >= 0xF900 && c <= 0xFAFF) ||  // CJK compatibility ideographs
         (c >= 0xFF66 && c <= 0xFF9F) ||  // half-width katakana
         (c >= 0x20000 && c <= 0x3FFFF);  // Han extensions
}

enum class Class { kOther, kLetter, kDigit, kExtend, kMidLetter, kMidNum, kMidNumLet, kConnector };

// The word-break classes of UAX #29 that matter between letters and digits (what ICU's rules do for scripts
// written with spaces), so that both segmenters cut alike.
Class ClassOf(UChar32 c) {
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return Class::kLetter;
    if (c >= '0' && c <= '9') return Class::kDigit;
    if (c == '_') return Class::kConnector;
    if (c == '@') return Class::kLetter;  // as in ICU's rules: "@name" and e-mail addresses are words
    if (c == ',' || c == ';') return Class::kMidNum;
    if (c == '.' || c == '\'') return Class::kMidNumLet;
    return Class::kOther;
  }
  switch (c) {
    case 0x0387:  // not ':' or '·' and their variants: ICU's root rules split there
    case 0x05F4:
    case 0x2027: return Class::kMidLetter;
    case 0x037E:
    case 0x0589:
    case 0x060C:
    case 0x060D:
    case 0x066C:
    case 0x07F8:
    case 0x2044:
    case 0xFE10:
    case 0xFE14:
    case 0xFE50:
    case 0xFE54:
    case 0xFF0C:
    case 0xFF1B: return Class::kMidNum;
    case 0x2018:
    case 0x2019:
    case 0x2024:
    case 0xFE52:
    case 0xFF07:
    case 0xFF0E: return Class::kMidNumLet;
    case 0x203F:
    case 0x2040:
    case 0x2054:
    case 0xFE33:
    case 0xFE34:
    case 0xFE4D:
    case 0xFE4E:
    case 0xFE4F:
    case 0xFF3F: return Class::kConnector;
    default: break;
  }
  const std::int8_t type = u_charType(c);
  if (type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK ||
      type == U_FORMAT_CHAR) {
    return Class::kExtend;
  }
  if (u_isalpha(c)) return Class::kLetter;
  if (type == U_DECIMAL_DIGIT_NUMBER) return Class::kDigit;
  return Class::kOther;
}

// Word spans [start, end) of a text without dictionary scripts, by the UAX #29 rules for letters and digits:
// letters, digits and connectors run together; "don't", "U.S" and "e.g" stay one word (a MidLetter or MidNumLet
// between letters), "3.14" and "1,000" too (MidNum or MidNumLet between digits); marks extend what precedes.
template <typename Emit>
void SplitWords(std::string_view text, Emit emit) {
  const auto length = static_cast<std::int32_t>(text.size());
  std::int32_t i = 0;
  std::int32_t start = -1;     // the current word's start, or -1
  Class last = Class::kOther;  // the class of the word's last letter or digit
  std::int32_t end = 0;        // the current word's end so far
  while (i < length) {
    const std::int32_t at = i;
    UChar32 c = 0;
    U8_NEXT(text.data(), i, length, c);
    const Class kind = c < 0 ? Class::kOther : ClassOf(c);
    if (kind == Class::kLetter || kind == Class::kDigit || kind == Class::kConnector) {
      if (start < 0) start = at;
      last = kind;
      end = i;
      continue;
    }
    if (kind == Class::kExtend && start >= 0) {
      end = i;
      continue;
    }
    if (start >= 0 && (kind == Class::kMidLetter || kind == Class::kMidNum || kind == Class::kMidNumLet)) {
      // Joins only when the same kind of character follows: letter·letter or digit·digit.
      std::int32_t next = i;
      UChar32 following = 0;
      if (next < length) U8_NEXT(text.data(), next, length, following);
      const Class after = next > i && following >= 0 ? ClassOf(following) : Class::kOther;
      const bool letters =
          last == Class::kLetter && after == Class::kLetter && (kind == Class::kMidLetter || kind == Class::kMidNumLet);
      const bool digits =
          last == Class::kDigit && after == Class::kDigit && (kind == Class::kMidNum || kind == Class::kMidNumLet);
      if (letters || digits) {
        end = i;
        continue;
      }
    }
    if (start >= 0) emit(start, end);
    start = -1;
  }
  if (start >= 0) emit(start, end);
}

std::string ToNfc(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  const icu::StringPiece piece(text.data(), static_cast<std::int32_t>(text.size()));
  if (U_FAILURE(status) || nfc->isNormalizedUTF8(piece, status) || U_FAILURE(status)) return std::string(text);
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  status = U_ZERO_ERROR;
  nfc->normalizeUTF8(0, piece, sink, nullptr, status);
  return U_SUCCESS(status) ? out : std::string(text);
}

}  // namespace

namespace {

// Where a word starts once a French elided article is dropped ("l'Élysée" → "Élysée", "qu’il" → "il"): the
// articles and apostrophes of Lucene's ElisionFilter with FrenchAnalyzer.DEFAULT_ARTICLES, so that analysts find
// "elysee" as they would in Lucene. Normalize drops them until none is left ("t’t’x" → "x"; Lucene drops one), so
// that a folded word never starts with one: a query printed from its folded words parses back to the same words.
std::size_t AfterElision(std::string_view word) {
  static constexpr std::string_view kArticles[] = {"l", "m", "t",     "qu",     "n",      "s",     "j",
                                                   "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"};
  std::size_t apostrophe = 0;
  std::size_t width = 0;
  for (std::size_t i = 0; i < word.size() && i <= 7; ++i) {
    if (word[i] == '\'') {
      apostrophe = i;
      width = 1;
      break;
    }
    if (word.substr(i, 3) == "\u2019") {
      apostrophe = i;
      width = 3;
      break;
    }
  }
  if (width == 0 || apostrophe == 0 || apostrophe + width >= word.size()) return 0;
  // The article as it folds ("Đ’" is "d’", "L’" is "l’"): decided on the source, the elision must agree with the
  // folded word, or a query printed from it would lose an article on parsing again (found by fuzz_query_parser:
  // "Đ’Nội" kept as "d’noi", which parses back as "noi").
  std::string article;
  std::string exact;
  FoldInto(word.substr(0, apostrophe), article, exact);
  for (std::string_view candidate : kArticles) {
    if (article == candidate) return apostrophe + width;
  }
  return 0;
}

}  // namespace

NormalizedText Normalize(std::string_view utf8_text, WordBreak mode) {
  NormalizedText text;
  text.source = ToNfc(utf8_text);
  text.folded.reserve(text.source.size() + 2);
  text.exact.reserve(text.source.size() + 2);
  text.folded.push_back(' ');
  text.exact.push_back(' ');
  const auto add = [&](std::int32_t start, std::int32_t end) {
    while (const std::size_t elided =
               AfterElision(std::string_view(text.source)
                                .substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start)))) {
      start += static_cast<std::int32_t>(elided);
    }
    Token token{.start = static_cast<std::uint32_t>(start),
                .end = static_cast<std::uint32_t>(end),
                .folded = static_cast<std::uint32_t>(text.folded.size()),
                .exact = static_cast<std::uint32_t>(text.exact.size())};
    FoldInto(
        std::string_view(text.source).substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start)),
        text.folded, text.exact);
    token.folded_length = static_cast<std::uint32_t>(text.folded.size()) - token.folded;
    token.exact_length = static_cast<std::uint32_t>(text.exact.size()) - token.exact;
    if (token.folded_length == 0) {  // only marks
      text.exact.resize(token.exact);
      return;
    }
    text.folded.push_back(' ');
    text.exact.push_back(' ');
    text.tokens.push_back(token);
  };
  bool dictionary = mode == WordBreak::kIcu;
  for (std::int32_t i = 0, length = static_cast<std::int32_t>(text.source.size()); i < length && !dictionary;) {
    if (static_cast<unsigned char>(text.source[i]) < 0xe0) {  // below U+0800: no dictionary script
      ++i;
      continue;
    }
    UChar32 c = 0;
    U8_NEXT(text.source.data(), i, length, c);
    dictionary = c >= 0 && NeedsDictionary(c);
  }
  if (!dictionary) {
    SplitWords(text.source, add);
    return text;
  }
  icu::BreakIterator* words = WordIterator();
  UErrorCode status = U_ZERO_ERROR;
  UText* utext = utext_openUTF8(nullptr, text.source.data(), static_cast<std::int64_t>(text.source.size()), &status);
  if (words == nullptr || U_FAILURE(status)) {
    utext_close(utext);
    return text;
  }
  words->setText(utext, status);
  std::int32_t start = words->first();
  for (std::int32_t end = words->next(); end != icu::BreakIterator::DONE; start = end, end = words->next()) {
    if (words->getRuleStatus() >= UBRK_WORD_NONE_LIMIT) add(start, end);  // not spaces or punctuation
  }
  utext_close(utext);
  return text;
}

bool UsesDictionaryWordBreaks(std::string_view utf8_text) {
  for (std::int32_t i = 0, length = static_cast<std::int32_t>(utf8_text.size()); i < length;) {
    if (static_cast<unsigned char>(utf8_text[i]) < 0xe0) {
      ++i;
      continue;
    }
    UChar32 c = 0;
    U8_NEXT(utf8_text.data(), i, length, c);
    if (c >= 0 && NeedsDictionary(c)) return true;
  }
  return false;
}

namespace {

std::string Joined(std::string_view word, bool folded) {
  NormalizedText text = Normalize(word);
  std::string out;
  for (std::size_t i = 0; i < text.tokens.size(); ++i) {
    if (i > 0) out.push_back(' ');
    out += folded ? text.FoldedWord(i) : text.ExactWord(i);
  }
  return out;
}

}  // namespace

std::string FoldWord(std::string_view utf8_word) { return Joined(utf8_word, true); }
std::string ExactWord(std::string_view utf8_word) { return Joined(utf8_word, false); }

}  // namespace chancery::monitor
