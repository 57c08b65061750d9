#include "modules/notifications/notifications_service.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

#include "core/crypto.hpp"

namespace chancery::notifications {
namespace {

using storage::Row;
using storage::Rows;
using storage::Transaction;

constexpr std::int64_t kLeaseMs = 2 * 60 * 1000;  // longer than libcurl's 60 s timeout

std::int64_t BackoffMs(int attempts) {
  const std::int64_t base = 30 * 1000;
  const int shift = std::min(attempts - 1, 7);  // 30 s, 1 min, 2 min ... capped at one hour
  return std::min<std::int64_t>(base << std::max(shift, 0), 3600 * 1000);
}

Notification FromRow(const Row& row) {
  return Notification{.id = row.Int(0),
                      .user_id = row.Int(1),
                      .kind = row.Text(2),
                      .title = row.Text(3),
                      .body = row.Text(4),
                      .link = row.Text(5),
                      .urgent = row.Bool(6),
                      .created_at_ms = row.Int(7),
                      .read_at_ms = row.OptionalInt(8)};
}

}  // namespace

NotificationsService::NotificationsService(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                                           identity::IdentityService& identity, MailOptions mail)
    : database_(database), clock_(clock), audit_(audit), identity_(identity), mail_options_(mail), mailer_(mail) {}

Result<std::int64_t> NotificationsService::Notify(Transaction& transaction, const NewNotification& notification) {
  const std::int64_t now_ms = clock_.NowMs();
  CHANCERY_ASSIGN_OR_RETURN(
      Row row, transaction.QueryOne("INSERT INTO notifications (user_id, kind, title, body, link, urgent, created_at) "
                                    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                    {notification.user_id, notification.kind, notification.title, notification.body,
                                     notification.link, static_cast<std::int64_t>(notification.urgent), now_ms}));
  const std::int64_t id = row.Int(0);
  if (notification.email && mailer_.enabled()) {
    const std::string subject = (notification.urgent ? "[URGENT] " : "") + notification.title;
    const std::string body = notification.body + (notification.link.empty() ? "" : "\n\n" + notification.link) +
                             "\n\n-- \nChancery. This message was sent automatically; do not reply.\n";
    CHANCERY_TRY(transaction
                     .Execute("INSERT INTO mail_outbox (notification_id, user_id, subject, body, created_at, "
                              "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)",
                              {id, notification.user_id, subject, body, now_ms, now_ms})
                     .status());
  }
  return id;
}

Result<std::vector<Notification>> NotificationsService::List(std::int64_t user_id, bool unread_only, int limit) {
  std::vector<Notification> items;
  CHANCERY_TRY(database_.Read("notifications.list", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(
        Rows rows, transaction.Query(std::string("SELECT id, user_id, kind, title, body, link, urgent, created_at, "
                                                 "read_at FROM notifications WHERE user_id = ?") +
                                         (unread_only ? " AND read_at IS NULL" : "") + " ORDER BY id DESC LIMIT ?",
                                     {user_id, static_cast<std::int64_t>(std::clamp(limit, 1, 200))}));
    for (const Row& row : rows) items.push_back(FromRow(row));
    return Status::Ok();
  }));
  return items;
}

Result<std::int64_t> NotificationsService::UnreadCount(std::int64_t user_id) {
  return storage::ReadValue(
      database_, "notifications.unread_count", [&](Transaction& transaction) -> Result<std::int64_t> {
        CHANCERY_ASSIGN_OR_RETURN(Row row, transaction.QueryOne("SELECT COUNT(*) FROM notifications "
                                                                "WHERE user_id = ? AND read_at IS NULL",
                                                                {user_id}));
        return row.Int(0);
      });
}

Status NotificationsService::MarkRead(std::int64_t user_id, std::int64_t notification_id) {
  return database_.Write("notifications.read", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Row> row,
                              transaction.QueryOptional("SELECT id FROM notifications WHERE id = ? AND user_id = ?",
                                                        {notification_id, user_id}));
    if (!row) return NotFound("There is no notification " + std::to_string(notification_id) + " for you.");
    return transaction
        .Execute("UPDATE notifications SET read_at = ? WHERE id = ? AND read_at IS NULL",
                 {clock_.NowMs(), notification_id})
        .status();
  });
}

Status NotificationsService::MarkAllRead(std::int64_t user_id) {
  return database_.Write("notifications.read_all", [&](Transaction& transaction) {
    return transaction
        .Execute("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL",
                 {clock_.NowMs(), user_id})
        .status();
  });
}

