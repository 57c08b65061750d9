// Validation of a unit as the directory stores it: codes, names, ISO 3166-1 countries, IANA time zones, BCP 47
// language tags, coordinates, contacts, the parent rules of the tree and the shape of a jurisdiction.
//
// Contract: each function returns OK or kInvalidArgument with a sentence a user can act on and the JSON pointer
// of the offending field (e.g. "/time_zone"). Rules that need other rows (the one primary mission per country,
// unique codes) are checked by DirectoryService inside its transaction.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>

#include "core/status.hpp"
#include "modules/directory/directory.hpp"

namespace chancery::directory {

// Checks every field of `unit` on its own (not the parent link).
Status ValidateUnitFields(const Unit& unit);
// Checks the tree rules: the ministry is the only root; HQ departments sit under the ministry or another HQ
// department; a mission's parent is the ministry. `parent` is the unit named by unit.parent_id, if it exists.
Status ValidateParent(const Unit& unit, const std::optional<Unit>& parent);

}  // namespace chancery::directory
