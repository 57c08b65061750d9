#include "modules/monitor/query.hpp"

#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "modules/monitor/monitor_text.hpp"

namespace chancery::monitor {
namespace {

enum class Lexeme { kWord, kPhrase, kOpen, kClose, kAnd, kOr, kNot, kMinus, kNear, kField, kEnd };

struct Item {
  Lexeme lexeme = Lexeme::kEnd;
  std::string text;    // word, phrase contents, or field name
  bool exact = false;  // written with a leading '='
  int distance = 0;    // NEAR/n
  int column = 0;      // 1-based, in code points
};

Status ErrorAt(int column, const std::string& message) {
  return InvalidArgument("column " + std::to_string(column) + ": " + message).WithField("query");
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<std::vector<Item>> Run() {
    std::vector<Item> items;
    while (true) {
      while (at_ < text_.size() && IsSpace(text_[at_])) Advance();
      Item item;
      item.column = column_;
      if (at_ >= text_.size()) {
        items.push_back(item);
        return items;
      }
      const char c = text_[at_];
      if (c == '(' || c == ')') {
        item.lexeme = c == '(' ? Lexeme::kOpen : Lexeme::kClose;
        Advance();
      } else if (c == '"' || (c == '=' && at_ + 1 < text_.size() && text_[at_ + 1] == '"')) {
        item.exact = c == '=';
        if (item.exact) Advance();
        Advance();  // the opening quote
        const std::size_t close = text_.find('"', at_);
        if (close == std::string_view::npos) return ErrorAt(item.column, "this phrase has no closing \".");
        item.lexeme = Lexeme::kPhrase;
        item.text = std::string(text_.substr(at_, close - at_));
        while (at_ <= close) Advance();
      } else if (c == '-' && at_ + 1 < text_.size() && !IsSpace(text_[at_ + 1])) {
        item.lexeme = Lexeme::kMinus;
        Advance();
      } else {
        if (c == '=') {
          item.exact = true;
          Advance();
        }
        const std::size_t begin = at_;
        while (at_ < text_.size() && !IsSpace(text_[at_]) && text_[at_] != '(' && text_[at_] != ')' &&
               text_[at_] != '"') {
          if (text_[at_] == ':' && IsFieldName(text_.substr(begin, at_ - begin))) break;
          Advance();
        }
        std::string word(text_.substr(begin, at_ - begin));
        if (at_ < text_.size() && text_[at_] == ':' && IsFieldName(word)) {
          Advance();
          item.lexeme = Lexeme::kField;
          item.text = word;
        } else if (word.empty()) {
          return ErrorAt(item.column, "expected a word after '='.");
        } else if (!item.exact && word == "AND") {
          item.lexeme = Lexeme::kAnd;
        } else if (!item.exact && word == "OR") {
          item.lexeme = Lexeme::kOr;
        } else if (!item.exact && word == "NOT") {
          item.lexeme = Lexeme::kNot;
        } else if (!item.exact && word.starts_with("NEAR/")) {
          item.lexeme = Lexeme::kNear;
          const std::string_view number = std::string_view(word).substr(5);
          const auto parsed = std::from_chars(number.data(), number.data() + number.size(), item.distance);
          if (number.empty() || parsed.ec != std::errc() || parsed.ptr != number.data() + number.size() ||
              item.distance < 0 || item.distance > kMaxNearDistance) {
            return ErrorAt(item.column, "NEAR/n needs a number of words from 0 to 100, e.g. NEAR/5.");
          }
        } else if (!item.exact && word == "NEAR") {
          return ErrorAt(item.column, "NEAR needs a distance: NEAR/5 means within 5 words.");
        } else {
          item.lexeme = Lexeme::kWord;
          item.text = std::move(word);
        }
      }
      items.push_back(std::move(item));
    }
  }

 private:
  // A known field name: the letters before a ':' that make the rest a restriction.
  static bool IsFieldName(std::string_view word) {
    return word == "title" || word == "lang" || word == "country" || word == "source";
  }
  void Advance() {
    const auto byte = static_cast<unsigned char>(text_[at_]);
    std::size_t length = 1;
    if (byte >= 0xf0) {
      length = 4;
    } else if (byte >= 0xe0) {
      length = 3;
    } else if (byte >= 0xc0) {
      length = 2;
    }
    at_ = std::min(text_.size(), at_ + length);
    ++column_;
  }

  std::string_view text_;
  std::size_t at_ = 0;
  int column_ = 1;
};

std::shared_ptr<Node> NewNode(NodeKind kind) {
  auto node = std::make_shared<Node>();
  node->kind = kind;
  return node;
}

bool IsAtom(const Node& node) {
  return node.kind == NodeKind::kTerm || node.kind == NodeKind::kPhrase || node.kind == NodeKind::kPrefix;
}

class Parser {
 public:
  explicit Parser(std::vector<Item> items) : items_(std::move(items)) {}

