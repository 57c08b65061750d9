#include "modules/notifications/notifications_module.hpp"

#include <spdlog/spdlog.h>

namespace chancery::notifications {

NotificationsModule::NotificationsModule(storage::Database& database, const Clock& clock, audit::AuditLog& audit,
                                         identity::IdentityService& identity, MailOptions mail)
    : service_(database, clock, audit, identity, std::move(mail)), api_(service_) {}

void NotificationsModule::StartMail(std::chrono::milliseconds interval) {
  if (!service_.mail_enabled() || mail_worker_) return;
  mail_worker_ = std::make_unique<PeriodicTask>("mail outbox", interval, [this] {
    Result<MailReport> report = service_.SendPendingMail();
    if (!report.ok()) {
      spdlog::warn("mail outbox: {}", report.status().ToString());
    } else if (report->sent + report->retried + report->failed > 0) {
      spdlog::info("mail outbox: {} sent, {} to retry, {} failed", report->sent, report->retried, report->failed);
    }
  });
}

void NotificationsModule::WakeMail() {
  if (mail_worker_) mail_worker_->Wake();
}

}  // namespace chancery::notifications
