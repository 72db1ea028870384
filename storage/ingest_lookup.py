"""Set-based look-ups an ingest batch needs before it decides anything."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import aiosqlite

from storage.threads import KnownMessage, RecentConversation

# SQLite's default limit on host parameters is 32766; stay well below it.
_CHUNK = 500


def _chunks(values: Sequence[object], size: int = _CHUNK) -> Iterable[Sequence[object]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _marks(count: int) -> str:
    return ",".join("?" * count)


async def present_external_ids(
    conn: aiosqlite.Connection, channel: str, external_ids: Sequence[str]
) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(list(external_ids)):
        rows = await conn.execute_fetchall(
            "SELECT external_id FROM messages WHERE channel = ? "
            f"AND external_id IN ({_marks(len(chunk))})",
            (channel, *chunk),
        )
        found.update(str(row[0]) for row in rows)
    return found


async def next_ids(conn: aiosqlite.Connection) -> dict[str, int]:
    """The highest ids in use; the batch hands out the following ones itself.

    Safe because the batch runs inside BEGIN IMMEDIATE: no other writer can
    take an id between this look-up and the inserts.
    """
    ids: dict[str, int] = {}
    for table in ("customers", "conversations", "messages", "attachments"):
        rows = list(await conn.execute_fetchall(f"SELECT max(id) FROM {table}"))
        ids[table] = int(rows[0][0] or 0)
    return ids


async def load_chats(
    conn: aiosqlite.Connection, channel: str, thread_keys: Iterable[str]
) -> dict[str, int]:
    """The conversation each chat's thread key last went to on this instance."""
    chats: dict[str, int] = {}
    for chunk in _chunks(sorted(thread_keys)):
        rows = await conn.execute_fetchall(
            "SELECT m.thread_key, m.conversation_id FROM messages m "
            f"WHERE m.channel = ? AND m.thread_key IN ({_marks(len(chunk))}) "
            "ORDER BY m.id",
            (channel, *chunk),
        )
        chats.update((str(key), int(conv)) for key, conv in rows)
    return chats


async def load_known_messages(
    conn: aiosqlite.Connection, message_ids: Iterable[str]
) -> dict[str, list[KnownMessage]]:
    known: dict[str, list[KnownMessage]] = {}
    for chunk in _chunks(sorted(message_ids)):
        rows = await conn.execute_fetchall(
            "SELECT m.message_id_header, m.conversation_id, c.customer_id, "
            "m.direction, m.sender_address, m.recipients_json "
            "FROM messages m JOIN conversations c ON c.id = m.conversation_id "
            f"WHERE m.message_id_header IN ({_marks(len(chunk))}) ORDER BY m.id",
            tuple(chunk),
        )
        for header, conv, customer, direction, sender, recipients in rows:
            people = {str(r["address"]) for r in json.loads(recipients)}
            people.add(str(sender))
            known.setdefault(str(header), []).append(
                KnownMessage(
                    int(conv), int(customer), direction == "out", frozenset(people)
                )
            )
    return known


async def load_recent_conversations(
    conn: aiosqlite.Connection, keys: Iterable[tuple[int, str]]
) -> dict[tuple[int, str], list[RecentConversation]]:
    wanted = sorted(key for key in keys if key[1])
    recent: dict[tuple[int, str], list[RecentConversation]] = {}
    for chunk in _chunks(wanted, 400):
        pairs = ",".join("(?, ?)" for _ in chunk)
        params = [value for pair in chunk for value in pair]  # type: ignore[attr-defined]
        rows = await conn.execute_fetchall(
            "SELECT customer_id, subject_key, id, last_message_at FROM conversations "
            f"WHERE merged_into IS NULL AND (customer_id, subject_key) IN (VALUES {pairs})",
            params,
        )
        for customer, key, conv, last in rows:
            recent.setdefault((int(customer), str(key)), []).append(
                RecentConversation(int(conv), int(last))
            )
    return recent


async def load_statuses(
    conn: aiosqlite.Connection, conversation_ids: Iterable[int]
) -> dict[int, str]:
    statuses: dict[int, str] = {}
    for chunk in _chunks(sorted(conversation_ids)):
        rows = await conn.execute_fetchall(
            f"SELECT id, status FROM conversations WHERE id IN ({_marks(len(chunk))})",
            tuple(chunk),
        )
        statuses.update((int(conv), str(status)) for conv, status in rows)
    return statuses
