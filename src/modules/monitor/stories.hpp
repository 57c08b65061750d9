// Stories: near-duplicate articles grouped together, so that bursts and alerts count stories, not copies (a wire
// report republished by twenty outlets with small edits is one story).
//
// SimHash gives an article a 64-bit fingerprint: every 3-word shingle of its folded words (title, then body) votes
// on every bit with its own 64-bit hash, and a bit is set when more shingles had it set than not. Two texts that
// share most shingles differ in few bits; unrelated texts differ in about 32 (as random numbers do). Folding makes
// case, accents and punctuation invisible (distance 0).
//
// StoryIndex holds the fingerprints of the articles seen within a time window and finds, for a new article, the
// nearest one within `max_distance` bits. It uses the classic banded index: the 64 bits are cut into
// max_distance + 1 bands, one hash table per band; two fingerprints within max_distance bits agree exactly on at
// least one band (pigeonhole), so only the entries sharing a band are compared. Every copy's fingerprint is kept
// (not only the first article's), so a copy of an edited copy is found too, and a story stays findable while its
// copies keep arriving: grouping is single-link.
//
// Why max_distance defaults to 7 and not 3 (measured on the shared corpus, 3,907 real articles in English and
// Vietnamese, with synthetic edits): an added sentence changes about a tenth of a short article's shingles, which
// moves ~6 of the 64 bits. Within 3 bits stayed only 66% of one-word edits and 20% of added sentences in articles
// under 350 words; within 7 bits 99% and 74%, and 99% of added datelines, 93% of new headlines. Distinct articles
// stay far: of the 3.8 million pairs of different articles, the only ones within 7 bits were 13 versions of the
// same BBC report (3 bits found 10 of them); random fingerprints come within 7 bits with probability 4e-11. The
// index then compares ~3% of its entries (eight one-byte bands).
//
// Memory: at most `max_entries` fingerprints (each ~80 bytes with its band slots); when full, the oldest tenth is
// dropped at once. Thread-safety: a StoryIndex may be used from several threads (a mutex inside); SimHash is a
// pure function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "modules/monitor/monitor_text.hpp"

namespace chancery::monitor {

// The fingerprint of an article: 3-word shingles of its folded words (single words when it has fewer than three);
// 0 when it has no word at all.
std::uint64_t SimHash(const NormalizedText& title, const NormalizedText& body);

int HammingDistance(std::uint64_t a, std::uint64_t b);

struct StoryIndexOptions {
  std::int64_t window_ms = 48LL * 3600 * 1000;  // how long a fingerprint is held after its article was seen
  int max_distance = 7;                         // 0..31
  std::size_t max_entries = 500'000;            // ~40 MB; a day of the busiest feeds is ~50,000 articles
};

class StoryIndex {
 public:
  // Throws std::invalid_argument for options out of range (a start-up error).
  explicit StoryIndex(StoryIndexOptions options = {});

  // The story of an article seen at `at_ms`: the story of the nearest fingerprint within max_distance bits among
  // those seen in (at_ms - window, ...], the most recently seen on a tie; otherwise `new_story_id`, registered.
  // The article's fingerprint is kept either way (an exact copy refreshes the time of the one it copies).
  std::int64_t Assign(std::uint64_t simhash, std::int64_t at_ms, std::int64_t new_story_id);

  // The story Assign would answer, without registering anything (for callers that create the story row only
  // when no story matches, and register the fingerprint once that is committed).
  std::optional<std::int64_t> Find(std::uint64_t simhash, std::int64_t at_ms) const;

  // Loads a fingerprint of an existing story (at start-up, from the store), without looking for a match.
  void Add(std::uint64_t simhash, std::int64_t at_ms, std::int64_t story_id);

  // Drops the fingerprints seen before now_ms - window; returns how many. Cheap when nothing is that old.
  std::size_t Expire(std::int64_t now_ms);

  std::size_t Size() const;

 private:
  struct Entry {
    std::uint64_t simhash = 0;
    std::int64_t at_ms = 0;
    std::int64_t story_id = 0;
    bool live = false;
  };
  using Bucket = std::vector<std::uint32_t>;  // slots in entries_

  std::uint64_t BandKey(std::uint64_t simhash, int band) const;
  // The nearest live entry within max_distance: its slot and distance (the caller holds mutex_).
  std::optional<std::pair<std::uint32_t, int>> Nearest(std::uint64_t simhash, std::int64_t at_ms) const;
  void Insert(std::uint64_t simhash, std::int64_t at_ms, std::int64_t story_id);
  std::size_t RemoveBefore(std::int64_t cutoff_ms);  // the entries seen before cutoff_ms
  void DropOldestTenth();

  const StoryIndexOptions options_;
  std::vector<int> band_shift_;  // each band's lowest bit; band b is bits [shift[b], shift[b + 1])
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> free_slots_;
  std::vector<std::unordered_map<std::uint64_t, Bucket>> bands_;
  std::size_t live_ = 0;
  std::int64_t oldest_ms_ = 0;  // no live entry is older (a lower bound), so Expire can return early
};

}  // namespace chancery::monitor
