// Alert areas: parse errors that say what is wrong and where; containment in a concave polygon, around Hà Nội, and
// across the antimeridian and a pole; the banded polygon test against testing every edge; text forms that round-trip.
#include "modules/alerts/area.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

namespace chancery::alerts {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(const std::vector<std::string>& polygons, const std::vector<std::string>& circles = {},
                    const std::vector<std::string>& countries = {}) {
  Result<Area> area = ParseArea(polygons, circles, countries);
  return area.ok() ? "(parsed)" : area.status().message();
}

Polygon PolygonOf(std::string_view text) {
  Result<Polygon> polygon = Polygon::Parse(text);
  EXPECT_TRUE(polygon.ok()) << polygon.status().message();
  return std::move(polygon).value();
}

Circle CircleOf(std::string_view text) {
  Result<Circle> circle = Circle::Parse(text);
  EXPECT_TRUE(circle.ok()) << circle.status().message();
  return std::move(circle).value();
}

// The point at `distance_km` from `from` along `bearing_degrees` (clockwise from north), on the same sphere.
GeoPoint Destination(GeoPoint from, double bearing_degrees, double distance_km) {
  constexpr double kRad = std::numbers::pi / 180;
  const double angle = distance_km / kEarthRadiusKm;
  const double bearing = bearing_degrees * kRad;
  const double lat1 = from.latitude * kRad;
  const double lat2 =
      std::asin(std::sin(lat1) * std::cos(angle) + std::cos(lat1) * std::sin(angle) * std::cos(bearing));
  double lon2 = from.longitude * kRad + std::atan2(std::sin(bearing) * std::sin(angle) * std::cos(lat1),
                                                   std::cos(angle) - std::sin(lat1) * std::sin(lat2));
  lon2 = std::remainder(lon2, 2 * std::numbers::pi);
  return {lat2 / kRad, lon2 / kRad};
}

TEST(AreaTest, ParseErrorsSayWhichShapeWhichPairAndWhatIsWrong) {
  const std::string good = "10,100 10,101 11,101 10,100";
  EXPECT_EQ(ErrorOf({good, "10,100 91.5,101 11,101 10,100"}),
            "polygon 2: pair 2 \"91.5,101\": latitude 91.5 is out of range [-90, 90]");
  EXPECT_EQ(ErrorOf({"10,100 10,181 11,101 10,100"}),
            "polygon 1: pair 2 \"10,181\": longitude 181 is out of range [-180, 180]");
  EXPECT_EQ(ErrorOf({"10,100 10,101 11,101 10,100.5"}),
            "polygon 1: the ring is not closed: the first pair 10,100 differs from the last 10,100.5");
  EXPECT_THAT(ErrorOf({"10,100 10,101 10,100"}), HasSubstr("polygon 1: has 3 pairs; a closed ring needs at least 4"));
  EXPECT_THAT(ErrorOf({"10,100 11,101 12,102 10,100"}), HasSubstr("polygon 1: is degenerate"));
  EXPECT_THAT(ErrorOf({"10,100 10,100 10,100 10,100"}), HasSubstr("degenerate"));
  EXPECT_EQ(ErrorOf({"10,100 10,1o1 11,101 10,100"}),
            "polygon 1: pair 2 \"10,1o1\": the longitude \"1o1\" is not a number");
  EXPECT_EQ(ErrorOf({"10,100 10;101 11,101 10,100"}), "polygon 1: pair 2 \"10;101\": expected \"latitude,longitude\"");
  EXPECT_THAT(ErrorOf({"10,100 nan,101 11,101 10,100"}), HasSubstr("the latitude \"nan\" is not a number"));
  EXPECT_THAT(ErrorOf({"  "}), HasSubstr("polygon 1: is empty"));
  // A box around Fiji drawn the long way round: 358° of longitude.
  EXPECT_THAT(ErrorOf({"-16,-179 -16,179 -18,179 -18,-179 -16,-179"}),
              HasSubstr("polygon 1: spans 358° of longitude, more than 180°: a polygon cannot cross the antimeridian"));

  EXPECT_EQ(ErrorOf({}, {"21.0285,105.8542"}),
            "circle 1: \"21.0285,105.8542\": expected \"latitude,longitude radius_km\"");
  EXPECT_THAT(ErrorOf({}, {"21,105 50", "21,105 -5"}), HasSubstr("circle 2: the radius -5 km is negative"));
  EXPECT_EQ(ErrorOf({}, {"95,105 50"}), "circle 1: centre \"95,105\": latitude 95 is out of range [-90, 90]");
  EXPECT_EQ(ErrorOf({}, {"21,105 fifty"}), "circle 1: the radius \"fifty\" is not a number");

  EXPECT_EQ(ErrorOf({}, {}, {"VN", "VNM"}), "country 2: \"VNM\" is not an ISO 3166-1 alpha-2 code (two letters)");
  EXPECT_THAT(ErrorOf({}, {}, {"V1"}), HasSubstr("country 1"));
  EXPECT_EQ(ErrorOf({good}, {"21,105 50"}, {"vn"}), "(parsed)");
}

TEST(AreaTest, ConcavePolygonHoldsItsArmsButNotTheNotch) {
  // A U open to the north: two arms (longitudes 105–106 and 107–108) joined by a bar along the south (10–11°N).
  const Polygon u = PolygonOf("10,105 10,108 13,108 13,107 11,107 11,106 13,106 13,105 10,105");
  EXPECT_TRUE(u.Contains(12, 105.5)) << "west arm";
  EXPECT_TRUE(u.Contains(12, 107.5)) << "east arm";
  EXPECT_TRUE(u.Contains(10.5, 106.5)) << "the bar";
  EXPECT_FALSE(u.Contains(12, 106.5)) << "the notch between the arms";
  EXPECT_FALSE(u.Contains(11.0001, 106.5)) << "just above the bar, in the notch";
  EXPECT_TRUE(u.Contains(10.9999, 106.5)) << "just below the notch, in the bar";
  EXPECT_FALSE(u.Contains(13.5, 105.5)) << "north of the west arm";
  EXPECT_FALSE(u.Contains(9.5, 106.5)) << "south of the bar";
  EXPECT_FALSE(u.Contains(12, 108.5)) << "east of the east arm";
  EXPECT_FALSE(u.Contains(std::nan(""), 106)) << "no point";
  const BoundingBox& box = u.bounds();
  EXPECT_EQ(box.south, 10);
  EXPECT_EQ(box.west, 105);
  EXPECT_EQ(box.north, 13);
  EXPECT_EQ(box.east, 108);
  EXPECT_FALSE(box.CrossesAntimeridian());
}

TEST(AreaTest, CircleAroundHanoiReachesHaiPhongOnlyWhenWideEnough) {
  const GeoPoint ha_noi{21.0285, 105.8542};
  const GeoPoint hai_phong{20.8449, 106.6881};
  EXPECT_NEAR(GreatCircleDistanceKm(ha_noi, hai_phong), 89.0, 0.5);
  const Circle fifty = CircleOf("21.0285,105.8542 50");
  EXPECT_TRUE(fifty.Contains(ha_noi.latitude, ha_noi.longitude));
  EXPECT_TRUE(fifty.Contains(21.0, 105.8)) << "6.5 km away";
  EXPECT_FALSE(fifty.Contains(hai_phong.latitude, hai_phong.longitude));
  const Circle hundred = CircleOf("21.0285,105.8542 100");
  EXPECT_TRUE(hundred.Contains(hai_phong.latitude, hai_phong.longitude));
  EXPECT_EQ(hundred.ToCap(), "21.0285,105.8542 100");
  // Just inside and just outside the rim, in every direction.
  for (double bearing = 0; bearing < 360; bearing += 7.5) {
    const GeoPoint inside = Destination(ha_noi, bearing, 49.999);
    const GeoPoint outside = Destination(ha_noi, bearing, 50.001);
    EXPECT_TRUE(fifty.Contains(inside.latitude, inside.longitude)) << bearing;
    EXPECT_FALSE(fifty.Contains(outside.latitude, outside.longitude)) << bearing;
  }
}

TEST(AreaTest, CircleBoxesCrossTheAntimeridianAndCoverPoles) {
  // Suva, Fiji, is at 178.4°E: a 300 km circle reaches past 180°.
  const Circle fiji = CircleOf("-18.14,178.44 300");
  EXPECT_TRUE(fiji.bounds().CrossesAntimeridian());
  EXPECT_TRUE(fiji.Contains(-18.14, -179.5)) << "about 200 km east, across 180°";
  EXPECT_FALSE(fiji.Contains(-18.14, -177)) << "about 470 km east";
  EXPECT_FALSE(fiji.Contains(-18.14, 2)) << "the other side of the Earth";
  // Near the pole every longitude is within reach.
  const Circle arctic = CircleOf("89.5,30 100");
  EXPECT_EQ(arctic.bounds().north, 90);
  EXPECT_EQ(arctic.bounds().west, -180);
  EXPECT_EQ(arctic.bounds().east, 180);
  EXPECT_TRUE(arctic.Contains(89.7, -150)) << "across the pole";
  EXPECT_TRUE(CircleOf("0,0 20100").Contains(0, 180)) << "a radius past half the Earth holds all of it";
  EXPECT_TRUE(CircleOf("10,10 0").Contains(10, 10)) << "a zero radius holds its centre";
  // The box never cuts the circle: points on the rim, all around, at several places and sizes.
  const GeoPoint centres[] = {{21.0285, 105.8542}, {-18.14, 178.44}, {64.1, -21.9}, {-77.8, 166.7}, {0, -179.99}};
  for (const GeoPoint centre : centres) {
    for (const double radius : {1.0, 80.0, 900.0, 5000.0}) {
      const Circle circle = Circle::Make(centre, radius).value();
      for (double bearing = 0; bearing < 360; bearing += 1) {
        const GeoPoint rim = Destination(centre, bearing, radius * (1 - 1e-9));
        EXPECT_TRUE(circle.Contains(rim.latitude, rim.longitude))
            << circle.ToCap() << " bearing " << bearing << " → " << rim.latitude << "," << rim.longitude;
      }
    }
  }
}

// The even-odd test over every edge, as written in textbooks: what the banded test must equal exactly.
bool ContainsByEveryEdge(const std::vector<GeoPoint>& ring, double latitude, double longitude) {
  bool inside = false;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    const GeoPoint a = ring[i];
    const GeoPoint b = ring[i + 1];
    if ((a.latitude > latitude) != (b.latitude > latitude)) {
      const double crossing =
          a.longitude + (latitude - a.latitude) * (b.longitude - a.longitude) / (b.latitude - a.latitude);
      if (longitude < crossing) inside = !inside;
    }
  }
  return inside;
}

