// Clock: the one source of "now" for domain code, so that tests can control time (deadlines, lockouts, expiry).
//
// Thread-safety: implementations are safe for concurrent use.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chancery {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch (UTC).
  virtual std::int64_t NowMs() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t NowMs() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// A clock that moves only when told to; for tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t start_ms) : now_ms_(start_ms) {}
  std::int64_t NowMs() const override { return now_ms_.load(); }
  void Advance(std::int64_t delta_ms) { now_ms_ += delta_ms; }
  void Set(std::int64_t now_ms) { now_ms_ = now_ms; }

 private:
  std::atomic<std::int64_t> now_ms_;
};

// ISO 8601 UTC with milliseconds, e.g. "2026-11-28T09:15:00.123Z".
std::string FormatIsoTime(std::int64_t unix_ms);
// Unix ms of "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by "Z" or "+00:00"; nullopt
// when malformed or out of range. Only UTC is accepted, so that a bound is never silently shifted.
std::optional<std::int64_t> ParseIsoTimeUtc(std::string_view text);

}  // namespace chancery
