// Writing CAP 1.2: the checks the schema cannot make, then the elements in the schema's order.
#include "modules/alerts/cap_xml.hpp"

#include <libxml/parser.h>
#include <libxml/uri.h>
#include <libxml/xmlwriter.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>
#include <utility>

#include "core/enum_names.hpp"

namespace chancery::alerts {
namespace {

constexpr const char* kCapNamespace = "urn:oasis:names:tc:emergency:cap:1.2";

constexpr std::array<std::pair<CapStatus, const char*>, 5> kStatusNames{{
    {CapStatus::kActual, "Actual"},
    {CapStatus::kExercise, "Exercise"},
    {CapStatus::kSystem, "System"},
    {CapStatus::kTest, "Test"},
    {CapStatus::kDraft, "Draft"},
}};
constexpr std::array<std::pair<CapMessageType, const char*>, 5> kMessageTypeNames{{
    {CapMessageType::kAlert, "Alert"},
    {CapMessageType::kUpdate, "Update"},
    {CapMessageType::kCancel, "Cancel"},
    {CapMessageType::kAck, "Ack"},
    {CapMessageType::kError, "Error"},
}};
constexpr std::array<std::pair<CapScope, const char*>, 3> kScopeNames{{
    {CapScope::kPublic, "Public"},
    {CapScope::kRestricted, "Restricted"},
    {CapScope::kPrivate, "Private"},
}};
constexpr std::array<std::pair<CapCategory, const char*>, 12> kCategoryNames{{
    {CapCategory::kGeo, "Geo"},
    {CapCategory::kMet, "Met"},
    {CapCategory::kSafety, "Safety"},
    {CapCategory::kSecurity, "Security"},
    {CapCategory::kRescue, "Rescue"},
    {CapCategory::kFire, "Fire"},
    {CapCategory::kHealth, "Health"},
    {CapCategory::kEnv, "Env"},
    {CapCategory::kTransport, "Transport"},
    {CapCategory::kInfra, "Infra"},
    {CapCategory::kCbrne, "CBRNE"},
    {CapCategory::kOther, "Other"},
}};
constexpr std::array<std::pair<CapResponseType, const char*>, 9> kResponseTypeNames{{
    {CapResponseType::kShelter, "Shelter"},
    {CapResponseType::kEvacuate, "Evacuate"},
    {CapResponseType::kPrepare, "Prepare"},
    {CapResponseType::kExecute, "Execute"},
    {CapResponseType::kAvoid, "Avoid"},
    {CapResponseType::kMonitor, "Monitor"},
    {CapResponseType::kAssess, "Assess"},
    {CapResponseType::kAllClear, "AllClear"},
    {CapResponseType::kNone, "None"},
}};
constexpr std::array<std::pair<CapUrgency, const char*>, 5> kUrgencyNames{{
    {CapUrgency::kImmediate, "Immediate"},
    {CapUrgency::kExpected, "Expected"},
    {CapUrgency::kFuture, "Future"},
    {CapUrgency::kPast, "Past"},
    {CapUrgency::kUnknown, "Unknown"},
}};
constexpr std::array<std::pair<CapSeverity, const char*>, 5> kSeverityNames{{
    {CapSeverity::kExtreme, "Extreme"},
    {CapSeverity::kSevere, "Severe"},
    {CapSeverity::kModerate, "Moderate"},
    {CapSeverity::kMinor, "Minor"},
    {CapSeverity::kUnknown, "Unknown"},
}};
constexpr std::array<std::pair<CapCertainty, const char*>, 5> kCertaintyNames{{
    {CapCertainty::kObserved, "Observed"},
    {CapCertainty::kLikely, "Likely"},
    {CapCertainty::kPossible, "Possible"},
    {CapCertainty::kUnlikely, "Unlikely"},
    {CapCertainty::kUnknown, "Unknown"},
}};

Status Invalid(std::string_view field, std::string_view problem) {
  return InvalidArgument(std::string(field) + ": " + std::string(problem));
}

// An identifier or sender: CAP forbids spaces, commas and the restricted characters '<' and '&', since
// references join them with commas and spaces.
Status CheckToken(std::string_view field, std::string_view value) {
  if (value.empty()) return Invalid(field, "is empty");
  if (value.find_first_of(" \t\r\n,<&") != std::string_view::npos) {
    return Invalid(field, "\"" + std::string(value) + "\" holds a space, a comma, '<' or '&', which CAP forbids");
  }
  return CheckXmlText(field, value);
}

// xs:language: [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*.
bool IsLanguageTag(std::string_view tag) {
  std::size_t part_length = 0;
  bool first_part = true;
  for (const char c : tag) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool digit = c >= '0' && c <= '9';
    if (c == '-') {
      if (part_length == 0) return false;
      first_part = false;
      part_length = 0;
    } else if ((letter || (digit && !first_part)) && part_length < 8) {
      ++part_length;
    } else {
      return false;
    }
  }
  return part_length > 0;
}

// An http(s) URL that xs:anyURI accepts, checked as libxml2's schema validator does: characters a URI may not hold
// but an IRI may (non-ASCII, '{', '|', …) stand in as '_', then the whole must parse as a URI (so "%zz" or a second
// '#' fail).
bool IsWebUrl(std::string_view url) {
  if (!url.starts_with("https://") && !url.starts_with("http://")) return false;
  std::string stand_in(url);
  for (char& c : stand_in) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 32) return false;  // whitespace and control characters: not a URL at all
    if (byte >= 127 || std::string_view("<>\"{}|\\^`'").find(c) != std::string_view::npos) c = '_';
  }
  xmlURIPtr parsed = xmlParseURI(stand_in.c_str());
  if (parsed == nullptr) return false;
  xmlFreeURI(parsed);
  return true;
}

