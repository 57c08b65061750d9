#include "net/http_server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>

namespace chancery::net {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class EchoHandler : public WebSocketHandler {
 public:
  void OnOpen(std::shared_ptr<WebSocketPeer> peer, const Request&) override { peer_ = std::move(peer); }
  void OnMessage(std::string_view text) override { peer_->Send("echo:" + std::string(text)); }
  void OnClose() override { peer_.reset(); }

 private:
  std::shared_ptr<WebSocketPeer> peer_;
};

// The peers of the connections served, in the order they opened, for tests that send to them from outside.
struct OpenPeers {
  std::mutex mutex;
  std::condition_variable opened;
  std::vector<std::shared_ptr<WebSocketPeer>> peers;
};

class CollectingHandler : public WebSocketHandler {
 public:
  explicit CollectingHandler(std::shared_ptr<OpenPeers> open) : open_(std::move(open)) {}
  void OnOpen(std::shared_ptr<WebSocketPeer> peer, const Request&) override {
    std::lock_guard lock(open_->mutex);
    open_->peers.push_back(std::move(peer));
    open_->opened.notify_all();
  }
  void OnMessage(std::string_view) override {}
  void OnClose() override {}

 private:
  std::shared_ptr<OpenPeers> open_;
};

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto router = std::make_shared<Router>();
    router->Add(Method::kGet, "/hello/:name", RouteAccess::kPublic,
                [](Request& request) { return Response::Text(200, "hello " + request.PathParam("name")); });
    router->Add(Method::kPost, "/echo", RouteAccess::kPublic,
                [](Request& request) { return Response::Text(200, request.body); });
    router->Add(Method::kPost, "/upload", RouteAccess::kPublic,
                [](Request& request) { return Response::Text(200, std::to_string(request.body.size())); });
    router->SetBodyLimit(Method::kPost, "/upload", 3 * 1024 * 1024);
    router->Add(Method::kGet, "/slow", RouteAccess::kPublic, [](Request&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(600));
      return Response::Text(200, "finally");
    });
    router->AddWebSocket("/ws", RouteAccess::kPublic, [] { return std::make_unique<EchoHandler>(); });
    router->AddWebSocket("/collect", RouteAccess::kPublic,
                         [open = open_] { return std::make_unique<CollectingHandler>(open); });
    HttpServerOptions options;
    options.bind_address = "127.0.0.1";
    options.port = 0;
    options.network_threads = 2;
    options.worker_threads = 2;
    options.metrics = metrics_;
    server_ = std::make_unique<HttpServer>(options, router);
    ASSERT_TRUE(server_->Start().ok());
    ASSERT_NE(server_->port(), 0);
  }

  // Connections kept by a test go before the server does.
  void TearDown() override {
    std::lock_guard lock(open_->mutex);
    open_->peers.clear();
  }

  tcp::socket Connect() {
    tcp::socket socket(io_);
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()));
    return socket;
  }

  http::response<http::string_body> RoundTrip(tcp::socket& socket, http::request<http::string_body> request) {
    request.set(http::field::host, "localhost");
    request.prepare_payload();
    http::write(socket, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(socket, buffer, response);
    return response;
  }

  asio::io_context io_;
  std::shared_ptr<OpenPeers> open_ = std::make_shared<OpenPeers>();
  std::shared_ptr<MetricsRegistry> metrics_ = std::make_shared<MetricsRegistry>();
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, KeepAliveWithSecurityHeadersAndRequestIds) {
  auto socket = Connect();
  http::request<http::string_body> first{http::verb::get, "/hello/world", 11};
  first.set("X-Request-Id", "client-id-1");
  auto one = RoundTrip(socket, first);
  EXPECT_EQ(one.result_int(), 200);
  EXPECT_EQ(one.body(), "hello world");
  EXPECT_EQ(one["X-Request-Id"], "client-id-1");
  EXPECT_EQ(one["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(one["X-Frame-Options"], "DENY");
  EXPECT_EQ(one["Referrer-Policy"], "no-referrer");
  EXPECT_NE(one["Content-Security-Policy"].find("frame-ancestors 'none'"), beast::string_view::npos);
  EXPECT_TRUE(one.keep_alive());
  http::request<http::string_body> second{http::verb::post, "/echo", 11};  // same connection
  second.set(http::field::content_type, "text/plain");
  second.set("X-Request-Id", "bad id!");
  second.body() = "ping";
  auto two = RoundTrip(socket, second);
  EXPECT_EQ(two.body(), "ping");
  EXPECT_EQ(two["X-Request-Id"].size(), 32u);  // replaced, not echoed
  auto missing = RoundTrip(socket, http::request<http::string_body>{http::verb::get, "/api/nothing", 11});
  EXPECT_EQ(missing.result_int(), 404);
  EXPECT_EQ(missing[http::field::content_type], "application/problem+json");
  std::string text = metrics_->Render();
  EXPECT_NE(text.find("http_requests_total{method=\"GET\",route=\"/hello/:name\",status=\"200\"} 1"), std::string::npos)
      << text;
}

TEST_F(HttpServerTest, OversizedHeaderIs431) {
  auto socket = Connect();
  http::request<http::string_body> request{http::verb::get, "/hello/x", 11};
  request.set("X-Padding", std::string(20 * 1024, 'a'));
  auto response = RoundTrip(socket, request);
  EXPECT_EQ(response.result_int(), 431);
  EXPECT_EQ(response[http::field::content_type], "application/problem+json");
}

TEST_F(HttpServerTest, OversizedBodyIs413) {
  auto socket = Connect();
  std::string head = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2000000\r\n\r\n";
  asio::write(socket, asio::buffer(head + std::string(1000, 'a')));
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(socket, buffer, response);
  EXPECT_EQ(response.result_int(), 413);
}

TEST_F(HttpServerTest, ARouteWithItsOwnBodyLimitTakesLargerBodiesAndOnlyIt) {
  auto socket = Connect();
  http::request<http::string_body> upload{http::verb::post, "/upload", 11};
  upload.body() = std::string(2 * 1024 * 1024, 'a');  // above the server's 1 MiB, below the route's 3 MiB
  auto accepted = RoundTrip(socket, upload);
  EXPECT_EQ(accepted.result_int(), 200);
  EXPECT_EQ(accepted.body(), std::to_string(2 * 1024 * 1024));
  // The same body elsewhere is refused: other routes keep the server's limit.
  auto other = Connect();
  http::request<http::string_body> echo{http::verb::post, "/echo", 11};
  echo.body() = std::string(2 * 1024 * 1024, 'a');
  echo.set(http::field::host, "localhost");
  echo.prepare_payload();
  http::write(other, echo);
  beast::flat_buffer buffer;
  http::response<http::string_body> refused;
  http::read(other, buffer, refused);
  EXPECT_EQ(refused.result_int(), 413);
  // Above the route's own limit: refused too, chunked or not.
  auto third = Connect();
  std::string head = "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n400000\r\n";  // 4 MiB chunk
  asio::write(third, asio::buffer(head + std::string(64 * 1024, 'a')));
  boost::system::error_code ignored;
  asio::write(third, asio::buffer(std::string(64 * 1024, 'a')), ignored);
  beast::flat_buffer third_buffer;
  http::response<http::string_body> too_large;
  http::read(third, third_buffer, too_large);
  EXPECT_EQ(too_large.result_int(), 413);
}

TEST_F(HttpServerTest, StopLetsAnInFlightRequestFinish) {
  auto reply = std::async(std::launch::async, [this] {
    auto socket = Connect();
    return RoundTrip(socket, http::request<http::string_body>{http::verb::get, "/slow", 11});
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto started = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  auto response = reply.get();
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), "finally");
  EXPECT_FALSE(response.keep_alive());
}

TEST_F(HttpServerTest, WebSocketEchoesAndIsClosedWithGoingAwayOnStop) {
  beast::websocket::stream<tcp::socket> ws(Connect());
  ws.handshake("localhost", "/ws");
  ws.write(asio::buffer(std::string("hi")));
  beast::flat_buffer buffer;
  ws.read(buffer);
  EXPECT_EQ(beast::buffers_to_string(buffer.data()), "echo:hi");
  std::thread stopper([this] { server_->Stop(); });
  buffer.clear();
  beast::error_code error;
  ws.read(buffer, error);
  stopper.join();
  EXPECT_EQ(error, beast::websocket::error::closed);
  EXPECT_EQ(ws.reason().code, beast::websocket::close_code::going_away);
}

TEST_F(HttpServerTest, AnAudienceSendsEachSliceToItsAdmittedConnectionsInOrder) {
  constexpr std::size_t kClients = 6;  // dealt to the server's two network threads in turn
  std::vector<beast::websocket::stream<tcp::socket>> clients;
  clients.reserve(kClients);
  for (std::size_t i = 0; i < kClients; ++i) {
    clients.emplace_back(Connect());
    clients.back().handshake("localhost", "/collect");
    std::unique_lock lock(open_->mutex);  // one at a time, so that peers[i] is clients[i]
    ASSERT_TRUE(open_->opened.wait_for(lock, std::chrono::seconds(10), [&] { return open_->peers.size() == i + 1; }));
  }
  Audience audience(open_->peers);
  auto admitted = std::make_shared<std::vector<char>>(kClients, 1);
  (*admitted)[1] = 0;
  (*admitted)[4] = 0;
  const auto first = std::make_shared<const std::string>("first");
  audience.Send(first, admitted, 0, 3);
  audience.Send(first, admitted, 3, kClients);
  audience.Send(std::make_shared<const std::string>("second"));
  audience.Send(std::make_shared<const std::string>("third"), nullptr, 2, 4);
  for (std::size_t i = 0; i < kClients; ++i) {
    std::vector<std::string> expected;
    if (i != 1 && i != 4) expected.push_back("first");
    expected.push_back("second");
    if (i == 2 || i == 3) expected.push_back("third");
    std::vector<std::string> received;
    for (std::size_t n = 0; n < expected.size(); ++n) {
      beast::flat_buffer buffer;
      clients[i].read(buffer);
      received.push_back(beast::buffers_to_string(buffer.data()));
    }
    EXPECT_EQ(received, expected) << "client " << i;
  }
  // Nothing more was sent: the next text each client reads is the one sent now to all.
  audience.Send(std::make_shared<const std::string>("last"));
  for (std::size_t i = 0; i < kClients; ++i) {
    beast::flat_buffer buffer;
    clients[i].read(buffer);
    EXPECT_EQ(beast::buffers_to_string(buffer.data()), "last") << "client " << i;
  }
}

TEST_F(HttpServerTest, PlainGetOnAWebSocketRouteIs426) {
  auto socket = Connect();
  auto response = RoundTrip(socket, http::request<http::string_body>{http::verb::get, "/ws", 11});
  EXPECT_EQ(response.result_int(), 426);
}

TEST(HttpServerTlsTest, ServesTls12WithStrictTransportSecurity) {
  auto folder = std::filesystem::temp_directory_path() / ("chancery_tls_" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout " +
                        (folder / "key.pem").string() + " -out " + (folder / "cert.pem").string() + " 2>/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << "the openssl command makes the test certificate";
  auto router = std::make_shared<Router>();
  router->Add(Method::kGet, "/healthz", RouteAccess::kPublic,
              [](Request& request) { return Response::Text(200, request.secure ? "secure" : "plain"); });
  HttpServerOptions options;
  options.bind_address = "127.0.0.1";
  options.port = 0;
  options.tls_certificate_file = (folder / "cert.pem").string();
  options.tls_private_key_file = (folder / "key.pem").string();
  HttpServer server(options, router);
  ASSERT_TRUE(server.Start().ok());
  asio::io_context io;
  asio::ssl::context context(asio::ssl::context::tls_client);
  context.set_verify_mode(asio::ssl::verify_none);
  beast::ssl_stream<tcp::socket> stream(io, context);
  stream.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
  stream.handshake(asio::ssl::stream_base::client);
  http::request<http::string_body> request{http::verb::get, "/healthz", 11};
  request.set(http::field::host, "localhost");
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  EXPECT_EQ(response.body(), "secure");
  EXPECT_NE(response["Strict-Transport-Security"], "");
  server.Stop();
  std::filesystem::remove_all(folder);
  EXPECT_FALSE(HttpServer(HttpServerOptions{.tls_certificate_file = "/nonexistent"}, router).Start().ok());
}

}  // namespace
}  // namespace chancery::net
