-- The customer's language: detected per message from the customer's own words
-- (storage/languages.py), per conversation from its messages, set by a person
-- on a conversation and then remembered for the customer; canned replies in
-- several languages.

-- NULL: never looked at (stored before this migration); '': nothing to detect
-- (the shop's own message, an automatic reply) or too few words to tell.
ALTER TABLE messages ADD COLUMN language TEXT;
ALTER TABLE messages ADD COLUMN language_confidence REAL;
-- The messages the detector has still to read (a store older than this).
CREATE INDEX messages_language_todo ON messages(id)
    WHERE language IS NULL AND direction = 'in';

-- Set by a person, it is used for the customer's later conversations.
ALTER TABLE customers ADD COLUMN language TEXT;

ALTER TABLE conversations ADD COLUMN language TEXT;
-- 'detected' from its messages, 'customer' as the customer's remembered one,
-- 'agent' when a person set it on this conversation.
ALTER TABLE conversations ADD COLUMN language_source TEXT
    CHECK (language_source IN ('detected', 'customer', 'agent'));
-- What decided a detected language (storage/language_store.py): how sure, and
-- the message's time.
ALTER TABLE conversations ADD COLUMN language_sure INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN language_at INTEGER;
CREATE INDEX conversations_language ON conversations(language);

-- A new conversation of a customer whose language a person set takes it.
CREATE TRIGGER conversations_take_customer_language AFTER INSERT ON conversations
WHEN (SELECT language FROM customers WHERE id = new.customer_id) IS NOT NULL
BEGIN
    UPDATE conversations
    SET language = (SELECT language FROM customers WHERE id = new.customer_id),
        language_source = 'customer'
    WHERE id = new.id;
END;

-- Canned replies in several languages: one row per name and language ('' for
-- a reply written before variants, in the shop's first language), and the
-- attachment a reply expects (`attach:` in its file).
CREATE TABLE canned_replies_variants (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    tags_json TEXT NOT NULL DEFAULT '[]',
    attach TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL,
    UNIQUE (name, language)
);
INSERT INTO canned_replies_variants (id, name, title, body, tags_json, updated_at)
    SELECT id, name, title, body, tags_json, updated_at FROM canned_replies;
DROP TABLE canned_replies;
ALTER TABLE canned_replies_variants RENAME TO canned_replies;
