#include "modules/delivery/delivery_store.hpp"

#include <algorithm>

#include "core/crypto.hpp"

namespace chancery::delivery {
namespace {

using storage::Row;
using storage::Rows;
using storage::Transaction;
using storage::Value;

constexpr std::size_t kRowsPerInsert = 400;  // 7 parameters each, well under SQLite's 32,766

DeliveryState ParseState(std::string_view name) {
  for (DeliveryState state : {DeliveryState::kPending, DeliveryState::kAwaitingReceipt, DeliveryState::kDelivered,
                              DeliveryState::kFailed, DeliveryState::kCancelled}) {
    if (name == DeliveryStateName(state)) return state;
  }
  return DeliveryState::kFailed;
}

// Serialises the recording of a send and the arrival of its receipt across nodes (PostgreSQL): otherwise each could
// commit without seeing the other, and the receipt would be lost. SQLite has one writer and needs nothing.
Status LockReceipt(storage::Database& database, Transaction& transaction, std::string_view channel,
                   std::string_view provider_message_id) {
  if (!database.capabilities().supports_advisory_locks) return Status::Ok();
  const std::string digest = crypto::Sha256(std::string(channel) + "|" + std::string(provider_message_id));
  std::int64_t key = 0;
  for (int i = 0; i < 8; ++i) key = (key << 8) | static_cast<unsigned char>(digest[i]);
  return transaction.Query("SELECT pg_advisory_xact_lock(?)", {key}).status();
}

}  // namespace

std::string JoinCascade(const std::vector<Channel>& cascade) {
  std::string text;
  for (Channel channel : cascade) text += (text.empty() ? "" : ",") + std::string(ChannelName(channel));
  return text;
}

std::vector<Channel> SplitCascade(std::string_view text) {
  std::vector<Channel> cascade;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    if (std::optional<Channel> channel = ParseChannel(text.substr(start, end - start))) cascade.push_back(*channel);
    start = end + 1;
  }
  return cascade;
}

Result<std::int64_t> DeliveryStore::InsertPlan(const std::string& campaign, const std::vector<PlannedDelivery>& plan,
                                               std::int64_t now_ms) {
  std::int64_t inserted = 0;
  // One transaction per 20,000 rows: a crash keeps what was written, and InsertPlan again completes the rest.
  constexpr std::size_t kRowsPerTransaction = 20000;
  for (std::size_t begin = 0; begin < plan.size(); begin += kRowsPerTransaction) {
    const std::size_t end = std::min(plan.size(), begin + kRowsPerTransaction);
    CHANCERY_TRY(database_.Write("delivery.plan", [&](Transaction& transaction) -> Status {
      for (std::size_t chunk = begin; chunk < end; chunk += kRowsPerInsert) {
        const std::size_t stop = std::min(end, chunk + kRowsPerInsert);
        std::string sql =
            "INSERT INTO deliveries (campaign, citizen_id, language, channels, due_at, created_at, updated_at) VALUES ";
        std::vector<Value> params;
        params.reserve((stop - chunk) * 7);
        for (std::size_t i = chunk; i < stop; ++i) {
          sql += i == chunk ? "(?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?)";
          params.insert(params.end(), {campaign, plan[i].citizen_id, plan[i].language, JoinCascade(plan[i].cascade),
                                       now_ms, now_ms, now_ms});
        }
        sql += " ON CONFLICT (campaign, citizen_id) DO NOTHING";
        CHANCERY_ASSIGN_OR_RETURN(std::int64_t changed, transaction.Execute(sql, params));
        inserted += changed;
      }
      return Status::Ok();
    }));
  }
  return inserted;
}

