"""Recording SLA facts as events: promises made and kept, survey answers."""

from __future__ import annotations

import json
import time

from storage.actions import Actor
from storage.connection import Store
from storage.errors import NotFound


async def _exists(store: Store, conversation_id: int) -> None:
    rows = await store.conn.execute_fetchall(
        "SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)
    )
    if not list(rows):
        raise NotFound(f"there is no conversation {conversation_id}", "conversation")


async def _insert(
    store: Store,
    conversation_id: int,
    kind: str,
    actor: Actor,
    at: int | None,
    value: str | None,
    data: dict[str, object],
) -> None:
    await store.conn.execute(
        "INSERT INTO events (conversation_id, at, kind, actor_type, actor, "
        "value, data_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            conversation_id,
            int(time.time()) if at is None else at,
            kind,
            actor.type,
            actor.name,
            value,
            json.dumps(data, ensure_ascii=False),
        ),
    )


async def record_promise(
    store: Store,
    conversation_id: int,
    due: int,
    text: str,
    actor: Actor,
    *,
    at: int | None = None,
) -> None:
    """A reply promised a follow-up by `due`; the next reply keeps it."""
    data = {"due": due, "text": text}
    async with store.transaction():
        await _exists(store, conversation_id)
        await _insert(store, conversation_id, "promise_made", actor, at, text, data)


async def promise_event(
    store: Store, conversation_id: int, due: int, text: str, actor: Actor, at: int
) -> None:
    """`record_promise` inside the caller's transaction (the reply that makes it)."""
    data = {"due": due, "text": text}
    await _insert(store, conversation_id, "promise_made", actor, at, text, data)


async def keep_promise(
    store: Store,
    conversation_id: int,
    actor: Actor,
    *,
    number: int | None = None,
    at: int | None = None,
) -> None:
    """Mark a promise (by its number in the conversation, or all pending) kept."""
    data: dict[str, object] = {} if number is None else {"promise": number}
    async with store.transaction():
        await _exists(store, conversation_id)
        await _insert(store, conversation_id, "promise_kept", actor, at, None, data)
