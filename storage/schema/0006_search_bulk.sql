-- Batch writers index their messages in one statement per batch, not one per row:
-- FTS5 flushes its pending terms at every statement's savepoint, so the row
-- trigger inside an executemany wrote ~500 tiny index segments per batch (about
-- half the cost of storing a synced mail). While `search_deferred` holds its one
-- row (only inside such a writer's transaction) the trigger stands aside and the
-- writer indexes the batch itself (storage/search_index.py). Every other insert
-- is indexed by the trigger as before.
CREATE TABLE search_deferred (one INTEGER PRIMARY KEY CHECK (one = 1));

DROP TRIGGER messages_search_insert;
CREATE TRIGGER messages_search_insert AFTER INSERT ON messages
WHEN NOT EXISTS (SELECT 1 FROM search_deferred)
BEGIN
    INSERT INTO message_search (rowid, subject, body_text, sender_name, sender_address)
    VALUES (new.search_rowid, new.subject, new.body_text, new.sender_name,
            new.sender_address);
END;
