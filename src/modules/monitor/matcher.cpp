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
  std::vector<std::uint32_t> seen;          // per query: the epoch in which it became a candidate
  std::uint32_t epoch = 0;
};

bool IsAtom(const Node& node) {
  return node.kind == NodeKind::kTerm || node.kind == NodeKind::kPhrase || node.kind == NodeKind::kPrefix;
}

std::string LiteralOf(const Node& atom) {
  std::string text = " ";
  for (std::size_t i = 0; i < atom.words.size(); ++i) text += (i > 0 ? " " : "") + atom.words[i];
  if (atom.kind != NodeKind::kPrefix) text += " ";
  return text;
}

void CollectAtoms(const NodePtr& node, std::vector<const Node*>& atoms) {
  if (IsAtom(*node)) {
    atoms.push_back(node.get());
    return;
  }
  for (const NodePtr& child : node->children) CollectAtoms(child, atoms);
}

// Atoms of which at least one occurs in every article the node matches; nullopt when there is no such set.
std::optional<std::vector<const Node*>> Required(const Node& node) {
  switch (node.kind) {
    case NodeKind::kTerm:
    case NodeKind::kPhrase:
    case NodeKind::kPrefix: return std::vector<const Node*>{&node};
    case NodeKind::kNear: return Required(*node.children[0]);
    case NodeKind::kAnd: {
      std::optional<std::vector<const Node*>> best;
      for (const NodePtr& child : node.children) {
        auto set = Required(*child);
        if (set && (!best || set->size() < best->size())) best = std::move(set);
      }
      return best;
    }
    case NodeKind::kOr: {
      std::vector<const Node*> all;
      for (const NodePtr& child : node.children) {
        auto set = Required(*child);
        if (!set) return std::nullopt;
        all.insert(all.end(), set->begin(), set->end());
      }
      return all;
    }
    case NodeKind::kNot:
    case NodeKind::kFact: return std::nullopt;
  }
  return std::nullopt;
}

std::atomic<std::uint64_t> next_generation{1};

}  // namespace

// One article against one QuerySet, on the calling thread.
class MatchRun {
 public:
  MatchRun(const QuerySet& set, const Article& article, Workspace& workspace)
      : set_(set), article_(article), workspace_(workspace) {}

