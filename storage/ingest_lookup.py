"""Set-based look-ups an ingest batch needs before it decides anything."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence

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


async def resolve_customers(
    conn: aiosqlite.Connection,
    names: Mapping[str, str],
    ids: dict[str, int],
    now: int,
) -> dict[str, int]:
    """Customer id per e-mail address, creating customers for new addresses.

    New customers are numbered in the order their addresses first appear, and a
    name fills an empty one, as if the messages had been stored one by one.
    """
    addresses = list(names)
    found: dict[str, int] = {}
    for chunk in _chunks(addresses):
        rows = await conn.execute_fetchall(
            "SELECT i.value, coalesce(c.merged_into, c.id) FROM identities i "
            "JOIN customers c ON c.id = i.customer_id "
            f"WHERE i.kind = 'email' AND i.value IN ({_marks(len(chunk))})",
            tuple(chunk),
        )
        found.update((str(value), int(cid)) for value, cid in rows)
    new_customers = []
    new_identities = []
    for address in addresses:
        if address in found:
            continue
        ids["customers"] += 1
        found[address] = ids["customers"]
        new_customers.append((ids["customers"], names[address], now))
        new_identities.append((ids["customers"], address, names[address]))
    await conn.executemany(
        "INSERT INTO customers (id, name, created_at) VALUES (?, ?, ?)", new_customers
    )
    await conn.executemany(
        "INSERT INTO identities (customer_id, kind, value, display_name) "
        "VALUES (?, 'email', ?, ?)",
        new_identities,
    )
    named = [(names[a], found[a]) for a in addresses if names[a]]
    await conn.executemany(
        "UPDATE customers SET name = ? WHERE id = ? AND name = ''", named
    )
    await conn.executemany(
        "UPDATE identities SET display_name = ? "
        "WHERE kind = 'email' AND value = ? AND display_name = ''",
        [(names[a], a) for a in addresses if names[a]],
    )
    return found


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
