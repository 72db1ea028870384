CREATE INDEX attachments_blob ON attachments(blob_sha256);
CREATE INDEX conversation_tags_tag ON conversation_tags(tag);
CREATE INDEX conversations_customer_subject
    ON conversations(customer_id, subject_key, last_message_at);
CREATE INDEX conversations_language ON conversations(language);
CREATE INDEX conversations_last ON conversations(last_message_at);
CREATE INDEX conversations_status_last ON conversations(status, last_message_at);
CREATE INDEX conversations_waiting
    ON conversations(status, last_inbound_at, last_reply_at) WHERE merged_into IS NULL;
CREATE INDEX events_at ON events(at);
CREATE INDEX events_conversation ON events(conversation_id, at, id);
CREATE INDEX events_surveys ON events(conversation_id, at)
    WHERE kind = 'auto_message' AND value = 'survey';
CREATE INDEX identities_customer ON identities(customer_id);
CREATE INDEX intent_corrections_message ON intent_corrections(message_id);
CREATE INDEX message_intents_intent ON message_intents(intent);
CREATE INDEX message_intents_order ON message_intents(order_id) WHERE order_id IS NOT NULL;
CREATE INDEX messages_content ON messages(content_sha256);
CREATE INDEX messages_conversation ON messages(conversation_id, sent_at);
CREATE INDEX messages_language_todo ON messages(id)
    WHERE language IS NULL AND direction = 'in';
CREATE INDEX messages_message_id ON messages(message_id_header);
CREATE INDEX messages_parent
    ON messages(coalesce(in_reply_to, json_extract(references_json, '$[#-1]')))
    WHERE in_reply_to IS NOT NULL OR references_json <> '[]';
CREATE INDEX messages_thread_key ON messages(channel, thread_key)
    WHERE thread_key IS NOT NULL;
CREATE INDEX orders_customer ON orders(customer_id, created_at);
CREATE INDEX orders_number ON orders(number);
CREATE INDEX outbox_state ON outbox(state, next_attempt_at);
CREATE INDEX reply_picks_message ON reply_picks(message_id);
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id),
    position INTEGER NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    disposition TEXT NOT NULL DEFAULT 'attachment',
    content_id TEXT,
    size INTEGER NOT NULL,
    blob_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    UNIQUE (message_id, position)
);
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
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE "canned_replies" (
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
CREATE TABLE conversation_tags (
    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
    tag TEXT NOT NULL,
    PRIMARY KEY (conversation_id, tag)
) WITHOUT ROWID;
CREATE TABLE conversations (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    channel TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    -- Subject without Re:/Fwd:/AW: prefixes, lower-cased, for header-less threading.
    subject_key TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'pending', 'snoozed', 'closed')),
    snoozed_until INTEGER,
    priority TEXT NOT NULL DEFAULT 'normal'
        CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    assignee TEXT,
    created_at INTEGER NOT NULL,
    last_message_at INTEGER NOT NULL,
    last_inbound_at INTEGER,
    message_count INTEGER NOT NULL DEFAULT 0,
    merged_into INTEGER REFERENCES conversations(id), last_reply_at INTEGER, language TEXT, language_source TEXT
    CHECK (language_source IN ('detected', 'customer', 'agent')), language_sure INTEGER NOT NULL DEFAULT 0, language_at INTEGER,
    CHECK ((status = 'snoozed') = (snoozed_until IS NOT NULL))
);
CREATE TABLE customer_tags (
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    tag TEXT NOT NULL,
    PRIMARY KEY (customer_id, tag)
) WITHOUT ROWID;
CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    -- A merged customer points at the one that absorbed it.
    merged_into INTEGER REFERENCES customers(id)
