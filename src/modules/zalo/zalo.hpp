// Zalo: the connector that reaches citizens abroad through a mission's Zalo Official Account (OA), by consultation
// message to a follower and by ZNS template message to a phone number, and the reading of the webhooks Zalo sends
// back. The protocol is Zalo's as its SDKs and open-source integrations document it (OAuth v4, /v3.0/oa/message/cs,
// ZNS /message/template, X-ZEvent-Signature webhooks); every host is configurable so that tests talk to the fake
// Zalo in tests/fakes/zalo.mjs. This header is the module's public face.
//
// Contract:
//   - ZaloAccounts keeps one row per OA (table zalo_accounts). The app secret, the OA's webhook secret and both
//     tokens are stored encrypted with the field cipher; they are never logged.
//   - ZaloConnector answers every send with a delivery::SendOutcome (see modules/delivery/outcome.hpp). An access
//     token close to expiry, or refused by Zalo, is refreshed with the refresh token, which Zalo accepts only once:
//     exactly one refresh runs at a time per OA, across the threads of a node and across nodes sharing the database.
//     A node that loses the race uses the winner's tokens instead of refreshing again.
//   - Webhooks are checked with VerifyWebhookSignature before ParseWebhookEvent reads them.
//
// Thread-safety: ZaloAccounts and ZaloConnector are safe for concurrent use from many threads; all their calls block
// (database and HTTP) and belong on worker threads, never on a network thread. The free functions are pure.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/status.hpp"
#include "modules/delivery/outcome.hpp"

namespace chancery::crypto {
class FieldCipher;
}
namespace chancery::storage {
class Database;
}

namespace chancery::zalo {

// Where Zalo's three services answer.
struct ZaloHosts {
  std::string oauth = "https://oauth.zaloapp.com";
  std::string openapi = "https://openapi.zalo.me";
  std::string business = "https://business.openapi.zalo.me";
};

// What an administrator enters for a mission's OA (after the OA granted the app access).
struct NewZaloAccount {
  std::int64_t unit_id = 0;  // the mission that sends from this OA
  std::string oa_id;
  std::string app_id;
  std::string secret_key;     // the app secret, sent as header `secret_key` when refreshing
  std::string oa_secret_key;  // the OA secret key that signs webhooks
  std::string access_token;   // may be empty: the first send then refreshes
  std::string refresh_token;
  std::int64_t access_token_expires_at_ms = 0;
};

// One OA with its secrets and tokens decrypted.
struct ZaloAccount {
  std::int64_t id = 0;
  std::int64_t unit_id = 0;
  std::string oa_id;
  std::string app_id;
  std::string secret_key;
  std::string oa_secret_key;
  std::string access_token;
  std::string refresh_token;
  std::int64_t access_token_expires_at_ms = 0;
  std::int64_t refresh_lease_until_ms = 0;  // a node is refreshing until then (0: nobody)
  std::int64_t version = 0;                 // rises with every change of the row
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

// An OA as lists show it: no secret, no token.
struct ZaloAccountSummary {
  std::int64_t id = 0;
  std::int64_t unit_id = 0;
  std::string oa_id;
  std::string app_id;
  std::int64_t access_token_expires_at_ms = 0;
  std::int64_t version = 0;
};

// The store of OAs. Errors: kInvalidArgument (a missing field), kAlreadyExists (the OA is already registered),
// kNotFound, kUnavailable/kInternal from the database or the cipher.
class ZaloAccounts {
 public:
  ZaloAccounts(storage::Database& database, const crypto::FieldCipher& cipher, const Clock& clock)
      : database_(database), cipher_(cipher), clock_(clock) {}

  Result<std::int64_t> Create(const NewZaloAccount& account);
  Result<std::vector<ZaloAccountSummary>> ListByUnit(std::int64_t unit_id);
  Result<ZaloAccount> Load(std::int64_t id);
  // For webhooks, which name the OA by its Zalo id.
  Result<ZaloAccount> FindByOaId(std::string_view oa_id);
  // After the OA granted the app access again (a new authorization code): the new pair replaces the old one and
  // any refresh in progress.
  Status ReplaceTokens(std::int64_t id, const std::string& access_token, const std::string& refresh_token,
                       std::int64_t access_token_expires_at_ms);

  // The refresh protocol, used by ZaloConnector. Each is a compare-and-set on `version` and answers whether it
  // won: ClaimRefresh moves the lease forward (the caller's version becomes version + 1), StoreRefreshedTokens
  // stores the new pair and ends the lease, ReleaseRefresh ends the lease after a failed refresh.
  Result<bool> ClaimRefresh(std::int64_t id, std::int64_t version, std::int64_t lease_until_ms);
  Result<bool> StoreRefreshedTokens(std::int64_t id, std::int64_t version, const std::string& access_token,
                                    const std::string& refresh_token, std::int64_t access_token_expires_at_ms);
  Result<bool> ReleaseRefresh(std::int64_t id, std::int64_t version);

 private:
  storage::Database& database_;
  const crypto::FieldCipher& cipher_;
  const Clock& clock_;
};

// The OA's own replies to citizens (the confirmation of a link, the answer to a safety check), remembered for a
// day so that their receipts are not taken for an alert's. Zalo's receipts name the message and the person; an
// alert message whose send a crash interrupted is known only by its person, so a receipt for an unknown message id
// would complete it even when it never went, were it the receipt of a reply. The person is kept as a blind index.
class ZaloReplies {
 public:
  ZaloReplies(storage::Database& database, const crypto::FieldCipher& cipher, const Clock& clock)
      : database_(database), cipher_(cipher), clock_(clock) {}

