#include "modules/alerts/safety_check.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <map>
#include <set>

#include "modules/alerts/alert_rules.hpp"
#include "modules/citizens/profile_rules.hpp"
#include "modules/directory/text_fold.hpp"
#include "modules/identity/user_validation.hpp"

namespace chancery::alerts {
namespace {

namespace json = boost::json;
using storage::Row;
using storage::Rows;
using storage::Transaction;

constexpr std::size_t kMacHexLength = 24;  // 96 bits

// Words of a folded text ("Cần giúp!" → {"can", "giup"}).
std::vector<std::string> Words(std::string_view text) {
  const std::string folded = directory::FoldForSearch(text);
  std::vector<std::string> words;
  std::string word;
  for (char c : folded + " ") {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word.push_back(c);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  return words;
}

// In both languages: a reply by SMS or Zalo may come from a phone whose owner reads either.
std::string Confirmation(SafetyStatus status) {
  return status == SafetyStatus::kSafe
             ? "Cảm ơn bạn: chúng tôi đã ghi nhận bạn an toàn. Thank you: we have recorded that you are safe."
             : "Chúng tôi đã ghi nhận bạn cần giúp đỡ; cơ quan đại diện sẽ liên hệ với bạn. We have recorded that you "
               "need help; the embassy will contact you.";
}

}  // namespace

const char* SafetyStatusName(SafetyStatus status) { return status == SafetyStatus::kSafe ? "safe" : "need_help"; }

std::string SafetyToken(const crypto::FieldCipher& cipher, std::int64_t delivery_id) {
  const std::string id = std::to_string(delivery_id);
  return id + "." + cipher.BlindIndex(id, "safety.link").substr(0, kMacHexLength);
}

std::optional<SafetyStatus> ReadSafetyWord(std::string_view text) {
  const std::vector<std::string> words = Words(text);
  const auto has = [&](std::initializer_list<const char*> phrase) {
    const std::vector<std::string> wanted(phrase.begin(), phrase.end());
    return std::search(words.begin(), words.end(), wanted.begin(), wanted.end()) != words.end();
  };
  // Help first: "not safe, need help" is a call for help.
  if (has({"can", "giup"}) || has({"help"}) || has({"sos"}) || has({"cuu"}) || has({"khong", "an", "toan"}) ||
      has({"not", "safe"})) {
    return SafetyStatus::kNeedHelp;
  }
  if (has({"an", "toan"}) || has({"safe"}) || has({"ok"}) || has({"binh", "an"})) return SafetyStatus::kSafe;
  return std::nullopt;
}

std::optional<std::string> ReadReplyCode(std::string_view text) {
  for (const std::string& word : Words(text)) {
    if (word.size() != 4) continue;
    std::string code;
    for (char c : word) code.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    const bool shaped = std::all_of(code.begin(), code.end(), [](char c) {
      return (c >= '2' && c <= '9') || (c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O');
    });
    // Words like "safe" or "help" have the shape too; a code has at least one digit or is not a keyword.
    if (shaped && code != "SAFE" && code != "HELP" && code != "GIUP" && code != "TOAN" && code != "BINH") return code;
  }
  return std::nullopt;
}

SafetyCheck::SafetyCheck(storage::Database& database, const Clock& clock, const crypto::FieldCipher& cipher,
                         audit::AuditLog& audit, AlertsService& alerts, citizens::CitizensService& citizens,
                         delivery::DeliveryStore& deliveries, Assistance& assistance)
    : database_(database),
      clock_(clock),
      cipher_(cipher),
      audit_(audit),
      alerts_(alerts),
      citizens_(citizens),
      deliveries_(deliveries),
      assistance_(assistance) {}

Status SafetyCheck::Record(const Alert& alert, std::int64_t citizen_id, const SafetyAnswer& answer,
                           const std::string& channel, std::string_view provider_message_id,
                           const std::string& remote_address) {
  if (!alert.content.safety_check) return FailedPrecondition("This alert does not ask whether you are safe.");
  const bool need_help = answer.status == SafetyStatus::kNeedHelp;
  CaseRouting routing{"", alert.content.unit_id, std::nullopt};
  if (need_help) {
    CHANCERY_ASSIGN_OR_RETURN(routing, assistance_.Route(alert, citizen_id));
  }
  return database_.Write("safety.reply", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        std::int64_t inserted,
        transaction.Execute(
            "INSERT INTO safety_replies (alert_id, citizen_id, status, channel, message_encrypted, "
            "location_encrypted, provider_message_id, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (channel, provider_message_id) DO NOTHING",
            {alert.id, citizen_id, std::string(SafetyStatusName(answer.status)), channel,
             answer.message.empty() ? storage::Value(nullptr)
                                    : storage::Value(cipher_.Encrypt(answer.message, "safety_replies.message")),
             answer.location
                 ? storage::Value(cipher_.Encrypt(citizens::FormatPoint(*answer.location), "safety_replies.location"))
                 : storage::Value(nullptr),
             provider_message_id.empty() ? storage::Value(nullptr) : storage::Value(std::string(provider_message_id)),
             clock_.NowMs()}));
    if (inserted == 0) return Status::Ok();  // the same provider message again
    CHANCERY_TRY(assistance_.OnAnswer(transaction, alert, citizen_id, routing, need_help, channel, answer.message));
    audit::AuditEvent event;
    event.actor = "citizen";
    event.action = "safety.replied";
    event.unit_id = alert.content.unit_id;
    event.target_type = "citizen";
    event.target_id = std::to_string(citizen_id);
    event.remote_address = remote_address;
    event.detail_json = json::serialize(
        json::object{{"alert_id", alert.id}, {"status", SafetyStatusName(answer.status)}, {"channel", channel}});
    return audit_.Append(transaction, event);
  });
}

Result<SafetyCheck::Addressed> SafetyCheck::Resolve(std::string_view token) {
  const auto dot = token.find('.');
  const std::string id_text(token.substr(0, dot));
  if (dot == std::string_view::npos || id_text.empty() || id_text.size() > 18 ||
      !std::all_of(id_text.begin(), id_text.end(), ::isdigit) ||
      !crypto::ConstantTimeEquals(token, SafetyToken(cipher_, std::stoll(id_text)))) {
    return NotFound("This link is not valid. Open the link from the message you received.");
  }
  CHANCERY_ASSIGN_OR_RETURN(std::optional<delivery::DeliveryStore::Key> key, deliveries_.Find(std::stoll(id_text)));
  if (!key || key->campaign.rfind("alert:", 0) != 0) return NotFound("This link is no longer valid.");
  CHANCERY_ASSIGN_OR_RETURN(Alert alert, alerts_.Load(std::stoll(key->campaign.substr(6))));
  Addressed addressed{std::move(alert), key->citizen_id, "vi"};
  CHANCERY_TRY(database_.Read("safety.describe", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<citizens::Citizen> citizen,
                              citizens_.store().Find(transaction, key->citizen_id));
    if (!citizen) return NotFound("This link is no longer valid.");
    addressed.language = citizen->profile.language;
    return Status::Ok();
  }));
  return addressed;
}