Result<std::vector<ClaimedDelivery>> DeliveryStore::ClaimDue(std::int64_t now_ms, std::int64_t lease_ms, int limit) {
  std::vector<ClaimedDelivery> claimed;
  const bool skip_locked = database_.capabilities().supports_skip_locked;
  CHANCERY_TRY(database_.Write("delivery.claim", [&](Transaction& transaction) -> Status {
    claimed.clear();
    // The outer condition repeats the lease test: a row another node leased meanwhile is not taken twice.
    CHANCERY_ASSIGN_OR_RETURN(
        Rows rows,
        transaction.Query(
            std::string("UPDATE deliveries SET lease_until = ?, unrecorded_claims = unrecorded_claims + 1 "
                        "WHERE id IN (SELECT id FROM deliveries "
                        "WHERE state IN ('pending', 'awaiting_receipt') AND due_at <= ? AND lease_until <= ? "
                        "ORDER BY due_at LIMIT ?") +
                (skip_locked ? " FOR UPDATE SKIP LOCKED" : "") +
                ") AND lease_until <= ? RETURNING id, campaign, citizen_id, language, channels, step, attempt, state, "
                "unrecorded_claims, sending_step",
            {now_ms + lease_ms, now_ms, now_ms, std::int64_t{limit}, now_ms}));
    for (const Row& row : rows) {
      claimed.push_back(
          {row.Int(0), row.Text(1), row.Int(2), row.Text(3), SplitCascade(row.Text(4)), static_cast<int>(row.Int(5)),
           static_cast<int>(row.Int(6)), ParseState(row.Text(7)),
           row.Int(8) > 1 && !row.IsNull(9) ? std::optional<int>(static_cast<int>(row.Int(9))) : std::nullopt});
    }
    return Status::Ok();
  }));
  return claimed;
}

Status DeliveryStore::MarkSending(std::int64_t delivery_id, int step) {
  return database_.Write("delivery.sending", [&](Transaction& transaction) -> Status {
    return transaction.Execute("UPDATE deliveries SET sending_step = ? WHERE id = ?", {std::int64_t{step}, delivery_id})
        .status();
  });
}

Status DeliveryStore::Record(const std::vector<DeliveryUpdate>& updates, std::int64_t now_ms) {
  if (updates.empty()) return Status::Ok();
  return database_.Write("delivery.record", [&](Transaction& transaction) -> Status {
    for (const DeliveryUpdate& update : updates) {
      const bool done = update.state == DeliveryState::kDelivered;
      const bool awaiting = update.state == DeliveryState::kAwaitingReceipt && !update.provider_message_id.empty();
      if (awaiting) CHANCERY_TRY(LockReceipt(database_, transaction, update.channel, update.provider_message_id));
      CHANCERY_TRY(transaction.Execute(
          "UPDATE deliveries SET state = ?, step = ?, attempt = ?, due_at = ?, lease_until = 0, unrecorded_claims = 0, "
          "sending_step = NULL, "
          "channel = CASE WHEN ? = '' THEN channel ELSE ? END, "
          "provider_message_id = CASE WHEN ? = '' THEN provider_message_id ELSE ? END, last_error = ?, "
          "updated_at = ?, delivered_at = CASE WHEN ? = 1 THEN ? ELSE delivered_at END "
          "WHERE id = ? AND state IN ('pending', 'awaiting_receipt')",
          {std::string(DeliveryStateName(update.state)), std::int64_t{update.step}, std::int64_t{update.attempt},
           update.due_at_ms, update.channel, update.channel, update.provider_message_id, update.provider_message_id,
           update.last_error, now_ms, std::int64_t{done ? 1 : 0}, now_ms, update.id}));
      if (awaiting) {
        // A receipt that came before this record.
        CHANCERY_ASSIGN_OR_RETURN(
            std::int64_t early,
            transaction.Execute("DELETE FROM delivery_early_receipts WHERE channel = ? AND provider_message_id = ?",
                                {update.channel, update.provider_message_id}));
        if (early > 0) {
          CHANCERY_TRY(transaction.Execute(
              "UPDATE deliveries SET state = 'delivered', delivered_at = ? WHERE id = ? AND state = 'awaiting_receipt'",
              {now_ms, update.id}));
        }
      }
      if (update.attempted) {
        CHANCERY_TRY(transaction.Execute(
            "INSERT INTO delivery_attempts (delivery_id, step, channel, attempt, result, detail, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            {update.id, std::int64_t{update.attempted_step}, update.attempted_channel,
             std::int64_t{update.attempted_number}, update.result, update.detail, now_ms}));
      }
    }
    return Status::Ok();
  });
}

