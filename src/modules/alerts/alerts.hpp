// Crisis alerts to citizens abroad: one alert object with CAP 1.2 semantics (message type, status, scope,
// category, urgency, severity, certainty, texts in several languages, an area of polygons, circles and
// countries, an expiry), composed by a mission or an HQ desk, approved by a second person when it is large, and
// delivered to every registered citizen in its area who consented, once, in their language. This header is the
// module's public face.
//
// Lifecycle: draft → (awaiting approval →) sending → sent; a draft may be discarded. An Update or Cancel is a new
// alert referencing an earlier one of the same unit; sending a Cancel stops what the earlier one had not yet
// delivered. Recipients are the citizens of the sending unit's jurisdiction (every country for HQ) whose map
// point lies in a polygon or circle of the area, or whose residence country is one of the area's countries.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/alerts/cap_xml.hpp"

namespace chancery::alerts {

// One language's texts.
struct AlertText {
  std::string language;  // "vi", "en"
  std::string event;     // e.g. "Bão", "Earthquake"
  std::string headline;
  std::string description;
  std::string instruction;
};

struct AlertContent {
  std::int64_t unit_id = 0;
  CapMessageType message_type = CapMessageType::kAlert;
  CapStatus status = CapStatus::kActual;
  CapScope scope = CapScope::kPublic;
  std::optional<std::int64_t> references_id;  // Update and Cancel: the earlier alert
  std::vector<CapCategory> categories;
  std::vector<CapResponseType> response_types;
  CapUrgency urgency = CapUrgency::kUnknown;
  CapSeverity severity = CapSeverity::kUnknown;
  CapCertainty certainty = CapCertainty::kUnknown;
  std::vector<AlertText> texts;
  std::string area_description;
  std::vector<std::string> polygons;   // CAP text forms
  std::vector<std::string> circles;    // CAP text forms
  std::vector<std::string> countries;  // ISO 3166-1 alpha-2
  std::optional<std::int64_t> expires_at_ms;
  bool safety_check = false;  // ask "Are you safe?"
};

enum class AlertState { kDraft, kAwaitingApproval, kSending, kSent, kDiscarded };
const char* AlertStateName(AlertState state);

struct Alert {
  std::int64_t id = 0;
  std::string identifier;  // CAP identifier, unique: "vn.gov.mofa.alert.<id>"
  AlertContent content;
  AlertState state = AlertState::kDraft;
  std::int64_t created_by = 0;
  std::optional<std::int64_t> submitted_by;
  std::optional<std::int64_t> approved_by;
  std::optional<std::int64_t> sent_at_ms;
  std::int64_t recipients = 0;  // planned deliveries, once sending
  std::string reply_code;       // safety check: the code replies by SMS carry (e.g. "SAFE K7QM"), else empty
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

// Who an alert would reach, before it is sent.
struct RecipientPreview {
  std::int64_t total = 0;
  std::vector<std::pair<std::string, std::int64_t>> by_channel;   // "zalo_message", "sms", ... (reachable by)
  std::vector<std::pair<std::string, std::int64_t>> by_language;  // "vi", "en", ...
  std::int64_t without_channel = 0;                               // in the area but reachable by no consented channel
  bool needs_approval = false;
};

}  // namespace chancery::alerts
