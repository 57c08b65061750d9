// Regions: the world regions the ministry groups its missions by (asia, europe, americas, africa, oceania,
// middle_east) and "international" for permanent missions to international organisations. A unit's region is
// derived from its kind and country, never entered by hand, so filters by region stay consistent.
//
// The table covers every ISO 3166-1 alpha-2 code ICU knows (a unit test checks this). Antarctic territories are
// grouped with oceania; the Caucasus and Cyprus with europe; Egypt, Türkiye and the Gulf with middle_east.
//
// Thread-safety: pure functions over constant tables.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "modules/directory/directory.hpp"

namespace chancery::directory {

inline constexpr std::string_view kRegionInternational = "international";

// Every region name, in a stable order.
const std::vector<std::string_view>& Regions();
// The region of an ISO 3166-1 alpha-2 code (upper case); nullopt for an unknown code.
std::optional<std::string_view> RegionOfCountry(std::string_view country);
// A unit's region: "international" for permanent missions, otherwise its country's region ("" if unknown).
std::string_view RegionOfUnit(UnitKind kind, std::string_view country);

}  // namespace chancery::directory
