"""Languages in the store: each customer message's, each conversation's, and
the one a person set for a customer.

A conversation's detected language follows its customer's messages: a sure
detection over a guess, else the later message. A person's choice on a
conversation stops detection there and is remembered for the customer: their
later conversations take it (a trigger of migration 0011 does that on insert).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite

from storage.connection import Store
from storage.errors import NotFound
from storage.languages import SURE, Detection, Detector, shop_detector

# (language, sure, sent_at, conversation): the message decides when it is better.
_DECIDE = (
    "UPDATE conversations SET language = ?1, language_source = 'detected', "
    "language_sure = ?2, language_at = ?3 WHERE id = ?4 "
    "AND coalesce(language_source, 'detected') = 'detected' AND (language IS NULL "
    "OR ?2 > language_sure OR (?2 = language_sure AND ?3 >= coalesce(language_at, 0)))"
)
BACKFILL_BATCH = 500


@dataclass(frozen=True, slots=True)
class ConversationLanguage:
    language: str | None  # None: not known yet
    source: str | None  # 'detected', 'customer' (remembered), 'agent'


async def decide_conversations(
    conn: aiosqlite.Connection, detections: Iterable[tuple[str, bool, int, int]]
) -> None:
    """Let each detected message, `(language, sure, sent_at, conversation)`,
    decide its conversation's language if it is the better evidence."""
    await conn.executemany(
        _DECIDE, [(code, int(sure), at, cid) for code, sure, at, cid in detections]
    )


async def _conversation(
    conn: aiosqlite.Connection, conversation_id: int, columns: str
) -> Sequence[Any]:
    rows = list(
        await conn.execute_fetchall(
            f"SELECT {columns} FROM conversations WHERE id = ?", (conversation_id,)
        )
    )
    if not rows:
        raise NotFound(f"there is no conversation {conversation_id}", "conversation")
    return rows[0]


async def conversation_language(
    store: Store, conversation_id: int
) -> ConversationLanguage:
    row = await _conversation(store.conn, conversation_id, "language, language_source")
    return ConversationLanguage(row[0], row[1])


async def set_conversation_language(
    store: Store, conversation_id: int, language: str | None
) -> ConversationLanguage:
    """A person's choice: this conversation is in `language`, and so are the
    customer's later ones. None: detect it again, and forget the customer's."""
    async with store.transaction():
        customer = await _customer_of(store.conn, conversation_id)
        await store.conn.execute(
            "UPDATE customers SET language = ? WHERE id = ?", (language, customer)
        )
        # Conversations that took the customer's former choice take the new one.
        await store.conn.execute(
            "UPDATE conversations SET language = ? WHERE customer_id = ? "
            "AND language_source = 'customer' AND ? IS NOT NULL",
            (language, customer, language),
        )
        if language is None:
            await _detect_again(store.conn, customer, conversation_id)
        else:
            await store.conn.execute(
                "UPDATE conversations SET language = ?, language_source = 'agent' "
                "WHERE id = ?",
                (language, conversation_id),
            )
    return await conversation_language(store, conversation_id)


async def _customer_of(conn: aiosqlite.Connection, conversation_id: int) -> int:
    return int((await _conversation(conn, conversation_id, "customer_id"))[0])


async def _detect_again(
    conn: aiosqlite.Connection, customer: int, conversation_id: int
) -> None:
    """The conversation, and those that took the customer's choice, go back to
    what their messages say."""
    await conn.execute(
        "UPDATE conversations SET language = NULL, language_source = NULL, "
        "language_sure = 0, language_at = NULL WHERE id = ? OR (customer_id = ? "
        "AND language_source = 'customer')",
        (conversation_id, customer),
    )
    rows = await conn.execute_fetchall(
        "SELECT m.language, m.language_confidence >= ?, m.sent_at, m.conversation_id "
        "FROM messages m JOIN conversations c ON c.id = m.conversation_id "
        "WHERE c.customer_id = ? AND c.language_source IS NULL "
        "AND m.direction = 'in' AND m.language <> ''",
        (SURE, customer),
    )
    await decide_conversations(
        conn, [(str(r[0]), bool(r[1]), r[2], r[3]) for r in rows]
    )


async def detect_stored(
    store: Store, detector: Detector | None = None, batch: int = BACKFILL_BATCH
) -> int:
    """Read the language of customer messages stored before detection existed,
    a batch per transaction; returns how many were read."""
    detector = detector or shop_detector()
    done = 0
    while True:
        rows = list(
            await store.conn.execute_fetchall(
                "SELECT id, conversation_id, body_text, subject, sent_at, author_type "
                "FROM messages WHERE language IS NULL AND direction = 'in' LIMIT ?",
                (batch,),
            )
        )
        if not rows:
            return done
        found = await asyncio.to_thread(_detect_rows, detector, rows)
        async with store.transaction():
            await store.conn.executemany(
                "UPDATE messages SET language = ?, language_confidence = ? WHERE id = ?",
                [
                    (d.language if d else "", d.confidence if d else None, r[0])
                    for r, d in found
                ],
            )
            await decide_conversations(
                store.conn,
                [(d.language, d.sure, r[4], r[1]) for r, d in found if d is not None],
            )
        done += len(rows)


def _detect_rows(
    detector: Detector, rows: list[Any]
) -> list[tuple[Any, Detection | None]]:
    """Off the event loop: the app stays live while an old store is read."""
    return [
        (row, detector.detect_message(row[2], row[3]) if row[5] == "customer" else None)
        for row in rows
    ]
