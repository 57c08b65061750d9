-- The registry of citizens abroad (SQLite variant: INTEGER PRIMARY KEY ids). See the module README for what is
-- encrypted: every *_encrypted column holds "v1.<key id>.<base64>" bound to "citizens.<column>"; *_index columns
-- are keyed blind indexes (HMAC-SHA256) for exact lookups. An erased registration keeps only id, reference, state
-- and erased_at.
CREATE TABLE citizens (
  id INTEGER PRIMARY KEY,
  reference TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL DEFAULT 'active',
  origin TEXT NOT NULL,
  residence_country TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT 'vi',
  full_name_encrypted TEXT,
  date_of_birth_encrypted TEXT,
  identity_index TEXT,
  passport_encrypted TEXT,
  passport_index TEXT,
  email_encrypted TEXT,
  email_index TEXT UNIQUE,
  phone_encrypted TEXT,
  phone_index TEXT UNIQUE,
  city_encrypted TEXT,
  address_encrypted TEXT,
  location_encrypted TEXT,
  details_encrypted TEXT,
  zalo_user_encrypted TEXT,
  zalo_user_index TEXT UNIQUE,
  zalo_account_id BIGINT,
  push_subscription_encrypted TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  erased_at BIGINT
);
CREATE INDEX citizens_country ON citizens (residence_country, id);
CREATE INDEX citizens_passport ON citizens (passport_index);
CREATE INDEX citizens_identity ON citizens (identity_index);
-- Recipient indexes in memory catch up with changes by this column.
CREATE INDEX citizens_updated ON citizens (updated_at);

CREATE TABLE citizen_consents (
  citizen_id BIGINT NOT NULL REFERENCES citizens (id) ON DELETE CASCADE,
  channel TEXT NOT NULL,
  granted INTEGER NOT NULL,
  changed_at BIGINT NOT NULL,
  PRIMARY KEY (citizen_id, channel)
);

-- One-time codes that verify an e-mail address or phone number on the portal; the code is stored as a keyed digest.
CREATE TABLE citizen_codes (
  id INTEGER PRIMARY KEY,
  contact_index TEXT NOT NULL,
  code_digest TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX citizen_codes_contact ON citizen_codes (contact_index, created_at);

-- Portal sessions: a verified contact, and the registration once there is one. Only the token's SHA-256 is kept.
CREATE TABLE citizen_sessions (
  token_hash TEXT PRIMARY KEY,
  contact_index TEXT NOT NULL,
  contact_encrypted TEXT NOT NULL,
  citizen_id BIGINT REFERENCES citizens (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX citizen_sessions_citizen ON citizen_sessions (citizen_id);

-- Short codes a citizen sends to a mission's Zalo Official Account to link that Zalo user to the registration.
CREATE TABLE citizen_link_codes (
  code TEXT PRIMARY KEY,
  citizen_id BIGINT NOT NULL REFERENCES citizens (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
