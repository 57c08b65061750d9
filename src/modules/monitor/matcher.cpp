#include "modules/monitor/matcher.hpp"

#include <hs/hs.h>

#include <algorithm>
#include <optional>

namespace chancery::monitor {
namespace {

struct Position {
  Part part = Part::kBody;
  std::uint32_t token = 0;
};

// A thread's working memory: the Vectorscan scratch and the positions found in the article being matched.
struct Workspace {
  ~Workspace() {
    if (scratch != nullptr) hs_free_scratch(scratch);
  }
  hs_scratch_t* scratch = nullptr;
  std::uint64_t generation = 0;
  std::vector<std::vector<Position>> hits;  // per literal
  std::vector<std::uint32_t> touched;       // literals with hits, to clear them afterwards
  // Per query: the prefilter groups met so far (low 8 bits) in the article of the epoch in the high 24 bits, packed
  // so that the postings loop touches one word per query.
  std::vector<std::uint32_t> marks;
  std::vector<std::uint32_t> candidates;
  std::uint32_t epoch = 0;              // < 2^24
  std::vector<std::uint32_t> token_at;  // per offset of the folded text being scanned: its word + 1, or 0
};

bool IsAtom(NodeKind kind) { return kind == NodeKind::kTerm || kind == NodeKind::kPhrase || kind == NodeKind::kPrefix; }

std::string LiteralOf(const Node& atom) {
  std::string text = " ";
  for (std::size_t i = 0; i < atom.words.size(); ++i) text += (i > 0 ? " " : "") + atom.words[i];
  if (atom.kind != NodeKind::kPrefix) text += " ";
  return text;
}

// A guess at how often an atom occurs, to choose what to prefilter on.
double Commonness(const Node& atom) {
  if (atom.kind == NodeKind::kPhrase) return 0.2;
  const double length = static_cast<double>(atom.words[0].size());
  return (atom.kind == NodeKind::kPrefix ? 4.0 : 1.0) / std::max(1.0, length - 1.0);
}

std::atomic<std::uint64_t> next_generation{1};

}  // namespace

// One article against one QuerySet, on the calling thread.
class MatchRun {
 public:
  using Op = QuerySet::Op;

  MatchRun(const QuerySet& set, const Article& article, Workspace& workspace)
      : set_(set), article_(article), workspace_(workspace) {}

  std::vector<QueryMatch> Run() {
    Prepare();
    Scan(article_.title, Part::kTitle);
    Scan(article_.body, Part::kBody);
    std::vector<QueryMatch> matches;
    const auto verify = [&](std::uint32_t query) {
      const QuerySet::Compiled& compiled = set_.queries_[query];
      const Op& root = set_.program_[compiled.root];
      if (!Eval(root)) return;
      QueryMatch match{.query_id = compiled.query.id};
      Describe(root, match);
      matches.push_back(std::move(match));
    };
    // A query becomes a candidate, once, when every group of its prefilter has met one of its literals.
    std::vector<std::uint32_t>& candidates = workspace_.candidates;
    candidates.clear();
    const std::uint32_t fresh = workspace_.epoch << 8;
    for (std::uint32_t literal : workspace_.touched) {
      for (const QuerySet::Posting& posting : set_.postings_[literal]) {
        std::uint32_t& mark = workspace_.marks[posting.query];
        if ((mark & ~0xffu) != fresh) mark = fresh;
        if ((mark & 0xffu) == posting.needed) continue;  // already a candidate
        mark |= posting.group;
        if ((mark & 0xffu) == posting.needed) candidates.push_back(posting.query);
      }
    }
    for (std::uint32_t query : candidates) verify(query);
    for (std::uint32_t query : set_.always_) verify(query);
    for (std::uint32_t literal : workspace_.touched) workspace_.hits[literal].clear();
    workspace_.touched.clear();
    std::sort(matches.begin(), matches.end(),
              [](const QueryMatch& a, const QueryMatch& b) { return a.query_id < b.query_id; });
    return matches;
  }

 private:
  void Prepare() {
    if (workspace_.generation != set_.generation_) {
      if (set_.database_ != nullptr) hs_alloc_scratch(set_.database_, &workspace_.scratch);
      workspace_.hits.assign(set_.literals_.size(), {});
      workspace_.touched.clear();
      workspace_.marks.assign(set_.queries_.size(), 0);
      workspace_.epoch = 0;
      workspace_.generation = set_.generation_;
    }
    if (++workspace_.epoch == (1u << 24)) {  // wrapped: start the marks afresh
      std::fill(workspace_.marks.begin(), workspace_.marks.end(), 0);
      workspace_.epoch = 1;
    }
  }

