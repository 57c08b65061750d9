-- The audit log: append-only, hash-chained (see src/modules/audit/README.md). `seq` is assigned by the code from
-- audit_head, never by the engine, so that the sequence has no gaps.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_user_id BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  unit_id BIGINT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL,
  remote_address TEXT NOT NULL,
  request_id TEXT NOT NULL,
  previous_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);

-- Search reads newest first within a filter, so each filter column is paired with seq.
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_actor_user ON audit_log (actor_user_id, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_unit ON audit_log (unit_id, seq);

-- One row: the last appended entry (seq, hash) and the start of the retained chain (base_seq, base_hash), which
-- Prune moves forward when it deletes old entries.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL,
  base_seq BIGINT NOT NULL,
  base_hash TEXT NOT NULL
);

INSERT INTO audit_head (id, seq, hash, base_seq, base_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000',
        0, '0000000000000000000000000000000000000000000000000000000000000000');
