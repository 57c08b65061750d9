#include "modules/cables/cables_search.hpp"

#include <algorithm>

#include "modules/cables/cables_rules.hpp"
#include "modules/directory/text_fold.hpp"

namespace chancery::cables {
namespace {

using storage::Transaction;

constexpr std::int64_t kAnnounceWindowMs = 24LL * 3600 * 1000;

}  // namespace

std::string FoldedCableText(const Cable& cable) {
  std::string text = cable.reference + "\n" + cable.subject + "\n";
  for (const std::string& tag : cable.tags) text += tag + " ";
  text += "\n" + cable.body;
  return directory::FoldForSearch(text);
}

CablesSearch::CablesSearch(storage::Database& database, const Clock& clock, const identity::Authorizer& authorizer,
                           identity::IdentityService& identity, std::shared_ptr<const directory::UnitTree> tree,
                           const CablesService& cables, notifications::NotificationsService& notifications)
    : database_(database),
      clock_(clock),
      authorizer_(authorizer),
      identity_(identity),
      tree_(std::move(tree)),
      cables_(cables),
      notifications_(notifications),
      search_store_(database.capabilities().full_text) {}

SearchScope CablesSearch::ScopeOf(const Principal& principal) const {
  SearchScope scope;
  scope.user_id = principal.user_id;
  const auto cleared = static_cast<int>(identity::ClearanceOf(principal));
  for (int level = 0; level <= cleared; ++level) scope.classifications.push_back(static_cast<Classification>(level));
  // Drafters see their units' drafts as well as readers their units' traffic: both scopes count.
  identity::Authorizer::Scope read = authorizer_.ScopeOf(principal, identity::Permission::kCableRead, tree_->AllIds());
  identity::Authorizer::Scope draft =
      authorizer_.ScopeOf(principal, identity::Permission::kCableDraft, tree_->AllIds());
  if (read.everywhere || draft.everywhere) return scope;
  std::vector<std::int64_t> units = read.unit_ids;
  units.insert(units.end(), draft.unit_ids.begin(), draft.unit_ids.end());
  std::sort(units.begin(), units.end());
  units.erase(std::unique(units.begin(), units.end()), units.end());
  scope.read_units = std::move(units);
  return scope;
}

Result<SearchFilter> CablesSearch::FilterOf(const std::string& query, const std::optional<std::string>& tag) {
  if (query.size() > 200) return InvalidArgument("The search text is longer than 200 bytes.").WithField("q");
  SearchFilter filter;
  filter.tokens = SearchTokens(directory::FoldForSearch(query));
  if (tag) {
    Cable probe;
    probe.subject = probe.body = "x";
    probe.tags = {*tag};
    probe.addressees = {{}};
    if (!ValidateContent(probe).ok())
      return InvalidArgument("A tag is 1 to 40 letters, digits, '-' or '_'.").WithField("tag");
    filter.tag = tag;
  }
  return filter;
}

Result<std::vector<Cable>> CablesSearch::Run(const SearchFilter& filter, const Principal& principal, int limit) {
  std::vector<Cable> found;
  const SearchScope scope = ScopeOf(principal);
  CHANCERY_TRY(database_.Read("cables.search", [&](Transaction& transaction) -> Status {
    found.clear();
    // Captions may hide some candidates from this reader: fetch a few more than asked.
    CHANCERY_ASSIGN_OR_RETURN(std::vector<std::int64_t> ids,
                              search_store_.Search(transaction, filter, scope, limit * 2));
    for (std::int64_t id : ids) {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<Cable> cable, store_.Find(transaction, id));
      if (cable && cables_.MaySee(principal, *cable)) found.push_back(std::move(*cable));
      if (static_cast<int>(found.size()) == limit) break;
    }
    return Status::Ok();
  }));
  return found;
}

Result<std::vector<Cable>> CablesSearch::Search(const SearchRequest& request, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Cables are handled by signed-in users only.");
  CHANCERY_ASSIGN_OR_RETURN(SearchFilter filter, FilterOf(request.query, request.tag));
  filter.precedence = request.precedence;
  filter.unit_id = request.unit_id;
  filter.from_ms = request.from_ms;
  filter.to_ms = request.to_ms;
  filter.before_id = request.before_id;
  const bool any_filter = filter.tag || filter.precedence || filter.unit_id || filter.from_ms || filter.to_ms;
  if (filter.tokens.empty() && !any_filter) {
    return InvalidArgument("Type words to search for, or choose a filter.").WithField("q");
  }
  return Run(filter, *context.actor, std::clamp(request.limit, 1, 100));
}

