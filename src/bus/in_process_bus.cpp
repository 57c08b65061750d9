#include <condition_variable>
#include <deque>
#include <list>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "bus/bus.hpp"

namespace chancery::bus {
namespace {

// One subscriber; its own lock guards only its callback, so Unsubscribe can wait for a running delivery.
struct Subscriber {
  std::string pattern;
  std::string group;  // shared subscriptions: one member of the group gets each message
  MessageCallback callback;
  std::mutex mutex;
  std::condition_variable idle;
  bool active = true;
  bool delivering = false;
  std::thread::id delivering_thread;

  void Deliver(const Message& message) {
    {
      std::lock_guard lock(mutex);
      if (!active) return;
      delivering = true;
      delivering_thread = std::this_thread::get_id();
    }
    try {
      callback(message);
    } catch (...) {
      // A failing subscriber must not take down the delivery thread or starve the others.
    }
    std::lock_guard lock(mutex);
    delivering = false;
    idle.notify_all();
  }

  void Deactivate() {
    std::unique_lock lock(mutex);
    active = false;
    if (delivering_thread == std::this_thread::get_id()) return;  // called from inside the callback
    idle.wait(lock, [this] { return !delivering; });
  }
};

class InProcessBus final : public Bus {
 public:
  explicit InProcessBus(InProcessBusOptions options) : options_(options), thread_([this] { Loop(); }) {}

  ~InProcessBus() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

  Status Publish(std::string subject, std::string payload) override {
    if (!IsValidSubject(subject)) return InvalidArgument("invalid bus subject: " + subject);
    std::vector<std::shared_ptr<Subscriber>> targets;
    std::lock_guard lock(mutex_);
    if (stopping_) return Unavailable("the bus is stopping");
    if (queue_.size() >= options_.max_pending_messages) return ResourceExhausted("the bus queue is full");
    std::map<std::string, std::vector<std::shared_ptr<Subscriber>>> groups;
    for (const auto& subscriber : subscribers_) {
      if (!SubjectMatches(subscriber->pattern, subject)) continue;
      if (subscriber->group.empty()) {
        targets.push_back(subscriber);
      } else {
        groups[subscriber->group].push_back(subscriber);
      }
    }
    for (auto& [group, members] : groups) targets.push_back(members[turns_[group]++ % members.size()]);
    if (targets.empty()) return Status::Ok();
    queue_.push_back(Pending{Message{std::move(subject), std::move(payload)}, std::move(targets)});
    wake_.notify_one();
    return Status::Ok();
  }

  Result<Subscription> Subscribe(std::string pattern, MessageCallback callback) override {
    return Add(std::move(pattern), {}, std::move(callback));
  }

  Result<Subscription> SubscribeShared(std::string pattern, std::string group, WorkCallback callback) override {
    if (group.empty()) return InvalidArgument("a shared subscription needs a group");
    return Add(std::move(pattern), std::move(group),
               [callback = std::move(callback)](const Message& message) { callback(message); });
  }

  bool durable() const override { return false; }

 private:
  Result<Subscription> Add(std::string pattern, std::string group, MessageCallback callback) {
    if (!IsValidPattern(pattern)) return InvalidArgument("invalid bus subscription pattern: " + pattern);
    auto subscriber = std::make_shared<Subscriber>();
    subscriber->pattern = std::move(pattern);
    subscriber->group = std::move(group);
    subscriber->callback = std::move(callback);
    std::list<std::shared_ptr<Subscriber>>::iterator position;
    {
      std::lock_guard lock(mutex_);
      position = subscribers_.insert(subscribers_.end(), subscriber);
    }
    // The handle may outlive the bus only if the caller breaks the documented order; hold the subscriber, not us.
    return Subscription([this, subscriber, position] {
      {
        std::lock_guard lock(mutex_);
        subscribers_.erase(position);
      }
      subscriber->Deactivate();
    });
  }

  struct Pending {
    Message message;
    std::vector<std::shared_ptr<Subscriber>> targets;
  };

  void Loop() {
    std::unique_lock lock(mutex_);
    while (true) {
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued was delivered
      Pending pending = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      for (const auto& subscriber : pending.targets) subscriber->Deliver(pending.message);
      lock.lock();
    }
  }

  const InProcessBusOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  std::list<std::shared_ptr<Subscriber>> subscribers_;
  std::map<std::string, std::size_t> turns_;  // per group: whose turn it is
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace

std::unique_ptr<Bus> MakeInProcessBus(InProcessBusOptions options) { return std::make_unique<InProcessBus>(options); }

}  // namespace chancery::bus
