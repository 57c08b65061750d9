#include "modules/delivery/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace chancery::delivery {
namespace {

bool Usable(const Recipient& recipient, Channel channel) {
  return std::find(recipient.usable.begin(), recipient.usable.end(), channel) != recipient.usable.end();
}

const char* ResultName(SendResult result) {
  switch (result) {
    case SendResult::kAccepted: return "accepted";
    case SendResult::kTransient: return "transient";
    case SendResult::kUnreachable: return "unreachable";
    case SendResult::kRejected: return "rejected";
  }
  return "rejected";
}

// The delivery moved to the step after `step` (failed when there is none).
void MoveOn(DeliveryUpdate& update, const ClaimedDelivery& delivery, int step, std::int64_t now_ms) {
  update.step = step + 1;
  update.attempt = 0;
  update.due_at_ms = now_ms;
  update.state =
      update.step < static_cast<int>(delivery.cascade.size()) ? DeliveryState::kPending : DeliveryState::kFailed;
}

}  // namespace

int UsableStep(const ClaimedDelivery& delivery, const Recipient& recipient) {
  int step = delivery.step;
  while (step < static_cast<int>(delivery.cascade.size()) && !Usable(recipient, delivery.cascade[step])) ++step;
  return step;
}

DeliveryUpdate Decide(const ClaimedDelivery& delivery, const std::optional<Recipient>& recipient,
                      const std::optional<SendOutcome>& outcome, std::int64_t now_ms,
                      const DispatcherOptions& options) {
  DeliveryUpdate update;
  update.id = delivery.id;
  update.step = delivery.step;
  update.attempt = delivery.attempt;
  update.state = delivery.state;
  update.due_at_ms = now_ms;
  if (!recipient) {
    update.state = DeliveryState::kCancelled;
    update.last_error = "the registration was erased";
    return update;
  }
  if (delivery.state == DeliveryState::kAwaitingReceipt) {
    // No receipt in time on the channel that accepted it: the next channel.
    update.last_error = "no receipt in time";
    MoveOn(update, delivery, delivery.step, now_ms);
    if (update.state == DeliveryState::kPending) {
      update.step = UsableStep({delivery.id, delivery.campaign, delivery.citizen_id, delivery.language,
                                delivery.cascade, update.step, 0, DeliveryState::kPending},
                               *recipient);
      if (update.step >= static_cast<int>(delivery.cascade.size())) update.state = DeliveryState::kFailed;
    }
    return update;
  }
  const int step = UsableStep(delivery, *recipient);
  if (step >= static_cast<int>(delivery.cascade.size())) {
    update.step = step;
    update.state = DeliveryState::kFailed;
    update.last_error = "no channel left that the person consented to and can be reached by";
    return update;
  }
  if (step != delivery.step) update.attempt = 0;
  update.step = step;
  if (!outcome) return update;  // nothing sent (no connector): left pending as it is

  const Channel channel = delivery.cascade[step];
  update.attempted = true;
  update.attempted_step = step;
  update.attempted_channel = ChannelName(channel);
  update.attempted_number = update.attempt + 1;
  update.result = ResultName(outcome->result);
  update.detail = outcome->detail;
  switch (outcome->result) {
    case SendResult::kAccepted:
      update.channel = ChannelName(channel);
      update.provider_message_id = outcome->provider_message_id;
      update.last_error.clear();
      if (AwaitsReceipt(channel)) {
        update.state = DeliveryState::kAwaitingReceipt;
        update.due_at_ms = now_ms + options.receipt_timeout_ms;
      } else {
        update.state = DeliveryState::kDelivered;
      }
      return update;
    case SendResult::kTransient: {
      update.last_error = outcome->detail;
      update.attempt += 1;
      if (update.attempt >= options.attempts_per_step) {
        MoveOn(update, delivery, step, now_ms);
        return update;
      }
      std::int64_t backoff = options.first_backoff_ms << std::min(update.attempt - 1, 20);
      backoff = std::min(backoff, options.max_backoff_ms);
      if (outcome->retry_after_ms)
        backoff = std::max(backoff, std::min(*outcome->retry_after_ms, options.max_backoff_ms));
      update.state = DeliveryState::kPending;
      update.due_at_ms = now_ms + backoff;
      return update;
    }
    case SendResult::kUnreachable:
    case SendResult::kRejected:
      update.last_error = outcome->detail;
      MoveOn(update, delivery, step, now_ms);
      return update;
  }
  return update;
}

void RateLimiter::Acquire() {
  if (per_second_ <= 0) return;
  std::unique_lock lock(mutex_);
  for (;;) {
    const auto now = std::chrono::steady_clock::now();
    tokens_ = std::min(per_second_, tokens_ + std::chrono::duration<double>(now - last_).count() * per_second_);
    last_ = now;
    if (tokens_ >= 1) {
      tokens_ -= 1;
      return;
    }
    const auto wait = std::chrono::duration<double>((1 - tokens_) / per_second_);
    lock.unlock();
    std::this_thread::sleep_for(wait);
    lock.lock();
  }
}

