// The JSON forms of registrations, shared by the staff API, the portal API and the citizen's own export.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/fwd.hpp>

#include "core/status.hpp"
#include "modules/citizens/citizens.hpp"

namespace chancery::citizens {

boost::json::object ProfileToJson(const Profile& profile);
boost::json::object CitizenToJson(const Citizen& citizen);
boost::json::object SummaryToJson(const CitizenSummary& summary);
// Reads the profile fields present in `object` into `profile` (absent fields keep their value); kInvalidArgument
// naming the field when one has the wrong type.
Status ProfileFromJson(const boost::json::object& object, Profile& profile);

// Stays, household and emergency contacts as one JSON document (stored encrypted as one column), and back.
std::string DetailsToJson(const Profile& profile);
Status DetailsFromJson(std::string_view text, Profile& profile);

}  // namespace chancery::citizens
