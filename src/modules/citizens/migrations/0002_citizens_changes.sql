-- Recipient indexes catch up with changes in (updated_at, id) order from a watermark pair (alerts' Recipients);
-- this index gives that order with one seek, where (updated_at) alone, under ORDER BY id, made SQLite walk the
-- whole registry by primary key at every catch-up. It covers every lookup of the index it replaces.
CREATE INDEX citizens_changes ON citizens (updated_at, id);
DROP INDEX citizens_updated;
