// FoldForSearch: the accent- and case-insensitive form of a text used to match directory searches, so that
// "ha noi", "Hà Nội" and "HA NOI" are the same query. Vietnamese is the case that matters: every diacritic is
// removed (NFD, then nonspacing marks dropped) and đ/Đ become d; the result is case-folded and its whitespace
// collapsed to single spaces. Other scripts pass through with only their combining marks removed.
//
// Thread-safety: a pure function over ICU's immutable normalisation data; safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace chancery::directory {

std::string FoldForSearch(std::string_view utf8_text);

}  // namespace chancery::directory
