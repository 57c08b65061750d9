// The units CSV format: one unit per record with the columns
//   code,parent_code,kind,name_en,name_vi,city,country,time_zone,languages,primary_countries,
//   secondary_countries,latitude,longitude,address,phone,email,website
// `languages`, `primary_countries` and `secondary_countries` hold values separated by ';'. The header names these
// columns (in any order, each exactly once). ParseUnitsCsv turns records into changes without touching the
// database; RenderUnitsCsv writes the same format, so an export imports back unchanged.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "modules/directory/directory.hpp"

namespace chancery::directory {

const std::vector<std::string>& UnitCsvColumns();

struct UnitCsvRow {
  int line = 0;
  std::string code;
  std::string parent_code;  // empty for the ministry
  UnitChanges changes;      // every field set, parent_id excepted (resolved from parent_code on import)
};

struct ParsedUnitCsv {
  std::vector<UnitCsvRow> rows;
  std::vector<ImportError> errors;  // records that could not be read (bad kind, bad number, ...)
};

// Fails as a whole (kInvalidArgument) when the text is not CSV or the header is wrong; record-level problems are
// returned in `errors`.
Result<ParsedUnitCsv> ParseUnitsCsv(std::string_view text);

// `units` in CSV; parent codes are looked up among `units` themselves.
std::string RenderUnitsCsv(const std::vector<Unit>& units);

}  // namespace chancery::directory
