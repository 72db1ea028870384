"""What the store keeps of each customer message's intent: the current reading,
corrections (append-only facts, they teach the model), the order it is about.

No numpy here: the console and the CLI read intents without loading the model.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass

from storage.connection import Store
from storage.errors import NotFound, StoreError

# The messages a reading is for: what customers wrote (not an out-of-office
# reply, a survey answer that asks nothing, or the shop's own mail).
# (The conversation's own events are looked through, by their index.)
CUSTOMER_MESSAGE = (
    "m.direction = 'in' AND m.author_type = 'customer' AND EXISTS (SELECT 1 FROM "
    "events e WHERE e.conversation_id = m.conversation_id AND e.message_id = m.id "
    "AND e.kind = 'message_in')"
)


@dataclass(frozen=True, slots=True)
class IntentRow:
    """A message's intent as stored."""

    message_id: int
    intent: str
    confidence: float
    also: tuple[str, ...]
    language: str
    order_id: int | None
    order_number: str
    order_match: str
    source: str  # model or person
    read_at: int


@dataclass(frozen=True, slots=True)
class UnreadMessage:
    id: int
    conversation_id: int
    customer_id: int
    subject: str
    text: str
    sent_at: int


_ROW = (
    "SELECT message_id, intent, confidence, also_json, language, order_id, "
    "order_number, order_match, source, read_at FROM message_intents"
)


def _intent(row: Sequence[object]) -> IntentRow:
    return IntentRow(
        int(str(row[0])),
        str(row[1]),
        float(str(row[2])),
        tuple(json.loads(str(row[3]))),
        str(row[4]),
        int(str(row[5])) if row[5] is not None else None,
        str(row[6]),
        str(row[7]),
        str(row[8]),
        int(str(row[9])),
    )


async def unread_messages(
    store: Store,
    since: int,
    limit: int,
    message_ids: Sequence[int] = (),
    below: int | None = None,
) -> list[UnreadMessage]:
    """Customer messages sent at or after `since` that have no reading yet,
    the latest stored first (those are the ones the automation may answer);
    `below`: only ids under it, to go on from a previous batch."""
    only = f"AND m.id IN ({','.join('?' * len(message_ids))})" if message_ids else ""
    rows = await store.conn.execute_fetchall(
        "SELECT m.id, m.conversation_id, c.customer_id, m.subject, m.body_text, "
        "m.sent_at FROM messages m JOIN conversations c ON c.id = m.conversation_id "
        f"WHERE m.id < ? AND m.sent_at >= ? AND {CUSTOMER_MESSAGE} {only} AND NOT "
        "EXISTS (SELECT 1 FROM message_intents i WHERE i.message_id = m.id) "
        "ORDER BY m.id DESC LIMIT ?",
        (below if below is not None else 1 << 62, since, *message_ids, limit),
    )
    return [UnreadMessage(*(r[i] for i in range(6))) for r in rows]


async def save_readings(store: Store, rows: Sequence[tuple[object, ...]]) -> None:
    """Store readings (message_id, intent, confidence, also_json, language,
    order_id, order_number, order_match, model, read_at); a person's
    correction is never overwritten by the model."""
    await store.conn.executemany(
        "INSERT INTO message_intents (message_id, intent, confidence, also_json, "
        "language, order_id, order_number, order_match, source, model, read_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'model', ?, ?) ON CONFLICT (message_id) DO "
        "UPDATE SET intent = excluded.intent, confidence = excluded.confidence, "
        "also_json = excluded.also_json, language = excluded.language, "
        "order_id = excluded.order_id, order_number = excluded.order_number, "
        "order_match = excluded.order_match, model = excluded.model, "
        "read_at = excluded.read_at WHERE message_intents.source = 'model'",
        rows,
    )


async def message_intent(store: Store, message_id: int) -> IntentRow | None:
    rows = list(
        await store.conn.execute_fetchall(f"{_ROW} WHERE message_id = ?", (message_id,))
    )
    return _intent(rows[0]) if rows else None


async def conversation_intents(store: Store, conversation_id: int) -> list[IntentRow]:
    """The readings of a conversation's customer messages, oldest first."""
    rows = await store.conn.execute_fetchall(
        f"{_ROW} WHERE message_id IN (SELECT id FROM messages WHERE "
        "conversation_id = ?) ORDER BY message_id",
        (conversation_id,),
    )
    return [_intent(row) for row in rows]


async def latest_intents(
    store: Store, conversation_ids: Sequence[int]
) -> dict[int, str]:
    """Each conversation's intent: that of its newest customer message read."""
    if not conversation_ids:
        return {}
    marks = ",".join("?" * len(conversation_ids))
    rows = await store.conn.execute_fetchall(
        "SELECT m.conversation_id, i.intent FROM message_intents i JOIN messages m "
        f"ON m.id = i.message_id WHERE m.conversation_id IN ({marks}) "
        "ORDER BY m.sent_at, m.id",
        tuple(conversation_ids),
    )
    return {int(r[0]): str(r[1]) for r in rows}  # later rows win: the newest


async def correct_intent(
    store: Store,
    message_id: int,
    intent: str,
    actor: str,
    intents: Sequence[str],
    at: int | None = None,
) -> str:
    """A person says what the message asks: recorded as a fact (the model
    learns from it at its next fit) and shown at once. Returns the previous
    intent ('' if it had none)."""
    if intent not in intents:
        raise StoreError(f"unknown intent {intent!r}: use {', '.join(intents)}")
    stamp = int(time.time()) if at is None else at
    async with store.transaction():
        previous = await message_intent(store, message_id)
        if previous is None and not await _is_customer_message(store, message_id):
            raise NotFound(f"message {message_id} is no customer message", "message")
        old = previous.intent if previous else ""
        await store.conn.execute(
            "INSERT INTO intent_corrections (message_id, intent, previous, actor, at) "
            "VALUES (?, ?, ?, ?, ?)",
            (message_id, intent, old, actor, stamp),
        )
        await store.conn.execute(
            "INSERT INTO message_intents (message_id, intent, confidence, source, "
            "read_at) VALUES (?, ?, 1.0, 'person', ?) ON CONFLICT (message_id) DO "
            "UPDATE SET intent = excluded.intent, confidence = 1.0, source = 'person', "
            "read_at = excluded.read_at",
            (message_id, intent, stamp),
        )
    return old


async def _is_customer_message(store: Store, message_id: int) -> bool:
    rows = await store.conn.execute_fetchall(
        f"SELECT 1 FROM messages m WHERE m.id = ? AND {CUSTOMER_MESSAGE}",
        (message_id,),
    )
    return bool(list(rows))


async def latest_customer_message(store: Store, conversation_id: int) -> int | None:
    rows = list(
        await store.conn.execute_fetchall(
            f"SELECT m.id FROM messages m WHERE m.conversation_id = ? AND "
            f"{CUSTOMER_MESSAGE} ORDER BY m.sent_at DESC, m.id DESC LIMIT 1",
            (conversation_id,),
        )
    )
    return int(rows[0][0]) if rows else None


async def latest_reading(store: Store, conversation_id: int) -> IntentRow | None:
    """The reading of the conversation's newest customer message read."""
    rows = list(
        await store.conn.execute_fetchall(
            f"{_ROW} WHERE message_id = (SELECT m.id FROM messages m JOIN "
            "message_intents i ON i.message_id = m.id WHERE m.conversation_id = ? "
            "ORDER BY m.sent_at DESC, m.id DESC LIMIT 1)",
            (conversation_id,),
        )
    )
    return _intent(rows[0]) if rows else None
