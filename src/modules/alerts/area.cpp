// Alert areas: parsing and writing CAP's text forms, and the containment tests.
#include "modules/alerts/area.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>

namespace chancery::alerts {
namespace {

constexpr double kRadiansPerDegree = std::numbers::pi / 180;
// How far a circle's box reaches beyond the exact one: about 1 cm, far above the rounding of the formulas.
constexpr double kBoxPadding = 1e-7;
// Points closer than this (in degrees) to the line through the two farthest-apart points count as on it.
constexpr double kCollinearTolerance = 1e-9;
constexpr int kMaxBands = 1024;

std::vector<std::string_view> SplitOnWhitespace(std::string_view text) {
  std::vector<std::string_view> tokens;
  constexpr std::string_view kWhitespace = " \t\r\n";
  std::size_t at = text.find_first_not_of(kWhitespace);
  while (at != std::string_view::npos) {
    const std::size_t end = text.find_first_of(kWhitespace, at);
    tokens.push_back(text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
    at = end == std::string_view::npos ? end : text.find_first_not_of(kWhitespace, end);
  }
  return tokens;
}

// A decimal number (a leading '+' is allowed); not NaN or infinite.
bool ParseNumber(std::string_view text, double& value) {
  if (text.starts_with('+')) text.remove_prefix(1);
  if (text.empty()) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

// The shortest fixed-point text that reads back as the same double (never an exponent, which CAP readers may not
// expect).
std::string FormatNumber(double value) {
  if (value == 0) value = 0;  // no "-0"
  char buffer[512];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  return error == std::errc() ? std::string(buffer, end) : std::string("0");
}

std::string FormatPair(GeoPoint point) { return FormatNumber(point.latitude) + "," + FormatNumber(point.longitude); }

bool LatitudeInRange(double latitude) { return latitude >= -90 && latitude <= 90; }
bool LongitudeInRange(double longitude) { return longitude >= -180 && longitude <= 180; }

// "lat,lon" → a point; a failure says what is wrong with the pair, without saying which pair it is.
Result<GeoPoint> ParsePair(std::string_view pair) {
  const std::size_t comma = pair.find(',');
  if (comma == std::string_view::npos) return InvalidArgument("expected \"latitude,longitude\"");
  const std::string_view latitude_text = pair.substr(0, comma);
  const std::string_view longitude_text = pair.substr(comma + 1);
  GeoPoint point;
  if (!ParseNumber(latitude_text, point.latitude)) {
    return InvalidArgument("the latitude \"" + std::string(latitude_text) + "\" is not a number");
  }
  if (!ParseNumber(longitude_text, point.longitude)) {
    return InvalidArgument("the longitude \"" + std::string(longitude_text) + "\" is not a number");
  }
  if (!LatitudeInRange(point.latitude)) {
    return InvalidArgument("latitude " + FormatNumber(point.latitude) + " is out of range [-90, 90]");
  }
  if (!LongitudeInRange(point.longitude)) {
    return InvalidArgument("longitude " + FormatNumber(point.longitude) + " is out of range [-180, 180]");
  }
  return point;
}

// Whether every point lies on one straight line (in the latitude/longitude plane), which leaves no area inside.
bool AllOnOneLine(const std::vector<GeoPoint>& ring) {
  const GeoPoint origin = ring.front();
  GeoPoint farthest = origin;
  double farthest_squared = 0;
  for (const GeoPoint& point : ring) {
    const double dx = point.longitude - origin.longitude;
    const double dy = point.latitude - origin.latitude;
    if (dx * dx + dy * dy > farthest_squared) {
      farthest_squared = dx * dx + dy * dy;
      farthest = point;
    }
  }
  if (farthest_squared == 0) return true;
  const double length = std::sqrt(farthest_squared);
  const double ux = (farthest.longitude - origin.longitude) / length;
  const double uy = (farthest.latitude - origin.latitude) / length;
  return std::all_of(ring.begin(), ring.end(), [&](const GeoPoint& point) {
    const double cross = ux * (point.latitude - origin.latitude) - uy * (point.longitude - origin.longitude);
    return std::abs(cross) <= kCollinearTolerance;
  });
}

}  // namespace

double GreatCircleDistanceKm(GeoPoint from, GeoPoint to) {
  const double half_latitude = (to.latitude - from.latitude) * kRadiansPerDegree / 2;
  const double half_longitude = (to.longitude - from.longitude) * kRadiansPerDegree / 2;
  const double term = std::sin(half_latitude) * std::sin(half_latitude) +
                      std::cos(from.latitude * kRadiansPerDegree) * std::cos(to.latitude * kRadiansPerDegree) *
                          std::sin(half_longitude) * std::sin(half_longitude);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(term)));
}

bool BoundingBox::Contains(double latitude, double longitude) const {
  if (!(latitude >= south && latitude <= north)) return false;
  if (CrossesAntimeridian()) return longitude >= west || longitude <= east;
  return longitude >= west && longitude <= east;
}

// Polygon.

Result<Polygon> Polygon::Parse(std::string_view text) {
  const std::vector<std::string_view> pairs = SplitOnWhitespace(text);
  if (pairs.empty()) return InvalidArgument("is empty; expected \"lat,lon lat,lon …\"");
  std::vector<GeoPoint> ring;
  ring.reserve(pairs.size());
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    Result<GeoPoint> point = ParsePair(pairs[i]);
    if (!point.ok()) {
      return InvalidArgument("pair " + std::to_string(i + 1) + " \"" + std::string(pairs[i]) +
                             "\": " + point.status().message());
    }
    ring.push_back(*point);
  }
  return FromRing(std::move(ring));
}

