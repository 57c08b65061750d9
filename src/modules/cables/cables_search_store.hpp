// CablesSearchStore: the full-text index of cables and the saved searches, in SQL. The index holds each cable's
// searchable text already folded by the caller (directory::FoldForSearch); the one engine difference, how a match
// is spelled, is chosen by the database's FullTextDialect capability.
//
// Contract: Index runs in the caller's transaction (the cable and its index row commit together). Search applies
// the reader's scope (units, involvement, classifications) in SQL; captions are left to the service's MaySee.
//
// Thread-safety: stateless; safe for concurrent use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "modules/cables/cables.hpp"
#include "storage/database.hpp"

namespace chancery::cables {

struct SearchFilter {
  std::vector<std::string> tokens;  // folded words, all required; the last also matches as a prefix
  std::optional<std::string> tag;
  std::optional<Precedence> precedence;
  std::optional<std::int64_t> unit_id;  // originating or addressee unit
  std::optional<std::int64_t> from_ms;  // release (or, for drafts, creation) time, inclusive
  std::optional<std::int64_t> to_ms;    // exclusive
  // Saved-search notices: only cables transmitted since this time and not yet announced by that search.
  std::optional<std::int64_t> released_since_ms;
  std::optional<std::int64_t> not_announced_by;
  std::optional<std::int64_t> before_id;
};

// Whose search: the cables the reader is involved in, named on, or covers by unit, within the classifications.
struct SearchScope {
  std::int64_t user_id = 0;
  std::optional<std::vector<std::int64_t>> read_units;  // nullopt: every unit
  std::vector<Classification> classifications;
};

struct SavedSearch {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string name;
  std::string query;
  std::optional<std::string> tag;
  std::optional<Precedence> precedence;
  std::optional<std::int64_t> unit_id;
  bool notify = false;
  std::int64_t created_at_ms = 0;
};

class CablesSearchStore {
 public:
  explicit CablesSearchStore(storage::FullTextDialect dialect) : dialect_(dialect) {}

  Status Index(storage::Transaction& transaction, std::int64_t cable_id, const std::string& folded_text);
  // Matching cable ids, newest first.
  Result<std::vector<std::int64_t>> Search(storage::Transaction& transaction, const SearchFilter& filter,
                                           const SearchScope& scope, int limit);

  Result<std::int64_t> InsertSaved(storage::Transaction& transaction, const SavedSearch& search);
  Result<std::vector<SavedSearch>> ListSaved(storage::Transaction& transaction, std::optional<std::int64_t> user_id,
                                             bool notifying_only);
  // False when the user has no such saved search.
  Result<bool> DeleteSaved(storage::Transaction& transaction, std::int64_t user_id, std::int64_t search_id);
  // Records that the search announced the cable; false when it already had (another node was first).
  Result<bool> RecordHit(storage::Transaction& transaction, std::int64_t search_id, std::int64_t cable_id,
                         std::int64_t now_ms);

 private:
  storage::FullTextDialect dialect_;
};

// The words of a search text, folded and stripped of everything but letters and digits (query syntax included,
// so that no user text reaches FTS5 or tsquery as syntax).
std::vector<std::string> SearchTokens(const std::string& folded_text);

}  // namespace chancery::cables
