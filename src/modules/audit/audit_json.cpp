#include "modules/audit/audit_json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "core/clock.hpp"

namespace chancery::audit {

boost::json::object EntryToJson(const AuditEntry& entry) {
  const AuditEvent& event = entry.event;
  boost::json::object json;
  json["seq"] = entry.seq;
  json["at"] = FormatIsoTime(entry.at_ms);
  json["actor"] = event.actor;
  json["actor_user_id"] = event.actor_user_id;
  json["action"] = event.action;
  json["unit_id"] = event.unit_id ? boost::json::value(*event.unit_id) : boost::json::value(nullptr);
  json["target_type"] = event.target_type;
  json["target_id"] = event.target_id;
  json["outcome"] = event.outcome;
  boost::system::error_code error;
  boost::json::value detail = boost::json::parse(event.detail_json, error);
  json["detail"] = !error && detail.is_object() ? std::move(detail) : boost::json::object();
  json["remote_address"] = event.remote_address;
  json["request_id"] = event.request_id;
  return json;
}

std::string EntryEventMessage(const AuditEntry& entry) {
  boost::json::object message;
  message["type"] = "audit.entry";
  message["entry"] = EntryToJson(entry);
  return boost::json::serialize(message);
}

}  // namespace chancery::audit
