// JSON for the audit API and the live feed: an entry as docs/api.md shows it, and the ISO 8601 times the search
// accepts.
//
// Thread-safety: free functions without shared state.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string_view>

#include "modules/audit/audit.hpp"

namespace chancery::audit {

// {seq, at (ISO 8601 UTC), actor, actor_user_id, action, unit_id|null, target_type, target_id, outcome, detail
// (object), remote_address, request_id}. Hashes are not exposed: Verify is the way to check the chain.
boost::json::object EntryToJson(const AuditEntry& entry);

// {"type":"audit.entry","entry":{...}}, serialised: one message of the live feed.
std::string EntryEventMessage(const AuditEntry& entry);

}  // namespace chancery::audit
