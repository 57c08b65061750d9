#include "modules/monitor/stories.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <stdexcept>
#include <string_view>

namespace chancery::monitor {
namespace {

// SplitMix64's finaliser: every input bit moves about half the output bits, which SimHash's votes rely on.
std::uint64_t Mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// FNV-1a, then mixed: FNV alone leaves the high bits of short words poorly spread.
std::uint64_t HashWord(std::string_view word) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const unsigned char byte : word) {
    hash ^= byte;
    hash *= 0x100000001b3ULL;
  }
  return Mix(hash);
}

constexpr std::size_t kShingle = 3;

}  // namespace

std::uint64_t SimHash(const NormalizedText& title, const NormalizedText& body) {
  std::vector<std::uint64_t> words;
  words.reserve(title.tokens.size() + body.tokens.size());
  for (std::size_t i = 0; i < title.tokens.size(); ++i) words.push_back(HashWord(title.FoldedWord(i)));
  for (std::size_t i = 0; i < body.tokens.size(); ++i) words.push_back(HashWord(body.FoldedWord(i)));
  if (words.empty()) return 0;

  std::array<std::int32_t, 64> votes{};
  auto vote = [&votes](std::uint64_t feature) {
    for (int bit = 0; bit < 64; ++bit) votes[bit] += (feature >> bit & 1) != 0 ? 1 : -1;
  };
  if (words.size() < kShingle) {
    for (const std::uint64_t word : words) vote(word);
  } else {
    for (std::size_t i = 0; i + kShingle <= words.size(); ++i) {
      // Order matters ("a b c" is not "c b a"): each word is mixed into what came before it.
      std::uint64_t shingle = Mix(words[i] + 0x9e3779b97f4a7c15ULL);
      for (std::size_t j = 1; j < kShingle; ++j) shingle = Mix(shingle ^ words[i + j]);
      vote(shingle);
    }
  }
  std::uint64_t simhash = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (votes[bit] > 0) simhash |= std::uint64_t{1} << bit;
  }
  return simhash;
}

int HammingDistance(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b); }

StoryIndex::StoryIndex(StoryIndexOptions options) : options_(options) {
  if (options_.max_distance < 0 || options_.max_distance > 31) {
    throw std::invalid_argument("story index: max_distance must be within 0..31");
  }
  if (options_.window_ms <= 0 || options_.max_entries == 0 ||
      options_.max_entries > std::numeric_limits<std::uint32_t>::max()) {
    throw std::invalid_argument("story index: the window and max_entries must be positive");
  }
  // 64 bits into max_distance + 1 bands, the first ones a bit wider when it does not divide evenly.
  const int bands = options_.max_distance + 1;
  band_shift_.push_back(0);
  for (int band = 0; band < bands; ++band) band_shift_.push_back(band_shift_.back() + 64 / bands + (band < 64 % bands));
  bands_.resize(bands);
}

std::uint64_t StoryIndex::BandKey(std::uint64_t simhash, int band) const {
  const int width = band_shift_[band + 1] - band_shift_[band];
  const std::uint64_t mask = width == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;
  return simhash >> band_shift_[band] & mask;
}

std::optional<std::pair<std::uint32_t, int>> StoryIndex::Nearest(std::uint64_t simhash, std::int64_t at_ms) const {
  // Entries past the window are ignored even before Expire drops them, so the answer does not depend on when
  // Expire last ran.
  const std::int64_t cutoff = at_ms - options_.window_ms;
  std::uint32_t best = 0;
  int best_distance = options_.max_distance + 1;
  for (int band = 0; band < static_cast<int>(bands_.size()); ++band) {
    const auto bucket = bands_[band].find(BandKey(simhash, band));
    if (bucket == bands_[band].end()) continue;
    for (const std::uint32_t slot : bucket->second) {
      const Entry& entry = entries_[slot];
      const int distance = HammingDistance(simhash, entry.simhash);
      if (distance > options_.max_distance || entry.at_ms < cutoff) continue;
      if (distance < best_distance || (distance == best_distance && entry.at_ms > entries_[best].at_ms)) {
        best = slot;
        best_distance = distance;
      }
    }
  }
  if (best_distance > options_.max_distance) return std::nullopt;
  return std::make_pair(best, best_distance);
}

std::optional<std::int64_t> StoryIndex::Find(std::uint64_t simhash, std::int64_t at_ms) const {
  const std::lock_guard lock(mutex_);
  auto nearest = Nearest(simhash, at_ms);
  if (!nearest) return std::nullopt;
  return entries_[nearest->first].story_id;
}

