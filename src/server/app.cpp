#include "server/app.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <filesystem>

#include "bus/nats_bus.hpp"
#include "modules/monitor/feed.hpp"
#include "net/address_guard.hpp"
#include "storage/migrator.hpp"

namespace chancery::server {
namespace {

Status EnsureDataDirectory(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) return Unavailable("cannot create data directory " + path + ": " + error.message());
  chmod(path.c_str(), 0700);
  return Status::Ok();
}

identity::IdentityOptions IdentityOptionsFrom(const Config& config) {
  identity::IdentityOptions options;
  options.session_idle_timeout_ms = config.security.session_idle_minutes * 60LL * 1000;
  options.session_absolute_timeout_ms = config.security.session_absolute_hours * 3600LL * 1000;
  options.account_failures_before_lock = config.security.account_failures_before_lock;
  options.address_failures_before_throttle = config.security.address_failures_before_throttle;
  options.lockout_ms = config.security.lockout_minutes * 60LL * 1000;
  options.failure_window_ms = options.lockout_ms;
  options.mfa_required_roles = config.security.mfa_required_roles;
  return options;
}

cables::CablesOptions CablesOptionsFrom(const Config& config) {
  cables::CablesOptions options;
  options.deadlines.flash_ms = config.cables.ack_flash_minutes * 60LL * 1000;
  options.deadlines.immediate_ms = config.cables.ack_immediate_minutes * 60LL * 1000;
  options.deadlines.priority_ms = config.cables.ack_priority_minutes * 60LL * 1000;
  options.deadlines.routine_ms = config.cables.ack_routine_minutes * 60LL * 1000;
  options.step_up_window_ms = IdentityOptionsFrom(config).step_up_window_ms;
  options.watch_desk_unit = config.cables.watch_desk_unit;
  return options;
}

notifications::MailOptions MailOptionsFrom(const Config& config) {
  notifications::MailOptions options;
  options.smtp_url = config.mail.smtp_url;
  options.from = config.mail.from;
  options.username = config.mail.username;
  options.password = config.mail.password;
  options.starttls = config.mail.starttls;
  return options;
}

monitor::MonitorOptions MonitorOptionsFrom(const Config& config) {
  monitor::MonitorOptions options;
  options.replay_dir = config.monitor.replay_dir.empty() ? config.data_dir + "/replay" : config.monitor.replay_dir;
  options.sources.allowed_ranges = config.monitor.allowed_ranges;
  options.sources.min_interval_seconds = config.monitor.min_interval_seconds;
  options.fetch.allowed_ranges = config.monitor.allowed_ranges;
  options.pipeline.high_priority_ack_ms = config.monitor.ack_high_minutes * 60LL * 1000;
  options.watch_desk_unit = config.cables.watch_desk_unit;
  options.retention_days = config.monitor.retention_days;
  options.upkeep_interval = std::chrono::seconds(config.monitor.burst_check_seconds);
  options.bursts.recent_ms = config.monitor.burst_recent_minutes * 60 * 1000;
  options.bursts.baseline_ms = config.monitor.burst_baseline_hours * 3600 * 1000;
  return options;
}

citizens::CitizensOptions CitizensOptionsFrom(const Config& config) {
  citizens::CitizensOptions options;
  options.mail = MailOptionsFrom(config);
  options.sms = {.url = config.sms.gateway_url, .token = config.sms.token, .sender = config.sms.sender};
  options.demo_outbox_dir = config.portal.outbox_dir;
  return options;
}

alerts::AlertsModuleOptions AlertsOptionsFrom(const Config& config) {
  alerts::AlertsModuleOptions options;
  options.alerts.approval_threshold = config.alerts.approval_threshold;
  options.alerts.step_up_window_ms = IdentityOptionsFrom(config).step_up_window_ms;
  options.messages.public_base_url = config.alerts.public_base_url;
  options.messages.zalo_template_id = config.alerts.zalo_template_id;
  options.dispatcher.receipt_timeout_ms = config.alerts.receipt_timeout_seconds * 1000;
  options.dispatcher.lease_ms = config.alerts.delivery_lease_seconds * 1000;
  options.dispatcher.rounds_in_flight = static_cast<int>(config.alerts.delivery_rounds);
  options.dispatcher.quotas.day_offset_minutes = static_cast<int>(config.alerts.quota_day_utc_offset_minutes);
  for (const auto& [channel, quota] : {std::pair{delivery::Channel::kSms, config.alerts.sms_daily_quota},
                                       std::pair{delivery::Channel::kEmail, config.alerts.email_daily_quota},
                                       std::pair{delivery::Channel::kZaloTemplate, config.zalo.template_daily_quota}}) {
    if (quota > 0) options.dispatcher.quotas.limits[channel] = quota;
  }
  options.alerts.quotas = options.dispatcher.quotas;  // enforced by the one, shown by the other
  options.mail = MailOptionsFrom(config);
  options.sms = {.url = config.sms.gateway_url, .token = config.sms.token, .sender = config.sms.sender};
  options.sms_per_second = static_cast<double>(config.alerts.sms_per_second);
  options.email_per_second = static_cast<double>(config.alerts.email_per_second);
  options.sms_webhook_secret = config.sms.webhook_secret;
  if (!config.push.vapid_private_key.empty()) {
    options.web_push = delivery::WebPushOptions{
        .vapid = {.private_key = config.push.vapid_private_key, .public_key = config.push.vapid_public_key},
        .subject = config.push.subject};
  }
  return options;
}

Result<webhooks::WebhooksModuleOptions> WebhooksOptionsFrom(const Config& config) {
  for (const std::string& range : config.webhooks.allowed_ranges) {
    if (!net::IsAddressRange(range)) {
      return InvalidArgument("configuration key 'webhooks.allowed_ranges': '" + range + "' is not a CIDR range")
          .WithField("webhooks.allowed_ranges");
    }
  }
  webhooks::WebhooksModuleOptions options;
  options.webhooks.destinations = {.allowed_ranges = config.webhooks.allowed_ranges,
                                   .http_hosts = config.webhooks.http_hosts};
  options.webhooks.retry = {.base_delay_ms = config.webhooks.retry_base_seconds * 1000,
                            .max_delay_ms = config.webhooks.retry_max_seconds * 1000,
                            .give_up_after_ms = config.webhooks.give_up_hours * 3600 * 1000};
  options.webhooks.secret_grace_ms = config.webhooks.secret_grace_hours * 3600 * 1000;
  options.sender.timeout_ms = static_cast<long>(config.webhooks.timeout_seconds * 1000);
  options.sender.retention_ms = config.webhooks.retention_days * 24 * 3600 * 1000;
  options.sender.lease_ms = config.webhooks.lease_seconds * 1000;
  return options;
}

// Zalo's channels deliver alerts; its webhook brings receipts for them and citizens' messages (link codes).
void WireZalo(App& app, double messages_per_second) {
  app.alerts->SetConnector(delivery::Channel::kZaloMessage, app.zalo->MessageChannel(), messages_per_second);
  app.alerts->SetConnector(delivery::Channel::kZaloTemplate, app.zalo->TemplateChannel(), messages_per_second);
  delivery::DeliveryStore& deliveries = app.alerts->deliveries();
  citizens::PortalService& portal = app.citizens->portal();
  alerts::SafetyCheck& safety = app.alerts->safety();
  citizens::CitizensService& citizens = app.citizens->service();
  const Clock& clock = app.clock;
  zalo::ZaloReplies& replies = app.zalo->replies();
  app.zalo->SetHandlers(
      {.receipt = [&deliveries, &clock, &citizens, &replies](const zalo::WebhookEvent& event) -> Status {
         for (const char* channel : {"zalo_message", "zalo_template"}) {
           CHANCERY_ASSIGN_OR_RETURN(bool matched, deliveries.ApplyReceipt(channel, event.message_id, clock.NowMs()));
           if (matched) return Status::Ok();
         }
         if (!event.tracking_id.empty()) {  // ZNS: our own key names the delivery
           CHANCERY_ASSIGN_OR_RETURN(bool matched, deliveries.ApplyReceiptForKey(event.tracking_id, clock.NowMs()));
           if (matched) return Status::Ok();
         }
         // A message sent by a node that died before recording it is known only by whom it went to; unless the
         // receipt may be for one of the OA's own replies to that person, which are not alerts.
         CHANCERY_ASSIGN_OR_RETURN(bool reply, replies.MayBeReply(event.user_id, event.message_id));
         if (reply) return Status::Ok();
         std::optional<std::int64_t> citizen;
         CHANCERY_TRY(citizens.database().Read("zalo.receipt_person", [&](storage::Transaction& transaction) -> Status {
           CHANCERY_ASSIGN_OR_RETURN(
               citizen, citizens.store().FindIdBy(transaction, citizens::IndexedField::kZaloUser, event.user_id));
           return Status::Ok();
         }));
         if (citizen) CHANCERY_TRY(deliveries.ApplyReceiptForCitizen("zalo_message", *citizen, clock.NowMs()).status());
         return Status::Ok();
       },
       .text = [&portal, &safety](const zalo::ZaloAccount& account,
                                  const zalo::WebhookEvent& event) -> Result<std::string> {
         CHANCERY_ASSIGN_OR_RETURN(std::optional<std::int64_t> linked,
                                   portal.LinkZaloByCode(event.text, event.user_id, account.id));
         if (!linked) {
           // Otherwise it may answer a safety check.
           CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> answered,
                                     safety.AnswerByZalo(event.user_id, event.text, event.message_id));
           return answered.value_or("");
         }
         return std::string(
             "Tài khoản Zalo của bạn đã được liên kết với đăng ký công dân. Your Zalo account is now linked to your "
             "registration.");
       }});
}

}  // namespace

