// DirectoryService: CSV import and export of the units.
#include <boost/json.hpp>

#include <map>
#include <set>

#include "modules/directory/directory_service.hpp"
#include "modules/directory/unit_csv.hpp"

namespace chancery::directory {
namespace {

constexpr int kMaxDepth = 64;
constexpr const char* kSavepoint = "directory_import_row";

// Orders rows so that a row comes after the row of its parent (when the parent is in the file too). Rows whose
// parent chain loops or runs too deep are reported instead.
class ParentFirstOrder {
 public:
  ParentFirstOrder(const std::vector<const UnitCsvRow*>& rows, std::vector<ImportError>& errors) : errors_(errors) {
    for (const UnitCsvRow* row : rows) by_code_[row->code] = row;
    for (const UnitCsvRow* row : rows) Visit(row, 0);
  }
  const std::vector<const UnitCsvRow*>& ordered() const { return ordered_; }

 private:
  enum class State { kVisiting, kPlaced, kFailed };

  bool Visit(const UnitCsvRow* row, int depth) {
    auto state = states_.find(row);
    if (state != states_.end()) {
      if (state->second == State::kVisiting) return Fail(row, "the parent_code chain loops back to " + row->code);
      return state->second == State::kPlaced;
    }
    if (depth > kMaxDepth) return Fail(row, "the parent_code chain is deeper than " + std::to_string(kMaxDepth));
    states_[row] = State::kVisiting;
    auto parent = by_code_.find(row->parent_code);
    if (parent != by_code_.end() && !Visit(parent->second, depth + 1)) {
      return Fail(row, "its parent " + row->parent_code + " could not be imported");
    }
    states_[row] = State::kPlaced;
    ordered_.push_back(row);
    return true;
  }

  bool Fail(const UnitCsvRow* row, std::string message) {
    if (states_[row] != State::kFailed) errors_.push_back({row->line, std::move(message)});
    states_[row] = State::kFailed;
    return false;
  }

