// Bursts: a key (a standing query, a country, a language) is "breaking" when its recent rate of stories rises well
// above its own baseline. Counts are of stories, not copies (see stories.hpp), so twenty outlets republishing one
// wire report do not make a burst.
//
// JudgeBurst compares the stories of the recent window (by default the last hour) with those of the baseline window
// before it (the 12 hours before that): expected = baseline × recent_ms / baseline_ms, but at least
// baseline_floor_per_hour (scaled to the recent window); ratio = recent / expected; p_value = P(X >= recent) for
// X ~ Poisson(expected). A burst needs all three conditions, each for its own reason:
//   - recent >= min_stories: a handful of articles is not news, however quiet the key was before;
//   - ratio >= min_ratio: on a busy key a small rise is already statistically certain (240 stories in an hour
//     against 200 expected has p = 0.003), but breaking news is a multiple of the usual, not a few percent more;
//   - p_value <= max_p_value: on a quiet key the ratio is noise (2 stories against 0.5 expected is a ratio of 4 and
//     happens one hour in eleven); the Poisson tail says how surprising the count is given the baseline.
// The floor gives a key without history a small background rate, so that its expected count is not 0 (which would
// make any story an infinite ratio with p = 0).
//
// The p-value is the regularised incomplete gamma function P(recent, expected), computed in log space: accurate to
// 1e-8 relative or better (checked against exact sums) and without overflow for counts up to millions.
//
// EpisodeGoesOn turns verdicts into episodes per key, so that one surge raises one alert (BurstWatch keeps the
// episodes in monitor_bursts). An episode starts with a burst verdict and ends when the rate has fallen back: the
// ratio below min_ratio / 2, or no burst verdict for a whole recent window. The gap between starting (all three
// conditions) and ending is the hysteresis: without it a count hovering at the threshold would start a new episode
// every few minutes.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace chancery::monitor {

struct BurstOptions {
  std::int64_t recent_ms = 3'600'000;         // > 0
  std::int64_t baseline_ms = 12 * 3'600'000;  // > 0
  int min_stories = 5;
  double min_ratio = 3.0;
  // 1e-4 rather than 1e-3: a key looked at every minute gets many looks at the same hour. Over a simulated year of
  // steady Poisson streams of 1 to 4 stories an hour, 1e-3 raised about 50 episodes per key, 1e-4 about 10; it costs
  // one story of sensitivity (10 in an hour against 2 expected instead of 9).
  double max_p_value = 1e-4;
  double baseline_floor_per_hour = 0.5;
};

struct BurstVerdict {
  bool burst = false;
  int recent = 0;
  int baseline = 0;
  double expected = 0;  // stories expected in the recent window
  double ratio = 0;     // recent / expected
  double p_value = 1;   // P(X >= recent) for X ~ Poisson(expected)
};

// P(X >= count) for X ~ Poisson(mean): 1 when count <= 0; 0 when mean <= 0 < count.
double PoissonTail(int count, double mean);

// Counts are of stories first seen in the recent window and in the baseline window before it (negative counts are
// taken as 0).
BurstVerdict JudgeBurst(int recent_count, int baseline_count, const BurstOptions& options);

// Whether an episode in progress, whose last burst verdict was at last_burst_ms, goes on at now_ms given `verdict`.
bool EpisodeGoesOn(const BurstVerdict& verdict, std::int64_t last_burst_ms, std::int64_t now_ms,
                   const BurstOptions& options);

}  // namespace chancery::monitor
