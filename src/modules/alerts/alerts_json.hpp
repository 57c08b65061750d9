// The JSON form of alerts, used both by the API and to store an alert's content (one column).
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/fwd.hpp>

#include "core/status.hpp"
#include "modules/alerts/alerts.hpp"

namespace chancery::alerts {

boost::json::object ContentToJson(const AlertContent& content);
// Reads every field of `object` (CAP names, e.g. "Actual", "Immediate"); kInvalidArgument naming the field when
// one is missing or wrong. Only the form is checked here; the rules are AlertRules's.
Status ContentFromJson(const boost::json::object& object, AlertContent& content);
boost::json::object AlertToJson(const Alert& alert);

}  // namespace chancery::alerts
