#include "core/config_validation.hpp"

#include <algorithm>
#include <charconv>

namespace chancery {
namespace {

Status Invalid(const std::string& key, const std::string& message) {
  return InvalidArgument("configuration key '" + key + "': " + message).WithField(key);
}

Status RequireRange(const std::string& key, std::int64_t value, std::int64_t low, std::int64_t high) {
  if (value < low || value > high) {
    return Invalid(key, "must be between " + std::to_string(low) + " and " + std::to_string(high) + ", not " +
                            std::to_string(value));
  }
  return Status::Ok();
}

}  // namespace

Result<HostPort> ParseHostPort(const std::string& text) {
  HostPort result;
  std::string port_text;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return InvalidArgument("'" + text + "' is not HOST:PORT");
    }
    result.host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) return InvalidArgument("'" + text + "' is not HOST:PORT");
    result.host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
  }
  unsigned value = 0;
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
  if (port_text.empty() || error != std::errc() || end != port_text.data() + port_text.size() || value > 65535) {
    return InvalidArgument("'" + port_text + "' is not a port number (0–65535)");
  }
  result.port = static_cast<std::uint16_t>(value);
  return result;
}

Status ValidateConfig(const Config& config) {
  if (config.data_dir.empty()) return Invalid("data_dir", "must not be empty");
  if (auto listen = ParseHostPort(config.server.listen); !listen.ok()) {
    return Invalid("server.listen", listen.status().message());
  }
  CHANCERY_TRY(RequireRange("server.io_threads", config.server.io_threads, 0, 256));
  CHANCERY_TRY(RequireRange("server.worker_threads", config.server.worker_threads, 0, 1024));
  CHANCERY_TRY(RequireRange("server.max_header_bytes", config.server.max_header_bytes, 1024, 1024 * 1024));
  CHANCERY_TRY(RequireRange("server.max_body_bytes", config.server.max_body_bytes, 1024, 1024LL * 1024 * 1024));
  CHANCERY_TRY(RequireRange("server.read_timeout_seconds", config.server.read_timeout_seconds, 1, 3600));
  CHANCERY_TRY(RequireRange("server.idle_timeout_seconds", config.server.idle_timeout_seconds, 1, 3600));
  if (config.server.tls_certificate.empty() != config.server.tls_private_key.empty()) {
    return Invalid(config.server.tls_certificate.empty() ? "server.tls_certificate" : "server.tls_private_key",
                   "server.tls_certificate and server.tls_private_key must be set together");
  }
  if (config.storage.engine != "sqlite" && config.storage.engine != "postgres") {
    return Invalid("storage.engine", "must be \"sqlite\" or \"postgres\", not \"" + config.storage.engine + "\"");
  }
  if (config.storage.engine == "postgres" && config.storage.postgres_url.empty()) {
    return Invalid("storage.postgres_url", "is required when storage.engine is \"postgres\"");
  }
  CHANCERY_TRY(RequireRange("storage.postgres_pool_size", config.storage.postgres_pool_size, 1, 512));
  CHANCERY_TRY(RequireRange("security.session_idle_minutes", config.security.session_idle_minutes, 1, 24 * 60));
  CHANCERY_TRY(RequireRange("security.session_absolute_hours", config.security.session_absolute_hours, 1, 24 * 30));
  CHANCERY_TRY(
      RequireRange("security.account_failures_before_lock", config.security.account_failures_before_lock, 1, 1000));
  CHANCERY_TRY(RequireRange("security.address_failures_before_throttle",
                            config.security.address_failures_before_throttle, 1, 100000));
  CHANCERY_TRY(RequireRange("security.lockout_minutes", config.security.lockout_minutes, 1, 24 * 60));
  CHANCERY_TRY(RequireRange("audit.retention_days", config.audit.retention_days, 365, 36500));
  // A week at most: a deadline exists to escalate, and 0 switches it off.
  CHANCERY_TRY(RequireRange("cables.ack_flash_minutes", config.cables.ack_flash_minutes, 0, 10080));
  CHANCERY_TRY(RequireRange("cables.ack_immediate_minutes", config.cables.ack_immediate_minutes, 0, 10080));
  CHANCERY_TRY(RequireRange("cables.ack_priority_minutes", config.cables.ack_priority_minutes, 0, 10080));
  CHANCERY_TRY(RequireRange("cables.ack_routine_minutes", config.cables.ack_routine_minutes, 0, 10080));
  CHANCERY_TRY(RequireRange("cables.escalation_check_seconds", config.cables.escalation_check_seconds, 1, 3600));
  CHANCERY_TRY(RequireRange("attachments.max_bytes", config.attachments.max_bytes, 1024, 512LL * 1024 * 1024));
  CHANCERY_TRY(RequireRange("monitor.min_interval_seconds", config.monitor.min_interval_seconds, 1, 86400));
  CHANCERY_TRY(RequireRange("monitor.ack_high_minutes", config.monitor.ack_high_minutes, 1, 10080));
  CHANCERY_TRY(RequireRange("monitor.retention_days", config.monitor.retention_days, 1, 36500));
  CHANCERY_TRY(RequireRange("monitor.burst_check_seconds", config.monitor.burst_check_seconds, 1, 3600));
  CHANCERY_TRY(RequireRange("monitor.burst_recent_minutes", config.monitor.burst_recent_minutes, 5, 1440));
  CHANCERY_TRY(RequireRange("monitor.burst_baseline_hours", config.monitor.burst_baseline_hours, 1, 168));
  if (config.monitor.burst_baseline_hours * 60 < 2 * config.monitor.burst_recent_minutes) {
    return InvalidArgument(
        "monitor.burst_baseline_hours: the baseline must be at least twice as long as monitor.burst_recent_minutes");
  }
  // Provider limits: 0 switches one off.
  CHANCERY_TRY(RequireRange("alerts.sms_per_second", config.alerts.sms_per_second, 0, 100000));
  CHANCERY_TRY(RequireRange("alerts.email_per_second", config.alerts.email_per_second, 0, 100000));
  CHANCERY_TRY(RequireRange("zalo.messages_per_second", config.zalo.messages_per_second, 0, 100000));
  CHANCERY_TRY(RequireRange("alerts.receipt_timeout_seconds", config.alerts.receipt_timeout_seconds, 1, 7 * 86400));
  CHANCERY_TRY(RequireRange("alerts.delivery_lease_seconds", config.alerts.delivery_lease_seconds, 1, 3600));
  CHANCERY_TRY(RequireRange("alerts.delivery_rounds", config.alerts.delivery_rounds, 1, 32));
  CHANCERY_TRY(RequireRange("alerts.sms_daily_quota", config.alerts.sms_daily_quota, 0, 1LL << 40));
  CHANCERY_TRY(RequireRange("alerts.email_daily_quota", config.alerts.email_daily_quota, 0, 1LL << 40));
  CHANCERY_TRY(RequireRange("zalo.template_daily_quota", config.zalo.template_daily_quota, 0, 1LL << 40));
  CHANCERY_TRY(RequireRange("alerts.quota_day_utc_offset_minutes", config.alerts.quota_day_utc_offset_minutes, -14 * 60,
                            14 * 60));
  CHANCERY_TRY(RequireRange("webhooks.timeout_seconds", config.webhooks.timeout_seconds, 1, 300));
  CHANCERY_TRY(RequireRange("webhooks.retry_base_seconds", config.webhooks.retry_base_seconds, 1, 3600));
  CHANCERY_TRY(RequireRange("webhooks.retry_max_seconds", config.webhooks.retry_max_seconds,
                            config.webhooks.retry_base_seconds, 86400));
  CHANCERY_TRY(RequireRange("webhooks.give_up_hours", config.webhooks.give_up_hours, 1, 24 * 30));
  CHANCERY_TRY(RequireRange("webhooks.retention_days", config.webhooks.retention_days, 1, 3650));
  CHANCERY_TRY(RequireRange("webhooks.lease_seconds", config.webhooks.lease_seconds, 1, 3600));
  if (config.webhooks.lease_seconds <= config.webhooks.timeout_seconds) {
    return Invalid("webhooks.lease_seconds",
                   "must be longer than webhooks.timeout_seconds (a send must end before its lease does)");
  }
  CHANCERY_TRY(RequireRange("webhooks.secret_grace_hours", config.webhooks.secret_grace_hours, 0, 24 * 30));
  // webhooks.allowed_ranges is checked where the server is composed (the address guard lives in net/).
  if (config.bus.engine != "in_process" && config.bus.engine != "nats") {
    return InvalidArgument("bus.engine: use \"in_process\" or \"nats\"");
  }
  if (config.bus.engine == "nats" && config.bus.nats_servers.empty()) {
    return InvalidArgument("bus.nats_servers: name the NATS servers (nats://host:port) when bus.engine is nats");
  }
  CHANCERY_TRY(RequireRange("bus.nats_replicas", config.bus.nats_replicas, 1, 5));
  if (config.cables.watch_desk_unit.empty()) {
    return InvalidArgument("cables.watch_desk_unit: name the unit code of the HQ watch desk");
  }
  if (!config.mail.smtp_url.empty() && !config.mail.smtp_url.starts_with("smtp://") &&
      !config.mail.smtp_url.starts_with("smtps://")) {
    return InvalidArgument("mail.smtp_url: use smtp://host:port or smtps://host:port");
  }
  static const std::vector<std::string> kLevels = {"trace", "debug", "info", "warn", "error"};
  if (std::find(kLevels.begin(), kLevels.end(), config.log.level) == kLevels.end()) {
    return Invalid("log.level", "must be one of trace, debug, info, warn, error");
  }
  if (config.log.format != "json" && config.log.format != "text") {
    return Invalid("log.format", "must be \"json\" or \"text\"");
  }
  return Status::Ok();
}

}  // namespace chancery
