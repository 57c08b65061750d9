// The recipient index: the base sorted by (country, cell, id), recent changes in an ordered map, and selection by
// country runs and rows of cells.
#include "modules/alerts/recipient_index.hpp"

#include <algorithm>
#include <bit>
#include <bitset>
#include <cmath>
#include <mutex>
#include <tuple>

namespace chancery::alerts {
namespace {

// The grid: 4096 rows of 180/4096° and 8192 columns of 360/8192°, about 4.9 km at the equator.
constexpr int kRows = 4096;
constexpr int kColumns = 8192;
constexpr double kRowsPerDegree = kRows / 180.0;
constexpr double kColumnsPerDegree = kColumns / 360.0;
constexpr std::uint32_t kNoCell = std::numeric_limits<std::uint32_t>::max();
constexpr std::size_t kCountryCodes = 26 * 26;

// RowOf and ColumnOf are monotonic (adding, multiplying by a positive constant, rounding and flooring all keep
// order), so a point inside a box is always in a row and column between those of the box's corners.
int RowOf(double latitude) {
  const double row = std::floor((latitude + 90) * kRowsPerDegree);
  return row <= 0 ? 0 : row >= kRows - 1 ? kRows - 1 : static_cast<int>(row);
}

int ColumnOf(double longitude) {
  const double column = std::floor((longitude + 180) * kColumnsPerDegree);
  return column <= 0 ? 0 : column >= kColumns - 1 ? kColumns - 1 : static_cast<int>(column);
}

std::uint32_t CellOf(int row, int column) { return static_cast<std::uint32_t>(row) * kColumns + column; }

// Whether a box (maybe crossing the antimeridian) meets a country's box (never crossing; NaN when empty).
bool Meets(const BoundingBox& box, float south, float west, float north, float east) {
  if (!(box.south <= north && south <= box.north)) return false;
  if (box.CrossesAntimeridian()) return east >= box.west || west <= box.east;
  return box.west <= east && west <= box.east;
}

// Signed ids in the order of their unsigned images.
std::uint64_t SortKey(std::int64_t id) { return static_cast<std::uint64_t>(id) ^ (std::uint64_t{1} << 63); }

// Sorts items of distinct ids by id. Ids from a database sequence are dense: when the span of the ids is at most
// 32 times their number, they are set in a bitmap over the span, and each item goes straight to its rank (the bits
// set before its own); a large alert's millions of ids take a few milliseconds. Otherwise a least-significant-digit
// radix sort, a byte at a time, skipping the bytes on which all ids agree.
template <typename Item, typename IdOf>
void SortByDistinctIds(std::vector<Item>& items, IdOf id_of) {
  if (items.size() < 256) {
    std::sort(items.begin(), items.end(), [&](const Item& a, const Item& b) { return id_of(a) < id_of(b); });
    return;
  }
  std::uint64_t smallest = ~std::uint64_t{0};
  std::uint64_t largest = 0;
  std::uint64_t any_bits = 0;
  std::uint64_t all_bits = ~std::uint64_t{0};
  for (const Item& item : items) {
    const std::uint64_t key = SortKey(id_of(item));
    smallest = std::min(smallest, key);
    largest = std::max(largest, key);
    any_bits |= key;
    all_bits &= key;
  }
  std::vector<Item> sorted(items.size());
  if ((largest - smallest) / 32 <= items.size()) {
    std::vector<std::uint64_t> bitmap((largest - smallest) / 64 + 1);
    for (const Item& item : items) {
      const std::uint64_t bit = SortKey(id_of(item)) - smallest;
      bitmap[bit / 64] |= std::uint64_t{1} << (bit % 64);
    }
    std::vector<std::size_t> ranks_before(bitmap.size());  // bits set in the words before
    for (std::size_t word = 1; word < bitmap.size(); ++word) {
      ranks_before[word] = ranks_before[word - 1] + static_cast<std::size_t>(std::popcount(bitmap[word - 1]));
    }
    for (const Item& item : items) {
      const std::uint64_t bit = SortKey(id_of(item)) - smallest;
      const std::uint64_t below = bitmap[bit / 64] & ((std::uint64_t{1} << (bit % 64)) - 1);
      sorted[ranks_before[bit / 64] + static_cast<std::size_t>(std::popcount(below))] = item;
    }
    items.swap(sorted);
    return;
  }
  const std::uint64_t varying = any_bits ^ all_bits;
  for (int shift = 0; shift < 64; shift += 8) {
    if (((varying >> shift) & 0xFF) == 0) continue;
    std::array<std::size_t, 257> starts{};
    for (const Item& item : items) ++starts[((SortKey(id_of(item)) >> shift) & 0xFF) + 1];
    for (int digit = 0; digit < 256; ++digit) starts[digit + 1] += starts[digit];
    for (const Item& item : items) sorted[starts[(SortKey(id_of(item)) >> shift) & 0xFF]++] = item;
    items.swap(sorted);
  }
}

// The ids with recent changes, for asking of each of millions of base entries whether it is overridden. A bitmap
// of hashed ids, 16 bits per change, answers "no" for all but about 6% of the others with one memory access; the
// sorted ids settle the rest.
class ChangedIds {
 public:
  explicit ChangedIds(std::vector<std::int64_t> sorted_ids)
      : ids_(std::move(sorted_ids)),
        hash_bits_(std::max(6, static_cast<int>(std::bit_width(ids_.size() * 16)))),
        bitmap_((std::size_t{1} << hash_bits_) / 64) {
    for (const std::int64_t id : ids_) bitmap_[Hash(id) / 64] |= std::uint64_t{1} << (Hash(id) % 64);
  }

