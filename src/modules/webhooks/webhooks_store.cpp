// WebhooksStore: see webhooks_store.hpp.
#include "modules/webhooks/webhooks_store.hpp"

#include <algorithm>
#include <map>

#include "core/crypto.hpp"

namespace chancery::webhooks {
namespace {

using storage::Row;
using storage::Rows;
using storage::Transaction;
using storage::Value;

constexpr const char* kEndpointColumns =
    "id, unit_id, name, url, statuses, scopes, coverage, state, created_by, created_at, updated_at, "
    "secret_rotated_at";
constexpr const char* kDeliveryColumns =
    "id, endpoint_id, message_id, event, alert_id, alert_identifier, state, attempts, last_status, last_error, "
    "due_at, give_up_at, created_at, delivered_at";

std::string Place(const char* column) { return std::string("webhook_endpoints.") + column; }

template <typename T>
std::string JoinNames(const std::vector<T>& values) {
  std::string joined;
  for (const T& value : values) {
    if (!joined.empty()) joined += ",";
    joined += alerts::CapName(value);
  }
  return joined;
}

template <typename T, typename Parse>
std::vector<T> SplitNames(const std::string& text, Parse parse) {
  std::vector<T> values;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (auto value = parse(std::string_view(text).substr(start, comma - start))) values.push_back(*value);
    start = comma + 1;
  }
  return values;
}

Endpoint EndpointFromRow(const Row& row) {
  Endpoint endpoint;
  endpoint.id = row.Int(0);
  endpoint.unit_id = row.Int(1);
  endpoint.settings.name = row.Text(2);
  endpoint.settings.url = row.Text(3);
  endpoint.settings.statuses = SplitNames<alerts::CapStatus>(row.Text(4), ParseSubscribableStatus);
  endpoint.settings.scopes = SplitNames<alerts::CapScope>(row.Text(5), ParseScope);
  endpoint.settings.coverage = ParseCoverage(row.Text(6)).value_or(Coverage::kUnit);
  endpoint.settings.state = ParseEndpointState(row.Text(7)).value_or(EndpointState::kPaused);
  endpoint.created_by = row.Int(8);
  endpoint.created_at_ms = row.Int(9);
  endpoint.updated_at_ms = row.Int(10);
  endpoint.secret_rotated_at_ms = row.Int(11);
  return endpoint;
}

DeliveryState ParseDeliveryState(const std::string& text) {
  if (text == "delivered") return DeliveryState::kDelivered;
  if (text == "failed") return DeliveryState::kFailed;
  return DeliveryState::kPending;
}

Delivery DeliveryFromRow(const Row& row) {
  Delivery delivery;
  delivery.id = row.Int(0);
  delivery.endpoint_id = row.Int(1);
  delivery.message_id = row.Text(2);
  delivery.event = row.Text(3) == "ping" ? DeliveryEvent::kPing : DeliveryEvent::kAlert;
  delivery.alert_id = row.OptionalInt(4);
  delivery.alert_identifier = row.Text(5);
  delivery.state = ParseDeliveryState(row.Text(6));
  delivery.attempts = static_cast<int>(row.Int(7));
  if (auto status = row.OptionalInt(8)) delivery.last_status = static_cast<int>(*status);
  delivery.last_error = row.Text(9);
  delivery.due_at_ms = row.Int(10);
  delivery.give_up_at_ms = row.Int(11);
  delivery.created_at_ms = row.Int(12);
  delivery.delivered_at_ms = row.OptionalInt(13);
  return delivery;
}

// "msg_" and 16 random bytes in hex: unique per message, repeated on each of its attempts.
std::string NewMessageId() { return "msg_" + crypto::ToHex(crypto::RandomBytes(16)); }

Result<std::int64_t> InsertDelivery(Transaction& transaction, std::int64_t endpoint_id, DeliveryEvent event,
                                    std::optional<std::int64_t> alert_id, const std::string& identifier,
                                    const std::string& body, std::int64_t now_ms, std::int64_t give_up_at_ms) {
  CHANCERY_ASSIGN_OR_RETURN(
      Row row, transaction.QueryOne(
                   "INSERT INTO webhook_deliveries (endpoint_id, message_id, event, alert_id, alert_identifier, body, "
                   "due_at, give_up_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   {endpoint_id, NewMessageId(), std::string(DeliveryEventName(event)), storage::Nullable(alert_id),
                    identifier, body, now_ms, give_up_at_ms, now_ms, now_ms}));
  return row.Int(0);
}

}  // namespace

