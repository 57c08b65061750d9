// chancery::testing::LocalHttpServer: a small HTTP/1.1 server on 127.0.0.1 for tests that need a real peer on the
// other end of a socket (a feed, a push service, a webhook receiver): one connection at a time, one request and one
// response per connection; it reads the whole body by Content-Length and hands the request to a handler that
// returns the raw response (HttpResponse() writes a simple one).
//
// Thread-safety: the handler runs on the server's thread; the object is built and destroyed on the test's thread.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <thread>

namespace chancery::testing {

struct HttpRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

// "HTTP/1.1 <status>" with Connection: close, a Content-Length, `headers` (each ending in \r\n) and the body.
inline std::string HttpResponse(int status, const std::string& headers = "", const std::string& body = "") {
  return "HTTP/1.1 " + std::to_string(status) +
         " X\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + headers + "\r\n" + body;
}

class LocalHttpServer {
 public:
  using Handler = std::function<std::string(const HttpRequest&)>;

  explicit LocalHttpServer(Handler handler) : handler_(std::move(handler)) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 || listen(listener_, 16) != 0 ||
        getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "the local HTTP server cannot listen";
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~LocalHttpServer() {
    stopping_ = true;
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    thread_.join();
  }
  LocalHttpServer(const LocalHttpServer&) = delete;
  LocalHttpServer& operator=(const LocalHttpServer&) = delete;

  std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

 private:
  static HttpRequest Parse(const std::string& head) {
    HttpRequest request;
    std::size_t line_end = head.find("\r\n");
    const std::string first = head.substr(0, line_end);
    request.method = first.substr(0, first.find(' '));
    request.path = first.substr(first.find(' ') + 1, first.rfind(' ') - first.find(' ') - 1);
    while (line_end != std::string::npos && line_end + 2 < head.size()) {
      const std::size_t next = head.find("\r\n", line_end + 2);
      const std::string line = head.substr(line_end + 2, next - line_end - 2);
      const std::size_t colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const std::size_t value = line.find_first_not_of(' ', colon + 1);
        request.headers[name] = value == std::string::npos ? std::string() : line.substr(value);
      }
      line_end = next;
    }
    return request;
  }

  void Serve() {
    while (!stopping_) {
      const int connection = accept(listener_, nullptr, nullptr);
      if (connection < 0) return;
      std::string received;
      char buffer[4096];
      std::size_t head_end = std::string::npos;
      while ((head_end = received.find("\r\n\r\n")) == std::string::npos) {
        const ssize_t got = recv(connection, buffer, sizeof(buffer), 0);
        if (got <= 0) break;
        received.append(buffer, static_cast<std::size_t>(got));
      }
      if (head_end == std::string::npos) {
        close(connection);
        continue;
      }
      HttpRequest request = Parse(received.substr(0, head_end));
      const std::size_t content_length =
          request.headers.contains("content-length") ? std::stoul(request.headers.at("content-length")) : 0;
      request.body = received.substr(head_end + 4);
      while (request.body.size() < content_length) {
        const ssize_t got = recv(connection, buffer, sizeof(buffer), 0);
        if (got <= 0) break;
        request.body.append(buffer, static_cast<std::size_t>(got));
      }
      const std::string response = handler_(request);
      std::size_t sent = 0;
      while (sent < response.size()) {
        const ssize_t wrote = send(connection, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
        if (wrote <= 0) break;
        sent += static_cast<std::size_t>(wrote);
      }
      close(connection);
    }
  }

  Handler handler_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace chancery::testing
