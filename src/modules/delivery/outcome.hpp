// What a connector answers when asked to send one message to one person: the common language of every channel
// (Zalo OA, Zalo ZNS, SMS, e-mail, web push, webhook), which the delivery cascade acts on.
//
// A connector never decides what happens next; it only classifies the provider's answer:
//   kAccepted     the provider took the message (a receipt may follow, matched by provider_message_id);
//   kTransient    try the same channel again later (timeouts, 5xx, rate limits, "try again" error codes);
//   kUnreachable  this channel cannot reach this person now (outside Zalo's interaction window, not a follower,
//                 blocked, subscription gone): move to the next channel at once, do not retry;
//   kRejected     the provider refuses this message for good (bad address, bad request): move to the next channel.
//
// `detail` names the provider's error (code and message) for operators; it never carries personal data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace chancery::delivery {

enum class SendResult { kAccepted, kTransient, kUnreachable, kRejected };

struct SendOutcome {
  SendResult result = SendResult::kTransient;
  std::string provider_message_id;             // set when kAccepted and the provider gives one
  std::string detail;                          // e.g. "zalo error -230: user has not interacted with the OA in 7 days"
  std::optional<std::int64_t> retry_after_ms;  // kTransient: the provider's own hint, when it gives one

  static SendOutcome Accepted(std::string provider_message_id) {
    return {SendResult::kAccepted, std::move(provider_message_id), {}, {}};
  }
  static SendOutcome Failed(SendResult result, std::string detail) { return {result, {}, std::move(detail), {}}; }
};

}  // namespace chancery::delivery
