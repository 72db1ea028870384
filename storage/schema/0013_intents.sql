-- Routine questions answered locally (issue 16): what each customer message
-- asks, the corrections people made, the canned replies picked, every
-- automatic decision with its reason, and the messages sent before the
-- customer had to ask. Facts are appended, never changed.

-- What the classifier (or a person, `source`) says a customer message asks.
-- One row per message: the current reading; corrections keep their history
-- in intent_corrections.
CREATE TABLE message_intents (
    message_id INTEGER PRIMARY KEY REFERENCES messages(id),
    intent TEXT NOT NULL,
    confidence REAL NOT NULL,
    -- Other intents the message also asks about (JSON array).
    also_json TEXT NOT NULL DEFAULT '[]',
    language TEXT NOT NULL DEFAULT '',
    -- The order the message is about and how it was found: named (and this
    -- customer's), other_customer, not_found, only_recent, ambiguous, none.
    order_id INTEGER REFERENCES orders(id),
    order_number TEXT NOT NULL DEFAULT '',
    order_match TEXT NOT NULL DEFAULT 'none',
    source TEXT NOT NULL CHECK (source IN ('model', 'person')),
    model TEXT NOT NULL DEFAULT '',  -- the fitted model's fingerprint
    read_at INTEGER NOT NULL
);
CREATE INDEX message_intents_intent ON message_intents(intent);
CREATE INDEX message_intents_order ON message_intents(order_id) WHERE order_id IS NOT NULL;

CREATE TABLE intent_corrections (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id),
    intent TEXT NOT NULL,
    previous TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL
);
CREATE INDEX intent_corrections_message ON intent_corrections(message_id);

-- The fitted model, so that a start reads it instead of fitting again; the
-- fingerprint names what it was fitted on (seed, intents, corrections, history).
CREATE TABLE intent_models (
    fingerprint TEXT PRIMARY KEY,
    fitted_at INTEGER NOT NULL,
    examples INTEGER NOT NULL,
    data BLOB NOT NULL
);

-- A canned reply a person picked to answer a customer message.
CREATE TABLE reply_picks (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id),
    reply TEXT NOT NULL,
    actor TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL
);
CREATE INDEX reply_picks_message ON reply_picks(message_id);

-- Every decision of the automation on a customer message, and why.
-- One per message (its conversation is the message's, after a merge too), so
-- that two runs at once can never both answer it.
CREATE TABLE automation_decisions (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL UNIQUE REFERENCES messages(id),
    at INTEGER NOT NULL,
    intent TEXT NOT NULL DEFAULT '',
    mode TEXT NOT NULL CHECK (mode IN ('off', 'suggest', 'send')),
    action TEXT NOT NULL CHECK (action IN ('none', 'drafted', 'sent', 'handed_over')),
    reason TEXT NOT NULL,
    reply TEXT NOT NULL DEFAULT '',
    order_id INTEGER REFERENCES orders(id),
    answer_id INTEGER REFERENCES messages(id)
);

-- Messages about late orders, before the customer asks: a row once a person
-- edited, sent or dismissed one (drafts not touched yet are worked out anew).
CREATE TABLE outreach (
    id INTEGER PRIMARY KEY,
    rule TEXT NOT NULL,
    order_id INTEGER NOT NULL REFERENCES orders(id),
    state TEXT NOT NULL CHECK (state IN ('draft', 'sent', 'dismissed')),
    subject TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL,
    conversation_id INTEGER REFERENCES conversations(id),
    message_id INTEGER REFERENCES messages(id),
    UNIQUE (rule, order_id)
);

CREATE TRIGGER intent_corrections_append_only_update BEFORE UPDATE ON intent_corrections
BEGIN
    SELECT RAISE(ABORT, 'intent corrections are append-only');
END;
CREATE TRIGGER intent_corrections_append_only_delete BEFORE DELETE ON intent_corrections
BEGIN
    SELECT RAISE(ABORT, 'intent corrections are append-only');
END;
CREATE TRIGGER automation_decisions_append_only_update
BEFORE UPDATE ON automation_decisions
BEGIN
    SELECT RAISE(ABORT, 'automation decisions are append-only');
END;
CREATE TRIGGER automation_decisions_append_only_delete
BEFORE DELETE ON automation_decisions
BEGIN
    SELECT RAISE(ABORT, 'automation decisions are append-only');
END;

-- What order sources can tell about delivery: the carrier, the date promised,
-- the carrier's last status and when it last changed (for "tracking unchanged
-- for N days"; the import sets it when the tracking changes if the source
-- does not say).
ALTER TABLE orders ADD COLUMN carrier TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN expected_at INTEGER;
ALTER TABLE orders ADD COLUMN tracking_status TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN tracking_updated_at INTEGER;
UPDATE orders SET tracking_updated_at = fulfilled_at WHERE tracking_number != '';