Result<std::int64_t> WebhooksStore::CreateEndpoint(Transaction& transaction, std::int64_t unit_id,
                                                   const EndpointSettings& settings, const std::string& secret,
                                                   std::int64_t created_by, std::int64_t now_ms) {
  CHANCERY_ASSIGN_OR_RETURN(
      Row row,
      transaction.QueryOne(
          "INSERT INTO webhook_endpoints (unit_id, name, url, secret, statuses, scopes, coverage, state, created_by, "
          "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {unit_id, settings.name, settings.url, cipher_.Encrypt(secret, Place("secret")), JoinNames(settings.statuses),
           JoinNames(settings.scopes), std::string(CoverageName(settings.coverage)),
           std::string(EndpointStateName(settings.state)), created_by, now_ms, now_ms}));
  return row.Int(0);
}

Result<Endpoint> WebhooksStore::LoadEndpoint(std::int64_t id) {
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<Row> row, storage::ReadValue(database_, "webhooks.endpoint", [&](Transaction& transaction) {
        return transaction.QueryOptional(
            std::string("SELECT ") + kEndpointColumns + " FROM webhook_endpoints WHERE id = ?", {id});
      }));
  if (!row) return NotFound("No such webhook.");
  return EndpointFromRow(*row);
}

Result<std::vector<Endpoint>> WebhooksStore::ListEndpoints(std::int64_t unit_id) {
  return storage::ReadValue(
      database_, "webhooks.endpoints", [&](Transaction& transaction) -> Result<std::vector<Endpoint>> {
        CHANCERY_ASSIGN_OR_RETURN(Rows rows,
                                  transaction.Query(std::string("SELECT ") + kEndpointColumns +
                                                        " FROM webhook_endpoints WHERE unit_id = ? ORDER BY id",
                                                    {unit_id}));
        std::vector<Endpoint> endpoints;
        for (const Row& row : rows) endpoints.push_back(EndpointFromRow(row));
        return endpoints;
      });
}

Status WebhooksStore::UpdateEndpoint(Transaction& transaction, std::int64_t id, const EndpointSettings& settings,
                                     std::int64_t now_ms) {
  CHANCERY_ASSIGN_OR_RETURN(
      std::int64_t changed,
      transaction.Execute(
          "UPDATE webhook_endpoints SET name = ?, url = ?, statuses = ?, scopes = ?, coverage = ?, "
          "state = ?, updated_at = ? WHERE id = ?",
          {settings.name, settings.url, JoinNames(settings.statuses), JoinNames(settings.scopes),
           std::string(CoverageName(settings.coverage)), std::string(EndpointStateName(settings.state)), now_ms, id}));
  if (changed != 1) return NotFound("No such webhook.");
  return Status::Ok();
}

Status WebhooksStore::DeleteEndpoint(Transaction& transaction, std::int64_t id) {
  CHANCERY_TRY(transaction
                   .Execute("DELETE FROM webhook_attempts WHERE delivery_id IN "
                            "(SELECT id FROM webhook_deliveries WHERE endpoint_id = ?)",
                            {id})
                   .status());
  CHANCERY_TRY(transaction.Execute("DELETE FROM webhook_deliveries WHERE endpoint_id = ?", {id}).status());
  CHANCERY_ASSIGN_OR_RETURN(std::int64_t deleted,
                            transaction.Execute("DELETE FROM webhook_endpoints WHERE id = ?", {id}));
  if (deleted != 1) return NotFound("No such webhook.");
  return Status::Ok();
}

Status WebhooksStore::RotateSecret(Transaction& transaction, std::int64_t id, const std::string& secret,
                                   std::int64_t previous_until_ms, std::int64_t now_ms) {
  // The associated data binds a ciphertext to its column: the current secret is opened and sealed again as the
  // previous one.
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Row> row,
                            transaction.QueryOptional("SELECT secret FROM webhook_endpoints WHERE id = ?", {id}));
  if (!row) return NotFound("No such webhook.");
  Result<std::string> current = cipher_.Decrypt(row->Text(0), Place("secret"));
  if (!current.ok()) return Internal("cannot decrypt webhook_endpoints.secret");
  CHANCERY_TRY(
      transaction
          .Execute("UPDATE webhook_endpoints SET secret = ?, previous_secret = ?, previous_secret_until = ?, "
                   "secret_rotated_at = ?, updated_at = ? WHERE id = ?",
                   {cipher_.Encrypt(secret, Place("secret")), cipher_.Encrypt(*current, Place("previous_secret")),
                    previous_until_ms, now_ms, now_ms, id})
          .status());
  return Status::Ok();
}

