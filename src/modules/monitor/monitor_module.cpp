#include "modules/monitor/monitor_module.hpp"

#include <spdlog/spdlog.h>

#include "core/crypto.hpp"

namespace chancery::monitor {

MonitorModule::MonitorModule(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                             const identity::Authorizer& authorizer, identity::IdentityService& identity,
                             directory::DirectoryService& directory, std::shared_ptr<const directory::UnitTree> tree,
                             notifications::NotificationsService& notifications, bus::Bus& bus, MonitorOptions options)
    : database_(database),
      clock_(clock),
      bus_(bus),
      directory_(directory),
      options_(std::move(options)),
      node_id_(crypto::RandomToken(9)),
      pipeline_(database, clock, bus, options_.pipeline),
      sources_(database, clock, audit, authorizer, tree, options_.sources),
      queries_(database, clock, audit, authorizer, tree, [this] { QueriesChanged(); }),
      articles_(database, clock, authorizer, queries_),
      alerts_(database, clock, audit, authorizer, identity, directory, tree, notifications, options_.watch_desk_unit,
              AlertsOptions{.high_priority_ack_ms = options_.pipeline.high_priority_ack_ms},
              [this](const Alert& alert) {
                if (Status published = bus_.Publish(kLiveSubject, AlertEvent("alert.changed", alert));
                    !published.ok()) {
                  spdlog::warn("monitor: alert change not published: {}", published.ToString());
                }
              }),
      bursts_(
          database, clock, bus, [this] { return pipeline_.missions(); }, options_.bursts),
      hub_(authorizer, bus),
      intake_(pipeline_, bus, [this](std::int64_t source_id) { return sources_.FindForSystem(source_id); }),
      api_(sources_, queries_, articles_, alerts_, pipeline_, intake_, hub_),
      poller_(database, clock, intake_, options_.fetch, options_.replay_dir) {}

MonitorModule::~MonitorModule() {
  upkeep_task_.reset();
  replay_task_.reset();
  feeds_task_.reset();
  queries_changed_.Unsubscribe();
}

Status MonitorModule::Start() {
  CHANCERY_TRY(pipeline_.Start());
  RefreshMissions();
  CHANCERY_TRY(hub_.Start());
  CHANCERY_ASSIGN_OR_RETURN(queries_changed_,
                            bus_.Subscribe(kQueriesChangedSubject, [this](const bus::Message& message) {
                              if (message.payload == node_id_) return;  // this node recompiled already
                              if (Status reloaded = pipeline_.ReloadQueries(); !reloaded.ok()) {
                                spdlog::warn("monitor: recompiling the queries: {}", reloaded.ToString());
                              }
                            }));
  return Status::Ok();
}

void MonitorModule::StartBackground() {
  if (feeds_task_) return;
  if (Status consuming = intake_.StartConsuming(); !consuming.ok()) {
    spdlog::error("monitor: cannot join the ingestion stream: {}", consuming.ToString());
  }
  feeds_task_ = std::make_unique<PeriodicTask>("monitor feeds", std::chrono::seconds(1), [this] {
    if (Result<int> polled = poller_.PollFeedsOnce(); !polled.ok()) {
      spdlog::warn("monitor: polling feeds: {}", polled.status().ToString());
    }
  });
  replay_task_ = std::make_unique<PeriodicTask>("monitor replays", std::chrono::milliseconds(50), [this] {
    if (Result<int> replayed = poller_.ReplayOnce(); !replayed.ok()) {
      spdlog::warn("monitor: replaying: {}", replayed.status().ToString());
    }
  });
  upkeep_task_ = std::make_unique<PeriodicTask>("monitor upkeep", options_.upkeep_interval, [this] { Upkeep(); });
}

void MonitorModule::QueriesChanged() {
  if (Status reloaded = pipeline_.ReloadQueries(); !reloaded.ok()) {
    spdlog::warn("monitor: recompiling the queries: {}", reloaded.ToString());
  }
  if (Status published = bus_.Publish(kQueriesChangedSubject, node_id_); !published.ok()) {
    spdlog::warn("monitor: telling other nodes about a query change: {}", published.ToString());
  }
}

void MonitorModule::RefreshMissions() {
  Result<std::vector<directory::CountryInfo>> countries = directory_.ListCountries();
  if (!countries.ok()) {
    spdlog::warn("monitor: reading the missions' jurisdictions: {}", countries.status().ToString());
    return;
  }
  pipeline_.SetMissions(MissionsFrom(*countries));
}

void MonitorModule::Upkeep() {
  RefreshMissions();
  if (Result<int> raised = bursts_.RunOnce(); !raised.ok()) {
    spdlog::warn("monitor: watching bursts: {}", raised.status().ToString());
  }
  if (Result<int> escalated = alerts_.EscalateOnce(); !escalated.ok()) {
    spdlog::warn("monitor: escalating alerts: {}", escalated.status().ToString());
  }
  if (Result<int> digests = alerts_.SendDigests(); !digests.ok()) {
    spdlog::warn("monitor: daily digests: {}", digests.status().ToString());
  }
  const std::int64_t now_ms = clock_.NowMs();
  if (now_ms - last_purge_ms_ >= 3600LL * 1000) {
    last_purge_ms_ = now_ms;
    Result<int> purged = articles_.Purge(now_ms - options_.retention_days * 24LL * 3600 * 1000);
    if (!purged.ok()) {
      spdlog::warn("monitor: retention: {}", purged.status().ToString());
    } else if (*purged > 0) {
      spdlog::info("monitor: retention removed {} articles", *purged);
    }
  }
}

}  // namespace chancery::monitor