  bool Contains(std::int64_t id) const {
    const std::uint64_t hash = Hash(id);
    return (bitmap_[hash / 64] >> (hash % 64) & 1) != 0 && std::binary_search(ids_.begin(), ids_.end(), id);
  }

 private:
  std::uint64_t Hash(std::int64_t id) const {
    return (static_cast<std::uint64_t>(id) * 0x9E3779B97F4A7C15ull) >> (64 - hash_bits_);
  }

  std::vector<std::int64_t> ids_;
  int hash_bits_;
  std::vector<std::uint64_t> bitmap_;
};

// The order of the base: by country, then cell (points without a cell last), then id.
template <typename Stored>
bool InBaseOrder(const Stored& left, const Stored& right) {
  return std::tie(left.country, left.cell, left.citizen_id) < std::tie(right.country, right.cell, right.citizen_id);
}

void MarkRange(std::vector<std::uint64_t>& marks, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end && i % 64 != 0; ++i) marks[i / 64] |= std::uint64_t{1} << (i % 64);
  std::size_t i = (begin + 63) / 64 * 64;
  for (; i + 64 <= end; i += 64) marks[i / 64] = ~std::uint64_t{0};
  for (i = std::max(i, begin); i < end; ++i) marks[i / 64] |= std::uint64_t{1} << (i % 64);
}

}  // namespace

RecipientIndex::RecipientIndex(RecipientIndexOptions options) : options_(options) {}

std::shared_lock<std::shared_mutex> RecipientIndex::LockForReading() const {
  // Through the turnstile first: a writer holds it while it waits, so that new readers queue behind it instead of
  // keeping the shared lock taken for ever (glibc's std::shared_mutex prefers readers, and a steady stream of
  // selections would starve the writer).
  { const std::lock_guard turnstile(turnstile_); }
  return std::shared_lock(mutex_);
}

std::unique_lock<std::shared_mutex> RecipientIndex::LockForWriting() {
  const std::lock_guard turnstile(turnstile_);
  return std::unique_lock(mutex_);
}

RecipientIndex::Stored RecipientIndex::ToStored(const RecipientEntry& entry) {
  Stored stored{entry.citizen_id, entry.lat, entry.lon, entry.country, entry.channels, entry.language, kNoCell};
  if (entry.lat >= -90 && entry.lat <= 90 && entry.lon >= -180 && entry.lon <= 180) {
    stored.cell = CellOf(RowOf(entry.lat), ColumnOf(entry.lon));
  } else {
    stored.lat = stored.lon = std::numeric_limits<float>::quiet_NaN();
  }
  return stored;
}

void RecipientIndex::Replace(std::vector<RecipientEntry> entries) {
  std::vector<Stored> stored;
  stored.reserve(entries.size());
  for (const RecipientEntry& entry : entries) stored.push_back(ToStored(entry));
  entries = {};
  std::stable_sort(stored.begin(), stored.end(),
                   [](const Stored& a, const Stored& b) { return a.citizen_id < b.citizen_id; });
  // Of each run of one id, keep the last (the stable sort kept the given order within the run).
  std::size_t kept = 0;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    if (i + 1 < stored.size() && stored[i + 1].citizen_id == stored[i].citizen_id) continue;
    stored[kept++] = stored[i];
  }
  stored.resize(kept);
  std::sort(stored.begin(), stored.end(), InBaseOrder<Stored>);

  const auto lock = LockForWriting();
  base_ = std::move(stored);
  base_.shrink_to_fit();
  changes_.clear();
  RebuildCountryRuns();
}

void RecipientIndex::Upsert(const RecipientEntry& entry) {
  const Stored stored = ToStored(entry);
  const auto lock = LockForWriting();
  changes_.insert_or_assign(entry.citizen_id, stored);
  MergeIfDue();
}

