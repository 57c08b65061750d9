#include "modules/cables/cables_search_store.hpp"

#include "modules/cables/cables_rules.hpp"
#include "storage/sql_text.hpp"

namespace chancery::cables {
namespace {

using storage::FullTextDialect;
using storage::Row;
using storage::Rows;
using storage::Transaction;
using storage::Value;

SavedSearch SavedFromRow(const Row& row) {
  SavedSearch search;
  search.id = row.Int(0);
  search.user_id = row.Int(1);
  search.name = row.Text(2);
  search.query = row.Text(3);
  search.tag = row.OptionalText(4);
  if (auto precedence = row.OptionalText(5)) search.precedence = ParsePrecedence(*precedence);
  search.unit_id = row.OptionalInt(6);
  search.notify = row.Bool(7);
  search.created_at_ms = row.Int(8);
  return search;
}

constexpr const char* kSavedColumns =
    "SELECT id, user_id, name, query, tag, precedence, unit_id, notify, created_at "
    "FROM cable_saved_searches";

}  // namespace

std::vector<std::string> SearchTokens(const std::string& folded_text) {
  std::vector<std::string> tokens;
  std::string current;
  for (char c : folded_text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || byte >= 0x80;
    if (word) {
      current += c;
    } else if (!current.empty()) {
      tokens.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  if (tokens.size() > 20) tokens.resize(20);
  return tokens;
}

Status CablesSearchStore::Index(Transaction& transaction, std::int64_t cable_id, const std::string& folded_text) {
  switch (dialect_) {
    case FullTextDialect::kFts5:
      CHANCERY_TRY(transaction.Execute("DELETE FROM cable_search WHERE rowid = ?", {cable_id}).status());
      return transaction.Execute("INSERT INTO cable_search (rowid, folded_text) VALUES (?, ?)", {cable_id, folded_text})
          .status();
    case FullTextDialect::kTsvector:
      return transaction
          .Execute(
              "INSERT INTO cable_search (cable_id, folded_text) VALUES (?, ?) ON CONFLICT (cable_id) DO UPDATE "
              "SET folded_text = excluded.folded_text",
              {cable_id, folded_text})
          .status();
    case FullTextDialect::kNone: return Status::Ok();
  }
  return Status::Ok();
}

Result<std::vector<std::int64_t>> CablesSearchStore::Search(Transaction& transaction, const SearchFilter& filter,
                                                            const SearchScope& scope, int limit) {
  std::string sql = "SELECT c.id FROM cables c WHERE ";
  std::vector<Value> params;
  if (!filter.tokens.empty()) {
    std::string match;
    for (std::size_t i = 0; i < filter.tokens.size(); ++i) {
      const bool last = i + 1 == filter.tokens.size();
      if (dialect_ == FullTextDialect::kFts5) {
        match += (i ? " \"" : "\"") + filter.tokens[i] + (last ? "\"*" : "\"");
      } else {
        match += (i ? " & " : "") + filter.tokens[i] + (last ? ":*" : "");
      }
    }
    if (dialect_ == FullTextDialect::kFts5) {
      sql += "c.id IN (SELECT rowid FROM cable_search WHERE cable_search MATCH ?) AND ";
    } else if (dialect_ == FullTextDialect::kTsvector) {
      sql += "c.id IN (SELECT cable_id FROM cable_search WHERE document @@ to_tsquery('simple', ?)) AND ";
    } else {
      return FailedPrecondition("this database has no full-text search");
    }
    params.emplace_back(match);
  }
  // The reader's scope: involved, named, or covering the originating or an addressee unit.
  sql +=
      "(c.drafter_user_id = ? OR c.released_by = ? OR EXISTS (SELECT 1 FROM cable_clearers k WHERE "
      "k.cable_id = c.id AND k.user_id = ?) OR EXISTS (SELECT 1 FROM cable_addressees a WHERE a.cable_id = c.id "
      "AND a.user_id = ?)";
  for (int i = 0; i < 4; ++i) params.emplace_back(scope.user_id);
  if (!scope.read_units) {
    sql += " OR 1 = 1)";
  } else if (scope.read_units->empty()) {
    sql += ")";
  } else {
    const std::string units = storage::Placeholders(scope.read_units->size());
    sql += " OR c.originating_unit_id IN (" + units +
           ") OR EXISTS (SELECT 1 FROM cable_recipients r WHERE "
           "r.cable_id = c.id AND r.unit_id IN (" +
           units + ")))";
    for (int pass = 0; pass < 2; ++pass) {
      for (std::int64_t id : *scope.read_units) params.emplace_back(id);
    }
  }
  if (scope.classifications.empty()) return std::vector<std::int64_t>();
  sql += " AND c.classification IN (" + storage::Placeholders(scope.classifications.size()) + ")";
  for (Classification classification : scope.classifications) {
    params.emplace_back(std::string(ClassificationName(classification)));
  }
  if (filter.tag) {
    sql += " AND (';' || c.tags || ';') LIKE ?";
    params.emplace_back("%;" + *filter.tag + ";%");
  }
  if (filter.precedence) {
    sql += " AND c.precedence = ?";
    params.emplace_back(std::string(PrecedenceName(*filter.precedence)));
  }
  if (filter.unit_id) {
    sql +=
        " AND (c.originating_unit_id = ? OR EXISTS (SELECT 1 FROM cable_recipients u WHERE u.cable_id = c.id AND "
        "u.unit_id = ?))";
    params.emplace_back(*filter.unit_id);
    params.emplace_back(*filter.unit_id);
  }
  if (filter.from_ms) {
    sql += " AND COALESCE(c.released_at, c.created_at) >= ?";
    params.emplace_back(*filter.from_ms);
  }
  if (filter.to_ms) {
    sql += " AND COALESCE(c.released_at, c.created_at) < ?";
    params.emplace_back(*filter.to_ms);
  }
  if (filter.released_since_ms) {
    sql += " AND c.state = 'transmitted' AND c.released_at >= ?";
    params.emplace_back(*filter.released_since_ms);
  }
  if (filter.not_announced_by) {
    sql += " AND NOT EXISTS (SELECT 1 FROM cable_saved_search_hits h WHERE h.search_id = ? AND h.cable_id = c.id)";
    params.emplace_back(*filter.not_announced_by);
  }
  if (filter.before_id) {
    sql += " AND c.id < ?";
    params.emplace_back(*filter.before_id);
  }
  sql += " ORDER BY c.id DESC LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(limit));
  CHANCERY_ASSIGN_OR_RETURN(Rows rows, transaction.Query(sql, params));
  std::vector<std::int64_t> ids;
  for (const Row& row : rows) ids.push_back(row.Int(0));
  return ids;
}

Result<std::int64_t> CablesSearchStore::InsertSaved(Transaction& transaction, const SavedSearch& search) {
  const Value precedence = search.precedence ? Value(std::string(PrecedenceName(*search.precedence))) : Value(nullptr);
  CHANCERY_ASSIGN_OR_RETURN(
      Row row, transaction.QueryOne("INSERT INTO cable_saved_searches (user_id, name, query, tag, precedence, unit_id, "
                                    "notify, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                    {search.user_id, search.name, search.query, storage::Nullable(search.tag),
                                     precedence, storage::Nullable(search.unit_id),
                                     static_cast<std::int64_t>(search.notify), search.created_at_ms}));
  return row.Int(0);
}

Result<std::vector<SavedSearch>> CablesSearchStore::ListSaved(Transaction& transaction,
                                                              std::optional<std::int64_t> user_id,
                                                              bool notifying_only) {
  std::string sql = std::string(kSavedColumns) + " WHERE 1 = 1";
  std::vector<Value> params;
  if (user_id) {
    sql += " AND user_id = ?";
    params.emplace_back(*user_id);
  }
  if (notifying_only) sql += " AND notify = 1";
  sql += " ORDER BY id";
  CHANCERY_ASSIGN_OR_RETURN(Rows rows, transaction.Query(sql, params));
  std::vector<SavedSearch> searches;
  for (const Row& row : rows) searches.push_back(SavedFromRow(row));
  return searches;
}

Result<bool> CablesSearchStore::DeleteSaved(Transaction& transaction, std::int64_t user_id, std::int64_t search_id) {
  CHANCERY_ASSIGN_OR_RETURN(
      std::int64_t changed,
      transaction.Execute("DELETE FROM cable_saved_searches WHERE id = ? AND user_id = ?", {search_id, user_id}));
  return changed > 0;
}

Result<bool> CablesSearchStore::RecordHit(Transaction& transaction, std::int64_t search_id, std::int64_t cable_id,
                                          std::int64_t now_ms) {
  CHANCERY_ASSIGN_OR_RETURN(
      std::int64_t changed,
      transaction.Execute("INSERT INTO cable_saved_search_hits (search_id, cable_id, notified_at) "
                          "VALUES (?, ?, ?) ON CONFLICT (search_id, cable_id) DO NOTHING",
                          {search_id, cable_id, now_ms}));
  return changed > 0;
}

}  // namespace chancery::cables
