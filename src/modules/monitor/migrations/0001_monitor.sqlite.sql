-- The cyberspace monitor: sources it listens to, the articles they bring (grouped into stories), the standing
-- queries of each unit (versioned), which articles matched which queries, and the alerts raised for units.

-- Sources: polled feeds, push endpoints (crawlers, social-media connectors) and replays of a JSON Lines file.
-- A poller claims a due source by moving lease_until forward (so that one node polls it), and records its health.
CREATE TABLE monitor_sources (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  unit_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('feed', 'push', 'replay')),
  url TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  interval_seconds BIGINT NOT NULL DEFAULT 300,
  replay_rate BIGINT NOT NULL DEFAULT 0,
  enabled INTEGER NOT NULL DEFAULT 1,
  etag TEXT,
  last_modified TEXT,
  next_poll_at BIGINT NOT NULL DEFAULT 0,
  lease_until BIGINT NOT NULL DEFAULT 0,
  last_polled_at BIGINT,
  last_success_at BIGINT,
  last_status BIGINT,
  last_error TEXT,
  failures BIGINT NOT NULL DEFAULT 0,
  items_total BIGINT NOT NULL DEFAULT 0,
  replay_position BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  archived_at BIGINT
);
CREATE UNIQUE INDEX monitor_sources_name ON monitor_sources(name) WHERE archived_at IS NULL;
CREATE INDEX monitor_sources_due ON monitor_sources(next_poll_at) WHERE archived_at IS NULL;

-- Stories: near-duplicate articles (SimHash within a few bits) counted once.
CREATE TABLE monitor_stories (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  simhash BIGINT NOT NULL,
  title TEXT NOT NULL,
  articles BIGINT NOT NULL DEFAULT 0,
  first_seen_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL
);
CREATE INDEX monitor_stories_seen ON monitor_stories(last_seen_at);

-- Articles: item_key is the digest of the source's GUID or link (one article per key, whichever source brought it
-- first); content_key the digest of the folded text (the same text under another link is a duplicate too).
CREATE TABLE monitor_articles (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source_id BIGINT NOT NULL,
  item_key TEXT NOT NULL,
  content_key TEXT NOT NULL,
  story_id BIGINT NOT NULL,
  title TEXT NOT NULL,
  link TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  author TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL DEFAULT '',
  countries TEXT NOT NULL DEFAULT '',
  published_at BIGINT NOT NULL,
  ingested_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX monitor_articles_item ON monitor_articles(item_key);
CREATE UNIQUE INDEX monitor_articles_content ON monitor_articles(content_key);
CREATE INDEX monitor_articles_ingested ON monitor_articles(ingested_at);
CREATE INDEX monitor_articles_story ON monitor_articles(story_id);
CREATE INDEX monitor_articles_source ON monitor_articles(source_id, id);

-- The archive's full text, folded by the server like cable_search (rowid = article id).
CREATE VIRTUAL TABLE monitor_article_search USING fts5(folded_text, tokenize = 'unicode61 remove_diacritics 0', detail = none, columnsize = 0);

CREATE TABLE monitor_topics (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  unit_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  archived_at BIGINT
);
CREATE UNIQUE INDEX monitor_topics_name ON monitor_topics(unit_id, name_key) WHERE archived_at IS NULL;

-- Standing queries; every change is a new row of monitor_query_versions (the current one included).
CREATE TABLE monitor_queries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  topic_id BIGINT NOT NULL REFERENCES monitor_topics(id),
  unit_id BIGINT NOT NULL,
  owner_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  query_text TEXT NOT NULL,
  visibility TEXT NOT NULL CHECK (visibility IN ('shared', 'private')),
  priority TEXT NOT NULL CHECK (priority IN ('high', 'normal', 'low')),
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by BIGINT NOT NULL,
  archived_at BIGINT
);
CREATE INDEX monitor_queries_unit ON monitor_queries(unit_id) WHERE archived_at IS NULL;

CREATE TABLE monitor_query_versions (
  query_id BIGINT NOT NULL REFERENCES monitor_queries(id),
  version BIGINT NOT NULL,
  change TEXT NOT NULL CHECK (change IN ('created', 'edited', 'restored', 'deleted')),
  topic_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  query_text TEXT NOT NULL,
  visibility TEXT NOT NULL,
  priority TEXT NOT NULL,
  changed_by BIGINT NOT NULL,
  changed_at BIGINT NOT NULL,
  PRIMARY KEY (query_id, version)
);

-- Which articles matched which queries, with the terms and where (JSON), for highlighted snippets and counts.
CREATE TABLE monitor_matches (
  article_id BIGINT NOT NULL REFERENCES monitor_articles(id) ON DELETE CASCADE,
  query_id BIGINT NOT NULL,
  story_id BIGINT NOT NULL,
  terms TEXT NOT NULL,
  highlights TEXT NOT NULL,
  matched_at BIGINT NOT NULL,
  PRIMARY KEY (article_id, query_id)
);
CREATE INDEX monitor_matches_query ON monitor_matches(query_id, matched_at);
CREATE INDEX monitor_matches_time ON monitor_matches(matched_at);

-- Alerts for a unit: a query's match on a new story ('match'), a story touching a mission's jurisdiction
-- ('geo'), or a burst of stories for a query ('burst'). dedup_key makes each alert once, whichever node raises it.
CREATE TABLE monitor_alerts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('match', 'geo', 'burst')),
  unit_id BIGINT NOT NULL,
  private_to BIGINT,
  query_id BIGINT,
  article_id BIGINT,
  story_id BIGINT,
  country TEXT NOT NULL DEFAULT '',
  priority TEXT NOT NULL,
  title TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}',
  dedup_key TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged')),
  assigned_to BIGINT,
  created_at BIGINT NOT NULL,
  ack_deadline BIGINT,
  acknowledged_by BIGINT,
  acknowledged_at BIGINT,
  escalation_level INTEGER NOT NULL DEFAULT 0,
  escalated_at BIGINT
);
CREATE INDEX monitor_alerts_unit ON monitor_alerts(unit_id, id);
CREATE INDEX monitor_alerts_due ON monitor_alerts(ack_deadline) WHERE state = 'open' AND ack_deadline IS NOT NULL;

CREATE TABLE monitor_alert_comments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  alert_id BIGINT NOT NULL REFERENCES monitor_alerts(id) ON DELETE CASCADE,
  author_id BIGINT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX monitor_alert_comments_alert ON monitor_alert_comments(alert_id, id);

-- Burst episodes: one open row per key ("query:<id>") while a burst lasts, so that one surge raises one alert.
CREATE TABLE monitor_bursts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  burst_key TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  alert_id BIGINT
);
CREATE UNIQUE INDEX monitor_bursts_open ON monitor_bursts(burst_key) WHERE ended_at IS NULL;

-- Daily digests sent (one per unit and UTC day, whichever node sends it).
CREATE TABLE monitor_digests (
  unit_id BIGINT NOT NULL,
  day TEXT NOT NULL,
  sent_at BIGINT NOT NULL,
  PRIMARY KEY (unit_id, day)
);
