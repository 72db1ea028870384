-- Channels behind one contract: the core keeps each instance's cursor as the
-- channel's own text (sync_cursors, scope ''), written in the transaction that
-- stores the messages it covers.

-- The email channel's IMAP state moves into its cursor (the channel's JSON:
-- per folder UIDVALIDITY, the last UID stored and HIGHESTMODSEQ), so that a
-- database synced before keeps its place.
INSERT OR REPLACE INTO sync_cursors (channel, scope, cursor, updated_at)
SELECT channel, '',
       json_object('folders', json_group_object(folder, json_object(
           'uidvalidity', uidvalidity, 'last_uid', last_uid,
           'modseq', highestmodseq))),
       max(updated_at)
FROM imap_folders GROUP BY channel;
DROP TABLE imap_folders;

-- What a channel could not get (a message the server refused to hand over), in
-- the server's words. `final` once the channel stopped retrying: then it is
-- shown in `comptoir channels check` and the console's status line. A message
-- that arrives after all removes its problem.
CREATE TABLE fetch_problems (
    channel TEXT NOT NULL,
    external_id TEXT NOT NULL,
    message TEXT NOT NULL,
    final INTEGER NOT NULL DEFAULT 0,
    first_at INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    PRIMARY KEY (channel, external_id)
) WITHOUT ROWID;

-- A chat's messages share a key (a visitor's session, a chat id): the core
-- threads the messages of one instance with the same key together.
ALTER TABLE messages ADD COLUMN thread_key TEXT;
CREATE INDEX messages_thread_key ON messages(channel, thread_key)
    WHERE thread_key IS NOT NULL;

-- The channel's own id for what it delivered (its Receipt).
ALTER TABLE outbox ADD COLUMN receipt TEXT NOT NULL DEFAULT '';
-- Set when a send was cut off before the channel confirmed it and the reply
-- was sent again (with the same bytes and Message-ID): it may have arrived twice.
ALTER TABLE outbox ADD COLUMN maybe_twice INTEGER NOT NULL DEFAULT 0;