std::int64_t StoryIndex::Assign(std::uint64_t simhash, std::int64_t at_ms, std::int64_t new_story_id) {
  const std::lock_guard lock(mutex_);
  auto nearest = Nearest(simhash, at_ms);
  if (!nearest) {
    Insert(simhash, at_ms, new_story_id);
    return new_story_id;
  }
  const auto [best, best_distance] = *nearest;
  const std::int64_t story_id = entries_[best].story_id;
  if (best_distance == 0) {
    entries_[best].at_ms = std::max(entries_[best].at_ms, at_ms);  // an exact copy: no new entry
  } else {
    Insert(simhash, at_ms, story_id);
  }
  return story_id;
}

void StoryIndex::Add(std::uint64_t simhash, std::int64_t at_ms, std::int64_t story_id) {
  const std::lock_guard lock(mutex_);
  Insert(simhash, at_ms, story_id);
}

std::size_t StoryIndex::Expire(std::int64_t now_ms) {
  const std::lock_guard lock(mutex_);
  const std::int64_t cutoff = now_ms - options_.window_ms;
  if (live_ == 0 || oldest_ms_ >= cutoff) return 0;
  return RemoveBefore(cutoff);
}

std::size_t StoryIndex::Size() const {
  const std::lock_guard lock(mutex_);
  return live_;
}

void StoryIndex::Insert(std::uint64_t simhash, std::int64_t at_ms, std::int64_t story_id) {
  if (live_ >= options_.max_entries) DropOldestTenth();
  std::uint32_t slot = 0;
  if (free_slots_.empty()) {
    slot = static_cast<std::uint32_t>(entries_.size());
    entries_.emplace_back();
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
  }
  entries_[slot] = Entry{.simhash = simhash, .at_ms = at_ms, .story_id = story_id, .live = true};
  for (int band = 0; band < static_cast<int>(bands_.size()); ++band) {
    bands_[band][BandKey(simhash, band)].push_back(slot);
  }
  oldest_ms_ = live_ == 0 ? at_ms : std::min(oldest_ms_, at_ms);
  ++live_;
}

// Entries are marked first, then each bucket that held one is swept once: dropping many entries at once costs no
// more than a pass over the buckets they were in.
std::size_t StoryIndex::RemoveBefore(std::int64_t cutoff_ms) {
  std::vector<std::vector<std::uint64_t>> touched(bands_.size());
  std::size_t removed = 0;
  std::int64_t oldest = std::numeric_limits<std::int64_t>::max();
  for (std::uint32_t slot = 0; slot < entries_.size(); ++slot) {
    Entry& entry = entries_[slot];
    if (!entry.live) continue;
    if (entry.at_ms >= cutoff_ms) {
      oldest = std::min(oldest, entry.at_ms);
      continue;
    }
    entry.live = false;
    free_slots_.push_back(slot);
    ++removed;
    for (std::size_t band = 0; band < bands_.size(); ++band) {
      touched[band].push_back(BandKey(entry.simhash, static_cast<int>(band)));
    }
  }
  for (std::size_t band = 0; band < bands_.size(); ++band) {
    std::sort(touched[band].begin(), touched[band].end());
    touched[band].erase(std::unique(touched[band].begin(), touched[band].end()), touched[band].end());
    for (const std::uint64_t key : touched[band]) {
      const auto bucket = bands_[band].find(key);
      std::erase_if(bucket->second, [this](std::uint32_t slot) { return !entries_[slot].live; });
      if (bucket->second.empty()) bands_[band].erase(bucket);
    }
  }
  live_ -= removed;
  oldest_ms_ = oldest;
  return removed;
}

// Dropping a tenth at once (at least; entries seen at the same time go together) keeps the cost of finding the
// oldest, a pass over every entry, to a tenth of a pass per insertion.
void StoryIndex::DropOldestTenth() {
  std::vector<std::int64_t> times;
  times.reserve(live_);
  for (const Entry& entry : entries_) {
    if (entry.live) times.push_back(entry.at_ms);
  }
  const std::size_t count = std::max<std::size_t>(1, times.size() / 10);
  std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(count - 1), times.end());
  const std::int64_t last_dropped = times[count - 1];
  RemoveBefore(last_dropped == std::numeric_limits<std::int64_t>::max() ? last_dropped : last_dropped + 1);
}

}  // namespace chancery::monitor