  Result<NodePtr> Parse() {
    if (Peek().lexeme == Lexeme::kEnd) return ErrorAt(1, "the query is empty.");
    CHANCERY_ASSIGN_OR_RETURN(NodePtr root, ParseOr(Scope::kAnywhere));
    if (Peek().lexeme == Lexeme::kClose) return ErrorAt(Peek().column, "this ')' closes nothing.");
    if (Peek().lexeme != Lexeme::kEnd) return ErrorAt(Peek().column, "expected an operator or the end of the query.");
    return root;
  }

 private:
  const Item& Peek() const { return items_[next_]; }
  const Item& Take() { return items_[next_++]; }

  static bool StartsOperand(Lexeme lexeme) {
    return lexeme == Lexeme::kWord || lexeme == Lexeme::kPhrase || lexeme == Lexeme::kOpen || lexeme == Lexeme::kNot ||
           lexeme == Lexeme::kMinus || lexeme == Lexeme::kField;
  }

  Result<NodePtr> ParseOr(Scope scope) {
    CHANCERY_ASSIGN_OR_RETURN(NodePtr first, ParseAnd(scope));
    if (Peek().lexeme != Lexeme::kOr) return first;
    auto node = NewNode(NodeKind::kOr);
    node->children.push_back(std::move(first));
    while (Peek().lexeme == Lexeme::kOr) {
      const Item& op = Take();
      if (!StartsOperand(Peek().lexeme)) return ErrorAt(op.column, "OR needs something on its right.");
      CHANCERY_ASSIGN_OR_RETURN(NodePtr next, ParseAnd(scope));
      node->children.push_back(std::move(next));
    }
    return NodePtr(node);
  }

  Result<NodePtr> ParseAnd(Scope scope) {
    if (Peek().lexeme == Lexeme::kAnd || Peek().lexeme == Lexeme::kOr) {
      return ErrorAt(Peek().column,
                     std::string(Peek().lexeme == Lexeme::kAnd ? "AND" : "OR") + " needs something on its left.");
    }
    CHANCERY_ASSIGN_OR_RETURN(NodePtr first, ParseNot(scope));
    std::shared_ptr<Node> node;
    while (Peek().lexeme == Lexeme::kAnd || StartsOperand(Peek().lexeme)) {
      if (Peek().lexeme == Lexeme::kAnd) {
        const Item& op = Take();
        if (!StartsOperand(Peek().lexeme)) return ErrorAt(op.column, "AND needs something on its right.");
      }
      if (!node) {
        node = NewNode(NodeKind::kAnd);
        node->children.push_back(first);
      }
      CHANCERY_ASSIGN_OR_RETURN(NodePtr next, ParseNot(scope));
      node->children.push_back(std::move(next));
    }
    return node ? NodePtr(node) : first;
  }

  Result<NodePtr> ParseNot(Scope scope) {
    if (Peek().lexeme == Lexeme::kNot || Peek().lexeme == Lexeme::kMinus) {
      const Item& op = Take();
      if (!StartsOperand(Peek().lexeme)) return ErrorAt(op.column, "NOT needs something to exclude.");
      CHANCERY_ASSIGN_OR_RETURN(NodePtr inner, ParseNot(scope));
      auto node = NewNode(NodeKind::kNot);
      node->children.push_back(std::move(inner));
      return NodePtr(node);
    }
    return ParseNear(scope);
  }

