-- Crisis alerts (SQLite variant: INTEGER PRIMARY KEY ids). The alert's content (texts, area, CAP fields) is one
-- JSON document: alerts are public or official messages, not personal data. Deliveries are the delivery module's.
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  identifier TEXT NOT NULL UNIQUE,
  unit_id BIGINT NOT NULL,
  state TEXT NOT NULL,
  status TEXT NOT NULL,
  scope TEXT NOT NULL,
  message_type TEXT NOT NULL,
  references_id BIGINT REFERENCES alerts (id),
  content TEXT NOT NULL,
  created_by BIGINT NOT NULL,
  submitted_by BIGINT,
  approved_by BIGINT,
  recipients BIGINT NOT NULL DEFAULT 0,
  reply_code TEXT UNIQUE,
  sent_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX alerts_unit ON alerts (unit_id, id);
CREATE INDEX alerts_public ON alerts (scope, status, sent_at);

-- Safety check: each citizen's answers to an alert's "Are you safe?" (the latest counts). Message and location are
-- personal data, encrypted like the registry's; provider_message_id deduplicates a webhook delivered twice.
CREATE TABLE safety_replies (
  id INTEGER PRIMARY KEY,
  alert_id BIGINT NOT NULL REFERENCES alerts (id),
  citizen_id BIGINT NOT NULL,
  status TEXT NOT NULL,
  channel TEXT NOT NULL,
  message_encrypted TEXT,
  location_encrypted TEXT,
  provider_message_id TEXT,
  received_at BIGINT NOT NULL,
  UNIQUE (channel, provider_message_id)
);
CREATE INDEX safety_replies_alert ON safety_replies (alert_id, citizen_id, id);
CREATE INDEX safety_replies_citizen ON safety_replies (citizen_id);
