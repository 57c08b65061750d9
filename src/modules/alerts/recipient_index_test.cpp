// The recipient index against the obvious: for random polygons, circles and countries over 200,000 random
// citizens (clustered in cities, spread over the globe, across the antimeridian, near a pole, on the corners and
// edges of the polygons), Select returns exactly the ids that testing every citizen with Area::Contains finds:
// after loading, with recent changes pending, and after merges. CountBy counts what Select selects.
#include "modules/alerts/recipient_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <numbers>
#include <random>
#include <thread>

namespace chancery::alerts {
namespace {

constexpr float kNoPoint = std::numeric_limits<float>::quiet_NaN();

std::uint16_t Country(std::string_view code) { return CountryCode::Parse(code).value().index(); }

// Where citizens cluster; Suva and Anadyr sit by the antimeridian, Longyearbyen near the pole.
constexpr GeoPoint kCities[] = {
    {21.03, 105.85}, {35.68, 139.69}, {37.57, 126.98},  {25.03, 121.56}, {52.52, 13.40}, {48.86, 2.35},
    {40.71, -74.0},  {-33.87, 151.2}, {-18.14, 178.44}, {64.73, 177.51}, {78.22, 15.65}, {13.75, 100.5},
};
constexpr std::string_view kCountries[] = {"VN", "JP", "KR", "TW", "DE", "FR", "US", "AU", "FJ", "RU", "NO", "TH"};

double AsFloat(double value) { return static_cast<float>(value); }

class World {
 public:
  explicit World(std::uint64_t seed) : random_(seed) {}

  double Unit() { return std::uniform_real_distribution<double>(0, 1)(random_); }
  int Below(int bound) { return std::uniform_int_distribution<int>(0, bound - 1)(random_); }

  // A point near a city, or anywhere; float-exact, as the index stores it.
  GeoPoint RandomPoint() {
    if (Unit() < 0.5) {
      return {AsFloat(-90 + 180 * Unit()), AsFloat(-180 + 360 * Unit())};
    }
    const GeoPoint city = kCities[Below(std::size(kCities))];
    const double spread = std::pow(10.0, -1.5 + 2 * Unit());  // 0.03° to 3°
    std::normal_distribution<double> offset(0, spread);
    double latitude = std::clamp(city.latitude + offset(random_), -90.0, 90.0);
    double longitude = std::remainder(city.longitude + offset(random_), 360.0);
    return {AsFloat(latitude), AsFloat(longitude)};
  }

  RecipientEntry RandomEntry(std::int64_t id) {
    RecipientEntry entry{.citizen_id = id};
    if (Unit() >= 0.05) {
      const GeoPoint point = RandomPoint();
      entry.lat = static_cast<float>(point.latitude);
      entry.lon = static_cast<float>(point.longitude);
    }
    entry.country = Unit() < 0.002 ? 65535 : Country(kCountries[Below(std::size(kCountries))]);
    entry.channels = static_cast<std::uint8_t>(Below(256));
    entry.language = static_cast<std::uint8_t>(Below(4));
    return entry;
  }

  // Stars and self-crossing scribbles around a city, with float-exact corners so that citizens can sit on them.
  Polygon RandomPolygon() {
    const GeoPoint city = kCities[Below(std::size(kCities))];
    const double size = std::pow(10.0, -1 + 1.5 * Unit());  // 0.1° to 3°
    const int corners = 3 + Below(40);
    const bool scribble = Below(4) == 0;
    std::vector<GeoPoint> ring;
    for (int i = 0; i < corners; ++i) {
      const double angle = 2 * std::numbers::pi * i / corners;
      const double reach = size * (0.2 + Unit());
      GeoPoint corner =
          scribble ? GeoPoint{city.latitude + size * (2 * Unit() - 1), city.longitude + size * (2 * Unit() - 1)}
                   : GeoPoint{city.latitude + reach * std::sin(angle), city.longitude + reach * std::cos(angle)};
      corner.latitude = AsFloat(std::clamp(corner.latitude, -90.0, 90.0));
      corner.longitude = AsFloat(std::clamp(corner.longitude, -180.0, 180.0));
      ring.push_back(corner);
    }
    ring.push_back(ring.front());
    Result<Polygon> polygon = Polygon::FromRing(ring);
    return polygon.ok() ? std::move(polygon).value() : RandomPolygon();
  }