Result<std::string> TimeIn(std::string_view field, const CapTime& time) {
  Result<std::string> text = FormatCapTime(time);
  if (!text.ok()) return Invalid(field, text.status().message());
  return text;
}

Status CheckInfo(std::string_view field, const CapInfo& info) {
  if (!IsLanguageTag(info.language)) {
    return Invalid(field, "the language \"" + info.language + "\" is not a language tag such as \"vi\" or \"en-US\"");
  }
  if (info.categories.empty()) return Invalid(field, "has no category");
  if (info.event.empty()) return Invalid(field, "the event is empty");
  if (!info.web.empty() && !IsWebUrl(info.web)) return Invalid(field, "web \"" + info.web + "\" is not an http(s) URL");
  const std::pair<const char*, const std::string*> texts[] = {
      {"event", &info.event},
      {"senderName", &info.sender_name},
      {"headline", &info.headline},
      {"description", &info.description},
      {"instruction", &info.instruction},
      {"web", &info.web},
      {"contact", &info.contact},
  };
  for (const auto& [name, text] : texts) CHANCERY_TRY(CheckXmlText(std::string(field) + " " + name, *text));
  for (std::size_t i = 0; i < info.areas.size(); ++i) {
    const std::string area_field = std::string(field) + " area " + std::to_string(i + 1);
    if (info.areas[i].description.empty()) return Invalid(area_field, "the description (areaDesc) is empty");
    CHANCERY_TRY(CheckXmlText(area_field, info.areas[i].description));
  }
  return Status::Ok();
}

std::string InfoField(std::size_t index, const CapInfo& info) {
  return "info " + std::to_string(index + 1) + " (" + info.language + ")";
}

void WriteInfo(detail::XmlWriter& writer, const CapInfo& info, const std::string& expires) {
  writer.StartElement("info");
  writer.Element("language", info.language);
  for (const CapCategory category : info.categories) writer.Element("category", CapName(category));
  writer.Element("event", info.event);
  for (const CapResponseType response : info.response_types) writer.Element("responseType", CapName(response));
  writer.Element("urgency", CapName(info.urgency));
  writer.Element("severity", CapName(info.severity));
  writer.Element("certainty", CapName(info.certainty));
  if (!expires.empty()) writer.Element("expires", expires);
  const std::pair<const char*, const std::string*> optional_texts[] = {
      {"senderName", &info.sender_name},  {"headline", &info.headline}, {"description", &info.description},
      {"instruction", &info.instruction}, {"web", &info.web},           {"contact", &info.contact},
  };
  for (const auto& [name, text] : optional_texts) {
    if (!text->empty()) writer.Element(name, *text);
  }
  for (const CapArea& area : info.areas) {
    writer.StartElement("area");
    writer.Element("areaDesc", area.description);
    for (const Polygon& polygon : area.area.polygons) writer.Element("polygon", polygon.ToCap());
    for (const Circle& circle : area.area.circles) writer.Element("circle", circle.ToCap());
    for (const CountryCode& country : area.area.countries) {
      writer.StartElement("geocode");
      writer.Element("valueName", kCountryGeocodeName);
      writer.Element("value", country.text());
      writer.EndElement();
    }
    writer.EndElement();
  }
  writer.EndElement();
}

}  // namespace

const char* CapName(CapStatus value) { return NameIn(kStatusNames, value); }
const char* CapName(CapMessageType value) { return NameIn(kMessageTypeNames, value); }
const char* CapName(CapScope value) { return NameIn(kScopeNames, value); }
const char* CapName(CapCategory value) { return NameIn(kCategoryNames, value); }
const char* CapName(CapResponseType value) { return NameIn(kResponseTypeNames, value); }
const char* CapName(CapUrgency value) { return NameIn(kUrgencyNames, value); }
const char* CapName(CapSeverity value) { return NameIn(kSeverityNames, value); }
const char* CapName(CapCertainty value) { return NameIn(kCertaintyNames, value); }

