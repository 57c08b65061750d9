#include "core/config.hpp"

#include <toml++/toml.h>
#include <charconv>
#include <functional>
#include <set>

#include "core/config_validation.hpp"

extern char** environ;

namespace chancery {
namespace {

enum class Kind { kString, kInt, kInt64, kBool, kStringList };  // kInt: an int field; kInt64: std::int64_t

struct Key {
  const char* name;
  Kind kind;
  std::function<void*(Config&)> field;
};

const std::vector<Key>& Keys() {
  static const std::vector<Key> kKeys = {
      {"data_dir", Kind::kString, [](Config& c) -> void* { return &c.data_dir; }},
      {"server.listen", Kind::kString, [](Config& c) -> void* { return &c.server.listen; }},
      {"server.io_threads", Kind::kInt, [](Config& c) -> void* { return &c.server.io_threads; }},
      {"server.worker_threads", Kind::kInt, [](Config& c) -> void* { return &c.server.worker_threads; }},
      {"server.max_header_bytes", Kind::kInt64, [](Config& c) -> void* { return &c.server.max_header_bytes; }},
      {"server.max_body_bytes", Kind::kInt64, [](Config& c) -> void* { return &c.server.max_body_bytes; }},
      {"server.read_timeout_seconds", Kind::kInt, [](Config& c) -> void* { return &c.server.read_timeout_seconds; }},
      {"server.idle_timeout_seconds", Kind::kInt, [](Config& c) -> void* { return &c.server.idle_timeout_seconds; }},
      {"server.tls_certificate", Kind::kString, [](Config& c) -> void* { return &c.server.tls_certificate; }},
      {"server.tls_private_key", Kind::kString, [](Config& c) -> void* { return &c.server.tls_private_key; }},
      {"server.trusted_proxies", Kind::kStringList, [](Config& c) -> void* { return &c.server.trusted_proxies; }},
      {"server.console_dir", Kind::kString, [](Config& c) -> void* { return &c.server.console_dir; }},
      {"storage.engine", Kind::kString, [](Config& c) -> void* { return &c.storage.engine; }},
      {"storage.sqlite_path", Kind::kString, [](Config& c) -> void* { return &c.storage.sqlite_path; }},
      {"storage.postgres_url", Kind::kString, [](Config& c) -> void* { return &c.storage.postgres_url; }},
      {"storage.postgres_pool_size", Kind::kInt, [](Config& c) -> void* { return &c.storage.postgres_pool_size; }},
      {"security.key_file", Kind::kString, [](Config& c) -> void* { return &c.security.key_file; }},
      {"security.session_idle_minutes", Kind::kInt,
       [](Config& c) -> void* { return &c.security.session_idle_minutes; }},
      {"security.session_absolute_hours", Kind::kInt,
       [](Config& c) -> void* { return &c.security.session_absolute_hours; }},
      {"security.account_failures_before_lock", Kind::kInt,
       [](Config& c) -> void* { return &c.security.account_failures_before_lock; }},
      {"security.address_failures_before_throttle", Kind::kInt,
       [](Config& c) -> void* { return &c.security.address_failures_before_throttle; }},
      {"security.lockout_minutes", Kind::kInt, [](Config& c) -> void* { return &c.security.lockout_minutes; }},
      {"security.mfa_required_roles", Kind::kStringList,
       [](Config& c) -> void* { return &c.security.mfa_required_roles; }},
      {"audit.retention_days", Kind::kInt, [](Config& c) -> void* { return &c.audit.retention_days; }},
      {"cables.ack_flash_minutes", Kind::kInt, [](Config& c) -> void* { return &c.cables.ack_flash_minutes; }},
      {"cables.ack_immediate_minutes", Kind::kInt, [](Config& c) -> void* { return &c.cables.ack_immediate_minutes; }},
      {"cables.ack_priority_minutes", Kind::kInt, [](Config& c) -> void* { return &c.cables.ack_priority_minutes; }},
      {"cables.ack_routine_minutes", Kind::kInt, [](Config& c) -> void* { return &c.cables.ack_routine_minutes; }},
      {"cables.watch_desk_unit", Kind::kString, [](Config& c) -> void* { return &c.cables.watch_desk_unit; }},
      {"cables.escalation_check_seconds", Kind::kInt,
       [](Config& c) -> void* { return &c.cables.escalation_check_seconds; }},
      {"attachments.max_bytes", Kind::kInt64, [](Config& c) -> void* { return &c.attachments.max_bytes; }},
      {"monitor.enabled", Kind::kBool, [](Config& c) -> void* { return &c.monitor.enabled; }},
      {"monitor.replay_dir", Kind::kString, [](Config& c) -> void* { return &c.monitor.replay_dir; }},
      {"monitor.allowed_ranges", Kind::kStringList, [](Config& c) -> void* { return &c.monitor.allowed_ranges; }},
      {"monitor.min_interval_seconds", Kind::kInt64,
       [](Config& c) -> void* { return &c.monitor.min_interval_seconds; }},
      {"monitor.ack_high_minutes", Kind::kInt64, [](Config& c) -> void* { return &c.monitor.ack_high_minutes; }},
      {"monitor.retention_days", Kind::kInt64, [](Config& c) -> void* { return &c.monitor.retention_days; }},
      {"monitor.burst_check_seconds", Kind::kInt64, [](Config& c) -> void* { return &c.monitor.burst_check_seconds; }},
      {"monitor.burst_recent_minutes", Kind::kInt64,
       [](Config& c) -> void* { return &c.monitor.burst_recent_minutes; }},
      {"monitor.burst_baseline_hours", Kind::kInt64,
       [](Config& c) -> void* { return &c.monitor.burst_baseline_hours; }},
      {"bus.engine", Kind::kString, [](Config& c) -> void* { return &c.bus.engine; }},
      {"bus.nats_servers", Kind::kStringList, [](Config& c) -> void* { return &c.bus.nats_servers; }},
      {"bus.nats_replicas", Kind::kInt, [](Config& c) -> void* { return &c.bus.nats_replicas; }},
      {"mail.smtp_url", Kind::kString, [](Config& c) -> void* { return &c.mail.smtp_url; }},
      {"mail.from", Kind::kString, [](Config& c) -> void* { return &c.mail.from; }},
      {"mail.username", Kind::kString, [](Config& c) -> void* { return &c.mail.username; }},
      {"mail.password", Kind::kString, [](Config& c) -> void* { return &c.mail.password; }},
      {"mail.starttls", Kind::kBool, [](Config& c) -> void* { return &c.mail.starttls; }},
      {"sms.gateway_url", Kind::kString, [](Config& c) -> void* { return &c.sms.gateway_url; }},
      {"sms.token", Kind::kString, [](Config& c) -> void* { return &c.sms.token; }},
      {"sms.sender", Kind::kString, [](Config& c) -> void* { return &c.sms.sender; }},
      {"sms.webhook_secret", Kind::kString, [](Config& c) -> void* { return &c.sms.webhook_secret; }},
      {"portal.outbox_dir", Kind::kString, [](Config& c) -> void* { return &c.portal.outbox_dir; }},
      {"alerts.approval_threshold", Kind::kInt64, [](Config& c) -> void* { return &c.alerts.approval_threshold; }},
      {"alerts.public_base_url", Kind::kString, [](Config& c) -> void* { return &c.alerts.public_base_url; }},
      {"alerts.zalo_template_id", Kind::kString, [](Config& c) -> void* { return &c.alerts.zalo_template_id; }},
      {"alerts.sms_per_second", Kind::kInt64, [](Config& c) -> void* { return &c.alerts.sms_per_second; }},
      {"alerts.email_per_second", Kind::kInt64, [](Config& c) -> void* { return &c.alerts.email_per_second; }},
      {"alerts.receipt_timeout_seconds", Kind::kInt64,
       [](Config& c) -> void* { return &c.alerts.receipt_timeout_seconds; }},
      {"webhooks.allowed_ranges", Kind::kStringList, [](Config& c) -> void* { return &c.webhooks.allowed_ranges; }},
      {"webhooks.http_hosts", Kind::kStringList, [](Config& c) -> void* { return &c.webhooks.http_hosts; }},
      {"webhooks.timeout_seconds", Kind::kInt64, [](Config& c) -> void* { return &c.webhooks.timeout_seconds; }},
      {"webhooks.retry_base_seconds", Kind::kInt64, [](Config& c) -> void* { return &c.webhooks.retry_base_seconds; }},
      {"webhooks.retry_max_seconds", Kind::kInt64, [](Config& c) -> void* { return &c.webhooks.retry_max_seconds; }},
      {"webhooks.give_up_hours", Kind::kInt64, [](Config& c) -> void* { return &c.webhooks.give_up_hours; }},
      {"webhooks.retention_days", Kind::kInt64, [](Config& c) -> void* { return &c.webhooks.retention_days; }},
      {"webhooks.lease_seconds", Kind::kInt64, [](Config& c) -> void* { return &c.webhooks.lease_seconds; }},
      {"webhooks.secret_grace_hours", Kind::kInt64, [](Config& c) -> void* { return &c.webhooks.secret_grace_hours; }},
      {"zalo.oauth_host", Kind::kString, [](Config& c) -> void* { return &c.zalo.oauth_host; }},
      {"zalo.openapi_host", Kind::kString, [](Config& c) -> void* { return &c.zalo.openapi_host; }},
      {"zalo.business_host", Kind::kString, [](Config& c) -> void* { return &c.zalo.business_host; }},
      {"zalo.messages_per_second", Kind::kInt64, [](Config& c) -> void* { return &c.zalo.messages_per_second; }},
      {"alerts.delivery_lease_seconds", Kind::kInt64,
       [](Config& c) -> void* { return &c.alerts.delivery_lease_seconds; }},
      {"alerts.delivery_rounds", Kind::kInt64, [](Config& c) -> void* { return &c.alerts.delivery_rounds; }},
      {"alerts.sms_daily_quota", Kind::kInt64, [](Config& c) -> void* { return &c.alerts.sms_daily_quota; }},
      {"alerts.email_daily_quota", Kind::kInt64, [](Config& c) -> void* { return &c.alerts.email_daily_quota; }},
      {"alerts.quota_day_utc_offset_minutes", Kind::kInt64,
       [](Config& c) -> void* { return &c.alerts.quota_day_utc_offset_minutes; }},
      {"zalo.template_daily_quota", Kind::kInt64, [](Config& c) -> void* { return &c.zalo.template_daily_quota; }},
      {"push.vapid_public_key", Kind::kString, [](Config& c) -> void* { return &c.push.vapid_public_key; }},
      {"push.vapid_private_key", Kind::kString, [](Config& c) -> void* { return &c.push.vapid_private_key; }},
      {"push.subject", Kind::kString, [](Config& c) -> void* { return &c.push.subject; }},
      {"log.level", Kind::kString, [](Config& c) -> void* { return &c.log.level; }},
      {"log.format", Kind::kString, [](Config& c) -> void* { return &c.log.format; }},
  };
  return kKeys;
}

const Key* FindKey(std::string_view name) {
  for (const auto& key : Keys()) {
    if (name == key.name) return &key;
  }
  return nullptr;
}

Status Invalid(std::string_view key, std::string_view source, std::string_view message) {
  return InvalidArgument("configuration key '" + std::string(key) + "' (" + std::string(source) +
                         "): " + std::string(message))
      .WithField(std::string(key));
}

// Assigns a textual value (environment or flag) to a key.
Status AssignText(Config& config, const Key& key, const std::string& text, std::string_view source) {
  void* field = key.field(config);
  switch (key.kind) {
    case Kind::kString: *static_cast<std::string*>(field) = text; return Status::Ok();
    case Kind::kInt:
    case Kind::kInt64: {
      std::int64_t value = 0;
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error != std::errc() || end != text.data() + text.size()) return Invalid(key.name, source, "not an integer");
      if (key.kind == Kind::kInt64) {
        *static_cast<std::int64_t*>(field) = value;
      } else {
        if (value < INT32_MIN || value > INT32_MAX) return Invalid(key.name, source, "out of range");
        *static_cast<int*>(field) = static_cast<int>(value);
      }
      return Status::Ok();
    }
    case Kind::kBool:
      if (text != "true" && text != "false") return Invalid(key.name, source, "must be true or false");
      *static_cast<bool*>(field) = text == "true";
      return Status::Ok();
    case Kind::kStringList: {
      auto& list = *static_cast<std::vector<std::string>*>(field);
      list.clear();
      std::size_t start = 0;
      while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        std::string item = text.substr(start, comma - start);
        while (!item.empty() && item.front() == ' ') item.erase(item.begin());
        while (!item.empty() && item.back() == ' ') item.pop_back();
        if (!item.empty()) list.push_back(item);
        start = comma + 1;
      }
      return Status::Ok();
    }
  }
  return Status::Ok();
}