TEST(AreaTest, BandedContainsEqualsTestingEveryEdge) {
  std::mt19937_64 random(20261206);
  std::uniform_real_distribution<double> unit(0, 1);
  int inside_count = 0;
  int total = 0;
  for (int shape = 0; shape < 60; ++shape) {
    // Stars (concave, simple) and scribbles (self-crossing), with 4 to 2,000 corners.
    const int corners = shape % 3 == 0 ? 4 + shape : shape % 3 == 1 ? 200 : 2000;
    const GeoPoint centre{-60 + 120 * unit(random), -170 + 340 * unit(random)};
    std::vector<GeoPoint> ring;
    for (int i = 0; i < corners; ++i) {
      if (shape % 2 == 0) {
        const double angle = 2 * std::numbers::pi * i / corners;
        const double reach = 0.2 + 4 * unit(random);
        ring.push_back({centre.latitude + reach * std::sin(angle), centre.longitude + reach * std::cos(angle)});
      } else {
        ring.push_back({centre.latitude - 4 + 8 * unit(random), centre.longitude - 4 + 8 * unit(random)});
      }
    }
    ring.push_back(ring.front());
    const Polygon polygon = Polygon::FromRing(ring).value();
    std::vector<GeoPoint> probes;
    probes.reserve(3000 + 2 * ring.size());
    for (int i = 0; i < 3000; ++i) {
      probes.push_back({centre.latitude - 5 + 10 * unit(random), centre.longitude - 5 + 10 * unit(random)});
    }
    for (const GeoPoint& corner : ring) {
      probes.push_back(corner);
      probes.push_back({corner.latitude, centre.longitude});  // a horizontal line through a corner
    }
    for (const GeoPoint& probe : probes) {
      const bool expected = ContainsByEveryEdge(ring, probe.latitude, probe.longitude);
      ASSERT_EQ(polygon.Contains(probe.latitude, probe.longitude), expected)
          << "shape " << shape << " at " << probe.latitude << "," << probe.longitude;
      inside_count += expected;
      ++total;
    }
  }
  EXPECT_GT(inside_count, total / 10) << "the probes must test insides too";
  EXPECT_LT(inside_count, total * 9 / 10);
}

