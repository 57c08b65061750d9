// JSON for cables (docs/api.md, "Cables"): parsing drafts and serialising cables. The shapes are those of the
// OpenAPI document (src/server/openapi.json).
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <functional>

#include "core/status.hpp"
#include "modules/cables/cables.hpp"

namespace chancery::cables {

// A draft or an edit from a request body; unknown keys are refused so that a typo is not silently ignored.
Result<CableDraft> ParseCableDraft(const boost::json::object& body);

// How much of a cable to show: a list row or the matrix (no body), or everything.
enum class CableView { kSummary, kFull, kTracking };

// Users appear as {id, username, display_name}; `describe_user` supplies that object for an id (null if unknown).
using UserDescriber = std::function<boost::json::value(std::int64_t user_id)>;
boost::json::object CableToJson(const Cable& cable, CableView view, const UserDescriber& describe_user);

}  // namespace chancery::cables