Dispatcher::Dispatcher(DeliveryStore& store, const Clock& clock, DispatcherOptions options)
    : store_(store), clock_(clock), options_(options) {}

void Dispatcher::SetConnector(Channel channel, std::shared_ptr<Connector> connector, double per_second) {
  routes_[channel] = {std::move(connector), per_second > 0 ? std::make_shared<RateLimiter>(per_second) : nullptr};
}

void Dispatcher::SetContent(std::string prefix, std::shared_ptr<CampaignContent> content) {
  contents_.emplace_back(std::move(prefix), std::move(content));
}

CampaignContent* Dispatcher::ContentOf(const std::string& campaign) const {
  for (const auto& [prefix, content] : contents_) {
    if (campaign.rfind(prefix, 0) == 0) return content.get();
  }
  return nullptr;
}

DeliveryUpdate Dispatcher::Handle(const ClaimedDelivery& delivery) {
  const std::int64_t now = clock_.NowMs();
  CampaignContent* content = ContentOf(delivery.campaign);
  DeliveryUpdate unchanged;
  unchanged.id = delivery.id;
  unchanged.state = delivery.state;
  unchanged.step = delivery.step;
  unchanged.attempt = delivery.attempt;
  unchanged.due_at_ms = now + options_.first_backoff_ms;
  if (content == nullptr) {
    unchanged.last_error = "no module writes this campaign's messages on this node";
    return unchanged;
  }
  Result<std::optional<Recipient>> recipient = content->RecipientOf(delivery);
  if (!recipient.ok()) {
    unchanged.last_error = recipient.status().message();
    return unchanged;
  }
  if (!*recipient || delivery.state == DeliveryState::kAwaitingReceipt) {
    return Decide(delivery, *recipient, std::nullopt, now, options_);
  }
  const int step = UsableStep(delivery, **recipient);
  if (step >= static_cast<int>(delivery.cascade.size()))
    return Decide(delivery, *recipient, std::nullopt, now, options_);
  const Channel channel = delivery.cascade[step];
  auto route = routes_.find(channel);
  if (route == routes_.end()) {
    // A channel this node cannot send on counts as unreachable: the next one is tried.
    return Decide(
        delivery, *recipient,
        SendOutcome::Failed(SendResult::kUnreachable, std::string(ChannelName(channel)) + " is not configured"), now,
        options_);
  }
  if (delivery.interrupted_step == step && delivery.state == DeliveryState::kPending && !RepeatsSafely(channel)) {
    // The node that claimed it last died before recording: the message may have gone. Rather than send it twice,
    // wait for its receipt (matched by person); without one in time, the next channel is tried.
    DeliveryUpdate update = Decide(delivery, *recipient, SendOutcome::Accepted(""), now, options_);
    update.attempted = false;
    update.last_error = "interrupted: waiting for a receipt of a send that may have happened";
    return update;
  }
  Result<Message> message = content->MessageFor(delivery, channel);
  if (!message.ok()) {
    return Decide(delivery, *recipient, SendOutcome::Failed(SendResult::kRejected, message.status().message()), now,
                  options_);
  }
  SendRequest request;
  request.delivery_id = delivery.id;
  request.campaign = delivery.campaign;
  request.channel = channel;
  request.idempotency_key = delivery.campaign + "/" + std::to_string(delivery.id) + "/" + std::to_string(step);
  request.language = delivery.language;
  request.message = std::move(*message);
  request.recipient = &**recipient;
  if (route->second.limiter) route->second.limiter->Acquire();
  if (!RepeatsSafely(channel)) {
    if (Status marked = store_.MarkSending(delivery.id, step); !marked.ok()) {
      return Decide(delivery, *recipient, SendOutcome::Failed(SendResult::kTransient, marked.message()), now, options_);
    }
  }
  SendOutcome outcome = route->second.connector->Send(request);
  return Decide(delivery, *recipient, outcome, clock_.NowMs(), options_);
}

Result<int> Dispatcher::RunOnce() {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<ClaimedDelivery> claimed,
                            store_.ClaimDue(clock_.NowMs(), options_.lease_ms, options_.batch));
  if (claimed.empty()) return 0;
  std::vector<DeliveryUpdate> updates(claimed.size());
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < claimed.size(); i = next++) updates[i] = Handle(claimed[i]);
  };
  const int threads = std::max(1, std::min<int>(options_.send_threads, static_cast<int>(claimed.size())));
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(work);
  work();
  for (std::thread& thread : pool) thread.join();
  CHANCERY_TRY(store_.Record(updates, clock_.NowMs()));
  return static_cast<int>(claimed.size());
}

void Dispatcher::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    while (!stopping_) {
      Result<int> handled = RunOnce();
      if (!handled.ok()) spdlog::warn("delivery: a round failed: {}", handled.status().ToString());
      if (handled.ok() && *handled > 0) continue;
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, options_.idle_wait, [this] { return woken_ || stopping_.load(); });
      woken_ = false;
    }
  });
}

void Dispatcher::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void Dispatcher::Stop() {
  stopping_ = true;
  Wake();
  if (thread_.joinable()) thread_.join();
}

}  // namespace chancery::delivery