  Circle RandomCircle() {
    const GeoPoint centre = Unit() < 0.8 ? kCities[Below(std::size(kCities))] : RandomPoint();
    return Circle::Make(centre, std::pow(10.0, 0.5 + 3 * Unit())).value();  // 3 km to 3,000 km
  }

  Area RandomArea() {
    Area area;
    while (area.empty()) {
      for (int i = Below(3); i > 0; --i) area.polygons.push_back(RandomPolygon());
      for (int i = Below(3); i > 0; --i) area.circles.push_back(RandomCircle());
      for (int i = Below(3) == 0 ? 1 + Below(2) : 0; i > 0; --i) {
        area.countries.push_back(CountryCode::Parse(kCountries[Below(std::size(kCountries))]).value());
      }
    }
    return area;
  }

 private:
  std::mt19937_64 random_;
};

// Null `within`: no jurisdiction.
std::vector<std::int64_t> ScanEveryCitizen(const std::map<std::int64_t, RecipientEntry>& citizens, const Area& area,
                                           const CountryMask* within = nullptr) {
  std::vector<std::int64_t> ids;
  for (const auto& [id, entry] : citizens) {
    const Result<CountryCode> country = CountryCode::FromIndex(entry.country);
    if (within != nullptr && !(country.ok() && within->test(entry.country))) continue;
    if (area.Contains(entry.lat, entry.lon) || (country.ok() && area.IncludesCountry(*country))) ids.push_back(id);
  }
  return ids;
}

RecipientCounts CountEveryCitizen(const std::map<std::int64_t, RecipientEntry>& citizens, const Area& area,
                                  const CountryMask& within) {
  RecipientCounts counts;
  for (const std::int64_t id : ScanEveryCitizen(citizens, area, &within)) {
    const RecipientEntry& entry = citizens.at(id);
    ++counts.total;
    ++counts.per_language[entry.language];
    for (int bit = 0; bit < 8; ++bit) counts.per_channel_bit[bit] += (entry.channels >> bit) & 1;
    counts.without_channel += entry.channels == 0;
  }
  return counts;
}

bool SameEntry(const RecipientEntry& left, const RecipientEntry& right) {
  const auto same_float = [](float a, float b) { return a == b || (std::isnan(a) && std::isnan(b)); };
  return left.citizen_id == right.citizen_id && same_float(left.lat, right.lat) && same_float(left.lon, right.lon) &&
         left.country == right.country && left.channels == right.channels && left.language == right.language;
}

class RecipientIndexAgreementTest : public ::testing::Test {
 protected:
  static constexpr int kCitizens = 200'000;

  void SetUp() override {
    for (int i = 0; i < 40; ++i) areas_.push_back(world_.RandomArea());
    // Ids spread over negative and positive numbers (sorted by radix), or dense (sorted by bitmap), in random order.
    std::vector<std::int64_t> ids;
    ids.reserve(kCitizens);
    for (std::int64_t i = 0; i < kCitizens; ++i) ids.push_back(first_id_ + i * id_stride_);
    std::shuffle(ids.begin(), ids.end(), std::mt19937_64(3));
    std::vector<RecipientEntry> entries;
    entries.reserve(ids.size());
    for (const std::int64_t id : ids) entries.push_back(world_.RandomEntry(id));
    // Citizens exactly on the corners of the polygons, and on the midpoints of their edges when those are floats.
    std::size_t next = 0;
    for (const Area& area : areas_) {
      for (const Polygon& polygon : area.polygons) {
        const std::vector<GeoPoint>& ring = polygon.ring();
        for (std::size_t i = 0; i + 1 < ring.size() && next < entries.size(); ++i) {
          entries[next].lat = static_cast<float>(ring[i].latitude);
          entries[next++].lon = static_cast<float>(ring[i].longitude);
          const GeoPoint middle{(ring[i].latitude + ring[i + 1].latitude) / 2,
                                (ring[i].longitude + ring[i + 1].longitude) / 2};
          if (AsFloat(middle.latitude) == middle.latitude && AsFloat(middle.longitude) == middle.longitude) {
            entries[next].lat = static_cast<float>(middle.latitude);
            entries[next++].lon = static_cast<float>(middle.longitude);
          }
        }
      }
    }
    corner_citizens_ = next;
    for (const RecipientEntry& entry : entries) citizens_[entry.citizen_id] = entry;
    entries_ = std::move(entries);
  }