Status AssignToml(Config& config, const Key& key, const toml::node& node, std::string_view source) {
  void* field = key.field(config);
  switch (key.kind) {
    case Kind::kString:
      if (!node.is_string()) return Invalid(key.name, source, "must be a string");
      *static_cast<std::string*>(field) = *node.value<std::string>();
      return Status::Ok();
    case Kind::kInt:
    case Kind::kInt64:
      if (!node.is_integer()) return Invalid(key.name, source, "must be an integer");
      return AssignText(config, key, std::to_string(*node.value<std::int64_t>()), source);
    case Kind::kBool:
      if (!node.is_boolean()) return Invalid(key.name, source, "must be true or false");
      *static_cast<bool*>(field) = *node.value<bool>();
      return Status::Ok();
    case Kind::kStringList: {
      const auto* array = node.as_array();
      if (array == nullptr) return Invalid(key.name, source, "must be an array of strings");
      auto& list = *static_cast<std::vector<std::string>*>(field);
      list.clear();
      for (const auto& item : *array) {
        if (!item.is_string()) return Invalid(key.name, source, "must be an array of strings");
        list.push_back(*item.value<std::string>());
      }
      return Status::Ok();
    }
  }
  return Status::Ok();
}

Status ApplyTomlTable(Config& config, const toml::table& table, const std::string& prefix, const std::string& path) {
  for (const auto& [name, node] : table) {
    std::string dotted = prefix.empty() ? std::string(name.str()) : prefix + "." + std::string(name.str());
    if (const auto* nested = node.as_table()) {
      CHANCERY_TRY(ApplyTomlTable(config, *nested, dotted, path));
      continue;
    }
    const Key* key = FindKey(dotted);
    if (key == nullptr) return Invalid(dotted, path, "unknown key");
    CHANCERY_TRY(AssignToml(config, *key, node, path));
  }
  return Status::Ok();
}