Result<std::vector<NotificationsService::OutboxRow>> NotificationsService::ClaimDue(int batch) {
  std::vector<OutboxRow> claimed;
  const std::int64_t now_ms = clock_.NowMs();
  CHANCERY_TRY(database_.Write("notifications.claim_mail", [&](Transaction& transaction) -> Status {
    claimed.clear();
    CHANCERY_ASSIGN_OR_RETURN(Rows rows,
                              transaction.Query("SELECT id, user_id, subject, body, attempts FROM mail_outbox "
                                                "WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? "
                                                "AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id LIMIT ?",
                                                {now_ms, now_ms, static_cast<std::int64_t>(batch)}));
    for (const Row& row : rows) {
      // Conditional on the lease still being free: another node may have claimed the row since we read it.
      CHANCERY_ASSIGN_OR_RETURN(
          std::int64_t changed,
          transaction.Execute("UPDATE mail_outbox SET claimed_until = ? WHERE id = ? AND sent_at IS NULL "
                              "AND (claimed_until IS NULL OR claimed_until < ?)",
                              {now_ms + kLeaseMs, row.Int(0), now_ms}));
      if (changed == 1) {
        claimed.push_back({row.Int(0), row.Int(1), row.Text(2), row.Text(3), static_cast<int>(row.Int(4))});
      }
    }
    return Status::Ok();
  }));
  return claimed;
}

Status NotificationsService::Record(const OutboxRow& row, const Status& outcome, MailReport& report) {
  const std::int64_t now_ms = clock_.NowMs();
  return database_.Write("notifications.record_mail", [&](Transaction& transaction) -> Status {
    if (outcome.ok()) {
      ++report.sent;
      return transaction
          .Execute(
              "UPDATE mail_outbox SET sent_at = ?, attempts = attempts + 1, claimed_until = NULL, "
              "last_error = '' WHERE id = ?",
              {now_ms, row.id})
          .status();
    }
    const int attempts = row.attempts + 1;
    const bool give_up = outcome.code() != StatusCode::kUnavailable || attempts >= mail_options_.max_attempts;
    if (give_up) {
      ++report.failed;
      return transaction
          .Execute(
              "UPDATE mail_outbox SET failed_at = ?, attempts = ?, claimed_until = NULL, last_error = ? "
              "WHERE id = ?",
              {now_ms, static_cast<std::int64_t>(attempts), outcome.message().substr(0, 500), row.id})
          .status();
    }
    ++report.retried;
    return transaction
        .Execute(
            "UPDATE mail_outbox SET next_attempt_at = ?, attempts = ?, claimed_until = NULL, last_error = ? "
            "WHERE id = ?",
            {now_ms + BackoffMs(attempts), static_cast<std::int64_t>(attempts), outcome.message().substr(0, 500),
             row.id})
        .status();
  });
}

Result<MailReport> NotificationsService::SendPendingMail(int batch) {
  MailReport report;
  if (!mailer_.enabled()) return report;
  CHANCERY_ASSIGN_OR_RETURN(std::vector<OutboxRow> rows, ClaimDue(batch));
  for (const OutboxRow& row : rows) {
    Status outcome;
    Result<identity::UserContact> contact = identity_.ReadContact(row.user_id);
    if (!contact.ok()) {
      outcome = contact.status();
    } else if (contact->email.empty()) {
      outcome = FailedPrecondition("the recipient has no e-mail address");
    } else {
      // Decrypting the address is a personal-data read: audited, as every other.
      audit::AuditEvent event = audit::EventBy(nullptr, "personal_data.read");
      event.target_type = "user";
      event.target_id = std::to_string(row.user_id);
      event.detail_json = boost::json::serialize(boost::json::object{{"fields", {"email"}}, {"purpose", "mail"}});
      CHANCERY_TRY(database_.Write("notifications.audit_mail",
                                   [&](Transaction& transaction) { return audit_.Append(transaction, event); }));
      outcome =
          mailer_.Send({.to = contact->email,
                        .subject = row.subject,
                        .body = row.body,
                        .message_id = "outbox-" + std::to_string(row.id) + "." + crypto::RandomToken(9) + "@chancery"});
    }
    CHANCERY_TRY(Record(row, outcome, report));
  }
  return report;
}

}  // namespace chancery::notifications