Result<bool> DeliveryStore::ApplyReceipt(std::string_view channel, std::string_view provider_message_id,
                                         std::int64_t now_ms) {
  if (provider_message_id.empty()) return false;
  bool matched = false;
  CHANCERY_TRY(database_.Write("delivery.receipt", [&](Transaction& transaction) -> Status {
    CHANCERY_TRY(LockReceipt(database_, transaction, channel, provider_message_id));
    CHANCERY_ASSIGN_OR_RETURN(
        std::int64_t changed,
        transaction.Execute("UPDATE deliveries SET state = 'delivered', delivered_at = ?, updated_at = ? "
                            "WHERE provider_message_id = ? AND channel = ? AND state = 'awaiting_receipt'",
                            {now_ms, now_ms, std::string(provider_message_id), std::string(channel)}));
    matched = changed > 0;
    if (matched) return Status::Ok();
    // Perhaps the send is not recorded yet: keep the receipt for Record to find.
    return transaction
        .Execute(
            "INSERT INTO delivery_early_receipts (channel, provider_message_id, received_at) VALUES (?, ?, ?) "
            "ON CONFLICT (channel, provider_message_id) DO NOTHING",
            {std::string(channel), std::string(provider_message_id), now_ms})
        .status();
  }));
  return matched;
}

Result<std::int64_t> DeliveryStore::ApplyReceiptForCitizen(std::string_view channel, std::int64_t citizen_id,
                                                           std::int64_t now_ms) {
  std::int64_t changed = 0;
  CHANCERY_TRY(database_.Write("delivery.receipt_by_person", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        changed, transaction.Execute("UPDATE deliveries SET state = 'delivered', delivered_at = ?, updated_at = ? "
                                     "WHERE citizen_id = ? AND channel = ? AND state = 'awaiting_receipt' "
                                     "AND provider_message_id IS NULL",
                                     {now_ms, now_ms, citizen_id, std::string(channel)}));
    return Status::Ok();
  }));
  return changed;
}

Result<bool> DeliveryStore::ApplyReceiptForKey(std::string_view idempotency_key, std::int64_t now_ms) {
  const auto last = idempotency_key.rfind('/');
  const auto middle = last == std::string_view::npos ? last : idempotency_key.rfind('/', last - 1);
  if (middle == std::string_view::npos) return false;
  const std::string id_text(idempotency_key.substr(middle + 1, last - middle - 1));
  const std::string step_text(idempotency_key.substr(last + 1));
  const auto digits = [](const std::string& text) {
    return !text.empty() && text.size() < 18 && std::all_of(text.begin(), text.end(), ::isdigit);
  };
  if (!digits(id_text) || !digits(step_text)) return false;
  bool matched = false;
  CHANCERY_TRY(database_.Write("delivery.receipt_by_key", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        std::int64_t changed,
        transaction.Execute("UPDATE deliveries SET state = 'delivered', delivered_at = ?, updated_at = ? "
                            "WHERE id = ? AND campaign = ? AND step = ? AND (state = 'awaiting_receipt' "
                            "OR (state = 'pending' AND sending_step = step))",
                            {now_ms, now_ms, std::stoll(id_text), std::string(idempotency_key.substr(0, middle)),
                             std::stoll(step_text)}));
    matched = changed > 0;
    return Status::Ok();
  }));
  return matched;
}

Result<bool> DeliveryStore::ApplyFailureReport(std::string_view channel, std::string_view provider_message_id,
                                               std::int64_t now_ms) {
  if (provider_message_id.empty()) return false;
  bool matched = false;
  CHANCERY_TRY(database_.Write("delivery.failure_report", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        std::int64_t changed,
        transaction.Execute(
            "UPDATE deliveries SET due_at = ?, last_error = 'the provider reported a failure', "
            "updated_at = ? WHERE provider_message_id = ? AND channel = ? AND state = 'awaiting_receipt'",
            {now_ms, now_ms, std::string(provider_message_id), std::string(channel)}));
    matched = changed > 0;
    return Status::Ok();
  }));
  return matched;
}

