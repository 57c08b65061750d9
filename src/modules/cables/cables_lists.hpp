// Distribution lists for cables: their SQL (CableListsStore, also used by CablesService at drafting and release)
// and their rules (CableListsService).
//
// Rules: every member of staff who drafts cables may list and read the lists (they are addresses, like units);
// creating, changing and deleting a list needs cable_release on its owner unit. A list has a name unique within
// its owner unit (compared without case or accents), 1..kMaxListMembers members: existing units and active users.
// Deleting archives it: drafts that address it must be changed before release (409 `list_archived`); cables sent
// through it keep their distribution, fixed at release.
//
// Audit actions: `cable_list.created`, `cable_list.updated`, `cable_list.deleted` (unit: the owner unit).
//
// Thread-safety: safe for concurrent use; calls block on the database.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/status.hpp"
#include "modules/audit/audit.hpp"
#include "modules/cables/cables.hpp"
#include "modules/directory/unit_tree.hpp"
#include "modules/identity/authz.hpp"
#include "modules/identity/identity.hpp"
#include "storage/database.hpp"

namespace chancery::cables {

class CableListsStore {
 public:
  // A list that is not archived.
  Result<std::optional<DistributionList>> Find(storage::Transaction& transaction, std::int64_t list_id);
  // The name of a list, archived or not ("list <id>" if there is none).
  Result<std::string> NameOf(storage::Transaction& transaction, std::int64_t list_id);
  // Lists not archived, by owner unit and name.
  Result<std::vector<DistributionList>> All(storage::Transaction& transaction);
  // kAlreadyExists when the owner unit has a list of that name.
  Result<std::int64_t> Insert(storage::Transaction& transaction, const DistributionList& list);
  // kConflict reason "stale_version" when the list changed since `list.version`.
  Status Update(storage::Transaction& transaction, const DistributionList& list, std::int64_t now_ms);
  Status Archive(storage::Transaction& transaction, std::int64_t list_id, std::int64_t now_ms);
};

// What a create or a replace supplies.
struct ListDraft {
  std::int64_t owner_unit_id = 0;
  std::string name;
  std::string description;
  std::vector<std::int64_t> unit_ids;
  std::vector<std::int64_t> user_ids;
};

class CableListsService {
 public:
  CableListsService(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                    const identity::Authorizer& authorizer, identity::IdentityService& identity,
                    std::shared_ptr<const directory::UnitTree> tree);

  Result<std::vector<DistributionList>> List(const identity::ActionContext& context);
  Result<DistributionList> Get(std::int64_t list_id, const identity::ActionContext& context);
  Result<DistributionList> Create(const ListDraft& draft, const identity::ActionContext& context);
  // Replaces name, description and members; the owner unit stays. `expected_version`: nullopt takes the current.
  Result<DistributionList> Replace(std::int64_t list_id, std::optional<std::int64_t> expected_version,
                                   const ListDraft& draft, const identity::ActionContext& context);
  Status Delete(std::int64_t list_id, const identity::ActionContext& context);

 private:
  Status Validate(const ListDraft& draft);
  audit::AuditEvent Event(const identity::ActionContext& context, std::string action,
                          const DistributionList& list) const;

  storage::Database& database_;
  const Clock& clock_;
  audit::AuditLog& audit_;
  const identity::Authorizer& authorizer_;
  identity::IdentityService& identity_;
  std::shared_ptr<const directory::UnitTree> tree_;
  CableListsStore store_;
};

}  // namespace chancery::cables