  // Moves, removals, new citizens and removals of unknown ids, applied to the index and to the truth.
  void Change(RecipientIndex& index, int count) {
    for (int i = 0; i < count; ++i) {
      const int kind = world_.Below(10);
      auto known = citizens_.lower_bound(first_id_ + world_.Below(kCitizens) * id_stride_);
      if (known == citizens_.end()) known = citizens_.begin();
      if (kind < 4) {
        RecipientEntry moved = world_.RandomEntry(known->first);
        index.Upsert(moved);
        known->second = moved;
      } else if (kind < 7) {
        index.Remove(known->first);
        citizens_.erase(known);
      } else if (kind < 9) {
        const RecipientEntry added = world_.RandomEntry(next_new_id_++);
        index.Upsert(added);
        citizens_[added.citizen_id] = added;
      } else {
        index.Remove(first_id_ - 1 - i);
      }
    }
  }

  void ExpectAgreement(const RecipientIndex& index, std::string_view phase) {
    std::size_t selected = 0;
    for (std::size_t i = 0; i < areas_.size(); ++i) {
      const std::vector<std::int64_t> expected = ScanEveryCitizen(citizens_, areas_[i]);
      const std::vector<std::int64_t> actual = index.Select(areas_[i]);
      ASSERT_EQ(actual, expected) << phase << ", area " << i << ": " << actual.size() << " selected, "
                                  << expected.size() << " expected";
      selected += actual.size();
    }
    EXPECT_GT(selected, areas_.size() * 100) << "the areas must select people to test anything";
    // Jurisdictions: half of the countries, a different half for each of a third of the areas.
    for (std::size_t i = 0; i < areas_.size(); i += 3) {
      CountryMask within;
      for (std::size_t k = 0; k < std::size(kCountries); ++k) {
        if ((i >> (k % 4) & 1) == (k / 4 % 2)) within.set(Country(kCountries[k]));
      }
      ASSERT_EQ(index.Select(areas_[i], within), ScanEveryCitizen(citizens_, areas_[i], &within))
          << phase << ", area " << i << " within a jurisdiction";
      if (i < 15) {
        const RecipientCounts expected = CountEveryCitizen(citizens_, areas_[i], within);
        const RecipientCounts actual = index.CountBy(areas_[i], within);
        EXPECT_EQ(actual.total, expected.total) << phase;
        EXPECT_EQ(actual.per_channel_bit, expected.per_channel_bit) << phase;
        EXPECT_EQ(actual.per_language, expected.per_language) << phase;
        EXPECT_EQ(actual.without_channel, expected.without_channel) << phase;
      }
    }
    for (std::size_t i = 0; i < 5; ++i) {
      const std::vector<RecipientEntry> entries = index.Entries(areas_[i]);
      const std::vector<std::int64_t> ids = ScanEveryCitizen(citizens_, areas_[i]);
      ASSERT_EQ(entries.size(), ids.size()) << phase;
      for (std::size_t k = 0; k < ids.size(); ++k) {
        ASSERT_TRUE(SameEntry(entries[k], citizens_.at(ids[k]))) << phase << ", citizen " << ids[k];
      }
    }
  }