Result<CampaignProgress> DeliveryStore::Progress(const std::string& campaign) {
  return storage::ReadValue(database_, "delivery.progress", [&](Transaction& transaction) -> Result<CampaignProgress> {
    CampaignProgress progress;
    CHANCERY_ASSIGN_OR_RETURN(Rows rows, transaction.Query("SELECT state, COALESCE(channel, ''), COUNT(*) FROM "
                                                           "deliveries WHERE campaign = ? GROUP BY state, channel",
                                                           {campaign}));
    for (const Row& row : rows) {
      const std::int64_t count = row.Int(2);
      progress.total += count;
      switch (ParseState(row.Text(0))) {
        case DeliveryState::kPending: progress.pending += count; break;
        case DeliveryState::kAwaitingReceipt: progress.awaiting_receipt += count; break;
        case DeliveryState::kDelivered: progress.delivered += count; break;
        case DeliveryState::kFailed: progress.failed += count; break;
        case DeliveryState::kCancelled: progress.cancelled += count; break;
      }
      progress.by_channel.push_back({row.Text(1), row.Text(0), count});
    }
    return progress;
  });
}

Result<std::optional<DeliveryStore::Key>> DeliveryStore::Find(std::int64_t delivery_id) {
  return storage::ReadValue(database_, "delivery.find", [&](Transaction& transaction) -> Result<std::optional<Key>> {
    CHANCERY_ASSIGN_OR_RETURN(
        std::optional<Row> row,
        transaction.QueryOptional("SELECT campaign, citizen_id FROM deliveries WHERE id = ?", {delivery_id}));
    if (!row) return std::optional<Key>();
    return std::optional<Key>(Key{row->Text(0), row->Int(1)});
  });
}

Result<std::vector<std::int64_t>> DeliveryStore::CitizensOf(const std::string& campaign) {
  std::vector<std::int64_t> citizens;
  CHANCERY_TRY(database_.Read("delivery.citizens", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        Rows rows,
        transaction.Query("SELECT citizen_id FROM deliveries WHERE campaign = ? ORDER BY citizen_id", {campaign}));
    for (const Row& row : rows) citizens.push_back(row.Int(0));
    return Status::Ok();
  }));
  return citizens;
}

Result<std::vector<std::string>> DeliveryStore::CampaignsReaching(std::int64_t citizen_id,
                                                                  const std::vector<std::string>& candidates) {
  std::vector<std::string> reaching;
  if (candidates.empty()) return reaching;
  std::string sql = "SELECT campaign FROM deliveries WHERE citizen_id = ? AND campaign IN (";
  std::vector<Value> params = {citizen_id};
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    sql += i == 0 ? "?" : ", ?";
    params.push_back(candidates[i]);
  }
  sql += ") ORDER BY id DESC";
  CHANCERY_TRY(database_.Read("delivery.reaching", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Rows rows, transaction.Query(sql, params));
    for (const Row& row : rows) reaching.push_back(row.Text(0));
    return Status::Ok();
  }));
  return reaching;
}

Result<std::int64_t> DeliveryStore::Cancel(const std::string& campaign, std::int64_t now_ms) {
  std::int64_t cancelled = 0;
  CHANCERY_TRY(database_.Write("delivery.cancel", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(cancelled,
                              transaction.Execute("UPDATE deliveries SET state = 'cancelled', updated_at = ? "
                                                  "WHERE campaign = ? AND state IN ('pending', 'awaiting_receipt')",
                                                  {now_ms, campaign}));
    return Status::Ok();
  }));
  return cancelled;
}

Result<std::vector<std::pair<std::string, std::string>>> DeliveryStore::CampaignsOf(Transaction& transaction,
                                                                                    std::int64_t citizen_id) {
  CHANCERY_ASSIGN_OR_RETURN(
      Rows rows,
      transaction.Query("SELECT campaign, state FROM deliveries WHERE citizen_id = ? ORDER BY id", {citizen_id}));
  std::vector<std::pair<std::string, std::string>> campaigns;
  for (const Row& row : rows) campaigns.emplace_back(row.Text(0), row.Text(1));
  return campaigns;
}

Status DeliveryStore::ForgetCitizen(Transaction& transaction, std::int64_t citizen_id) {
  // Counts stay (the campaign's statistics); nothing that points at the person's accounts does.
  CHANCERY_TRY(transaction.Execute(
      "UPDATE deliveries SET state = CASE WHEN state IN ('pending', 'awaiting_receipt') THEN 'cancelled' ELSE state "
      "END, provider_message_id = NULL, last_error = NULL WHERE citizen_id = ?",
      {citizen_id}));
  return transaction
      .Execute("DELETE FROM delivery_attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE citizen_id = ?)",
               {citizen_id})
      .status();
}

}  // namespace chancery::delivery
