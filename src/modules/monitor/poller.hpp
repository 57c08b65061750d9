// The sources that the server reads by itself: feeds polled over HTTP, and replays of a JSON Lines file.
//
// Feeds: each turn claims the enabled feeds that are due (a lease in the database, so that with several nodes one
// polls each), fetches them (fetcher.hpp: conditional GET, compression, limits, the address guard), parses them
// (feed.hpp) and hands the items to the pipeline. Health is recorded on the source: last poll, last success, HTTP
// status, the error in words, consecutive failures. The next poll comes after the source's interval; after a
// failure after interval × 2^failures (at most six hours), so a dead feed is not hammered.
//
// Replays: a replay source streams its file (monitor.replay_dir/<url>) at replay_rate documents per second from
// replay_position, then stops at the end ("poll now" starts it over). Each line is a JSON object:
// {"id", "title", "text" or "html", "url", "language", "country", "author"}; lines that are not are skipped and
// counted. Replayed documents are stamped with the time they are replayed (a replay is a live simulation).
//
// Thread-safety: PollFeedsOnce and ReplayOnce are each run by one thread at a time (the module's PeriodicTasks).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/status.hpp"
#include "modules/monitor/fetcher.hpp"
#include "modules/monitor/intake.hpp"
#include "modules/monitor/monitor.hpp"
#include "modules/monitor/pipeline.hpp"
#include "modules/monitor/sources.hpp"
#include "storage/database.hpp"

namespace chancery::monitor {

// One line of a replay or of a push batch, as a document; kInvalidArgument naming the problem otherwise.
Result<IncomingDocument> DocumentFromJson(std::string_view json_text);

class Poller {
 public:
  Poller(storage::Database& database, const Clock& clock, Intake& intake, FetchOptions fetch, std::string replay_dir);

  // Polls the feeds that are due; returns how many were polled.
  Result<int> PollFeedsOnce();
  // Streams what the running replays owe since the last call; returns how many documents were ingested.
  Result<int> ReplayOnce();

 private:
  void PollFeed(Source& source);
  struct ReplayFile {
    std::vector<IncomingDocument> documents;
    int skipped = 0;
  };
  Result<std::shared_ptr<const ReplayFile>> Load(const std::string& name);

  storage::Database& database_;
  const Clock& clock_;
  Intake& intake_;
  FetchOptions fetch_;
  std::string replay_dir_;
  SourcesStore store_;
  std::map<std::string, std::shared_ptr<const ReplayFile>> files_;
  std::map<std::int64_t, std::int64_t> replay_started_ms_;  // source → when its current run started here
  std::map<std::int64_t, std::int64_t> replay_base_;        // source → position when that run started
};

}  // namespace chancery::monitor
