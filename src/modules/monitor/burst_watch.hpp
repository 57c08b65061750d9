// BurstWatch: "breaking" detection for standing queries. Every round it counts, per query, the stories first matched
// in the recent window and in the baseline before it (by default the last hour and the twelve hours before; config
// monitor.burst_recent_minutes and monitor.burst_baseline_hours), stories, not articles: twenty copies of one wire
// report are one story. It judges the pair (bursts.hpp: a Poisson test against the query's own baseline, with floors
// so that tiny counts never fire) and raises one burst alert per episode to the query's unit (private queries: their
// owner). A query's baseline is only as long as the query is old, and a query younger than two recent windows is not
// judged: a new query on a busy subject has no "usual" rate yet.
//
// Episodes live in monitor_bursts: one open row per query while a burst lasts (a unique index, so that with several
// nodes one raises it). An episode ends when the rate has fallen back (bursts.hpp, EpisodeGoesOn: the ratio below half
// the burst ratio, or no burst verdict for a whole recent window); only then can a new surge raise a new alert. The
// alert states the numbers behind it: stories in the last hour, in the baseline, the expected count, the ratio and the
// p-value.
//
// Thread-safety: RunOnce may be called from any thread; overlapping calls never raise an episode twice.
#pragma once

#include <cstdint>

#include "bus/bus.hpp"
#include "core/clock.hpp"
#include "core/status.hpp"
#include "modules/monitor/bursts.hpp"
#include "storage/database.hpp"

namespace chancery::monitor {

class BurstWatch {
 public:
  BurstWatch(storage::Database& database, const Clock& clock, bus::Bus& bus, BurstOptions options = {})
      : database_(database), clock_(clock), bus_(bus), options_(options) {}

  // Judges every query with recent matches; returns how many burst alerts it raised.
  Result<int> RunOnce();

 private:
  storage::Database& database_;
  const Clock& clock_;
  bus::Bus& bus_;
  BurstOptions options_;
};

}  // namespace chancery::monitor