Result<SavedSearch> CablesSearch::Save(SavedSearch search, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Cables are handled by signed-in users only.");
  const std::string::size_type first = search.name.find_first_not_of(' ');
  if (first == std::string::npos || search.name.size() > 100) {
    return InvalidArgument("Name the search (up to 100 bytes).").WithField("/name");
  }
  CHANCERY_ASSIGN_OR_RETURN(SearchFilter filter, FilterOf(search.query, search.tag));
  if (filter.tokens.empty() && !search.tag && !search.precedence && !search.unit_id) {
    return InvalidArgument("A saved search needs words or a filter.").WithField("/q");
  }
  if (search.unit_id && !tree_->Exists(*search.unit_id)) {
    return InvalidArgument("There is no unit " + std::to_string(*search.unit_id) + ".").WithField("/unit_id");
  }
  search.user_id = context.actor->user_id;
  search.created_at_ms = clock_.NowMs();
  CHANCERY_TRY(database_.Write("cables.save_search", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<SavedSearch> existing,
                              search_store_.ListSaved(transaction, search.user_id, false));
    if (existing.size() >= 50) return FailedPrecondition("You have 50 saved searches; delete one first.");
    CHANCERY_ASSIGN_OR_RETURN(search.id, search_store_.InsertSaved(transaction, search));
    return Status::Ok();
  }));
  return search;
}

Result<std::vector<SavedSearch>> CablesSearch::ListSaved(const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Cables are handled by signed-in users only.");
  return storage::ReadValue(database_, "cables.saved_searches", [&](Transaction& transaction) {
    return search_store_.ListSaved(transaction, context.actor->user_id, false);
  });
}

Status CablesSearch::DeleteSaved(std::int64_t search_id, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Cables are handled by signed-in users only.");
  return database_.Write("cables.delete_search", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(bool deleted, search_store_.DeleteSaved(transaction, context.actor->user_id, search_id));
    if (!deleted) return NotFound("You have no saved search " + std::to_string(search_id) + ".");
    return Status::Ok();
  });
}

Result<int> CablesSearch::AnnounceNewMatches() {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<SavedSearch> searches,
                            storage::ReadValue(database_, "cables.notifying_searches", [&](Transaction& transaction) {
                              return search_store_.ListSaved(transaction, std::nullopt, true);
                            }));
  const std::int64_t now_ms = clock_.NowMs();
  int announced = 0;
  for (const SavedSearch& search : searches) {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<identity::UserRecord> owner, identity_.FindUser(search.user_id));
    if (!owner || owner->disabled) continue;
    Principal principal;
    principal.user_id = owner->id;
    principal.username = owner->username;
    CHANCERY_ASSIGN_OR_RETURN(principal.grants, identity_.ListGrants(owner->id));
    CHANCERY_ASSIGN_OR_RETURN(SearchFilter filter, FilterOf(search.query, search.tag));
    filter.precedence = search.precedence;
    filter.unit_id = search.unit_id;
    filter.released_since_ms = std::max(search.created_at_ms, now_ms - kAnnounceWindowMs);
    filter.not_announced_by = search.id;
    CHANCERY_ASSIGN_OR_RETURN(std::vector<Cable> matches, Run(filter, principal, 20));
    for (const Cable& cable : matches) {
      const bool vietnamese = owner->locale != "en";
      notifications::NewNotification notice;
      notice.user_id = owner->id;
      notice.kind = "cable.search_match";
      notice.link = "/cables/" + std::to_string(cable.id);
      notice.title = vietnamese ? "Điện mới " + cable.reference + " khớp với tìm kiếm “" + search.name + "”"
                                : "New cable " + cable.reference + " matches your saved search “" + search.name + "”";
      notice.body = vietnamese ? "Mở điện trong Chancery để đọc." : "Open it in Chancery to read it.";
      bool recorded = false;
      CHANCERY_TRY(database_.Write("cables.announce_match", [&](Transaction& transaction) -> Status {
        CHANCERY_ASSIGN_OR_RETURN(recorded, search_store_.RecordHit(transaction, search.id, cable.id, now_ms));
        if (!recorded) return Status::Ok();
        return notifications_.Notify(transaction, notice).status();
      }));
      if (recorded) ++announced;
    }
  }
  return announced;
}

}  // namespace chancery::cables
