-- Content hashes over a canonical form of the raw bytes (storage/content_hash.py:
-- LF line ends, mbox `>From ` quoting undone, no trailing line breaks), so that a
-- mail imported from a Maildir, fetched over IMAP or exported and imported back
-- is known as the same message. comptoir_content_sha256 is registered by the
-- migration runner. Messages written in comptoir (no raw original) keep theirs.
UPDATE messages SET content_sha256 = (
    SELECT comptoir_content_sha256(r.encoding, r.data)
    FROM raw_messages r WHERE r.message_id = messages.id
)
WHERE id IN (SELECT message_id FROM raw_messages);

-- A message's parent (In-Reply-To, else the last of its References): the first
-- message of a thread, arriving after its replies, finds them here.
CREATE INDEX messages_parent
    ON messages(coalesce(in_reply_to, json_extract(references_json, '$[#-1]')))
    WHERE in_reply_to IS NOT NULL OR references_json <> '[]';