TEST(AreaTest, TextFormsRoundTrip) {
  const Polygon polygon = PolygonOf(" 21.0285,105.8542\t+21.1,105.9\n21.05,106.0  21.0285,105.8542 ");
  EXPECT_EQ(polygon.ToCap(), "21.0285,105.8542 21.1,105.9 21.05,106 21.0285,105.8542");
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> latitude(-89, 89);
  std::uniform_real_distribution<double> longitude(-179, 0);
  for (int i = 0; i < 200; ++i) {
    const GeoPoint a{latitude(random), longitude(random)};
    const GeoPoint b{latitude(random), longitude(random)};
    const GeoPoint c{latitude(random), longitude(random)};
    const Polygon random_polygon = Polygon::FromRing({a, b, c, a}).value();
    const std::string text = random_polygon.ToCap();
    EXPECT_EQ(text.find('e'), std::string::npos) << "no exponents: " << text;
    EXPECT_EQ(PolygonOf(text).ring(), random_polygon.ring()) << text;
    const Circle circle = Circle::Make(a, std::abs(b.latitude) * 10).value();
    const Circle again = CircleOf(circle.ToCap());
    EXPECT_EQ(again.center(), circle.center());
    EXPECT_EQ(again.radius_km(), circle.radius_km());
  }
  EXPECT_EQ(CircleOf("-0.000001,-0 2.5").ToCap(), "-0.000001,0 2.5");
}

TEST(AreaTest, CountryCodesAreTwoLettersInCapitals) {
  const CountryCode vietnam = CountryCode::Parse("vn").value();
  EXPECT_EQ(vietnam.text(), "VN");
  EXPECT_EQ(vietnam.index(), ('V' - 'A') * 26 + ('N' - 'A'));
  EXPECT_EQ(CountryCode::FromIndex(vietnam.index()).value(), vietnam);
  EXPECT_FALSE(CountryCode::FromIndex(26 * 26).ok());
  EXPECT_FALSE(CountryCode::Parse("").ok());
  EXPECT_FALSE(CountryCode::Parse("Ä").ok()) << "two bytes, not two letters";
  const Area area = ParseArea({}, {}, {"JP", "jp", "KR"}).value();
  EXPECT_EQ(area.countries.size(), 2u) << "repeats are dropped";
  EXPECT_TRUE(area.IncludesCountry(CountryCode::Parse("KR").value()));
  EXPECT_FALSE(area.IncludesCountry(vietnam));
  EXPECT_FALSE(area.Contains(35.68, 139.69)) << "a country is not a shape";
}

}  // namespace
}  // namespace chancery::alerts
