// BurstWatch: "breaking" detection for standing queries. Every round it counts, per query, the stories first matched
// in the last hour and in the twelve hours before (stories, not articles: twenty copies of one wire report are one
// story), judges the pair (bursts.hpp: a Poisson test against the query's own baseline, with floors so that tiny
// counts never fire), and raises one burst alert per episode to the query's unit (private queries: their owner).
//
// Episodes live in monitor_bursts: one open row per query while a burst lasts (a unique index, so that with several
// nodes one raises it). An episode ends when the recent rate has fallen back below half the burst ratio; only then
// can a new surge raise a new alert. The alert states the numbers behind it: stories in the last hour, in the
// baseline, the expected count, the ratio and the p-value.
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
