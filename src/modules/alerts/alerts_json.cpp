#include "modules/alerts/alerts_json.hpp"

#include <boost/json.hpp>

#include "core/clock.hpp"

namespace chancery::alerts {
namespace {

namespace json = boost::json;

// Every value of a CAP enumeration, for parsing by name.
template <typename Enum>
const std::vector<Enum>& Values();
template <>
const std::vector<CapStatus>& Values() {
  static const std::vector<CapStatus> values = {CapStatus::kActual, CapStatus::kExercise, CapStatus::kTest};
  return values;
}
template <>
const std::vector<CapMessageType>& Values() {
  static const std::vector<CapMessageType> values = {CapMessageType::kAlert, CapMessageType::kUpdate,
                                                     CapMessageType::kCancel};
  return values;
}
template <>
const std::vector<CapScope>& Values() {
  static const std::vector<CapScope> values = {CapScope::kPublic, CapScope::kRestricted, CapScope::kPrivate};
  return values;
}
template <>
const std::vector<CapCategory>& Values() {
  static const std::vector<CapCategory> values = {CapCategory::kGeo,      CapCategory::kMet,    CapCategory::kSafety,
                                                  CapCategory::kSecurity, CapCategory::kRescue, CapCategory::kFire,
                                                  CapCategory::kHealth,   CapCategory::kEnv,    CapCategory::kTransport,
                                                  CapCategory::kInfra,    CapCategory::kCbrne,  CapCategory::kOther};
  return values;
}
template <>
const std::vector<CapResponseType>& Values() {
  static const std::vector<CapResponseType> values = {
      CapResponseType::kShelter, CapResponseType::kEvacuate, CapResponseType::kPrepare,
      CapResponseType::kExecute, CapResponseType::kAvoid,    CapResponseType::kMonitor,
      CapResponseType::kAssess,  CapResponseType::kAllClear, CapResponseType::kNone};
  return values;
}
template <>
const std::vector<CapUrgency>& Values() {
  static const std::vector<CapUrgency> values = {CapUrgency::kImmediate, CapUrgency::kExpected, CapUrgency::kFuture,
                                                 CapUrgency::kPast, CapUrgency::kUnknown};
  return values;
}
template <>
const std::vector<CapSeverity>& Values() {
  static const std::vector<CapSeverity> values = {CapSeverity::kExtreme, CapSeverity::kSevere, CapSeverity::kModerate,
                                                  CapSeverity::kMinor, CapSeverity::kUnknown};
  return values;
}
template <>
const std::vector<CapCertainty>& Values() {
  static const std::vector<CapCertainty> values = {CapCertainty::kObserved, CapCertainty::kLikely,
                                                   CapCertainty::kPossible, CapCertainty::kUnlikely,
                                                   CapCertainty::kUnknown};
  return values;
}

template <typename Enum>
std::string Choices() {
  std::string text;
  for (Enum value : Values<Enum>()) text += (text.empty() ? "" : ", ") + std::string(CapName(value));
  return text;
}

template <typename Enum>
Status ReadEnum(const json::object& object, const char* key, Enum& out, bool required) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr) {
    if (required) return InvalidArgument(std::string(key) + " is required.").WithField(std::string("/") + key);
    return Status::Ok();
  }
  if (value->is_string()) {
    for (Enum candidate : Values<Enum>()) {
      if (value->as_string() == CapName(candidate)) {
        out = candidate;
        return Status::Ok();
      }
    }
  }
  return InvalidArgument(std::string(key) + " is one of " + Choices<Enum>() + ".").WithField(std::string("/") + key);
}

template <typename Enum>
Status ReadEnumList(const json::object& object, const char* key, std::vector<Enum>& out) {
  out.clear();
  const json::value* value = object.if_contains(key);
  if (value == nullptr) return Status::Ok();
  if (!value->is_array()) return InvalidArgument(std::string(key) + " is a list.").WithField(std::string("/") + key);
  for (const json::value& item : value->as_array()) {
    json::object one{{key, item}};
    Enum parsed{};
    CHANCERY_TRY(ReadEnum(one, key, parsed, true));
    out.push_back(parsed);
  }
  return Status::Ok();
}

Status ReadString(const json::object& object, const char* key, std::string& out, const std::string& pointer) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return Status::Ok();
  if (!value->is_string()) return InvalidArgument(std::string(key) + " is a string.").WithField(pointer);
  out = std::string(value->as_string());
  return Status::Ok();
}

Status ReadStrings(const json::object& object, const char* key, std::vector<std::string>& out) {
  out.clear();
  const json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return Status::Ok();
  if (!value->is_array())
    return InvalidArgument(std::string(key) + " is a list of strings.").WithField(std::string("/") + key);
  for (const json::value& item : value->as_array()) {
    if (!item.is_string()) {
      return InvalidArgument(std::string(key) + " is a list of strings.").WithField(std::string("/") + key);
    }
    out.emplace_back(item.as_string());
  }
  return Status::Ok();
}

template <typename Enum>
json::array NameList(const std::vector<Enum>& values) {
  json::array array;
  for (Enum value : values) array.push_back(json::string(CapName(value)));
  return array;
}

json::array StringList(const std::vector<std::string>& values) {
  json::array array;
  for (const std::string& value : values) array.push_back(json::string(value));
  return array;
}

json::value OptionalTime(const std::optional<std::int64_t>& ms) {
  return ms ? json::value(FormatIsoTime(*ms)) : json::value();
}

}  // namespace

