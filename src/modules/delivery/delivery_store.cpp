#include "modules/delivery/delivery_store.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "core/crypto.hpp"

namespace chancery::delivery {
namespace {

using storage::Row;
using storage::Rows;
using storage::Transaction;
using storage::Value;

constexpr std::size_t kRowsPerInsert = 400;  // 7 parameters each, well under SQLite's 32,766
// Plans from this size on refresh the table's statistics (see InsertPlan).
constexpr std::int64_t kRowsBeforeAnalyze = 10000;

DeliveryState ParseState(std::string_view name) {
  for (DeliveryState state : {DeliveryState::kPending, DeliveryState::kAwaitingReceipt, DeliveryState::kDelivered,
                              DeliveryState::kFailed, DeliveryState::kCancelled}) {
    if (name == DeliveryStateName(state)) return state;
  }
  return DeliveryState::kFailed;
}

// Rows per multi-row statement in MarkSending and Record: at most 10 parameters a row, well under SQLite's 32,766 and
// PostgreSQL's 65,535.
constexpr std::size_t kRowsPerStatement = 500;

// "(?, ?), (?, ?)": `rows` rows of `columns` placeholders.
std::string RowPlaceholders(std::size_t rows, std::size_t columns) {
  std::string row = "(";
  for (std::size_t column = 0; column < columns; ++column) row += column == 0 ? "?" : ", ?";
  row += ")";
  std::string text;
  text.reserve(rows * (row.size() + 2));
  for (std::size_t i = 0; i < rows; ++i) text += (i == 0 ? "" : ", ") + row;
  return text;
}

std::int64_t ReceiptLockKey(std::string_view channel, std::string_view provider_message_id) {
  const std::string digest = crypto::Sha256(std::string(channel) + "|" + std::string(provider_message_id));
  std::int64_t key = 0;
  for (int i = 0; i < 8; ++i) key = (key << 8) | static_cast<unsigned char>(digest[i]);
  return key;
}

// Serialises the recording of a send and the arrival of its receipt across nodes (PostgreSQL): otherwise each could
// commit without seeing the other, and the receipt would be lost. SQLite has one writer and needs nothing. Several
// receipts are locked in one statement, in ascending key order, so that two transactions that lock overlapping sets
// cannot deadlock (pg_advisory_xact_lock is volatile: PostgreSQL calls it after the sort, row by row).
Status LockReceipts(storage::Database& database, Transaction& transaction, std::vector<std::int64_t> keys) {
  if (!database.capabilities().supports_advisory_locks || keys.empty()) return Status::Ok();
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (std::size_t begin = 0; begin < keys.size(); begin += kRowsPerStatement) {
    const std::size_t end = std::min(keys.size(), begin + kRowsPerStatement);
    const std::vector<Value> params(keys.begin() + static_cast<std::ptrdiff_t>(begin),
                                    keys.begin() + static_cast<std::ptrdiff_t>(end));
    CHANCERY_TRY(transaction
                     .Query("SELECT pg_advisory_xact_lock(receipt.key) FROM (VALUES " +
                                RowPlaceholders(end - begin, 1) + ") AS receipt (key) ORDER BY receipt.key",
                            params)
                     .status());
  }
  return Status::Ok();
}

Status LockReceipt(storage::Database& database, Transaction& transaction, std::string_view channel,
                   std::string_view provider_message_id) {
  return LockReceipts(database, transaction, {ReceiptLockKey(channel, provider_message_id)});
}

// Record's statements, each over a slice [begin, end) of the round's updates.
Status UpdateDeliveries(Transaction& transaction, const std::vector<DeliveryUpdate>& updates, std::size_t begin,
                        std::size_t end, std::int64_t now_ms) {
  std::vector<Value> params;
  params.reserve((end - begin) * 10 + 2);
  for (std::size_t i = begin; i < end; ++i) {
    const DeliveryUpdate& update = updates[i];
    params.insert(
        params.end(),
        {update.id, std::string(DeliveryStateName(update.state)), std::int64_t{update.step},
         std::int64_t{update.attempt}, update.due_at_ms, update.channel, update.provider_message_id, update.last_error,
         std::int64_t{update.state == DeliveryState::kDelivered ? 1 : 0}, std::int64_t{update.send_unknown ? 1 : 0}});
  }
  params.insert(params.end(), {now_ms, now_ms});
  // A delivery no longer open (cancelled meanwhile) keeps its state, as before.
  return transaction
      .Execute(
          "WITH recorded (id, state, step, attempt, due_at, channel, provider_message_id, last_error, done, "
          "send_unknown) AS (VALUES " +
              RowPlaceholders(end - begin, 10) +
              ") UPDATE deliveries SET state = recorded.state, step = recorded.step, attempt = recorded.attempt, "
              "due_at = recorded.due_at, lease_until = 0, unrecorded_claims = 0, sending_step = NULL, "
              "channel = CASE WHEN recorded.channel = '' THEN deliveries.channel ELSE recorded.channel END, "
              "provider_message_id = CASE WHEN recorded.provider_message_id = '' "
              "THEN deliveries.provider_message_id ELSE recorded.provider_message_id END, "
              "last_error = recorded.last_error, send_unknown = recorded.send_unknown, updated_at = ?, "
              "delivered_at = CASE WHEN recorded.done = 1 THEN ? ELSE deliveries.delivered_at END "
              "FROM recorded WHERE deliveries.id = recorded.id "
              "AND deliveries.state IN ('pending', 'awaiting_receipt')",
          params)
      .status();
}

Status InsertAttempts(Transaction& transaction, const std::vector<const DeliveryUpdate*>& attempted, std::size_t begin,
                      std::size_t end, std::int64_t now_ms) {
  std::vector<Value> params;
  params.reserve((end - begin) * 7);
  for (std::size_t i = begin; i < end; ++i) {
    const DeliveryUpdate& update = *attempted[i];
    params.insert(params.end(), {update.id, std::int64_t{update.attempted_step}, update.attempted_channel,
                                 std::int64_t{update.attempted_number}, update.result, update.detail, now_ms});
  }
  return transaction
      .Execute("INSERT INTO delivery_attempts (delivery_id, step, channel, attempt, result, detail, at) VALUES " +
                   RowPlaceholders(end - begin, 7),
               params)
      .status();
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
  // A large plan changes what the planner should expect of the table: a million open deliveries where there were a
  // few. With the statistics of before, PostgreSQL reads every open delivery and sorts them at each claim rather than
  // the first few in due order (deliveries_open_due), until autovacuum's next analyze, a minute later at best and
  // never if the plan is under a tenth of the table. So they are refreshed now (a sample: a fraction of a second).
  if (inserted >= kRowsBeforeAnalyze) {
    CHANCERY_TRY(database_.Write("delivery.analyze", [](Transaction& transaction) -> Status {
      return transaction.ExecuteScript("ANALYZE deliveries");
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
                "unrecorded_claims, sending_step, send_unknown",
            {now_ms + lease_ms, now_ms, now_ms, std::int64_t{limit}, now_ms}));
    for (const Row& row : rows) {
      claimed.push_back(
          {row.Int(0), row.Text(1), row.Int(2), row.Text(3), SplitCascade(row.Text(4)), static_cast<int>(row.Int(5)),
           static_cast<int>(row.Int(6)), ParseState(row.Text(7)),
           row.Int(8) > 1 && !row.IsNull(9) ? std::optional<int>(static_cast<int>(row.Int(9))) : std::nullopt,
           row.Int(10) != 0});
    }
    return Status::Ok();
  }));
  return claimed;
}

Status DeliveryStore::MarkSending(const std::vector<Sending>& sends) {
  if (sends.empty()) return Status::Ok();
  return database_.Write("delivery.sending", [&](Transaction& transaction) -> Status {
    for (std::size_t begin = 0; begin < sends.size(); begin += kRowsPerStatement) {
      const std::size_t end = std::min(sends.size(), begin + kRowsPerStatement);
      std::vector<Value> params;
      params.reserve((end - begin) * 2);
      for (std::size_t i = begin; i < end; ++i) {
        params.insert(params.end(), {sends[i].delivery_id, std::int64_t{sends[i].step}});
      }
      CHANCERY_TRY(transaction
                       .Execute("WITH sending (id, step) AS (VALUES " + RowPlaceholders(end - begin, 2) +
                                    ") UPDATE deliveries SET sending_step = sending.step FROM sending "
                                    "WHERE deliveries.id = sending.id",
                                params)
                       .status());
    }
    return Status::Ok();
  });
}

Result<std::int64_t> DeliveryStore::TakeQuota(std::string_view channel, std::string_view day, std::int64_t wanted,
                                              std::int64_t limit) {
  std::int64_t granted = 0;
  if (wanted <= 0) return granted;
  // Where the engine locks rows (PostgreSQL), the count is read FOR UPDATE: nodes taking at once wait for each
  // other's commit and never grant the same sends twice. SQLite has one writer: its transactions are serialised.
  const bool row_locks = database_.capabilities().supports_skip_locked;
  CHANCERY_TRY(database_.Write("delivery.quota", [&](Transaction& transaction) -> Status {
    granted = 0;
    const std::vector<Value> key = {std::string(channel), std::string(day)};
    CHANCERY_TRY(transaction
                     .Execute("INSERT INTO delivery_quota_usage (channel, day, used) VALUES (?, ?, 0) "
                              "ON CONFLICT (channel, day) DO NOTHING",
                              key)
                     .status());
    CHANCERY_ASSIGN_OR_RETURN(
        Row row,
        transaction.QueryOne(std::string("SELECT used FROM delivery_quota_usage WHERE channel = ? AND day = ?") +
                                 (row_locks ? " FOR UPDATE" : ""),
                             key));
    const std::int64_t used = row.Int(0);
    granted = std::clamp<std::int64_t>(limit - used, 0, wanted);
    if (granted == 0) return Status::Ok();
    return transaction
        .Execute("UPDATE delivery_quota_usage SET used = used + ? WHERE channel = ? AND day = ?",
                 {granted, key[0], key[1]})
        .status();
  }));
  return granted;
}

Result<std::int64_t> DeliveryStore::QuotaUsed(std::string_view channel, std::string_view day) {
  return storage::ReadValue(database_, "delivery.quota_used", [&](Transaction& transaction) -> Result<std::int64_t> {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Row> row,
                              transaction.QueryOptional("SELECT used FROM delivery_quota_usage "
                                                        "WHERE channel = ? AND day = ?",
                                                        {std::string(channel), std::string(day)}));
    return row ? row->Int(0) : std::int64_t{0};
  });
}

