// BurstWatch: "breaking" detection. Every round it counts, per key, the stories first seen in the recent window and
// in the baseline before it (by default the last hour and the twelve hours before; config
// monitor.burst_recent_minutes and monitor.burst_baseline_hours), stories, not articles: twenty copies of one wire
// report are one story. Keys:
//   - query:<id>: the stories a standing query matched; a burst alerts the query's unit (private queries: their
//     owner). A query's baseline is only as long as the query is old.
//   - country:<ISO>: the stories naming a country (the countries an article names most, not its source's); a burst
//     alerts the missions covering the country (the primary one, else all), as geographic alerts do. Counted from
//     the monitor's first story on.
// The pipeline counts as it stores (pipeline.cpp, CountStory): a story first seen for a key adds one to the key's
// minute in monitor_key_minutes; a round sums the minutes of the two windows.
// It judges each pair (bursts.hpp: a Poisson test against the key's own baseline, with floors so that tiny counts
// never fire); a key younger than two recent windows is not judged (a new query on a busy subject has no usual rate
// yet).
//
// Episodes live in monitor_bursts: one open row per key while a burst lasts (a unique index, so that with several
// nodes one raises it). An episode ends when the rate has fallen back (bursts.hpp, EpisodeGoesOn: the ratio below half
// the burst ratio, or no burst verdict for a whole recent window); only then can a new surge raise a new alert. The
// alert states the numbers behind it: stories in the recent window, in the baseline, the expected count, the ratio
// and the p-value.
//
// Thread-safety: RunOnce may be called from any thread; overlapping calls never raise an episode twice.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "bus/bus.hpp"
#include "core/clock.hpp"
#include "core/status.hpp"
#include "modules/monitor/bursts.hpp"
#include "modules/monitor/pipeline.hpp"
#include "storage/database.hpp"

namespace chancery::monitor {

class BurstWatch {
 public:
  // `missions` answers who covers which country (the pipeline's, which the module keeps current).
  BurstWatch(storage::Database& database, const Clock& clock, bus::Bus& bus,
             std::function<std::shared_ptr<const MissionsByCountry>()> missions, BurstOptions options = {})
      : database_(database), clock_(clock), bus_(bus), missions_(std::move(missions)), options_(options) {}

  // Judges every key with recent stories; returns how many burst alerts it raised.
  Result<int> RunOnce();

 private:
  storage::Database& database_;
  const Clock& clock_;
  bus::Bus& bus_;
  std::function<std::shared_ptr<const MissionsByCountry>()> missions_;
  BurstOptions options_;
};

}  // namespace chancery::monitor
