// DeliveryStore: the durable delivery plans. Plans are written in multi-row statements and are idempotent (a
// citizen is in a campaign once, so re-running an interrupted plan completes it); due deliveries are claimed with a
// lease in one statement (SKIP LOCKED where the engine has it); the sends of a round on channels that cannot repeat
// safely are marked in one transaction, and its outcomes recorded in another, each in a few multi-row statements.
//
// Thread-safety: safe for concurrent use; calls block on the database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "modules/delivery/delivery.hpp"
#include "storage/database.hpp"

namespace chancery::delivery {

struct ClaimedDelivery {
  std::int64_t id = 0;
  std::string campaign;
  std::int64_t citizen_id = 0;
  std::string language;
  std::vector<Channel> cascade;
  int step = 0;
  int attempt = 0;
  DeliveryState state = DeliveryState::kPending;
  // An earlier claim was never recorded (its node died, or its record failed) after it had begun sending this step
  // on a channel that cannot repeat safely (MarkSending): whether the message went is unknown.
  std::optional<int> interrupted_step;
  // Awaiting the receipt of such a send (see DeliveryUpdate::send_unknown).
  bool send_unknown = false;
};

// What became of one claimed delivery.
struct DeliveryUpdate {
  std::int64_t id = 0;
  DeliveryState state = DeliveryState::kPending;
  int step = 0;
  int attempt = 0;
  std::int64_t due_at_ms = 0;
  std::string channel;              // the channel that accepted (delivered or awaiting receipt)
  std::string provider_message_id;  // for receipts
  std::string last_error;
  // Awaiting a receipt for a send that may not have happened (interrupted by a crash), rather than for one a
  // provider accepted: without a receipt, a last channel is tried again instead of failing.
  bool send_unknown = false;
  // The attempt made, when one was (not for a receipt timeout).
  bool attempted = false;
  int attempted_step = 0;
  std::string attempted_channel;
  int attempted_number = 0;
  std::string result;  // "accepted", "transient", "unreachable", "rejected", "skipped"
  std::string detail;
};

class DeliveryStore {
 public:
  explicit DeliveryStore(storage::Database& database) : database_(database) {}

  // Stores the plan (recipients already in the campaign are left as they are); returns how many rows were new.
  Result<std::int64_t> InsertPlan(const std::string& campaign, const std::vector<PlannedDelivery>& plan,
                                  std::int64_t now_ms);
  // Leases up to `limit` deliveries that are due (pending, or awaiting a receipt past its time).
  Result<std::vector<ClaimedDelivery>> ClaimDue(std::int64_t now_ms, std::int64_t lease_ms, int limit);
  // Notes that `step` of a claimed delivery is about to be sent on a channel that cannot repeat safely, so that a
  // node taking over after a crash knows the message may have gone. Durable when it returns OK.
  struct Sending {
    std::int64_t delivery_id = 0;
    int step = 0;
  };
  Status MarkSending(const std::vector<Sending>& sends);
  Status MarkSending(std::int64_t delivery_id, int step) { return MarkSending({{delivery_id, step}}); }
  // Takes up to `wanted` sends from the quota of `limit` that `channel` has on `day` (one count for every node):
  // returns how many were granted, 0 once the day's quota is used up.
  Result<std::int64_t> TakeQuota(std::string_view channel, std::string_view day, std::int64_t wanted,
                                 std::int64_t limit);
  // Sends taken from the quota of `channel` on `day` so far.
  Result<std::int64_t> QuotaUsed(std::string_view channel, std::string_view day);
  // Today's use of each of `quotas`.
  Result<std::vector<QuotaUse>> QuotasToday(const DailyQuotas& quotas, std::int64_t now_ms);
  // Applies the updates of a batch and ends their leases, in one transaction of a few multi-row statements: the
  // same result as applying them one by one, in order (early receipts included).
  Status Record(const std::vector<DeliveryUpdate>& updates, std::int64_t now_ms);
  // A receipt from a provider for the message it accepted: that delivery is delivered. Returns whether one matched
  // (an unknown or repeated receipt changes nothing).
  Result<bool> ApplyReceipt(std::string_view channel, std::string_view provider_message_id, std::int64_t now_ms);
  // A provider's report that a message it accepted could not be delivered: the delivery's wait for a receipt ends
  // now, so the dispatcher moves it to the next channel. Returns whether one matched.
  // A receipt that names the person rather than the message (Zalo's receipts name the user): delivers the citizen's
  // deliveries awaiting a receipt on `channel` whose message id is unknown (sent by a node that died before
  // recording it). Returns how many.
  Result<std::int64_t> ApplyReceiptForCitizen(std::string_view channel, std::int64_t citizen_id, std::int64_t now_ms);
  // A receipt that carries our idempotency key ("<campaign>/<delivery id>/<step>", e.g. ZNS's tracking_id): that
  // delivery is delivered if it awaits a receipt, or was interrupted on that step. Returns whether one matched.
  Result<bool> ApplyReceiptForKey(std::string_view idempotency_key, std::int64_t now_ms);
  // Removes the receipts kept for a send not recorded yet that came before `before_ms`: by then the send they were
  // waiting for was recorded long ago, or never will be (a repeated receipt, one for a message not ours). Returns
  // how many.
  Result<std::int64_t> PurgeEarlyReceipts(std::int64_t before_ms);
  Result<bool> ApplyFailureReport(std::string_view channel, std::string_view provider_message_id, std::int64_t now_ms);
  Result<CampaignProgress> Progress(const std::string& campaign);
  // One delivery's campaign and recipient (nullopt when there is no such delivery).
  struct Key {
    std::string campaign;
    std::int64_t citizen_id = 0;
  };
  Result<std::optional<Key>> Find(std::int64_t delivery_id);
  // The citizens a campaign planned to reach, by id.
  Result<std::vector<std::int64_t>> CitizensOf(const std::string& campaign);
  // The campaigns (newest first) among `candidates` that planned a delivery to the citizen.
  Result<std::vector<std::string>> CampaignsReaching(std::int64_t citizen_id,
                                                     const std::vector<std::string>& candidates);
  // Stops what has not been delivered yet (e.g. an alert cancelled).
  Result<std::int64_t> Cancel(const std::string& campaign, std::int64_t now_ms);

  // The deliveries of a citizen, for their data export; and their removal on erasure.
  Result<std::vector<std::pair<std::string, std::string>>> CampaignsOf(storage::Transaction& transaction,
                                                                       std::int64_t citizen_id);
  Status ForgetCitizen(storage::Transaction& transaction, std::int64_t citizen_id);

 private:
  storage::Database& database_;
};

std::string JoinCascade(const std::vector<Channel>& cascade);
std::vector<Channel> SplitCascade(std::string_view text);

}  // namespace chancery::delivery
