-- `from:` in `comptoir search` matched the sender's words in message_search,
-- whose doclists for tokens like "de" or "com" run through most bodies: a
-- phrase with a prefix walked them all (~12 ms at 100,000 messages, most of the
-- command). The senders get an index of their own, a few bytes a message, kept
-- by the same rules as message_search (0001, 0006): the triggers below, and the
-- batch writers index it themselves while `search_deferred` holds its row
-- (storage/search_index.py).
-- `from:ann` is a prefix: the index keeps its terms' 2- and 3-character
-- prefixes too (`from:gmx.de` 1.1 -> 0.1 ms; 13 MB instead of 6 at 100,000
-- messages). No sizes per column: nothing ranks senders.
CREATE VIRTUAL TABLE sender_search USING fts5(
    sender_name, sender_address,
    content = 'messages', content_rowid = 'search_rowid',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', columnsize = 0
);
INSERT INTO sender_search (sender_search) VALUES ('rebuild');

CREATE TRIGGER messages_sender_search_insert AFTER INSERT ON messages
WHEN NOT EXISTS (SELECT 1 FROM search_deferred)
BEGIN
    INSERT INTO sender_search (rowid, sender_name, sender_address)
    VALUES (new.search_rowid, new.sender_name, new.sender_address);
END;

CREATE TRIGGER messages_sender_search_delete AFTER DELETE ON messages BEGIN
    INSERT INTO sender_search (sender_search, rowid, sender_name, sender_address)
    VALUES ('delete', old.search_rowid, old.sender_name, old.sender_address);
END;

CREATE TRIGGER messages_sender_search_update
AFTER UPDATE OF sender_name, sender_address, search_rowid ON messages BEGIN
    INSERT INTO sender_search (sender_search, rowid, sender_name, sender_address)
    VALUES ('delete', old.search_rowid, old.sender_name, old.sender_address);
    INSERT INTO sender_search (rowid, sender_name, sender_address)
    VALUES (new.search_rowid, new.sender_name, new.sender_address);
END;
