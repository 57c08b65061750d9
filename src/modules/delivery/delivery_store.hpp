// DeliveryStore: the durable delivery plans. Plans are written in multi-row statements and are idempotent (a
// citizen is in a campaign once, so re-running an interrupted plan completes it); due deliveries are claimed with a
// lease in one statement (SKIP LOCKED where the engine has it); outcomes of a batch are recorded in one
// transaction.
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
  // Applies the updates of a batch and ends their leases, in one transaction.
  Status Record(const std::vector<DeliveryUpdate>& updates, std::int64_t now_ms);
  // A receipt from a provider for the message it accepted: that delivery is delivered. Returns whether one matched
  // (an unknown or repeated receipt changes nothing).
  Result<bool> ApplyReceipt(std::string_view channel, std::string_view provider_message_id, std::int64_t now_ms);
  // A provider's report that a message it accepted could not be delivered: the delivery's wait for a receipt ends
  // now, so the dispatcher moves it to the next channel. Returns whether one matched.
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
