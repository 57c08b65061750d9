// AuditTailer: follows audit_log from the head onwards and hands each batch of new entries to its listeners, on one
// background thread. It polls `seq > last` (every second by default) rather than listening to in-process appends,
// so that entries appended by other nodes are seen too. Seq numbers become visible in order (appenders are
// serialised on audit_head until they commit), so a poll never skips an entry that commits later with a smaller
// seq. Listeners see only entries appended after the tailer started following: it does not replay history.
//
// Thread-safety: safe for concurrent use. Listeners run on the tailer's thread, one batch at a time; they must not
// block (WebSocketPeer::Send only queues) and must not call Subscribe or Unsubscribe. The AuditLog must outlive the
// tailer.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "modules/audit/audit.hpp"

namespace chancery::audit {

class AuditTailer {
 public:
  using Listener = std::function<void(const std::vector<AuditEntry>& entries)>;

  AuditTailer(AuditLog& log, std::chrono::milliseconds interval = std::chrono::seconds(1));
  ~AuditTailer();  // stops the thread
  AuditTailer(const AuditTailer&) = delete;
  AuditTailer& operator=(const AuditTailer&) = delete;

  void Start();
  // Idempotent; waits for a poll in progress to finish.
  void Stop();

  // The listener receives every entry appended after this call returns. Returns an id for Unsubscribe.
  std::uint64_t Subscribe(Listener listener);
  // After it returns, the listener is not called again.
  void Unsubscribe(std::uint64_t id);

  // The log it follows (for replays of what a reconnecting client missed).
  AuditLog& log() { return log_; }

  // One poll, as the thread makes it; public for tests, which call it instead of Start().
  void PollOnce();

 private:
  void Run();

  AuditLog& log_;
  const std::chrono::milliseconds interval_;

  std::mutex mutex_;  // guards listeners_, next_id_, stopping_
  std::condition_variable wake_;
  std::map<std::uint64_t, Listener> listeners_;
  std::uint64_t next_id_ = 1;
  bool stopping_ = false;

  std::mutex poll_mutex_;                 // held while polling and delivering, so Unsubscribe can wait out a delivery
  std::optional<std::int64_t> last_seq_;  // guarded by poll_mutex_; nullopt until the first poll with listeners
  std::thread thread_;
};

}  // namespace chancery::audit
