-- The OA's own replies to citizens (a link confirmation, the answer to a safety check), kept a day so that their
-- receipts are told apart from an alert's: Zalo's receipt names the message and the person, and a receipt for a
-- message id we do not know is otherwise taken for an alert message whose send a crash interrupted before its id
-- was recorded. user_index is the Zalo user as a blind index (FieldCipher::BlindIndex, purpose "zalo_replies.user"),
-- never the id itself; message_id is null while the reply is being sent.
CREATE TABLE zalo_replies (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id BIGINT NOT NULL,
  user_index TEXT NOT NULL,
  message_id TEXT,
  sent_at BIGINT NOT NULL
);
CREATE INDEX zalo_replies_user ON zalo_replies(user_index, sent_at);
CREATE INDEX zalo_replies_message ON zalo_replies(message_id);
CREATE INDEX zalo_replies_sent ON zalo_replies(sent_at);
