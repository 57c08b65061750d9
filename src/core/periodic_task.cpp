#include "core/periodic_task.hpp"

#include <spdlog/spdlog.h>

namespace chancery {

PeriodicTask::PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> run)
    : name_(std::move(name)), interval_(interval), run_(std::move(run)), thread_([this] { Loop(); }) {}

void PeriodicTask::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  changed_.notify_all();
}

void PeriodicTask::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void PeriodicTask::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    woken_ = false;
    lock.unlock();
    try {
      run_();
    } catch (const std::exception& error) {
      spdlog::error("{}: {}", name_, error.what());
    }
    lock.lock();
    changed_.wait_for(lock, interval_, [this] { return stopping_ || woken_; });
  }
}

}  // namespace chancery
