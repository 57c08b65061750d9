// The area of a crisis alert, as CAP 1.2 (OASIS Common Alerting Protocol) describes it: polygons, circles and
// country codes, any of which puts a citizen in.
//
// Text forms, as CAP writes them inside <polygon>, <circle> and <geocode>:
//   - polygon: "lat,lon lat,lon …" in WGS 84 decimal degrees, pairs separated by whitespace; a closed ring (the
//     first pair equals the last) of at least 4 pairs. Rejected with a message naming the pair and the fault:
//     a latitude outside [-90, 90] or a longitude outside [-180, 180], a ring that is not closed, fewer than 4
//     pairs, all points on one line (a degenerate ring), or a ring spanning more than 180° of longitude.
//   - circle: "lat,lon radius" with the radius in kilometres (>= 0).
//   - country: an ISO 3166-1 alpha-2 code ("VN"), written as <geocode><valueName>ISO3166-1</valueName>
//     <value>VN</value></geocode>. Only its form (two letters) is checked, not that the code is assigned.
//
// Containment:
//   - A polygon contains a point by the even-odd rule, computed in plain latitude/longitude as CAP does (edges are
//     straight lines on the plate carrée map, not great circles). A polygon therefore cannot cross the
//     antimeridian: a ring spanning more than 180° of longitude is rejected, since it almost certainly meant to go
//     the short way round; such an area is written as two polygons, one each side of 180°. A point on the boundary
//     may fall either way, but the same point always gets the same answer.
//   - A circle contains a point whose great-circle (haversine) distance from the centre, on a sphere of the mean
//     Earth radius (6371.0088 km), is at most the radius. Circles may cross the antimeridian and cover a pole.
//   - Every shape is false outside its bounding box, by construction, so that an index may prune by boxes without
//     ever disagreeing with Contains.
//
// Thread-safety: the types are immutable values once built; all functions are pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace chancery::alerts {

inline constexpr double kEarthRadiusKm = 6371.0088;

struct GeoPoint {
  double latitude = 0;
  double longitude = 0;
  friend bool operator==(const GeoPoint&, const GeoPoint&) = default;
};

// Great-circle distance by the haversine formula.
double GreatCircleDistanceKm(GeoPoint from, GeoPoint to);

// Edges included. A box whose west is greater than its east crosses the antimeridian (as in RFC 7946, §5.2): it
// holds longitudes >= west and those <= east.
struct BoundingBox {
  double south = 0;
  double west = 0;
  double north = 0;
  double east = 0;

  bool CrossesAntimeridian() const { return west > east; }
  bool Contains(double latitude, double longitude) const;
};

class Polygon {
 public:
  // The CAP text form, e.g. "10.5,106.6 10.9,106.6 10.9,107.0 10.5,106.6".
  static Result<Polygon> Parse(std::string_view text);
  // The same checks on a ring given as points (first == last).
  static Result<Polygon> FromRing(std::vector<GeoPoint> ring);

  // The CAP text form; Parse(ToCap()) gives back the same ring exactly (numbers are written in their shortest
  // round-trip form).
  std::string ToCap() const;
  bool Contains(double latitude, double longitude) const;

  const std::vector<GeoPoint>& ring() const { return ring_; }
  const BoundingBox& bounds() const { return bounds_; }

 private:
  // An edge that a horizontal line through a point may cross (horizontal edges never count).
  struct Edge {
    double latitude_from;
    double longitude_from;
    double latitude_to;
    double longitude_to;
  };

  Polygon() = default;
  void BuildBands();
  int BandOf(double latitude) const;

  std::vector<GeoPoint> ring_;
  BoundingBox bounds_;
  // Edges bucketed by bands of latitude, so that Contains looks only at the edges near the point's latitude. An
  // edge is in every band from BandOf(its lower end) to BandOf(its upper end); since BandOf is monotonic, every
  // edge a point's horizontal line can cross is in the point's band, and the answer is that of testing all edges.
  double band_scale_ = 0;                   // bands per degree of latitude
  std::vector<std::uint32_t> band_starts_;  // band b holds band_edges_[band_starts_[b], band_starts_[b + 1])
  std::vector<Edge> band_edges_;
};

class Circle {
 public:
  // The CAP text form, e.g. "21.0285,105.8542 50".
  static Result<Circle> Parse(std::string_view text);
  static Result<Circle> Make(GeoPoint center, double radius_km);

  std::string ToCap() const;
  bool Contains(double latitude, double longitude) const;

  GeoPoint center() const { return center_; }
  double radius_km() const { return radius_km_; }
  // Padded by a hair (about 1 cm) beyond the exact box, so that rounding never cuts the circle.
  const BoundingBox& bounds() const { return bounds_; }

 private:
  Circle() = default;

  GeoPoint center_;
  double radius_km_ = 0;
  BoundingBox bounds_;
  double cos_center_latitude_ = 1;
  // Contains compares the haversine term sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2) with sin²(radius / 2R), which is
  // the haversine distance test without the arcsine.
  double haversine_limit_ = 0;
};

// An ISO 3166-1 alpha-2 code, in capitals.
class CountryCode {
 public:
  // Two ASCII letters, either case ("vn" is "VN").
  static Result<CountryCode> Parse(std::string_view text);
  // The code of an index() value; an index of 26 * 26 or more is an error.
  static Result<CountryCode> FromIndex(std::uint16_t index);

  std::string_view text() const { return {letters_, 2}; }
  // (first letter - 'A') * 26 + (second letter - 'A'): how the recipient index stores a country.
  std::uint16_t index() const { return static_cast<std::uint16_t>((letters_[0] - 'A') * 26 + (letters_[1] - 'A')); }
  friend bool operator==(const CountryCode& left, const CountryCode& right) { return left.text() == right.text(); }

 private:
  CountryCode() = default;
  char letters_[2] = {'A', 'A'};
};

// The <valueName> of a country <geocode>.
inline constexpr std::string_view kCountryGeocodeName = "ISO3166-1";

struct Area {
  std::vector<Polygon> polygons;
  std::vector<Circle> circles;
  std::vector<CountryCode> countries;

  bool empty() const { return polygons.empty() && circles.empty() && countries.empty(); }
  // Whether the point lies in any polygon or circle (countries are not points: see the recipient index).
  bool Contains(double latitude, double longitude) const;
  bool IncludesCountry(const CountryCode& country) const;
};

// An area from its CAP text forms; a failure names the shape by kind and position ("polygon 2: pair 3 …").
Result<Area> ParseArea(const std::vector<std::string>& polygons, const std::vector<std::string>& circles,
                       const std::vector<std::string>& countries);

}  // namespace chancery::alerts
