// Dispatcher: works through due deliveries. Each round claims a batch with a lease, resolves the recipients'
// addresses and consents as they are now (one read per campaign owner) and writes each message, sends on each
// delivery's current channel through that channel's connector (in parallel, within each channel's rate limit), decides
// the next step (see Decide) and records the batch in one transaction. Sends on channels that cannot repeat safely
// (Zalo) go in waves as wide as the send threads, each wave marked in one transaction just before it goes. Background
// threads (`rounds_in_flight`) run rounds while there is work and wait otherwise; each round claims its own batch,
// so that one round's commits and sends overlap another's, as the rounds of several nodes do.
//
// Contract: what a round decided is recorded before its thread claims again; a crash between a send and its record
// leaves the lease to expire, and the step is sent again with the same idempotency key, except on a channel that
// cannot repeat safely: there the step was marked durably before it was sent, and the node that takes over awaits
// its receipt instead of sending again.
//
// Thread-safety: SetConnector/SetContent before Start; RunOnce, Wake and Stop are safe from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "modules/delivery/delivery.hpp"
#include "modules/delivery/delivery_store.hpp"

namespace chancery::delivery {

struct DispatcherOptions {
  int batch = 200;
  int send_threads = 8;      // concurrent sends in a round (they mostly wait on the network)
  int rounds_in_flight = 2;  // rounds run at once by Start, each claiming its own batch
  std::int64_t lease_ms = 5 * 60 * 1000;
  int attempts_per_step = 4;  // transient failures on one channel before moving on
  std::int64_t first_backoff_ms = 10 * 1000;
  std::int64_t max_backoff_ms = 10 * 60 * 1000;
  std::int64_t receipt_timeout_ms = 10 * 60 * 1000;
  std::chrono::milliseconds idle_wait{1000};
  DailyQuotas quotas;  // past a channel's quota, a delivery moves on to its next channel
};

// The campaign owner (e.g. the alerts module) writes each message and says who the recipient is now.
class CampaignContent {
 public:
  virtual ~CampaignContent() = default;
  // Each delivery's recipient, in the order given (a round's deliveries of this owner's campaigns, read at once);
  // nullopt for a person who can no longer be reached at all (erased): that delivery is cancelled. An error leaves
  // every one of them to be tried again later.
  virtual Result<std::vector<std::optional<Recipient>>> RecipientsOf(
      std::span<const ClaimedDelivery* const> deliveries) = 0;
  virtual Result<Message> MessageFor(const ClaimedDelivery& delivery, Channel channel) = 0;
};

// What the dispatcher does with a delivery given what happened (pure; see the class comment).
//   recipient:  nullopt when erased; `outcome`: the send's outcome, nullopt when nothing was sent.
DeliveryUpdate Decide(const ClaimedDelivery& delivery, const std::optional<Recipient>& recipient,
                      const std::optional<SendOutcome>& outcome, std::int64_t now_ms, const DispatcherOptions& options);
// The step a delivery should be sent on now: its current step, or the next usable one; cascade size when none.
int UsableStep(const ClaimedDelivery& delivery, const Recipient& recipient);

// A token bucket: at most `per_second` sends a second, bursts up to a second's worth.
class RateLimiter {
 public:
  explicit RateLimiter(double per_second) : per_second_(per_second), tokens_(per_second) {}
  // Blocks until a send may go.
  void Acquire();

 private:
  std::mutex mutex_;
  double per_second_;
  double tokens_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

class Dispatcher {
 public:
  Dispatcher(DeliveryStore& store, const Clock& clock, DispatcherOptions options);
  ~Dispatcher() { Stop(); }

  // `per_second` 0: no limit.
  void SetConnector(Channel channel, std::shared_ptr<Connector> connector, double per_second = 0);
  // Content for campaigns whose name starts with `prefix` (e.g. "alert:").
  void SetContent(std::string prefix, std::shared_ptr<CampaignContent> content);

  // One round; returns how many deliveries it handled (0 when nothing was due).
  Result<int> RunOnce();
  // Runs rounds on rounds_in_flight threads until Stop.
  void Start();
  void Wake();
  void Stop();
  // Deliveries handled by the rounds run so far (RunOnce and Start alike).
  std::int64_t Handled() const { return handled_.load(); }

 private:
  struct Route {
    std::shared_ptr<Connector> connector;
    std::shared_ptr<RateLimiter> limiter;
  };
  // A claimed delivery after its recipient was resolved: either decided without a send, or ready to send.
  struct Prepared {
    DeliveryUpdate update;  // the outcome when nothing is sent
    bool sends = false;
    std::optional<Recipient> recipient;
    int step = 0;
    Channel channel = Channel::kEmail;
    SendRequest request;  // its recipient pointer is set when it is sent
  };
  CampaignContent* ContentOf(const std::string& campaign) const;
  // Each claimed delivery's recipient, one RecipientsOf call per campaign owner; an error where it has none.
  std::vector<Result<std::optional<Recipient>>> RecipientsOf(const std::vector<ClaimedDelivery>& claimed) const;
  Prepared Prepare(const ClaimedDelivery& delivery, Result<std::optional<Recipient>> recipient);
  // Takes the sends of `members` (indices into the round) from their channels' daily quotas; those past a quota are
  // decided without a send, into `updates`, and leave `members`.
  void TakeQuotas(const std::vector<ClaimedDelivery>& claimed, std::vector<Prepared>& prepared,
                  std::vector<std::size_t>& members, std::vector<DeliveryUpdate>& updates);
  // Sends a prepared delivery (its rate-limit turn taken) and decides.
  DeliveryUpdate Send(const ClaimedDelivery& delivery, Prepared& prepared);
  // Runs work(i) for i in [0, count) on up to send_threads threads.
  void ForEach(std::size_t count, const std::function<void(std::size_t)>& work) const;

  DeliveryStore& store_;
  const Clock& clock_;
  DispatcherOptions options_;
  std::map<Channel, Route> routes_;
  std::vector<std::pair<std::string, std::shared_ptr<CampaignContent>>> contents_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::uint64_t wakes_ = 0;  // Wake calls so far: each waiting thread returns to work on a new one
  std::atomic<bool> stopping_{false};
  std::atomic<std::int64_t> handled_{0};
  std::vector<std::thread> threads_;
};

}  // namespace chancery::delivery
