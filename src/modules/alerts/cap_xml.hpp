// CAP 1.2 documents: an alert as plain structs, written as <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
// in UTF-8, element by element in the order of the OASIS schema (tests/fixtures/cap/cap-v1.2.xsd), which every
// document WriteCapXml returns passes.
//
// Before writing, the rules of the standard that the schema cannot see are checked, and a breach is
// kInvalidArgument naming the field ("info 2 (en): the event is empty"):
//   - identifier and sender are non-empty, without spaces, commas, '<' or '&' (references are built from them);
//   - times are whole seconds with an offset within ±14:00; UTC is written "-00:00", never "Z" (CAP 1.2, 3.3.2);
//   - Restricted needs a restriction, Private needs addresses; Update, Cancel, Ack and Error need references;
//   - each info has a language tag (RFC 5646, as xs:language) of its own (one info per language), at least one
//     category and an event; each area has a description; web, when given, is an http(s) URL;
//   - all text is valid UTF-8 made of characters XML 1.0 allows (text is escaped, so '<', '&' and quotes are
//     fine).
//
// Thread-safety: pure functions; they may run on any number of threads at once.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "modules/alerts/area.hpp"

namespace chancery::alerts {

// An instant and the UTC offset to write it with.
struct CapTime {
  std::chrono::sys_seconds instant;
  std::chrono::minutes utc_offset{0};
};

// "2026-12-06T10:15:00+07:00": local time at the offset; "-00:00" for UTC. kInvalidArgument when the offset is
// beyond ±14:00 (xs:dateTime) or the local year is outside 0001–9999.
Result<std::string> FormatCapTime(const CapTime& time);

enum class CapStatus { kActual, kExercise, kSystem, kTest, kDraft };
enum class CapMessageType { kAlert, kUpdate, kCancel, kAck, kError };
enum class CapScope { kPublic, kRestricted, kPrivate };
enum class CapCategory {
  kGeo,
  kMet,
  kSafety,
  kSecurity,
  kRescue,
  kFire,
  kHealth,
  kEnv,
  kTransport,
  kInfra,
  kCbrne,
  kOther,
};
enum class CapResponseType { kShelter, kEvacuate, kPrepare, kExecute, kAvoid, kMonitor, kAssess, kAllClear, kNone };
enum class CapUrgency { kImmediate, kExpected, kFuture, kPast, kUnknown };
enum class CapSeverity { kExtreme, kSevere, kModerate, kMinor, kUnknown };
enum class CapCertainty { kObserved, kLikely, kPossible, kUnlikely, kUnknown };

// The spelling CAP uses: "Actual", "CBRNE", "AllClear".
const char* CapName(CapStatus value);
const char* CapName(CapMessageType value);
const char* CapName(CapScope value);
const char* CapName(CapCategory value);
const char* CapName(CapResponseType value);
const char* CapName(CapUrgency value);
const char* CapName(CapSeverity value);
const char* CapName(CapCertainty value);

// An earlier message, written "sender,identifier,sent".
struct CapReference {
  std::string sender;
  std::string identifier;
  CapTime sent;
};

struct CapArea {
  std::string description;  // <areaDesc>, e.g. "Hà Nội và vùng lân cận"
  Area area;                // polygons, circles, and countries as ISO3166-1 geocodes
};

struct CapInfo {
  std::string language = "en-US";  // CAP's default
  std::vector<CapCategory> categories;
  std::string event;
  std::vector<CapResponseType> response_types;
  CapUrgency urgency = CapUrgency::kUnknown;
  CapSeverity severity = CapSeverity::kUnknown;
  CapCertainty certainty = CapCertainty::kUnknown;
  std::optional<CapTime> expires;
  // Left out of the document when empty.
  std::string sender_name;
  std::string headline;
  std::string description;
  std::string instruction;
  std::string web;
  std::string contact;
  std::vector<CapArea> areas;
};

struct CapAlert {
  std::string identifier;
  std::string sender;
  CapTime sent;
  CapStatus status = CapStatus::kActual;
  CapMessageType message_type = CapMessageType::kAlert;
  CapScope scope = CapScope::kPublic;
  std::string restriction;             // written for Restricted only
  std::vector<std::string> addresses;  // written space-separated, quoted when they hold a space
  std::string note;
  std::vector<CapReference> references;
  std::vector<CapInfo> infos;
};

Result<std::string> WriteCapXml(const CapAlert& alert);

// OK when `text` is valid UTF-8 of characters XML 1.0 allows; otherwise kInvalidArgument saying which field and
// at which byte. Writers of XML (CAP, Atom) check their text with it.
Status CheckXmlText(std::string_view field, std::string_view text);

namespace detail {

// The writer under WriteCapXml and WriteAtomFeed: libxml2's xmlTextWriter into memory, indented by two spaces,
// escaping text and attribute values. The first failing call is remembered and reported by Finish. Not for use
// from other modules. Thread-safety: one writer per thread.
class XmlWriter {
 public:
  XmlWriter();
  ~XmlWriter();
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  void StartElement(const char* name);
  void Attribute(const char* name, std::string_view value);
  // <name>text</name>
  void Element(const char* name, std::string_view text);
  void EndElement();
  // The document, or kInternal when libxml2 failed.
  Result<std::string> Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace detail

}  // namespace chancery::alerts
