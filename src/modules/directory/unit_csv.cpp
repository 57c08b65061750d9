#include "modules/directory/unit_csv.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "core/csv.hpp"

namespace chancery::directory {
namespace {

enum Column {
  kCode,
  kParentCode,
  kKind,
  kNameEn,
  kNameVi,
  kCity,
  kCountry,
  kTimeZone,
  kLanguages,
  kPrimaryCountries,
  kSecondaryCountries,
  kLatitude,
  kLongitude,
  kAddress,
  kPhone,
  kEmail,
  kWebsite,
  kColumnCount
};

std::string Trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(';', start);
    if (end == std::string_view::npos) end = text.size();
    std::string item = Trim(text.substr(start, end - start));
    if (!item.empty()) items.push_back(std::move(item));
    start = end + 1;
  }
  return items;
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ";") + item;
  return out;
}

// Empty text is nullopt; otherwise a decimal number or an error naming the column.
Result<std::optional<double>> ParseCoordinate(const std::string& text, std::string_view column) {
  if (text.empty()) return std::optional<double>();
  double value = 0;
  const char* end = text.data() + text.size();
  auto [pointer, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || pointer != end) {
    return InvalidArgument(std::string(column) + " '" + text + "' is not a number");
  }
  return std::optional<double>(value);
}

std::string FormatCoordinate(const std::optional<double>& value) {
  if (!value) return "";
  // Shortest text that reads back as the same double, so that an export re-imports without drift.
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, *value);
  return error == std::errc() ? std::string(buffer, end) : std::string();
}

Result<UnitCsvRow> ReadRow(const csv::Record& record, const std::vector<int>& index_of) {
  if (record.fields.size() != static_cast<std::size_t>(kColumnCount)) {
    return InvalidArgument("expected " + std::to_string(kColumnCount) + " fields, found " +
                           std::to_string(record.fields.size()));
  }
  auto field = [&](Column column) { return Trim(record.fields[index_of[column]]); };
  UnitCsvRow row;
  row.line = static_cast<int>(record.line);
  row.code = field(kCode);
  row.parent_code = field(kParentCode);
  UnitChanges& changes = row.changes;
  changes.code = row.code;
  const std::string kind = field(kKind);
  changes.kind = ParseUnitKind(kind);
  if (!changes.kind)
    return InvalidArgument("kind '" + kind +
                           "' is not one of ministry, hq_department, embassy, "
                           "consulate_general, consulate, permanent_mission");
  changes.name_en = field(kNameEn);
  changes.name_vi = field(kNameVi);
  changes.city = field(kCity);
  changes.country = field(kCountry);
  changes.time_zone = field(kTimeZone);
  changes.languages = SplitList(field(kLanguages));
  std::vector<Jurisdiction> jurisdiction;
  for (std::string& country : SplitList(field(kPrimaryCountries))) jurisdiction.push_back({std::move(country), true});
  for (std::string& country : SplitList(field(kSecondaryCountries))) {
    jurisdiction.push_back({std::move(country), false});
  }
  changes.jurisdiction = std::move(jurisdiction);
  CHANCERY_ASSIGN_OR_RETURN(changes.latitude, ParseCoordinate(field(kLatitude), "latitude"));
  CHANCERY_ASSIGN_OR_RETURN(changes.longitude, ParseCoordinate(field(kLongitude), "longitude"));
  changes.address = field(kAddress);
  changes.phone = field(kPhone);
  changes.email = field(kEmail);
  changes.website = field(kWebsite);
  return row;
}

}  // namespace

const std::vector<std::string>& UnitCsvColumns() {
  static const std::vector<std::string> kColumns = {"code",
                                                    "parent_code",
                                                    "kind",
                                                    "name_en",
                                                    "name_vi",
                                                    "city",
                                                    "country",
                                                    "time_zone",
                                                    "languages",
                                                    "primary_countries",
                                                    "secondary_countries",
                                                    "latitude",
                                                    "longitude",
                                                    "address",
                                                    "phone",
                                                    "email",
                                                    "website"};
  return kColumns;
}

Result<ParsedUnitCsv> ParseUnitsCsv(std::string_view text) {
  Result<std::vector<csv::Record>> records = csv::ParseCsv(text);
  if (!records.ok()) return InvalidArgument("the file is not valid CSV: " + records.status().message());
  if (records->empty()) return InvalidArgument("the file is empty; expected a header line");

  const csv::Record& header = records->front();
  std::vector<int> index_of(kColumnCount, -1);
  for (std::size_t position = 0; position < header.fields.size(); ++position) {
    const std::string name = Trim(header.fields[position]);
    const auto& columns = UnitCsvColumns();
    auto found = std::find(columns.begin(), columns.end(), name);
    if (found == columns.end()) return InvalidArgument("unknown column '" + name + "' in the header");
    int& slot = index_of[found - columns.begin()];
    if (slot != -1) return InvalidArgument("column '" + name + "' appears twice in the header");
    slot = static_cast<int>(position);
  }
  for (int column = 0; column < kColumnCount; ++column) {
    if (index_of[column] == -1) {
      return InvalidArgument("the header lacks column '" + UnitCsvColumns()[column] + "'");
    }
  }

  ParsedUnitCsv parsed;
  for (std::size_t at = 1; at < records->size(); ++at) {
    const csv::Record& record = (*records)[at];
    Result<UnitCsvRow> row = ReadRow(record, index_of);
    if (row.ok()) {
      parsed.rows.push_back(std::move(row).value());
    } else {
      parsed.errors.push_back({static_cast<int>(record.line), row.status().message()});
    }
  }
  return parsed;
}

std::string RenderUnitsCsv(const std::vector<Unit>& units) {
  std::map<std::int64_t, std::string> codes;
  for (const Unit& unit : units) codes[unit.id] = unit.code;
  csv::CsvWriter writer;
  writer.AddRecord(UnitCsvColumns());
  for (const Unit& unit : units) {
    std::vector<std::string> primary;
    std::vector<std::string> secondary;
    for (const Jurisdiction& entry : unit.jurisdiction) (entry.primary ? primary : secondary).push_back(entry.country);
    writer.AddRecord({unit.code, unit.parent_id ? codes[*unit.parent_id] : "", UnitKindName(unit.kind), unit.name_en,
                      unit.name_vi, unit.city, unit.country, unit.time_zone, JoinList(unit.languages),
                      JoinList(primary), JoinList(secondary), FormatCoordinate(unit.latitude),
                      FormatCoordinate(unit.longitude), unit.address, unit.phone, unit.email, unit.website});
  }
  return writer.Release();
}

}  // namespace chancery::directory