  std::int64_t first_id_ = -500'000'000;
  std::int64_t id_stride_ = 7919;
  World world_{20261206};
  std::vector<Area> areas_;
  std::vector<RecipientEntry> entries_;
  std::map<std::int64_t, RecipientEntry> citizens_;
  std::size_t corner_citizens_ = 0;
  std::int64_t next_new_id_ = 1'000'000'000;
};

class DenseIdsAgreementTest : public RecipientIndexAgreementTest {
 protected:
  DenseIdsAgreementTest() {
    first_id_ = 1;
    id_stride_ = 1;
    next_new_id_ = kCitizens + 1;
  }
};

TEST_F(RecipientIndexAgreementTest, SelectsExactlyWhatScanningEveryCitizenFinds) {
  EXPECT_GT(corner_citizens_, 200u) << "citizens on corners and edges";
  RecipientIndex index;
  index.Replace(entries_);
  ExpectAgreement(index, "loaded");
  // 3,000 changes stay below the default merge bound (4,096 + 200,000 / 32): all are pending.
  Change(index, 3'000);
  ExpectAgreement(index, "with pending changes");
}

TEST_F(RecipientIndexAgreementTest, AgreesThroughMerges) {
  RecipientIndex index({.merge_minimum = 500, .merge_fraction = 0.01});
  index.Replace(entries_);
  for (int round = 0; round < 4; ++round) {
    Change(index, 4'321);  // several merges, and some changes left pending
    ExpectAgreement(index, "round " + std::to_string(round));
  }
}

TEST_F(DenseIdsAgreementTest, AgreesWithDenseIds) {
  RecipientIndex index({.merge_minimum = 500, .merge_fraction = 0.01});
  index.Replace(entries_);
  ExpectAgreement(index, "loaded");
  Change(index, 3'000);
  ExpectAgreement(index, "changed");
}

TEST(RecipientIndexTest, PointsOnCornersAndEdgesAgreeWithContains) {
  const Polygon square = Polygon::Parse("10,100 10,101 11,101 11,100 10,100").value();
  const Circle circle = Circle::Parse("10.5,100.5 1").value();
  const std::pair<float, float> points[] = {
      {10, 100},     {10, 101},      {11, 101},       {11, 100},    // corners
      {10, 100.5},   {11, 100.5},    {10.5, 100},     {10.5, 101},  // edges
      {10.5, 100.5}, {9.99f, 100.5}, {10.5, 101.01f},               // inside, outside
  };
  std::vector<RecipientEntry> entries;
  for (std::size_t i = 0; i < std::size(points); ++i) {
    entries.push_back({.citizen_id = static_cast<std::int64_t>(i), .lat = points[i].first, .lon = points[i].second});
  }
  RecipientIndex index;
  index.Replace(entries);
  for (const bool with_circle : {false, true}) {
    Area area;
    area.polygons.push_back(square);
    if (with_circle) area.circles.push_back(circle);
    std::vector<std::int64_t> expected;
    for (const RecipientEntry& entry : entries) {
      if (area.Contains(entry.lat, entry.lon)) expected.push_back(entry.citizen_id);
    }
    EXPECT_EQ(index.Select(area), expected);
  }
  // The half-open rule: the south-west corner is in, the north-east one out.
  EXPECT_TRUE(square.Contains(10, 100));
  EXPECT_FALSE(square.Contains(11, 101));
}

TEST(RecipientIndexTest, CitizensWithoutAPointAreReachedByCountryOnly) {
  RecipientIndex index;
  index.Replace({
      {.citizen_id = 1, .lat = 35.68f, .lon = 139.69f, .country = Country("JP")},
      {.citizen_id = 2, .country = Country("JP")},                                 // no map point
      {.citizen_id = 3, .lat = 135.0f, .lon = 139.69f, .country = Country("KR")},  // out of range: no point
      {.citizen_id = 4, .lat = 35.68f, .lon = 139.69f, .country = Country("KR")},
  });
  const Area tokyo = ParseArea({}, {"35.68,139.69 20"}, {}).value();
  EXPECT_EQ(index.Select(tokyo), (std::vector<std::int64_t>{1, 4}));
  EXPECT_EQ(index.Select(ParseArea({}, {}, {"JP"}).value()), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(index.Select(ParseArea({}, {"35.68,139.69 20"}, {"KR"}).value()), (std::vector<std::int64_t>{1, 3, 4}));
  EXPECT_TRUE(index.Select(Area{}).empty());
  EXPECT_TRUE(index.Select(ParseArea({}, {}, {"VN"}).value()).empty());

  index.Remove(99);                                                                          // unknown: nothing happens
  index.Upsert({.citizen_id = 1, .lat = 21.03f, .lon = 105.85f, .country = Country("VN")});  // moved to Hà Nội
  index.Upsert({.citizen_id = 2, .lat = 35.7f, .lon = 139.7f, .country = Country("JP")});    // now has a point
  index.Remove(4);
  EXPECT_EQ(index.Select(tokyo), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(index.Select(ParseArea({}, {}, {"VN", "KR"}).value()), (std::vector<std::int64_t>{1, 3}));
}

TEST(RecipientIndexTest, CountByCountsChannelsAndLanguages) {
  RecipientIndex index;
  index.Replace({
      {.citizen_id = 1, .country = Country("DE"), .channels = 0b0011, .language = 0},
      {.citizen_id = 2, .country = Country("DE"), .channels = 0b0001, .language = 1},
      {.citizen_id = 3, .country = Country("DE"), .channels = 0b1000, .language = 1},
      {.citizen_id = 4, .country = Country("FR"), .channels = 0b1111, .language = 0},
      {.citizen_id = 5, .country = Country("DE"), .channels = 0, .language = 0},
  });
  index.Upsert({.citizen_id = 3, .country = Country("DE"), .channels = 0b0100, .language = 2});
  const RecipientCounts counts = index.CountBy(ParseArea({}, {}, {"DE"}).value());
  EXPECT_EQ(counts.total, 4);
  EXPECT_EQ(counts.without_channel, 1);
  EXPECT_EQ(counts.per_channel_bit[0], 2);
  EXPECT_EQ(counts.per_channel_bit[1], 1);
  EXPECT_EQ(counts.per_channel_bit[2], 1);
  EXPECT_EQ(counts.per_channel_bit[3], 0) << "citizen 3's old channels are gone";
  EXPECT_EQ(counts.per_language[0], 2);
  EXPECT_EQ(counts.per_language[1], 1);
  EXPECT_EQ(counts.per_language[2], 1);
  CountryMask france;
  france.set(Country("FR"));
  EXPECT_EQ(index.CountBy(ParseArea({}, {}, {"DE", "FR"}).value(), france).total, 1) << "the jurisdiction limits";
}

TEST(RecipientIndexTest, SelectsWhileAWriterChangesAndMerges) {
  // Citizens 0–999 in Norway never change; the writer moves others around Europe, merging often.
  RecipientIndex index({.merge_minimum = 200, .merge_fraction = 0.05});
  std::vector<RecipientEntry> entries;
  entries.reserve(20'000);
  for (int i = 0; i < 20'000; ++i) {
    entries.push_back({.citizen_id = i,
                       .lat = static_cast<float>(i < 1000 ? 60 + i * 1e-3 : 45 + (i % 100) * 0.1),
                       .lon = static_cast<float>(i < 1000 ? 10 : (i % 97) * 0.2),
                       .country = Country(i < 1000 ? "NO" : "DE")});
  }
  index.Replace(entries);
  const Area area = ParseArea({"59,5 65,5 65,25 59,25 59,5", "44,0 55,0 55,19 44,0"}, {}, {}).value();
  // Readers select without pause; were writers starved, the readers' deadline would end the test, failing it.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::atomic<bool> writing = true;
  std::atomic<int> failures = 0;
  std::atomic<int> selections = 0;
  std::vector<std::thread> readers;
  readers.reserve(3);
  for (int reader = 0; reader < 3; ++reader) {
    readers.emplace_back([&] {
      while (writing && std::chrono::steady_clock::now() < deadline) {
        const std::vector<std::int64_t> ids = index.Select(area);
        const bool sorted = std::adjacent_find(ids.begin(), ids.end(), std::greater_equal<>()) == ids.end();
        const bool stable = ids.size() >= 1000 && ids[999] == 999;
        if (!sorted || !stable) ++failures;
        ++selections;
      }
    });
  }
  std::mt19937 random(5);
  for (int i = 0; i < 20'000; ++i) {
    const std::int64_t id = 1000 + static_cast<std::int64_t>(random() % 25'000);
    if (random() % 4 == 0) {
      index.Remove(id);
    } else {
      index.Upsert({.citizen_id = id,
                    .lat = static_cast<float>(40 + random() % 2000 * 0.01),
                    .lon = static_cast<float>(random() % 2500 * 0.01),
                    .country = Country("DE")});
    }
  }
  EXPECT_LT(std::chrono::steady_clock::now(), deadline) << "the writer was starved";
  writing = false;
  for (std::thread& reader : readers) reader.join();
  EXPECT_GT(selections, 3);
  EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace chancery::alerts
