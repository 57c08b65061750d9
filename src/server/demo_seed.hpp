// Demo data for a first start: the real list of Vietnam's missions abroad and HQ departments (the directory's
// embedded CSV, loaded through the same import as an administrator's CSV) and a handful of demo staff across roles
// and missions. Their credentials are written to <data_dir>/demo-credentials.txt (mode 0600), never logged.
//
// Idempotent: units are upserted by code, and users that exist are left alone.
#pragma once

#include <string>

#include "core/status.hpp"
#include "server/app.hpp"

namespace chancery::server {

struct SeedReport {
  int units_created = 0;
  int units_updated = 0;
  int users_created = 0;
  int monitor_sources = 0;
  int monitor_queries = 0;
  std::string credentials_file;
};

Result<SeedReport> SeedDemo(App& app);
// The monitor's demo sources and queries (a replay of sample news and a live feed), for `serve --demo` only: tests
// that seed the demo directory must not have news streaming in behind their backs.
Result<SeedReport> SeedMonitorDemo(App& app);

// True when the directory holds no unit yet (a first start).
bool IsEmpty(const App& app);

}  // namespace chancery::server
