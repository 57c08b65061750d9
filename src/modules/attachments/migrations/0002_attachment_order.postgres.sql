-- The order in which the owner lists its attachments (as the drafter arranged them).
ALTER TABLE attachments ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
