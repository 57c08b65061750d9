// RFC 4180 reader and writer; see csv.hpp for the contract.
#include "core/csv.hpp"

#include <string>

namespace chancery::csv {
namespace {

Status LineError(std::size_t line, const std::string& what) {
  return InvalidArgument("CSV line " + std::to_string(line) + ": " + what);
}

bool IsLineEnd(char character) { return character == '\n' || character == '\r'; }

}  // namespace

Result<std::vector<Record>> ParseCsv(std::string_view text, const ParseLimits& limits) {
  // A byte-order mark is common in files saved by spreadsheet programs; it is not part of the first field.
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);

  std::vector<Record> records;
  std::size_t position = 0;
  std::size_t line = 1;
  while (position < text.size()) {
    // Skip a line that is entirely empty.
    if (IsLineEnd(text[position])) {
      if (text[position] == '\r' && position + 1 < text.size() && text[position + 1] == '\n') ++position;
      ++position;
      ++line;
      continue;
    }
    if (records.size() >= limits.max_records) {
      return LineError(line, "more than " + std::to_string(limits.max_records) + " records");
    }
    Record record;
    record.line = line;
    bool record_done = false;
    while (!record_done) {
      std::string field;
      if (position < text.size() && text[position] == '"') {
        // A quoted field: runs to the next quote that is not doubled; may span lines.
        const std::size_t opening_line = line;
        ++position;
        bool closed = false;
        while (position < text.size()) {
          const char character = text[position];
          if (character == '"') {
            if (position + 1 < text.size() && text[position + 1] == '"') {
              field.push_back('"');
              position += 2;
              continue;
            }
            ++position;
            closed = true;
            break;
          }
          if (character == '\n') ++line;
          if (character == '\r' && !(position + 1 < text.size() && text[position + 1] == '\n')) ++line;
          field.push_back(character);
          ++position;
          if (field.size() > limits.max_field_bytes) return LineError(opening_line, "field too long");
        }
        if (!closed) return LineError(opening_line, "unterminated quoted field");
        if (position < text.size() && text[position] != ',' && !IsLineEnd(text[position])) {
          return LineError(line, "unexpected text after a closing quote");
        }
      } else {
        while (position < text.size() && text[position] != ',' && !IsLineEnd(text[position])) {
          if (text[position] == '"') return LineError(line, "quote inside an unquoted field");
          field.push_back(text[position]);
          ++position;
        }
        if (field.size() > limits.max_field_bytes) return LineError(line, "field too long");
      }
      record.fields.push_back(std::move(field));
      if (position < text.size() && text[position] == ',') {
        ++position;
        continue;
      }
      // End of the record: a line break or the end of the text.
      if (position < text.size()) {
        if (text[position] == '\r' && position + 1 < text.size() && text[position + 1] == '\n') ++position;
        ++position;
        ++line;
      }
      record_done = true;
    }
    records.push_back(std::move(record));
  }
  return records;
}

std::string EscapeField(std::string_view field) {
  bool needs_quotes = field.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!field.empty() && (field.front() == ' ' || field.back() == ' ')) needs_quotes = true;
  if (!needs_quotes) return std::string(field);
  std::string quoted = "\"";
  for (char character : field) {
    if (character == '"') quoted.push_back('"');
    quoted.push_back(character);
  }
  quoted.push_back('"');
  return quoted;
}

void CsvWriter::AddRecord(const std::vector<std::string>& fields) {
  for (std::size_t index = 0; index < fields.size(); ++index) {
    if (index > 0) text_.push_back(',');
    text_ += EscapeField(fields[index]);
  }
  text_ += "\r\n";
}

}  // namespace chancery::csv
