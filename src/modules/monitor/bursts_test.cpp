// Bursts: the Poisson tail against exact sums; the three conditions each doing their job; and episodes (the rule
// BurstWatch keeps them by) over simulated streams of stories (a steady stream with Poisson noise, planted surges)
// judged every minute.
#include "modules/monitor/bursts.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace chancery::monitor {
namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHour = 60 * kMinute;

// P(X >= count) for X ~ Poisson(mean), summed term by term in long double (on the side without cancellation).
double ExactTail(int count, double mean) {
  const long double lambda = mean;
  auto term = [lambda](long double k) { return std::exp(k * std::log(lambda) - lambda - std::lgamma(k + 1)); };
  long double sum = 0;
  if (count >= mean) {
    const int last = count + 50 + static_cast<int>(40 * std::sqrt(mean));
    for (int k = last; k >= count; --k) sum += term(k);  // smallest first
    return static_cast<double>(sum);
  }
  for (int k = 0; k < count; ++k) sum += term(k);
  return static_cast<double>(1 - sum);
}

TEST(BurstTest, PoissonTailMatchesExactSums) {
  EXPECT_NEAR(PoissonTail(10, 2), 4.6e-5, 0.05e-5);
  const std::pair<int, double> cases[] = {{1, 0.5},     {3, 0.5},     {5, 0.5},         {9, 2},           {10, 2},
                                          {30, 2},      {100, 10},    {20, 20},         {21, 20.5},       {950, 1000},
                                          {1000, 1000}, {1100, 1000}, {1'000'000, 1e6}, {1'005'000, 1e6}, {2, 40}};
  for (const auto& [count, mean] : cases) {
    const double exact = ExactTail(count, mean);
    EXPECT_NEAR(PoissonTail(count, mean), exact, exact * 1e-8) << "P(X >= " << count << " | " << mean << ")";
  }
  EXPECT_EQ(PoissonTail(0, 3), 1.0);
  EXPECT_EQ(PoissonTail(3, 0), 0.0);
}

TEST(BurstTest, CountsInTheMillionsNeitherOverflowNorHang) {
  const BurstVerdict level = JudgeBurst(1'000'000, 12'000'000, {});
  EXPECT_DOUBLE_EQ(level.expected, 1e6);
  EXPECT_NEAR(level.p_value, 0.5, 0.01);
  EXPECT_FALSE(level.burst);
  const BurstVerdict surge = JudgeBurst(1'000'000, 1'000'000, {});
  EXPECT_TRUE(surge.burst);
  EXPECT_EQ(surge.p_value, 0.0) << "below the smallest double: underflows to 0, not NaN";
}

TEST(BurstTest, EachConditionDoesItsJob) {
  // Tiny counts: 3 stories on a key with no history is not news (expected 0.5 from the floor, p = 0.014).
  const BurstVerdict tiny = JudgeBurst(3, 0, {});
  EXPECT_FALSE(tiny.burst);
  EXPECT_DOUBLE_EQ(tiny.expected, 0.5);
  EXPECT_NEAR(tiny.p_value, 0.0144, 0.0001);
  EXPECT_FALSE(JudgeBurst(3, 0, {.max_p_value = 0.05}).burst) << "min_stories alone";
  EXPECT_FALSE(JudgeBurst(5, 0, {}).burst) << "p = 1.7e-4";
  EXPECT_TRUE(JudgeBurst(6, 0, {}).burst) << "p = 1.4e-5";
  // A busy key: 240 against 200 expected is nearly certain (p = 0.003) but only 1.2 times the usual.
  const BurstVerdict busy = JudgeBurst(240, 2400, {.max_p_value = 0.01});
  EXPECT_DOUBLE_EQ(busy.expected, 200);
  EXPECT_NEAR(busy.p_value, 0.0033, 0.0001);
  EXPECT_FALSE(busy.burst) << "min_ratio alone";
  EXPECT_TRUE(JudgeBurst(600, 2400, {}).burst);
  // A quiet key: 2 against 0.5 expected is a ratio of 4 that happens one hour in 11.
  const BurstVerdict quiet = JudgeBurst(2, 6, {.min_stories = 1});
  EXPECT_DOUBLE_EQ(quiet.ratio, 4);
  EXPECT_NEAR(quiet.p_value, 0.0902, 0.0001);
  EXPECT_FALSE(quiet.burst) << "max_p_value alone";
}

// Arrival times of stories, and the counts a caller takes from them at `now`.
class Stream {
 public:
  void Steady(double per_hour, std::int64_t from, std::int64_t to, std::mt19937_64& random) {
    std::exponential_distribution<double> gap(per_hour / kHour);
    for (double at = from + gap(random); at < to; at += gap(random)) times_.push_back(static_cast<std::int64_t>(at));
    std::sort(times_.begin(), times_.end());
  }
  void Spread(int count, std::int64_t from, std::int64_t to) {
    for (int i = 0; i < count; ++i) times_.push_back(from + (to - from) * i / count);
    std::sort(times_.begin(), times_.end());
  }
  BurstVerdict Judge(std::int64_t now, const BurstOptions& options = {}) const {
    return JudgeBurst(Between(now - options.recent_ms, now),
                      Between(now - options.recent_ms - options.baseline_ms, now - options.recent_ms), options);
  }

