// LocalSmtpServer: a real SMTP server for tests (Debian's python3-aiosmtpd, delivering into a temporary Maildir),
// started on 127.0.0.1 on a free port and stopped when the object goes away.
//
// Thread-safety: use from the test's thread.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace chancery::testing {

struct ReceivedMail {
  std::string envelope_to;  // the RCPT TO address
  std::string subject;      // decoded from RFC 2047
  std::string body;         // decoded from base64 when so encoded
  std::string raw;
};

class LocalSmtpServer {
 public:
  LocalSmtpServer();  // fails the current test (ADD_FAILURE) when the server cannot start
  ~LocalSmtpServer();
  LocalSmtpServer(const LocalSmtpServer&) = delete;
  LocalSmtpServer& operator=(const LocalSmtpServer&) = delete;

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  // Every message delivered so far, oldest first.
  std::vector<ReceivedMail> Messages() const;

 private:
  std::string directory_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace chancery::testing
