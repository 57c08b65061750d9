#include "modules/audit/canonical.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <utility>
#include <vector>

#include "core/crypto.hpp"

namespace chancery::audit {
namespace {

constexpr std::size_t kMaxDetailBytes = 16 * 1024;

// Writes `value` canonically. Boost.JSON keeps object members in insertion order, so objects are written by hand
// with their keys sorted; scalars and strings use Boost.JSON's serialiser, which escapes only what JSON requires.
void WriteCanonical(const boost::json::value& value, std::string& out) {
  if (value.is_object()) {
    const boost::json::object& object = value.get_object();
    std::vector<const boost::json::key_value_pair*> members;
    members.reserve(object.size());
    for (const auto& member : object) members.push_back(&member);
    std::sort(members.begin(), members.end(), [](const auto* a, const auto* b) { return a->key() < b->key(); });
    out.push_back('{');
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (i > 0) out.push_back(',');
      out += JsonQuote(members[i]->key());
      out.push_back(':');
      WriteCanonical(members[i]->value(), out);
    }
    out.push_back('}');
  } else if (value.is_array()) {
    const boost::json::array& array = value.get_array();
    out.push_back('[');
    for (std::size_t i = 0; i < array.size(); ++i) {
      if (i > 0) out.push_back(',');
      WriteCanonical(array[i], out);
    }
    out.push_back(']');
  } else {
    out += boost::json::serialize(value);
  }
}

bool IsSegmentStart(char c) { return c >= 'a' && c <= 'z'; }
bool IsSegmentChar(char c) { return IsSegmentStart(c) || (c >= '0' && c <= '9') || c == '_'; }

// Counts the segments of a dotted name, or returns -1 when a segment is malformed. A trailing '.' is allowed only
// when `allow_trailing_dot`.
int CountSegments(std::string_view name, bool allow_trailing_dot) {
  int segments = 0;
  std::size_t start = 0;
  while (start < name.size()) {
    std::size_t end = name.find('.', start);
    std::string_view segment = name.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (segment.empty() || !IsSegmentStart(segment.front())) return -1;
    if (!std::all_of(segment.begin(), segment.end(), IsSegmentChar)) return -1;
    ++segments;
    if (end == std::string_view::npos) return segments;
    start = end + 1;
    if (start == name.size() && !allow_trailing_dot) return -1;
  }
  return segments;
}

Status CheckLength(std::string_view field, const std::string& value, std::size_t max_length) {
  if (value.size() > max_length)
    return InvalidArgument(fmt::format("audit {} is longer than {} bytes", field, max_length));
  return Status::Ok();
}

}  // namespace

Result<std::string> CanonicalJson(std::string_view json) {
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(json, error);
  if (error) return InvalidArgument(fmt::format("not valid JSON: {}", error.message()));
  std::string out;
  out.reserve(json.size());
  WriteCanonical(value, out);
  return out;
}

Result<std::string> CanonicalDetail(std::string_view detail_json) {
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(detail_json, error);
  if (error) return InvalidArgument(fmt::format("audit detail is not valid JSON: {}", error.message()));
  if (!value.is_object()) return InvalidArgument("audit detail must be a JSON object");
  std::string out;
  out.reserve(detail_json.size());
  WriteCanonical(value, out);
  return out;
}

std::string JsonQuote(std::string_view text) { return boost::json::serialize(boost::json::string_view(text)); }

std::string CanonicalForm(const AuditEntry& entry) {
  const AuditEvent& event = entry.event;
  return fmt::format("[{},{},{},{},{},{},{},{},{},{},{},{}]", entry.seq, entry.at_ms, event.actor_user_id,
                     JsonQuote(event.actor), JsonQuote(event.action),
                     event.unit_id ? std::to_string(*event.unit_id) : std::string("null"), JsonQuote(event.target_type),
                     JsonQuote(event.target_id), JsonQuote(event.outcome), event.detail_json,
                     JsonQuote(event.remote_address), JsonQuote(event.request_id));
}

std::string ChainHash(std::string_view previous_hash, std::string_view canonical_form) {
  std::string input;
  input.reserve(previous_hash.size() + 1 + canonical_form.size());
  input.append(previous_hash).append("\n").append(canonical_form);
  return crypto::Sha256Hex(input);
}

Status ValidateActionName(std::string_view action) {
  if (action.size() > 100 || CountSegments(action, /*allow_trailing_dot=*/false) < 2) {
    return InvalidArgument(fmt::format(
        "audit action \"{}\" must be a lower-case dotted name such as \"auth.login\" (at most 100 characters)",
        action.substr(0, 100)));
  }
  return Status::Ok();
}

Status ValidateActionFilter(std::string_view action) {
  if (action.size() <= 100 && CountSegments(action, /*allow_trailing_dot=*/true) >= 1 &&
      (action.back() == '.' || action.find('.') != std::string_view::npos)) {
    return Status::Ok();
  }
  return InvalidArgument(
      "action must be an action name such as \"auth.login\" or a prefix ending in '.' such as \"auth.\"");
}

Result<std::string> ValidateEvent(const AuditEvent& event) {
  CHANCERY_TRY(ValidateActionName(event.action));
  if (event.outcome != "success" && event.outcome != "failure") {
    return InvalidArgument(fmt::format("audit outcome must be \"success\" or \"failure\", not \"{}\"", event.outcome));
  }
  if (event.actor.empty()) return InvalidArgument("audit actor must not be empty");
  CHANCERY_TRY(CheckLength("actor", event.actor, 200));
  CHANCERY_TRY(CheckLength("target_type", event.target_type, 100));
  CHANCERY_TRY(CheckLength("target_id", event.target_id, 200));
  CHANCERY_TRY(CheckLength("remote_address", event.remote_address, 100));
  CHANCERY_TRY(CheckLength("request_id", event.request_id, 200));
  CHANCERY_TRY(CheckLength("detail", event.detail_json, kMaxDetailBytes));
  return CanonicalDetail(event.detail_json);
}

}  // namespace chancery::audit
