#include "storage/transaction_timing.hpp"

#include <algorithm>
#include <random>
#include <thread>

#include "spdlog/spdlog.h"

namespace chancery::storage {

void TransactionTimer::Finish(const Status& status, int attempts) const {
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_);
  if (elapsed < kSlowTransactionThreshold && attempts <= 1) return;
  if (elapsed >= kSlowTransactionThreshold) {
    spdlog::warn("slow transaction {}: {} ms, {} attempt(s), {}", name_, elapsed.count(), attempts,
                 status.ok() ? "ok" : StatusCodeName(status.code()));
  } else {
    spdlog::debug("transaction {} needed {} attempts", name_, attempts);
  }
}

void BackOffBeforeRetry(int attempt) {
  thread_local std::minstd_rand generator(std::random_device{}());
  int base_ms = 5 << std::min(attempt, 6);
  std::uniform_int_distribution<int> jitter(0, base_ms);
  std::this_thread::sleep_for(std::chrono::milliseconds(base_ms + jitter(generator)));
}

}  // namespace chancery::storage
