#include "bus/bus.hpp"

#include <vector>

namespace chancery::bus {
namespace {

std::vector<std::string_view> Tokens(std::string_view text) {
  std::vector<std::string_view> tokens;
  while (true) {
    std::size_t dot = text.find('.');
    tokens.push_back(text.substr(0, dot));
    if (dot == std::string_view::npos) break;
    text.remove_prefix(dot + 1);
  }
  return tokens;
}

bool IsValidToken(std::string_view token) {
  if (token.empty()) return false;
  for (char c : token) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

}  // namespace

bool IsValidSubject(std::string_view subject) {
  for (std::string_view token : Tokens(subject)) {
    if (!IsValidToken(token) || token.find_first_of("*>") != std::string_view::npos) return false;
  }
  return true;
}

bool IsValidPattern(std::string_view pattern) {
  auto tokens = Tokens(pattern);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::string_view token = tokens[i];
    if (!IsValidToken(token)) return false;
    if (token == "*") continue;
    if (token == ">") {
      if (i + 1 != tokens.size()) return false;
      continue;
    }
    if (token.find_first_of("*>") != std::string_view::npos) return false;
  }
  return true;
}

bool SubjectMatches(std::string_view pattern, std::string_view subject) {
  auto pattern_tokens = Tokens(pattern);
  auto subject_tokens = Tokens(subject);
  for (std::size_t i = 0; i < pattern_tokens.size(); ++i) {
    if (pattern_tokens[i] == ">") return i < subject_tokens.size();
    if (i >= subject_tokens.size()) return false;
    if (pattern_tokens[i] != "*" && pattern_tokens[i] != subject_tokens[i]) return false;
  }
  return pattern_tokens.size() == subject_tokens.size();
}

}  // namespace chancery::bus
