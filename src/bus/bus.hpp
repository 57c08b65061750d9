// Bus: publish/subscribe between modules, NATS-shaped so that the in-process implementation (the default) and a
// NATS JetStream one are interchangeable.
//
// Subjects are dot-separated tokens ("audit.entry.created"). A subscription pattern may use `*` for exactly one
// token and a final `>` for one or more tokens ("audit.>"). Delivery is asynchronous: Publish returns before any
// callback runs, and callbacks never run under a lock the publisher holds. In-process delivery keeps the publish
// order for each subscription.
//
// Thread-safety: Bus is safe to use from many threads. Subscription is a move-only RAII handle: destroying it (or
// calling Unsubscribe) stops delivery; once that returns, the callback is not running and will not run again —
// except when called from inside the callback itself, which is allowed and does not wait.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "core/status.hpp"

namespace chancery::bus {

struct Message {
  std::string subject;
  std::string payload;
};

using MessageCallback = std::function<void(const Message& message)>;
// For shared (work-queue) subscriptions: true when the message is done with; false asks for it again later.
using WorkCallback = std::function<bool(const Message& message)>;

class Subscription {
 public:
  Subscription() = default;
  explicit Subscription(std::function<void()> unsubscribe) : unsubscribe_(std::move(unsubscribe)) {}
  Subscription(Subscription&& other) noexcept : unsubscribe_(std::exchange(other.unsubscribe_, nullptr)) {}
  Subscription& operator=(Subscription&& other) noexcept {
    if (this != &other) {
      Unsubscribe();
      unsubscribe_ = std::exchange(other.unsubscribe_, nullptr);
    }
    return *this;
  }
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;
  ~Subscription() { Unsubscribe(); }

  void Unsubscribe() {
    if (auto unsubscribe = std::exchange(unsubscribe_, nullptr)) unsubscribe();
  }
  bool active() const { return unsubscribe_ != nullptr; }

 private:
  std::function<void()> unsubscribe_;
};

class Bus {
 public:
  virtual ~Bus() = default;
  // kInvalidArgument for a malformed subject (empty tokens, wildcards); kResourceExhausted when the bus is
  // overloaded; kUnavailable when a remote bus cannot be reached.
  virtual Status Publish(std::string subject, std::string payload) = 0;
  // kInvalidArgument for a malformed pattern.
  virtual Result<Subscription> Subscribe(std::string pattern, MessageCallback callback) = 0;
  // Work sharing: each message published on a subject matching `pattern` goes to ONE of the subscriptions that
  // share `group` (letters, digits, '-' and '_'), whichever node they are on. With NATS the group is a durable
  // JetStream consumer: a message is redelivered (to any member) until a callback returns true, across restarts of
  // every member, so callbacks must be idempotent; messages published while no member runs wait for one. In process
  // the members take messages in turn, once (nothing outlives the process there anyway).
  virtual Result<Subscription> SubscribeShared(std::string pattern, std::string group, WorkCallback callback) = 0;
  // True when published messages survive this process (a JetStream stream), so that work handed to the bus is safe.
  virtual bool durable() const = 0;
};

// Subject and pattern syntax, shared by every implementation.
bool IsValidSubject(std::string_view subject);
bool IsValidPattern(std::string_view pattern);
bool SubjectMatches(std::string_view pattern, std::string_view subject);

struct InProcessBusOptions {
  // Messages waiting for delivery; Publish fails with kResourceExhausted beyond it.
  std::size_t max_pending_messages = 100000;
};

// Delivers on one dedicated thread, which keeps the global publish order. The destructor delivers what is queued,
// then stops.
std::unique_ptr<Bus> MakeInProcessBus(InProcessBusOptions options = {});

}  // namespace chancery::bus
