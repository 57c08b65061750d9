-- Directory: org units (the ministry, HQ departments, missions), their country jurisdictions and duty rosters.
CREATE TABLE units (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL UNIQUE,
  parent_id BIGINT REFERENCES units(id),
  kind TEXT NOT NULL CHECK (kind IN ('ministry', 'hq_department', 'embassy', 'consulate_general', 'consulate',
                                     'permanent_mission')),
  name_en TEXT NOT NULL,
  name_vi TEXT NOT NULL,
  city TEXT NOT NULL DEFAULT '',
  country CHAR(2) NOT NULL,
  region TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  languages TEXT NOT NULL DEFAULT '',
  latitude REAL,
  longitude REAL,
  address TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  website TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK ((kind = 'ministry') = (parent_id IS NULL))
);
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_country ON units(country);
-- At most one root: the ministry.
CREATE UNIQUE INDEX units_one_ministry ON units(kind) WHERE kind = 'ministry';

CREATE TABLE unit_jurisdictions (
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  country CHAR(2) NOT NULL,
  is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
  UNIQUE (unit_id, country)
);
-- Each country has at most one primary mission.
CREATE UNIQUE INDEX unit_jurisdictions_one_primary ON unit_jurisdictions(country) WHERE is_primary = 1;
CREATE INDEX unit_jurisdictions_country ON unit_jurisdictions(country);

CREATE TABLE duty_roster (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('primary', 'backup')),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX duty_roster_unit_time ON duty_roster(unit_id, starts_at);