Result<std::string> FormatCapTime(const CapTime& time) {
  using namespace std::chrono;
  const minutes offset = time.utc_offset;
  if (abs(offset) > hours(14)) {
    return InvalidArgument("the UTC offset of " + std::to_string(offset.count()) + " minutes is beyond ±14:00");
  }
  const sys_seconds local = time.instant + offset;
  const sys_days day = floor<days>(local);
  const year_month_day date(day);
  if (date.year() < year(1) || date.year() > year(9999)) {
    return InvalidArgument("the year " + std::to_string(static_cast<int>(date.year())) + " is outside 0001–9999");
  }
  const long long second_of_day = (local - day).count();
  const long long offset_minutes = std::abs(offset.count());
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02lld:%02lld:%02lld%c%02lld:%02lld", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), second_of_day / 3600,
                second_of_day / 60 % 60, second_of_day % 60, offset > minutes(0) ? '+' : '-', offset_minutes / 60,
                offset_minutes % 60);
  return std::string(text);
}

Status CheckXmlText(std::string_view field, std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
    const unsigned char lead = byte(i);
    std::size_t length = 1;
    char32_t code_point = lead;
    char32_t smallest = 0;
    if (lead >= 0x80) {
      if ((lead & 0xE0) == 0xC0) {
        length = 2, code_point = lead & 0x1F, smallest = 0x80;
      } else if ((lead & 0xF0) == 0xE0) {
        length = 3, code_point = lead & 0x0F, smallest = 0x800;
      } else if ((lead & 0xF8) == 0xF0) {
        length = 4, code_point = lead & 0x07, smallest = 0x10000;
      } else {
        length = 0;
      }
      for (std::size_t k = 1; length != 0 && k < length; ++k) {
        if (i + k >= text.size() || (byte(i + k) & 0xC0) != 0x80) {
          length = 0;
        } else {
          code_point = (code_point << 6) | (byte(i + k) & 0x3F);
        }
      }
      if (length == 0 || code_point < smallest || code_point > 0x10FFFF ||
          (code_point >= 0xD800 && code_point <= 0xDFFF)) {
        return Invalid(field, "not valid UTF-8 at byte " + std::to_string(i));
      }
    }
    const bool allowed = code_point == 0x9 || code_point == 0xA || code_point == 0xD ||
                         (code_point >= 0x20 && code_point <= 0xD7FF) ||
                         (code_point >= 0xE000 && code_point <= 0xFFFD) || code_point >= 0x10000;
    if (!allowed) {
      char name[16];
      std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(code_point));
      return Invalid(field,
                     "the character " + std::string(name) + " at byte " + std::to_string(i) + " is not allowed in XML");
    }
    i += length;
  }
  return Status::Ok();
}

Result<std::string> WriteCapXml(const CapAlert& alert) {
  CHANCERY_TRY(CheckToken("identifier", alert.identifier));
  CHANCERY_TRY(CheckToken("sender", alert.sender));
  CHANCERY_ASSIGN_OR_RETURN(const std::string sent, TimeIn("sent", alert.sent));
  if (alert.scope == CapScope::kRestricted && alert.restriction.empty()) {
    return Invalid("restriction", "a Restricted alert needs one");
  }
  if (alert.scope == CapScope::kPrivate && alert.addresses.empty()) {
    return Invalid("addresses", "a Private alert needs them");
  }
  CHANCERY_TRY(CheckXmlText("restriction", alert.restriction));
  CHANCERY_TRY(CheckXmlText("note", alert.note));
  std::string addresses;
  for (std::size_t i = 0; i < alert.addresses.size(); ++i) {
    const std::string& address = alert.addresses[i];
    const std::string field = "address " + std::to_string(i + 1);
    if (address.empty() || address.find('"') != std::string::npos) {
      return Invalid(field, "is empty or holds a double quote");
    }
    CHANCERY_TRY(CheckXmlText(field, address));
    if (!addresses.empty()) addresses += ' ';
    addresses += address.find_first_of(" \t\r\n") == std::string::npos ? address : "\"" + address + "\"";
  }
  const bool needs_references = alert.message_type != CapMessageType::kAlert;
  if (needs_references && alert.references.empty()) {
    return Invalid("references", std::string("are missing; msgType ") + CapName(alert.message_type) +
                                     " must name the earlier messages it is about");
  }
  std::string references;
  for (std::size_t i = 0; i < alert.references.size(); ++i) {
    const CapReference& reference = alert.references[i];
    const std::string field = "reference " + std::to_string(i + 1);
    CHANCERY_TRY(CheckToken(field + " sender", reference.sender));
    CHANCERY_TRY(CheckToken(field + " identifier", reference.identifier));
    CHANCERY_ASSIGN_OR_RETURN(const std::string reference_sent, TimeIn(field + " sent", reference.sent));
    if (!references.empty()) references += ' ';
    references += reference.sender + "," + reference.identifier + "," + reference_sent;
  }
  std::set<std::string> languages;
  std::vector<std::string> expires(alert.infos.size());
  for (std::size_t i = 0; i < alert.infos.size(); ++i) {
    const CapInfo& info = alert.infos[i];
    const std::string field = InfoField(i, info);
    CHANCERY_TRY(CheckInfo(field, info));
    if (!languages.insert(info.language).second) return Invalid(field, "a second info in the same language");
    if (info.expires) {
      CHANCERY_ASSIGN_OR_RETURN(expires[i], TimeIn(field + " expires", *info.expires));
    }
  }

  detail::XmlWriter writer;
  writer.StartElement("alert");
  writer.Attribute("xmlns", kCapNamespace);
  writer.Element("identifier", alert.identifier);
  writer.Element("sender", alert.sender);
  writer.Element("sent", sent);
  writer.Element("status", CapName(alert.status));
  writer.Element("msgType", CapName(alert.message_type));
  writer.Element("scope", CapName(alert.scope));
  if (alert.scope == CapScope::kRestricted) writer.Element("restriction", alert.restriction);
  if (!addresses.empty()) writer.Element("addresses", addresses);
  if (!alert.note.empty()) writer.Element("note", alert.note);
  if (!references.empty()) writer.Element("references", references);
  for (std::size_t i = 0; i < alert.infos.size(); ++i) WriteInfo(writer, alert.infos[i], expires[i]);
  writer.EndElement();
  return writer.Finish();
}

