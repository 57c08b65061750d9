#include "modules/monitor/bursts.hpp"

#include <math.h>  // lgamma_r: std::lgamma writes the global signgam, which is not thread-safe

#include <algorithm>
#include <cmath>
#include <limits>

namespace chancery::monitor {
namespace {

constexpr double kEpsilon = 1e-15;
constexpr double kTiny = 1e-300;
constexpr int kMaxIterations = 1'000'000;  // both expansions need O(sqrt(a)) terms: ~10,000 for a = 10^6

double LogGamma(double a) {
  int sign = 0;
  return lgamma_r(a, &sign);
}

// log(x^a e^-x / Γ(a)), the factor both expansions share; kept in log space so that it neither overflows nor
// underflows before the end.
double LogPrefactor(double a, double x) { return a * std::log(x) - x - LogGamma(a); }

// P(a, x) by its series, for x < a + 1 (where it converges quickly and P is the small side).
double LowerGammaSeries(double a, double x) {
  double term = 1.0 / a;
  double sum = term;
  for (int n = 1; n < kMaxIterations; ++n) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * kEpsilon) break;
  }
  return std::exp(LogPrefactor(a, x) + std::log(sum));
}

// Q(a, x) = 1 - P(a, x) by its continued fraction (modified Lentz), for x >= a + 1.
double UpperGammaFraction(double a, double x) {
  double b = x + 1.0 - a;
  double c = 1.0 / kTiny;
  double d = 1.0 / b;
  double fraction = d;
  for (int i = 1; i < kMaxIterations; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = d * c;
    fraction *= delta;
    if (std::fabs(delta - 1.0) < kEpsilon) break;
  }
  return std::exp(LogPrefactor(a, x) + std::log(fraction));
}

}  // namespace

// P(X >= n) for X ~ Poisson(λ) is the regularised lower incomplete gamma function P(n, λ).
double PoissonTail(int count, double mean) {
  if (count <= 0) return 1.0;
  if (mean <= 0) return 0.0;
  const double a = count;
  if (mean < a + 1.0) return std::min(1.0, LowerGammaSeries(a, mean));
  return std::clamp(1.0 - UpperGammaFraction(a, mean), 0.0, 1.0);
}

BurstVerdict JudgeBurst(int recent_count, int baseline_count, const BurstOptions& options) {
  BurstVerdict verdict;
  verdict.recent = std::max(0, recent_count);
  verdict.baseline = std::max(0, baseline_count);
  const double recent_ms = static_cast<double>(options.recent_ms);
  const double scaled = verdict.baseline * recent_ms / static_cast<double>(options.baseline_ms);
  const double floor = options.baseline_floor_per_hour * recent_ms / 3'600'000.0;
  verdict.expected = std::max(scaled, floor);
  if (verdict.expected > 0) {
    verdict.ratio = verdict.recent / verdict.expected;
  } else {
    verdict.ratio = verdict.recent > 0 ? std::numeric_limits<double>::infinity() : 0.0;
  }
  verdict.p_value = PoissonTail(verdict.recent, verdict.expected);
  verdict.burst = verdict.recent >= options.min_stories && verdict.ratio >= options.min_ratio &&
                  verdict.p_value <= options.max_p_value;
  return verdict;
}

bool EpisodeGoesOn(const BurstVerdict& verdict, std::int64_t last_burst_ms, std::int64_t now_ms,
                   const BurstOptions& options) {
  if (verdict.burst) return true;
  return verdict.ratio >= options.min_ratio / 2 && now_ms - last_burst_ms < options.recent_ms;
}

}  // namespace chancery::monitor
