// Sources of the monitor: their SQL (SourcesStore, also used by the poller to claim due sources and record their
// health) and their rules (SourcesService).
//
// Rules: whoever holds monitor_read somewhere may list the sources and their health (they are public news feeds);
// creating, changing, polling now and deleting need monitor_sources on the owning unit. A name is 2–40 letters,
// digits, '-' or '_', unique among live sources (it is what `source:` queries name). A feed's URL is http(s) and
// its host must pass the fetcher's address guard when saved (and again at every fetch); a replay names a file in
// monitor.replay_dir (no path); a push source takes documents at POST /sources/:id/documents.
//
// Audit actions: monitor_source.created, .updated, .deleted (unit: the owner).
//
// Thread-safety: safe for concurrent use; calls block on the database.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/status.hpp"
#include "modules/audit/audit.hpp"
#include "modules/directory/unit_tree.hpp"
#include "modules/identity/authz.hpp"
#include "modules/identity/identity.hpp"
#include "modules/monitor/monitor.hpp"
#include "storage/database.hpp"

namespace chancery::monitor {

class SourcesStore {
 public:
  Result<std::optional<Source>> Find(storage::Transaction& transaction, std::int64_t source_id);
  Result<std::vector<Source>> All(storage::Transaction& transaction);
  // kAlreadyExists reason name_taken.
  Result<std::int64_t> Insert(storage::Transaction& transaction, const Source& source);
  // kConflict reason stale_version when the source changed since source.version.
  Status Update(storage::Transaction& transaction, const Source& source, std::int64_t now_ms);
  Status Archive(storage::Transaction& transaction, std::int64_t source_id, std::int64_t now_ms);
  // Claims up to `limit` enabled sources of `kind` due at now_ms for `lease_ms` (no other node takes them meanwhile).
  Result<std::vector<Source>> ClaimDue(storage::Transaction& transaction, SourceKind kind, std::int64_t now_ms,
                                       std::int64_t lease_ms, int limit);
  // After a poll: health, conditional-GET validators, the next due time; the lease ends.
  Status RecordPoll(storage::Transaction& transaction, const Source& source);
  Status AddItems(storage::Transaction& transaction, std::int64_t source_id, std::int64_t count);
};

// What a create or a replace supplies.
struct SourceDraft {
  std::int64_t unit_id = 0;
  std::string name;
  std::string title;
  SourceKind kind = SourceKind::kFeed;
  std::string url;
  std::string country;
  std::string language;
  std::int64_t interval_seconds = 900;
  std::int64_t replay_rate = 0;
  bool enabled = true;
};

struct SourcesOptions {
  std::vector<std::string> allowed_ranges;  // the fetcher's address guard
  std::int64_t min_interval_seconds = 60;   // tests lower it
};

class SourcesService {
 public:
  SourcesService(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                 const identity::Authorizer& authorizer, std::shared_ptr<const directory::UnitTree> tree,
                 SourcesOptions options);

  Result<std::vector<Source>> List(const identity::ActionContext& context);
  Result<Source> Get(std::int64_t source_id, const identity::ActionContext& context);
  Result<Source> Create(const SourceDraft& draft, const identity::ActionContext& context);
  Result<Source> Replace(std::int64_t source_id, std::optional<std::int64_t> expected_version, const SourceDraft& draft,
                         const identity::ActionContext& context);
  Status Delete(std::int64_t source_id, const identity::ActionContext& context);
  // Makes the source due now (a feed is fetched at the poller's next turn; a replay starts over).
  Result<Source> PollNow(std::int64_t source_id, const identity::ActionContext& context);
  // For pushes: the source, when the caller holds monitor_sources on its unit and it is a live push source.
  Result<Source> ForPush(std::int64_t source_id, const identity::ActionContext& context);
  // For the pipeline: every live source (no authorisation: the system's own read).
  Result<std::vector<Source>> AllForSystem();
  Result<std::optional<Source>> FindForSystem(std::int64_t source_id);

 private:
  Status Validate(const SourceDraft& draft) const;
  audit::AuditEvent Event(const identity::ActionContext& context, std::string action, const Source& source) const;

  storage::Database& database_;
  const Clock& clock_;
  audit::AuditLog& audit_;
  const identity::Authorizer& authorizer_;
  std::shared_ptr<const directory::UnitTree> tree_;
  SourcesOptions options_;
  SourcesStore store_;
};

// kPermissionDenied unless the actor holds monitor_read on some unit.
Status MayReadMonitor(const identity::Authorizer& authorizer, const identity::ActionContext& context);

}  // namespace chancery::monitor
