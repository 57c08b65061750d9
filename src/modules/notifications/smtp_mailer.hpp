// SmtpMailer: sends one plain-text e-mail over SMTP with libcurl (SMTP, SMTPS or STARTTLS, optional login), in
// UTF-8: the subject as an RFC 2047 encoded word, the body in base64.
//
// Thread-safety: Send may be called from several threads; each call uses its own curl handle.
#pragma once

#include <string>

#include "core/status.hpp"
#include "modules/notifications/notifications.hpp"

namespace chancery::notifications {

struct MailMessage {
  std::string to;  // a bare address, e.g. "lan.nguyen@mofa.gov.vn"
  std::string subject;
  std::string body;
  std::string message_id;  // without the angle brackets
};

// The RFC 5322 message as sent (headers, blank line, base64 body); `date` is an RFC 5322 date.
std::string FormatMail(const MailOptions& options, const MailMessage& message, const std::string& date);

class SmtpMailer {
 public:
  explicit SmtpMailer(MailOptions options);
  // kUnavailable when the server cannot be reached or refuses the message (worth a retry); kInvalidArgument when
  // the address is unusable.
  Status Send(const MailMessage& message) const;
  bool enabled() const { return !options_.smtp_url.empty(); }

 private:
  MailOptions options_;
};

}  // namespace chancery::notifications
