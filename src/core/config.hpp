// Config: every setting of a Chancery node, read once at start-up from a TOML file (`--config`), then environment
// variables `CHANCERY_<SECTION>_<KEY>` (e.g. CHANCERY_SERVER_LISTEN), then command-line flags; later sources win.
// Invalid values stop start-up with a message naming the key. The full list of keys is in docs/operations.md.
//
// Thread-safety: a Config is a plain value; build it before starting threads and do not mutate it afterwards.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"

namespace chancery {

struct Config {
  std::string data_dir = "./var";

  struct Server {
    std::string listen = "127.0.0.1:8080";
    int io_threads = 0;      // 0: one per core
    int worker_threads = 0;  // 0: max(4, 2 × cores)
    std::int64_t max_header_bytes = 16 * 1024;
    std::int64_t max_body_bytes = 1024 * 1024;
    int read_timeout_seconds = 30;
    int idle_timeout_seconds = 60;
    std::string tls_certificate;  // PEM paths; both set: serve HTTPS directly
    std::string tls_private_key;
    std::vector<std::string> trusted_proxies;  // addresses or CIDRs whose X-Forwarded-* headers are believed
    std::string console_dir;                   // built console; empty: next to the binary or ./web/dist
  } server;

  struct Storage {
    std::string engine = "sqlite";  // "sqlite" or "postgres"
    std::string sqlite_path;        // empty: <data_dir>/chancery.db
    std::string postgres_url;       // libpq conninfo or URI
    int postgres_pool_size = 8;
  } storage;

  struct Security {
    std::string key_file;  // empty: <data_dir>/keys.json
    int session_idle_minutes = 30;
    int session_absolute_hours = 12;
    int account_failures_before_lock = 5;
    int address_failures_before_throttle = 20;
    int lockout_minutes = 15;
    std::vector<std::string> mfa_required_roles = {"system_admin", "head_of_mission"};
  } security;

  struct Cables {
    // Acknowledgement deadlines for action addressees, by precedence, in minutes; 0: no deadline.
    int ack_flash_minutes = 10;
    int ack_immediate_minutes = 60;
    int ack_priority_minutes = 24 * 60;
    int ack_routine_minutes = 0;
    std::string watch_desk_unit = "HQ-OPS";  // unit code of the HQ watch desk (second escalation level)
    int escalation_check_seconds = 15;
  } cables;

  struct Attachments {
    std::int64_t max_bytes = 25LL * 1024 * 1024;  // per file on cables and messages
  } attachments;

  struct Monitor {
    bool enabled = true;                      // poll sources, run replays, watch bursts on this node
    std::string replay_dir;                   // replay sources' files; empty: <data_dir>/replay
    std::vector<std::string> allowed_ranges;  // CIDRs feeds may reach despite the address guard
    std::int64_t min_interval_seconds = 60;   // the shortest feed polling interval staff may set
    std::int64_t ack_high_minutes = 30;       // high-priority alerts: acknowledge within, else escalate
    std::int64_t retention_days = 90;         // articles and stories
    std::int64_t burst_check_seconds = 60;
    std::int64_t burst_recent_minutes = 60;  // a burst: stories in this window ...
    std::int64_t burst_baseline_hours = 12;  // ... against the rate in the hours before it
  } monitor;

  struct Bus {
    std::string engine = "in_process";      // "in_process" (one node) or "nats" (several nodes)
    std::vector<std::string> nats_servers;  // nats://host:port of the cluster's members
    int nats_replicas = 1;                  // copies of the JetStream stream (3 on a 3-node cluster)
  } bus;

  struct Mail {
    std::string smtp_url;  // smtp://host:port or smtps://host:port; empty: no e-mail
    std::string from = "Chancery <chancery@localhost>";
    std::string username;
    std::string password;  // never logged
    bool starttls = false;
  } mail;

