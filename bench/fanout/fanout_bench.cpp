// bench/fanout: fan-out of one channel message to many WebSocket clients of one Chancery node, and, in the same
// run, NATS core fan-out of the same message to as many subscribers, on the same machine (see run.sh).
//
//   fanout_bench prepare --data-dir DIR --members N --tokens FILE
//       adds N staff accounts with a live session each straight into the node's SQLite database (signing in
//       10,000 people through Argon2id would take the run's whole time), and writes "user_id token" lines.
//   fanout_bench run --url URL --tokens FILE --poster USER:PASSWORD --server-pid PID [--messages M]
//       [--interval-ms T] [--nats URL]
//       opens one WebSocket per token on /api/v1/channels/stream, measures the server's memory per idle
//       connection, then posts M messages T ms apart to a channel holding every member and times each delivery
//       from the message's scheduled send time (so a slow send is counted, not hidden: no coordinated omission);
//       with --nats, the same for as many NATS subscribers, each on its own connection, fed by nats-server.
//
// Prints one JSON object with the figures.
#include <nats/nats.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "core/crypto.hpp"
#include "storage/database.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

std::map<std::string, std::string> Flags(int argc, char** argv, int from) {
  std::map<std::string, std::string> flags;
  for (int i = from; i + 1 < argc; i += 2) flags[argv[i]] = argv[i + 1];
  return flags;
}

[[noreturn]] void Die(const std::string& message) {
  std::cerr << "fanout_bench: " << message << "\n";
  std::exit(1);
}

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// --- prepare ------------------------------------------------------------------------------------------------------

int Prepare(std::map<std::string, std::string> flags) {
  const std::string data_dir = flags["--data-dir"];
  const int members = std::stoi(flags.count("--members") ? flags["--members"] : "10000");
  if (data_dir.empty() || flags["--tokens"].empty()) Die("prepare needs --data-dir and --tokens");
  if (!chancery::crypto::InitCrypto().ok()) Die("libsodium");
  auto database = chancery::storage::OpenSqlite({.path = data_dir + "/chancery.db"});
  if (!database.ok()) Die(database.status().ToString());
  std::ofstream tokens(flags["--tokens"]);
  const std::int64_t now = NowMs();
  chancery::Status status = (*database)->Write("bench.prepare", [&](chancery::storage::Transaction& transaction) {
    auto unit = transaction.QueryOne("SELECT id FROM units WHERE code = 'EMB-FR'");
    if (!unit.ok()) return unit.status();
    for (int i = 0; i < members; ++i) {
      const std::string username = "fanout." + std::to_string(i);
      auto user = transaction.QueryOne(
          "INSERT INTO users (username, display_name, unit_id, locale, created_at, updated_at) "
          "VALUES (?, ?, ?, 'en', ?, ?) RETURNING id",
          {username, "Fan-out " + std::to_string(i), unit->Int(0), now, now});
      if (!user.ok()) return user.status();
      const std::string token = chancery::crypto::RandomToken(32);
      auto session = transaction.Execute(
          "INSERT INTO sessions (user_id, token_hash, csrf_token, state, created_at, last_seen_at, expires_at) "
          "VALUES (?, ?, ?, 'full', ?, ?, ?)",
          {user->Int(0), chancery::crypto::Sha256Hex(token), chancery::crypto::RandomToken(16), now, now,
           now + 12LL * 3600 * 1000});
      if (!session.ok()) return session.status();
      tokens << user->Int(0) << " " << token << "\n";
    }
    return chancery::Status::Ok();
  });
  if (!status.ok()) Die(status.ToString());
  return 0;
}

// --- HTTP with the poster's session -------------------------------------------------------------------------------

struct Endpoint {
  std::string host;
  std::string port;
};

Endpoint ParseUrl(const std::string& url) {
  std::string rest = url.substr(url.find("://") + 3);
  const auto colon = rest.find(':');
  return {rest.substr(0, colon), rest.substr(colon + 1)};
}

