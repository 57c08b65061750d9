// HttpServer: HTTP/1.1 and WebSocket over Boost.Beast, optionally with direct TLS, serving one Router.
//
// Network threads (an io_context run by `network_threads` threads) parse and write, and answer the requests the
// router can answer without blocking (kNonBlocking routes with an authentication decided from memory, see
// Router::TryDispatchWithoutBlocking); every other handler and authentication, and every WebSocket callback, runs
// on a separate worker pool, so handlers may block on the database. Each request is read with header/body limits
// (431/413 problems), a read timeout and a keep-alive idle timeout, gets the security headers and an X-Request-Id, is
// logged as one JSON line (never cookies or Authorization), and is counted in the metrics registry by route pattern.
//
// Lifecycle: Start() binds and serves; Stop() stops accepting, lets in-flight requests finish (bounded by
// `shutdown_grace`), closes WebSockets with 1001 (going away), and returns when every thread has ended. Run()
// starts, then blocks until Stop() or SIGINT/SIGTERM.
//
// Thread-safety: Start, Run and Stop may be called from any thread but not from a handler; port() is safe once
// Start has returned. The Router must not change while the server runs.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/metrics.hpp"
#include "core/status.hpp"
#include "net/router.hpp"

namespace chancery::net {

struct HttpServerOptions {
  std::string bind_address = "0.0.0.0";
  std::uint16_t port = 8080;  // 0: an ephemeral port, see HttpServer::port()
  int network_threads = 0;    // 0: one per core
  int worker_threads = 0;     // 0: max(4, 2 × cores)
  std::size_t header_limit_bytes = 16 * 1024;
  std::size_t body_limit_bytes = 1024 * 1024;
  std::chrono::milliseconds read_timeout = std::chrono::seconds(30);
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(60);
  std::chrono::milliseconds shutdown_grace = std::chrono::seconds(10);
  // Both set: serve TLS 1.2+ directly (and send Strict-Transport-Security).
  std::string tls_certificate_file;
  std::string tls_private_key_file;
  // Addresses or CIDRs whose X-Forwarded-For / X-Forwarded-Proto are believed.
  std::vector<std::string> trusted_proxies;
  std::size_t websocket_queue_limit = 256;  // outgoing messages per connection before the client is dropped
  std::size_t websocket_message_limit = 64 * 1024;
  std::chrono::milliseconds websocket_ping_interval = std::chrono::seconds(30);
  std::shared_ptr<MetricsRegistry> metrics;  // optional
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, std::shared_ptr<const Router> router);
  ~HttpServer();  // stops if running
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving. kInvalidArgument for bad options (TLS files, proxies); kUnavailable when the address
  // cannot be bound.
  Status Start();
  // Start (if not started), then wait for Stop() or SIGINT/SIGTERM, and stop gracefully.
  Status Run();
  void Stop();

  std::uint16_t port() const;  // the bound port (useful with port 0)

  class Impl;  // defined in http_server.cpp; public only so that its session types can name it

 private:
  std::shared_ptr<Impl> impl_;
};

// GET /metrics: the registry in the Prometheus text format.
Response MetricsResponse(const MetricsRegistry& registry);

}  // namespace chancery::net
