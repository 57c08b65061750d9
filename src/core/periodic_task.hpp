// PeriodicTask: runs a function on its own thread now and then every `interval`, until destroyed or stopped.
// Background work of the server (audit retention, cable escalation, the mail outbox) runs on these, never on the
// network or handler threads.
//
// Contract: the function is never run concurrently with itself; Stop() (or the destructor) waits for a run in
// progress to finish, then joins. Wake() runs it again now rather than at the next interval.
//
// Thread-safety: Stop and Wake may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace chancery {

class PeriodicTask {
 public:
  PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> run);
  ~PeriodicTask() { Stop(); }
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  void Wake();
  void Stop();

 private:
  void Loop();

  std::string name_;
  std::chrono::milliseconds interval_;
  std::function<void()> run_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;  // last: starts once the rest is ready
};

}  // namespace chancery