Result<SafetyLink> SafetyCheck::Describe(std::string_view token) {
  CHANCERY_ASSIGN_OR_RETURN(Addressed addressed, Resolve(token));
  const AlertText& text = TextFor(addressed.alert.content, addressed.language);
  SafetyLink link{text.headline, text.instruction, text.language, std::nullopt};
  CHANCERY_TRY(database_.Read("safety.answered", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        std::optional<Row> row,
        transaction.QueryOptional("SELECT status FROM safety_replies WHERE alert_id = ? AND citizen_id = ? "
                                  "ORDER BY id DESC LIMIT 1",
                                  {addressed.alert.id, addressed.citizen_id}));
    if (row) link.answered = row->Text(0);
    return Status::Ok();
  }));
  return link;
}

Status SafetyCheck::AnswerByLink(std::string_view token, const SafetyAnswer& answer, const std::string& remote_address,
                                 const std::string& channel) {
  CHANCERY_ASSIGN_OR_RETURN(Addressed addressed, Resolve(token));
  if (answer.message.size() > 2000) {
    return InvalidArgument("The message is longer than 2000 bytes.").WithField("/message");
  }
  return Record(addressed.alert, addressed.citizen_id, answer, channel == "web_push" ? "web_push" : "link", "",
                remote_address);
}

Result<std::optional<Alert>> SafetyCheck::AlertForText(std::int64_t citizen_id, std::string_view text) {
  if (std::optional<std::string> code = ReadReplyCode(text)) {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Alert> alert, alerts_.FindByReplyCode(*code));
    if (alert) {
      CHANCERY_ASSIGN_OR_RETURN(std::vector<std::string> reaching,
                                deliveries_.CampaignsReaching(citizen_id, {AlertsService::Campaign(alert->id)}));
      if (!reaching.empty()) return alert;
    }
    return std::optional<Alert>();
  }
  // No code: only when exactly one open safety check reached this person.
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Alert> open, alerts_.OpenSafetyChecks());
  std::vector<std::string> campaigns;
  for (const Alert& alert : open) campaigns.push_back(AlertsService::Campaign(alert.id));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<std::string> reaching, deliveries_.CampaignsReaching(citizen_id, campaigns));
  const std::set<std::string> distinct(reaching.begin(), reaching.end());
  if (distinct.size() != 1) return std::optional<Alert>();
  for (Alert& alert : open) {
    if (AlertsService::Campaign(alert.id) == *distinct.begin()) return std::optional<Alert>(std::move(alert));
  }
  return std::optional<Alert>();
}

