// CredentialCache: a short-lived, in-memory map from a credential's digest to what it resolved to, so that the hot
// path (every authenticated request) usually costs no database round trip at all.
//
// Entries live for `ttl_ms` (5 s by default). Changes made on this node (logout, MFA, password, grants through
// Authentication::InvalidateUser) erase the affected entries at once; changes made on another node apply here when
// the entry expires, which bounds how long a revoked credential can still be used to the TTL.
//
// Thread-safety: safe for concurrent use (one mutex; the critical sections are a hash lookup).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "modules/identity/session_store.hpp"

namespace chancery::identity {

// What a credential (session cookie or API token) resolved to. Immutable once cached.
struct ResolvedCredential {
  std::shared_ptr<const Principal> principal;
  CredentialUser user;
  std::optional<SessionRecord> session;     // cookie sessions
  std::optional<ApiTokenRecord> api_token;  // bearer tokens
  std::string token_hash;                   // SHA-256 hex of the credential
  // The serialised GET /me body, built once on first use (Authentication::MeBody): it depends on nothing else.
  mutable std::once_flag me_body_once;
  mutable std::string me_body;
};

class CredentialCache {
 public:
  explicit CredentialCache(const Clock& clock, std::int64_t ttl_ms = 5000, std::size_t max_entries = 100000)
      : clock_(clock), ttl_ms_(ttl_ms), max_entries_(max_entries) {}

  // The cached value, or null when absent or older than the TTL.
  std::shared_ptr<const ResolvedCredential> Find(const std::string& key) const;
  void Put(const std::string& key, std::shared_ptr<const ResolvedCredential> value);
  void Erase(const std::string& key);
  // Erases every entry of the user (sessions and API tokens).
  void EraseUser(std::int64_t user_id);
  void Clear();
  std::size_t size() const;

 private:
  struct Entry {
    std::shared_ptr<const ResolvedCredential> value;
    std::int64_t stored_at_ms = 0;
  };
  void EvictStaleLocked(std::int64_t now_ms);

  const Clock& clock_;
  const std::int64_t ttl_ms_;
  const std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace chancery::identity
