-- Stories per burst key and minute (query:<id>, country:<ISO>), counted when a story is first seen for the key
-- (monitor_story_keys): what the burst watch sums over its windows, instead of grouping the matches and story keys
-- of the last hours every round.
CREATE TABLE monitor_key_minutes (
  burst_key TEXT NOT NULL,
  minute BIGINT NOT NULL,
  stories BIGINT NOT NULL,
  PRIMARY KEY (burst_key, minute)
);
CREATE INDEX monitor_key_minutes_minute ON monitor_key_minutes(minute);
