-- Where an IMAP sync has got to, per account (channel instance) and folder.
-- A message is known by (folder, UIDVALIDITY, UID): when the server changes
-- UIDVALIDITY the folder is read again and the content hash skips what is stored.
CREATE TABLE imap_folders (
    channel TEXT NOT NULL,
    folder TEXT NOT NULL,
    uidvalidity INTEGER NOT NULL,
    -- Every UID up to this one is stored (or was deliberately skipped).
    last_uid INTEGER NOT NULL DEFAULT 0,
    -- CONDSTORE's HIGHESTMODSEQ at the last pass; NULL when the server has none.
    highestmodseq INTEGER,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (channel, folder)
) WITHOUT ROWID;

-- The sender's bookkeeping: when a row was claimed ('sending'), whether the
-- answered message is quoted below the reply.
ALTER TABLE outbox ADD COLUMN claimed_at INTEGER;
ALTER TABLE outbox ADD COLUMN quote_original INTEGER NOT NULL DEFAULT 0;
-- Set once the sent mail is in the account's Sent folder (NULL: still to append).
ALTER TABLE outbox ADD COLUMN filed_at INTEGER;