  struct ScanContext {
    MatchRun* run;
    Part part;
  };

  static int OnMatch(unsigned int id, unsigned long long, unsigned long long to, unsigned int, void* context) {
    auto* scan = static_cast<ScanContext*>(context);
    Workspace& workspace = scan->run->workspace_;
    // Every literal starts with the space before a word.
    const std::size_t start = to - scan->run->set_.literal_lengths_[id] + 1;
    const std::uint32_t token = workspace.token_at[start];
    if (token == 0) return 0;
    std::vector<Position>& hits = workspace.hits[id];
    if (hits.empty()) workspace.touched.push_back(id);
    hits.push_back({scan->part, token - 1});
    return 0;
  }

  void Scan(const NormalizedText& text, Part part) {
    if (set_.database_ == nullptr || text.tokens.empty()) return;
    std::vector<std::uint32_t>& token_at = workspace_.token_at;
    token_at.assign(text.folded.size() + 1, 0);
    for (std::size_t i = 0; i < text.tokens.size(); ++i)
      token_at[text.tokens[i].folded] = static_cast<std::uint32_t>(i + 1);
    ScanContext context{this, part};
    hs_scan(set_.database_, text.folded.data(), static_cast<unsigned int>(text.folded.size()), 0, workspace_.scratch,
            &MatchRun::OnMatch, &context);
  }

  const NormalizedText& TextOf(Part part) const { return part == Part::kTitle ? article_.title : article_.body; }

  // Whether an occurrence counts for the atom: its scope and exact accents.
  bool Accept(const Node& atom, const Position& position) const {
    if (atom.scope == Scope::kTitle && position.part != Part::kTitle) return false;
    if (!atom.exact) return true;
    const NormalizedText& text = TextOf(position.part);
    for (std::size_t i = 0; i < atom.exact_words.size(); ++i) {
      const std::string_view word = text.ExactWord(position.token + i);
      if (atom.kind == NodeKind::kPrefix ? !word.starts_with(atom.exact_words[i]) : word != atom.exact_words[i]) {
        return false;
      }
    }
    return true;
  }

  bool Occurs(const Op& atom) const {
    const std::vector<Position>& hits = workspace_.hits[atom.literal];
    if (atom.plain) return !hits.empty();
    return std::any_of(hits.begin(), hits.end(),
                       [&](const Position& position) { return Accept(*atom.node, position); });
  }

  // Whether positions a (of an atom `a_length` words long) and b (`b_length`) are in one part, apart, and at most
  // `distance` words from each other.
  static bool Near(const Position& a, std::uint32_t a_length, const Position& b, std::uint32_t b_length, int distance) {
    if (a.part != b.part) return false;
    std::int64_t gap = -1;
    if (b.token >= a.token + a_length) gap = b.token - (a.token + a_length);
    if (a.token >= b.token + b_length) gap = a.token - (b.token + b_length);
    return gap >= 0 && gap <= distance;
  }

  // Calls `pair` for every pair of a NEAR's sides close enough; stops when it returns true.
  template <typename Pair>
  bool ForNearPairs(const Op& near, Pair pair) const {
    const Op& left = set_.program_[near.first];
    const Op& right = set_.program_[near.first + 1];
    for (const Position& a : workspace_.hits[left.literal]) {
      if (!Accept(*left.node, a)) continue;
      for (const Position& b : workspace_.hits[right.literal]) {
        if (Near(a, left.length, b, right.length, near.node->distance) && Accept(*right.node, b) && pair(a, b)) {
          return true;
        }
      }
    }
    return false;
  }

  bool Eval(const Op& op) const {
    switch (op.kind) {
      case NodeKind::kTerm:
      case NodeKind::kPhrase:
      case NodeKind::kPrefix: return Occurs(op);
      case NodeKind::kAnd:
        for (std::uint32_t i = 0; i < op.count; ++i) {
          if (!Eval(set_.program_[op.first + i])) return false;
        }
        return true;
      case NodeKind::kOr:
        for (std::uint32_t i = 0; i < op.count; ++i) {
          if (Eval(set_.program_[op.first + i])) return true;
        }
        return false;
      case NodeKind::kNot: return !Eval(set_.program_[op.first]);
      case NodeKind::kNear: return ForNearPairs(op, [](const Position&, const Position&) { return true; });
      case NodeKind::kFact: {
        const std::string& fact = op.node->field == "lang"      ? article_.lang
                                  : op.node->field == "country" ? article_.country
                                                                : article_.source;
        return fact == op.node->value;
      }
    }
    return false;
  }

