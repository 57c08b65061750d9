// BuildRouter: every module's routes plus the node's own: health, readiness, metrics, the OpenAPI document and the
// console's files.
#include <spdlog/spdlog.h>
#include <boost/json/object.hpp>

#include "net/http_server.hpp"
#include "net/json.hpp"
#include "net/static_files.hpp"
#include "server/app.hpp"
#include "storage/migrator.hpp"

namespace chancery::server {
namespace {

void AddSystemRoutes(net::Router& router, App& app, std::shared_ptr<MetricsRegistry> metrics) {
  // Routes that answer from memory are kNonBlocking: served on the network thread (see net::Router).
  router.Add(
      net::Method::kGet, "/healthz", net::RouteAccess::kPublic,
      [](net::Request&) {
        return net::Json(boost::json::object{{"status", "ok"}});
      },
      net::Execution::kNonBlocking);
  router.Add(net::Method::kGet, "/readyz", net::RouteAccess::kPublic, [&app](net::Request&) {
    if (Status ping = app.database->Ping(); !ping.ok()) {
      return net::Response::Problem(Unavailable("the database is not reachable: " + ping.message()));
    }
    if (Status schema = storage::CheckSchemaCurrent(*app.database, storage::EmbeddedMigrations()); !schema.ok()) {
      return net::Response::Problem(Unavailable(schema.message()));
    }
    return net::Json(boost::json::object{{"status", "ready"}});
  });
  router.Add(
      net::Method::kGet, "/metrics", net::RouteAccess::kPublic,
      [metrics](net::Request&) { return net::MetricsResponse(*metrics); }, net::Execution::kNonBlocking);
  router.Add(
      net::Method::kGet, "/api/openapi.json", net::RouteAccess::kPublic,
      [](net::Request&) {
        auto response = net::Response::JsonText(200, std::string(OpenApiDocument()));
        response.SetHeader("Cache-Control", "no-cache");
        return response;
      },
      net::Execution::kNonBlocking);
}

}  // namespace

std::shared_ptr<net::Router> BuildRouter(App& app, std::shared_ptr<MetricsRegistry> metrics,
                                         const std::string& console_dir) {
  auto router = std::make_shared<net::Router>();
  router->SetAuthenticator(app.identity->MakeAuthenticator(), app.identity->MakeCachedAuthenticator());
  AddSystemRoutes(*router, app, std::move(metrics));
  app.identity->RegisterRoutes(*router);
  app.directory->RegisterRoutes(*router);
  app.audit->RegisterRoutes(*router);
  app.cables->RegisterRoutes(*router);
  app.notifications->RegisterRoutes(*router);
  app.attachments->RegisterRoutes(*router);
  app.channels->RegisterRoutes(*router);
  app.monitor->RegisterRoutes(*router);
  app.citizens->RegisterRoutes(*router);
  app.alerts->RegisterRoutes(*router);
  app.zalo->RegisterRoutes(*router);
  app.webhooks->RegisterRoutes(*router);
  if (!console_dir.empty()) {
    auto files = net::StaticFiles::Load(console_dir);
    if (files.ok()) {
      // Served from memory (StaticFiles reads every file at Load).
      router->SetFallback(net::StaticFilesHandler(*files), net::Execution::kNonBlocking);
    } else {
      spdlog::warn("console not served: {}", files.status().message());
    }
  }
  return router;
}

}  // namespace chancery::server
