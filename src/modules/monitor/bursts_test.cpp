// Bursts: the Poisson tail against exact sums; the three conditions each doing their job; and the tracker over
// simulated streams of stories (a steady stream with Poisson noise, planted surges) updated every minute.
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
  std::optional<BurstVerdict> Update(BurstTracker& tracker, std::int64_t now, const BurstOptions& options = {}) const {
    return tracker.Update("query:42", Between(now - options.recent_ms, now),
                          Between(now - options.recent_ms - options.baseline_ms, now - options.recent_ms), now);
  }

 private:
  int Between(std::int64_t after, std::int64_t up_to) const {  // (after, up_to]
    return static_cast<int>(std::upper_bound(times_.begin(), times_.end(), up_to) -
                            std::upper_bound(times_.begin(), times_.end(), after));
  }
  std::vector<std::int64_t> times_;
};

// Alerts raised while updating every minute from hour 13 (when the baseline window is full) to `to`.
std::vector<std::int64_t> Alerts(const Stream& stream, BurstTracker& tracker, std::int64_t to) {
  std::vector<std::int64_t> alerts;
  for (std::int64_t now = 13 * kHour; now < to; now += kMinute) {
    if (stream.Update(tracker, now)) alerts.push_back(now);
  }
  return alerts;
}

TEST(BurstTrackerTest, SteadyStreamNeverFires) {
  std::mt19937_64 random(42);
  Stream stream;
  stream.Steady(2, 0, 37 * kHour, random);  // 24 hours after the first baseline
  BurstTracker tracker;
  EXPECT_TRUE(Alerts(stream, tracker, 37 * kHour).empty());
}

// Looking every minute is many looks: the false alarm rate is measured over a simulated year of steady streams
// (the default p of 1e-4 gives about 10 a year per key at 1-4 stories an hour; 1e-3 gave about 50).
TEST(BurstTrackerTest, SteadyStreamsRarelyFireOverAYear) {
  const std::int64_t year = 365 * 24 * kHour;
  for (const double per_hour : {0.5, 2.0, 4.0, 20.0}) {
    std::mt19937_64 random(11);
    Stream stream;
    stream.Steady(per_hour, 0, year, random);
    BurstTracker tracker;
    EXPECT_LE(Alerts(stream, tracker, year).size(), 15U) << per_hour << " stories an hour";
  }
}

TEST(BurstTrackerTest, ASurgeFiresOnceAndALaterOneFiresAgain) {
  // A regular background (the noisy one is above: a chance alarm here would say nothing about surges).
  Stream stream;
  stream.Spread(80, 0, 40 * kHour);
  stream.Spread(30, 20 * kHour, 21 * kHour);
  stream.Spread(30, 30 * kHour, 31 * kHour);
  BurstTracker tracker;
  const std::vector<std::int64_t> alerts = Alerts(stream, tracker, 26 * kHour);
  ASSERT_EQ(alerts.size(), 1U);
  EXPECT_GT(alerts[0], 20 * kHour);
  EXPECT_LT(alerts[0], 20 * kHour + 30 * kMinute) << "within the first half hour of the surge";
  EXPECT_FALSE(tracker.StartedAt("query:42")) << "over by hour 26";

  std::vector<std::int64_t> later;
  for (std::int64_t now = 26 * kHour; now < 40 * kHour; now += kMinute) {
    if (stream.Update(tracker, now)) later.push_back(now);
  }
  ASSERT_EQ(later.size(), 1U) << "the second surge, though the first is now in its baseline";
  EXPECT_GT(later[0], 30 * kHour);
  EXPECT_LT(later[0], 31 * kHour);
}

TEST(BurstTrackerTest, HoveringAtTheThresholdIsOneEpisode) {
  // Against a baseline of 2 an hour: 10 stories is a burst (p = 4.6e-5), 9 is not (p = 2.4e-4) but still 4.5 times
  // the usual, 2 is the usual.
  BurstTracker tracker;
  std::int64_t now = 0;
  int alerts = 0;
  for (int minute = 0; minute < 120; ++minute) {
    alerts += tracker.Update("query:42", minute % 2 == 0 ? 10 : 9, 24, now += kMinute).has_value() ? 1 : 0;
  }
  EXPECT_EQ(alerts, 1);
  // Negative for less than a recent window (59 minutes since the last burst verdict): still the same episode.
  for (int minute = 0; minute < 58; ++minute) EXPECT_FALSE(tracker.Update("query:42", 9, 24, now += kMinute));
  EXPECT_FALSE(tracker.Update("query:42", 10, 24, now += kMinute));
  // Negative for a whole recent window: over, and the next burst is a new one.
  for (int minute = 0; minute < 60; ++minute) EXPECT_FALSE(tracker.Update("query:42", 9, 24, now += kMinute));
  EXPECT_FALSE(tracker.StartedAt("query:42"));
  EXPECT_TRUE(tracker.Update("query:42", 10, 24, now += kMinute));
  // Back to the usual: over at once.
  EXPECT_FALSE(tracker.Update("query:42", 2, 24, now += kMinute));
  EXPECT_FALSE(tracker.StartedAt("query:42"));
}

TEST(BurstTrackerTest, RestoredEpisodesAreNotRaisedAgain) {
  BurstTracker tracker;
  tracker.Restore("query:42", 1000);
  EXPECT_FALSE(tracker.Update("query:42", 30, 24, 1000 + 5 * kMinute));
  EXPECT_EQ(tracker.StartedAt("query:42"), 1000);
  EXPECT_TRUE(tracker.Update("country:VN", 30, 24, 1000 + 5 * kMinute)) << "keys are independent";
  // Restored long ago and no longer bursting: over at the first negative verdict.
  tracker.Restore("query:7", 0);
  EXPECT_FALSE(tracker.Update("query:7", 9, 24, 3 * kHour));
  EXPECT_FALSE(tracker.StartedAt("query:7"));
}

}  // namespace
}  // namespace chancery::monitor
