-- Staff accounts, their role grants and their API tokens (SQLite variant: INTEGER PRIMARY KEY ids).
-- Units belong to the directory module: unit_id columns are validated by the service, not by foreign keys.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  unit_id BIGINT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  locale TEXT NOT NULL DEFAULT 'vi',
  email_encrypted TEXT,
  email_index TEXT UNIQUE,
  phone_encrypted TEXT,
  password_hash TEXT,
  mfa_secret_encrypted TEXT,
  mfa_enabled INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_login_at BIGINT,
  password_changed_at BIGINT
);
CREATE INDEX users_unit_id ON users (unit_id);

CREATE TABLE role_grants (
  id INTEGER PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  unit_id BIGINT NOT NULL,
  include_subtree INTEGER NOT NULL DEFAULT 0,
  granted_by BIGINT,
  granted_at BIGINT NOT NULL,
  UNIQUE (user_id, role, unit_id)
);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX api_tokens_user_id ON api_tokens (user_id);
