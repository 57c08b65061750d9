#include "bus/bus.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace chancery::bus {
namespace {

TEST(SubjectTest, Wildcards) {
  EXPECT_TRUE(SubjectMatches("audit.>", "audit.entry.created"));
  EXPECT_TRUE(SubjectMatches("audit.>", "audit.entry"));
  EXPECT_FALSE(SubjectMatches("audit.>", "audit"));
  EXPECT_TRUE(SubjectMatches("audit.*.created", "audit.entry.created"));
  EXPECT_FALSE(SubjectMatches("audit.*", "audit.entry.created"));
  EXPECT_TRUE(SubjectMatches("session.ended", "session.ended"));
  EXPECT_FALSE(SubjectMatches("session.ended", "session.ended.x"));
  EXPECT_TRUE(IsValidPattern("a.*.>"));
  EXPECT_FALSE(IsValidPattern("a.>.b"));
  EXPECT_FALSE(IsValidPattern("a..b"));
  EXPECT_FALSE(IsValidSubject("a.*"));
  EXPECT_FALSE(IsValidSubject(""));
}

// Collects messages and lets a test wait for a count.
struct Inbox {
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<std::string> subjects;
  void Add(const Message& message) {
    std::lock_guard lock(mutex);
    subjects.push_back(message.subject + "=" + message.payload);
    arrived.notify_all();
  }
  bool WaitFor(std::size_t count) {
    std::unique_lock lock(mutex);
    return arrived.wait_for(lock, std::chrono::seconds(5), [&] { return subjects.size() >= count; });
  }
};

TEST(InProcessBusTest, DeliversMatchingMessagesInOrder) {
  auto bus = MakeInProcessBus();
  Inbox audit, all;
  auto audit_subscription = bus->Subscribe("audit.>", [&](const Message& m) { audit.Add(m); }).value();
  auto all_subscription = bus->Subscribe(">", [&](const Message& m) { all.Add(m); }).value();
  ASSERT_TRUE(bus->Publish("audit.entry", "1").ok());
  ASSERT_TRUE(bus->Publish("session.ended", "2").ok());
  ASSERT_TRUE(bus->Publish("audit.entry", "3").ok());
  ASSERT_TRUE(all.WaitFor(3));
  ASSERT_TRUE(audit.WaitFor(2));
  EXPECT_EQ(audit.subjects, (std::vector<std::string>{"audit.entry=1", "audit.entry=3"}));
  EXPECT_EQ(all.subjects.size(), 3u);
  EXPECT_FALSE(bus->Publish("audit.*", "x").ok());
  EXPECT_FALSE(bus->Subscribe("a..b", [](const Message&) {}).ok());
}

TEST(InProcessBusTest, ASharedGroupGetsEachMessageOnceAndItsMembersTakeTurns) {
  auto bus = MakeInProcessBus();
  EXPECT_FALSE(bus->durable());
  Inbox first, second, everyone;
  auto one = bus->SubscribeShared("work.>", "matchers",
                                  [&](const Message& m) {
                                    first.Add(m);
                                    return true;
                                  })
                 .value();
  auto two = bus->SubscribeShared("work.>", "matchers",
                                  [&](const Message& m) {
                                    second.Add(m);
                                    return true;
                                  })
                 .value();
  auto plain = bus->Subscribe("work.>", [&](const Message& m) { everyone.Add(m); }).value();
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(bus->Publish("work.item", std::to_string(i)).ok());
  ASSERT_TRUE(everyone.WaitFor(6)) << "an ordinary subscription still sees everything";
  ASSERT_TRUE(first.WaitFor(3));
  ASSERT_TRUE(second.WaitFor(3));
  EXPECT_EQ(first.subjects, (std::vector<std::string>{"work.item=0", "work.item=2", "work.item=4"}));
  EXPECT_EQ(second.subjects, (std::vector<std::string>{"work.item=1", "work.item=3", "work.item=5"}));
  EXPECT_FALSE(bus->SubscribeShared("work.>", "", [](const Message&) { return true; }).ok());
}

TEST(InProcessBusTest, DeliveryIsAsynchronousAndNotUnderThePublishersLock) {
  auto bus = MakeInProcessBus();
  std::mutex publisher_lock;
  std::atomic<bool> delivered{false};
  auto subscription =
      bus->Subscribe("x",
                     [&](const Message&) {
                       std::lock_guard lock(publisher_lock);  // would deadlock if delivered inside Publish
                       delivered = true;
                     })
          .value();
  {
    std::lock_guard lock(publisher_lock);
    ASSERT_TRUE(bus->Publish("x", "").ok());
    EXPECT_FALSE(delivered);
  }
  for (int i = 0; i < 500 && !delivered; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(delivered);
}

TEST(InProcessBusTest, UnsubscribeStopsDeliveryAndWaitsForARunningCallback) {
  auto bus = MakeInProcessBus();
  std::atomic<int> calls{0};
  std::atomic<bool> inside{false};
  Subscription subscription = bus->Subscribe("slow",
                                             [&](const Message&) {
                                               inside = true;
                                               std::this_thread::sleep_for(std::chrono::milliseconds(200));
                                               ++calls;
                                               inside = false;
                                             })
                                  .value();
  ASSERT_TRUE(bus->Publish("slow", "").ok());
  while (!inside) std::this_thread::yield();
  subscription.Unsubscribe();
  EXPECT_EQ(calls, 1);  // returned only after the running callback ended
  ASSERT_TRUE(bus->Publish("slow", "").ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(calls, 1);
}

TEST(InProcessBusTest, UnsubscribingFromInsideTheCallbackDoesNotDeadlock) {
  auto bus = MakeInProcessBus();
  Inbox inbox;
  Subscription subscription;
  subscription = bus->Subscribe("once",
                                [&](const Message& m) {
                                  inbox.Add(m);
                                  subscription.Unsubscribe();
                                })
                     .value();
  ASSERT_TRUE(bus->Publish("once", "1").ok());
  ASSERT_TRUE(bus->Publish("once", "2").ok());
  ASSERT_TRUE(inbox.WaitFor(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(inbox.subjects.size(), 1u);
}

}  // namespace
}  // namespace chancery::bus
