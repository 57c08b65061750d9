// The Beast/Asio half of the server: lifecycle, accept loop, and per-connection sessions (HTTP and WebSocket).
// Everything here runs on network threads except the work explicitly sent to `workers_`.
#include "net/http_server.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <condition_variable>
#include <deque>
#include <map>
#include <thread>

#include "net/server_support.hpp"
#include "net/trusted_proxies.hpp"

namespace chancery::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using TcpStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// What the server needs to tell a connection, on the connection's event loop.
class Connection {
 public:
  virtual ~Connection() = default;
  // Graceful: close when idle, send WebSocket close 1001. Forced: close the socket now.
  virtual void OnServerStop(bool force) = 0;
  virtual asio::any_io_executor executor() = 0;
  // Queues a WebSocket text; must run on executor() (Broadcast posts there).
  virtual void EnqueueOnLoop(std::shared_ptr<const std::string> text) = 0;
};

class HttpServer::Impl {
 public:
  Impl(HttpServerOptions options, std::shared_ptr<const Router> router)
      : options_(std::move(options)),
        router_(std::move(router)),
        workers_(static_cast<std::size_t>(WorkerThreads(options_.worker_threads))) {
    if (options_.metrics) DescribeHttpMetrics(*options_.metrics);
  }
  ~Impl() {
    Stop();
    // Destroys any coroutine frame still pending while the rest of the state is alive; the acceptor goes before
    // the loop whose service it uses.
    acceptor_.reset();
    while (!loops_.empty()) loops_.pop_back();
  }

  Status Start();
  Status Run();
  void Stop();
  std::uint16_t port() const { return port_; }

  // Used by sessions.
  const HttpServerOptions& options() const { return options_; }
  const Router& router() const { return *router_; }
  const TrustedProxies& proxies() const { return proxies_; }
  bool tls() const { return ssl_.has_value(); }
  bool stopping() const { return stopping_.load(); }
  asio::thread_pool& workers() { return workers_; }
  std::uint64_t Register(std::weak_ptr<Connection> connection);
  void Unregister(std::uint64_t id);

 private:
  static int WorkerThreads(int configured) {
    int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return configured > 0 ? configured : std::max(4, 2 * cores);
  }
  asio::awaitable<void> Accept();
  void NotifyConnections(bool force);
  bool WaitForConnections(std::chrono::milliseconds timeout);

  HttpServerOptions options_;
  std::shared_ptr<const Router> router_;
  TrustedProxies proxies_;
  std::optional<asio::ssl::context> ssl_;
  asio::thread_pool workers_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};

  std::mutex mutex_;  // guards what follows
  std::condition_variable changed_;
  std::map<std::uint64_t, std::weak_ptr<Connection>> connections_;
  std::uint64_t next_connection_id_ = 1;
  enum class State { kIdle, kRunning, kStopping, kStopped } state_ = State::kIdle;
  bool stop_requested_ = false;

  // One event loop per network thread, like nginx's workers: a connection lives on one loop for its whole life,
  // so its handlers never contend for a shared queue nor wake another thread. The acceptor sits on the first loop
  // and deals connections out round robin.
  struct Loop {
    asio::io_context io{1};
    asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
    std::thread thread;
  };
  asio::io_context::executor_type NextLoop() { return loops_[next_loop_++ % loops_.size()]->io.get_executor(); }
  std::vector<std::unique_ptr<Loop>> loops_;  // last: destroyed first
  std::size_t next_loop_ = 0;                 // used by Accept() only, on the first loop
  std::optional<tcp::acceptor> acceptor_;
};

}  // namespace chancery::net

#include "net/http_session.ipp"

