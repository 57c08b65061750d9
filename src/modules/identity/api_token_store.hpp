// ApiTokenStore: the SQL for the `api_tokens` table (migration 0001), inside the caller's transaction. Only the
// SHA-256 of a token is stored; the token itself is shown once, at creation, and never kept.
//
// Thread-safety: stateless; safe for concurrent use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace chancery::identity {

struct StoredApiToken {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string name;
  std::vector<std::string> scopes;  // permission names
  std::int64_t created_at_ms = 0;
  std::int64_t expires_at_ms = 0;
  std::optional<std::int64_t> last_used_at_ms;
  std::optional<std::int64_t> revoked_at_ms;
};

class ApiTokenStore {
 public:
  Result<std::int64_t> Insert(storage::Transaction& transaction, const StoredApiToken& token,
                              const std::string& token_hash) const;
  Result<std::vector<StoredApiToken>> ListForUser(storage::Transaction& transaction, std::int64_t user_id) const;
  Result<std::optional<StoredApiToken>> FindByHash(storage::Transaction& transaction,
                                                   const std::string& token_hash) const;
  // Revokes a token of this user; kNotFound when the user has no such token or it is already revoked.
  Status Revoke(storage::Transaction& transaction, std::int64_t user_id, std::int64_t token_id,
                std::int64_t now_ms) const;
  Status TouchLastUsed(storage::Transaction& transaction, std::int64_t token_id, std::int64_t now_ms) const;
};

}  // namespace chancery::identity
