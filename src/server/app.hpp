// App: one Chancery node composed from its modules — the only place that reads Config and builds objects (STYLE
// rule 5). The command line opens an App for every subcommand that touches the database.
//
// Thread-safety: build and tear down on one thread; the objects it holds are safe for concurrent use as each of
// their headers says.
#pragma once

#include <memory>
#include <string>

#include "bus/bus.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/crypto.hpp"
#include "core/metrics.hpp"
#include "core/status.hpp"
#include "modules/alerts/alerts_module.hpp"
#include "modules/attachments/attachments_module.hpp"
#include "modules/audit/audit.hpp"
#include "modules/audit/audit_module.hpp"
#include "modules/cables/cables_module.hpp"
#include "modules/channels/channels_module.hpp"
#include "modules/citizens/citizens_module.hpp"
#include "modules/directory/directory_module.hpp"
#include "modules/directory/unit_tree.hpp"
#include "modules/identity/identity_module.hpp"
#include "modules/monitor/monitor_module.hpp"
#include "modules/notifications/notifications_module.hpp"
#include "modules/webhooks/webhooks_module.hpp"
#include "modules/zalo/zalo_module.hpp"
#include "net/router.hpp"
#include "storage/database.hpp"

namespace chancery::server {

enum class SchemaMode {
  kMigrate,        // apply pending migrations (serve, migrate, seed)
  kRequireCurrent  // refuse unless every migration is applied (audit verify, admin)
};

struct App {
  Config config;
  SystemClock clock;
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<bus::Bus> bus;  // in-process; the modules publish after their commits
  std::unique_ptr<crypto::FieldCipher> cipher;
  std::unique_ptr<audit::AuditLog> audit_log;
  std::shared_ptr<directory::UnitTree> unit_tree;
  std::unique_ptr<identity::IdentityModule> identity;
  std::unique_ptr<directory::DirectoryModule> directory;
  std::unique_ptr<audit::AuditModule> audit;
  std::unique_ptr<notifications::NotificationsModule> notifications;
  std::unique_ptr<attachments::AttachmentsModule> attachments;
  std::unique_ptr<cables::CablesModule> cables;
  std::unique_ptr<channels::ChannelsModule> channels;
  std::unique_ptr<monitor::MonitorModule> monitor;
  std::unique_ptr<citizens::CitizensModule> citizens;
  std::unique_ptr<alerts::AlertsModule> alerts;
  std::unique_ptr<zalo::ZaloModule> zalo;
  std::unique_ptr<webhooks::WebhooksModule> webhooks;
};

enum class BusMode {
  kLocal,      // an in-process bus: command-line tools, whose events concern nobody else
  kConfigured  // `bus.engine` (NATS for several nodes): the server
};

// Creates the data directory, opens the database, checks or applies migrations, loads keys and wires the modules.
Result<std::unique_ptr<App>> OpenApp(const Config& config, SchemaMode mode, BusMode bus_mode = BusMode::kLocal);

// The router with every module's routes plus /healthz, /readyz, /metrics, /api/openapi.json and the console.
std::shared_ptr<net::Router> BuildRouter(App& app, std::shared_ptr<MetricsRegistry> metrics,
                                         const std::string& console_dir);

// The OpenAPI 3.1 document compiled into the binary.
std::string_view OpenApiDocument();

}  // namespace chancery::server
