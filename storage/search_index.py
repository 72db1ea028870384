"""Indexing a batch of new messages for search in one statement a table
(message_search, see 0006; sender_search, 0014).

Inside the writer's transaction: `defer` before inserting the batch's
messages, `index` after; a rollback undoes both, so the flag is never seen
outside and no message is ever stored unindexed.
"""

from __future__ import annotations

import aiosqlite


async def defer(conn: aiosqlite.Connection) -> None:
    await conn.execute("INSERT OR IGNORE INTO search_deferred (one) VALUES (1)")


async def index(conn: aiosqlite.Connection, first_id: int, last_id: int) -> None:
    """Index the messages with ids first_id..last_id (the batch's: fresh ids,
    taken under the write lock), then let the trigger index again."""
    await conn.execute(
        "INSERT INTO message_search (rowid, subject, body_text, sender_name, "
        "sender_address) SELECT search_rowid, subject, body_text, sender_name, "
        "sender_address FROM messages WHERE id BETWEEN ? AND ?",
        (first_id, last_id),
    )
    await conn.execute(
        "INSERT INTO sender_search (rowid, sender_name, sender_address) "
        "SELECT search_rowid, sender_name, sender_address FROM messages "
        "WHERE id BETWEEN ? AND ?",
        (first_id, last_id),
    )
    await conn.execute("DELETE FROM search_deferred")
