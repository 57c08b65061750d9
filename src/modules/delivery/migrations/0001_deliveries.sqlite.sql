-- Delivery plans (SQLite variant: INTEGER PRIMARY KEY ids): one row per recipient of a campaign, its cascade of
-- channels and where it stands; and every attempt made. No personal data: recipients are citizen ids, addresses are
-- read from the registry at send time.
CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY,
  campaign TEXT NOT NULL,
  citizen_id BIGINT NOT NULL,
  language TEXT NOT NULL,
  channels TEXT NOT NULL,
  step INTEGER NOT NULL DEFAULT 0,
  attempt INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'pending',
  due_at BIGINT NOT NULL,
  lease_until BIGINT NOT NULL DEFAULT 0,
  unrecorded_claims INTEGER NOT NULL DEFAULT 0,
  sending_step INTEGER,
  channel TEXT,
  provider_message_id TEXT,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  delivered_at BIGINT,
  UNIQUE (campaign, citizen_id)
);
CREATE INDEX deliveries_due ON deliveries (state, due_at);
CREATE INDEX deliveries_campaign ON deliveries (campaign, state);
CREATE INDEX deliveries_provider ON deliveries (provider_message_id);
CREATE INDEX deliveries_citizen ON deliveries (citizen_id);

CREATE TABLE delivery_attempts (
  id INTEGER PRIMARY KEY,
  delivery_id BIGINT NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  channel TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  result TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL
);
CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id);

-- Receipts that arrived before the send that caused them was recorded (a fast provider can answer the webhook
-- before our transaction commits); the recording picks them up. Kept a day.
CREATE TABLE delivery_early_receipts (
  channel TEXT NOT NULL,
  provider_message_id TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (channel, provider_message_id)
);
