-- Webhooks (SQLite variant: INTEGER PRIMARY KEY ids): endpoints other systems gave us, and the outbox of messages to them.
--
-- webhook_endpoints: one subscription of a unit. secret and previous_secret hold FieldCipher ciphertexts (associated
-- data "webhook_endpoints.<column>"), never plaintext; previous_secret still signs until previous_secret_until (a
-- rotation's grace period). statuses and scopes are comma-separated CAP names ("Actual,Exercise"); coverage is
-- 'unit' or 'subtree'; state is 'active' or 'paused'.
CREATE TABLE webhook_endpoints (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  unit_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  previous_secret TEXT,
  previous_secret_until BIGINT NOT NULL DEFAULT 0,
  statuses TEXT NOT NULL,
  scopes TEXT NOT NULL,
  coverage TEXT NOT NULL,
  state TEXT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  secret_rotated_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX webhook_endpoints_unit ON webhook_endpoints(unit_id);

-- webhook_deliveries: one message to one endpoint, written in the transaction that sends the alert (so no alert is
-- sent without its deliveries), sent and retried by whichever node claims it (lease_until) until it is delivered
-- or failed. message_id is the Webhook-Id receivers deduplicate by; body is the CAP document, fixed at enqueue so
-- every attempt sends the same bytes. An alert reaches an endpoint once (webhook_deliveries_alert).
CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  endpoint_id BIGINT NOT NULL,
  message_id TEXT NOT NULL,
  event TEXT NOT NULL,
  alert_id BIGINT,
  alert_identifier TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  due_at BIGINT NOT NULL,
  lease_until BIGINT NOT NULL DEFAULT 0,
  give_up_at BIGINT NOT NULL,
  last_status INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  delivered_at BIGINT
);
CREATE UNIQUE INDEX webhook_deliveries_message ON webhook_deliveries(message_id);
CREATE UNIQUE INDEX webhook_deliveries_alert ON webhook_deliveries(endpoint_id, alert_id) WHERE alert_id IS NOT NULL;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, due_at);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries(endpoint_id, id);

-- webhook_attempts: every attempt and what the receiver answered (http_status 0: no answer; error says why).
CREATE TABLE webhook_attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id BIGINT NOT NULL,
  attempted_at BIGINT NOT NULL,
  http_status INTEGER NOT NULL,
  error TEXT NOT NULL DEFAULT '',
  duration_ms BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id, id);
