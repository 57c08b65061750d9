#include "modules/alerts/alert_messages.hpp"

#include <boost/json.hpp>

#include "modules/alerts/alert_rules.hpp"

namespace chancery::alerts {
namespace {

// At most `limit` bytes of `text`, cut between UTF-8 characters, with an ellipsis when cut.
std::string Shorten(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t end = limit - 3;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "…";
}

std::string Join(std::initializer_list<std::string> parts, const char* separator) {
  std::string text;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!text.empty()) text += separator;
    text += part;
  }
  return text;
}

}  // namespace

AlertMessages::AlertMessages(AlertsService& alerts, citizens::CitizensService& citizens, AlertMessageOptions options)
    : alerts_(alerts), citizens_(citizens), options_(std::move(options)) {}

Result<Alert> AlertMessages::AlertOf(const std::string& campaign) {
  const std::int64_t id = std::stoll(campaign.substr(campaign.find(':') + 1));
  std::lock_guard lock(mutex_);
  if (auto found = cache_.find(id); found != cache_.end()) return found->second;
  CHANCERY_ASSIGN_OR_RETURN(Alert alert, alerts_.Load(id));
  if (cache_.size() > 64) cache_.clear();
  cache_.emplace(id, alert);
  return alert;
}

Result<std::vector<std::optional<delivery::Recipient>>> AlertMessages::RecipientsOf(
    std::span<const delivery::ClaimedDelivery* const> deliveries) {
  return RegistryRecipients(citizens_.database(), citizens_.store(), deliveries);
}

Result<delivery::Message> AlertMessages::MessageFor(const delivery::ClaimedDelivery& delivery,
                                                    delivery::Channel channel) {
  CHANCERY_ASSIGN_OR_RETURN(Alert alert, AlertOf(delivery.campaign));
  const AlertText& text = TextFor(alert.content, delivery.language);
  const bool vietnamese = text.language == "vi";
  const std::string cap_link = options_.public_base_url + "/api/v1/public/alerts/" + alert.identifier + "/cap.xml";
  // Exercises and technical tests say so before anything else.
  std::string prefix;
  if (alert.content.status == CapStatus::kExercise) prefix = vietnamese ? "[DIỄN TẬP] " : "[EXERCISE] ";
  if (alert.content.status == CapStatus::kTest) prefix = vietnamese ? "[THỬ NGHIỆM] " : "[TEST] ";
  delivery::Message message;
  message.sender_unit_id = alert.content.unit_id;
  message.subject = prefix + text.headline;
  message.link = alert.content.scope == CapScope::kPublic ? cap_link : "";
  // "Are you safe?": how to answer, on every channel.
  std::string ask;
  std::string token;
  if (alert.content.safety_check) {
    if (safety_token_) token = safety_token_(delivery.id);
    const std::string link = token.empty() ? std::string() : options_.public_base_url + "/safe/" + token;
    ask = vietnamese
              ? "Bạn có an toàn không? Trả lời AN TOAN " + alert.reply_code + " hoặc CAN GIUP " + alert.reply_code
              : "Are you safe? Reply SAFE " + alert.reply_code + " or HELP " + alert.reply_code;
    if (!link.empty()) {
      ask += vietnamese ? ", hoặc mở " + link : ", or open " + link;
      message.link = link;
    }
    ask += ".";
  }
  switch (channel) {
    case delivery::Channel::kSms:
      // One or two SMS segments: the headline and what to do.
      message.text = Shorten(prefix + Join({text.headline, text.instruction}, ". "), ask.empty() ? 300 : 160);
      if (!ask.empty()) message.text += " " + ask;
      break;
    case delivery::Channel::kZaloTemplate:
      message.template_id = options_.zalo_template_id;
      message.template_data_json =
          boost::json::serialize(boost::json::object{{"headline", Shorten(prefix + text.headline, 100)},
                                                     {"instruction", Shorten(text.instruction, 100)},
                                                     {"link", message.link}});
      message.text = Shorten(prefix + Join({text.headline, text.instruction}, ". "), 300);
      break;
    case delivery::Channel::kWebPush:
      message.text = Shorten(Join({text.instruction, text.description}, " "), ask.empty() ? 400 : 200);
      if (!ask.empty() && token.empty()) message.text += " " + ask;
      // Answered from the notification: "safe" at once, "need help" on the one-tap page (a message, a location).
      if (!token.empty()) {
        message.text += vietnamese ? " Bạn có an toàn không?" : " Are you safe?";
        message.actions = {{.action = "safe",
                            .title = vietnamese ? "Tôi an toàn" : "I am safe",
                            .post_url = options_.public_base_url + "/api/v1/public/safety/" + token,
                            .post_body_json = R"({"status":"safe","via":"web_push"})",
                            .done = vietnamese ? "Cảm ơn bạn: chúng tôi đã ghi nhận bạn an toàn."
                                               : "Thank you: we have recorded that you are safe."},
                           {.action = "need_help",
                            .title = vietnamese ? "Tôi cần giúp đỡ" : "I need help",
                            .open_url = message.link + "?answer=need_help&via=web_push"}};
      }
      break;
    default:
      message.text = prefix + Join({text.headline, text.description, text.instruction, ask}, "\n\n");
      if (ask.empty() && !message.link.empty()) message.text += "\n\n" + message.link;
      break;
  }
  return message;
}

}  // namespace chancery::alerts