namespace chancery::net {

Status HttpServer::Impl::Start() {
  std::lock_guard lock(mutex_);
  if (state_ != State::kIdle) return Status::Ok();
  auto proxies = TrustedProxies::Parse(options_.trusted_proxies);
  if (!proxies.ok()) return proxies.status();
  proxies_ = std::move(*proxies);
  if (!options_.tls_certificate_file.empty() || !options_.tls_private_key_file.empty()) {
    try {
      ssl_.emplace(asio::ssl::context::tls_server);
      SSL_CTX_set_min_proto_version(ssl_->native_handle(), TLS1_2_VERSION);
      ssl_->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                        asio::ssl::context::no_sslv3 | asio::ssl::context::single_dh_use);
      ssl_->use_certificate_chain_file(options_.tls_certificate_file);
      ssl_->use_private_key_file(options_.tls_private_key_file, asio::ssl::context::pem);
    } catch (const std::exception& error) {
      ssl_.reset();
      return InvalidArgument(std::string("cannot load the TLS certificate or key: ") + error.what());
    }
  }
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int network_threads = options_.network_threads > 0 ? options_.network_threads : cores;
  for (int i = 0; i < network_threads; ++i) loops_.push_back(std::make_unique<Loop>());
  try {
    tcp::endpoint endpoint(asio::ip::make_address(options_.bind_address), options_.port);
    acceptor_.emplace(loops_.front()->io);
    acceptor_->open(endpoint.protocol());
    acceptor_->set_option(asio::socket_base::reuse_address(true));
    acceptor_->bind(endpoint);
    acceptor_->listen(asio::socket_base::max_listen_connections);
    port_ = acceptor_->local_endpoint().port();
  } catch (const std::exception& error) {
    acceptor_.reset();
    loops_.clear();
    return Unavailable("cannot listen on " + options_.bind_address + ":" + std::to_string(options_.port) + ": " +
                       error.what());
  }
  asio::co_spawn(acceptor_->get_executor(), Accept(), asio::detached);
  for (auto& loop : loops_) loop->thread = std::thread([&io = loop->io] { io.run(); });
  state_ = State::kRunning;
  spdlog::info("listening on {}:{}{}", options_.bind_address, port_, ssl_ ? " (TLS)" : "");
  return Status::Ok();
}

asio::awaitable<void> HttpServer::Impl::Accept() {
  while (!stopping_) {
    auto [error, socket] = co_await acceptor_->async_accept(NextLoop(), kTuple);
    if (error) {
      if (stopping_ || error == asio::error::operation_aborted) co_return;
      spdlog::warn("accept failed: {}", error.message());
      continue;
    }
    auto executor = socket.get_executor();
    if (ssl_) {
      auto session = std::make_shared<Session<TlsStream>>(*this, TlsStream(TcpStream(std::move(socket)), *ssl_));
      asio::co_spawn(executor, session->Run(session), asio::detached);
    } else {
      auto session = std::make_shared<Session<TcpStream>>(*this, TcpStream(std::move(socket)));
      asio::co_spawn(executor, session->Run(session), asio::detached);
    }
  }
}

std::uint64_t HttpServer::Impl::Register(std::weak_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  std::uint64_t id = next_connection_id_++;
  connections_.emplace(id, std::move(connection));
  return id;
}

void HttpServer::Impl::Unregister(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  connections_.erase(id);
  changed_.notify_all();
}

void HttpServer::Impl::NotifyConnections(bool force) {
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, weak] : connections_) {
      if (auto connection = weak.lock()) live.push_back(std::move(connection));
    }
  }
  for (auto& connection : live) {
    asio::post(connection->executor(), [connection, force] { connection->OnServerStop(force); });
  }
}

bool HttpServer::Impl::WaitForConnections(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [this] { return connections_.empty(); });
}

void HttpServer::Impl::Stop() {
  {
    std::unique_lock lock(mutex_);
    if (state_ == State::kStopping) {
      changed_.wait(lock, [this] { return state_ == State::kStopped; });
      return;
    }
    if (state_ != State::kRunning) {
      state_ = State::kStopped;
      changed_.notify_all();
      return;
    }
    state_ = State::kStopping;
    stopping_ = true;
  }
  asio::post(acceptor_->get_executor(), [this] {
    boost::system::error_code ignored;
    acceptor_->close(ignored);
  });
  // In-flight requests finish and answer with Connection: close; idle keep-alive connections close now.
  NotifyConnections(false);
  if (!WaitForConnections(options_.shutdown_grace)) {
    spdlog::warn("shutdown grace period over; closing the remaining connections");
    NotifyConnections(true);
    (void)WaitForConnections(std::chrono::seconds(1));
  }
  for (auto& loop : loops_) {
    loop->work.reset();
    loop->io.stop();
  }
  for (auto& loop : loops_) {
    if (loop->thread.joinable()) loop->thread.join();
  }
  // A handler still running past the grace period is waited for: it may hold a database transaction.
  workers_.join();
  std::lock_guard lock(mutex_);
  state_ = State::kStopped;
  changed_.notify_all();
  spdlog::info("server stopped");
}

