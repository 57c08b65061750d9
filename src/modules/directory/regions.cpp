#include "modules/directory/regions.hpp"

#include <array>
#include <utility>

namespace chancery::directory {
namespace {

// Region → space-separated country codes. Kept as text so the table reads like the map it describes.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kRegionCountries = {{
    {"asia", "AF BD BN BT CN DG HK ID IN IO JP KG KH KP KR KZ LA LK MM MN MO MV MY NP PH PK SG TH TJ TL TM TW UZ VN"},
    {"europe",
     "AD AL AM AT AX AZ BA BE BG BY CH CY CZ DE DK EA EE ES FI FO FR GB GE GG GI GR HR HU IC IE IM IS IT JE LI LT LU "
     "LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XK"},
    {"middle_east", "AE BH EG IL IQ IR JO KW LB OM PS QA SA SY TR YE"},
    {"africa",
     "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EH ER ET GA GH GM GN GQ GW KE KM LR LS LY MA MG ML MR MU MW MZ NA "
     "NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TF TG TN TZ UG YT ZA ZM ZW"},
    {"americas",
     "AG AI AR AW BB BL BM BO BQ BR BS BZ CA CL CO CR CU CW DM DO EC FK GD GF GL GP GS GT GY HN HT JM KN KY LC "
     "MF MQ MS MX NI PA PE PM PR PY SR SV SX TC TT US UY VC VE VG VI"},
    {"oceania", "AQ AS AU BV CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS"},
}};

}  // namespace

const std::vector<std::string_view>& Regions() {
  static const std::vector<std::string_view> kRegions = {"asia",     "europe",  "middle_east",       "africa",
                                                         "americas", "oceania", kRegionInternational};
  return kRegions;
}

std::optional<std::string_view> RegionOfCountry(std::string_view country) {
  if (country.size() != 2) return std::nullopt;
  for (const auto& [region, codes] : kRegionCountries) {
    for (std::size_t at = 0; at + 2 <= codes.size(); at += 3) {
      if (codes.substr(at, 2) == country) return region;
    }
  }
  return std::nullopt;
}

std::string_view RegionOfUnit(UnitKind kind, std::string_view country) {
  if (kind == UnitKind::kPermanentMission) return kRegionInternational;
  return RegionOfCountry(country).value_or("");
}

}  // namespace chancery::directory
