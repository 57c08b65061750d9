-- Cables: drafts, their clearance, release and per-unit delivery. Unit and user ids refer to the directory's and
-- identity's tables; as between all modules, without foreign keys across modules.
CREATE TABLE cables (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reference TEXT UNIQUE,
  originating_unit_id BIGINT NOT NULL,
  drafter_user_id BIGINT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '',
  precedence TEXT NOT NULL CHECK (precedence IN ('flash', 'immediate', 'priority', 'routine')),
  classification TEXT NOT NULL CHECK (classification IN ('unclassified', 'restricted', 'confidential', 'secret')),
  captions TEXT NOT NULL DEFAULT '',
  clearance_rule TEXT NOT NULL DEFAULT 'all' CHECK (clearance_rule IN ('any', 'all')),
  state TEXT NOT NULL CHECK (state IN ('draft', 'in_clearance', 'cleared', 'transmitted')),
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  submitted_at BIGINT,
  released_by BIGINT,
  released_at BIGINT,
  CHECK ((state = 'transmitted') = (released_at IS NOT NULL AND reference IS NOT NULL))
);
CREATE INDEX cables_originating_unit ON cables(originating_unit_id, state, id);
CREATE INDEX cables_drafter ON cables(drafter_user_id, id);

-- A transmitted cable is immutable: corrections are new cables that reference it.
CREATE TRIGGER cables_transmitted_immutable BEFORE UPDATE ON cables
WHEN OLD.state = 'transmitted'
BEGIN
  SELECT RAISE(ABORT, 'a transmitted cable cannot be changed');
END;
CREATE TRIGGER cables_transmitted_not_deleted BEFORE DELETE ON cables
WHEN OLD.state = 'transmitted'
BEGIN
  SELECT RAISE(ABORT, 'a transmitted cable cannot be deleted');
END;

-- Addressees as drafted: units, individuals and collectives ('all_missions', 'region:<region>').
CREATE TABLE cable_addressees (
  cable_id BIGINT NOT NULL REFERENCES cables(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('action', 'info')),
  kind TEXT NOT NULL CHECK (kind IN ('unit', 'user', 'collective')),
  unit_id BIGINT,
  user_id BIGINT,
  collective TEXT,
  niact INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (cable_id, position)
);
CREATE INDEX cable_addressees_user ON cable_addressees(user_id) WHERE user_id IS NOT NULL;

CREATE TABLE cable_references (
  cable_id BIGINT NOT NULL REFERENCES cables(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  referenced_id BIGINT NOT NULL REFERENCES cables(id),
  PRIMARY KEY (cable_id, position)
);

CREATE TABLE cable_clearers (
  cable_id BIGINT NOT NULL REFERENCES cables(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  decision TEXT NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'cleared', 'returned')),
  hq INTEGER NOT NULL DEFAULT 0,
  comment TEXT NOT NULL DEFAULT '',
  requested_at BIGINT NOT NULL,
  decided_at BIGINT,
  PRIMARY KEY (cable_id, user_id)
);
CREATE INDEX cable_clearers_pending ON cable_clearers(user_id, cable_id) WHERE decision = 'pending';

-- One row per addressee unit once the cable is transmitted (collectives expanded at release).
CREATE TABLE cable_recipients (
  cable_id BIGINT NOT NULL REFERENCES cables(id),
  unit_id BIGINT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('action', 'info')),
  niact INTEGER NOT NULL DEFAULT 0,
  received_at BIGINT,
  received_by BIGINT,
  acknowledged_at BIGINT,
  acknowledged_by BIGINT,
  deadline_at BIGINT,
  escalation_level INTEGER NOT NULL DEFAULT 0,
  escalated_at BIGINT,
  PRIMARY KEY (cable_id, unit_id)
);
CREATE INDEX cable_recipients_unit ON cable_recipients(unit_id, cable_id);
CREATE INDEX cable_recipients_due ON cable_recipients(deadline_at) WHERE acknowledged_at IS NULL AND deadline_at IS NOT NULL;

-- Reference numbers: a sequence per originating unit and year.
CREATE TABLE cable_sequences (
  unit_id BIGINT NOT NULL,
  year INTEGER NOT NULL,
  last_value BIGINT NOT NULL,
  PRIMARY KEY (unit_id, year)
);