Result<std::vector<QuotaUse>> DeliveryStore::QuotasToday(const DailyQuotas& quotas, std::int64_t now_ms) {
  std::vector<QuotaUse> uses;
  const std::string day = QuotaDay(now_ms, quotas.day_offset_minutes);
  for (const auto& [channel, limit] : quotas.limits) {
    const std::string name(ChannelName(channel));
    CHANCERY_ASSIGN_OR_RETURN(std::int64_t used, QuotaUsed(name, day));
    uses.push_back({name, day, used, limit});
  }
  return uses;
}

Status DeliveryStore::Record(const std::vector<DeliveryUpdate>& updates, std::int64_t now_ms) {
  if (updates.empty()) return Status::Ok();
  // The sends now awaiting a receipt, each with the receipt that may have come before this record; the first
  // update of a message claims its early receipt, as when they were recorded one by one.
  std::map<std::pair<std::string, std::string>, std::int64_t> awaited;
  std::vector<std::int64_t> lock_keys;
  std::vector<const DeliveryUpdate*> attempted;
  for (const DeliveryUpdate& update : updates) {
    if (update.state == DeliveryState::kAwaitingReceipt && !update.provider_message_id.empty() &&
        awaited.emplace(std::make_pair(update.channel, update.provider_message_id), update.id).second) {
      lock_keys.push_back(ReceiptLockKey(update.channel, update.provider_message_id));
    }
    if (update.attempted) attempted.push_back(&update);
  }
  return database_.Write("delivery.record", [&](Transaction& transaction) -> Status {
    CHANCERY_TRY(LockReceipts(database_, transaction, lock_keys));
    for (std::size_t begin = 0; begin < updates.size(); begin += kRowsPerStatement) {
      CHANCERY_TRY(
          UpdateDeliveries(transaction, updates, begin, std::min(updates.size(), begin + kRowsPerStatement), now_ms));
    }
    // Receipts that came before this record: taken, and their deliveries delivered. (The IN of a subquery, not of
    // VALUES, so that SQLite looks each up by the primary key rather than scanning the table.)
    std::vector<std::pair<std::string, std::string>> messages;
    messages.reserve(awaited.size());
    for (const auto& [message, id] : awaited) messages.push_back(message);
    std::vector<Value> delivered_ids;
    for (std::size_t begin = 0; begin < messages.size(); begin += kRowsPerStatement) {
      const std::size_t end = std::min(messages.size(), begin + kRowsPerStatement);
      std::vector<Value> params;
      params.reserve((end - begin) * 2);
      for (std::size_t i = begin; i < end; ++i) params.insert(params.end(), {messages[i].first, messages[i].second});
      CHANCERY_ASSIGN_OR_RETURN(
          Rows early, transaction.Query(
                          "WITH received (channel, provider_message_id) AS (VALUES " + RowPlaceholders(end - begin, 2) +
                              ") DELETE FROM delivery_early_receipts WHERE (channel, provider_message_id) "
                              "IN (SELECT channel, provider_message_id FROM received) "
                              "RETURNING channel, provider_message_id",
                          params));
      for (const Row& row : early) delivered_ids.push_back(awaited.at({row.Text(0), row.Text(1)}));
    }
    for (std::size_t begin = 0; begin < delivered_ids.size(); begin += kRowsPerStatement) {
      const std::size_t end = std::min(delivered_ids.size(), begin + kRowsPerStatement);
      std::vector<Value> params = {now_ms};
      params.insert(params.end(), delivered_ids.begin() + static_cast<std::ptrdiff_t>(begin),
                    delivered_ids.begin() + static_cast<std::ptrdiff_t>(end));
      CHANCERY_TRY(transaction
                       .Execute("UPDATE deliveries SET state = 'delivered', delivered_at = ? "
                                "WHERE state = 'awaiting_receipt' AND id IN " +
                                    RowPlaceholders(1, end - begin),
                                params)
                       .status());
    }
    for (std::size_t begin = 0; begin < attempted.size(); begin += kRowsPerStatement) {
      CHANCERY_TRY(
          InsertAttempts(transaction, attempted, begin, std::min(attempted.size(), begin + kRowsPerStatement), now_ms));
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

Result<std::int64_t> DeliveryStore::PurgeEarlyReceipts(std::int64_t before_ms) {
  std::int64_t removed = 0;
  CHANCERY_TRY(database_.Write("delivery.purge_early_receipts", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        removed, transaction.Execute("DELETE FROM delivery_early_receipts WHERE received_at < ?", {before_ms}));
    return Status::Ok();
  }));
  return removed;
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