Result<std::string> SafetyCheck::AnswerBySms(std::string_view from_phone, std::string_view text,
                                             std::string_view provider_message_id) {
  Result<std::string> phone = citizens::NormalisePhone(from_phone);
  if (!phone.ok()) return InvalidArgument("The sender's number is not a phone number.");
  std::optional<std::int64_t> citizen;
  CHANCERY_TRY(database_.Read("safety.sms_sender", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(citizen, citizens_.store().FindIdBy(transaction, citizens::IndexedField::kPhone, *phone));
    return Status::Ok();
  }));
  if (!citizen) return NotFound("No registration has this phone number.");
  const std::optional<SafetyStatus> status = ReadSafetyWord(text);
  if (!status) {
    return std::string("Trả lời AN TOAN hoặc CAN GIUP kèm mã trong tin nhắn. Reply SAFE or HELP with the code.");
  }
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Alert> alert, AlertForText(*citizen, text));
  if (!alert) {
    return std::string(
        "Chúng tôi không xác định được cảnh báo: hãy gửi lại kèm mã trong tin nhắn, ví dụ AN TOAN K7QM. "
        "We could not tell which alert you answer: reply with the code from the message, e.g. SAFE K7QM.");
  }
  CHANCERY_TRY(Record(*alert, *citizen, {*status, std::string(text), std::nullopt}, "sms", provider_message_id, ""));
  return Confirmation(*status);
}

Result<std::optional<std::string>> SafetyCheck::AnswerByZalo(std::string_view zalo_user_id, std::string_view text,
                                                             std::string_view message_id) {
  const std::optional<SafetyStatus> status = ReadSafetyWord(text);
  if (!status) return std::optional<std::string>();
  std::optional<std::int64_t> citizen;
  CHANCERY_TRY(database_.Read("safety.zalo_sender", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(citizen,
                              citizens_.store().FindIdBy(transaction, citizens::IndexedField::kZaloUser, zalo_user_id));
    return Status::Ok();
  }));
  if (!citizen) return std::optional<std::string>();
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Alert> alert, AlertForText(*citizen, text));
  if (!alert) {
    return std::optional<std::string>(
        "Chúng tôi không xác định được cảnh báo: hãy gửi kèm mã trong tin nhắn. Please add the code from the alert.");
  }
  CHANCERY_TRY(Record(*alert, *citizen, {*status, std::string(text), std::nullopt}, "zalo", message_id, ""));
  return std::optional<std::string>(Confirmation(*status));
}

Result<SafetySummary> SafetyCheck::Summary(std::int64_t alert_id, const identity::ActionContext& context) {
  CHANCERY_ASSIGN_OR_RETURN(Alert alert, alerts_.Get(alert_id, context));
  SafetySummary summary;
  summary.recipients = alert.recipients;
  std::map<std::string, std::int64_t> channels;
  CHANCERY_TRY(database_.Read("safety.summary", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        Rows rows, transaction.Query("SELECT r.status, r.channel, COUNT(*) FROM safety_replies r WHERE r.alert_id = ? "
                                     "AND r.id = (SELECT MAX(l.id) FROM safety_replies l WHERE l.alert_id = r.alert_id "
                                     "AND l.citizen_id = r.citizen_id) GROUP BY r.status, r.channel",
                                     {alert.id}));
    for (const Row& row : rows) {
      (row.Text(0) == "safe" ? summary.safe : summary.need_help) += row.Int(2);
      channels[row.Text(1)] += row.Int(2);
    }
    return Status::Ok();
  }));
  summary.no_answer = std::max<std::int64_t>(0, summary.recipients - summary.safe - summary.need_help);
  summary.by_channel.assign(channels.begin(), channels.end());
  return summary;
}

