-- The website chat server's own file (not the inbox): what visitors wrote and
-- what the shop answered, kept before anything is acknowledged. Times are
-- seconds since the Unix epoch, UTC, with fractions.

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE visitors (
    id TEXT PRIMARY KEY,
    -- The visitor's secret token is kept as its SHA-256 only.
    token_sha256 TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    -- 1 when the shop signed the address (identity verification).
    email_verified INTEGER NOT NULL DEFAULT 0,
    language TEXT NOT NULL DEFAULT '',
    page TEXT NOT NULL DEFAULT '',
    topic TEXT NOT NULL DEFAULT '',
    created_at REAL NOT NULL
);

CREATE TABLE files (
    id TEXT PRIMARY KEY,
    visitor_id TEXT NOT NULL REFERENCES visitors(id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
);

CREATE TABLE entries (
    -- AUTOINCREMENT: a number is never given twice, so the channel's cursor
    -- never skips an entry.
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    visitor_id TEXT NOT NULL REFERENCES visitors(id),
    -- The widget's own id of a message, or the outbox's Message-ID of a reply:
    -- a message sent again after a lost acknowledgement is stored once.
    key TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    kind TEXT NOT NULL CHECK (kind IN ('text', 'offline', 'survey', 'rating')),
    text TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    data_json TEXT NOT NULL DEFAULT '{}',
    file_id TEXT REFERENCES files(id),
    at REAL NOT NULL,
    UNIQUE (visitor_id, key)
);
CREATE INDEX entries_visitor ON entries(visitor_id, seq);
CREATE INDEX entries_inbound ON entries(seq) WHERE direction = 'in';