Result<Polygon> Polygon::FromRing(std::vector<GeoPoint> ring) {
  for (std::size_t i = 0; i < ring.size(); ++i) {
    if (!LatitudeInRange(ring[i].latitude)) {
      return InvalidArgument("pair " + std::to_string(i + 1) + ": latitude " + FormatNumber(ring[i].latitude) +
                             " is out of range [-90, 90]");
    }
    if (!LongitudeInRange(ring[i].longitude)) {
      return InvalidArgument("pair " + std::to_string(i + 1) + ": longitude " + FormatNumber(ring[i].longitude) +
                             " is out of range [-180, 180]");
    }
  }
  if (ring.size() < 4) {
    return InvalidArgument("has " + std::to_string(ring.size()) +
                           " pairs; a closed ring needs at least 4 (three corners and the first again)");
  }
  if (ring.front() != ring.back()) {
    return InvalidArgument("the ring is not closed: the first pair " + FormatPair(ring.front()) +
                           " differs from the last " + FormatPair(ring.back()));
  }
  Polygon polygon;
  polygon.bounds_ = {.south = 90, .west = 180, .north = -90, .east = -180};
  for (const GeoPoint& point : ring) {
    polygon.bounds_.south = std::min(polygon.bounds_.south, point.latitude);
    polygon.bounds_.north = std::max(polygon.bounds_.north, point.latitude);
    polygon.bounds_.west = std::min(polygon.bounds_.west, point.longitude);
    polygon.bounds_.east = std::max(polygon.bounds_.east, point.longitude);
  }
  if (polygon.bounds_.east - polygon.bounds_.west > 180) {
    return InvalidArgument("spans " + FormatNumber(polygon.bounds_.east - polygon.bounds_.west) +
                           "° of longitude, more than 180°: a polygon cannot cross the antimeridian (write one "
                           "polygon each side of it)");
  }
  if (AllOnOneLine(ring)) return InvalidArgument("is degenerate: all its points lie on one line, enclosing nothing");
  polygon.ring_ = std::move(ring);
  polygon.BuildBands();
  return polygon;
}

int Polygon::BandOf(double latitude) const {
  const int band_count = static_cast<int>(band_starts_.size()) - 1;
  const double band = std::floor((latitude - bounds_.south) * band_scale_);
  if (!(band >= 0)) return 0;
  if (band >= band_count) return band_count - 1;
  return static_cast<int>(band);
}