Status HttpServer::Impl::Run() {
  CHANCERY_TRY(Start());
  asio::signal_set signals(loops_.front()->io, SIGINT, SIGTERM);
  signals.async_wait([this](const boost::system::error_code& error, int signal_number) {
    if (error) return;
    spdlog::info("signal {} received; stopping", signal_number);
    std::lock_guard lock(mutex_);
    stop_requested_ = true;
    changed_.notify_all();
  });
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return stop_requested_ || state_ == State::kStopped; });
  }
  boost::system::error_code ignored;
  signals.cancel(ignored);
  Stop();
  return Status::Ok();
}

struct Audience::Groups {
  struct Member {
    std::size_t index;  // in the list the audience was built from
    std::shared_ptr<Connection> connection;
  };
  // Per network thread, its connections in list order.
  std::vector<std::pair<asio::any_io_executor, std::vector<Member>>> loops;
  // Peers that are not connections of this server (tests' own peers): sent to one by one.
  std::vector<std::pair<std::size_t, std::shared_ptr<WebSocketPeer>>> others;
};

Audience::Audience(const std::vector<std::shared_ptr<WebSocketPeer>>& peers) {
  auto groups = std::make_shared<Groups>();
  for (std::size_t i = 0; i < peers.size(); ++i) {
    auto connection = std::dynamic_pointer_cast<Connection>(peers[i]);
    if (!connection) {
      groups->others.emplace_back(i, peers[i]);
      continue;
    }
    asio::any_io_executor executor = connection->executor();
    auto loop = std::find_if(groups->loops.begin(), groups->loops.end(),
                             [&](const auto& entry) { return entry.first == executor; });
    if (loop == groups->loops.end()) loop = groups->loops.insert(groups->loops.end(), {executor, {}});
    loop->second.push_back({i, std::move(connection)});
  }
  groups_ = std::move(groups);
}

void Audience::Send(const std::shared_ptr<const std::string>& text,
                    const std::shared_ptr<const std::vector<char>>& admitted, std::size_t from, std::size_t to) const {
  const auto wanted = [&admitted, from, to](std::size_t index) {
    return index >= from && index < to && (!admitted || (*admitted)[index] != 0);
  };
  for (const auto& [index, peer] : groups_->others) {
    if (wanted(index)) peer->SendShared(text);
  }
  for (std::size_t g = 0; g < groups_->loops.size(); ++g) {
    const auto& members = groups_->loops[g].second;
    const auto first = std::lower_bound(members.begin(), members.end(), from,
                                        [](const Groups::Member& member, std::size_t at) { return member.index < at; });
    if (first == members.end() || first->index >= to) continue;  // none of this thread's connections in the slice
    asio::post(groups_->loops[g].first,
               [groups = groups_, g, start = static_cast<std::size_t>(first - members.begin()), text, admitted, to] {
                 const auto& members = groups->loops[g].second;
                 for (std::size_t m = start; m < members.size() && members[m].index < to; ++m) {
                   if (!admitted || (*admitted)[members[m].index] != 0) members[m].connection->EnqueueOnLoop(text);
                 }
               });
  }
}

void Broadcast(const std::vector<std::shared_ptr<WebSocketPeer>>& peers,
               const std::shared_ptr<const std::string>& text) {
  Audience(peers).Send(text);
}

HttpServer::HttpServer(HttpServerOptions options, std::shared_ptr<const Router> router)
    : impl_(std::make_shared<Impl>(std::move(options), std::move(router))) {}
HttpServer::~HttpServer() = default;
Status HttpServer::Start() { return impl_->Start(); }
Status HttpServer::Run() { return impl_->Run(); }
void HttpServer::Stop() { impl_->Stop(); }
std::uint16_t HttpServer::port() const { return impl_->port(); }

}  // namespace chancery::net