  Result<NodePtr> ParseNear(Scope scope) {
    const int column = Peek().column;
    CHANCERY_ASSIGN_OR_RETURN(NodePtr left, ParsePrimary(scope));
    while (Peek().lexeme == Lexeme::kNear) {
      const Item op = Take();
      if (!IsAtom(*left)) return ErrorAt(column, "NEAR joins words or phrases, not groups or fields.");
      const int right_column = Peek().column;
      const bool title_atom = Peek().lexeme == Lexeme::kField && Peek().text == "title";  // "a NEAR/5 title:b"
      if (Peek().lexeme != Lexeme::kWord && Peek().lexeme != Lexeme::kPhrase && !title_atom) {
        return ErrorAt(op.column, "NEAR needs a word or a phrase on its right.");
      }
      CHANCERY_ASSIGN_OR_RETURN(NodePtr right, ParsePrimary(scope));
      if (!IsAtom(*right)) return ErrorAt(right_column, "NEAR joins words or phrases.");
      auto node = NewNode(NodeKind::kNear);
      node->distance = op.distance;
      node->children = {std::move(left), std::move(right)};
      left = node;
    }
    return left;
  }

  Result<NodePtr> ParsePrimary(Scope scope) {
    const Item& item = Take();
    switch (item.lexeme) {
      case Lexeme::kOpen: {
        if (Peek().lexeme == Lexeme::kClose) return ErrorAt(item.column, "empty parentheses.");
        CHANCERY_ASSIGN_OR_RETURN(NodePtr inner, ParseOr(scope));
        if (Peek().lexeme != Lexeme::kClose) return ErrorAt(item.column, "this '(' is never closed.");
        Take();
        return inner;
      }
      case Lexeme::kField: return ParseField(item, scope);
      case Lexeme::kWord: return Atom(item, scope, false);
      case Lexeme::kPhrase: return Atom(item, scope, true);
      case Lexeme::kClose: return ErrorAt(item.column, "expected a word, a phrase or '(' before ')'.");
      case Lexeme::kNear: return ErrorAt(item.column, "NEAR needs a word or a phrase on its left.");
      case Lexeme::kEnd: return ErrorAt(item.column, "the query ends too early.");
      default: return ErrorAt(item.column, "expected a word, a phrase or '('.");
    }
  }

