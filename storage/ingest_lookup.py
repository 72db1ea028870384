"""Set-based look-ups an ingest batch needs before it decides anything."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite

from storage.threads import KnownMessage, RecentConversation

# SQLite's default limit on host parameters is 32766; stay well below it.
_CHUNK = 500


def _chunks(values: Sequence[object], size: int = _CHUNK) -> Iterable[Sequence[object]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _marks(count: int) -> str:
    return ",".join("?" * count)


def pairs_table(name: str, count: int) -> str:
    """`WITH name(a, b) AS (VALUES (?, ?), ...)`: pairs to look up by joining
    (CROSS JOIN, so that SQLite walks the pairs and searches the table's index
    for each). A row-value `(a, b) IN (VALUES ...)` is never searched in an
    index by SQLite: it scanned the whole table for each batch, a cost that
    grew with the store (a tenth of an import's storing time at 100,000)."""
    return f"WITH {name} AS (VALUES {','.join('(?, ?)' for _ in range(count))})"


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


async def present_content(
    conn: aiosqlite.Connection, digests: Sequence[str]
) -> set[tuple[str, str]]:
    """(content hash, Message-ID or '') of the stored messages, in any channel,
    that have one of these content hashes (storage.content_hash)."""
    found: set[tuple[str, str]] = set()
    for chunk in _chunks(list(digests)):
        rows = await conn.execute_fetchall(
            "SELECT content_sha256, coalesce(message_id_header, '') FROM messages "
            f"WHERE content_sha256 IN ({_marks(len(chunk))})",
            tuple(chunk),
        )
        found.update((str(digest), str(header)) for digest, header in rows)
    return found


async def sent_by_outbox(
    conn: aiosqlite.Connection, message_ids: Sequence[str]
) -> set[str]:
    """Which of these Message-IDs the outbox chose: the shop's own replies,
    stored when sent, coming back (a Sent folder's copy, an archive)."""
    found: set[str] = set()
    for chunk in _chunks(list(message_ids)):
        rows = await conn.execute_fetchall(
            "SELECT message_id_header FROM messages WHERE message_id_header IN "
            f"({_marks(len(chunk))}) AND external_id = 'outbox:' || message_id_header",
            tuple(chunk),
        )
        found.update(str(row[0]) for row in rows)
    return found


async def load_chats(
    conn: aiosqlite.Connection, channel: str, thread_keys: Iterable[str]
) -> dict[str, tuple[int, int]]:
    """The conversation each chat's thread key last went to on this instance,
    and its customer."""
    chats: dict[str, tuple[int, int]] = {}
    for chunk in _chunks(sorted(thread_keys)):
        rows = await conn.execute_fetchall(
            "SELECT m.thread_key, m.conversation_id, c.customer_id FROM messages m "
            "JOIN conversations c ON c.id = m.conversation_id "
            f"WHERE m.channel = ? AND m.thread_key IN ({_marks(len(chunk))}) "
            "ORDER BY m.id",
            (channel, *chunk),
        )
        chats.update((str(key), (int(conv), int(who))) for key, conv, who in rows)
    return chats


async def known_addresses(
    conn: aiosqlite.Connection, addresses: list[str]
) -> dict[str, int]:
    """The (live, merges followed) customer of each known e-mail address."""
    found: dict[str, int] = {}
    for chunk in _chunks(addresses):
        rows = await conn.execute_fetchall(
            "SELECT i.value, coalesce(c.merged_into, c.id) FROM identities i "
            "JOIN customers c ON c.id = i.customer_id "
            f"WHERE i.kind = 'email' AND i.value IN ({_marks(len(chunk))})",
            tuple(chunk),
        )
        found.update((str(value), int(cid)) for value, cid in rows)
    return found


def _known(
    conv: Any, customer: Any, direction: Any, sender: Any, people: Any
) -> KnownMessage:
    participants = {str(r["address"]) for r in json.loads(people)}
    participants.add(str(sender))
    participants.discard("")  # no address is nobody's
    return KnownMessage(
        int(conv), int(customer), direction == "out", frozenset(participants)
    )


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
        for header, *facts in rows:
            known.setdefault(str(header), []).append(_known(*facts))
    return known


# A message's parent: its In-Reply-To, else the last of its References (RFC
# 5322 3.6.4); indexed (migration 0007) for the first message of a thread
# that arrives after its replies.
_PARENT = "coalesce(m.in_reply_to, json_extract(m.references_json, '$[#-1]'))"
_HAS_PARENT = "(m.in_reply_to IS NOT NULL OR m.references_json <> '[]')"


async def load_replies(
    conn: aiosqlite.Connection, message_ids: Iterable[str]
) -> dict[str, list[tuple[str, KnownMessage]]]:
    """Stored messages answering each of these Message-IDs, with their own ids."""
    replies: dict[str, list[tuple[str, KnownMessage]]] = {}
    for chunk in _chunks(sorted(message_ids)):
        rows = await conn.execute_fetchall(
            f"SELECT {_PARENT}, m.message_id_header, m.conversation_id, "
            "c.customer_id, m.direction, m.sender_address, m.recipients_json "
            "FROM messages m JOIN conversations c ON c.id = m.conversation_id "
            f"WHERE {_HAS_PARENT} AND {_PARENT} IN ({_marks(len(chunk))}) "
            "ORDER BY m.id",
            tuple(chunk),
        )
        for parent, own, *facts in rows:
            replies.setdefault(str(parent), []).append((str(own or ""), _known(*facts)))
    return replies


async def load_recent_conversations(
    conn: aiosqlite.Connection, keys: Iterable[tuple[int, str]]
) -> dict[tuple[int, str], list[RecentConversation]]:
    wanted = sorted(key for key in keys if key[1])
    recent: dict[tuple[int, str], list[RecentConversation]] = {}
    for chunk in _chunks(wanted, 400):
        params = [value for pair in chunk for value in pair]  # type: ignore[attr-defined]
        rows = await conn.execute_fetchall(
            f"{pairs_table('wanted(customer, subject)', len(chunk))} "
            "SELECT c.customer_id, c.subject_key, c.id, c.last_message_at "
            "FROM wanted CROSS JOIN conversations c ON c.customer_id = wanted.customer "
            "AND c.subject_key = wanted.subject WHERE c.merged_into IS NULL",
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