void RecipientIndex::Remove(std::int64_t citizen_id) {
  const auto lock = LockForWriting();
  changes_.insert_or_assign(citizen_id, std::nullopt);
  MergeIfDue();
}

void RecipientIndex::MergeIfDue() {
  const double bound =
      static_cast<double>(options_.merge_minimum) + static_cast<double>(base_.size()) * options_.merge_fraction;
  if (static_cast<double>(changes_.size()) > bound) Merge();
}

void RecipientIndex::Merge() {
  if (changes_.empty()) return;
  std::vector<std::int64_t> changed_ids;
  std::vector<Stored> additions;
  changed_ids.reserve(changes_.size());
  for (const auto& [id, change] : changes_) {
    changed_ids.push_back(id);
    if (change) additions.push_back(*change);
  }
  const ChangedIds changed(std::move(changed_ids));
  std::erase_if(base_, [&](const Stored& stored) { return changed.Contains(stored.citizen_id); });
  std::sort(additions.begin(), additions.end(), InBaseOrder<Stored>);
  const std::size_t kept = base_.size();
  base_.insert(base_.end(), additions.begin(), additions.end());
  std::inplace_merge(base_.begin(), base_.begin() + static_cast<std::ptrdiff_t>(kept), base_.end(),
                     InBaseOrder<Stored>);
  changes_.clear();
  RebuildCountryRuns();
}

void RecipientIndex::RebuildCountryRuns() {
  country_runs_.clear();
  constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
  for (std::uint32_t i = 0; i < base_.size(); ++i) {
    const Stored& stored = base_[i];
    if (country_runs_.empty() || country_runs_.back().country != stored.country) {
      country_runs_.push_back({stored.country, i, i, kNaN, kNaN, kNaN, kNaN});
    }
    CountryRun& run = country_runs_.back();
    run.end = i + 1;
    if (stored.cell == kNoCell) continue;
    if (!(run.south <= stored.lat)) run.south = stored.lat;  // the first point replaces NaN too
    if (!(run.north >= stored.lat)) run.north = stored.lat;
    if (!(run.west <= stored.lon)) run.west = stored.lon;
    if (!(run.east >= stored.lon)) run.east = stored.lon;
  }
}

template <typename Shape>
void RecipientIndex::MarkInShape(const Shape& shape, const CountryRun& run, std::vector<std::uint64_t>& marks) const {
  const BoundingBox& box = shape.bounds();
  if (!Meets(box, run.south, run.west, run.north, run.east)) return;
  const int first_row = RowOf(std::max<double>(box.south, run.south));
  const int last_row = RowOf(std::min<double>(box.north, run.north));
  // The box's columns: one interval, or two when it crosses the antimeridian (listed west to east of the map).
  std::array<std::pair<int, int>, 2> columns{};
  int intervals = 0;
  if (box.CrossesAntimeridian()) {
    columns[intervals++] = {0, ColumnOf(box.east)};
    columns[intervals++] = {ColumnOf(box.west), kColumns - 1};
  } else {
    columns[intervals++] = {ColumnOf(box.west), ColumnOf(box.east)};
  }
  const auto test = [&](std::uint32_t i) {
    if (shape.Contains(base_[i].lat, base_[i].lon)) marks[i / 64] |= std::uint64_t{1} << (i % 64);
  };
  const std::size_t run_size = run.end - run.begin;
  const std::size_t searches = static_cast<std::size_t>(last_row - first_row + 1) * intervals;
  if (searches * 2 * static_cast<std::size_t>(std::bit_width(run_size)) * 4 >= run_size) {
    // Many rows over few points: one pass over the run, filtering by cell, is cheaper than the searches.
    for (std::uint32_t i = run.begin; i < run.end && base_[i].cell != kNoCell; ++i) {
      const int row = static_cast<int>(base_[i].cell / kColumns);
      const int column = static_cast<int>(base_[i].cell % kColumns);
      if (row < first_row || row > last_row) continue;
      for (int k = 0; k < intervals; ++k) {
        if (column >= columns[k].first && column <= columns[k].second) test(i);
      }
    }
    return;
  }
  const auto cursor_begin = base_.begin() + run.begin;
  const auto run_end = base_.begin() + run.end;
  auto cursor = cursor_begin;
  for (int row = first_row; row <= last_row; ++row) {
    for (int k = 0; k < intervals; ++k) {
      const std::uint32_t first_cell = CellOf(row, columns[k].first);
      const std::uint32_t last_cell = CellOf(row, columns[k].second);
      cursor = std::lower_bound(cursor, run_end, first_cell,
                                [](const Stored& stored, std::uint32_t cell) { return stored.cell < cell; });
      for (; cursor != run_end && cursor->cell <= last_cell; ++cursor) {
        test(static_cast<std::uint32_t>(cursor - base_.begin()));
      }
    }
  }
}

