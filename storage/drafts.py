"""Drafts: what the shop is writing, kept so that a crash or a quit loses nothing."""

from __future__ import annotations

import time
from dataclasses import dataclass

from storage.connection import Store


@dataclass(frozen=True, slots=True)
class Draft:
    conversation_id: int
    body: str
    seen_message_id: int | None
    started_at: int
    updated_at: int


async def newest_customer_message(store: Store, conversation_id: int) -> int | None:
    rows = await store.conn.execute_fetchall(
        "SELECT max(id) FROM messages WHERE conversation_id = ? AND direction = 'in'",
        (conversation_id,),
    )
    value = next(iter(rows))[0]
    return None if value is None else int(value)


async def save_draft(
    store: Store, conversation_id: int, body: str, *, at: int | None = None
) -> None:
    """Keep the text; the first save remembers the newest customer message seen."""
    stamp = int(time.time()) if at is None else at
    seen = await newest_customer_message(store, conversation_id)
    async with store.transaction():
        await store.conn.execute(
            "INSERT INTO drafts (conversation_id, body, seen_message_id, started_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (conversation_id) DO "
            "UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
            (conversation_id, body, seen, stamp, stamp),
        )


async def get_draft(store: Store, conversation_id: int) -> Draft | None:
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT conversation_id, body, seen_message_id, started_at, updated_at "
            "FROM drafts WHERE conversation_id = ?",
            (conversation_id,),
        )
    )
    return Draft(*rows[0]) if rows else None


async def mark_draft_seen(store: Store, conversation_id: int) -> None:
    """The agent has read what arrived since the draft began."""
    seen = await newest_customer_message(store, conversation_id)
    async with store.transaction():
        await store.conn.execute(
            "UPDATE drafts SET seen_message_id = ? WHERE conversation_id = ?",
            (seen, conversation_id),
        )


async def drop_draft(store: Store, conversation_id: int) -> None:
    """Forget the draft, inside the caller's transaction (the one that sends it)."""
    await store.conn.execute(
        "DELETE FROM drafts WHERE conversation_id = ?", (conversation_id,)
    )


async def discard_draft(store: Store, conversation_id: int) -> None:
    async with store.transaction():
        await drop_draft(store, conversation_id)


async def arrived_since_draft(store: Store, conversation_id: int) -> list[int]:
    """Customer messages newer than what the draft's author had seen (the send guard)."""
    rows = await store.conn.execute_fetchall(
        "SELECT m.id FROM messages m JOIN drafts d ON d.conversation_id = m.conversation_id "
        "WHERE m.conversation_id = ? AND m.direction = 'in' "
        "AND m.id > coalesce(d.seen_message_id, 0) ORDER BY m.id",
        (conversation_id,),
    )
    return [int(row[0]) for row in rows]
