// The standing-query language: what analysts know from Lucene and media-monitoring tools.
//
//   flood                    a word (any case, any accents: "ha noi" finds "Hà Nội")
//   "ha noi"                 a phrase: the words next to each other, in order
//   evacuat*                 a word starting with "evacuat" (at least two letters before the *)
//   =Hà  ="Hà Nội"           exact accents (case still ignored)
//   a AND b, a b             both (adjacent terms are joined by AND)
//   a OR b                   either
//   NOT a, -a                not
//   (a OR b) AND c           grouping
//   typhoon NEAR/5 "da nang" at most 5 words between them, in either order (words and phrases only; NEAR/0:
//                            next to each other)
//   title:flood              in the title; also title:(a OR b)
//   lang:vi  country:VN  source:vnexpress     facts about the article rather than its text
//
// Precedence, loosest first: OR, AND, NOT, NEAR. Operators are upper case; lower-case "and", "or", "not" are words.
// Errors name the column (1-based, in characters) where the query goes wrong and what was expected there.
//
// Thread-safety: a parsed Query is an immutable value.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace chancery::monitor {

enum class NodeKind { kTerm, kPhrase, kPrefix, kAnd, kOr, kNot, kNear, kFact };

// Where an atom must occur.
enum class Scope { kAnywhere, kTitle };

struct Node {
  NodeKind kind = NodeKind::kTerm;
  // Atoms (term, phrase, prefix): the words as written, folded, and (exact) with their accents.
  std::vector<std::string> words;  // folded; one for a term or a prefix
  std::vector<std::string> exact_words;
  bool exact = false;
  Scope scope = Scope::kAnywhere;
  // kNear: the largest number of words between the two sides.
  int distance = 0;
  // kFact: field ("lang", "country", "source") and value (lower case).
  std::string field;
  std::string value;
  std::vector<std::shared_ptr<const Node>> children;  // kAnd, kOr: two or more; kNot: one; kNear: two
};

using NodePtr = std::shared_ptr<const Node>;

// The query's tree, or kInvalidArgument with a message "column N: ..." and the field "query".
Result<NodePtr> ParseQuery(std::string_view text);

// The query written back in the canonical form of the language (for logs and tests).
std::string ToString(const Node& node);

inline constexpr std::size_t kMaxQueryLength = 4000;  // bytes
inline constexpr int kMaxNearDistance = 100;

}  // namespace chancery::monitor
