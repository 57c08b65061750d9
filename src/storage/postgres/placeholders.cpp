#include "storage/postgres/placeholders.hpp"

#include <cctype>

namespace chancery::storage::postgres {
namespace {

bool IsIdentifierChar(char character) {
  return std::isalnum(static_cast<unsigned char>(character)) != 0 || character == '_' ||
         static_cast<unsigned char>(character) >= 0x80;
}

// If a dollar-quote tag ($$ or $tag$) starts at `position`, returns its length; otherwise 0. A `$` followed by
// digits is a positional parameter, not a tag.
std::size_t DollarTagLength(std::string_view sql, std::size_t position) {
  if (position > 0 && IsIdentifierChar(sql[position - 1])) return 0;  // e.g. an identifier like a$b
  std::size_t end = position + 1;
  if (end < sql.size() && std::isdigit(static_cast<unsigned char>(sql[end])) != 0) return 0;
  while (end < sql.size() && IsIdentifierChar(sql[end]) && sql[end] != '$') ++end;
  if (end < sql.size() && sql[end] == '$') return end - position + 1;
  return 0;
}

// Returns the index just past the literal or comment starting at `position`, or `position` if none starts there.
std::size_t SkipQuoted(std::string_view sql, std::size_t position) {
  char current = sql[position];
  char next = position + 1 < sql.size() ? sql[position + 1] : '\0';
  if (current == '\'') {
    // E'...' (or e'...') strings treat a backslash as an escape; standard strings only double the quote.
    bool backslash_escapes = position > 0 && (sql[position - 1] == 'E' || sql[position - 1] == 'e') &&
                             (position < 2 || !IsIdentifierChar(sql[position - 2]));
    std::size_t index = position + 1;
    while (index < sql.size()) {
      if (backslash_escapes && sql[index] == '\\') {
        index += 2;
      } else if (sql[index] == '\'') {
        if (index + 1 < sql.size() && sql[index + 1] == '\'') {
          index += 2;
        } else {
          return index + 1;
        }
      } else {
        ++index;
      }
    }
    return sql.size();
  }
  if (current == '"') {
    std::size_t close = sql.find('"', position + 1);
    while (close != std::string_view::npos && close + 1 < sql.size() && sql[close + 1] == '"') {
      close = sql.find('"', close + 2);
    }
    return close == std::string_view::npos ? sql.size() : close + 1;
  }
  if (current == '-' && next == '-') {
    std::size_t newline = sql.find('\n', position);
    return newline == std::string_view::npos ? sql.size() : newline + 1;
  }
  if (current == '/' && next == '*') {
    int depth = 0;
    std::size_t index = position;
    while (index + 1 < sql.size()) {
      if (sql[index] == '/' && sql[index + 1] == '*') {
        ++depth;
        index += 2;
      } else if (sql[index] == '*' && sql[index + 1] == '/') {
        index += 2;
        if (--depth == 0) return index;
      } else {
        ++index;
      }
    }
    return sql.size();
  }
  if (current == '$') {
    std::size_t tag_length = DollarTagLength(sql, position);
    if (tag_length == 0) return position;
    std::string_view tag = sql.substr(position, tag_length);
    std::size_t close = sql.find(tag, position + tag_length);
    return close == std::string_view::npos ? sql.size() : close + tag_length;
  }
  return position;
}

}  // namespace

ConvertedSql ConvertPlaceholders(std::string_view sql) {
  ConvertedSql converted;
  converted.sql.reserve(sql.size() + 16);
  std::size_t index = 0;
  while (index < sql.size()) {
    std::size_t after_quoted = SkipQuoted(sql, index);
    if (after_quoted != index) {
      converted.sql.append(sql.substr(index, after_quoted - index));
      index = after_quoted;
      continue;
    }
    if (sql[index] == '?') {
      converted.sql += '$';
      converted.sql += std::to_string(++converted.parameter_count);
    } else {
      converted.sql += sql[index];
    }
    ++index;
  }
  return converted;
}

}  // namespace chancery::storage::postgres
