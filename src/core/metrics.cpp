#include "core/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace chancery {
namespace {

std::string FormatNumber(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<long long>(value));
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

// Label values escape backslash, double quote and newline; help texts escape backslash and newline.
std::string Escape(std::string_view text, bool escape_quotes) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && escape_quotes) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

std::string RenderLabels(const MetricLabels& labels, std::string_view extra_name = {}, std::string_view extra = {}) {
  if (labels.empty() && extra_name.empty()) return "";
  std::string out = "{";
  bool first = true;
  for (const auto& [name, value] : labels) {
    if (!first) out += ',';
    first = false;
    out += name + "=\"" + Escape(value, true) + "\"";
  }
  if (!extra_name.empty()) {
    if (!first) out += ',';
    out += std::string(extra_name) + "=\"" + std::string(extra) + "\"";
  }
  return out + "}";
}

const char* KindName(int kind) {
  static const char* const kNames[] = {"counter", "gauge", "histogram"};
  return kNames[kind];
}

}  // namespace

const std::vector<double>& DefaultDurationBuckets() {
  static const std::vector<double> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return kBuckets;
}

void MetricsRegistry::DescribeCounter(std::string_view name, std::string help) {
  std::lock_guard lock(mutex_);
  Family& family = FamilyFor(name, Kind::kCounter);
  family.help = std::move(help);
}

void MetricsRegistry::DescribeGauge(std::string_view name, std::string help) {
  std::lock_guard lock(mutex_);
  FamilyFor(name, Kind::kGauge).help = std::move(help);
}

void MetricsRegistry::DescribeHistogram(std::string_view name, std::string help, std::vector<double> bucket_bounds) {
  std::sort(bucket_bounds.begin(), bucket_bounds.end());
  std::lock_guard lock(mutex_);
  Family& family = FamilyFor(name, Kind::kHistogram);
  family.help = std::move(help);
  if (family.series.empty()) family.bounds = std::move(bucket_bounds);
}

void MetricsRegistry::IncrementCounter(std::string_view name, const MetricLabels& labels, double amount) {
  if (amount < 0) return;  // counters only go up
  std::lock_guard lock(mutex_);
  SeriesFor(FamilyFor(name, Kind::kCounter), labels).value += amount;
}

void MetricsRegistry::SetGauge(std::string_view name, const MetricLabels& labels, double value) {
  std::lock_guard lock(mutex_);
  SeriesFor(FamilyFor(name, Kind::kGauge), labels).value = value;
}

void MetricsRegistry::AddGauge(std::string_view name, const MetricLabels& labels, double amount) {
  std::lock_guard lock(mutex_);
  SeriesFor(FamilyFor(name, Kind::kGauge), labels).value += amount;
}

void MetricsRegistry::ObserveHistogram(std::string_view name, const MetricLabels& labels, double value) {
  std::lock_guard lock(mutex_);
  Family& family = FamilyFor(name, Kind::kHistogram);
  Series& series = SeriesFor(family, labels);
  auto bucket = std::lower_bound(family.bounds.begin(), family.bounds.end(), value) - family.bounds.begin();
  series.counts[static_cast<std::size_t>(bucket)] += 1;
  series.value += value;
  series.count += 1;
}

MetricsRegistry::Family& MetricsRegistry::FamilyFor(std::string_view name, Kind kind) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    Family family;
    family.kind = kind;
    if (kind == Kind::kHistogram) family.bounds = DefaultDurationBuckets();
    it = families_.emplace(std::string(name), std::move(family)).first;
  }
  // A name reused with another kind keeps its first kind: a programming error that must not crash a server.
  return it->second;
}

MetricsRegistry::Series& MetricsRegistry::SeriesFor(Family& family, const MetricLabels& labels) {
  MetricLabels sorted = labels;
  std::sort(sorted.begin(), sorted.end());
  auto [it, inserted] = family.series.try_emplace(std::move(sorted));
  if (inserted && family.kind == Kind::kHistogram) it->second.counts.assign(family.bounds.size() + 1, 0);
  return it->second;
}

std::string MetricsRegistry::Render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, family] : families_) {
    if (!family.help.empty()) out += "# HELP " + name + " " + Escape(family.help, false) + "\n";
    out += "# TYPE " + name + " " + KindName(static_cast<int>(family.kind)) + "\n";
    for (const auto& [labels, series] : family.series) {
      if (family.kind != Kind::kHistogram) {
        out += name + RenderLabels(labels) + " " + FormatNumber(series.value) + "\n";
        continue;
      }
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < series.counts.size(); ++i) {
        cumulative += series.counts[i];
        std::string bound = i < family.bounds.size() ? FormatNumber(family.bounds[i]) : "+Inf";
        out += name + "_bucket" + RenderLabels(labels, "le", bound) + " " + std::to_string(cumulative) + "\n";
      }
      out += name + "_sum" + RenderLabels(labels) + " " + FormatNumber(series.value) + "\n";
      out += name + "_count" + RenderLabels(labels) + " " + std::to_string(series.count) + "\n";
    }
  }
  return out;
}

}  // namespace chancery
