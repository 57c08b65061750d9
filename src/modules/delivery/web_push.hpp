// Web push: crisis alerts to citizens' browsers through their browser vendor's push service (RFC 8030), the payload
// encrypted for the browser alone (RFC 8291, "aes128gcm" of RFC 8188) and the request signed with the ministry's
// VAPID key (RFC 8292), so that a push service can tell our messages from anyone else's.
//
// A browser subscribes with our VAPID public key and gives back a PushSubscription: the push service's endpoint
// (a capability URL: its path identifies one browser, hence one person, and never goes into a log or a detail) and
// two keys, p256dh and auth, with which only that browser can read what we send. The push service sees the
// endpoint, the size and the headers, never the text.
//
// The crypto functions are pure and thread-safe. WebPushSender::Send may be called from many threads; each call
// makes its own HTTP request (see http_client.hpp) and answers with a SendOutcome (see outcome.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "modules/delivery/outcome.hpp"

namespace chancery::delivery {

// As a browser gives it in PushSubscription.toJSON(): the keys are unpadded base64url.
struct PushSubscription {
  std::string endpoint;
  std::string p256dh;  // the browser's P-256 public key, 65 bytes uncompressed
  std::string auth;    // the browser's 16-byte authentication secret
};

// The application server's P-256 key pair, unpadded base64url: the private key as the 32-byte scalar, the public key
// as the 65-byte uncompressed point (what a page passes to pushManager.subscribe as applicationServerKey).
struct VapidKeys {
  std::string private_key;
  std::string public_key;
};

Result<VapidKeys> GenerateVapidKeys();

// Fixed inputs that make an encryption reproducible, for the RFC 8291 Appendix A example only: in production every
// message must get a fresh sender key and salt, so leave it out.
struct PushEncryptionSeed {
  std::string sender_private_key;  // raw 32-byte P-256 scalar
  std::string salt;                // raw 16 bytes
};

// The most plaintext one push message carries: a push service must accept 4096 bytes of body (RFC 8030 §7.2), of
// which the aes128gcm header takes 86, the padding delimiter 1 and the authentication tag 16.
inline constexpr std::size_t kMaxPushPlaintextBytes = 3993;

// The aes128gcm body for `subscription` (RFC 8291 §4): salt | record size 4096 | key id length 65 | the sender's
// ephemeral public key, then one record: AES-128-GCM of plaintext | 0x02. kInvalidArgument when a key is malformed
// (bad base64url, bad length, not a point on P-256) or the plaintext is longer than kMaxPushPlaintextBytes.
Result<std::string> EncryptPushPayload(const PushSubscription& subscription, std::string_view plaintext,
                                       const PushEncryptionSeed* seed = nullptr);

// What a browser does with such a body (raw keys, not base64url). kInvalidArgument when the body or a key is
// malformed; kUnauthenticated ("decryption failed") when the body was not made for these keys or was altered.
Result<std::string> DecryptPushPayload(std::string_view body, std::string_view ua_private_key,
                                       std::string_view ua_public_key, std::string_view auth_secret);

// The Authorization header value of RFC 8292: "vapid t=<JWT>, k=<public key>", where the JWT is ES256-signed (JOSE
// r||s signature) over {"aud": <origin of endpoint>, "exp": expires_at_seconds, "sub": subject}. `subject` is a
// "mailto:" or "https:" contact for the push service's operators. kInvalidArgument when the keys do not form a
// pair, the endpoint is not an http(s) URL or the subject is neither form.
Result<std::string> VapidAuthorization(const VapidKeys& keys, std::string_view endpoint, std::string_view subject,
                                       std::int64_t expires_at_seconds);

// What a push service checks (RFC 8292 §4.2): the signature with the k= key, the audience is the endpoint's origin,
// and the token has not expired nor runs more than 24 hours ahead. kInvalidArgument when the header is malformed;
// kUnauthenticated when it is well formed but does not hold.
Status VerifyVapidAuthorization(std::string_view header, std::string_view endpoint, std::int64_t now_seconds);

// How soon the push service should wake the device (RFC 8030 §5.3). Crisis alerts are kHigh.
enum class PushUrgency { kVeryLow, kLow, kNormal, kHigh };
const char* PushUrgencyName(PushUrgency urgency);  // "very-low", "low", "normal", "high"

struct WebPushOptions {
  VapidKeys vapid;
  std::string subject;  // e.g. "mailto:lanh-su@mofa.gov.vn"
  long timeout_ms = 10000;
  std::string user_agent = "Chancery-WebPush/1.0";
};

struct WebPushMessageOptions {
  std::int64_t ttl_seconds = 24 * 60 * 60;  // how long the push service keeps it for an offline device; 0: now only
  PushUrgency urgency = PushUrgency::kNormal;
  std::string topic;  // empty: none; otherwise at most 32 base64url characters, and a newer message replaces it
};

// Sends one message to one subscription. The answer, per RFC 8030 §5 and §8.4: 201 or 202 (any 2xx) → kAccepted
// with the message's Location as provider_message_id; 404 and 410 → kUnreachable (the subscription is gone: forget it);
// 400, 401, 403, 413 and other 4xx → kRejected; 429, 5xx, timeouts and refused connections → kTransient, with
// Retry-After when the push service gives one. A malformed subscription, topic or VAPID configuration is kRejected
// without a request. Details name the status and the push service's host, never the endpoint's path.
class WebPushSender {
 public:
  explicit WebPushSender(WebPushOptions options) : options_(std::move(options)) {}

  SendOutcome Send(const PushSubscription& subscription, std::string_view payload_json,
                   const WebPushMessageOptions& message) const;

 private:
  WebPushOptions options_;
};

}  // namespace chancery::delivery