json::object ContentToJson(const AlertContent& content) {
  json::array texts;
  for (const AlertText& text : content.texts) {
    texts.push_back(json::object{{"language", text.language},
                                 {"event", text.event},
                                 {"headline", text.headline},
                                 {"description", text.description},
                                 {"instruction", text.instruction}});
  }
  return json::object{{"unit_id", content.unit_id},
                      {"message_type", CapName(content.message_type)},
                      {"status", CapName(content.status)},
                      {"scope", CapName(content.scope)},
                      {"references_id", content.references_id ? json::value(*content.references_id) : json::value()},
                      {"categories", NameList(content.categories)},
                      {"response_types", NameList(content.response_types)},
                      {"urgency", CapName(content.urgency)},
                      {"severity", CapName(content.severity)},
                      {"certainty", CapName(content.certainty)},
                      {"texts", std::move(texts)},
                      {"area", json::object{{"description", content.area_description},
                                            {"polygons", StringList(content.polygons)},
                                            {"circles", StringList(content.circles)},
                                            {"countries", StringList(content.countries)}}},
                      {"expires_at", OptionalTime(content.expires_at_ms)},
                      {"safety_check", content.safety_check}};
}

Status ContentFromJson(const json::object& object, AlertContent& content) {
  const json::value* unit = object.if_contains("unit_id");
  if (unit == nullptr || !unit->is_int64()) return InvalidArgument("unit_id is required.").WithField("/unit_id");
  content.unit_id = unit->as_int64();
  CHANCERY_TRY(ReadEnum(object, "message_type", content.message_type, false));
  CHANCERY_TRY(ReadEnum(object, "status", content.status, false));
  CHANCERY_TRY(ReadEnum(object, "scope", content.scope, false));
  content.references_id.reset();
  if (const json::value* references = object.if_contains("references_id"); references && !references->is_null()) {
    if (!references->is_int64()) return InvalidArgument("references_id is an alert id.").WithField("/references_id");
    content.references_id = references->as_int64();
  }
  CHANCERY_TRY(ReadEnumList(object, "categories", content.categories));
  CHANCERY_TRY(ReadEnumList(object, "response_types", content.response_types));
  CHANCERY_TRY(ReadEnum(object, "urgency", content.urgency, true));
  CHANCERY_TRY(ReadEnum(object, "severity", content.severity, true));
  CHANCERY_TRY(ReadEnum(object, "certainty", content.certainty, true));
  content.texts.clear();
  const json::value* texts = object.if_contains("texts");
  if (texts == nullptr || !texts->is_array()) {
    return InvalidArgument("texts is a list with one entry per language.").WithField("/texts");
  }
  std::size_t index = 0;
  for (const json::value& item : texts->as_array()) {
    const std::string pointer = "/texts/" + std::to_string(index++);
    if (!item.is_object()) return InvalidArgument("texts holds objects.").WithField(pointer);
    AlertText text;
    for (const auto& [key, target] :
         std::initializer_list<std::pair<const char*, std::string*>>{{"language", &text.language},
                                                                     {"event", &text.event},
                                                                     {"headline", &text.headline},
                                                                     {"description", &text.description},
                                                                     {"instruction", &text.instruction}}) {
      CHANCERY_TRY(ReadString(item.as_object(), key, *target, pointer + "/" + key));
    }
    content.texts.push_back(std::move(text));
  }
  const json::value* area = object.if_contains("area");
  if (area == nullptr || !area->is_object()) {
    return InvalidArgument("area is {description, polygons, circles, countries}.").WithField("/area");
  }
  CHANCERY_TRY(ReadString(area->as_object(), "description", content.area_description, "/area/description"));
  CHANCERY_TRY(ReadStrings(area->as_object(), "polygons", content.polygons));
  CHANCERY_TRY(ReadStrings(area->as_object(), "circles", content.circles));
  CHANCERY_TRY(ReadStrings(area->as_object(), "countries", content.countries));
  content.expires_at_ms.reset();
  if (const json::value* expires = object.if_contains("expires_at"); expires && !expires->is_null()) {
    std::optional<std::int64_t> ms = expires->is_string() ? ParseIsoTimeUtc(expires->as_string()) : std::nullopt;
    if (!ms) return InvalidArgument("expires_at is a time such as 2026-12-06T18:00:00Z.").WithField("/expires_at");
    content.expires_at_ms = ms;
  }
  content.safety_check = false;
  if (const json::value* safety = object.if_contains("safety_check"); safety && !safety->is_null()) {
    if (!safety->is_bool()) return InvalidArgument("safety_check is true or false.").WithField("/safety_check");
    content.safety_check = safety->as_bool();
  }
  return Status::Ok();
}

json::object AlertToJson(const Alert& alert) {
  json::object object = ContentToJson(alert.content);
  object["id"] = alert.id;
  object["identifier"] = alert.identifier;
  object["state"] = AlertStateName(alert.state);
  object["created_by"] = alert.created_by;
  object["submitted_by"] = alert.submitted_by ? json::value(*alert.submitted_by) : json::value();
  object["approved_by"] = alert.approved_by ? json::value(*alert.approved_by) : json::value();
  object["sent_at"] = OptionalTime(alert.sent_at_ms);
  object["recipients"] = alert.recipients;
  object["reply_code"] = alert.reply_code.empty() ? json::value() : json::value(alert.reply_code);
  object["created_at"] = FormatIsoTime(alert.created_at_ms);
  object["updated_at"] = FormatIsoTime(alert.updated_at_ms);
  return object;
}

}  // namespace chancery::alerts
