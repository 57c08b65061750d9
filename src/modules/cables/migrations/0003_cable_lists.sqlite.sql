-- Distribution lists: named sets of units and people that a unit keeps for its cables ("EU crisis cell", "ASEAN
-- consular network"). A cable addresses a list like a unit; at release the list's units become recipients and its
-- people named addressees (cable_addressees rows with via_list_id), so later changes to the list never change who
-- may read a sent cable.
CREATE TABLE cable_lists (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  owner_unit_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  archived_at BIGINT
);
CREATE UNIQUE INDEX cable_lists_name ON cable_lists(owner_unit_id, name_key) WHERE archived_at IS NULL;

CREATE TABLE cable_list_members (
  list_id BIGINT NOT NULL REFERENCES cable_lists(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  unit_id BIGINT,
  user_id BIGINT,
  PRIMARY KEY (list_id, position),
  CHECK ((unit_id IS NULL) <> (user_id IS NULL))
);

-- Addressees gain the kind 'list' (list_id), and individuals reached through a list at release (via_list_id).
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt.
CREATE TABLE cable_addressees_v2 (
  cable_id BIGINT NOT NULL REFERENCES cables(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('action', 'info')),
  kind TEXT NOT NULL CHECK (kind IN ('unit', 'user', 'collective', 'list')),
  unit_id BIGINT,
  user_id BIGINT,
  collective TEXT,
  niact INTEGER NOT NULL DEFAULT 0,
  list_id BIGINT,
  via_list_id BIGINT,
  PRIMARY KEY (cable_id, position)
);
INSERT INTO cable_addressees_v2 (cable_id, position, role, kind, unit_id, user_id, collective, niact)
  SELECT cable_id, position, role, kind, unit_id, user_id, collective, niact FROM cable_addressees;
DROP TABLE cable_addressees;
ALTER TABLE cable_addressees_v2 RENAME TO cable_addressees;
CREATE INDEX cable_addressees_user ON cable_addressees(user_id) WHERE user_id IS NOT NULL;
CREATE INDEX cable_addressees_list ON cable_addressees(list_id) WHERE list_id IS NOT NULL;
