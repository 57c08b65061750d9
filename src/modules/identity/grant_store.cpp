// SQL for the role_grants table; see grant_store.hpp.
#include "modules/identity/grant_store.hpp"

namespace chancery::identity {

Result<RoleGrant> GrantStore::Insert(storage::Transaction& transaction, std::int64_t user_id, const RoleGrant& grant,
                                     std::optional<std::int64_t> granted_by, std::int64_t now_ms) const {
  CHANCERY_ASSIGN_OR_RETURN(
      auto existing,
      transaction.QueryOptional("SELECT id FROM role_grants WHERE user_id = ? AND role = ? AND unit_id = ?",
                                {user_id, grant.role, grant.unit_id}));
  if (existing) {
    return AlreadyExists("The user already holds the role " + grant.role + " on unit " + std::to_string(grant.unit_id) +
                         ".");
  }
  CHANCERY_ASSIGN_OR_RETURN(
      auto row, transaction.QueryOne("INSERT INTO role_grants (user_id, role, unit_id, include_subtree, granted_by, "
                                     "granted_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                                     {user_id, grant.role, grant.unit_id, std::int64_t{grant.include_subtree ? 1 : 0},
                                      storage::Nullable(granted_by), now_ms}));
  RoleGrant inserted = grant;
  inserted.id = row.Int(0);
  return inserted;
}

Result<std::vector<RoleGrant>> GrantStore::ListForUser(storage::Transaction& transaction, std::int64_t user_id) const {
  CHANCERY_ASSIGN_OR_RETURN(
      auto rows,
      transaction.Query("SELECT id, role, unit_id, include_subtree FROM role_grants WHERE user_id = ? ORDER BY id",
                        {user_id}));
  std::vector<RoleGrant> grants;
  for (const storage::Row& row : rows) grants.push_back({row.Int(0), row.Text(1), row.Int(2), row.Bool(3)});
  return grants;
}

Result<std::optional<StoredGrant>> GrantStore::Find(storage::Transaction& transaction, std::int64_t grant_id) const {
  CHANCERY_ASSIGN_OR_RETURN(
      auto row, transaction.QueryOptional("SELECT id, role, unit_id, include_subtree, user_id, granted_by, granted_at "
                                          "FROM role_grants WHERE id = ?",
                                          {grant_id}));
  if (!row) return std::optional<StoredGrant>();
  StoredGrant stored;
  stored.grant = {row->Int(0), row->Text(1), row->Int(2), row->Bool(3)};
  stored.user_id = row->Int(4);
  stored.granted_by = row->OptionalInt(5);
  stored.granted_at_ms = row->Int(6);
  return std::optional<StoredGrant>(std::move(stored));
}

Status GrantStore::Delete(storage::Transaction& transaction, std::int64_t grant_id) const {
  CHANCERY_ASSIGN_OR_RETURN(auto changed, transaction.Execute("DELETE FROM role_grants WHERE id = ?", {grant_id}));
  if (changed == 0) return NotFound("No grant with id " + std::to_string(grant_id) + ".");
  return Status::Ok();
}

}  // namespace chancery::identity
