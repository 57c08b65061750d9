// CSV reading and writing per RFC 4180, for the import and export endpoints of several modules.
//
// Contract: ParseCsv accepts LF or CRLF line ends, an optional UTF-8 byte-order mark, quoted fields with doubled
// quotes and embedded line breaks; it skips lines that are entirely empty and reports the physical line on which
// each record starts, so that import errors can name it. A quote inside an unquoted field, text after a closing
// quote, or an unterminated quoted field is an error naming the line. CsvWriter quotes a field only when needed and
// ends every record with CRLF.
//
// Thread-safety: ParseCsv is a pure function; a CsvWriter is a plain value, not to be shared between threads
// while it is written to.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace chancery::csv {

struct Record {
  std::size_t line = 0;  // 1-based physical line on which the record starts
  std::vector<std::string> fields;
};

struct ParseLimits {
  std::size_t max_records = 100000;
  std::size_t max_field_bytes = 64 * 1024;
};

Result<std::vector<Record>> ParseCsv(std::string_view text, const ParseLimits& limits = {});

// The field as it must appear in a CSV record: unchanged, or quoted with inner quotes doubled when it holds a
// comma, a quote, a line break, or leading/trailing spaces.
std::string EscapeField(std::string_view field);

class CsvWriter {
 public:
  void AddRecord(const std::vector<std::string>& fields);
  const std::string& text() const { return text_; }
  std::string Release() { return std::move(text_); }

 private:
  std::string text_;
};

}  // namespace chancery::csv
