// The recipient index: every citizen's map point and country in memory, to pick an alert's recipients in
// milliseconds and to preview how many it reaches per channel and language.
//
// Select(area) gives the citizens, sorted by id without repeats, whose point lies in any polygon or circle of the
// area (by Polygon::Contains and Circle::Contains on the stored point, so it agrees exactly with testing every
// citizen) or whose country is one of the area's. A citizen without a map point (latitude and longitude NaN) is
// reached by country only; so is one whose point is out of range, which is stored as no point. CountBy counts the
// same selection by channel and language, and Entries gives the selected citizens' entries for sending. Each can be
// limited to a jurisdiction: a set of countries of residence outside which nobody is selected.
//
// How it is laid out (24 bytes a citizen, not counting recent changes):
//   - The base: one array sorted by (country, grid cell, id), the cell being one of 4096 × 8192 cells of about
//     0.044° (5 km) on the latitude/longitude map, kept beside the point. A country is then one contiguous run
//     (the country part of a selection takes it whole), and within a country a row of cells is a contiguous run
//     too: a shape's bounding box becomes a binary search per row of cells and a scan of the points in its cells,
//     each tested exactly. Each country's run keeps the box of its points, so a shape skips the countries it
//     cannot touch. No cell is taken whole without testing its points: the exact test costs a few nanoseconds a
//     point, and taking cells whole would need a proof that rounding never puts a point of the cell outside.
//   - Recent changes: Upsert and Remove go to an ordered map by id, which overrides the base (a changed or removed
//     citizen's base entry is skipped). When it outgrows its bound (RecipientIndexOptions) it is merged into the
//     base, under the writer lock: 1 to 2 µs a change, amortised, with the defaults.
//
// bench/alerts/alerts_bench.cpp measures it (figures and command in docs/benchmarks.md, "Crisis alerts"). A
// selection takes time in proportion to what it selects.
//
// Thread-safety: safe for concurrent use. Select, CountBy and Entries take a shared lock (std::shared_mutex) and
// may run on any number of threads at once; Upsert, Remove and Replace take it exclusively. A waiting writer goes
// before readers that come after it, so a steady stream of selections cannot starve changes.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <vector>

#include "modules/alerts/area.hpp"

namespace chancery::alerts {

struct RecipientEntry {
  std::int64_t citizen_id = 0;
  float lat = std::numeric_limits<float>::quiet_NaN();  // NaN: no map point
  float lon = std::numeric_limits<float>::quiet_NaN();
  std::uint16_t country = 0;  // CountryCode::index() of the country of residence
  std::uint8_t channels = 0;  // bit mask of the channels the citizen can be reached on
  std::uint8_t language = 0;  // the caller's index of the citizen's language
};

// Countries by CountryCode::index(), e.g. a mission's jurisdiction.
using CountryMask = std::bitset<26 * 26>;

// How many citizens a selection holds, in all and by channel and language.
struct RecipientCounts {
  std::int64_t total = 0;
  std::array<std::int64_t, 8> per_channel_bit{};  // [b]: citizens with bit b of `channels` set
  std::array<std::int64_t, 256> per_language{};   // [l]: citizens whose `language` is l
  std::int64_t without_channel = 0;               // citizens whose `channels` is 0
};

struct RecipientIndexOptions {
  // Recent changes are merged into the base once there are more than
  // merge_minimum + base size × merge_fraction of them.
  std::size_t merge_minimum = 4096;
  double merge_fraction = 1.0 / 32;
};

class RecipientIndex {
 public:
  explicit RecipientIndex(RecipientIndexOptions options = {});

  // Replaces the whole content (for loading at start-up); of entries with the same id, the last wins.
  void Replace(std::vector<RecipientEntry> entries);
  // Adds the citizen, or replaces what the index held for their id.
  void Upsert(const RecipientEntry& entry);
  // Forgets the citizen; nothing happens when the id is unknown.
  void Remove(std::int64_t citizen_id);

  std::vector<std::int64_t> Select(const Area& area) const;
  RecipientCounts CountBy(const Area& area) const;
  // The selected citizens' entries, sorted by id.
  std::vector<RecipientEntry> Entries(const Area& area) const;

  // The same, keeping only citizens whose country of residence is in `within` (a country index outside the mask's
  // range, which CountryCode never gives, is in no mask).
  std::vector<std::int64_t> Select(const Area& area, const CountryMask& within) const;
  RecipientCounts CountBy(const Area& area, const CountryMask& within) const;
  std::vector<RecipientEntry> Entries(const Area& area, const CountryMask& within) const;

  // Bytes held, for capacity planning.
  std::size_t MemoryBytes() const;

 private:
  // A citizen as the base holds it: the entry's fields and the grid cell of the point (24 bytes).
  struct Stored {
    std::int64_t citizen_id;
    float lat;
    float lon;
    std::uint16_t country;
    std::uint8_t channels;
    std::uint8_t language;
    std::uint32_t cell;  // row × columns + column; the largest value when there is no map point
  };
  // One country's run of the base, [begin, end), and the box around its points (all NaN when it has none).
  struct CountryRun {
    std::uint16_t country;
    std::uint32_t begin;
    std::uint32_t end;
    float south;
    float west;
    float north;
    float east;
  };

  // The public overloads, with `within` null for no limit.
  std::vector<std::int64_t> SelectWithin(const Area& area, const CountryMask* within) const;
  RecipientCounts CountWithin(const Area& area, const CountryMask* within) const;
  std::vector<RecipientEntry> EntriesWithin(const Area& area, const CountryMask* within) const;

  std::shared_lock<std::shared_mutex> LockForReading() const;
  std::unique_lock<std::shared_mutex> LockForWriting();
  static Stored ToStored(const RecipientEntry& entry);
  // Calls visit(const Stored&) once for each selected citizen (within the countries of `within`, unless null), in
  // no particular order, recent changes applied.
  template <typename Visit>
  void ForEachSelected(const Area& area, const CountryMask* within, Visit visit) const;
  // Marks the points of `run` that the shape (a Polygon or a Circle) contains, looking only under its box.
  template <typename Shape>
  void MarkInShape(const Shape& shape, const CountryRun& run, std::vector<std::uint64_t>& marks) const;
  void MergeIfDue();
  void Merge();
  void RebuildCountryRuns();

  RecipientIndexOptions options_;
  mutable std::mutex turnstile_;  // held by a writer waiting for mutex_
  mutable std::shared_mutex mutex_;
  std::vector<Stored> base_;
  std::vector<CountryRun> country_runs_;                   // by country
  std::map<std::int64_t, std::optional<Stored>> changes_;  // nullopt: removed
};

}  // namespace chancery::alerts
