-- Attachments: files on cables and channel messages, stored encrypted. An upload is pending (owner_kind NULL) until
-- a cable draft or a message claims it; pending uploads are purged after a day. owner_kind 'cable': owner_id is the
-- cable; 'message': owner_id is the channel and owner_seq the message's seq.
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  uploaded_by BIGINT NOT NULL,
  filename TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  owner_kind TEXT CHECK (owner_kind IN ('cable', 'message')),
  owner_id BIGINT,
  owner_seq BIGINT NOT NULL DEFAULT 0,
  claimed_at BIGINT
);
CREATE INDEX attachments_owner ON attachments(owner_kind, owner_id, owner_seq);
CREATE INDEX attachments_pending ON attachments(uploaded_by, created_at) WHERE owner_kind IS NULL;

-- The content, apart so that listing attachments never reads it: FieldCipher text (XChaCha20-Poly1305, bound to
-- the attachment's id).
CREATE TABLE attachment_contents (
  attachment_id BIGINT PRIMARY KEY REFERENCES attachments(id) ON DELETE CASCADE,
  ciphertext TEXT NOT NULL
);