  struct Sms {
    std::string gateway_url;  // the HTTP SMS gateway (see the delivery README); empty: no SMS
    std::string token;        // its bearer token; never logged
    std::string sender = "MOFA VN";
    std::string webhook_secret;  // the gateway signs replies and delivery reports with it; never logged
  } sms;

  struct Portal {
    // Verification codes (and messages to citizens) that no configured channel can send are written here as files:
    // for demos and trials on one machine. `serve --demo` uses <data_dir>/outbox when this is empty.
    std::string outbox_dir;
  } portal;

  struct Alerts {
    std::int64_t approval_threshold = 100;  // Actual alerts reaching more people need a second approver
    std::string public_base_url;            // e.g. https://lanhsu.mofa.gov.vn: links in messages to citizens
    std::string zalo_template_id;           // the ZNS template approved for alerts
    std::int64_t sms_per_second = 50;       // provider rate limits
    std::int64_t email_per_second = 20;
    std::int64_t receipt_timeout_seconds = 600;  // no receipt by then: the next channel
    std::int64_t delivery_lease_seconds = 120;   // a node that dies mid-send: its deliveries resume after this
    std::int64_t delivery_rounds = 2;            // delivery rounds run at once on this node
    // Daily quotas of the providers (sends a day, shared by every node; 0: none), days at this offset from UTC.
    std::int64_t sms_daily_quota = 0;
    std::int64_t email_daily_quota = 0;
    std::int64_t quota_day_utc_offset_minutes = 7 * 60;
  } alerts;

  struct Webhooks {
    std::vector<std::string> allowed_ranges;  // CIDRs receivers may be at despite the address guard
    std::vector<std::string> http_hosts;      // hosts that may be sent to over plain http (otherwise https only)
    std::int64_t timeout_seconds = 10;        // per attempt
    std::int64_t retry_base_seconds = 10;     // first retry after this, doubling each time
    std::int64_t retry_max_seconds = 3600;    // longest wait between attempts
    std::int64_t retention_days = 90;         // deliveries that ended are removed after this
    std::int64_t give_up_hours = 24;          // a delivery not accepted by then is failed
    std::int64_t lease_seconds = 60;          // a node that dies mid-send: its deliveries are sent again after this
    std::int64_t secret_grace_hours = 24;     // after a rotation, the old secret also signs this long
  } webhooks;

  struct Zalo {
    std::string oauth_host = "https://oauth.zaloapp.com";
    std::string openapi_host = "https://openapi.zalo.me";
    std::string business_host = "https://business.openapi.zalo.me";
    std::int64_t messages_per_second = 50;
    std::int64_t template_daily_quota = 0;  // ZNS messages a day the account may send (0: no limit of ours)
  } zalo;

  struct Push {
    std::string vapid_public_key;   // base64url, 65 bytes uncompressed P-256; empty: no web push
    std::string vapid_private_key;  // base64url, 32 bytes; never logged
    std::string subject = "mailto:lanhsu@mofa.gov.vn";
  } push;

  struct Audit {
    int retention_days = 400;  // at least 365 (Decree 53/2022: system logs kept 12 months)
  } audit;

  struct Log {
    std::string level = "info";   // trace, debug, info, warn, error
    std::string format = "json";  // json or text
  } log;

  std::string SqlitePath() const;
  std::string KeyFilePath() const;
};

// Sources of configuration, lowest priority first. `flags` uses the same dotted keys as the TOML file
// ("server.listen"); `environment` holds the process environment (only CHANCERY_* entries are read).
struct ConfigSources {
  std::optional<std::string> toml_path;
  std::map<std::string, std::string> environment;
  std::map<std::string, std::string> flags;
};

// kInvalidArgument naming the key (and the source) for unknown keys in the file, wrong types and invalid values.
Result<Config> LoadConfig(const ConfigSources& sources);

// The process environment as a map (CHANCERY_* entries only).
std::map<std::string, std::string> ChanceryEnvironment();

}  // namespace chancery
