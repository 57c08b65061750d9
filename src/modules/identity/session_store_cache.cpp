#include "modules/identity/session_store_cache.hpp"

#include <iterator>

namespace chancery::identity {

std::shared_ptr<const ResolvedCredential> CredentialCache::Find(const std::string& key) const {
  const std::int64_t now_ms = clock_.NowMs();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  // A clock that went backwards also invalidates the entry.
  if (now_ms - it->second.stored_at_ms >= ttl_ms_ || now_ms < it->second.stored_at_ms) return nullptr;
  return it->second.value;
}

void CredentialCache::Put(const std::string& key, std::shared_ptr<const ResolvedCredential> value) {
  const std::int64_t now_ms = clock_.NowMs();
  std::lock_guard lock(mutex_);
  if (entries_.size() >= max_entries_) EvictStaleLocked(now_ms);
  // Under a flood of distinct credentials the cache starts over rather than grow without bound.
  if (entries_.size() >= max_entries_) entries_.clear();
  entries_[key] = Entry{std::move(value), now_ms};
}

void CredentialCache::Erase(const std::string& key) {
  std::lock_guard lock(mutex_);
  entries_.erase(key);
}

void CredentialCache::EraseUser(std::int64_t user_id) {
  std::lock_guard lock(mutex_);
  std::erase_if(entries_, [user_id](const auto& item) { return item.second.value->user.id == user_id; });
}

void CredentialCache::Clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

std::size_t CredentialCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void CredentialCache::EvictStaleLocked(std::int64_t now_ms) {
  std::erase_if(entries_, [&](const auto& item) { return now_ms - item.second.stored_at_ms >= ttl_ms_; });
}

}  // namespace chancery::identity