// The writer.

namespace detail {

struct XmlWriter::State {
  xmlBufferPtr buffer = nullptr;
  xmlTextWriterPtr writer = nullptr;
  std::string failure;  // the first call that failed

  void Check(int result, const char* call) {
    if (result < 0 && failure.empty()) failure = call;
  }
};

XmlWriter::XmlWriter() : state_(std::make_unique<State>()) {
  // xmlInitParser sets up libxml2's globals; the first call must not race another.
  static std::once_flag initialised;
  std::call_once(initialised, [] { xmlInitParser(); });
  state_->buffer = xmlBufferCreate();
  if (state_->buffer != nullptr) state_->writer = xmlNewTextWriterMemory(state_->buffer, 0);
  if (state_->writer == nullptr) {
    state_->failure = "xmlNewTextWriterMemory";
    return;
  }
  state_->Check(xmlTextWriterSetIndent(state_->writer, 1), "xmlTextWriterSetIndent");
  state_->Check(xmlTextWriterSetIndentString(state_->writer, BAD_CAST "  "), "xmlTextWriterSetIndentString");
  state_->Check(xmlTextWriterStartDocument(state_->writer, nullptr, "UTF-8", nullptr), "xmlTextWriterStartDocument");
}

XmlWriter::~XmlWriter() {
  if (state_->writer != nullptr) xmlFreeTextWriter(state_->writer);
  if (state_->buffer != nullptr) xmlBufferFree(state_->buffer);
}

void XmlWriter::StartElement(const char* name) {
  if (!state_->failure.empty()) return;
  state_->Check(xmlTextWriterStartElement(state_->writer, BAD_CAST name), "xmlTextWriterStartElement");
}

void XmlWriter::Attribute(const char* name, std::string_view value) {
  if (!state_->failure.empty()) return;
  const std::string copy(value);
  state_->Check(xmlTextWriterWriteAttribute(state_->writer, BAD_CAST name, BAD_CAST copy.c_str()),
                "xmlTextWriterWriteAttribute");
}

void XmlWriter::Element(const char* name, std::string_view text) {
  if (!state_->failure.empty()) return;
  const std::string copy(text);
  state_->Check(xmlTextWriterWriteElement(state_->writer, BAD_CAST name, BAD_CAST copy.c_str()),
                "xmlTextWriterWriteElement");
}

void XmlWriter::EndElement() {
  if (!state_->failure.empty()) return;
  state_->Check(xmlTextWriterEndElement(state_->writer), "xmlTextWriterEndElement");
}

Result<std::string> XmlWriter::Finish() {
  if (state_->failure.empty()) state_->Check(xmlTextWriterEndDocument(state_->writer), "xmlTextWriterEndDocument");
  if (state_->failure.empty()) state_->Check(xmlTextWriterFlush(state_->writer), "xmlTextWriterFlush");
  if (!state_->failure.empty()) return Internal("writing XML failed in " + state_->failure);
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(state_->buffer)),
                     static_cast<std::size_t>(xmlBufferLength(state_->buffer)));
}

}  // namespace detail
}  // namespace chancery::alerts