  void AddHighlight(const Op& atom, const Position& position, QueryMatch& match) const {
    const NormalizedText& text = TextOf(position.part);
    const std::uint32_t last = position.token + atom.length - 1;
    match.highlights.push_back({position.part, text.tokens[position.token].start, text.tokens[last].end});
  }

  // The terms that made the query match, and where: atoms that hold and are not excluded.
  void Describe(const Op& op, QueryMatch& match) const {
    switch (op.kind) {
      case NodeKind::kNot:
      case NodeKind::kFact: return;
      case NodeKind::kNear: {
        const std::size_t before = match.highlights.size();
        ForNearPairs(op, [&](const Position& a, const Position& b) {
          AddHighlight(set_.program_[op.first], a, match);
          AddHighlight(set_.program_[op.first + 1], b, match);
          return false;
        });
        if (match.highlights.size() > before) match.terms.push_back(set_.terms_[&op - set_.program_.data()]);
        return;
      }
      case NodeKind::kTerm:
      case NodeKind::kPhrase:
      case NodeKind::kPrefix: {
        const std::size_t before = match.highlights.size();
        for (const Position& position : workspace_.hits[op.literal]) {
          if (Accept(*op.node, position)) AddHighlight(op, position, match);
        }
        if (match.highlights.size() > before) match.terms.push_back(set_.terms_[&op - set_.program_.data()]);
        return;
      }
      default:  // AND, OR: the children that hold (all of them for AND, since the query matched)
        for (std::uint32_t i = 0; i < op.count; ++i) {
          const Op& child = set_.program_[op.first + i];
          if (Eval(child)) Describe(child, match);
        }
    }
  }

  const QuerySet& set_;
  const Article& article_;
  Workspace& workspace_;
};

std::uint32_t QuerySet::Flatten(const NodePtr& node, std::unordered_map<std::string, std::uint32_t>& literal_ids) {
  const auto index = static_cast<std::uint32_t>(program_.size());
  program_.push_back({.kind = node->kind, .node = node.get()});
  terms_.emplace_back();
  if (IsAtom(node->kind)) {
    std::string text = LiteralOf(*node);
    auto [it, inserted] = literal_ids.try_emplace(text, static_cast<std::uint32_t>(literals_.size()));
    if (inserted) {
      literal_lengths_.push_back(static_cast<std::uint32_t>(text.size()));
      literals_.push_back({std::move(text)});
      postings_.emplace_back();
    }
    program_[index].literal = it->second;
    program_[index].length = static_cast<std::uint32_t>(node->words.size());
    program_[index].plain = !node->exact && node->scope == Scope::kAnywhere;
    terms_[index] = ToString(*node);
    return index;
  }
  if (node->kind == NodeKind::kNear) terms_[index] = ToString(*node);
  // Children next to each other: reserve their places, then fill each (its own children go after).
  const auto first = static_cast<std::uint32_t>(program_.size());
  program_[index].first = first;
  program_[index].count = static_cast<std::uint32_t>(node->children.size());
  program_.resize(program_.size() + node->children.size());
  terms_.resize(program_.size());
  for (std::size_t i = 0; i < node->children.size(); ++i) {
    const std::uint32_t child = Flatten(node->children[i], literal_ids);
    program_[first + i] = program_[child];  // copy into its place; the copy at `child` is left unused
    terms_[first + i] = std::move(terms_[child]);
  }
  return index;
}

Result<std::shared_ptr<const QuerySet>> QuerySet::Compile(std::vector<StandingQuery> queries) {
  std::shared_ptr<QuerySet> set(new QuerySet());
  set->generation_ = next_generation++;
  std::unordered_map<std::string, std::uint32_t> literal_ids;
  for (StandingQuery& query : queries) {
    if (!query.root) return InvalidArgument("Query " + std::to_string(query.id) + " was not parsed.");
    const auto index = static_cast<std::uint32_t>(set->queries_.size());
    const std::uint32_t root = set->Flatten(query.root, literal_ids);
    std::vector<Group> groups = set->Groups(set->program_[root]);
    // At most eight groups, the rarest-looking first: enough to keep candidates few.
    const auto cost = [](const Group& group) {
      double total = 0;
      for (const auto& [literal, atom] : group) total += Commonness(*atom);
      return total;
    };
    std::sort(groups.begin(), groups.end(), [&](const Group& a, const Group& b) { return cost(a) < cost(b); });
    if (groups.size() > 8) groups.resize(8);
    const auto needed = static_cast<std::uint8_t>((1u << groups.size()) - 1);
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const auto bit = static_cast<std::uint8_t>(1u << g);
      std::vector<std::uint32_t> literals;
      for (const auto& [literal, atom] : groups[g]) literals.push_back(literal);
      std::sort(literals.begin(), literals.end());
      literals.erase(std::unique(literals.begin(), literals.end()), literals.end());
      for (std::uint32_t literal : literals) set->postings_[literal].push_back({index, bit, needed});
    }
    if (groups.empty()) set->always_.push_back(index);
    set->queries_.push_back({std::move(query), root, needed});
  }
  if (!set->literals_.empty()) {
    std::vector<const char*> expressions;
    std::vector<std::size_t> lengths;
    std::vector<unsigned> ids;
    std::vector<unsigned> flags(set->literals_.size(), 0);
    for (std::size_t i = 0; i < set->literals_.size(); ++i) {
      expressions.push_back(set->literals_[i].text.data());
      lengths.push_back(set->literals_[i].text.size());
      ids.push_back(static_cast<unsigned>(i));
    }
    hs_compile_error_t* error = nullptr;
    if (hs_compile_lit_multi(expressions.data(), flags.data(), ids.data(), lengths.data(),
                             static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, nullptr, &set->database_,
                             &error) != HS_SUCCESS) {
      std::string message = error != nullptr && error->message != nullptr ? error->message : "unknown error";
      hs_free_compile_error(error);
      return InvalidArgument("Vectorscan could not compile the queries' literals: " + message);
    }
  }
  return std::shared_ptr<const QuerySet>(std::move(set));
}

