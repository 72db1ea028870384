-- What the timers of a conversation need, kept up to date as events arrive, so
-- that the deadlines of 100,000 open conversations are read in one pass (see
-- storage/sla/facts.py). A conversation whose history these facts cannot tell
-- exactly (a close and reopen, two pauses, out-of-order status events, a promise
-- kept by number...) is flagged `walk`: the full timer walk decides for it.

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
);

-- Events with the status value parsed, as the walk parses it.
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

-- Inserting here applies one event to the facts. The trigger on events feeds it
-- live; the backfill below feeds it the past, in the walk's order.
CREATE VIEW sla_feed AS SELECT * FROM sla_events WHERE 0;

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

CREATE TRIGGER events_feed_sla_facts AFTER INSERT ON events
BEGIN
    INSERT INTO sla_feed SELECT * FROM sla_events WHERE id = new.id;
END;

INSERT INTO sla_feed SELECT * FROM sla_events ORDER BY conversation_id, at, id;
