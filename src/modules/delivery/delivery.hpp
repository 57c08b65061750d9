// Delivery: getting one message to each of many people, once, over the channels each of them agreed to. This header
// is the module's public face.
//
// A campaign (e.g. "alert:42") has one delivery per recipient. Each delivery carries its cascade: the ordered
// channels to try for that person (default Zalo OA message → Zalo ZNS template by phone → SMS → e-mail → web push,
// limited to what they consented to and can be reached by). The dispatcher sends on the current channel; a
// transient failure is retried with backoff on the same channel; "cannot deliver now" (outside Zalo's window, a
// blocked user, a gone subscription), a refusal, too many retries, or no receipt in time moves the delivery to the
// next channel. A delivery is delivered when a channel without receipts accepts it, or when a receipt arrives; it
// has failed when the cascade is exhausted.
//
// Contract: plans and every state change are in the database, so a plan survives a restart mid-send; deliveries are
// claimed with a lease, so that two workers (or nodes) never send the same one at once; every send on a step
// carries the same idempotency key ("<campaign>/<delivery id>/<step>"), so a retry after a crash is recognised by
// providers that honour keys (SMS gateway reference, ZNS tracking_id, e-mail Message-ID, webhook Idempotency-Key).
//
// Thread-safety: plain values and interfaces; implementations say their own.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "modules/delivery/outcome.hpp"

namespace chancery::delivery {

// The channels a step of a cascade can use, in the default order.
enum class Channel { kZaloMessage, kZaloTemplate, kSms, kEmail, kWebPush, kWebhook };
const char* ChannelName(Channel channel);  // "zalo_message", "zalo_template", "sms", "email", "web_push", "webhook"
std::optional<Channel> ParseChannel(std::string_view name);
// Channels whose acceptance is not yet delivery: a receipt is awaited before the delivery counts as delivered.
bool AwaitsReceipt(Channel channel);
// Channels whose provider recognises a repeated send by our idempotency key (SMS reference, e-mail Message-ID, push
// Topic, webhook Idempotency-Key). Zalo has no such key (ZNS echoes our tracking_id in its receipt but does not
// deduplicate by it): a Zalo send that may have happened is not repeated; its receipt is awaited instead.
bool RepeatsSafely(Channel channel);

enum class DeliveryState { kPending, kAwaitingReceipt, kDelivered, kFailed, kCancelled };
const char* DeliveryStateName(DeliveryState state);

// One recipient of a campaign, as planned.
struct PlannedDelivery {
  std::int64_t citizen_id = 0;
  std::string language;
  std::vector<Channel> cascade;
};

// A button of a web push notification. It either posts a JSON body to a URL — an answer given from the notification
// itself, after which `done` is shown — or opens a URL.
struct MessageAction {
  std::string action;  // an identifier, e.g. "safe"
  std::string title;   // the button's label, in the recipient's language
  std::string post_url;
  std::string post_body_json;
  std::string done;
  std::string open_url;
};

// The message for one delivery on one channel, written by the campaign's owner (the alerts module).
struct Message {
  std::string subject;                 // e-mail subject, push title
  std::string text;                    // the plain text (SMS, Zalo message, e-mail body, push body)
  std::string template_id;             // Zalo ZNS
  std::string template_data_json;      // Zalo ZNS: a JSON object
  std::string link;                    // a URL the citizen may open (e.g. the one-tap safety reply)
  std::int64_t sender_unit_id = 0;     // the unit the message comes from (e.g. whose Zalo OA sends it)
  std::vector<MessageAction> actions;  // web push: the notification's buttons
};

// Where a delivery goes: the recipient's addresses, decrypted at send time (each decryption audited by the owner).
struct Recipient {
  std::int64_t citizen_id = 0;
  std::string email;
  std::string phone;
  std::string zalo_user_id;
  std::optional<std::int64_t> zalo_account_id;
  std::string push_subscription_json;
  std::vector<Channel> usable;  // channels still consented to and reachable now
};

// What one send is about: the delivery, its step and the key that makes a retry of the step recognisable.
struct SendRequest {
  std::int64_t delivery_id = 0;
  std::string campaign;
  Channel channel = Channel::kEmail;
  std::string idempotency_key;
  std::string language;
  Message message;
  const Recipient* recipient = nullptr;
};

// A connector for one channel. Thread-safety: Send is called from several dispatcher threads at once.
class Connector {
 public:
  virtual ~Connector() = default;
  virtual SendOutcome Send(const SendRequest& request) = 0;
};

// Progress of a campaign, per state and per channel of delivery.
struct ChannelCount {
  std::string channel;  // the channel that delivered (or "" for pending/failed ones)
  std::string state;
  std::int64_t count = 0;
};

// A provider's daily quota as it stands: sends taken on `day` (DeliveryStore::TakeQuota) of `limit`.
struct QuotaUse {
  std::string channel;
  std::string day;
  std::int64_t used = 0;
  std::int64_t limit = 0;
};

// The quota day of an instant: "YYYY-MM-DD" at `offset_minutes` from UTC (a provider's calendar day).
std::string QuotaDay(std::int64_t now_ms, int offset_minutes);

// Sends a day per channel that the provider allows (e.g. a ZNS account's daily quota, an SMS contract); a channel
// not listed has none. Days begin at midnight at `day_offset_minutes` from UTC (Vietnam time, as Zalo counts).
struct DailyQuotas {
  std::map<Channel, std::int64_t> limits;
  int day_offset_minutes = 7 * 60;
};

struct CampaignProgress {
  std::int64_t total = 0;
  std::int64_t pending = 0;
  std::int64_t awaiting_receipt = 0;
  std::int64_t delivered = 0;
  std::int64_t failed = 0;
  std::int64_t cancelled = 0;
  std::vector<ChannelCount> by_channel;
  std::vector<QuotaUse> quotas;  // today's use of the daily quotas of the channels that have one
};

}  // namespace chancery::delivery
