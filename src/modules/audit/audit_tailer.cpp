#include "modules/audit/audit_tailer.hpp"

#include <spdlog/spdlog.h>

namespace chancery::audit {
namespace {

constexpr int kPollBatch = 500;
// A node that fell far behind (a long database outage) skips ahead rather than flooding its clients.
constexpr int kMaxBatchesPerPoll = 20;

}  // namespace

AuditTailer::AuditTailer(AuditLog& log, std::chrono::milliseconds interval) : log_(log), interval_(interval) {}

AuditTailer::~AuditTailer() { Stop(); }

void AuditTailer::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Run(); });
}

void AuditTailer::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t AuditTailer::Subscribe(Listener listener) {
  std::lock_guard poll_lock(poll_mutex_);
  // Fix the starting point now, not at the next poll: an entry appended right after Subscribe returns must not
  // be taken for history.
  if (!last_seq_) {
    Result<std::int64_t> head = log_.HeadSeq();
    if (head.ok()) last_seq_ = *head;
  }
  std::lock_guard lock(mutex_);
  std::uint64_t id = next_id_++;
  listeners_.emplace(id, std::move(listener));
  return id;
}

void AuditTailer::Unsubscribe(std::uint64_t id) {
  // Taking poll_mutex_ first waits for a delivery in progress, which may still hold a copy of this listener.
  std::lock_guard poll_lock(poll_mutex_);
  std::lock_guard lock(mutex_);
  listeners_.erase(id);
}

void AuditTailer::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    PollOnce();
    lock.lock();
  }
}

void AuditTailer::PollOnce() {
  std::lock_guard poll_lock(poll_mutex_);
  std::vector<Listener> listeners;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, listener] : listeners_) listeners.push_back(listener);
  }
  if (listeners.empty()) {
    last_seq_.reset();  // nobody is listening: start again from the head when someone is
    return;
  }
  if (!last_seq_) {
    Result<std::int64_t> head = log_.HeadSeq();
    if (!head.ok()) {
      spdlog::warn("audit feed: cannot read the audit head: {}", head.status().ToString());
      return;
    }
    last_seq_ = *head;
    return;
  }
  for (int batch = 0; batch < kMaxBatchesPerPoll; ++batch) {
    Result<std::vector<AuditEntry>> entries = log_.After(*last_seq_, kPollBatch);
    if (!entries.ok()) {
      spdlog::warn("audit feed: cannot read new audit entries: {}", entries.status().ToString());
      return;
    }
    if (entries->empty()) return;
    last_seq_ = entries->back().seq;
    for (const Listener& listener : listeners) listener(*entries);
    if (static_cast<int>(entries->size()) < kPollBatch) return;
  }
  Result<std::int64_t> head = log_.HeadSeq();
  if (head.ok() && *head > *last_seq_) {
    spdlog::warn("audit feed: skipping entries {} to {} after falling behind", *last_seq_ + 1, *head);
    last_seq_ = *head;
  }
}

}  // namespace chancery::audit