  std::vector<ImportError>& errors_;
  std::map<std::string, const UnitCsvRow*> by_code_;
  std::map<const UnitCsvRow*, State> states_;
  std::vector<const UnitCsvRow*> ordered_;
};

}  // namespace

Result<ImportReport> DirectoryService::ImportCsv(std::string_view csv, ImportMode mode,
                                                 const identity::ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(ParsedUnitCsv parsed, ParseUnitsCsv(csv));
  std::vector<ImportError> read_errors = parsed.errors;
  std::vector<const UnitCsvRow*> unique_rows;
  std::map<std::string, int> line_of_code;
  std::map<std::string, std::set<std::string>> primaries_in_file;
  for (const UnitCsvRow& row : parsed.rows) {
    auto [found, inserted] = line_of_code.emplace(row.code, row.line);
    if (!inserted) {
      read_errors.push_back(
          {row.line, "code " + row.code + " already appears on line " + std::to_string(found->second)});
      continue;
    }
    unique_rows.push_back(&row);
    for (const Jurisdiction& entry : *row.changes.jurisdiction) {
      if (entry.primary) primaries_in_file[row.code].insert(entry.country);
    }
  }
  const std::vector<const UnitCsvRow*> ordered = ParentFirstOrder(unique_rows, read_errors).ordered();

  ImportReport report;
  const Status status = database_.Write("directory.import", [&](storage::Transaction& transaction) -> Status {
    report = ImportReport{};  // the body may be retried after a transient conflict
    report.errors = read_errors;
    for (const UnitCsvRow* row : ordered) {
      // A savepoint per row keeps a failed row from spoiling the transaction (PostgreSQL aborts it otherwise).
      CHANCERY_TRY(transaction.Execute(std::string("SAVEPOINT ") + kSavepoint));
      bool created = false;
      Status row_status = [&]() -> Status {
        std::optional<std::int64_t> parent_id;
        if (!row->parent_code.empty()) {
          CHANCERY_ASSIGN_OR_RETURN(std::optional<Unit> parent, store_.FindUnitByCode(transaction, row->parent_code));
          if (!parent) return InvalidArgument("parent_code " + row->parent_code + " names no unit");
          parent_id = parent->id;
        }
        CHANCERY_ASSIGN_OR_RETURN(std::optional<Unit> existing, store_.FindUnitByCode(transaction, row->code));
        Unit unit = existing.value_or(Unit{});
        created = !existing;
        UnitChanges changes = row->changes;
        changes.parent_id = parent_id;
        ApplyChanges(changes, unit);
        // A country this file moves from one unit to another is released by the unit that loses it, whatever
        // order the two rows come in.
        for (const Jurisdiction& entry : unit.jurisdiction) {
          if (!entry.primary) continue;
          CHANCERY_ASSIGN_OR_RETURN(std::optional<Unit> holder,
                                    store_.PrimaryMissionOf(transaction, entry.country, unit.id));
          if (holder && primaries_in_file.contains(holder->code) &&
              !primaries_in_file[holder->code].contains(entry.country)) {
            CHANCERY_TRY(
                transaction.Execute("UPDATE unit_jurisdictions SET is_primary = 0 WHERE unit_id = ? AND country = ?",
                                    {holder->id, entry.country}));
          }
        }
        return SaveUnit(transaction, unit, /*replace_jurisdiction=*/true).status();
      }();
      if (row_status.ok()) {
        CHANCERY_TRY(transaction.Execute(std::string("RELEASE SAVEPOINT ") + kSavepoint));
        ++(created ? report.created : report.updated);
      } else {
        if (row_status.code() == StatusCode::kUnavailable || row_status.code() == StatusCode::kInternal) {
          return row_status;  // not the row's fault: fail the whole import
        }
        CHANCERY_TRY(transaction.Execute(std::string("ROLLBACK TO SAVEPOINT ") + kSavepoint));
        CHANCERY_TRY(transaction.Execute(std::string("RELEASE SAVEPOINT ") + kSavepoint));
        report.errors.push_back({row->line, row_status.message()});
      }
    }
    if (!report.errors.empty() && mode == ImportMode::kAllOrNothing) {
      return Conflict("import rolled back").WithReason("import_rolled_back");
    }
    CHANCERY_ASSIGN_OR_RETURN(std::optional<storage::Row> root,
                              transaction.QueryOptional("SELECT id FROM units WHERE kind = 'ministry'"));
    audit::AuditEvent event = Event(context, "directory.imported", root ? root->OptionalInt(0) : std::nullopt);
    event.detail_json = boost::json::serialize(
        boost::json::object{{"created", report.created},
                            {"updated", report.updated},
                            {"errors", static_cast<std::int64_t>(report.errors.size())},
                            {"mode", mode == ImportMode::kPartial ? "partial" : "all_or_nothing"}});
    CHANCERY_TRY(audit_.Append(transaction, event));
    return Status::Ok();
  });

  std::sort(report.errors.begin(), report.errors.end(),
            [](const ImportError& a, const ImportError& b) { return a.line < b.line; });
  if (status.ok()) {
    report.committed = true;
    ReloadTree();
    return report;
  }
  if (status.reason() != "import_rolled_back") return status;
  // Nothing was written; the attempt itself is still recorded.
  audit::AuditEvent event = Event(context, "directory.imported", tree_->RootId());
  event.outcome = "failure";
  event.detail_json = boost::json::serialize(
      boost::json::object{{"errors", static_cast<std::int64_t>(report.errors.size())}, {"mode", "all_or_nothing"}});
  CHANCERY_TRY(audit_.Append(event));
  report.created = 0;
  report.updated = 0;
  return report;
}

Result<std::string> DirectoryService::ExportCsv(const identity::ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Unit> units, ListUnits(UnitFilter{}));
  std::string text = RenderUnitsCsv(units);
  audit::AuditEvent event = Event(context, "directory.exported", tree_->RootId());
  event.detail_json = boost::json::serialize(boost::json::object{{"units", static_cast<std::int64_t>(units.size())}});
  CHANCERY_TRY(audit_.Append(event));
  return text;
}

}  // namespace chancery::directory