Result<std::unique_ptr<App>> OpenApp(const Config& config, SchemaMode mode, BusMode bus_mode) {
  auto app = std::make_unique<App>();
  app->config = config;
  CHANCERY_TRY(crypto::InitCrypto());
  CHANCERY_TRY(EnsureDataDirectory(config.data_dir));

  if (config.storage.engine == "postgres") {
    CHANCERY_ASSIGN_OR_RETURN(app->database, storage::OpenPostgres({.conninfo = config.storage.postgres_url,
                                                                    .pool_size = config.storage.postgres_pool_size}));
  } else {
    CHANCERY_ASSIGN_OR_RETURN(app->database, storage::OpenSqlite({.path = config.SqlitePath()}));
  }
  const auto& migrations = storage::EmbeddedMigrations();
  if (mode == SchemaMode::kMigrate) {
    CHANCERY_TRY(storage::Migrate(*app->database, migrations));
  } else {
    CHANCERY_TRY(storage::CheckSchemaCurrent(*app->database, migrations));
  }

  if (config.bus.engine == "nats" && bus_mode == BusMode::kConfigured) {
    CHANCERY_ASSIGN_OR_RETURN(
        app->bus, bus::MakeNatsBus({.servers = config.bus.nats_servers, .replicas = config.bus.nats_replicas}));
  } else {
    app->bus = bus::MakeInProcessBus();
  }
  CHANCERY_ASSIGN_OR_RETURN(crypto::KeyRing ring, crypto::LoadOrCreateKeyRing(config.KeyFilePath()));
  app->cipher = std::make_unique<crypto::FieldCipher>(std::move(ring));
  app->audit_log = std::make_unique<audit::AuditLog>(*app->database, app->clock);
  CHANCERY_ASSIGN_OR_RETURN(app->unit_tree, directory::UnitTree::Load(*app->database));
  app->identity = std::make_unique<identity::IdentityModule>(
      *app->database, app->clock, *app->cipher, *app->audit_log, app->unit_tree, IdentityOptionsFrom(config),
      [tree = app->unit_tree](std::int64_t unit_id) { return tree->IsHq(unit_id); });
  app->directory = std::make_unique<directory::DirectoryModule>(*app->database, app->clock, *app->audit_log,
                                                                app->identity->authorizer(), app->identity->service(),
                                                                app->unit_tree);
  app->audit = std::make_unique<audit::AuditModule>(*app->audit_log, app->identity->authorizer(), app->unit_tree);
  app->notifications = std::make_unique<notifications::NotificationsModule>(
      *app->database, app->clock, *app->audit_log, app->identity->service(), MailOptionsFrom(config));
  app->attachments = std::make_unique<attachments::AttachmentsModule>(
      *app->database, app->clock, *app->audit_log, *app->cipher,
      attachments::AttachmentOptions{.max_bytes = config.attachments.max_bytes});
  const cables::CablesOptions cable_options = CablesOptionsFrom(config);
  app->cables = std::make_unique<cables::CablesModule>(
      *app->database, app->clock, *app->audit_log, app->identity->authorizer(), app->identity->service(),
      app->attachments->service(), app->directory->service(), app->unit_tree, *app->notifications, cable_options,
      cables::EscalationOptions{.deadlines = cable_options.deadlines,
                                .watch_desk_unit = config.cables.watch_desk_unit});
  app->channels = std::make_unique<channels::ChannelsModule>(
      *app->database, app->clock, *app->audit_log, app->identity->authorizer(), app->identity->service(), *app->bus,
      app->notifications->service(), app->attachments->service());
  CHANCERY_TRY(app->channels->Start());
  monitor::InitFeedParsing();
  app->monitor = std::make_unique<monitor::MonitorModule>(
      *app->database, app->clock, *app->audit_log, app->identity->authorizer(), app->identity->service(),
      app->directory->service(), app->unit_tree, app->notifications->service(), *app->bus, MonitorOptionsFrom(config));
  CHANCERY_TRY(app->monitor->Start());
  app->citizens = std::make_unique<citizens::CitizensModule>(*app->database, app->clock, *app->cipher, *app->audit_log,
                                                             app->identity->authorizer(), app->directory->service(),
                                                             CitizensOptionsFrom(config));
  app->alerts = std::make_unique<alerts::AlertsModule>(
      *app->database, app->clock, *app->cipher, *app->audit_log, app->identity->authorizer(), *app->unit_tree,
      app->directory->service(), app->citizens->service(), app->identity->service(), app->notifications->service(),
      AlertsOptionsFrom(config));
  app->zalo = std::make_unique<zalo::ZaloModule>(
      *app->database, *app->cipher, app->clock, *app->audit_log, app->identity->authorizer(),
      zalo::ZaloConnectorOptions{.hosts = {.oauth = config.zalo.oauth_host,
                                           .openapi = config.zalo.openapi_host,
                                           .business = config.zalo.business_host}});
  WireZalo(*app, static_cast<double>(config.zalo.messages_per_second));
  CHANCERY_ASSIGN_OR_RETURN(webhooks::WebhooksModuleOptions webhook_options, WebhooksOptionsFrom(config));
  app->webhooks = std::make_unique<webhooks::WebhooksModule>(*app->database, *app->cipher, app->clock, *app->audit_log,
                                                             app->identity->authorizer(), std::move(webhook_options));
  app->alerts->service().OnPublish(app->webhooks->Listener());  // every alert that goes out, to the webhooks
  app->audit->AddRelay(app->cables->EventRelay());              // cable changes on the live feed
  return app;
}

}  // namespace chancery::server
