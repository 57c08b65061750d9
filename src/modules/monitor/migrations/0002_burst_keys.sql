-- When an open burst episode last had a burst verdict: an episode also ends after a whole recent window without one
-- (bursts.hpp, EpisodeGoesOn).
ALTER TABLE monitor_bursts ADD COLUMN last_burst_at BIGINT;
UPDATE monitor_bursts SET last_burst_at = started_at;

-- Stories per country, each at its first article naming the country: what the burst watch counts for countries.
CREATE TABLE monitor_story_keys (
  burst_key TEXT NOT NULL,
  story_id BIGINT NOT NULL,
  first_at BIGINT NOT NULL,
  PRIMARY KEY (burst_key, story_id)
);
CREATE INDEX monitor_story_keys_first ON monitor_story_keys(first_at);