, language TEXT);
CREATE TABLE drafts (
    conversation_id INTEGER PRIMARY KEY REFERENCES conversations(id),
    body TEXT NOT NULL,
    -- The newest customer message when the draft was started: a newer one
    -- stops the send and is shown first.
    seen_message_id INTEGER,
    started_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
    at INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN (
        'message_in', 'reply_out', 'note', 'auto_message',
        'status', 'priority', 'tag_added', 'tag_removed', 'assignee',
        'policy_applied', 'survey_answer', 'promise_made', 'promise_kept',
        'merged', 'split'
    )),
    actor_type TEXT NOT NULL
        CHECK (actor_type IN ('customer', 'agent', 'automation')),
    actor TEXT NOT NULL DEFAULT '',
    visibility TEXT NOT NULL DEFAULT 'public'
        CHECK (visibility IN ('public', 'internal')),
    message_id INTEGER REFERENCES messages(id),
    value TEXT,
    previous TEXT,
    data_json TEXT
);
CREATE TABLE fetch_problems (
    channel TEXT NOT NULL,
    external_id TEXT NOT NULL,
    message TEXT NOT NULL,
    final INTEGER NOT NULL DEFAULT 0,
    first_at INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    PRIMARY KEY (channel, external_id)
) WITHOUT ROWID;
CREATE TABLE identities (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    kind TEXT NOT NULL CHECK (kind IN ('email', 'chat', 'phone')),
    -- Normalised: e-mail addresses lower-cased.
    value TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    UNIQUE (kind, value)
);
CREATE TABLE intent_corrections (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id),
    intent TEXT NOT NULL,
    previous TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL
);
CREATE TABLE intent_models (
    fingerprint TEXT PRIMARY KEY,
    fitted_at INTEGER NOT NULL,
    examples INTEGER NOT NULL,
    data BLOB NOT NULL
);
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
CREATE VIRTUAL TABLE message_search USING fts5(
    subject, body_text, sender_name, sender_address,
    content = 'messages', content_rowid = 'search_rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
    -- The channel instance ('import' for files, an account name for IMAP) and the
    -- message's identity there: this pair, never the Message-ID, makes a message.
    channel TEXT NOT NULL,
    external_id TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out', 'note')),
    author_type TEXT NOT NULL
        CHECK (author_type IN ('customer', 'agent', 'automation')),
    message_id_header TEXT,
    in_reply_to TEXT,
    -- JSON arrays.
    references_json TEXT NOT NULL DEFAULT '[]',
    sender_name TEXT NOT NULL DEFAULT '',
    sender_address TEXT NOT NULL DEFAULT '',
    recipients_json TEXT NOT NULL DEFAULT '[]',
    subject TEXT NOT NULL DEFAULT '',
    body_text TEXT NOT NULL DEFAULT '',
    body_html TEXT,
    sent_at INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    top_type TEXT NOT NULL DEFAULT 'text/plain',
    parts_json TEXT NOT NULL DEFAULT '[]',
    defects_json TEXT NOT NULL DEFAULT '[]',
    -- Why the message joined its conversation, and the evidence.
    thread_reason TEXT NOT NULL,
    thread_detail TEXT NOT NULL DEFAULT '',
    -- The full-text index's rowid: ordered by time so that newest-first search
    -- walks the index backwards instead of sorting every match.
    search_rowid INTEGER NOT NULL UNIQUE, language TEXT, language_confidence REAL, thread_key TEXT,
    UNIQUE (channel, external_id)
);
CREATE TABLE order_items (
    order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    sku TEXT NOT NULL DEFAULT '',
    quantity INTEGER NOT NULL DEFAULT 1,
    price TEXT,
    PRIMARY KEY (order_id, position)
) WITHOUT ROWID;
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    number TEXT NOT NULL,
    customer_id INTEGER REFERENCES customers(id),
    email TEXT NOT NULL DEFAULT '',
    customer_name TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    created_at INTEGER,
    currency TEXT NOT NULL DEFAULT '',
    subtotal TEXT,
    shipping TEXT,
    taxes TEXT,
    total TEXT,
    financial_status TEXT NOT NULL DEFAULT '',
    fulfillment_status TEXT NOT NULL DEFAULT '',
    paid_at INTEGER,
    fulfilled_at INTEGER,
    cancelled_at INTEGER,
    refunded_amount TEXT,
    tracking_number TEXT NOT NULL DEFAULT '',
    tracking_url TEXT NOT NULL DEFAULT '',
    billing_address_json TEXT NOT NULL DEFAULT '{}',
    shipping_address_json TEXT NOT NULL DEFAULT '{}',
    notes TEXT NOT NULL DEFAULT '',
    tags_json TEXT NOT NULL DEFAULT '[]', refunds_json TEXT NOT NULL DEFAULT '[]', carrier TEXT NOT NULL DEFAULT '', expected_at INTEGER, tracking_status TEXT NOT NULL DEFAULT '', tracking_updated_at INTEGER,
    UNIQUE (source, number)
);
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL UNIQUE REFERENCES messages(id),
    channel TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued'
        CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    sent_at INTEGER
