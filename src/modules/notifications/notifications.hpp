// Notifications: messages to a user from the system (a cable escalated to them, and later mentions and saved-search
// hits), shown in the console and, when the user has an e-mail address and mail is configured, e-mailed. This
// header is the module's public face.
//
// Contract: Notify() writes inside the caller's transaction, so that a notification and the event it announces
// commit together; the e-mail goes into an outbox in the same transaction and is sent afterwards, with retries.
// Notification texts are written for the recipient and must not carry classified content (cables are named by
// reference, never by subject or body).
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace chancery::notifications {

struct NewNotification {
  std::int64_t user_id = 0;
  std::string kind;   // dotted, e.g. "cable.escalated"
  std::string title;  // one line
  std::string body;   // plain text
  std::string link;   // a console path, e.g. "/cables/42"
  bool urgent = false;
  bool email = true;  // also e-mail it (when mail is configured)
};

struct Notification {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string kind;
  std::string title;
  std::string body;
  std::string link;
  bool urgent = false;
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> read_at_ms;
};

// SMTP settings (`mail.*` in the configuration). An empty smtp_url switches e-mail off.
struct MailOptions {
  std::string smtp_url;  // smtp://host:port (STARTTLS per `starttls`) or smtps://host:port
  std::string from = "Chancery <chancery@localhost>";
  std::string username;
  std::string password;
  bool starttls = false;  // require STARTTLS on smtp://
  int max_attempts = 10;  // then the e-mail is marked failed (the notification stays in the console)
};

}  // namespace chancery::notifications
