// CablesSearch: full-text search over the cables a user may see, insensitive to case and to Vietnamese diacritics
// ("ha noi" finds "Hà Nội"), with filters by tag, precedence, unit and date; saved searches, which can notify their
// owner when a newly transmitted cable matches.
//
// Contract: results pass the same MaySee rule as every other path (CablesService). Saved-search notices are sent
// by AnnounceNewMatches (run periodically by the module): each matching cable transmitted within the last day,
// after the search was saved, is announced once per search (recorded in cable_saved_search_hits, so nodes never
// announce twice), by reference only.
//
// Thread-safety: safe for concurrent use; calls block on the database.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/status.hpp"
#include "modules/cables/cables_search_store.hpp"
#include "modules/cables/cables_service.hpp"
#include "modules/cables/cables_store.hpp"
#include "modules/notifications/notifications_service.hpp"

namespace chancery::cables {

struct SearchRequest {
  std::string query;
  std::optional<std::string> tag;
  std::optional<Precedence> precedence;
  std::optional<std::int64_t> unit_id;
  std::optional<std::int64_t> from_ms;
  std::optional<std::int64_t> to_ms;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};

// The searchable text of a cable, folded: reference, subject, tags and body.
std::string FoldedCableText(const Cable& cable);

class CablesSearch {
 public:
  CablesSearch(storage::Database& database, const Clock& clock, const identity::Authorizer& authorizer,
               identity::IdentityService& identity, std::shared_ptr<const directory::UnitTree> tree,
               const CablesService& cables, notifications::NotificationsService& notifications);

  // kInvalidArgument when there is neither a word nor a filter.
  Result<std::vector<Cable>> Search(const SearchRequest& request, const identity::ActionContext& context);

  Result<SavedSearch> Save(SavedSearch search, const identity::ActionContext& context);
  Result<std::vector<SavedSearch>> ListSaved(const identity::ActionContext& context);
  Status DeleteSaved(std::int64_t search_id, const identity::ActionContext& context);

  // Notifies owners of notifying saved searches about newly transmitted matches; returns how many notices.
  Result<int> AnnounceNewMatches();

 private:
  SearchScope ScopeOf(const Principal& principal) const;
  Result<std::vector<Cable>> Run(const SearchFilter& filter, const Principal& principal, int limit);
  static Result<SearchFilter> FilterOf(const std::string& query, const std::optional<std::string>& tag);

  storage::Database& database_;
  const Clock& clock_;
  const identity::Authorizer& authorizer_;
  identity::IdentityService& identity_;
  std::shared_ptr<const directory::UnitTree> tree_;
  const CablesService& cables_;
  notifications::NotificationsService& notifications_;
  CablesStore store_;
  CablesSearchStore search_store_;
};

}  // namespace chancery::cables
