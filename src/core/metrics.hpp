// MetricsRegistry: a small Prometheus registry of counters, gauges and histograms with labels, rendered in the
// text exposition format 0.0.4 (what GET /metrics serves).
//
// A family is declared once (Describe*) with its help text and, for histograms, its fixed bucket bounds; series
// of a family are created on first use of a label set. Using an undeclared name declares it on the fly with an
// empty help text (and the default buckets for a histogram). Keep label values bounded: a route pattern, never a
// raw path.
//
// Thread-safety: every member function is safe to call concurrently from many threads.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chancery {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

// Bounds in seconds suited to HTTP request durations.
const std::vector<double>& DefaultDurationBuckets();

class MetricsRegistry {
 public:
  void DescribeCounter(std::string_view name, std::string help);
  void DescribeGauge(std::string_view name, std::string help);
  void DescribeHistogram(std::string_view name, std::string help, std::vector<double> bucket_bounds);

  void IncrementCounter(std::string_view name, const MetricLabels& labels, double amount = 1.0);
  void SetGauge(std::string_view name, const MetricLabels& labels, double value);
  void AddGauge(std::string_view name, const MetricLabels& labels, double amount);
  void ObserveHistogram(std::string_view name, const MetricLabels& labels, double value);

  // The whole registry in the Prometheus text format, families sorted by name.
  std::string Render() const;

 private:
  enum class Kind { kCounter, kGauge, kHistogram };
  struct Series {
    double value = 0;                   // counters and gauges; the sum for histograms
    std::vector<std::uint64_t> counts;  // histograms: per bucket (not cumulative), plus +Inf at the end
    std::uint64_t count = 0;
  };
  struct Family {
    Kind kind = Kind::kCounter;
    std::string help;
    std::vector<double> bounds;
    std::map<MetricLabels, Series> series;  // labels sorted by name
  };

  Family& FamilyFor(std::string_view name, Kind kind);  // requires mutex_
  Series& SeriesFor(Family& family, const MetricLabels& labels);

  mutable std::mutex mutex_;
  std::map<std::string, Family, std::less<>> families_;
};

}  // namespace chancery