std::vector<QuerySet::Group> QuerySet::Groups(const Op& op) const {
  switch (op.kind) {
    case NodeKind::kTerm:
    case NodeKind::kPhrase:
    case NodeKind::kPrefix: return {Group{{op.literal, op.node}}};
    case NodeKind::kNear:
    case NodeKind::kAnd: {  // every child's conditions
      std::vector<Group> all;
      for (std::uint32_t i = 0; i < op.count; ++i) {
        std::vector<Group> child = Groups(program_[op.first + i]);
        all.insert(all.end(), std::make_move_iterator(child.begin()), std::make_move_iterator(child.end()));
      }
      return all;
    }
    case NodeKind::kOr: {  // one group: for each child, the literals of one of its groups
      Group any;
      for (std::uint32_t i = 0; i < op.count; ++i) {
        std::vector<Group> child = Groups(program_[op.first + i]);
        if (child.empty()) return {};  // a child with no condition: neither has the OR
        const auto smallest = std::min_element(child.begin(), child.end(), [](const Group& a, const Group& b) {
          double cost_a = 0;
          double cost_b = 0;
          for (const auto& [literal, atom] : a) cost_a += Commonness(*atom);
          for (const auto& [literal, atom] : b) cost_b += Commonness(*atom);
          return cost_a < cost_b;
        });
        any.insert(any.end(), smallest->begin(), smallest->end());
      }
      return {any};
    }
    case NodeKind::kNot:
    case NodeKind::kFact: return {};
  }
  return {};
}

QuerySet::~QuerySet() {
  if (database_ != nullptr) hs_free_database(database_);
}

std::size_t QuerySet::database_bytes() const {
  std::size_t bytes = 0;
  if (database_ != nullptr) hs_database_size(database_, &bytes);
  return bytes;
}

std::vector<std::string> QuerySet::LiteralTexts() const {
  std::vector<std::string> texts;
  for (const Literal& literal : literals_) texts.push_back(literal.text);
  return texts;
}

std::vector<QueryMatch> QuerySet::Match(const Article& article) const {
  thread_local Workspace workspace;
  return MatchRun(*this, article, workspace).Run();
}

Matcher::Matcher() {
  auto empty = QuerySet::Compile({});
  current_.store(empty.ok() ? *empty : nullptr);
}

Status Matcher::Replace(std::vector<StandingQuery> queries) {
  CHANCERY_ASSIGN_OR_RETURN(std::shared_ptr<const QuerySet> compiled, QuerySet::Compile(std::move(queries)));
  current_.store(std::move(compiled));
  return Status::Ok();
}

}  // namespace chancery::monitor
