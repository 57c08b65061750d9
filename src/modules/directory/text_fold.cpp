#include "modules/directory/text_fold.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace chancery::directory {
namespace {

constexpr UChar32 kSmallDStroke = 0x0111;    // đ
constexpr UChar32 kCapitalDStroke = 0x0110;  // Đ

bool IsAscii(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return false;
  }
  return true;
}

// Appends `c` unless it is whitespace following whitespace (or leading whitespace).
template <typename Out, typename Char>
void AppendCollapsed(Out& out, Char c, bool is_space, bool& last_was_space) {
  if (is_space) {
    if (!last_was_space && !out.isEmpty()) out.append(static_cast<Char>(' '));
    last_was_space = true;
    return;
  }
  out.append(c);
  last_was_space = false;
}

}  // namespace

std::string FoldForSearch(std::string_view utf8_text) {
  if (IsAscii(utf8_text)) {
    // Fast path for the common case: plain ASCII needs only lower-casing and space collapsing.
    std::string out;
    out.reserve(utf8_text.size());
    for (char c : utf8_text) {
      const bool is_space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
      if (is_space) {
        if (!out.empty() && out.back() != ' ') out.push_back(' ');
        continue;
      }
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  }

  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8_text.data(), static_cast<int32_t>(utf8_text.size())));
  const icu::UnicodeString decomposed = U_SUCCESS(status) ? nfd->normalize(text, status) : text;

  icu::UnicodeString folded;
  bool last_was_space = false;
  for (int32_t index = 0; index < decomposed.length();) {
    UChar32 c = decomposed.char32At(index);
    index += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == kSmallDStroke || c == kCapitalDStroke) c = 'd';
    AppendCollapsed(folded, static_cast<UChar32>(u_foldCase(c, U_FOLD_CASE_DEFAULT)), u_isUWhiteSpace(c) != 0,
                    last_was_space);
  }
  if (folded.length() > 0 && folded.charAt(folded.length() - 1) == ' ') folded.truncate(folded.length() - 1);
  std::string out;
  folded.toUTF8String(out);
  return out;
}

}  // namespace chancery::directory
