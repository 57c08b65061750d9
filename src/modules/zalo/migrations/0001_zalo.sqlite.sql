-- Zalo Official Accounts (SQLite variant: INTEGER PRIMARY KEY ids): one row per OA a mission sends from, with the
-- app's credentials and the OA's current token pair. secret_key (the app secret), oa_secret_key (signs webhooks),
-- access_token and refresh_token hold FieldCipher ciphertexts, never plaintext (associated data
-- "zalo_accounts.<column>").
--
-- Refresh tokens are single-use, so one refresh at a time per OA across all nodes: a node claims the refresh by
-- moving refresh_lease_until forward under `version` (compare-and-set), refreshes, then stores the new pair under
-- the version it claimed. version rises with every change of the row.
CREATE TABLE zalo_accounts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  unit_id BIGINT NOT NULL,
  oa_id TEXT NOT NULL,
  app_id TEXT NOT NULL,
  secret_key TEXT NOT NULL,
  oa_secret_key TEXT NOT NULL,
  access_token TEXT,
  refresh_token TEXT,
  access_token_expires_at BIGINT NOT NULL DEFAULT 0,
  refresh_lease_until BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- Webhooks name the OA: its id must find one account.
CREATE UNIQUE INDEX zalo_accounts_oa ON zalo_accounts(oa_id);
CREATE INDEX zalo_accounts_unit ON zalo_accounts(unit_id);
