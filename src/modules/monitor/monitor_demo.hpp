// The monitor's demo data for `chancery seed --demo` (and so `make run`): a replay of the module's own sample news
// (demo/news.jsonl, written for Chancery) streamed at a gentle pace, one real news feed, two topics and a few standing
// queries for the press department and two missions, so that the console has something to show within a minute.
//
// Contract: idempotent (does nothing when the monitor already has sources); written in one transaction and audited
// as monitor.demo_seeded by the system. The feed is not checked against the address guard here (it is a public
// address, and seeding must work offline); every fetch still is.
#pragma once

#include <string>

#include "core/clock.hpp"
#include "core/status.hpp"
#include "modules/audit/audit.hpp"
#include "modules/directory/unit_tree.hpp"
#include "storage/database.hpp"

namespace chancery::monitor {

struct DemoReport {
  int sources = 0;
  int queries = 0;
};

// Writes the replay file into `replay_dir` (unless present) and the rows.
Result<DemoReport> SeedDemo(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                            const directory::UnitTree& tree, const std::string& replay_dir);

std::string_view DemoNewsJsonl();  // embedded demo/news.jsonl

}  // namespace chancery::monitor