std::string EnvironmentName(std::string_view key) {
  std::string name = "CHANCERY_";
  for (char c : key) name += (c == '.') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

}  // namespace

std::string Config::SqlitePath() const {
  return storage.sqlite_path.empty() ? data_dir + "/chancery.db" : storage.sqlite_path;
}

std::string Config::KeyFilePath() const {
  return security.key_file.empty() ? data_dir + "/keys.json" : security.key_file;
}

std::map<std::string, std::string> ChanceryEnvironment() {
  std::map<std::string, std::string> result;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    if (!text.starts_with("CHANCERY_")) continue;
    auto equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    result.emplace(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
  }
  return result;
}

Result<Config> LoadConfig(const ConfigSources& sources) {
  Config config;
  if (sources.toml_path) {
    try {
      toml::table table = toml::parse_file(*sources.toml_path);
      CHANCERY_TRY(ApplyTomlTable(config, table, "", *sources.toml_path));
    } catch (const toml::parse_error& error) {
      return InvalidArgument("configuration file " + *sources.toml_path + " line " +
                             std::to_string(error.source().begin.line) + ": " + std::string(error.description()));
    }
  }
  for (const auto& key : Keys()) {
    auto found = sources.environment.find(EnvironmentName(key.name));
    if (found != sources.environment.end()) {
      CHANCERY_TRY(AssignText(config, key, found->second, "environment " + found->first));
    }
  }
  for (const auto& [name, value] : sources.flags) {
    const Key* key = FindKey(name);
    if (key == nullptr) return Invalid(name, "command line", "unknown key");
    CHANCERY_TRY(AssignText(config, *key, value, "command line"));
  }
  CHANCERY_TRY(ValidateConfig(config));
  return config;
}

}  // namespace chancery
