#include "modules/monitor/monitor_text.hpp"

#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

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
// Cached per thread: a text uses few distinct letters.
const std::string& FoldCodePoint(UChar32 c) {
  thread_local std::unordered_map<UChar32, std::string> cache;
  auto found = cache.find(c);
  if (found != cache.end()) return found->second;
  std::string folded;
  const UChar32 lower = u_foldCase(c, U_FOLD_CASE_DEFAULT);
  if (lower == kSmallDStroke) {
    folded = "d";
  } else if (u_charType(lower) != U_NON_SPACING_MARK) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    icu::UnicodeString decomposition;
    if (U_SUCCESS(status) && nfd->getDecomposition(lower, decomposition)) {
      for (std::int32_t i = 0; i < decomposition.length();) {
        const UChar32 part = decomposition.char32At(i);
        i += U16_LENGTH(part);
        if (u_charType(part) != U_NON_SPACING_MARK) AppendUtf8(folded, part == kSmallDStroke ? 'd' : part);
      }
    } else {
      AppendUtf8(folded, lower);
    }
  }
  return cache.emplace(c, std::move(folded)).first->second;
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
    folded += FoldCodePoint(c);
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

NormalizedText Normalize(std::string_view utf8_text) {
  NormalizedText text;
  text.source = ToNfc(utf8_text);
  text.folded.reserve(text.source.size() + 2);
  text.exact.reserve(text.source.size() + 2);
  text.folded.push_back(' ');
  text.exact.push_back(' ');
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
    if (words->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;  // spaces and punctuation
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
      continue;
    }
    text.folded.push_back(' ');
    text.exact.push_back(' ');
    text.tokens.push_back(token);
  }
  utext_close(utext);
  return text;
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
