// The monitor's text pipeline: what an article's text becomes before standing queries are matched against it.
//
// A text is cut into words (ICU's word break rules: spaces for most scripts, dictionaries for Chinese, Japanese,
// Thai, Khmer and Lao), and each word is kept in two forms:
//   - folded: case-folded, accents removed, "đ/Đ" as "d" (it is a letter of its own, not a d with a mark), so that
//     "Hà Nội", "HÀ NỘI" and "ha noi" are alike;
//   - exact: case-folded only, accents kept, for queries that ask for exact accents ("=Hà").
// The folded words are also laid out as one string, " w1 w2 w3 ", which the matcher scans once for every query's
// literals: a word is always between two spaces, so " w " finds whole words and " w" prefixes, whatever the script.
//
// Thread-safety: Normalize is a pure function, safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chancery::monitor {

struct Token {
  std::uint32_t start = 0;  // byte offsets of the word in the (NFC) source text
  std::uint32_t end = 0;
  std::uint32_t folded = 0;  // offset of the word in NormalizedText::folded (after its leading space)
  std::uint32_t folded_length = 0;
  std::uint32_t exact = 0;  // offset in NormalizedText::exact
  std::uint32_t exact_length = 0;
};

struct NormalizedText {
  std::string source;  // the input in NFC
  std::string folded;  // " w1 w2 ... wn " (a single space when there is no word)
  std::string exact;   // the exact forms, the same way
  std::vector<Token> tokens;

  std::string_view FoldedWord(std::size_t i) const {
    return {folded.data() + tokens[i].folded, tokens[i].folded_length};
  }
  std::string_view ExactWord(std::size_t i) const { return {exact.data() + tokens[i].exact, tokens[i].exact_length}; }
};

// How words are found: kAuto uses a fast splitter that follows UAX #29 for letters and digits, and ICU's word
// iterator (with dictionaries) only for text in a script written without spaces; kIcu always uses ICU (tests
// check that both agree).
enum class WordBreak { kAuto, kIcu };

NormalizedText Normalize(std::string_view utf8_text, WordBreak mode = WordBreak::kAuto);

// Whether the text has a script that ICU cuts into words with a dictionary (Chinese, Japanese, Thai, Khmer, Lao,
// Myanmar). Such a cut depends on the surrounding characters, so a word cut out of a sentence may be cut again
// differently on its own.
bool UsesDictionaryWordBreaks(std::string_view utf8_text);

// One word or phrase as queries write it, folded the same way (for literals); exact keeps the accents.
std::string FoldWord(std::string_view utf8_word);
std::string ExactWord(std::string_view utf8_word);

}  // namespace chancery::monitor