template <typename Visit>
void RecipientIndex::ForEachSelected(const Area& area, const CountryMask* within, Visit visit) const {
  CountryMask wanted;
  for (const CountryCode& country : area.countries) wanted.set(country.index());
  const auto wanted_country = [&](std::uint16_t country) { return country < kCountryCodes && wanted.test(country); };
  const auto allowed = [&](std::uint16_t country) {
    return within == nullptr || (country < kCountryCodes && within->test(country));
  };

  // Base entries are marked in a bitmap first, so that one in several shapes, or in a shape and a wanted country,
  // comes out once.
  std::vector<std::uint64_t> marks((base_.size() + 63) / 64);
  for (const CountryRun& run : country_runs_) {
    if (!allowed(run.country)) continue;
    if (wanted_country(run.country)) {
      MarkRange(marks, run.begin, run.end);
      continue;
    }
    for (const Polygon& polygon : area.polygons) MarkInShape(polygon, run, marks);
    for (const Circle& circle : area.circles) MarkInShape(circle, run, marks);
  }
  // Recent changes override the base: a changed citizen's base entry is skipped, their change tested instead.
  std::optional<ChangedIds> changed;
  if (!changes_.empty()) {
    std::vector<std::int64_t> changed_ids;
    changed_ids.reserve(changes_.size());
    for (const auto& change : changes_) changed_ids.push_back(change.first);
    changed.emplace(std::move(changed_ids));
  }
  for (std::size_t word = 0; word < marks.size(); ++word) {
    for (std::uint64_t bits = marks[word]; bits != 0; bits &= bits - 1) {
      const Stored& stored = base_[word * 64 + static_cast<std::size_t>(std::countr_zero(bits))];
      if (!changed || !changed->Contains(stored.citizen_id)) visit(stored);
    }
  }
  for (const auto& [id, stored] : changes_) {
    if (stored && allowed(stored->country) &&
        (wanted_country(stored->country) || area.Contains(stored->lat, stored->lon))) {
      visit(*stored);
    }
  }
}

std::vector<std::int64_t> RecipientIndex::Select(const Area& area) const { return SelectWithin(area, nullptr); }
std::vector<std::int64_t> RecipientIndex::Select(const Area& area, const CountryMask& within) const {
  return SelectWithin(area, &within);
}
RecipientCounts RecipientIndex::CountBy(const Area& area) const { return CountWithin(area, nullptr); }
RecipientCounts RecipientIndex::CountBy(const Area& area, const CountryMask& within) const {
  return CountWithin(area, &within);
}
std::vector<RecipientEntry> RecipientIndex::Entries(const Area& area) const { return EntriesWithin(area, nullptr); }
std::vector<RecipientEntry> RecipientIndex::Entries(const Area& area, const CountryMask& within) const {
  return EntriesWithin(area, &within);
}

std::vector<std::int64_t> RecipientIndex::SelectWithin(const Area& area, const CountryMask* within) const {
  std::vector<std::int64_t> ids;
  {
    const auto lock = LockForReading();
    ForEachSelected(area, within, [&](const Stored& stored) { ids.push_back(stored.citizen_id); });
  }
  SortByDistinctIds(ids, [](std::int64_t id) { return id; });
  return ids;
}

RecipientCounts RecipientIndex::CountWithin(const Area& area, const CountryMask* within) const {
  RecipientCounts counts;
  const auto lock = LockForReading();
  ForEachSelected(area, within, [&](const Stored& stored) {
    ++counts.total;
    ++counts.per_language[stored.language];
    for (int bit = 0; bit < 8; ++bit) counts.per_channel_bit[bit] += (stored.channels >> bit) & 1;
    counts.without_channel += stored.channels == 0;
  });
  return counts;
}

std::vector<RecipientEntry> RecipientIndex::EntriesWithin(const Area& area, const CountryMask* within) const {
  std::vector<RecipientEntry> entries;
  {
    const auto lock = LockForReading();
    ForEachSelected(area, within, [&](const Stored& stored) {
      entries.push_back({stored.citizen_id, stored.lat, stored.lon, stored.country, stored.channels, stored.language});
    });
  }
  SortByDistinctIds(entries, [](const RecipientEntry& entry) { return entry.citizen_id; });
  return entries;
}

std::size_t RecipientIndex::MemoryBytes() const {
  const auto lock = LockForReading();
  // A map node: three pointers and a colour, then the key and the value.
  constexpr std::size_t kChangeBytes = 32 + sizeof(std::pair<const std::int64_t, std::optional<Stored>>);
  return sizeof(*this) + base_.capacity() * sizeof(Stored) + country_runs_.capacity() * sizeof(CountryRun) +
         changes_.size() * kChangeBytes;
}

}  // namespace chancery::alerts
