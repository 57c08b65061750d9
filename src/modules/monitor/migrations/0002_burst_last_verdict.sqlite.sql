-- When an open burst episode last had a burst verdict: an episode also ends after a whole recent window without one
-- (bursts.hpp, EpisodeGoesOn).
ALTER TABLE monitor_bursts ADD COLUMN last_burst_at BIGINT;
UPDATE monitor_bursts SET last_burst_at = started_at;