  // Before a reply to `zalo_user_id` is sent: records it, its message id unknown yet. Returns its row. Also removes
  // the replies older than a day.
  Result<std::int64_t> Begin(std::int64_t account_id, std::string_view zalo_user_id);
  // After: how its send went. Not accepted, the row goes; accepted, it keeps the message id Zalo gave it (accepted
  // without one, it stays in flight, so that receipts to that person are doubted for a while).
  Status Finish(std::int64_t reply, const delivery::SendOutcome& sent);
  // Whether a receipt for `message_id`, received by `zalo_user_id`, may be a reply's: it names a reply, or a reply to
  // that person began less than kInFlightMs ago and its id is not known yet.
  Result<bool> MayBeReply(std::string_view zalo_user_id, std::string_view message_id);

  static constexpr std::int64_t kInFlightMs = 10 * 60 * 1000;

 private:
  std::string UserIndex(std::string_view zalo_user_id) const;

  storage::Database& database_;
  const crypto::FieldCipher& cipher_;
  const Clock& clock_;
};

struct ZaloConnectorOptions {
  ZaloHosts hosts;
  long timeout_ms = 10000;                        // per HTTP call
  std::int64_t refresh_ahead_ms = 5 * 60 * 1000;  // refresh an access token this long before it expires
  std::int64_t refresh_lease_ms = 60 * 1000;      // after this, a refresh a node began (and never ended) is void
  std::int64_t refresh_wait_ms = 20 * 1000;       // how long to wait for another node's refresh
};

// Sends through an OA. Outcomes: error 0 → kAccepted with Zalo's message id; an expired or invalid access token
// (-216, -201, -124) → one refresh and one retry, then kTransient; -32, -100, HTTP 429 and 5xx, timeouts →
// kTransient; outside the interaction window, not a follower, blocked, night curfew or a restricted message type
// (-213, -217, -227, -230, -232, -234, -244) → kUnreachable; any other error → kRejected. The detail reads
// "zalo error <code>: <Zalo's message>" and never carries the user id, the phone number or a token.
class ZaloConnector {
 public:
  ZaloConnector(ZaloAccounts& accounts, const Clock& clock, ZaloConnectorOptions options = {})
      : accounts_(accounts), clock_(clock), options_(std::move(options)) {}

  // A consultation message (text) to a follower, inside the interaction window.
  delivery::SendOutcome SendConsultation(std::int64_t account_id, const std::string& zalo_user_id,
                                         const std::string& text);
  // A ZNS template message to a phone number in E.164 without "+" (e.g. "84987654321"). template_data_json is a
  // JSON object of the template's parameters; tracking_id (our idempotency key) comes back in the receipt.
  delivery::SendOutcome SendTemplate(std::int64_t account_id, const std::string& phone, const std::string& template_id,
                                     const std::string& template_data_json, const std::string& tracking_id);

  // The access token to use now: the stored one while it is fresh and not `rejected_token`, otherwise a refreshed
  // one (refreshed here, or by whichever thread or node won the refresh). kUnavailable when no usable token could
  // be had in time; kNotFound for an unknown account.
  Result<std::string> AccessToken(std::int64_t account_id, const std::string& rejected_token = "");

 private:
  delivery::SendOutcome Post(std::int64_t account_id, const std::string& url, const std::string& body);
  // Refreshes with the account's refresh token, the refresh having been claimed at account.version. nullopt when
  // the new pair could not be stored because another node took the claim over.
  Result<std::optional<std::string>> RefreshClaimed(const ZaloAccount& account);
  std::shared_ptr<std::mutex> AccountMutex(std::int64_t account_id);

  ZaloAccounts& accounts_;
  const Clock& clock_;
  const ZaloConnectorOptions options_;
  std::mutex mutexes_mutex_;
  std::map<std::int64_t, std::shared_ptr<std::mutex>> account_mutexes_;  // one refresher per account and node
};

// Checks the header `X-ZEvent-Signature: mac=<hex>` of a webhook: hex = SHA-256 of app_id + raw_body + timestamp +
// the OA secret key, app_id and timestamp read from the body (seconds or milliseconds). Compares in constant time
// and refuses a timestamp more than 300 s away from now_seconds. kUnauthenticated (reason "bad_signature" or
// "stale_timestamp") or kInvalidArgument (not a Zalo event).
Status VerifyWebhookSignature(std::string_view raw_body, std::string_view signature_header,
                              std::string_view oa_secret_key, std::int64_t now_seconds);

struct WebhookLocation {
  double latitude = 0;
  double longitude = 0;
};

// One webhook event, whichever of its documented forms it came in (also wrapped in "data"; `mid` for msg_id).
struct WebhookEvent {
  std::string event_name;  // e.g. "user_send_text", "user_received_message", "user_seen_message", "follow"
  std::string app_id;
  std::string user_id;                        // the Zalo user: whichever of sender and recipient is not the OA
  std::string text;                           // user_send_text (and other user_send_* captions)
  std::string message_id;                     // message.msg_id or message.mid
  std::string tracking_id;                    // ZNS receipts: our tracking_id
  std::vector<std::string> seen_message_ids;  // user_seen_message
  std::optional<WebhookLocation> location;    // user_send_location
  std::int64_t timestamp_ms = 0;
};

// Reads an event sent to the OA `oa_id`. kInvalidArgument when the body is not a Zalo event.
Result<WebhookEvent> ParseWebhookEvent(std::string_view raw_body, std::string_view oa_id);

}  // namespace chancery::zalo
