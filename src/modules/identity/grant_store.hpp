// GrantStore: the SQL for the `role_grants` table (migration 0001), inside the caller's transaction. The rules
// on who may grant what live in the service (grant_rules.hpp); this is storage only.
//
// Thread-safety: stateless; safe for concurrent use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"

namespace chancery::identity {

struct StoredGrant {
  RoleGrant grant;
  std::int64_t user_id = 0;
  std::optional<std::int64_t> granted_by;
  std::int64_t granted_at_ms = 0;
};

class GrantStore {
 public:
  // kAlreadyExists when the user already holds the role on the unit.
  Result<RoleGrant> Insert(storage::Transaction& transaction, std::int64_t user_id, const RoleGrant& grant,
                           std::optional<std::int64_t> granted_by, std::int64_t now_ms) const;
  Result<std::vector<RoleGrant>> ListForUser(storage::Transaction& transaction, std::int64_t user_id) const;
  Result<std::optional<StoredGrant>> Find(storage::Transaction& transaction, std::int64_t grant_id) const;
  Status Delete(storage::Transaction& transaction, std::int64_t grant_id) const;
};

}  // namespace chancery::identity
