// Matching articles against every standing query at once.
//
// Compile: every query's atoms (words, prefixes, phrases; see query.hpp) become literals over the folded text
// (" word ", " prefix", " two words "), deduplicated across queries, in one Vectorscan literal database. Each
// query also gets a prefilter set: atoms of which at least one must occur for it to match (an atom; for AND the
// smallest child set; for OR the union; none for NOT or facts, which makes the query a candidate for every
// article - such queries are few). For AND the children's conditions all apply: a query to "a AND b" is verified
// only when both a and b occur (up to eight such groups per query, the rarest-looking).
//
// Match: the article's folded title and body are scanned once each; every literal occurrence is recorded as a
// word position. The queries whose prefilter literals occurred are then verified exactly against the positions:
// the boolean structure, phrases (a phrase literal matches whole consecutive words), prefixes, NEAR/n distances,
// title:, exact accents (the exact forms of the words at those positions) and facts (language, country, source).
// Each match names the terms that matched and where (byte spans of the source text, for highlighted snippets).
//
// Thread-safety: a QuerySet is immutable once compiled; Match may run on many threads at once (each thread keeps
// its own Vectorscan scratch and working memory). Matcher swaps in a new QuerySet atomically: matching in
// progress finishes on the set it started with.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.hpp"
#include "modules/monitor/monitor_text.hpp"
#include "modules/monitor/query.hpp"

struct hs_database;

namespace chancery::monitor {

struct StandingQuery {
  std::int64_t id = 0;
  NodePtr root;  // ParseQuery's result
};

// An article as the matcher sees it: normalized title and body, and facts about it (lower case).
struct Article {
  NormalizedText title;
  NormalizedText body;
  std::string lang;     // "vi", "en"...
  std::string country;  // "vn", "fr"...
  std::string source;   // the source's short name
};

enum class Part { kTitle, kBody };

struct Highlight {
  Part part = Part::kBody;
  std::uint32_t start = 0;  // byte offsets in that part's source text
  std::uint32_t end = 0;
};

struct QueryMatch {
  std::int64_t query_id = 0;
  std::vector<std::string> terms;  // the atoms that matched, as ToString writes them
  std::vector<Highlight> highlights;
};

class QuerySet {
 public:
  // kInvalidArgument if Vectorscan refuses the literals (it should not); queries without atoms are fine.
  static Result<std::shared_ptr<const QuerySet>> Compile(std::vector<StandingQuery> queries);
  ~QuerySet();
  QuerySet(const QuerySet&) = delete;
  QuerySet& operator=(const QuerySet&) = delete;

  // Every query the article matches, by query id.
  std::vector<QueryMatch> Match(const Article& article) const;

  std::size_t size() const { return queries_.size(); }
  std::size_t literal_count() const { return literals_.size(); }
  std::size_t always_candidates() const { return always_.size(); }
  std::size_t database_bytes() const;
  // The literals as scanned (for benchmarks that compare against a bare scan).
  std::vector<std::string> LiteralTexts() const;

 private:
  QuerySet() = default;

  struct Literal {
    std::string text;  // as scanned: " word ", " prefix", " two words "
  };
  // A query flattened for evaluation: one Op per node, children stored next to each other. Small, so that
  // verification stays in cache: the terms as written are in terms_, at the same index.
  struct Op {
    NodeKind kind = NodeKind::kTerm;
    bool plain = false;         // atoms: any occurrence counts (no exact accents, no field)
    std::uint32_t literal = 0;  // atoms
    std::uint32_t first = 0;    // AND, OR, NOT, NEAR: index of the first child in program_
    std::uint32_t count = 0;    // number of children
    std::uint32_t length = 1;   // atoms: words
    const Node* node = nullptr;
  };
  struct Compiled {
    StandingQuery query;
    std::uint32_t root = 0;   // index in program_
    std::uint8_t needed = 0;  // the prefilter groups, one bit each, that must all be met
  };
  struct Posting {
    std::uint32_t query = 0;
    std::uint8_t group = 0;   // the bit of the group the literal belongs to
    std::uint8_t needed = 0;  // the query's Compiled::needed, here to spare a lookup
  };
  std::uint32_t Flatten(const NodePtr& node, std::unordered_map<std::string, std::uint32_t>& literal_ids);
  // The prefilter of `op`: groups of (literal, atom) such that every article `op` matches has at least one of each
  // group's literals (a conjunction of disjunctions); no groups: no condition.
  using Group = std::vector<std::pair<std::uint32_t, const Node*>>;
  std::vector<Group> Groups(const Op& op) const;

  std::vector<Compiled> queries_;
  std::vector<Op> program_;
  std::vector<std::string> terms_;  // per Op: atoms and NEAR as ToString writes them, for QueryMatch::terms
  std::vector<Literal> literals_;
  std::vector<std::uint32_t> literal_lengths_;  // bytes, per literal, for the scan's callback
  std::vector<std::vector<Posting>> postings_;  // literal → the query groups it meets
  std::vector<std::uint32_t> always_;           // queries verified for every article
  hs_database* database_ = nullptr;
  std::uint64_t generation_ = 0;  // tells a thread's working memory which set it was sized for

  friend class MatchRun;
};

// Holds the current QuerySet; Replace compiles in the caller's thread and swaps atomically.
class Matcher {
 public:
  Matcher();
  Status Replace(std::vector<StandingQuery> queries);
  std::shared_ptr<const QuerySet> Current() const { return current_.load(); }

 private:
  std::atomic<std::shared_ptr<const QuerySet>> current_;
};

}  // namespace chancery::monitor
