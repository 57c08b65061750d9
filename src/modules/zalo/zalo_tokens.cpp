// ZaloConnector's access tokens: the stored one while it is fresh, else one refresh per OA at a time.
//
// Zalo spends a refresh token on first use, so two refreshes with the same one lose the OA (the second is refused
// and the pair the first obtained may never be stored). Within a node, a mutex per account lets one thread refresh
// while the others wait and then find its tokens. Across nodes, the account row decides: a node claims the refresh
// by a compare-and-set on `version` that also sets refresh_lease_until, refreshes, and stores the new pair under the
// version it claimed; the others see the lease and wait for the pair instead of refreshing. A lease left by a node
// that died mid-refresh lapses after refresh_lease_ms.
#include <spdlog/spdlog.h>

#include <chrono>
#include <thread>

#include "modules/delivery/http_client.hpp"
#include "modules/zalo/zalo.hpp"
#include "modules/zalo/zalo_protocol.hpp"

namespace chancery::zalo {
namespace {

std::string WithoutTrailingSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

std::shared_ptr<std::mutex> ZaloConnector::AccountMutex(std::int64_t account_id) {
  std::lock_guard lock(mutexes_mutex_);
  std::shared_ptr<std::mutex>& mutex = account_mutexes_[account_id];
  if (!mutex) mutex = std::make_shared<std::mutex>();
  return mutex;
}

Result<std::string> ZaloConnector::AccessToken(std::int64_t account_id, const std::string& rejected_token) {
  const auto usable = [&](const ZaloAccount& account) {
    return !account.access_token.empty() && account.access_token != rejected_token &&
           account.access_token_expires_at_ms - options_.refresh_ahead_ms > clock_.NowMs();
  };
  {
    // Most sends find a fresh token and need not wait for this node's refresher.
    CHANCERY_ASSIGN_OR_RETURN(const ZaloAccount account, accounts_.Load(account_id));
    if (usable(account)) return account.access_token;
  }
  const std::shared_ptr<std::mutex> mutex = AccountMutex(account_id);
  std::lock_guard lock(*mutex);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.refresh_wait_ms);
  bool refreshed_here = false;
  while (true) {
    CHANCERY_ASSIGN_OR_RETURN(ZaloAccount account, accounts_.Load(account_id));
    if (usable(account)) return account.access_token;
    const std::int64_t now = clock_.NowMs();
    if (refreshed_here) return Unavailable("the refreshed Zalo access token was replaced by an unusable one");
    if (std::chrono::steady_clock::now() >= deadline) {
      return Unavailable("another node's refresh of the Zalo access token has not ended in time");
    }
    if (account.refresh_lease_until_ms > now) {
      // Another node is refreshing: wait for its pair rather than spend the refresh token a second time.
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
      continue;
    }
    CHANCERY_ASSIGN_OR_RETURN(const bool claimed,
                              accounts_.ClaimRefresh(account_id, account.version, now + options_.refresh_lease_ms));
    if (!claimed) continue;  // the row changed since it was read (another node claimed or stored): read it again
    account.version += 1;
    refreshed_here = true;
    CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> token, RefreshClaimed(account));
    if (token) return *token;
    // The lease lapsed during the refresh and another node took over: the next round reads what it stored.
  }
}

Result<std::optional<std::string>> ZaloConnector::RefreshClaimed(const ZaloAccount& account) {
  delivery::HttpRequest request;
  request.url = WithoutTrailingSlash(options_.hosts.oauth) + "/v4/oa/access_token";
  request.timeout_ms = options_.timeout_ms;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"secret_key", account.secret_key}};
  request.body = FormEncode(
      {{"app_id", account.app_id}, {"grant_type", "refresh_token"}, {"refresh_token", account.refresh_token}});
  Result<TokenGrant> grant = ReadTokenAnswer(delivery::SendHttp(request));
  if (!grant.ok()) {
    spdlog::warn("zalo: refreshing the access token of account {} failed: {}", account.id, grant.status().message());
    if (auto released = accounts_.ReleaseRefresh(account.id, account.version); !released.ok()) {
      spdlog::warn("zalo: cannot release the refresh lease of account {}: {}", account.id, released.status().message());
    }
    return grant.status();
  }
  const std::int64_t expires_at_ms = clock_.NowMs() + grant->expires_in_seconds * 1000;
  CHANCERY_ASSIGN_OR_RETURN(const bool stored,
                            accounts_.StoreRefreshedTokens(account.id, account.version, grant->access_token,
                                                           grant->refresh_token, expires_at_ms));
  if (!stored) {
    // Only when this node's lease lapsed and another node claimed the row: its pair (or its refresh) wins.
    spdlog::warn("zalo: the refreshed tokens of account {} were not stored: another node took over the refresh",
                 account.id);
    return std::optional<std::string>();
  }
  spdlog::info("zalo: refreshed the access token of account {} (valid {} s)", account.id, grant->expires_in_seconds);
  return std::optional<std::string>(grant->access_token);
}

}  // namespace chancery::zalo
