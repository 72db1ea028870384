"""Checking the store: integrity, foreign keys, the search index, migrations."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from storage.connection import Store
from storage.migrations import applied_migrations, available_migrations


@dataclass(frozen=True, slots=True)
class StoreReport:
    problems: tuple[str, ...]
    applied: tuple[str, ...]
    pending: tuple[str, ...]
    counts: dict[str, int]


# The full-text indexes over messages: the words (0001), the senders (0014).
SEARCH_INDEXES = ("message_search", "sender_search")
_COUNTED = ("customers", "conversations", "messages", "attachments", "events", "orders")


async def _search_indexes(store: Store) -> list[str]:
    """The search indexes the store has: an inbox whose migrations are pending
    (`db check` opens it as it is) may not have the newest yet."""
    rows = await store.conn.execute_fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (?, ?)",
        SEARCH_INDEXES,
    )
    present = {str(row[0]) for row in rows}
    return [index for index in SEARCH_INDEXES if index in present]


async def check_store(store: Store) -> StoreReport:
    conn = store.conn
    problems: list[str] = []
    for (line,) in await conn.execute_fetchall("PRAGMA integrity_check"):
        if line != "ok":
            problems.append(f"integrity: {line}")
    for table, rowid, parent, _ in await conn.execute_fetchall(
        "PRAGMA foreign_key_check"
    ):
        problems.append(f"{table} row {rowid} points at a missing {parent} row")
    for index in await _search_indexes(store):
        try:
            await conn.execute(
                f"INSERT INTO {index} ({index}) VALUES ('integrity-check')"
            )
        except sqlite3.DatabaseError as exc:
            problems.append(
                f"search index: {exc}; `comptoir db check --repair` rebuilds it"
            )
    applied = await applied_migrations(conn)
    known = [m.name for m in available_migrations()]
    unknown = sorted(set(applied) - set(known))
    if unknown:
        problems.append(
            f"the database was migrated by a newer comptoir ({', '.join(unknown)}): "
            "upgrade comptoir before using it"
        )
    counts = {}
    for table in _COUNTED:
        rows = list(await conn.execute_fetchall(f"SELECT count(*) FROM {table}"))
        counts[table] = int(rows[0][0])
    pending = tuple(name for name in known if name not in applied)
    return StoreReport(tuple(problems), tuple(applied), pending, counts)


async def rebuild_search_index(store: Store) -> None:
    async with store.transaction():
        for index in await _search_indexes(store):
            await store.conn.execute(
                f"INSERT INTO {index} ({index}) VALUES ('rebuild')"
            )


async def demo_counts(store: Store, waiting_before: int) -> dict[str, int]:
    """Totals a demo summary shows; `waiting` counts open conversations whose
    last message is the customer's and older than `waiting_before`."""
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT (SELECT count(*) FROM customers WHERE merged_into IS NULL), "
            "(SELECT count(*) FROM messages), (SELECT count(*) FROM orders), "
            "(SELECT count(*) FROM canned_replies), "
            "(SELECT count(*) FROM conversations WHERE status = 'open' "
            " AND last_inbound_at = last_message_at AND last_inbound_at < ?)",
            (waiting_before,),
        )
    )
    customers, messages, orders, replies, waiting = rows[0]
    return {
        "customers": customers,
        "messages": messages,
        "orders": orders,
        "canned_replies": replies,
        "waiting": waiting,
    }
