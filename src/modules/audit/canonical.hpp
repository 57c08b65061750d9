// The hash chain's canonical form: how an audit entry is turned into bytes before hashing, and the checks Append
// makes on an event. README.md specifies the same format for external verifiers; change both or neither, and never
// change it for entries already written.
//
//   canonical(entry) = JSON array, no whitespace:
//     [seq, at, actor_user_id, actor, action, unit_id|null, target_type, target_id, outcome, detail,
//      remote_address, request_id]
//   hash(entry) = lower-case hex SHA-256 of (previous_hash + "\n" + canonical(entry))
//
// Integers are written in decimal, strings as JSON strings (escaping only '"', '\\' and control characters, UTF-8
// kept as is), and detail is the stored detail text, which Append writes as canonical JSON: object keys sorted by
// their UTF-8 bytes, recursively, no whitespace.
//
// Thread-safety: free functions without shared state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "modules/audit/audit.hpp"

namespace chancery::audit {

// The hash of the (virtual) entry before the first one: 64 zeros.
inline constexpr std::string_view kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

// Parses `json` and serialises it with object keys sorted, recursively, without whitespace. kInvalidArgument when
// it is not JSON.
Result<std::string> CanonicalJson(std::string_view json);

// Like CanonicalJson, but also requires a JSON object (the shape of an entry's detail).
Result<std::string> CanonicalDetail(std::string_view detail_json);

// `text` as a JSON string literal, quotes included.
std::string JsonQuote(std::string_view text);

// The canonical form of an entry; entry.event.detail_json is used verbatim (it is stored canonical).
std::string CanonicalForm(const AuditEntry& entry);

// SHA-256 hex of previous_hash + "\n" + canonical_form.
std::string ChainHash(std::string_view previous_hash, std::string_view canonical_form);

// OK for a lower-case dotted name such as "auth.login" or "role.granted" (segments of [a-z0-9_] starting with a
// letter, at least two segments, at most 100 characters).
Status ValidateActionName(std::string_view action);
// OK for an action name or a prefix of one ending in '.', as accepted by AuditFilter::action ("auth.").
Status ValidateActionFilter(std::string_view action);

// Every check Append makes on an event before writing it; returns the canonical detail.
Result<std::string> ValidateEvent(const AuditEvent& event);

}  // namespace chancery::audit