  Result<NodePtr> ParseField(const Item& field, Scope scope) {
    if (field.text == "title") {
      if (!StartsOperand(Peek().lexeme) || Peek().lexeme == Lexeme::kField) {
        return ErrorAt(field.column, "title: needs a word, a phrase or a group.");
      }
      return ParsePrimary(Scope::kTitle);
    }
    const Item& value = Take();
    if (value.lexeme != Lexeme::kWord && value.lexeme != Lexeme::kPhrase) {
      return ErrorAt(field.column, field.text + ": needs a value, e.g. " +
                                       (field.text == "lang"      ? "lang:vi"
                                        : field.text == "country" ? "country:VN"
                                                                  : "source:vnexpress") +
                                       ".");
    }
    if (scope == Scope::kTitle) return ErrorAt(field.column, field.text + ": cannot be inside title:.");
    auto node = NewNode(NodeKind::kFact);
    node->field = field.text;
    node->value = value.text;
    for (char& c : node->value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return NodePtr(node);
  }

  Result<NodePtr> Atom(const Item& item, Scope scope, bool phrase) {
    std::string written = item.text;
    bool prefix = false;
    if (!phrase && written.ends_with('*')) {
      prefix = true;
      written.pop_back();
    }
    if (written.find('*') != std::string::npos) {
      return ErrorAt(item.column, "a wildcard '*' goes at the end of a word only.");
    }
    const NormalizedText text = Normalize(written);
    if (text.tokens.empty()) {
      return ErrorAt(item.column,
                     phrase ? "this phrase has no words." : "'" + item.text + "' has no letters or digits.");
    }
    auto node = NewNode(text.tokens.size() > 1 ? NodeKind::kPhrase : NodeKind::kTerm);
    for (std::size_t i = 0; i < text.tokens.size(); ++i) {
      node->words.emplace_back(text.FoldedWord(i));
      node->exact_words.emplace_back(text.ExactWord(i));
    }
    if (prefix) {
      if (node->kind != NodeKind::kTerm) return ErrorAt(item.column, "a wildcard applies to one word.");
      std::int32_t letters = 0;
      for (std::size_t i = 0; i < node->words[0].size();) {
        UChar32 c = 0;
        U8_NEXT(node->words[0].data(), i, node->words[0].size(), c);
        ++letters;
      }
      if (letters < 2) return ErrorAt(item.column, "a wildcard needs at least two letters before the '*'.");
      node->kind = NodeKind::kPrefix;
    }
    node->exact = item.exact;
    node->scope = scope;
    return NodePtr(node);
  }

  std::vector<Item> items_;
  std::size_t next_ = 0;
};

// True when the query can match by finding something (a word or a fact), not only by what is absent.
bool Positive(const Node& node) {
  switch (node.kind) {
    case NodeKind::kNot: return false;
    case NodeKind::kAnd:
      for (const NodePtr& child : node.children) {
        if (Positive(*child)) return true;
      }
      return false;
    case NodeKind::kOr:
      for (const NodePtr& child : node.children) {
        if (!Positive(*child)) return false;
      }
      return true;
    default: return true;
  }
}

}  // namespace

Result<NodePtr> ParseQuery(std::string_view text) {
  if (text.size() > kMaxQueryLength) {
    return InvalidArgument("A query is at most 4,000 bytes.").WithField("query");
  }
  for (std::size_t i = 0; i < text.size();) {
    UChar32 c = 0;
    U8_NEXT(text.data(), i, text.size(), c);
    if (c < 0) return InvalidArgument("The query is not valid UTF-8.").WithField("query");
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Item> items, Lexer(text).Run());
  CHANCERY_ASSIGN_OR_RETURN(NodePtr root, Parser(std::move(items)).Parse());
  if (!Positive(*root)) {
    return ErrorAt(1, "a query needs something to look for, not only exclusions (e.g. flood NOT drill).");
  }
  return root;
}

std::string ToString(const Node& node) {
  const auto joined = [&](const char* separator) {
    std::string out = "(";
    for (std::size_t i = 0; i < node.children.size(); ++i) {
      if (i > 0) out += separator;
      out += ToString(*node.children[i]);
    }
    return out + ")";
  };
  std::string out;
  const auto& words = node.exact ? node.exact_words : node.words;
  switch (node.kind) {
    case NodeKind::kTerm: out = (node.exact ? "=" : "") + words[0]; break;
    case NodeKind::kPrefix: out = (node.exact ? "=" : "") + words[0] + "*"; break;
    case NodeKind::kPhrase: {
      out = node.exact ? "=\"" : "\"";
      for (std::size_t i = 0; i < words.size(); ++i) out += (i > 0 ? " " : "") + words[i];
      out += "\"";
      break;
    }
    case NodeKind::kAnd: return joined(" AND ");
    case NodeKind::kOr: return joined(" OR ");
    case NodeKind::kNot: return "NOT " + ToString(*node.children[0]);
    case NodeKind::kNear:
      return "(" + ToString(*node.children[0]) + " NEAR/" + std::to_string(node.distance) + " " +
             ToString(*node.children[1]) + ")";
    case NodeKind::kFact: {
      const bool plain = !node.value.empty() && std::isalnum(static_cast<unsigned char>(node.value.front())) &&
                         std::all_of(node.value.begin(), node.value.end(), [](char c) {
                           return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_';
                         });
      return node.field + ":" + (plain ? node.value : "\"" + node.value + "\"");
    }
  }
  return node.scope == Scope::kTitle ? "title:" + out : out;
}

}  // namespace chancery::monitor
