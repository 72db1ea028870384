"""Full-text search over messages, newest first, in the console's search
language (storage/query.py; what each prefix matches: storage/query_sql.py).

The index's rowids are ordered by message time, so `ORDER BY rowid DESC` walks
the index backwards and stops after one page, instead of ranking every match
(bm25 on a common word costs close to a second at a million messages).
`from:` reads the senders' own index, sender_search (0014), in the same order.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

# Spelled out rather than imported: typing costs start-up time here.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path
    from typing import Any

    from storage.connection import Store


class SearchHit:
    """One matching message. A plain class: `comptoir search` runs once per
    call from scripts, and building dataclasses costs start-up time."""

    __slots__ = (
        "conversation_id",
        "message_id",
        "sender_address",
        "sender_name",
        "sent_at",
        "snippet",
        "subject",
    )

    def __init__(
        self,
        message_id: int,
        conversation_id: int,
        subject: str,
        sender_name: str,
        sender_address: str,
        sent_at: datetime,
        snippet: str,
    ) -> None:
        self.message_id = message_id
        self.conversation_id = conversation_id
        self.subject = subject
        self.sender_name = sender_name
        self.sender_address = sender_address
        self.sent_at = sent_at
        self.snippet = snippet

    def as_dict(self) -> dict[str, object]:
        return {
            "message_id": self.message_id,
            "conversation_id": self.conversation_id,
            "subject": self.subject,
            "sender_name": self.sender_name,
            "sender_address": self.sender_address,
            "sent_at": self.sent_at,
            "snippet": self.snippet,
        }


_COLUMNS = (
    "m.id, m.conversation_id, m.subject, m.sender_name, m.sender_address, m.sent_at"
)


def _walk(index: str, shown: str) -> str:
    """The matches of a full-text `index` over messages, newest first."""
    return f"""
SELECT {_COLUMNS}, {shown}
FROM {index} JOIN messages m ON m.search_rowid = {index}.rowid
{{join}}
WHERE {index} MATCH ? AND {index}.rowid >= ? AND {index}.rowid < ?
{{where}}
ORDER BY {index}.rowid DESC
LIMIT ? OFFSET ?
"""


_MATCHED = _walk("message_search", "snippet(message_search, 1, '[', ']', '…', 12)")
# `from:` alone: the senders' own index (0014), walked the same way.
_FROM = _walk("sender_search", "substr(m.body_text, 1, 200)")
# `from:` with words: the words' matches, of the senders matched.
_OF_SENDERS = (
    " AND message_search.rowid IN "
    "(SELECT rowid FROM sender_search WHERE sender_search MATCH ?)"
)
# No words: the messages of the conversations chosen, newest first.
_LISTED = f"""
SELECT {_COLUMNS}, substr(m.body_text, 1, 200)
FROM messages m {{join}}
WHERE m.search_rowid >= ? AND m.search_rowid < ? {{where}}
ORDER BY m.search_rowid DESC
LIMIT ? OFFSET ?
"""


def fts_query(text: str) -> str | None:
    """Each word of the user's text as a quoted phrase, all required.

    Quoting makes any text safe: `NOT`, `OR`, `*`, `:` and stray quotes are
    searched for, never interpreted. None when there is nothing to search.
    """
    words = [word.replace('"', '""') for word in text.split()]
    words = [word for word in words if any(ch.isalnum() for ch in word)]
    return " ".join(f'"{word}"' for word in words) or None


def _statement(
    text: str, limit: int, offset: int, now: datetime | None
) -> tuple[str, list[object]] | None:
    """The SQL of a search in the console's language, or None if it asks for
    nothing; raises QueryError for a prefix written wrongly."""
    if ":" not in text:  # words alone, the common case: no parser to load
        match = fts_query(text)
        if match is None:
            return None
        sql = _MATCHED.format(join="", where="")
        return sql, [match, 0, 1 << 62, limit, offset]
    from storage.query import parse_query
    from storage.query_sql import (
        conversation_clauses,
        message_match,
        message_time_bounds,
        sender_match,
    )

    query = parse_query(text)
    if not query.words and not query.terms:
        return None
    where, params = conversation_clauses(query, now, of_messages=True)
    low, high = message_time_bounds(query, now)
    join = "JOIN conversations c ON c.id = m.conversation_id" if len(where) > 1 else ""
    extra = "".join(f" AND {clause}" for clause in where[1:])
    match, senders = message_match(query), sender_match(query)
    if match is None and senders is None and not query.terms:
        return None  # words with nothing to search for: `"`, `*`
    tail = [*params, limit, offset]
    if match is not None and senders is not None:
        sql = _MATCHED.format(join=join, where=_OF_SENDERS + extra)
        return sql, [match, low, high, senders, *tail]
    if match is not None:
        return _MATCHED.format(join=join, where=extra), [match, low, high, *tail]
    if senders is not None:
        return _FROM.format(join=join, where=extra), [senders, low, high, *tail]
    return _LISTED.format(join=join, where=extra), [low, high, *tail]


def _hit(row: Sequence[Any]) -> SearchHit:
    sent_at = datetime.fromtimestamp(row[5], UTC)
    snippet = " ".join((row[6] or "").split())
    return SearchHit(row[0], row[1], row[2], row[3], row[4], sent_at, snippet)


async def search_messages(
    store: Store,
    text: str,
    limit: int = 50,
    offset: int = 0,
    now: datetime | None = None,
) -> list[SearchHit]:
    """Messages matching `text` (words and the console's prefixes), newest first;
    `now` (in the shop's zone) anchors `after:7d` and zone-less dates."""
    found = _statement(text, limit, offset, now)
    if found is None:
        return []
    rows = await store.conn.execute_fetchall(*found)
    return [_hit(row) for row in rows]


def _readonly_uri(path: str) -> str:
    import os

    quoted = (
        os.path.abspath(path)
        .replace("%", "%25")
        .replace("?", "%3f")
        .replace("#", "%23")
    )
    return f"file:{quoted}?mode=ro"


def search_messages_readonly(
    path: Path | str,
    text: str,
    limit: int = 50,
    offset: int = 0,
    now: datetime | None = None,
) -> list[SearchHit]:
    """The same search on a read-only connection, for one-shot commands.

    A script running `comptoir search` pays for neither the event loop nor the
    database thread: it opens, reads one page and exits. An inbox an older
    comptoir wrote is migrated first, as opening it anywhere else would.
    """
    found = _statement(text, limit, offset, now)
    if found is None:
        return []
    try:
        rows = _read(path, *found)
    except sqlite3.OperationalError:  # a table a pending migration adds?
        if not _migrate(path):
            raise
        rows = _read(path, *found)
    return [_hit(row) for row in rows]


def _read(path: Path | str, sql: str, params: list[object]) -> list[Any]:
    conn = sqlite3.connect(_readonly_uri(str(path)), uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _migrate(path: Path | str) -> bool:
    """Apply the pending migrations; False when there were none."""
    import asyncio
    from pathlib import Path

    from storage.connection import open_store
    from storage.migrations import migrate

    async def run() -> list[str]:
        async with open_store(Path(path), apply_migrations=False) as store:
            return await migrate(store.conn)

    return bool(asyncio.run(run()))
