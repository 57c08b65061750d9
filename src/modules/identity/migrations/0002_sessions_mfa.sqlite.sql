-- Identity, part 2: sessions, sign-in throttling and MFA state (owned by identity's authentication side).
-- Session tokens and recovery codes are stored only as digests; pending TOTP secrets are encrypted.

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  csrf_token TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  mfa_verified_at BIGINT,
  remote_address TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL,
  subject TEXT NOT NULL,
  failed_at BIGINT NOT NULL
);
CREATE INDEX login_failures_subject ON login_failures (scope, subject, failed_at);

CREATE TABLE login_lockouts (
  scope TEXT NOT NULL,
  subject TEXT NOT NULL,
  locked_until BIGINT NOT NULL,
  PRIMARY KEY (scope, subject)
);

CREATE TABLE mfa_pending_enrolments (
  user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  secret_encrypted TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE mfa_totp_usage (
  user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  last_step BIGINT NOT NULL
);

CREATE TABLE mfa_recovery_codes (
  id INTEGER PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX mfa_recovery_codes_user ON mfa_recovery_codes (user_id, code_hash);