  std::vector<QueryMatch> Run() {
    Prepare();
    Scan(article_.title, Part::kTitle);
    Scan(article_.body, Part::kBody);
    std::vector<QueryMatch> matches;
    const auto verify = [&](std::uint32_t query) {
      if (workspace_.seen[query] == workspace_.epoch) return;
      workspace_.seen[query] = workspace_.epoch;
      const StandingQuery& standing = set_.queries_[query].query;
      if (!Eval(*standing.root)) return;
      QueryMatch match{.query_id = standing.id};
      Describe(*standing.root, match);
      matches.push_back(std::move(match));
    };
    for (std::uint32_t literal : workspace_.touched) {
      for (std::uint32_t query : set_.postings_[literal]) verify(query);
    }
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
      workspace_.seen.assign(set_.queries_.size(), 0);
      workspace_.epoch = 0;
      workspace_.generation = set_.generation_;
    }
    if (++workspace_.epoch == 0) {  // wrapped: start the marks afresh
      std::fill(workspace_.seen.begin(), workspace_.seen.end(), 0);
      workspace_.epoch = 1;
    }
  }

  struct ScanContext {
    MatchRun* run;
    const NormalizedText* text;
    Part part;
  };

  static int OnMatch(unsigned int id, unsigned long long, unsigned long long to, unsigned int, void* context) {
    auto* scan = static_cast<ScanContext*>(context);
    MatchRun& run = *scan->run;
    const auto start = static_cast<std::uint32_t>(to - run.set_.literals_[id].text.size()) + 1;  // after the space
    const std::vector<Token>& tokens = scan->text->tokens;
    auto token = std::lower_bound(tokens.begin(), tokens.end(), start,
                                  [](const Token& t, std::uint32_t offset) { return t.folded < offset; });
    if (token == tokens.end() || token->folded != start) return 0;
    std::vector<Position>& hits = run.workspace_.hits[id];
    if (hits.empty()) run.workspace_.touched.push_back(id);
    hits.push_back({scan->part, static_cast<std::uint32_t>(token - tokens.begin())});
    return 0;
  }

  void Scan(const NormalizedText& text, Part part) {
    if (set_.database_ == nullptr || text.tokens.empty()) return;
    ScanContext context{this, &text, part};
    hs_scan(set_.database_, text.folded.data(), static_cast<unsigned int>(text.folded.size()), 0, workspace_.scratch,
            &MatchRun::OnMatch, &context);
  }

  const NormalizedText& TextOf(Part part) const { return part == Part::kTitle ? article_.title : article_.body; }

  // Where an atom occurs, after its scope and exact accents.
  std::vector<Position> Positions(const Node& atom) const {
    std::vector<Position> found;
    const auto literal = set_.literal_of_atom_.find(&atom);
    if (literal == set_.literal_of_atom_.end()) return found;
    for (const Position& position : workspace_.hits[literal->second]) {
      if (atom.scope == Scope::kTitle && position.part != Part::kTitle) continue;
      if (atom.exact) {
        const NormalizedText& text = TextOf(position.part);
        bool same = true;
        for (std::size_t i = 0; i < atom.exact_words.size() && same; ++i) {
          const std::string_view word = text.ExactWord(position.token + i);
          same = atom.kind == NodeKind::kPrefix ? word.starts_with(atom.exact_words[i]) : word == atom.exact_words[i];
        }
        if (!same) continue;
      }
      found.push_back(position);
    }
    return found;
  }

  bool Eval(const Node& node) const {
    switch (node.kind) {
      case NodeKind::kTerm:
      case NodeKind::kPhrase:
      case NodeKind::kPrefix: return !Positions(node).empty();
      case NodeKind::kAnd:
        return std::all_of(node.children.begin(), node.children.end(), [&](const NodePtr& c) { return Eval(*c); });
      case NodeKind::kOr:
        return std::any_of(node.children.begin(), node.children.end(), [&](const NodePtr& c) { return Eval(*c); });
      case NodeKind::kNot: return !Eval(*node.children[0]);
      case NodeKind::kNear: return !NearPairs(node).empty();
      case NodeKind::kFact: {
        const std::string& fact = node.field == "lang"      ? article_.lang
                                  : node.field == "country" ? article_.country
                                                            : article_.source;
        return fact == node.value;
      }
    }
    return false;
  }

  // Pairs of positions of a NEAR's sides at most `distance` words apart, in the same part, not overlapping.
  std::vector<std::pair<Position, Position>> NearPairs(const Node& near) const {
    const Node& left = *near.children[0];
    const Node& right = *near.children[1];
    const auto left_length = static_cast<std::uint32_t>(left.words.size());
    const auto right_length = static_cast<std::uint32_t>(right.words.size());
    std::vector<std::pair<Position, Position>> pairs;
    for (const Position& a : Positions(left)) {
      for (const Position& b : Positions(right)) {
        if (a.part != b.part) continue;
        std::int64_t gap = -1;
        if (b.token >= a.token + left_length) gap = b.token - (a.token + left_length);
        if (a.token >= b.token + right_length) gap = a.token - (b.token + right_length);
        if (gap >= 0 && gap <= near.distance) pairs.emplace_back(a, b);
      }
    }
    return pairs;
  }

  void AddHighlight(const Node& atom, const Position& position, QueryMatch& match) const {
    const NormalizedText& text = TextOf(position.part);
    const std::uint32_t last = position.token + static_cast<std::uint32_t>(atom.words.size()) - 1;
    match.highlights.push_back({position.part, text.tokens[position.token].start, text.tokens[last].end});
  }

  // The terms that made the query match, and where: atoms that are not excluded and occur.
  void Describe(const Node& node, QueryMatch& match) const {
    switch (node.kind) {
      case NodeKind::kNot:
      case NodeKind::kFact: return;
      case NodeKind::kNear: {
        const auto pairs = NearPairs(node);
        if (pairs.empty()) return;
        match.terms.push_back(ToString(node));
        for (const auto& [a, b] : pairs) {
          AddHighlight(*node.children[0], a, match);
          AddHighlight(*node.children[1], b, match);
        }
        return;
      }
      case NodeKind::kTerm:
      case NodeKind::kPhrase:
      case NodeKind::kPrefix: {
        const auto positions = Positions(node);
        if (positions.empty()) return;
        match.terms.push_back(ToString(node));
        for (const Position& position : positions) AddHighlight(node, position, match);
        return;
      }
      default:  // AND, OR: the children that hold (all of them for AND, since the query matched)
        for (const NodePtr& child : node.children) {
          if (Eval(*child)) Describe(*child, match);
        }
    }
  }

  const QuerySet& set_;
  const Article& article_;
  Workspace& workspace_;
};

Result<std::shared_ptr<const QuerySet>> QuerySet::Compile(std::vector<StandingQuery> queries) {
  std::shared_ptr<QuerySet> set(new QuerySet());
  set->generation_ = next_generation++;
  std::unordered_map<std::string, std::uint32_t> literal_ids;
  for (StandingQuery& query : queries) {
    if (!query.root) return InvalidArgument("Query " + std::to_string(query.id) + " was not parsed.");
    const auto index = static_cast<std::uint32_t>(set->queries_.size());
    std::vector<const Node*> atoms;
    CollectAtoms(query.root, atoms);
    for (const Node* atom : atoms) {
      std::string text = LiteralOf(*atom);
      auto [it, inserted] = literal_ids.try_emplace(text, static_cast<std::uint32_t>(set->literals_.size()));
      if (inserted) {
        set->literals_.push_back({std::move(text), static_cast<std::uint32_t>(atom->words.size())});
        set->postings_.emplace_back();
      }
      set->literal_of_atom_[atom] = it->second;
    }
    if (auto required = Required(*query.root)) {
      std::vector<std::uint32_t> literals;
      for (const Node* atom : *required) literals.push_back(set->literal_of_atom_.at(atom));
      std::sort(literals.begin(), literals.end());
      literals.erase(std::unique(literals.begin(), literals.end()), literals.end());
      for (std::uint32_t literal : literals) set->postings_[literal].push_back(index);
    } else {
      set->always_.push_back(index);
    }
    set->queries_.push_back({std::move(query)});
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

QuerySet::~QuerySet() {
  if (database_ != nullptr) hs_free_database(database_);
}

std::size_t QuerySet::database_bytes() const {
  std::size_t bytes = 0;
  if (database_ != nullptr) hs_database_size(database_, &bytes);
  return bytes;
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
