#include "support/smtp_server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/crypto.hpp"

extern char** environ;

namespace chancery::testing {
namespace {

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    return 0;
  }
  close(fd);
  return ntohs(address.sin_port);
}

bool Accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return connected;
}

std::string Trim(std::string text) {
  while (!text.empty() && (text.back() == '\r' || text.back() == '\n' || text.back() == ' ')) text.pop_back();
  while (!text.empty() && text.front() == ' ') text.erase(text.begin());
  return text;
}

// "=?UTF-8?B?...?=" words (possibly folded) back to UTF-8; other text as is.
std::string DecodeHeader(const std::string& value) {
  std::string out;
  std::size_t position = 0;
  while (position < value.size()) {
    const std::size_t start = value.find("=?UTF-8?B?", position);
    if (start == std::string::npos) {
      out += value.substr(position);
      break;
    }
    const std::string between = value.substr(position, start - position);
    if (between.find_first_not_of(" \t\r\n") != std::string::npos) out += between;
    const std::size_t end = value.find("?=", start + 10);
    if (end == std::string::npos) break;
    auto decoded = crypto::Base64Decode(value.substr(start + 10, end - start - 10));
    if (decoded.ok()) out += *decoded;
    position = end + 2;
  }
  return out;
}

ReceivedMail Parse(const std::string& raw) {
  ReceivedMail mail;
  mail.raw = raw;
  std::istringstream lines(raw);
  std::string line;
  std::string header;  // the header being read, with continuation lines
  bool base64 = false;
  const auto finish = [&] {
    const std::size_t colon = header.find(':');
    if (colon == std::string::npos) return;
    std::string name = header.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    const std::string value = Trim(header.substr(colon + 1));
    if (name == "subject") mail.subject = DecodeHeader(value);
    if (name == "x-rcptto") mail.envelope_to = value;
    if (name == "content-transfer-encoding") base64 = value == "base64";
  };
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') {
      header += line;
      continue;
    }
    finish();
    header = line;
  }
  finish();
  std::string body((std::istreambuf_iterator<char>(lines)), std::istreambuf_iterator<char>());
  if (base64) {
    body.erase(std::remove_if(body.begin(), body.end(), [](char c) { return c == '\r' || c == '\n'; }), body.end());
    auto decoded = crypto::Base64Decode(body);
    mail.body = decoded.ok() ? *decoded : body;
  } else {
    mail.body = body;
  }
  return mail;
}

}  // namespace

LocalSmtpServer::LocalSmtpServer() {
  directory_ = (std::filesystem::temp_directory_path() / ("chancery-smtp-" + crypto::RandomToken(6))).string();
  std::filesystem::create_directories(directory_);
  port_ = FreePort();
  const std::string listen = "127.0.0.1:" + std::to_string(port_);
  const std::string maildir = directory_ + "/maildir";
  std::vector<std::string> args = {"/usr/bin/python3",          "-m",   "aiosmtpd", "-n", "-l", listen, "-c",
                                   "aiosmtpd.handlers.Mailbox", maildir};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
    pid_ = -1;
    ADD_FAILURE() << "cannot start aiosmtpd (apt-get install python3-aiosmtpd)";
    return;
  }
  for (int attempt = 0; attempt < 100 && !Accepts(port_); ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!Accepts(port_)) ADD_FAILURE() << "aiosmtpd does not listen on " << listen;
}

LocalSmtpServer::~LocalSmtpServer() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

std::vector<ReceivedMail> LocalSmtpServer::Messages() const {
  std::vector<std::pair<std::filesystem::file_time_type, std::string>> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory_ + "/maildir/new", error)) {
    files.emplace_back(entry.last_write_time(), entry.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<ReceivedMail> messages;
  for (const auto& [time, path] : files) {
    std::ifstream input(path, std::ios::binary);
    messages.push_back(Parse(std::string((std::istreambuf_iterator<char>(input)), std::istreambuf_iterator<char>())));
  }
  return messages;
}

}  // namespace chancery::testing
