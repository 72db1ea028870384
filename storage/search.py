"""Full-text search over messages, newest first.

The index's rowids are ordered by message time, so `ORDER BY rowid DESC` walks
the index backwards and stops after one page, instead of ranking every match
(bm25 on a common word costs close to a second at a million messages).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage.models import SearchHit, utc

if TYPE_CHECKING:
    from storage.connection import Store

_SEARCH = """
SELECT m.id, m.conversation_id, m.subject, m.sender_name, m.sender_address,
       m.sent_at, snippet(message_search, 1, '[', ']', '…', 12)
FROM message_search
JOIN messages m ON m.search_rowid = message_search.rowid
WHERE message_search MATCH ?
ORDER BY message_search.rowid DESC
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


def _hit(row: Sequence[Any]) -> SearchHit:
    sent_at = utc(row[5])
    assert sent_at is not None
    return SearchHit(row[0], row[1], row[2], row[3], row[4], sent_at, row[6])


async def search_messages(
    store: Store, text: str, limit: int = 50, offset: int = 0
) -> list[SearchHit]:
    query = fts_query(text)
    if query is None:
        return []
    rows = await store.conn.execute_fetchall(_SEARCH, (query, limit, offset))
    return [_hit(row) for row in rows]


def search_messages_readonly(
    path: Path, text: str, limit: int = 50, offset: int = 0
) -> list[SearchHit]:
    """The same search on a read-only connection, for one-shot commands.

    A script running `comptoir search` pays for neither the event loop nor the
    database thread: it opens, reads one page and exits.
    """
    query = fts_query(text)
    if query is None:
        return []
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute(_SEARCH, (query, limit, offset)).fetchall()
    finally:
        conn.close()
    return [_hit(row) for row in rows]