class HttpClient {
 public:
  explicit HttpClient(Endpoint endpoint) : endpoint_(std::move(endpoint)), stream_(io_) { Connect(); }

  http::response<http::string_body> Request(http::verb verb, const std::string& target, const std::string& body = "") {
    http::request<http::string_body> request{verb, target, 11};
    request.set(http::field::host, endpoint_.host);
    if (!cookie_.empty()) request.set(http::field::cookie, cookie_);
    if (!csrf_.empty()) request.set("x-csrf-token", csrf_);
    if (!body.empty()) {
      request.set(http::field::content_type, "application/json");
      request.body() = body;
      request.prepare_payload();
    }
    http::write(stream_, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream_, buffer, response);
    if (auto cookie = response.find(http::field::set_cookie); cookie != response.end()) {
      std::string value(cookie->value());
      cookie_ = value.substr(0, value.find(';'));
    }
    return response;
  }

  void Login(const std::string& username, const std::string& password) {
    auto response = Request(http::verb::post, "/api/v1/auth/login",
                            json::serialize(json::object{{"username", username}, {"password", password}}));
    if (response.result_int() != 200) Die("login failed: " + response.body());
    csrf_ = std::string(json::parse(response.body()).at("csrf_token").as_string());
  }

 private:
  void Connect() {
    tcp::resolver resolver(io_);
    stream_.connect(resolver.resolve(endpoint_.host, endpoint_.port));
    stream_.socket().set_option(tcp::no_delay(true));
  }
  Endpoint endpoint_;
  asio::io_context io_;
  beast::tcp_stream stream_;
  std::string cookie_;
  std::string csrf_;
};

// --- WebSocket clients ---------------------------------------------------------------------------------------------

constexpr int kClientThreads = 2;    // one event loop each, as the server runs one per core
thread_local int client_thread = 0;  // which of them runs here

struct Shared {
  std::vector<std::atomic<std::int64_t>> scheduled_ms;  // per message index: when it was due to be sent
  std::atomic<int> ready{0};
  std::atomic<int> failed{0};
  // Counted per client thread, each on its own cache line, so that the two threads do not contend on every delivery.
  struct alignas(64) Counters {
    explicit Counters(int messages) : slowest_ms(messages) {}
    std::atomic<std::int64_t> deliveries{0};
    std::atomic<std::int64_t> last_delivery_ms{0};
    std::vector<std::atomic<std::int64_t>> slowest_ms;  // per message: its slowest delivery on this thread
  };
  std::array<Counters, kClientThreads> counters;
  explicit Shared(int messages) : scheduled_ms(messages), counters{Counters(messages), Counters(messages)} {}
  // Per message, its slowest delivery: which messages make the tail.
  std::int64_t SlowestMs(int message) const {
    std::int64_t slowest = 0;
    for (const Counters& c : counters) slowest = std::max(slowest, c.slowest_ms[message].load());
    return slowest;
  }
  std::int64_t Deliveries() const {
    std::int64_t total = 0;
    for (const Counters& c : counters) total += c.deliveries.load();
    return total;
  }
  std::int64_t LastDeliveryMs() const {
    std::int64_t last = 0;
    for (const Counters& c : counters) last = std::max(last, c.last_delivery_ms.load());
    return last;
  }
};

std::int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
}

// Reads "m<index>" out of a message event's body without parsing the whole JSON.
int MessageIndex(std::string_view text) {
  const auto at = text.find("\"body\":\"m");
  if (at == std::string_view::npos) return -1;
  int index = 0;
  std::size_t position = at + 9;
  bool any = false;
  while (position < text.size() && text[position] >= '0' && text[position] <= '9') {
    index = index * 10 + (text[position++] - '0');
    any = true;
  }
  return any ? index : -1;
}

