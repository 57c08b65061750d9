// MonitorModule: wires the cyberspace monitor (sources, queries, the pipeline, articles, alerts, bursts, the live
// stream and the HTTP routes) from the server's shared objects, and owns its background work:
//   - feeds: polled when due (every second a look at what is due);
//   - replays: streamed at their rates (a tick every 50 ms);
//   - upkeep (every monitor.burst_check_seconds): bursts, alert escalations, daily digests, the country → missions
//     map from the directory, and (hourly) retention.
// Query changes recompile the matcher on this node at once and on the other nodes through the bus
// (monitor.queries.changed).
//
// Thread-safety: build once at start-up; Start and RegisterRoutes before serving.
#pragma once

#include <memory>
#include <string>

#include "bus/bus.hpp"
#include "core/clock.hpp"
#include "core/periodic_task.hpp"
#include "modules/directory/directory_service.hpp"
#include "modules/monitor/alerts.hpp"
#include "modules/monitor/articles.hpp"
#include "modules/monitor/burst_watch.hpp"
#include "modules/monitor/intake.hpp"
#include "modules/monitor/monitor_api.hpp"
#include "modules/monitor/monitor_stream.hpp"
#include "modules/monitor/pipeline.hpp"
#include "modules/monitor/poller.hpp"
#include "modules/monitor/queries.hpp"
#include "modules/monitor/sources.hpp"
#include "net/router.hpp"

namespace chancery::monitor {

struct MonitorOptions {
  std::string replay_dir;
  SourcesOptions sources;
  FetchOptions fetch;
  PipelineOptions pipeline;
  std::string watch_desk_unit = "HQ-OPS";
  std::int64_t retention_days = 90;
  std::chrono::milliseconds upkeep_interval = std::chrono::seconds(60);
  BurstOptions bursts;
};

class MonitorModule {
 public:
  MonitorModule(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                const identity::Authorizer& authorizer, identity::IdentityService& identity,
                directory::DirectoryService& directory, std::shared_ptr<const directory::UnitTree> tree,
                notifications::NotificationsService& notifications, bus::Bus& bus, MonitorOptions options);
  ~MonitorModule();

  // Loads the pipeline's state and subscribes to the bus (queries changed elsewhere, live events).
  Status Start();
  // Polling, replays and upkeep on background threads (a serving node with monitor.enabled).
  void StartBackground();
  void RegisterRoutes(net::Router& router) { api_.RegisterRoutes(router); }

  Pipeline& pipeline() { return pipeline_; }
  SourcesService& sources() { return sources_; }
  QueriesService& queries() { return queries_; }
  AlertsService& alerts() { return alerts_; }
  BurstWatch& bursts() { return bursts_; }
  const std::string& replay_dir() const { return options_.replay_dir; }
  // One round of upkeep now (tests and the CLI).
  void Upkeep();

 private:
  void QueriesChanged();
  void RefreshMissions();

  storage::Database& database_;
  const Clock& clock_;
  bus::Bus& bus_;
  directory::DirectoryService& directory_;
  MonitorOptions options_;
  std::string node_id_;
  Pipeline pipeline_;
  SourcesService sources_;
  QueriesService queries_;
  ArticlesService articles_;
  AlertsService alerts_;
  BurstWatch bursts_;
  MonitorHub hub_;
  Intake intake_;
  MonitorApi api_;
  Poller poller_;
  std::int64_t last_purge_ms_ = 0;
  bus::Subscription queries_changed_;
  std::unique_ptr<PeriodicTask> feeds_task_;
  std::unique_ptr<PeriodicTask> replay_task_;
  std::unique_ptr<PeriodicTask> upkeep_task_;
};

}  // namespace chancery::monitor
