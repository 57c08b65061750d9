#include "server/commands.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "core/config_validation.hpp"
#include "core/periodic_task.hpp"
#include "net/http_server.hpp"
#include "server/app.hpp"
#include "server/demo_seed.hpp"
#include "storage/migrator.hpp"

namespace chancery::server {
namespace {

int Fail(const Status& status) {
  std::cerr << "chancery: " << status.message() << "\n";
  return 1;
}

// The console's files: configured, else web/dist beside the working directory or the binary's parent folder.
std::string FindConsole(const Config& config) {
  if (!config.server.console_dir.empty()) return config.server.console_dir;
  for (const char* candidate : {"web/dist", "../web/dist"}) {
    if (std::filesystem::exists(std::filesystem::path(candidate) / "index.html")) return candidate;
  }
  return {};
}

// Deletes audit entries past the retention period once a day while the server runs.
std::unique_ptr<PeriodicTask> StartRetention(audit::AuditLog& log, const Clock& clock, int retention_days) {
  return std::make_unique<PeriodicTask>("audit retention", std::chrono::hours(24), [&log, &clock, retention_days] {
    auto pruned = log.Prune(clock.NowMs() - retention_days * 24LL * 3600 * 1000);
    if (!pruned.ok()) {
      spdlog::warn("audit retention: {}", pruned.status().ToString());
    } else if (*pruned > 0) {
      spdlog::info("audit retention: removed {} entries", *pruned);
    }
  });
}

}  // namespace

std::string VersionText() { return "chancery 0.1.0"; }

int Serve(const Config& configured, const ServeOptions& options) {
  Config config = configured;
  // A demo has no SMTP server or SMS gateway: what would be sent to citizens lands in files the visitor can read.
  if (options.demo && config.portal.outbox_dir.empty()) config.portal.outbox_dir = config.data_dir + "/outbox";
  auto app = OpenApp(config, SchemaMode::kMigrate, BusMode::kConfigured);
  if (!app.ok()) return Fail(app.status());
  if (options.demo && IsEmpty(**app)) {
    auto seeded = SeedDemo(**app);
    if (!seeded.ok()) return Fail(seeded.status());
    auto monitor = SeedMonitorDemo(**app);
    if (!monitor.ok()) return Fail(monitor.status());
    std::cout << "Loaded demo data: " << seeded->units_created << " units, " << seeded->users_created
              << " staff accounts, " << monitor->monitor_sources << " news sources and " << monitor->monitor_queries
              << " standing queries.\n";
  }

  auto listen = ParseHostPort(config.server.listen);
  if (!listen.ok()) return Fail(listen.status());
  auto metrics = std::make_shared<MetricsRegistry>();
  net::HttpServerOptions server_options;
  server_options.bind_address = listen->host;
  server_options.port = listen->port;
  server_options.network_threads = config.server.io_threads;
  server_options.worker_threads = config.server.worker_threads;
  server_options.header_limit_bytes = static_cast<std::size_t>(config.server.max_header_bytes);
  server_options.body_limit_bytes = static_cast<std::size_t>(config.server.max_body_bytes);
  server_options.read_timeout = std::chrono::seconds(config.server.read_timeout_seconds);
  server_options.idle_timeout = std::chrono::seconds(config.server.idle_timeout_seconds);
  server_options.tls_certificate_file = config.server.tls_certificate;
  server_options.tls_private_key_file = config.server.tls_private_key;
  server_options.trusted_proxies = config.server.trusted_proxies;
  server_options.metrics = metrics;

  std::string console_dir = FindConsole(config);
  if (console_dir.empty()) spdlog::warn("no built console found (web/dist); serving the API only");
  net::HttpServer server(server_options, BuildRouter(**app, metrics, console_dir));
  if (Status started = server.Start(); !started.ok()) return Fail(started);
  auto retention = StartRetention(*(*app)->audit_log, (*app)->clock, config.audit.retention_days);
  (*app)->audit->Start();  // the live audit feed
  (*app)->notifications->StartMail();
  (*app)->cables->StartEscalation(std::chrono::seconds(config.cables.escalation_check_seconds));
  (*app)->attachments->StartPurge();
  if (config.monitor.enabled) (*app)->monitor->StartBackground();
  (*app)->alerts->Start();
  (*app)->webhooks->Start();

  std::string scheme = config.server.tls_certificate.empty() ? "http" : "https";
  std::string host = listen->host.find(':') != std::string::npos ? "[" + listen->host + "]" : listen->host;
  std::cout << "Chancery is serving on " << scheme << "://" << host << ":" << server.port() << "/\n";
  std::string credentials = config.data_dir + "/demo-credentials.txt";
  if (options.demo && std::filesystem::exists(credentials)) {
    std::ifstream input(credentials);
    std::string username, password;
    input >> username >> password;
    std::cout << "Demo administrator: user \"" << username << "\", password \"" << password << "\" (all demo "
              << "accounts are in " << credentials << "). You will be asked to enrol MFA on first login.\n";
  }
  std::cout.flush();
  if (Status ran = server.Run(); !ran.ok()) return Fail(ran);
  std::cout << "Chancery stopped.\n";
  return 0;
}

int MigrateCommand(const Config& config, bool status_only) {
  if (status_only) {
    // Inspect works even when migrations are pending, so open the database without wiring the modules.
    auto database = config.storage.engine == "postgres"
                        ? storage::OpenPostgres({.conninfo = config.storage.postgres_url})
                        : storage::OpenSqlite({.path = config.SqlitePath()});
    if (!database.ok()) return Fail(database.status());
    auto states = storage::InspectMigrations(**database, storage::EmbeddedMigrations());
    if (!states.ok()) return Fail(states.status());
    for (const auto& state : *states) {
      std::cout << state.module << ": applied " << state.applied_version << ", known " << state.known_version
                << (state.applied_version < state.known_version ? " (pending)" : "") << "\n";
    }
    return 0;
  }
  auto app = OpenApp(config, SchemaMode::kMigrate);
  if (!app.ok()) return Fail(app.status());
  std::cout << "The database schema is current.\n";
  return 0;
}

int SeedCommand(const Config& config) {
  auto app = OpenApp(config, SchemaMode::kMigrate);
  if (!app.ok()) return Fail(app.status());
  auto seeded = SeedDemo(**app);
  if (!seeded.ok()) return Fail(seeded.status());
  std::cout << "Demo data: " << seeded->units_created << " units created, " << seeded->units_updated << " updated, "
            << seeded->users_created << " staff accounts created (credentials in " << seeded->credentials_file
            << ").\n";
  return 0;
}

int AuditVerifyCommand(const Config& config) {
  auto app = OpenApp(config, SchemaMode::kRequireCurrent);
  if (!app.ok()) return Fail(app.status());
  auto report = (*app)->audit_log->Verify();
  if (!report.ok()) return Fail(report.status());
  if (report->intact) {
    std::cout << "Audit log intact: " << report->entries_checked << " entries verified.\n";
    return 0;
  }
  std::cerr << "Audit log BROKEN at entry " << report->first_bad_seq.value_or(0) << ": " << report->problem << "\n";
  return 1;
}

}  // namespace chancery::server
