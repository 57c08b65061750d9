// bench/alerts recipient index: how long selecting an alert's recipients takes on one core. Builds CITIZENS random
// citizens clustered in the cities of a few countries (8% without a map point), then times, each as the median and
// the fastest of RUNS runs: selecting a whole country, a polygon over the Kantō plain, one over all of Japan, a
// circle around Seoul, a polygon with countries, CountBy, Entries and a jurisdiction; then loading, memory, and
// changes with their merges.
//
//   alerts_index_bench [CITIZENS [RUNS]]      e.g. 1000000 20
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "modules/alerts/recipient_index.hpp"

namespace {

using namespace chancery;
using namespace chancery::alerts;
using Steady = std::chrono::steady_clock;

struct City {
  const char* country;
  double latitude;
  double longitude;
  double weight;  // share of the citizens
  double spread;  // degrees, one standard deviation
};

// Where Vietnamese citizens abroad cluster, roughly.
constexpr City kCities[] = {
    {"JP", 35.68, 139.69, 0.18, 0.4}, {"JP", 34.69, 135.50, 0.08, 0.3},  {"JP", 35.18, 136.91, 0.05, 0.3},
    {"JP", 33.59, 130.40, 0.03, 0.3}, {"KR", 37.57, 126.98, 0.13, 0.3},  {"KR", 35.18, 129.08, 0.05, 0.3},
    {"TW", 25.03, 121.56, 0.10, 0.3}, {"TW", 22.63, 120.30, 0.05, 0.3},  {"US", 33.75, -117.9, 0.07, 0.5},
    {"US", 29.76, -95.37, 0.04, 0.5}, {"US", 37.34, -121.89, 0.04, 0.4}, {"DE", 52.52, 13.40, 0.06, 0.5},
    {"DE", 50.11, 8.68, 0.02, 0.5},   {"AU", -33.87, 151.21, 0.05, 0.4}, {"AU", -37.81, 144.96, 0.05, 0.4},
};

Polygon PolygonOf(const char* text) {
  Result<Polygon> polygon = Polygon::Parse(text);
  if (!polygon.ok()) {
    std::fprintf(stderr, "%s\n", polygon.status().message().c_str());
    std::exit(1);
  }
  return std::move(polygon).value();
}

Area CountryArea(const char* code) {
  Area area;
  area.countries.push_back(CountryCode::Parse(code).value());
  return area;
}

template <typename Work>
void Time(const char* name, int runs, Work work) {
  std::vector<double> milliseconds;
  std::size_t size = 0;
  for (int run = 0; run < runs; ++run) {
    const Steady::time_point start = Steady::now();
    size = work();
    milliseconds.push_back(std::chrono::duration<double, std::milli>(Steady::now() - start).count());
  }
  std::sort(milliseconds.begin(), milliseconds.end());
  std::printf("%-44s %9zu  median %8.2f ms  fastest %8.2f ms\n", name, size, milliseconds[milliseconds.size() / 2],
              milliseconds.front());
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t citizens = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 20;

  std::mt19937_64 random(20261206);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<double> weights;
  for (const City& city : kCities) weights.push_back(city.weight);
  std::discrete_distribution<int> pick_city(weights.begin(), weights.end());
  std::vector<RecipientEntry> entries;
  entries.reserve(citizens);
  for (std::size_t i = 0; i < citizens; ++i) {
    const City& city = kCities[pick_city(random)];
    std::normal_distribution<double> offset(0, city.spread);
    RecipientEntry entry{.citizen_id = static_cast<std::int64_t>(i) * 3 + 1000,
                         .country = CountryCode::Parse(city.country).value().index(),
                         .channels = static_cast<std::uint8_t>(random() & 0x0F),
                         .language = static_cast<std::uint8_t>(unit(random) < 0.8 ? 0 : 1)};
    if (unit(random) >= 0.08) {
      entry.lat = static_cast<float>(city.latitude + offset(random));
      entry.lon = static_cast<float>(city.longitude + offset(random));
    }
    entries.push_back(entry);
  }
  std::shuffle(entries.begin(), entries.end(), random);

  RecipientIndex index;
  const Steady::time_point load_start = Steady::now();
  index.Replace(entries);
  const double load_ms = std::chrono::duration<double, std::milli>(Steady::now() - load_start).count();
  std::printf("%zu citizens loaded in %.0f ms; %.1f bytes a citizen\n\n", citizens, load_ms,
              static_cast<double>(index.MemoryBytes()) / static_cast<double>(citizens));
  std::printf("%-44s %9s\n", "selection", "citizens");

  Area kanto;
  kanto.polygons.push_back(PolygonOf(
      "35.0,139.0 35.2,138.9 35.7,138.9 36.3,139.0 36.9,139.6 36.8,140.3 36.2,140.9 35.7,140.9 35.2,140.4 34.9,139.9 "
      "35.3,139.8 35.6,139.9 35.3,139.6 35.0,139.0"));
  Area japan;
  japan.polygons.push_back(PolygonOf(
      "31.0,129.5 33.0,129.2 34.5,130.8 35.6,133.0 36.0,135.8 37.2,136.7 37.9,139.0 40.5,139.8 41.5,140.0 45.6,141.6 "
      "45.4,142.6 43.3,145.9 42.0,143.3 41.4,141.5 39.5,142.1 36.9,141.0 35.0,140.1 34.5,138.7 33.4,135.8 33.3,133.4 "
      "32.7,132.3 31.0,131.4 30.9,130.3 31.0,129.5"));
  Area seoul;
  seoul.circles.push_back(Circle::Parse("37.5665,126.978 100").value());
  Area polygon_and_countries = kanto;
  polygon_and_countries.countries = {CountryCode::Parse("TW").value(), CountryCode::Parse("DE").value()};

  Time("country JP", runs, [&] { return index.Select(CountryArea("JP")).size(); });
  Time("country KR", runs, [&] { return index.Select(CountryArea("KR")).size(); });
  Time("polygon: Kanto (14 corners)", runs, [&] { return index.Select(kanto).size(); });
  Time("polygon: all of Japan (24 corners)", runs, [&] { return index.Select(japan).size(); });
  Time("circle: 100 km around Seoul", runs, [&] { return index.Select(seoul).size(); });
  Time("Kanto polygon + countries TW, DE", runs, [&] { return index.Select(polygon_and_countries).size(); });
  Time("CountBy: all of Japan", runs, [&] { return static_cast<std::size_t>(index.CountBy(japan).total); });
  Time("Entries: all of Japan", runs, [&] { return index.Entries(japan).size(); });
  CountryMask korea;
  korea.set(CountryCode::Parse("KR").value().index());
  Time("circle around Seoul + country JP, within KR", runs, [&] {
    Area area = seoul;
    area.countries.push_back(CountryCode::Parse("JP").value());
    return index.Select(area, korea).size();
  });

  // Changes: citizens moving around Japan, through the merges the default bound triggers.
  const std::size_t changes = std::max<std::size_t>(citizens / 5, 10'000);
  const Steady::time_point change_start = Steady::now();
  double longest_ms = 0;  // a change that merged: how long the writer lock was held
  for (std::size_t i = 0; i < changes; ++i) {
    const Steady::time_point start = Steady::now();
    RecipientEntry moved = entries[i];
    moved.lat = static_cast<float>(33 + 8 * unit(random));
    moved.lon = static_cast<float>(130 + 11 * unit(random));
    moved.country = CountryCode::Parse("JP").value().index();
    if (i % 10 == 9) {
      index.Remove(moved.citizen_id);
    } else {
      index.Upsert(moved);
    }
    longest_ms = std::max(longest_ms, std::chrono::duration<double, std::milli>(Steady::now() - start).count());
  }
  const double change_ms = std::chrono::duration<double, std::milli>(Steady::now() - change_start).count();
  std::printf("\n%zu changes in %.0f ms: %.2f µs a change, merges included; the longest (a merge) %.0f ms\n", changes,
              change_ms, change_ms * 1000 / static_cast<double>(changes), longest_ms);
  Time("after the changes: all of Japan", runs, [&] { return index.Select(japan).size(); });
  return 0;
}