, claimed_at INTEGER, quote_original INTEGER NOT NULL DEFAULT 0, filed_at INTEGER, receipt TEXT NOT NULL DEFAULT '', maybe_twice INTEGER NOT NULL DEFAULT 0);
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
CREATE TABLE raw_messages (
    message_id INTEGER PRIMARY KEY REFERENCES messages(id),
    -- 'identity' or 'zlib': stored compressed, given back byte for byte.
    encoding TEXT NOT NULL CHECK (encoding IN ('identity', 'zlib')),
    size INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE reply_picks (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id),
    reply TEXT NOT NULL,
    actor TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL
);
CREATE TABLE saved_views (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE schema_migrations ( name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL);
CREATE TABLE search_deferred (one INTEGER PRIMARY KEY CHECK (one = 1));
CREATE VIRTUAL TABLE sender_search USING fts5(
    sender_name, sender_address,
    content = 'messages', content_rowid = 'search_rowid',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', columnsize = 0
);
CREATE TABLE 'sender_search_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TABLE 'sender_search_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'sender_search_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE sla_facts (
    conversation_id INTEGER PRIMARY KEY,
    first_in INTEGER,       -- first customer message: resolution, first response
    first_out INTEGER,      -- first public reply by a person of the shop
    last_out INTEGER,       -- last such reply
    since INTEGER,          -- oldest customer message at or after last_out
    last_at INTEGER,        -- newest event: later than the reading, walk it
    status TEXT NOT NULL DEFAULT 'open',  -- as the events tell it
    wake INTEGER,           -- a snooze ends by itself then
    status_at INTEGER,      -- newest status event
    paused_at INTEGER,      -- the resolution clock stopped then, still stopped
    pause_start INTEGER,    -- one pause of the resolution clock, over
    pause_end INTEGER,
    promises INTEGER NOT NULL DEFAULT 0,  -- promises made
    promise_id INTEGER,     -- the promise, while pending
    promise_at INTEGER,
    promise_due INTEGER,
    walk INTEGER NOT NULL DEFAULT 0,
    -- What the bulk reading wants, worked out on write rather than on every
    -- read (-4611686018427387904 stands for none: storage/sla/facts.py NONE).
    -- Bit 1: walk, or a tie in the same second the facts cannot order (first
    -- message and first reply, last reply and the message after it); bit 2:
    -- the pending response timer is a next response, not the first.
    flags INTEGER GENERATED ALWAYS AS (
        (walk OR coalesce(first_in = first_out, 0) OR coalesce(since = last_out, 0))
        | ((first_out IS NOT NULL) << 1)) STORED,
    response INTEGER GENERATED ALWAYS AS (coalesce(
        CASE WHEN first_out IS NULL THEN first_in ELSE since END,
        -4611686018427387904)) STORED,
    -- The rarer facts in one string, parsed by numpy for all rows at once.
    rare TEXT GENERATED ALWAYS AS (
        CASE WHEN pause_start IS NOT NULL OR paused_at IS NOT NULL
            OR promise_due IS NOT NULL THEN printf('%d %d %d %d %d %d',
            coalesce(pause_start, -4611686018427387904),
            coalesce(pause_end, -4611686018427387904),
            coalesce(paused_at, -4611686018427387904),
            coalesce(CASE WHEN status = 'snoozed' THEN wake END, -4611686018427387904),
            coalesce(promise_at, -4611686018427387904),
            coalesce(promise_due, -4611686018427387904)) END) STORED
, changed INTEGER);
CREATE TABLE sync_cursors (
    channel TEXT NOT NULL,
    scope TEXT NOT NULL DEFAULT '',
    cursor TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (channel, scope)
) WITHOUT ROWID;
CREATE TRIGGER automation_decisions_append_only_delete
BEFORE DELETE ON automation_decisions
BEGIN
    SELECT RAISE(ABORT, 'automation decisions are append-only');
