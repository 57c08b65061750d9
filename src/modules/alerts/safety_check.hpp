// SafetyCheck: "Are you safe?" — each answer joined to the alert that asked and the citizen who answered, whatever
// the channel:
//   - the one-tap link in the message: /safe/<token>, where the token is the delivery's id and a keyed MAC of it
//     (no login; the token names exactly one delivery, hence one alert and one citizen);
//   - an SMS reply "SAFE K7QM" / "AN TOAN K7QM" / "HELP K7QM" / "CAN GIUP K7QM": the sender's number identifies the
//     citizen (blind index), the alert's reply code identifies the alert, and the citizen must have been sent that
//     alert; without a code it is accepted only when exactly one open safety check reached that person, so a reply
//     is never attributed to the wrong alert;
//   - a Zalo message from a linked follower, read the same way;
//   - a web push notification's buttons: "safe" posts the token's answer at once, "need help" opens the link.
// A "need help" opens an assistance case (assistance.hpp) in the same transaction. The latest answer of each
// citizen counts. Messages and locations are encrypted like the registry's; repeats of
// the same provider message (webhooks retried) are recorded once. Every answer is audited ("safety.replied").
//
// Thread-safety: safe for concurrent use.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "modules/alerts/alerts_service.hpp"
#include "modules/alerts/assistance.hpp"
#include "modules/citizens/citizens_service.hpp"

namespace chancery::alerts {

enum class SafetyStatus { kSafe, kNeedHelp };
const char* SafetyStatusName(SafetyStatus status);  // "safe", "need_help"

// The one-tap token of a delivery: "<delivery id>.<MAC>".
std::string SafetyToken(const crypto::FieldCipher& cipher, std::int64_t delivery_id);

// "an toàn", "SAFE", "cần giúp", "help", "SOS" … → a status; nullopt when the text says neither.
std::optional<SafetyStatus> ReadSafetyWord(std::string_view text);
// The first word shaped like a reply code (4 of [2-9A-Z], any case).
std::optional<std::string> ReadReplyCode(std::string_view text);

struct SafetyAnswer {
  SafetyStatus status = SafetyStatus::kSafe;
  std::string message;
  std::optional<citizens::GeoPoint> location;
};

// What the one-tap page shows.
struct SafetyLink {
  std::string headline;
  std::string instruction;
  std::string language;
  std::optional<std::string> answered;  // the latest status given, if any
};

struct SafetySummary {
  std::int64_t recipients = 0;
  std::int64_t safe = 0;
  std::int64_t need_help = 0;
  std::int64_t no_answer = 0;
  std::vector<std::pair<std::string, std::int64_t>> by_channel;  // channel of the latest answer → count
};

struct SafetyPerson {
  std::int64_t citizen_id = 0;
  std::string reference;
  std::string full_name;
  std::string phone;
  std::string city;
  std::string status;  // "need_help", "no_answer", "safe"
  std::string channel;
  std::string message;
  std::optional<citizens::GeoPoint> location;  // from the answer, else the registration's map point
  std::optional<std::int64_t> answered_at_ms;
  std::optional<std::int64_t> case_id;  // the assistance case of one who asked for help
};

class SafetyCheck {
 public:
  SafetyCheck(storage::Database& database, const Clock& clock, const crypto::FieldCipher& cipher,
              audit::AuditLog& audit, AlertsService& alerts, citizens::CitizensService& citizens,
              delivery::DeliveryStore& deliveries, Assistance& assistance);

  Result<SafetyLink> Describe(std::string_view token);
  // `channel`: "link" (the one-tap page) or "web_push" (a notification's button, or the page it opened).
  Status AnswerByLink(std::string_view token, const SafetyAnswer& answer, const std::string& remote_address,
                      const std::string& channel = "link");
  // The reply to send back (a confirmation, or a question when the text could not be matched).
  Result<std::string> AnswerBySms(std::string_view from_phone, std::string_view text,
                                  std::string_view provider_message_id);
  // nullopt when the text is not a safety answer (e.g. a link code).
  Result<std::optional<std::string>> AnswerByZalo(std::string_view zalo_user_id, std::string_view text,
                                                  std::string_view message_id);

  Result<SafetySummary> Summary(std::int64_t alert_id, const identity::ActionContext& context);
  // Those who need help, or have not answered, or everyone (`which`: need_help, no_answer, all); at most 500. The
  // listing is one audited read of personal data.
  Result<std::vector<SafetyPerson>> People(std::int64_t alert_id, const std::string& which,
                                           const identity::ActionContext& context);

  // The citizen's answers, for their export (with the alert each answered), and their erasure.
  Result<boost::json::value> ExportOf(storage::Transaction& transaction, std::int64_t citizen_id);
  Status Forget(storage::Transaction& transaction, std::int64_t citizen_id);

 private:
  // Records an answer of the citizen to the alert (kFailedPrecondition when the alert asks nothing).
  Status Record(const Alert& alert, std::int64_t citizen_id, const SafetyAnswer& answer, const std::string& channel,
                std::string_view provider_message_id, const std::string& remote_address);
  // The alert a text answer from this citizen is about (its code, or the only open safety check that reached them);
  // nullopt when there is none or it is ambiguous.
  Result<std::optional<Alert>> AlertForText(std::int64_t citizen_id, std::string_view text);
  // What a one-tap token names: its alert and citizen (and their language). kNotFound when the MAC is wrong, the
  // delivery is not an alert's, or the registration was erased.
  struct Addressed {
    Alert alert;
    std::int64_t citizen_id = 0;
    std::string language;
  };
  Result<Addressed> Resolve(std::string_view token);

  storage::Database& database_;
  const Clock& clock_;
  const crypto::FieldCipher& cipher_;
  audit::AuditLog& audit_;
  AlertsService& alerts_;
  citizens::CitizensService& citizens_;
  delivery::DeliveryStore& deliveries_;
  Assistance& assistance_;
};

}  // namespace chancery::alerts