Result<EndpointSecrets> WebhooksStore::Secrets(std::int64_t endpoint_id) {
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<Row> row, storage::ReadValue(database_, "webhooks.secrets", [&](Transaction& transaction) {
        return transaction.QueryOptional(
            "SELECT secret, previous_secret, previous_secret_until FROM webhook_endpoints WHERE id = ?", {endpoint_id});
      }));
  if (!row) return NotFound("No such webhook.");
  EndpointSecrets secrets;
  Result<std::string> current = cipher_.Decrypt(row->Text(0), Place("secret"));
  if (!current.ok()) return Internal("cannot decrypt webhook_endpoints.secret");
  secrets.current = std::move(*current);
  if (auto previous = row->OptionalText(1); previous && !previous->empty()) {
    Result<std::string> opened = cipher_.Decrypt(*previous, Place("previous_secret"));
    if (!opened.ok()) return Internal("cannot decrypt webhook_endpoints.previous_secret");
    secrets.previous = std::move(*opened);
    secrets.previous_until_ms = row->Int(2);
  }
  return secrets;
}

Result<int> WebhooksStore::EnqueueAlert(Transaction& transaction, const OutgoingAlert& alert, std::int64_t now_ms,
                                        std::int64_t give_up_after_ms) {
  if (alert.unit_and_ancestors.empty()) return 0;
  std::string placeholders;
  std::vector<Value> params;
  for (std::int64_t unit : alert.unit_and_ancestors) {
    placeholders += placeholders.empty() ? "?" : ", ?";
    params.emplace_back(unit);
  }
  CHANCERY_ASSIGN_OR_RETURN(Rows rows,
                            transaction.Query("SELECT id, unit_id, statuses, scopes, coverage FROM webhook_endpoints "
                                              "WHERE state = 'active' AND unit_id IN (" +
                                                  placeholders + ") ORDER BY id",
                                              params));
  int written = 0;
  for (const Row& row : rows) {
    const bool own = row.Int(1) == alert.unit_id;
    if (!own && ParseCoverage(row.Text(4)) != Coverage::kSubtree) continue;
    const auto statuses = SplitNames<alerts::CapStatus>(row.Text(2), ParseSubscribableStatus);
    const auto scopes = SplitNames<alerts::CapScope>(row.Text(3), ParseScope);
    if (std::find(statuses.begin(), statuses.end(), alert.status) == statuses.end()) continue;
    if (std::find(scopes.begin(), scopes.end(), alert.scope) == scopes.end()) continue;
    CHANCERY_TRY(InsertDelivery(transaction, row.Int(0), DeliveryEvent::kAlert, alert.alert_id, alert.identifier,
                                alert.body, now_ms, now_ms + give_up_after_ms)
                     .status());
    ++written;
  }
  return written;
}

Result<std::int64_t> WebhooksStore::EnqueuePing(Transaction& transaction, std::int64_t endpoint_id,
                                                const std::string& identifier, const std::string& body,
                                                std::int64_t now_ms, std::int64_t give_up_after_ms) {
  return InsertDelivery(transaction, endpoint_id, DeliveryEvent::kPing, std::nullopt, identifier, body, now_ms,
                        now_ms + give_up_after_ms);
}

Result<std::vector<ClaimedDelivery>> WebhooksStore::ClaimDue(std::int64_t now_ms, std::int64_t lease_ms, int limit) {
  std::vector<ClaimedDelivery> claimed;
  const bool skip_locked = database_.capabilities().supports_skip_locked;
  CHANCERY_TRY(database_.Write("webhooks.claim", [&](Transaction& transaction) -> Status {
    claimed.clear();
    // The outer condition repeats the lease test: a row another node leased meanwhile is not taken twice. Deliveries
    // of a paused endpoint wait for it to be resumed (or for their deadline).
    CHANCERY_ASSIGN_OR_RETURN(
        Rows rows,
        transaction.Query(
            std::string("UPDATE webhook_deliveries SET lease_until = ? WHERE id IN (SELECT id FROM webhook_deliveries "
                        "WHERE state = 'pending' AND due_at <= ? AND lease_until <= ? AND endpoint_id IN "
                        "(SELECT id FROM webhook_endpoints WHERE state = 'active') ORDER BY due_at LIMIT ?") +
                (skip_locked ? " FOR UPDATE SKIP LOCKED" : "") +
                ") AND lease_until <= ? RETURNING id, endpoint_id, message_id, body, attempts, give_up_at",
            {now_ms + lease_ms, now_ms, now_ms, std::int64_t{limit}, now_ms}));
    for (const Row& row : rows) {
      claimed.push_back({row.Int(0), row.Int(1), row.Text(2), row.Text(3), static_cast<int>(row.Int(4)), row.Int(5)});
    }
    return Status::Ok();
  }));
  std::sort(claimed.begin(), claimed.end(),
            [](const ClaimedDelivery& a, const ClaimedDelivery& b) { return a.id < b.id; });
  return claimed;
}