END;
CREATE TRIGGER automation_decisions_append_only_update
BEFORE UPDATE ON automation_decisions
BEGIN
    SELECT RAISE(ABORT, 'automation decisions are append-only');
END;
CREATE TRIGGER conversations_take_customer_language AFTER INSERT ON conversations
WHEN (SELECT language FROM customers WHERE id = new.customer_id) IS NOT NULL
BEGIN
    UPDATE conversations
    SET language = (SELECT language FROM customers WHERE id = new.customer_id),
        language_source = 'customer'
    WHERE id = new.id;
END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
CREATE TRIGGER events_feed_sla_facts AFTER INSERT ON events
BEGIN
    INSERT INTO sla_feed SELECT * FROM sla_events WHERE id = new.id;
END;
CREATE TRIGGER events_reply_sets_last_reply AFTER INSERT ON events
WHEN new.kind = 'reply_out'
BEGIN
    UPDATE conversations
    SET last_reply_at = max(coalesce(last_reply_at, 0), new.at)
    WHERE id = new.conversation_id;
END;
CREATE TRIGGER events_sla_facts_moves AFTER INSERT ON events
WHEN new.kind IN ('priority', 'tag_added', 'tag_removed', 'merged', 'split')
    OR (new.kind = 'status' AND new.data_json LIKE '%"undoes"%')
BEGIN
    INSERT OR IGNORE INTO sla_facts (conversation_id) VALUES (new.conversation_id);
    UPDATE sla_facts SET
        changed = CASE WHEN new.kind IN ('priority', 'tag_added', 'tag_removed')
            THEN max(coalesce(changed, new.at), new.at) ELSE changed END,
        walk = walk OR new.kind NOT IN ('priority', 'tag_added', 'tag_removed')
    WHERE conversation_id = new.conversation_id;
END;
CREATE TRIGGER intent_corrections_append_only_delete BEFORE DELETE ON intent_corrections
BEGIN
    SELECT RAISE(ABORT, 'intent corrections are append-only');
END;
CREATE TRIGGER intent_corrections_append_only_update BEFORE UPDATE ON intent_corrections
BEGIN
    SELECT RAISE(ABORT, 'intent corrections are append-only');
END;
CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
    INSERT INTO message_search
        (message_search, rowid, subject, body_text, sender_name, sender_address)
    VALUES ('delete', old.search_rowid, old.subject, old.body_text, old.sender_name,
            old.sender_address);
END;
CREATE TRIGGER messages_search_insert AFTER INSERT ON messages
WHEN NOT EXISTS (SELECT 1 FROM search_deferred)
BEGIN
    INSERT INTO message_search (rowid, subject, body_text, sender_name, sender_address)
    VALUES (new.search_rowid, new.subject, new.body_text, new.sender_name,
            new.sender_address);
END;
CREATE TRIGGER messages_search_update
AFTER UPDATE OF subject, body_text, sender_name, sender_address, search_rowid
ON messages BEGIN
    INSERT INTO message_search
        (message_search, rowid, subject, body_text, sender_name, sender_address)
    VALUES ('delete', old.search_rowid, old.subject, old.body_text, old.sender_name,
            old.sender_address);
    INSERT INTO message_search (rowid, subject, body_text, sender_name, sender_address)
    VALUES (new.search_rowid, new.subject, new.body_text, new.sender_name,
            new.sender_address);
