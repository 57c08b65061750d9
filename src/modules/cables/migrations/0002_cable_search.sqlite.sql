-- Full-text search over cables: one row per cable holding its searchable text (reference, subject, tags, body)
-- already folded by the server (case, Vietnamese diacritics, đ → d), so that "ha noi" finds "Hà Nội".
CREATE VIRTUAL TABLE cable_search USING fts5(folded_text, tokenize = 'unicode61 remove_diacritics 2');

-- Saved searches; with notify, their owner is told when a newly transmitted cable matches.
CREATE TABLE cable_saved_searches (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  query TEXT NOT NULL DEFAULT '',
  tag TEXT,
  precedence TEXT,
  unit_id BIGINT,
  notify INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX cable_saved_searches_user ON cable_saved_searches(user_id, id);

-- Which transmitted cables a saved search has already announced (each once, whatever order nodes release in).
CREATE TABLE cable_saved_search_hits (
  search_id BIGINT NOT NULL REFERENCES cable_saved_searches(id) ON DELETE CASCADE,
  cable_id BIGINT NOT NULL REFERENCES cables(id),
  notified_at BIGINT NOT NULL,
  PRIMARY KEY (search_id, cable_id)
);