void Record(Shared& shared, std::vector<double>& local, int index) {
  if (index < 0 || index >= static_cast<int>(shared.scheduled_ms.size())) return;
  const std::int64_t now = SteadyMs();
  const std::int64_t latency = now - shared.scheduled_ms[index].load();
  local.push_back(static_cast<double>(latency));
  Shared::Counters& counters = shared.counters[client_thread];
  counters.deliveries.fetch_add(1, std::memory_order_relaxed);
  if (now > counters.last_delivery_ms.load(std::memory_order_relaxed)) {
    counters.last_delivery_ms.store(now, std::memory_order_relaxed);
  }
  if (latency > counters.slowest_ms[index].load(std::memory_order_relaxed)) {
    counters.slowest_ms[index].store(latency, std::memory_order_relaxed);
  }
}

// Both load clients (WebSocket and NATS) share the machine's cores with the servers they measure, so each keeps its
// per-delivery cost as low as the server's own: a bare socket on its loop's concrete executor, and reads chained
// with plain completion handlers (a coroutine only sets the connection up).
using LoopSocket = asio::basic_stream_socket<tcp, asio::io_context::executor_type>;

// The client threads: one event loop each, as the server runs one per core (no scheduler shared between them).
class ClientLoops {
 public:
  ClientLoops() {
    for (int t = 0; t < kClientThreads; ++t) loops_.push_back(std::make_unique<asio::io_context>(1));
  }
  ~ClientLoops() { Stop(); }
  // The loop of the i-th connection.
  asio::io_context& For(std::size_t i) { return *loops_[i % loops_.size()]; }
  void Run() {
    for (auto& loop : loops_) guards_.push_back(asio::make_work_guard(*loop));
    for (int t = 0; t < kClientThreads; ++t) {
      threads_.emplace_back([&io = *loops_[t], t] {
        client_thread = t;
        io.run();
      });
    }
  }
  // Stops the loops and closes their connections.
  void Stop() {
    for (auto& loop : loops_) loop->stop();
    for (std::thread& thread : threads_) thread.join();
    threads_.clear();
    guards_.clear();
    loops_.clear();
  }

 private:
  std::vector<std::unique_ptr<asio::io_context>> loops_;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
  std::vector<std::thread> threads_;
};

// Resolves and connects `socket` (setting a connection up, not the measured path).
asio::awaitable<void> ConnectTo(LoopSocket& socket, const Endpoint& endpoint) {
  tcp::resolver resolver(co_await asio::this_coro::executor);
  auto results = co_await resolver.async_resolve(endpoint.host, endpoint.port, asio::use_awaitable);
  co_await asio::async_connect(socket, results, asio::use_awaitable);
}

class WsClient : public std::enable_shared_from_this<WsClient> {
 public:
  WsClient(asio::io_context& io, Endpoint endpoint, std::string token, Shared& shared, std::vector<double>& local,
           std::atomic<bool>& stop)
      : ws_(io.get_executor()),
        endpoint_(std::move(endpoint)),
        token_(std::move(token)),
        shared_(shared),
        local_(local),
        stop_(stop) {}

  void Start() { asio::co_spawn(ws_.get_executor(), Connect(shared_from_this()), asio::detached); }

 private:
  asio::awaitable<void> Connect(std::shared_ptr<WsClient> self) {
    try {
      co_await ConnectTo(ws_.next_layer(), endpoint_);
      ws_.set_option(websocket::stream_base::decorator([token = token_](websocket::request_type& request) {
        request.set(http::field::cookie, "chancery_session=" + token);
      }));
      co_await ws_.async_handshake(endpoint_.host, "/api/v1/channels/stream", asio::use_awaitable);
    } catch (const std::exception&) {
      ++shared_.failed;
      co_return;
    }
    Read();
  }

  void Read() {
    ws_.async_read(buffer_, [self = shared_from_this()](const boost::system::error_code& error, std::size_t) {
      if (!error && !self->stop_) self->OnMessage();
    });
  }

