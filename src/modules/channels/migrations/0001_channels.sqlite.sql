-- Channels: real-time conversations per unit, per topic, and direct messages between two people. Messages are
-- numbered per channel (seq, from 1, without gaps, in commit order), which is what clients resume from.
CREATE TABLE channels (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('unit', 'topic', 'direct')),
  name TEXT NOT NULL DEFAULT '',
  unit_id BIGINT,
  direct_key TEXT UNIQUE,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seq BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX channels_one_per_unit ON channels(unit_id) WHERE kind = 'unit';

CREATE TABLE channel_members (
  channel_id BIGINT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'member')),
  joined_at BIGINT NOT NULL,
  last_read_seq BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (channel_id, user_id)
);
CREATE INDEX channel_members_user ON channel_members(user_id, channel_id);

CREATE TABLE channel_messages (
  channel_id BIGINT NOT NULL REFERENCES channels(id),
  seq BIGINT NOT NULL,
  author_id BIGINT NOT NULL,
  body TEXT NOT NULL,
  thread_seq BIGINT,
  announcement INTEGER NOT NULL DEFAULT 0,
  mentions TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  edited_at BIGINT,
  deleted_at BIGINT,
  deleted_by BIGINT,
  PRIMARY KEY (channel_id, seq)
);

-- Every earlier text of an edited or deleted message: edits and deletions leave a record.
CREATE TABLE channel_message_versions (
  channel_id BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  replaced_at BIGINT NOT NULL,
  replaced_by BIGINT NOT NULL,
  PRIMARY KEY (channel_id, seq, version),
  FOREIGN KEY (channel_id, seq) REFERENCES channel_messages(channel_id, seq)
);

-- "Seen by" on announcements.
CREATE TABLE channel_message_seen (
  channel_id BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  seen_at BIGINT NOT NULL,
  PRIMARY KEY (channel_id, seq, user_id),
  FOREIGN KEY (channel_id, seq) REFERENCES channel_messages(channel_id, seq)
);
