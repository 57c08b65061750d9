// LoginThrottle: durable limits on failed sign-in attempts, per account and per remote address.
//
// Failures are rows in `login_failures`; once an account has `account_failures_before_lock` failures within
// `failure_window_ms` (or an address `address_failures_before_throttle`), a row in `login_lockouts` blocks it for
// `lockout_ms`. Because the state lives in the database, the limits hold across restarts and across nodes. Unknown
// usernames are counted exactly like known ones, so the throttle does not reveal which accounts exist. Failed MFA
// codes and wrong current passwords count toward the same account limit.
//
// Every method runs inside the caller's transaction, so a failure, its audit entry and a resulting lockout commit
// together. Thread-safety: stateless apart from its clock and options; safe for concurrent use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/status.hpp"
#include "modules/identity/identity.hpp"
#include "storage/database.hpp"

namespace chancery::identity {

enum class LockoutScope { kAccount, kAddress };

struct Lockout {
  LockoutScope scope = LockoutScope::kAccount;
  std::int64_t until_ms = 0;
};

class LoginThrottle {
 public:
  LoginThrottle(const Clock& clock, const IdentityOptions& options) : clock_(clock), options_(options) {}

  // The lockout in force for the account (a username, compared case-insensitively) or the address, if any. The
  // account's lockout wins when both apply. An empty address is not throttled.
  Result<std::optional<Lockout>> ActiveLockout(storage::Transaction& transaction, std::string_view username,
                                               std::string_view remote_address) const;

  // Records one failed attempt; returns the lockout it triggered, if it reached a limit.
  Result<std::optional<Lockout>> RecordFailure(storage::Transaction& transaction, std::string_view username,
                                               std::string_view remote_address);

  // Forgets the account's failures after a successful sign-in (its address keeps its count).
  Status ClearAccount(storage::Transaction& transaction, std::string_view username);

  // The 429 problem for a lockout: reason "account_locked" or "address_throttled", a Retry-After, and a sentence
  // saying how many minutes remain.
  Status ToStatus(const Lockout& lockout) const;

 private:
  Result<std::optional<Lockout>> Count(storage::Transaction& transaction, LockoutScope scope,
                                       const std::string& subject, int limit, std::int64_t now_ms);

  const Clock& clock_;
  const IdentityOptions& options_;
};

// How the throttle keys an account: the trimmed, lower-cased username.
std::string NormaliseUsername(std::string_view username);

}  // namespace chancery::identity
