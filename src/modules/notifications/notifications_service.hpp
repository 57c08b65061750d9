// NotificationsService: writes notifications (in the caller's transaction, with their e-mail in the outbox), lists
// and marks them read for their owner, and drains the mail outbox through the SmtpMailer.
//
// Contract: SendPendingMail claims due outbox rows with a lease (so that two nodes never send the same row at the
// same time), resolves each recipient's address through identity (an audited personal-data read), sends outside
// any transaction, then records success, or schedules a retry with exponential backoff (30 s doubling, at most one
// hour) until MailOptions::max_attempts, after which the row is marked failed. A recipient without an e-mail
// address fails at once.
//
// Thread-safety: safe for concurrent use; calls block on the database (and SendPendingMail on SMTP).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/clock.hpp"
#include "core/status.hpp"
#include "modules/audit/audit.hpp"
#include "modules/identity/identity.hpp"
#include "modules/notifications/notifications.hpp"
#include "modules/notifications/smtp_mailer.hpp"
#include "storage/database.hpp"

namespace chancery::notifications {

struct MailReport {
  int sent = 0;
  int retried = 0;
  int failed = 0;
};

class NotificationsService {
 public:
  NotificationsService(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                       identity::IdentityService& identity, MailOptions mail);

  // Inside the caller's write transaction. Returns the notification's id.
  Result<std::int64_t> Notify(storage::Transaction& transaction, const NewNotification& notification);

  Result<std::vector<Notification>> List(std::int64_t user_id, bool unread_only, int limit);
  Result<std::int64_t> UnreadCount(std::int64_t user_id);
  // kNotFound unless the notification is the user's.
  Status MarkRead(std::int64_t user_id, std::int64_t notification_id);
  Status MarkAllRead(std::int64_t user_id);

  // Sends what is due in the outbox (up to `batch` e-mails).
  Result<MailReport> SendPendingMail(int batch = 50);
  bool mail_enabled() const { return mailer_.enabled(); }

 private:
  struct OutboxRow {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string subject;
    std::string body;
    int attempts = 0;
  };
  Result<std::vector<OutboxRow>> ClaimDue(int batch);
  Status Record(const OutboxRow& row, const Status& outcome, MailReport& report);

  storage::Database& database_;
  const Clock& clock_;
  audit::AuditLog& audit_;
  identity::IdentityService& identity_;
  MailOptions mail_options_;
  SmtpMailer mailer_;
};

}  // namespace chancery::notifications
