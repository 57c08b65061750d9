#include "modules/identity/login_throttle.hpp"

#include <algorithm>
#include <cctype>

namespace chancery::identity {
namespace {

const char* ScopeName(LockoutScope scope) { return scope == LockoutScope::kAccount ? "account" : "address"; }

Result<std::optional<std::int64_t>> LockedUntil(storage::Transaction& transaction, LockoutScope scope,
                                                const std::string& subject, std::int64_t now_ms) {
  CHANCERY_ASSIGN_OR_RETURN(
      auto row, transaction.QueryOptional("SELECT locked_until FROM login_lockouts WHERE scope = ? AND subject = ? "
                                          "AND locked_until > ?",
                                          {std::string(ScopeName(scope)), subject, now_ms}));
  if (!row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(row->Int(0));
}

}  // namespace

std::string NormaliseUsername(std::string_view username) {
  while (!username.empty() && std::isspace(static_cast<unsigned char>(username.front()))) username.remove_prefix(1);
  while (!username.empty() && std::isspace(static_cast<unsigned char>(username.back()))) username.remove_suffix(1);
  std::string text(username);
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

Result<std::optional<Lockout>> LoginThrottle::ActiveLockout(storage::Transaction& transaction,
                                                            std::string_view username,
                                                            std::string_view remote_address) const {
  const std::int64_t now_ms = clock_.NowMs();
  CHANCERY_ASSIGN_OR_RETURN(auto account_until,
                            LockedUntil(transaction, LockoutScope::kAccount, NormaliseUsername(username), now_ms));
  if (account_until) return std::optional<Lockout>(Lockout{LockoutScope::kAccount, *account_until});
  if (remote_address.empty()) return std::optional<Lockout>();
  CHANCERY_ASSIGN_OR_RETURN(auto address_until,
                            LockedUntil(transaction, LockoutScope::kAddress, std::string(remote_address), now_ms));
  if (address_until) return std::optional<Lockout>(Lockout{LockoutScope::kAddress, *address_until});
  return std::optional<Lockout>();
}

Result<std::optional<Lockout>> LoginThrottle::RecordFailure(storage::Transaction& transaction,
                                                            std::string_view username,
                                                            std::string_view remote_address) {
  const std::int64_t now_ms = clock_.NowMs();
  CHANCERY_ASSIGN_OR_RETURN(auto account, Count(transaction, LockoutScope::kAccount, NormaliseUsername(username),
                                                options_.account_failures_before_lock, now_ms));
  std::optional<Lockout> address;
  if (!remote_address.empty()) {
    CHANCERY_ASSIGN_OR_RETURN(address, Count(transaction, LockoutScope::kAddress, std::string(remote_address),
                                             options_.address_failures_before_throttle, now_ms));
  }
  return account ? account : address;
}

// Adds a failure for the subject, drops its failures that fell out of the window, and locks it when the window
// holds `limit` failures. The counter restarts after a lockout, so a lockout is never extended by attempts made
// while it is in force (those are refused before they are counted).
Result<std::optional<Lockout>> LoginThrottle::Count(storage::Transaction& transaction, LockoutScope scope,
                                                    const std::string& subject, int limit, std::int64_t now_ms) {
  const std::string scope_name = ScopeName(scope);
  CHANCERY_TRY(transaction.Execute("INSERT INTO login_failures (scope, subject, failed_at) VALUES (?, ?, ?)",
                                   {scope_name, subject, now_ms}));
  CHANCERY_TRY(transaction.Execute("DELETE FROM login_failures WHERE scope = ? AND subject = ? AND failed_at <= ?",
                                   {scope_name, subject, now_ms - options_.failure_window_ms}));
  CHANCERY_ASSIGN_OR_RETURN(auto row,
                            transaction.QueryOne("SELECT COUNT(*) FROM login_failures WHERE scope = ? AND subject = ?",
                                                 {scope_name, subject}));
  if (limit <= 0 || row.Int(0) < limit) return std::optional<Lockout>();
  const std::int64_t until_ms = now_ms + options_.lockout_ms;
  CHANCERY_TRY(
      transaction.Execute("INSERT INTO login_lockouts (scope, subject, locked_until) VALUES (?, ?, ?) "
                          "ON CONFLICT (scope, subject) DO UPDATE SET locked_until = excluded.locked_until",
                          {scope_name, subject, until_ms}));
  CHANCERY_TRY(
      transaction.Execute("DELETE FROM login_failures WHERE scope = ? AND subject = ?", {scope_name, subject}));
  return std::optional<Lockout>(Lockout{scope, until_ms});
}

Status LoginThrottle::ClearAccount(storage::Transaction& transaction, std::string_view username) {
  const std::string subject = NormaliseUsername(username);
  CHANCERY_TRY(transaction.Execute("DELETE FROM login_failures WHERE scope = 'account' AND subject = ?", {subject}));
  CHANCERY_TRY(transaction.Execute("DELETE FROM login_lockouts WHERE scope = 'account' AND subject = ?", {subject}));
  return Status::Ok();
}

Status LoginThrottle::ToStatus(const Lockout& lockout) const {
  const std::int64_t remaining_ms = std::max<std::int64_t>(lockout.until_ms - clock_.NowMs(), 1000);
  const int seconds = static_cast<int>((remaining_ms + 999) / 1000);
  const int minutes = (seconds + 59) / 60;
  const std::string when = "Try again in " + std::to_string(minutes) + (minutes == 1 ? " minute." : " minutes.");
  if (lockout.scope == LockoutScope::kAccount) {
    return ResourceExhausted("Too many failed sign-in attempts for this account. " + when)
        .WithReason("account_locked")
        .WithRetryAfter(seconds);
  }
  return ResourceExhausted("Too many failed sign-in attempts from your network address. " + when)
      .WithReason("address_throttled")
      .WithRetryAfter(seconds);
}

}  // namespace chancery::identity
