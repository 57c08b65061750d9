// For zalo's tests: the fake Zalo server (tests/fakes/zalo.mjs) as a child process on 127.0.0.1, and a bare webhook
// receiver that records what is POSTed to it. Both stop when the object goes away.
//
// The script is found at $CHANCERY_ZALO_FAKE, or beside this source file in the checkout (tests/fakes/zalo.mjs);
// `node` is looked up on PATH.
//
// Thread-safety: FakeZalo's calls may come from any thread (each is one HTTP request); WebhookReceiver's accessor
// takes a lock.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "modules/delivery/http_client.hpp"
#include "support/local_http_server.hpp"

extern char** environ;

namespace chancery::zalo::test_support {

inline std::string FakeZaloScript() {
  if (const char* path = std::getenv("CHANCERY_ZALO_FAKE"); path != nullptr && *path != '\0') return path;
  // This file is src/modules/zalo/fake_zalo_for_test.hpp.
  return (std::filesystem::path(__FILE__).parent_path() / "../../../tests/fakes/zalo.mjs").lexically_normal().string();
}

class FakeZalo {
 public:
  FakeZalo() {
    int pipe_ends[2];
    if (pipe(pipe_ends) != 0) {
      ADD_FAILURE() << "cannot create a pipe";
      return;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_ends[0]);
    std::vector<std::string> args = {"node", FakeZaloScript(), "--port", "0"};
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    const int spawned = posix_spawnp(&pid_, "node", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_ends[1]);
    output_ = pipe_ends[0];
    if (spawned != 0) {
      pid_ = -1;
      ADD_FAILURE() << "cannot start node " << args[1];
      return;
    }
    // The first line is {"port":N}.
    std::string line;
    while (line.find('\n') == std::string::npos) {
      pollfd ready{output_, POLLIN, 0};
      char buffer[256];
      if (poll(&ready, 1, 10000) <= 0) break;
      const ssize_t count = read(output_, buffer, sizeof buffer);
      if (count <= 0) break;
      line.append(buffer, static_cast<std::size_t>(count));
    }
    boost::system::error_code error;
    const boost::json::value value = boost::json::parse(line.substr(0, line.find('\n')), error);
    if (error || !value.is_object() || !value.as_object().contains("port")) {
      ADD_FAILURE() << "the fake Zalo did not say its port: '" << line << "' (script " << args[1] << ")";
      return;
    }
    port_ = static_cast<int>(value.at("port").to_number<std::int64_t>());
  }

  ~FakeZalo() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
    if (output_ >= 0) close(output_);
  }
  FakeZalo(const FakeZalo&) = delete;
  FakeZalo& operator=(const FakeZalo&) = delete;

  bool running() const { return port_ > 0; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  boost::json::value Call(const std::string& method, const std::string& path, const boost::json::object& body = {}) {
    delivery::HttpRequest request;
    request.method = method;
    request.url = url() + path;
    request.headers = {{"Content-Type", "application/json"}};
    if (method != "GET") request.body = boost::json::serialize(body);
    const delivery::HttpResponse response = delivery::SendHttp(request);
    boost::system::error_code error;
    boost::json::value value = boost::json::parse(response.body, error);
    if (response.status != 200 || error) {
      ADD_FAILURE() << method << " " << path << " answered " << response.status << " " << response.body
                    << response.transport_error;
      return {};
    }
    return value;
  }

  void DefineAccount(const boost::json::object& account) { Call("POST", "/_control/accounts", account); }
  void Script(const boost::json::object& script) { Call("POST", "/_control/script", script); }
  void ExpireAccessTokens() { Call("POST", "/_control/script", {{"expire_access_tokens", true}}); }
  boost::json::array Sent() {
    const boost::json::value sent = Call("GET", "/_control/sent");
    return sent.is_object() ? sent.at("sent").as_array() : boost::json::array{};
  }
  std::int64_t Refreshes() { return Counter("count"); }
  std::int64_t ReuseAttempts() { return Counter("reuse_attempts"); }

 private:
  std::int64_t Counter(const char* name) {
    const boost::json::value refreshes = Call("GET", "/_control/refreshes");
    return refreshes.is_object() ? refreshes.at(name).to_number<std::int64_t>() : -1;
  }

  pid_t pid_ = -1;
  int output_ = -1;
  int port_ = 0;
};

// Accepts HTTP POSTs on 127.0.0.1, answers 200 and keeps each request's X-ZEvent-Signature and body.
class WebhookReceiver {
 public:
  struct Request {
    std::string signature;
    std::string body;
  };

  std::string url() const { return server_.Url("/webhooks/zalo"); }
  std::vector<Request> Requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  std::mutex mutex_;
  std::vector<Request> requests_;
  testing::LocalHttpServer server_{[this](const testing::HttpRequest& request) {
    std::lock_guard lock(mutex_);
    const auto signature = request.headers.find("x-zevent-signature");
    requests_.push_back({signature == request.headers.end() ? "" : signature->second, request.body});
    return testing::HttpResponse(200);
  }};
};

}  // namespace chancery::zalo::test_support
