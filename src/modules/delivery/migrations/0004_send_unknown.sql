-- A delivery awaiting the receipt of a send that a crash interrupted (marked, then the node died before recording
-- it): whether the message went is unknown. Without a receipt in time it moves on to its next channel, or, when
-- that channel was its last, is sent again on it rather than failed.
ALTER TABLE deliveries ADD COLUMN send_unknown INTEGER NOT NULL DEFAULT 0;