END;
CREATE TRIGGER messages_sender_search_delete AFTER DELETE ON messages BEGIN
    INSERT INTO sender_search (sender_search, rowid, sender_name, sender_address)
    VALUES ('delete', old.search_rowid, old.sender_name, old.sender_address);
END;
CREATE TRIGGER messages_sender_search_insert AFTER INSERT ON messages
WHEN NOT EXISTS (SELECT 1 FROM search_deferred)
BEGIN
    INSERT INTO sender_search (rowid, sender_name, sender_address)
    VALUES (new.search_rowid, new.sender_name, new.sender_address);
END;
CREATE TRIGGER messages_sender_search_update
AFTER UPDATE OF sender_name, sender_address, search_rowid ON messages BEGIN
    INSERT INTO sender_search (sender_search, rowid, sender_name, sender_address)
    VALUES ('delete', old.search_rowid, old.sender_name, old.sender_address);
    INSERT INTO sender_search (rowid, sender_name, sender_address)
    VALUES (new.search_rowid, new.sender_name, new.sender_address);
END;
CREATE TRIGGER sla_feed_apply INSTEAD OF INSERT ON sla_feed
BEGIN
    INSERT OR IGNORE INTO sla_facts (conversation_id) VALUES (new.conversation_id);
    -- The status facts need status events and the first customer message in
    -- time order; an event arriving late (an old mail imported) sends to the walk.
    UPDATE sla_facts SET walk = 1
    WHERE conversation_id = new.conversation_id AND (
        (new.kind = 'status' AND (new.at < status_at OR new.at < first_in))
        OR (new.kind = 'message_in' AND new.actor_type = 'customer'
            AND (new.at < first_in OR first_in IS NULL) AND new.at < status_at)
        OR (new.kind = 'status' AND new.status NOT IN ('open', 'pending', 'snoozed'))
    );
    -- A snooze that ended before this event ended by itself (as `_wake` does).
    UPDATE sla_facts SET status = 'open', wake = NULL, paused_at = NULL,
        walk = walk OR (paused_at IS NOT NULL AND pause_start IS NOT NULL),
        pause_start = CASE WHEN paused_at IS NULL THEN pause_start
            ELSE coalesce(pause_start, paused_at) END,
        pause_end = CASE WHEN paused_at IS NULL THEN pause_end
            ELSE coalesce(pause_end, wake) END
    WHERE conversation_id = new.conversation_id AND status = 'snoozed'
        AND wake <= new.at AND (new.kind = 'status' OR (new.kind = 'message_in'
            AND new.actor_type = 'customer' AND first_in IS NULL));
    -- A customer message: the resolution clock starts, paused if waiting.
    UPDATE sla_facts SET
        paused_at = CASE WHEN first_in IS NULL AND status IN ('pending', 'snoozed')
            THEN new.at ELSE paused_at END,
        first_in = min(coalesce(first_in, new.at), new.at),
        since = CASE WHEN new.at >= last_out THEN min(coalesce(since, new.at), new.at)
            ELSE since END
    WHERE conversation_id = new.conversation_id
        AND new.kind = 'message_in' AND new.actor_type = 'customer';
    -- A status change pauses or resumes the resolution clock.
    UPDATE sla_facts SET
        walk = walk OR (new.status = 'open' AND paused_at IS NOT NULL
            AND pause_start IS NOT NULL),
        pause_start = CASE WHEN new.status = 'open' AND paused_at IS NOT NULL
            THEN coalesce(pause_start, paused_at) ELSE pause_start END,
        pause_end = CASE WHEN new.status = 'open' AND paused_at IS NOT NULL
            THEN coalesce(pause_end, new.at) ELSE pause_end END,
        paused_at = CASE WHEN new.status = 'open' THEN NULL
            WHEN first_in IS NOT NULL AND paused_at IS NULL THEN new.at
            ELSE paused_at END,
        status = new.status,
        wake = new.until,
        status_at = new.at
    WHERE conversation_id = new.conversation_id AND new.kind = 'status';
    -- A public reply: response facts, and it follows up a promise made before.
    UPDATE sla_facts SET
        first_out = min(coalesce(first_out, new.at), new.at),
        last_out = max(coalesce(last_out, new.at), new.at),
        since = (SELECT min(e.at) FROM events e
            WHERE e.conversation_id = new.conversation_id AND e.kind = 'message_in'
            AND e.actor_type = 'customer'
            AND e.at >= max(coalesce(sla_facts.last_out, new.at), new.at)),
        promise_id = CASE WHEN promise_at < new.at THEN NULL ELSE promise_id END,
        promise_due = CASE WHEN promise_at < new.at THEN NULL ELSE promise_due END,
        promise_at = CASE WHEN promise_at < new.at THEN NULL ELSE promise_at END
    WHERE conversation_id = new.conversation_id AND new.kind = 'reply_out'
        AND new.actor_type = 'agent' AND new.visibility = 'public';
    -- Promises: one made, pending until a reply after it or a keep of all.
    -- Anything else (a second promise, a keep by number, odd data) is walked.
    UPDATE sla_facts SET
        promises = promises + 1,
        walk = walk OR promises > 0 OR NOT json_valid(new.data_json)
            OR json_type(new.data_json) != 'object'
            OR coalesce(json_type(new.data_json, '$.due'), '') != 'integer',
        promise_id = new.id, promise_at = new.at,
        promise_due = CASE WHEN json_valid(new.data_json)
            AND json_type(new.data_json) = 'object'
            THEN json_extract(new.data_json, '$.due') END
    WHERE conversation_id = new.conversation_id AND new.kind = 'promise_made';
    UPDATE sla_facts SET promise_id = NULL, promise_at = NULL, promise_due = NULL
    WHERE conversation_id = new.conversation_id AND new.kind = 'promise_made'
        AND (EXISTS (SELECT 1 FROM events e WHERE e.conversation_id = new.conversation_id
            AND e.kind = 'reply_out' AND e.actor_type = 'agent'
            AND e.visibility = 'public' AND e.at > new.at)
        OR EXISTS (SELECT 1 FROM events e WHERE e.conversation_id = new.conversation_id
            AND e.kind = 'promise_kept' AND (e.at > new.at OR (e.at = new.at AND e.id > new.id))));
    UPDATE sla_facts SET
        walk = walk OR coalesce(new.data_json, '') NOT IN ('', '{}'),
        promise_id = CASE WHEN promise_at < new.at
            OR (promise_at = new.at AND promise_id < new.id) THEN NULL ELSE promise_id END,
        promise_due = CASE WHEN promise_at < new.at
            OR (promise_at = new.at AND promise_id < new.id) THEN NULL ELSE promise_due END,
        promise_at = CASE WHEN promise_at < new.at
            OR (promise_at = new.at AND promise_id < new.id) THEN NULL ELSE promise_at END
    WHERE conversation_id = new.conversation_id AND new.kind = 'promise_kept';
    UPDATE sla_facts SET last_at = max(coalesce(last_at, new.at), new.at)
    WHERE conversation_id = new.conversation_id;
END;
CREATE VIEW sla_events AS
SELECT id, conversation_id, at, kind, actor_type, visibility, data_json,
    CASE WHEN kind != 'status' THEN NULL
        WHEN coalesce(value, '') = '' THEN 'open'
        WHEN instr(value, ':') THEN substr(value, 1, instr(value, ':') - 1)
        ELSE value END AS status,
    CASE WHEN kind = 'status' AND value GLOB 'snoozed:[0-9]*'
        AND substr(value, 9) NOT GLOB '*[^0-9]*'
        THEN CAST(substr(value, 9) AS INTEGER) END AS until
FROM events;
CREATE VIEW sla_feed AS SELECT * FROM sla_events WHERE 0;