  void OnMessage() {
    std::string_view text(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    if (!ready_ && text.find("\"type\":\"ready\"") != std::string_view::npos) {
      ready_ = true;
      ++shared_.ready;
    } else if (text.find("\"type\":\"message\"") != std::string_view::npos) {
      Record(shared_, local_, MessageIndex(text));
    }
    buffer_.consume(buffer_.size());
    Read();
  }

  websocket::stream<LoopSocket> ws_;
  beast::flat_buffer buffer_;
  Endpoint endpoint_;
  std::string token_;
  Shared& shared_;
  std::vector<double>& local_;
  std::atomic<bool>& stop_;
  bool ready_ = false;
};

std::int64_t RssKb(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return 0;
}

json::object Summary(std::vector<double> latencies, std::int64_t expected, std::int64_t first_send_ms,
                     std::int64_t last_delivery_ms) {
  std::sort(latencies.begin(), latencies.end());
  const auto at = [&](double quantile) {
    if (latencies.empty()) return 0.0;
    return latencies[std::min(latencies.size() - 1, static_cast<std::size_t>(quantile * latencies.size()))];
  };
  const double seconds = std::max(1e-3, (last_delivery_ms - first_send_ms) / 1000.0);
  return json::object{{"deliveries", static_cast<std::int64_t>(latencies.size())},
                      {"expected", expected},
                      {"p50_ms", at(0.50)},
                      {"p99_ms", at(0.99)},
                      {"max_ms", latencies.empty() ? 0.0 : latencies.back()},
                      {"deliveries_per_second", static_cast<double>(latencies.size()) / seconds}};
}

// --- NATS core peer -----------------------------------------------------------------------------------------------

// One subscriber = one TCP connection speaking the NATS client protocol (INFO, CONNECT, SUB, MSG, PING/PONG), so
// that nats-server, like Chancery, writes to as many sockets as there are recipients. (libnats runs threads per
// connection and cannot hold 10,000 of them on this machine.)
class NatsSubscriber : public std::enable_shared_from_this<NatsSubscriber> {
 public:
  NatsSubscriber(asio::io_context& io, Endpoint endpoint, Shared& shared, std::vector<double>& local,
                 std::atomic<bool>& stop)
      : socket_(io.get_executor()), endpoint_(std::move(endpoint)), shared_(shared), local_(local), stop_(stop) {}

  void Start() { asio::co_spawn(socket_.get_executor(), Connect(shared_from_this()), asio::detached); }

 private:
  asio::awaitable<void> Connect(std::shared_ptr<NatsSubscriber> self) {
    try {
      co_await ConnectTo(socket_, endpoint_);
      const std::string hello = "CONNECT {\"verbose\":false,\"pedantic\":false}\r\nSUB bench.fanout 1\r\nPING\r\n";
      co_await asio::async_write(socket_, asio::buffer(hello), asio::use_awaitable);
    } catch (const std::exception&) {
      ++shared_.failed;
      co_return;
    }
    Read();
  }

  void Read() {
    socket_.async_read_some(asio::buffer(chunk_),
                            [self = shared_from_this()](const boost::system::error_code& error, std::size_t bytes) {
                              if (!error && !self->stop_) self->OnBytes(bytes);
                            });
  }

  void OnBytes(std::size_t bytes) {
    buffer_.append(chunk_.data(), bytes);
    std::size_t pongs = 0;
    std::size_t at = 0;
    for (;;) {
      const auto end = buffer_.find("\r\n", at);
      if (end == std::string::npos) break;
      std::string_view line(buffer_.data() + at, end - at);
      if (line.starts_with("MSG ")) {
        // MSG <subject> <sid> <bytes>\r\n<payload>\r\n
        const std::size_t size = std::stoul(std::string(line.substr(line.rfind(' ') + 1)));
        if (buffer_.size() < end + 2 + size + 2) break;  // the payload is not all here yet
        Record(shared_, local_, MessageIndex(std::string_view(buffer_).substr(end + 2, size)));
        at = end + 2 + size + 2;
        continue;
      }
      if (line == "PING") {
        ++pongs;
      } else if (line == "PONG" && !ready_) {
        ready_ = true;  // our SUB is registered
        ++shared_.ready;
      }
      at = end + 2;
    }
    buffer_.erase(0, at);
    if (pongs > 0) {
      auto answer = std::make_shared<std::string>();
      for (std::size_t i = 0; i < pongs; ++i) answer->append("PONG\r\n");
      asio::async_write(socket_, asio::buffer(*answer), [answer](const boost::system::error_code&, std::size_t) {});
    }
    Read();
  }