Result<std::vector<SafetyPerson>> SafetyCheck::People(std::int64_t alert_id, const std::string& which,
                                                      const identity::ActionContext& context) {
  if (which != "need_help" && which != "no_answer" && which != "all") {
    return InvalidArgument("which is need_help, no_answer or all.").WithField("which");
  }
  CHANCERY_ASSIGN_OR_RETURN(Alert alert, alerts_.Get(alert_id, context));
  // Names are shown only of the citizens the caller may read (their jurisdiction's).
  CHANCERY_ASSIGN_OR_RETURN(citizens::CitizensService::CountryScope scope,
                            citizens_.ScopeOf(*context.actor, identity::Permission::kCitizensRead));
  if (!scope.everywhere && scope.countries.empty()) {
    return PermissionDenied("Seeing who answered needs the permission citizens_read.");
  }
  struct Latest {
    std::string status;
    std::string channel;
    std::optional<std::string> message;
    std::optional<std::string> location;
    std::int64_t at_ms = 0;
  };
  std::map<std::int64_t, Latest> latest;
  CHANCERY_TRY(database_.Read("safety.people", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        Rows rows,
        transaction.Query("SELECT citizen_id, status, channel, message_encrypted, location_encrypted, received_at "
                          "FROM safety_replies WHERE alert_id = ? ORDER BY id",
                          {alert.id}));
    for (const Row& row : rows) {
      latest[row.Int(0)] = {row.Text(1), row.Text(2), row.OptionalText(3), row.OptionalText(4), row.Int(5)};
    }
    return Status::Ok();
  }));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<std::int64_t> planned,
                            deliveries_.CitizensOf(AlertsService::Campaign(alert.id)));
  std::vector<SafetyPerson> people;
  CHANCERY_TRY(database_.Write("safety.people_read", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(auto case_list, assistance_.CasesOfAlert(transaction, alert.id));
    const std::map<std::int64_t, std::int64_t> cases(case_list.begin(), case_list.end());
    for (std::int64_t citizen_id : planned) {
      auto answer = latest.find(citizen_id);
      const std::string status = answer == latest.end() ? "no_answer" : answer->second.status;
      if (which != "all" && status != which) continue;
      if (people.size() >= 500) break;
      CHANCERY_ASSIGN_OR_RETURN(std::optional<citizens::Citizen> citizen,
                                citizens_.store().Find(transaction, citizen_id));
      if (!citizen || !scope.Covers(citizen->profile.residence_country)) continue;  // erased since, or not theirs
      SafetyPerson person;
      person.citizen_id = citizen_id;
      person.reference = citizen->reference;
      person.full_name = citizen->profile.full_name;
      person.phone = citizen->profile.phone;
      person.city = citizen->profile.city;
      person.status = status;
      person.location = citizen->profile.location;
      if (auto found = cases.find(citizen_id); found != cases.end()) person.case_id = found->second;
      if (answer != latest.end()) {
        person.channel = answer->second.channel;
        person.answered_at_ms = answer->second.at_ms;
        if (answer->second.message) {
          CHANCERY_ASSIGN_OR_RETURN(person.message, cipher_.Decrypt(*answer->second.message, "safety_replies.message"));
        }
        if (answer->second.location) {
          CHANCERY_ASSIGN_OR_RETURN(std::string point,
                                    cipher_.Decrypt(*answer->second.location, "safety_replies.location"));
          if (std::optional<citizens::GeoPoint> parsed = citizens::ParsePoint(point)) person.location = parsed;
        }
      }
      people.push_back(std::move(person));
    }
    audit::AuditEvent event = identity::MakeEvent(context, "personal_data.read");
    event.unit_id = alert.content.unit_id;
    event.target_type = "alert";
    event.target_id = std::to_string(alert.id);
    event.detail_json = json::serialize(json::object{
        {"purpose", "safety_check"}, {"which", which}, {"people", static_cast<std::int64_t>(people.size())}});
    return audit_.Append(transaction, event);
  }));
  return people;
}

Result<json::value> SafetyCheck::ExportOf(Transaction& transaction, std::int64_t citizen_id) {
  CHANCERY_ASSIGN_OR_RETURN(
      Rows rows, transaction.Query("SELECT a.identifier, r.status, r.channel, r.message_encrypted, "
                                   "r.location_encrypted, r.received_at FROM safety_replies r JOIN alerts a ON "
                                   "a.id = r.alert_id WHERE r.citizen_id = ? ORDER BY r.id",
                                   {citizen_id}));
  json::array answers;
  for (const Row& row : rows) {
    json::object answer{{"alert", row.Text(0)},
                        {"status", row.Text(1)},
                        {"channel", row.Text(2)},
                        {"received_at", FormatIsoTime(row.Int(5))}};
    if (std::optional<std::string> message = row.OptionalText(3)) {
      CHANCERY_ASSIGN_OR_RETURN(std::string plain, cipher_.Decrypt(*message, "safety_replies.message"));
      answer["message"] = plain;
    }
    if (std::optional<std::string> location = row.OptionalText(4)) {
      CHANCERY_ASSIGN_OR_RETURN(std::string point, cipher_.Decrypt(*location, "safety_replies.location"));
      if (std::optional<citizens::GeoPoint> parsed = citizens::ParsePoint(point)) {
        answer["location"] = json::object{{"latitude", parsed->latitude}, {"longitude", parsed->longitude}};
      }
    }
    answers.push_back(std::move(answer));
  }
  return json::value(std::move(answers));
}

Status SafetyCheck::Forget(Transaction& transaction, std::int64_t citizen_id) {
  // The alert's counts lose the answer with the person: nothing that was theirs stays.
  return transaction.Execute("DELETE FROM safety_replies WHERE citizen_id = ?", {citizen_id}).status();
}

}  // namespace chancery::alerts
