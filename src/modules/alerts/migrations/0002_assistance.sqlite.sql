-- Assistance cases (SQLite variant): a citizen who answers "I need help" to an alert's safety check gets one case per
-- alert, assigned to an officer of the alert's unit; its trail (answers, assignments, notes, resolution) is kept in
-- assistance_entries. Texts are the citizen's messages and officers' notes about a person: encrypted.
CREATE TABLE assistance_cases (
  id INTEGER PRIMARY KEY,
  alert_id BIGINT NOT NULL REFERENCES alerts (id),
  citizen_id BIGINT NOT NULL,
  unit_id BIGINT NOT NULL,
  country TEXT NOT NULL,
  state TEXT NOT NULL,
  assignee_id BIGINT,
  opened_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  resolved_at BIGINT,
  UNIQUE (alert_id, citizen_id)
);
CREATE INDEX assistance_cases_unit ON assistance_cases (unit_id, state, id);
CREATE INDEX assistance_cases_assignee ON assistance_cases (assignee_id, state);
CREATE INDEX assistance_cases_citizen ON assistance_cases (citizen_id);

CREATE TABLE assistance_entries (
  id INTEGER PRIMARY KEY,
  case_id BIGINT NOT NULL REFERENCES assistance_cases (id),
  kind TEXT NOT NULL,
  actor_id BIGINT,
  assignee_id BIGINT,
  channel TEXT,
  text_encrypted TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX assistance_entries_case ON assistance_entries (case_id, id);