  LoopSocket socket_;
  Endpoint endpoint_;
  Shared& shared_;
  std::vector<double>& local_;
  std::atomic<bool>& stop_;
  std::array<char, 16384> chunk_;
  std::string buffer_;
  bool ready_ = false;
};

json::object RunNats(const std::string& url, int subscribers, int messages, int interval_ms) {
  const Endpoint endpoint = ParseUrl(url);
  Shared shared(messages);
  std::atomic<bool> stop = false;
  ClientLoops loops;
  std::vector<std::vector<double>> locals(subscribers);
  for (int i = 0; i < subscribers; ++i) {
    std::make_shared<NatsSubscriber>(loops.For(i), endpoint, shared, locals[i], stop)->Start();
  }
  loops.Run();
  const auto connect_deadline = Clock::now() + std::chrono::seconds(120);
  while (shared.ready + shared.failed < subscribers && Clock::now() < connect_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const int connected = shared.ready;
  natsConnection* publisher = nullptr;
  if (natsConnection_ConnectTo(&publisher, url.c_str()) != NATS_OK) Die("cannot connect to NATS at " + url);
  const std::int64_t start = SteadyMs() + 200;
  for (int i = 0; i < messages; ++i) shared.scheduled_ms[i] = start + static_cast<std::int64_t>(i) * interval_ms;
  for (int i = 0; i < messages; ++i) {
    std::this_thread::sleep_until(Clock::time_point(std::chrono::milliseconds(shared.scheduled_ms[i].load())));
    const std::string payload = "{\"type\":\"message\",\"body\":\"m" + std::to_string(i) + "\"}";
    natsConnection_Publish(publisher, "bench.fanout", payload.data(), static_cast<int>(payload.size()));
    natsConnection_Flush(publisher);
  }
  const std::int64_t expected = static_cast<std::int64_t>(messages) * connected;
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (shared.Deliveries() < expected && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop = true;
  loops.Stop();
  std::vector<double> all;
  for (const auto& local : locals) all.insert(all.end(), local.begin(), local.end());
  json::object summary = Summary(all, expected, start, shared.LastDeliveryMs());
  summary["connections"] = connected;
  natsConnection_Destroy(publisher);
  return summary;
}

// --- run ----------------------------------------------------------------------------------------------------------

int Run(std::map<std::string, std::string> flags) {
  const Endpoint endpoint = ParseUrl(flags["--url"]);
  const int messages = std::stoi(flags.count("--messages") ? flags["--messages"] : "20");
  const int interval_ms = std::stoi(flags.count("--interval-ms") ? flags["--interval-ms"] : "500");
  const int server_pid = std::stoi(flags.count("--server-pid") ? flags["--server-pid"] : "0");
  std::vector<std::pair<std::int64_t, std::string>> members;
  {
    std::ifstream tokens(flags["--tokens"]);
    std::int64_t id = 0;
    std::string token;
    while (tokens >> id >> token) members.emplace_back(id, token);
  }
  if (members.empty()) Die("no tokens in " + flags["--tokens"]);
  const std::string poster = flags["--poster"];
  HttpClient api(endpoint);
  api.Login(poster.substr(0, poster.find(':')), poster.substr(poster.find(':') + 1));
  // One topic channel holding every member, added 1,000 at a time.
  auto created = api.Request(http::verb::post, "/api/v1/channels",
                             json::serialize(json::object{{"kind", "topic"}, {"name", "Fan-out"}}));
  if (created.result_int() != 201) Die("channel: " + created.body());
  const std::int64_t channel = json::parse(created.body()).at("id").as_int64();
  for (std::size_t from = 0; from < members.size(); from += 1000) {
    json::array ids;
    for (std::size_t i = from; i < std::min(members.size(), from + 1000); ++i) ids.push_back(members[i].first);
    auto added = api.Request(http::verb::post, "/api/v1/channels/" + std::to_string(channel) + "/members",
                             json::serialize(json::object{{"user_ids", std::move(ids)}}));
    if (added.result_int() != 204) Die("members: " + added.body());
  }

  const std::int64_t rss_before = server_pid ? RssKb(server_pid) : 0;
  Shared shared(messages);
  std::atomic<bool> stop = false;
  ClientLoops loops;
  std::vector<std::vector<double>> locals(members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    std::make_shared<WsClient>(loops.For(i), endpoint, members[i].second, shared, locals[i], stop)->Start();
  }
  loops.Run();
  const auto connect_deadline = Clock::now() + std::chrono::seconds(120);
  while (shared.ready + shared.failed < static_cast<int>(members.size()) && Clock::now() < connect_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));  // let the server settle before reading its memory
  const std::int64_t rss_after = server_pid ? RssKb(server_pid) : 0;
  const int connected = shared.ready;

  const std::int64_t start = SteadyMs() + 500;
  for (int i = 0; i < messages; ++i) shared.scheduled_ms[i] = start + static_cast<std::int64_t>(i) * interval_ms;
  // How long each post took to be answered (stored, committed, handed to the fan-out), from its scheduled time: the
  // part of every delivery's latency that is not the fan-out itself.
  std::vector<double> answered;
  for (int i = 0; i < messages; ++i) {
    std::this_thread::sleep_until(Clock::time_point(std::chrono::milliseconds(shared.scheduled_ms[i].load())));
    auto posted = api.Request(http::verb::post, "/api/v1/channels/" + std::to_string(channel) + "/messages",
                              json::serialize(json::object{{"body", "m" + std::to_string(i)}}));
    if (posted.result_int() != 201) Die("post: " + posted.body());
    answered.push_back(static_cast<double>(SteadyMs() - shared.scheduled_ms[i].load()));
  }
  const std::vector<double> answered_in_order = answered;
  std::sort(answered.begin(), answered.end());
  const std::int64_t expected = static_cast<std::int64_t>(messages) * connected;
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (shared.Deliveries() < expected && Clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  stop = true;
  std::vector<double> all;
  for (const auto& local : locals) all.insert(all.end(), local.begin(), local.end());
  json::object chancery = Summary(all, expected, start, shared.LastDeliveryMs());
  // Per message, in order: when its post was answered and its slowest delivery (ms from its scheduled time).
  json::array per_message;
  for (int i = 0; i < messages; ++i) per_message.push_back(json::array{answered_in_order[i], shared.SlowestMs(i)});
  chancery["per_message"] = std::move(per_message);
  chancery["connections"] = connected;
  chancery["post_answered_p50_ms"] = answered.empty() ? 0.0 : answered[answered.size() / 2];
  chancery["post_answered_max_ms"] = answered.empty() ? 0.0 : answered.back();
  chancery["failed_connections"] = shared.failed.load();
  chancery["server_rss_kb_before"] = rss_before;
  chancery["server_rss_kb_after"] = rss_after;
  chancery["kb_per_connection"] = connected ? static_cast<double>(rss_after - rss_before) / connected : 0.0;
  loops.Stop();  // closes the 10,000 sockets before the NATS peer opens as many

  json::object report{{"messages", messages}, {"interval_ms", interval_ms}, {"chancery", std::move(chancery)}};
  if (flags.count("--nats")) {
    report["nats"] = RunNats(flags["--nats"], static_cast<int>(members.size()), messages, interval_ms);
  }
  std::cout << json::serialize(report) << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) Die("usage: fanout_bench prepare|run [flags] (see the comment atop fanout_bench.cpp)");
  const std::string command = argv[1];
  if (command == "prepare") return Prepare(Flags(argc, argv, 2));
  if (command == "run") return Run(Flags(argc, argv, 2));
  Die("unknown command " + command);
}
