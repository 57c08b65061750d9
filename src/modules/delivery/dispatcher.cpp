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
    // A send a crash interrupted, on the last channel left: most likely it never went (a message that went brings
    // its receipt), so it is sent again rather than failed. A duplicate is possible only if it went and its receipt
    // never came; a crisis alert lost is worse.
    if (update.state == DeliveryState::kFailed && delivery.send_unknown &&
        delivery.step < static_cast<int>(delivery.cascade.size()) &&
        Usable(*recipient, delivery.cascade[delivery.step])) {
      update.state = DeliveryState::kPending;
      update.step = delivery.step;
      update.last_error = "no receipt for a send a crash interrupted: sent again on the last channel left";
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

std::vector<Result<std::optional<Recipient>>> Dispatcher::RecipientsOf(
    const std::vector<ClaimedDelivery>& claimed) const {
  std::vector<Result<std::optional<Recipient>>> recipients(
      claimed.size(), Unavailable("no module writes this campaign's messages on this node"));
  std::map<CampaignContent*, std::vector<std::size_t>> by_content;
  for (std::size_t i = 0; i < claimed.size(); ++i) {
    if (CampaignContent* content = ContentOf(claimed[i].campaign)) by_content[content].push_back(i);
  }
  for (const auto& [content, members] : by_content) {
    std::vector<const ClaimedDelivery*> deliveries;
    deliveries.reserve(members.size());
    for (std::size_t i : members) deliveries.push_back(&claimed[i]);
    Result<std::vector<std::optional<Recipient>>> found = content->RecipientsOf(deliveries);
    if (found.ok() && found->size() != members.size()) {
      found = Internal("the campaign owner answered for " + std::to_string(found->size()) + " of " +
                       std::to_string(members.size()) + " recipients");
    }
    for (std::size_t k = 0; k < members.size(); ++k) {
      recipients[members[k]] = found.ok() ? Result<std::optional<Recipient>>(std::move((*found)[k]))
                                          : Result<std::optional<Recipient>>(found.status());
    }
  }
  return recipients;
}

Dispatcher::Prepared Dispatcher::Prepare(const ClaimedDelivery& delivery, Result<std::optional<Recipient>> recipient) {
  const std::int64_t now = clock_.NowMs();
  Prepared prepared;
  CampaignContent* content = ContentOf(delivery.campaign);
  DeliveryUpdate& unchanged = prepared.update;
  unchanged.id = delivery.id;
  unchanged.state = delivery.state;
  unchanged.step = delivery.step;
  unchanged.attempt = delivery.attempt;
  unchanged.due_at_ms = now + options_.first_backoff_ms;
  if (!recipient.ok()) {
    unchanged.last_error = recipient.status().message();
    return prepared;
  }
  if (!*recipient || delivery.state == DeliveryState::kAwaitingReceipt) {
    prepared.update = Decide(delivery, *recipient, std::nullopt, now, options_);
    return prepared;
  }
  const int step = UsableStep(delivery, **recipient);
  if (step >= static_cast<int>(delivery.cascade.size())) {
    prepared.update = Decide(delivery, *recipient, std::nullopt, now, options_);
    return prepared;
  }
  const Channel channel = delivery.cascade[step];
  if (!routes_.contains(channel)) {
    // A channel this node cannot send on counts as unreachable: the next one is tried.
    prepared.update =
        Decide(delivery, *recipient,
               SendOutcome::Failed(SendResult::kUnreachable, std::string(ChannelName(channel)) + " is not configured"),
               now, options_);
    return prepared;
  }
  if (delivery.interrupted_step == step && delivery.state == DeliveryState::kPending && !RepeatsSafely(channel)) {
    // The node that claimed it last died before recording: the message may have gone. Rather than send it twice,
    // wait for its receipt (matched by person); without one in time, the next channel is tried.
    prepared.update = Decide(delivery, *recipient, SendOutcome::Accepted(""), now, options_);
    prepared.update.attempted = false;
    prepared.update.send_unknown = true;
    prepared.update.last_error = "interrupted: waiting for a receipt of a send that may have happened";
    return prepared;
  }
  Result<Message> message = content->MessageFor(delivery, channel);
  if (!message.ok()) {
    prepared.update = Decide(delivery, *recipient,
                             SendOutcome::Failed(SendResult::kRejected, message.status().message()), now, options_);
    return prepared;
  }
  prepared.sends = true;
  prepared.recipient = std::move(*recipient);
  prepared.step = step;
  prepared.channel = channel;
  SendRequest& request = prepared.request;
  request.delivery_id = delivery.id;
  request.campaign = delivery.campaign;
  request.channel = channel;
  request.idempotency_key = delivery.campaign + "/" + std::to_string(delivery.id) + "/" + std::to_string(step);
  request.language = delivery.language;
  request.message = std::move(*message);
  return prepared;
}

void Dispatcher::TakeQuotas(const std::vector<ClaimedDelivery>& claimed, std::vector<Prepared>& prepared,
                            std::vector<std::size_t>& members, std::vector<DeliveryUpdate>& updates) {
  const std::map<Channel, std::int64_t>& limits = options_.quotas.limits;
  if (limits.empty()) return;
  std::map<Channel, std::vector<std::size_t>> wanting;
  for (std::size_t i : members) {
    if (limits.contains(prepared[i].channel)) wanting[prepared[i].channel].push_back(i);
  }
  const std::int64_t now = clock_.NowMs();
  const std::string day = QuotaDay(now, options_.quotas.day_offset_minutes);
  for (const auto& [channel, asking] : wanting) {
    const std::int64_t limit = limits.at(channel);
    const Result<std::int64_t> granted =
        store_.TakeQuota(ChannelName(channel), day, static_cast<std::int64_t>(asking.size()), limit);
    // Past the quota: unreachable on this channel today, so the next one is tried. Without an answer from the
    // database: a transient failure, tried again after a backoff.
    const SendOutcome outcome =
        granted.ok()
            ? SendOutcome::Failed(SendResult::kUnreachable, "the daily quota of " + std::string(ChannelName(channel)) +
                                                                " (" + std::to_string(limit) + ") is used up")
            : SendOutcome::Failed(SendResult::kTransient, granted.status().message());
    for (std::size_t k = granted.ok() ? static_cast<std::size_t>(*granted) : 0; k < asking.size(); ++k) {
      const std::size_t i = asking[k];
      prepared[i].sends = false;
      updates[i] = Decide(claimed[i], prepared[i].recipient, outcome, now, options_);
      updates[i].result = "skipped";  // recorded as an attempt not made
    }
  }
  std::erase_if(members, [&](std::size_t i) { return !prepared[i].sends; });
}

DeliveryUpdate Dispatcher::Send(const ClaimedDelivery& delivery, Prepared& prepared) {
  prepared.request.recipient = &*prepared.recipient;
  SendOutcome outcome = routes_.at(prepared.channel).connector->Send(prepared.request);
  return Decide(delivery, prepared.recipient, outcome, clock_.NowMs(), options_);
}

void Dispatcher::ForEach(std::size_t count, const std::function<void(std::size_t)>& work) const {
  std::atomic<std::size_t> next{0};
  const auto run = [&] {
    for (std::size_t i = next++; i < count; i = next++) work(i);
  };
  const int threads = std::max(1, std::min<int>(options_.send_threads, static_cast<int>(count)));
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(run);
  run();
  for (std::thread& thread : pool) thread.join();
}

Result<int> Dispatcher::RunOnce() {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<ClaimedDelivery> claimed,
                            store_.ClaimDue(clock_.NowMs(), options_.lease_ms, options_.batch));
  if (claimed.empty()) return 0;
  // Resolve every recipient (one read per campaign owner) and write every message (in parallel) first.
  std::vector<Result<std::optional<Recipient>>> recipients = RecipientsOf(claimed);
  std::vector<Prepared> prepared(claimed.size());
  ForEach(claimed.size(), [&](std::size_t i) { prepared[i] = Prepare(claimed[i], std::move(recipients[i])); });
  std::vector<DeliveryUpdate> updates(claimed.size());
  std::vector<std::size_t> repeatable;
  std::vector<std::size_t> unrepeatable;
  for (std::size_t i = 0; i < claimed.size(); ++i) {
    if (!prepared[i].sends) {
      updates[i] = std::move(prepared[i].update);
    } else {
      (RepeatsSafely(prepared[i].channel) ? repeatable : unrepeatable).push_back(i);
    }
  }
  // Sends whose step a provider recognises by its key: their quota turns taken, then all at once.
  TakeQuotas(claimed, prepared, repeatable, updates);
  ForEach(repeatable.size(), [&](std::size_t k) {
    const std::size_t i = repeatable[k];
    if (const auto& limiter = routes_.at(prepared[i].channel).limiter) limiter->Acquire();
    updates[i] = Send(claimed[i], prepared[i]);
  });
  // Sends that cannot repeat safely (Zalo): in waves as wide as the send threads. Each wave takes its rate-limit
  // turns, is marked in one durable transaction, and goes at once: a node that takes over after a crash knows that
  // each marked step may have gone, and no more are marked than are in flight (a step marked but never sent is
  // handled as one that may have gone: its receipt is awaited, then the next channel is tried). One commit for up
  // to send_threads sends, where each send had its own. The wave's quota turns are taken just before, so a crash
  // leaves no more turns taken and unused than sends in flight either. (Marking the whole round at once, before any
  // send, left a crash mid-round with up to a round of marked steps never sent, each then failing over a receipt
  // timeout later: the functional test that kills the server mid-send saw 28 of 668 deliveries fail so.)
  const std::size_t wave = static_cast<std::size_t>(std::max(1, options_.send_threads));
  for (std::size_t begin = 0; begin < unrepeatable.size(); begin += wave) {
    std::vector<std::size_t> members(
        unrepeatable.begin() + static_cast<std::ptrdiff_t>(begin),
        unrepeatable.begin() + static_cast<std::ptrdiff_t>(std::min(unrepeatable.size(), begin + wave)));
    TakeQuotas(claimed, prepared, members, updates);
    if (members.empty()) continue;
    std::vector<DeliveryStore::Sending> sends;
    for (std::size_t i : members) {
      if (const auto& limiter = routes_.at(prepared[i].channel).limiter) limiter->Acquire();
      sends.push_back({claimed[i].id, prepared[i].step});
    }
    const Status marked = store_.MarkSending(sends);
    ForEach(members.size(), [&](std::size_t k) {
      const std::size_t i = members[k];
      updates[i] =
          marked.ok() ? Send(claimed[i], prepared[i])
                      : Decide(claimed[i], prepared[i].recipient,
                               SendOutcome::Failed(SendResult::kTransient, marked.message()), clock_.NowMs(), options_);
    });
  }
  CHANCERY_TRY(store_.Record(updates, clock_.NowMs()));
  handled_ += static_cast<std::int64_t>(claimed.size());
  return static_cast<int>(claimed.size());
}

void Dispatcher::Start() {
  if (!threads_.empty()) return;
  stopping_ = false;
  for (int i = 0; i < std::max(1, options_.rounds_in_flight); ++i) {
    threads_.emplace_back([this] {
      while (!stopping_) {
        std::uint64_t seen = 0;
        {
          std::lock_guard lock(mutex_);
          seen = wakes_;
        }
        Result<int> handled = RunOnce();
        if (!handled.ok()) spdlog::warn("delivery: a round failed: {}", handled.status().ToString());
        if (handled.ok() && *handled > 0) continue;
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, options_.idle_wait, [&] { return wakes_ != seen || stopping_.load(); });
      }
    });
  }
}

void Dispatcher::Wake() {
  {
    std::lock_guard lock(mutex_);
    ++wakes_;
  }
  wake_.notify_all();
}

void Dispatcher::Stop() {
  stopping_ = true;
  Wake();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

}  // namespace chancery::delivery