 private:
  int Between(std::int64_t after, std::int64_t up_to) const {  // (after, up_to]
    return static_cast<int>(std::upper_bound(times_.begin(), times_.end(), up_to) -
                            std::upper_bound(times_.begin(), times_.end(), after));
  }
  std::vector<std::int64_t> times_;
};

// One key's episodes as BurstWatch keeps them: an alert when a burst verdict comes with no episode in progress.
class Episodes {
 public:
  // The counts at `now`: true when this verdict starts an episode (an alert).
  bool Update(const BurstVerdict& verdict, std::int64_t now, const BurstOptions& options = {}) {
    if (last_burst_) {
      if (verdict.burst) last_burst_ = now;
      if (!EpisodeGoesOn(verdict, *last_burst_, now, options)) last_burst_.reset();
      return false;
    }
    if (verdict.burst) last_burst_ = now;
    return verdict.burst;
  }
  bool InProgress() const { return last_burst_.has_value(); }

 private:
  std::optional<std::int64_t> last_burst_;
};

// Alerts raised while judging every minute, from `from` (by default hour 13, when the baseline window is full) to `to`.
std::vector<std::int64_t> Alerts(const Stream& stream, Episodes& episodes, std::int64_t to,
                                 std::int64_t from = 13 * kHour) {
  std::vector<std::int64_t> alerts;
  for (std::int64_t now = from; now < to; now += kMinute) {
    if (episodes.Update(stream.Judge(now), now)) alerts.push_back(now);
  }
  return alerts;
}

TEST(BurstEpisodesTest, SteadyStreamNeverFires) {
  std::mt19937_64 random(42);
  Stream stream;
  stream.Steady(2, 0, 37 * kHour, random);  // 24 hours after the first baseline
  Episodes episodes;
  EXPECT_TRUE(Alerts(stream, episodes, 37 * kHour).empty());
}

// Looking every minute is many looks: the false alarm rate is measured over a simulated year of steady streams
// (the default p of 1e-4 gives about 10 a year per key at 1-4 stories an hour; 1e-3 gave about 50).
TEST(BurstEpisodesTest, SteadyStreamsRarelyFireOverAYear) {
  const std::int64_t year = 365 * 24 * kHour;
  for (const double per_hour : {0.5, 2.0, 4.0, 20.0}) {
    std::mt19937_64 random(11);
    Stream stream;
    stream.Steady(per_hour, 0, year, random);
    Episodes episodes;
    EXPECT_LE(Alerts(stream, episodes, year).size(), 15U) << per_hour << " stories an hour";
  }
}

TEST(BurstEpisodesTest, ASurgeFiresOnceAndALaterOneFiresAgain) {
  // A regular background (the noisy one is above: a chance alarm here would say nothing about surges).
  Stream stream;
  stream.Spread(80, 0, 40 * kHour);
  stream.Spread(30, 20 * kHour, 21 * kHour);
  stream.Spread(30, 30 * kHour, 31 * kHour);
  Episodes episodes;
  const std::vector<std::int64_t> alerts = Alerts(stream, episodes, 26 * kHour);
  ASSERT_EQ(alerts.size(), 1U);
  EXPECT_GT(alerts[0], 20 * kHour);
  EXPECT_LT(alerts[0], 20 * kHour + 30 * kMinute) << "within the first half hour of the surge";
  EXPECT_FALSE(episodes.InProgress()) << "over by hour 26";

  const std::vector<std::int64_t> later = Alerts(stream, episodes, 40 * kHour, 26 * kHour);
  ASSERT_EQ(later.size(), 1U) << "the second surge, though the first is now in its baseline";
  EXPECT_GT(later[0], 30 * kHour);
  EXPECT_LT(later[0], 31 * kHour);
}

TEST(BurstEpisodesTest, HoveringAtTheThresholdIsOneEpisode) {
  // Against a baseline of 2 an hour: 10 stories is a burst (p = 4.6e-5), 9 is not (p = 2.4e-4) but still 4.5 times
  // the usual, 2 is the usual.
  Episodes episodes;
  const auto update = [&](int recent, std::int64_t now) { return episodes.Update(JudgeBurst(recent, 24, {}), now); };
  std::int64_t now = 0;
  int alerts = 0;
  for (int minute = 0; minute < 120; ++minute) alerts += update(minute % 2 == 0 ? 10 : 9, now += kMinute) ? 1 : 0;
  EXPECT_EQ(alerts, 1);
  // Negative for less than a recent window (59 minutes since the last burst verdict): still the same episode.
  for (int minute = 0; minute < 58; ++minute) EXPECT_FALSE(update(9, now += kMinute));
  EXPECT_FALSE(update(10, now += kMinute));
  // Negative for a whole recent window: over, and the next burst is a new one.
  for (int minute = 0; minute < 60; ++minute) EXPECT_FALSE(update(9, now += kMinute));
  EXPECT_FALSE(episodes.InProgress());
  EXPECT_TRUE(update(10, now += kMinute));
  // Back to the usual: over at once.
  EXPECT_FALSE(update(2, now += kMinute));
  EXPECT_FALSE(episodes.InProgress());
}

}  // namespace
}  // namespace chancery::monitor