void Polygon::BuildBands() {
  const std::size_t edge_count = ring_.size() - 1;
  const int band_count = static_cast<int>(std::clamp<std::size_t>(edge_count, 1, kMaxBands));
  const double height = bounds_.north - bounds_.south;
  band_scale_ = height > 0 ? band_count / height : 0;
  band_starts_.assign(band_count + 1, 0);
  // Two passes: count the edges of each band, then place them.
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<std::uint32_t> next(band_starts_.begin(), band_starts_.end() - 1);
    for (std::size_t i = 0; i < edge_count; ++i) {
      const GeoPoint from = ring_[i];
      const GeoPoint to = ring_[i + 1];
      if (from.latitude == to.latitude) continue;
      const int first = BandOf(std::min(from.latitude, to.latitude));
      const int last = BandOf(std::max(from.latitude, to.latitude));
      for (int band = first; band <= last; ++band) {
        if (pass == 0) {
          ++band_starts_[band + 1];
        } else {
          band_edges_[next[band]++] = {from.latitude, from.longitude, to.latitude, to.longitude};
        }
      }
    }
    if (pass == 0) {
      for (int band = 0; band < band_count; ++band) band_starts_[band + 1] += band_starts_[band];
      band_edges_.resize(band_starts_.back());
    }
  }
}

bool Polygon::Contains(double latitude, double longitude) const {
  if (!bounds_.Contains(latitude, longitude)) return false;
  const int band = BandOf(latitude);
  bool inside = false;
  for (std::uint32_t i = band_starts_[band]; i < band_starts_[band + 1]; ++i) {
    const Edge& edge = band_edges_[i];
    // The classic crossing test (W. R. Franklin's PNPOLY): the edge straddles the point's latitude, half-open so
    // that a vertex on the line counts once, and crosses it east of the point.
    if ((edge.latitude_from > latitude) != (edge.latitude_to > latitude)) {
      const double crossing = edge.longitude_from + (latitude - edge.latitude_from) *
                                                        (edge.longitude_to - edge.longitude_from) /
                                                        (edge.latitude_to - edge.latitude_from);
      if (longitude < crossing) inside = !inside;
    }
  }
  return inside;
}

std::string Polygon::ToCap() const {
  std::string text;
  for (const GeoPoint& point : ring_) {
    if (!text.empty()) text += ' ';
    text += FormatPair(point);
  }
  return text;
}

// Circle.

Result<Circle> Circle::Parse(std::string_view text) {
  const std::vector<std::string_view> tokens = SplitOnWhitespace(text);
  if (tokens.size() != 2) {
    return InvalidArgument("\"" + std::string(text) + "\": expected \"latitude,longitude radius_km\"");
  }
  Result<GeoPoint> center = ParsePair(tokens[0]);
  if (!center.ok()) {
    return InvalidArgument("centre \"" + std::string(tokens[0]) + "\": " + center.status().message());
  }
  double radius_km = 0;
  if (!ParseNumber(tokens[1], radius_km)) {
    return InvalidArgument("the radius \"" + std::string(tokens[1]) + "\" is not a number");
  }
  return Make(*center, radius_km);
}

Result<Circle> Circle::Make(GeoPoint center, double radius_km) {
  if (!LatitudeInRange(center.latitude)) {
    return InvalidArgument("centre latitude " + FormatNumber(center.latitude) + " is out of range [-90, 90]");
  }
  if (!LongitudeInRange(center.longitude)) {
    return InvalidArgument("centre longitude " + FormatNumber(center.longitude) + " is out of range [-180, 180]");
  }
  if (!(radius_km >= 0) || !std::isfinite(radius_km)) {
    return InvalidArgument("the radius " + FormatNumber(radius_km) + " km is negative or not finite");
  }
  Circle circle;
  circle.center_ = center;
  circle.radius_km_ = radius_km;
  circle.cos_center_latitude_ = std::cos(center.latitude * kRadiansPerDegree);
  const double angle = radius_km / kEarthRadiusKm;  // radians of arc
  if (angle >= std::numbers::pi) {
    circle.bounds_ = {.south = -90, .west = -180, .north = 90, .east = 180};
    circle.haversine_limit_ = 2;  // the haversine term never exceeds 1: every point
    return circle;
  }
  circle.haversine_limit_ = std::sin(angle / 2) * std::sin(angle / 2);
  const double angle_degrees = angle / kRadiansPerDegree;
  BoundingBox& box = circle.bounds_;
  box.south = center.latitude - angle_degrees - kBoxPadding;
  box.north = center.latitude + angle_degrees + kBoxPadding;
  // The widest longitude of a spherical cap that holds no pole is asin(sin(angle) / cos(latitude)) either side.
  const double reach = std::sin(angle) / circle.cos_center_latitude_;
  if (box.south <= -90 || box.north >= 90 || !(reach < 1)) {
    box.west = -180;
    box.east = 180;
  } else {
    const double half_width = std::asin(reach) / kRadiansPerDegree + kBoxPadding;
    box.west = center.longitude - half_width;
    box.east = center.longitude + half_width;
    if (box.west < -180) box.west += 360;  // now west > east: the box crosses the antimeridian
    if (box.east > 180) box.east -= 360;
  }
  box.south = std::max(box.south, -90.0);
  box.north = std::min(box.north, 90.0);
  return circle;
}

