#include "modules/alerts/alert_rules.hpp"

#include <algorithm>
#include <set>

#include "modules/citizens/citizens.hpp"

namespace chancery::alerts {
namespace {

Status TextTooLong(const std::string& pointer, std::size_t limit) {
  return InvalidArgument(pointer.substr(pointer.rfind('/') + 1) + " is longer than " + std::to_string(limit) +
                         " bytes.")
      .WithField(pointer);
}

CapTime UtcTime(std::int64_t ms) {
  return CapTime{std::chrono::sys_seconds(std::chrono::seconds(ms / 1000)), std::chrono::minutes(0)};
}

}  // namespace

Result<Area> AreaOf(const AlertContent& content) {
  return ParseArea(content.polygons, content.circles, content.countries);
}

Status CheckContent(const AlertContent& content, const Jurisdiction& jurisdiction,
                    const std::optional<Alert>& referenced, std::int64_t now_ms) {
  if (content.texts.empty()) {
    return InvalidArgument("An alert needs its text in at least one language.").WithField("/texts");
  }
  std::set<std::string> languages;
  for (std::size_t i = 0; i < content.texts.size(); ++i) {
    const AlertText& text = content.texts[i];
    const std::string pointer = "/texts/" + std::to_string(i);
    if (!citizens::IsSupportedLanguage(text.language)) {
      return InvalidArgument("The language of a text is one of: vi, en.").WithField(pointer + "/language");
    }
    if (!languages.insert(text.language).second) {
      return InvalidArgument("Each language has one text.").WithField(pointer + "/language");
    }
    if (text.event.empty()) return InvalidArgument("Say what the event is.").WithField(pointer + "/event");
    if (text.headline.empty()) return InvalidArgument("A headline is required.").WithField(pointer + "/headline");
    if (text.event.size() > 200) return TextTooLong(pointer + "/event", 200);
    if (text.headline.size() > 300) return TextTooLong(pointer + "/headline", 300);
    if (text.description.size() > 8000) return TextTooLong(pointer + "/description", 8000);
    if (text.instruction.size() > 4000) return TextTooLong(pointer + "/instruction", 4000);
    for (const auto& [field, value] :
         {std::pair{"event", &text.event}, std::pair{"headline", &text.headline},
          std::pair{"description", &text.description}, std::pair{"instruction", &text.instruction}}) {
      if (Status xml = CheckXmlText(field, *value); !xml.ok()) {
        return InvalidArgument(xml.message()).WithField(pointer + "/" + field);
      }
    }
  }
  if (content.categories.empty()) {
    return InvalidArgument("Choose at least one category (e.g. Safety, Met, Geo).").WithField("/categories");
  }
  if (content.area_description.empty()) {
    return InvalidArgument("Describe the area in words (e.g. \"Kyiv and Kharkiv regions\").")
        .WithField("/area/description");
  }
  Result<Area> area = AreaOf(content);
  if (!area.ok()) return InvalidArgument(area.status().message()).WithField("/area");
  if (area->empty()) {
    return InvalidArgument("The area needs a polygon, a circle or a country.").WithField("/area");
  }
  if (jurisdiction) {
    for (const std::string& country : content.countries) {
      if (std::find(jurisdiction->begin(), jurisdiction->end(), country) == jurisdiction->end()) {
        return InvalidArgument(country + " is not in the jurisdiction of the sending unit.")
            .WithField("/area/countries");
      }
    }
  }
  const bool follows = content.message_type != CapMessageType::kAlert;
  if (follows && !content.references_id) {
    return InvalidArgument("An Update or a Cancel names the alert it follows.").WithField("/references_id");
  }
  if (!follows && content.references_id) {
    return InvalidArgument("A new Alert references nothing; use Update or Cancel.").WithField("/references_id");
  }
  if (follows) {
    if (!referenced || referenced->content.unit_id != content.unit_id) {
      return InvalidArgument("The referenced alert is not one of this unit's.").WithField("/references_id");
    }
    if (!referenced->sent_at_ms) {
      return InvalidArgument("Only an alert that was sent can be updated or cancelled.").WithField("/references_id");
    }
  }
  if (content.expires_at_ms && *content.expires_at_ms <= now_ms) {
    return InvalidArgument("The expiry is in the past.").WithField("/expires_at");
  }
  return Status::Ok();
}

const AlertText& TextFor(const AlertContent& content, std::string_view language) {
  for (std::string_view wanted : {language, std::string_view("vi")}) {
    for (const AlertText& text : content.texts) {
      if (text.language == wanted) return text;
    }
  }
  return content.texts.front();
}

Result<CapAlert> ToCap(const Alert& alert, const std::optional<Alert>& referenced, const std::string& sender,
                       std::int64_t sent_at_ms) {
  CHANCERY_ASSIGN_OR_RETURN(Area area, AreaOf(alert.content));
  CapAlert cap;
  cap.identifier = alert.identifier;
  cap.sender = sender;
  cap.sent = UtcTime(sent_at_ms);
  cap.status = alert.content.status;
  cap.message_type = alert.content.message_type;
  cap.scope = alert.content.scope;
  if (cap.scope == CapScope::kRestricted) cap.restriction = "Registered citizens of the Ministry of Foreign Affairs";
  if (cap.scope == CapScope::kPrivate) cap.addresses = {"registered-citizens"};
  if (referenced) {
    cap.references.push_back(
        {sender, referenced->identifier, UtcTime(referenced->sent_at_ms.value_or(referenced->created_at_ms))});
  }
  for (const AlertText& text : alert.content.texts) {
    CapInfo info;
    info.language = text.language == "vi" ? "vi-VN" : "en-US";
    info.categories = alert.content.categories;
    info.event = text.event;
    info.response_types = alert.content.response_types;
    info.urgency = alert.content.urgency;
    info.severity = alert.content.severity;
    info.certainty = alert.content.certainty;
    if (alert.content.expires_at_ms) info.expires = UtcTime(*alert.content.expires_at_ms);
    info.sender_name = text.language == "vi" ? "Bộ Ngoại giao Việt Nam" : "Ministry of Foreign Affairs of Viet Nam";
    info.headline = text.headline;
    info.description = text.description;
    info.instruction = text.instruction;
    info.areas.push_back({alert.content.area_description, area});
    cap.infos.push_back(std::move(info));
  }
  return cap;
}

}  // namespace chancery::alerts