Status WebhooksStore::Record(const AttemptRecord& record, std::int64_t now_ms) {
  return database_.Write("webhooks.record", [&](Transaction& transaction) -> Status {
    const DeliveryAttempt& attempt = record.attempt;
    CHANCERY_TRY(transaction
                     .Execute("INSERT INTO webhook_attempts (delivery_id, attempted_at, http_status, error, "
                              "duration_ms) VALUES (?, ?, ?, ?, ?)",
                              {record.delivery_id, attempt.attempted_at_ms, std::int64_t{attempt.http_status},
                               attempt.error, attempt.duration_ms})
                     .status());
    const bool delivered = record.state == DeliveryState::kDelivered;
    return transaction
        .Execute(
            "UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, due_at = ?, lease_until = 0, "
            "last_status = ?, last_error = ?, updated_at = ?, delivered_at = ? WHERE id = ? AND state = 'pending'",
            {std::string(DeliveryStateName(record.state)), record.due_at_ms,
             attempt.http_status == 0 ? Value(nullptr) : Value(std::int64_t{attempt.http_status}), attempt.error,
             now_ms, delivered ? Value(now_ms) : Value(nullptr), record.delivery_id})
        .status();
  });
}

Result<std::int64_t> WebhooksStore::PurgeFinished(std::int64_t before_ms) {
  std::int64_t removed = 0;
  CHANCERY_TRY(database_.Write("webhooks.purge", [&](Transaction& transaction) -> Status {
    CHANCERY_TRY(transaction
                     .Execute("DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries "
                              "WHERE state IN ('delivered', 'failed') AND updated_at < ?)",
                              {before_ms})
                     .status());
    CHANCERY_ASSIGN_OR_RETURN(removed, transaction.Execute("DELETE FROM webhook_deliveries "
                                                           "WHERE state IN ('delivered', 'failed') AND updated_at < ?",
                                                           {before_ms}));
    return Status::Ok();
  }));
  return removed;
}

Result<std::vector<Delivery>> WebhooksStore::ListDeliveries(std::int64_t endpoint_id, int limit, int attempts_each) {
  return storage::ReadValue(
      database_, "webhooks.deliveries", [&](Transaction& transaction) -> Result<std::vector<Delivery>> {
        CHANCERY_ASSIGN_OR_RETURN(
            Rows rows, transaction.Query(std::string("SELECT ") + kDeliveryColumns +
                                             " FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY id DESC LIMIT ?",
                                         {endpoint_id, std::int64_t{limit}}));
        std::vector<Delivery> deliveries;
        for (const Row& row : rows) deliveries.push_back(DeliveryFromRow(row));
        if (deliveries.empty() || attempts_each <= 0) return deliveries;
        std::map<std::int64_t, Delivery*> by_id;
        for (Delivery& delivery : deliveries) by_id[delivery.id] = &delivery;
        CHANCERY_ASSIGN_OR_RETURN(
            Rows attempts,
            transaction.Query(
                "SELECT delivery_id, attempted_at, http_status, error, duration_ms FROM webhook_attempts "
                "WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = ? AND id BETWEEN ? AND ?) "
                "ORDER BY id DESC",
                {endpoint_id, deliveries.back().id, deliveries.front().id}));
        for (const Row& row : attempts) {
          auto found = by_id.find(row.Int(0));
          if (found == by_id.end()) continue;
          std::vector<DeliveryAttempt>& list = found->second->recent_attempts;
          if (static_cast<int>(list.size()) >= attempts_each) continue;
          list.push_back({row.Int(1), static_cast<int>(row.Int(2)), row.Text(3), row.Int(4)});
        }
        return deliveries;
      });
}

Result<Delivery> WebhooksStore::LoadDelivery(std::int64_t id) {
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<Row> row, storage::ReadValue(database_, "webhooks.delivery", [&](Transaction& transaction) {
        return transaction.QueryOptional(
            std::string("SELECT ") + kDeliveryColumns + " FROM webhook_deliveries WHERE id = ?", {id});
      }));
  if (!row) return NotFound("No such delivery.");
  return DeliveryFromRow(*row);
}

}  // namespace chancery::webhooks