bool Circle::Contains(double latitude, double longitude) const {
  if (!bounds_.Contains(latitude, longitude)) return false;
  const double half_latitude = (latitude - center_.latitude) * kRadiansPerDegree / 2;
  const double half_longitude = (longitude - center_.longitude) * kRadiansPerDegree / 2;
  const double sin_half_latitude = std::sin(half_latitude);
  const double sin_half_longitude = std::sin(half_longitude);
  const double term = sin_half_latitude * sin_half_latitude + cos_center_latitude_ *
                                                                  std::cos(latitude * kRadiansPerDegree) *
                                                                  sin_half_longitude * sin_half_longitude;
  return term <= haversine_limit_;
}

std::string Circle::ToCap() const { return FormatPair(center_) + " " + FormatNumber(radius_km_); }

// Countries.

Result<CountryCode> CountryCode::Parse(std::string_view text) {
  const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  if (text.size() != 2 || !letter(text[0]) || !letter(text[1])) {
    return InvalidArgument("\"" + std::string(text) + "\" is not an ISO 3166-1 alpha-2 code (two letters)");
  }
  CountryCode code;
  for (int i = 0; i < 2; ++i) code.letters_[i] = static_cast<char>(text[i] & ~0x20);  // ASCII upper case
  return code;
}

Result<CountryCode> CountryCode::FromIndex(std::uint16_t index) {
  if (index >= 26 * 26) return InvalidArgument("country index " + std::to_string(index) + " is out of range");
  CountryCode code;
  code.letters_[0] = static_cast<char>('A' + index / 26);
  code.letters_[1] = static_cast<char>('A' + index % 26);
  return code;
}

// Area.

bool Area::Contains(double latitude, double longitude) const {
  return std::any_of(polygons.begin(), polygons.end(),
                     [&](const Polygon& polygon) { return polygon.Contains(latitude, longitude); }) ||
         std::any_of(circles.begin(), circles.end(),
                     [&](const Circle& circle) { return circle.Contains(latitude, longitude); });
}

bool Area::IncludesCountry(const CountryCode& country) const {
  return std::find(countries.begin(), countries.end(), country) != countries.end();
}

Result<Area> ParseArea(const std::vector<std::string>& polygons, const std::vector<std::string>& circles,
                       const std::vector<std::string>& countries) {
  Area area;
  for (std::size_t i = 0; i < polygons.size(); ++i) {
    Result<Polygon> polygon = Polygon::Parse(polygons[i]);
    if (!polygon.ok()) return InvalidArgument("polygon " + std::to_string(i + 1) + ": " + polygon.status().message());
    area.polygons.push_back(std::move(polygon).value());
  }
  for (std::size_t i = 0; i < circles.size(); ++i) {
    Result<Circle> circle = Circle::Parse(circles[i]);
    if (!circle.ok()) return InvalidArgument("circle " + std::to_string(i + 1) + ": " + circle.status().message());
    area.circles.push_back(*circle);
  }
  for (std::size_t i = 0; i < countries.size(); ++i) {
    Result<CountryCode> country = CountryCode::Parse(countries[i]);
    if (!country.ok()) return InvalidArgument("country " + std::to_string(i + 1) + ": " + country.status().message());
    if (!area.IncludesCountry(*country)) area.countries.push_back(*country);
  }
  return area;
}

}  // namespace chancery::alerts
