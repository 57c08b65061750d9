// Timing of named transactions, shared by the engines: a transaction slower than a threshold is logged with its
// name, so that a slow store call can be found from the logs alone.
//
// Thread-safety: a TransactionTimer belongs to the thread running the transaction; the functions are stateless.
#pragma once

#include <chrono>
#include <string_view>

#include "core/status.hpp"

namespace chancery::storage {

// Transactions slower than this are logged at warning level.
inline constexpr std::chrono::milliseconds kSlowTransactionThreshold{250};

// How many times a transaction that hit a transient conflict is run in total before giving up with kUnavailable.
inline constexpr int kTransactionAttempts = 5;

class TransactionTimer {
 public:
  explicit TransactionTimer(std::string_view name) : name_(name), start_(std::chrono::steady_clock::now()) {}
  // Logs the transaction if it was slow; `attempts` counts the retries it needed.
  void Finish(const Status& status, int attempts) const;

 private:
  std::string_view name_;
  std::chrono::steady_clock::time_point start_;
};

// Sleeps a little before retry `attempt` (1-based), growing and jittered so that competing writers spread out.
void BackOffBeforeRetry(int attempt);

}  // namespace chancery::storage
