"""Where each channel instance has got to, and storing a batch with its cursor.

A channel's cursor is its own text (JSON for email: per folder UIDVALIDITY and
the last UID). Because a batch of messages and the cursor it brings the
instance to are committed together, a fetch killed at any instant resumes
exactly after the last stored batch: nothing is lost (the cursor never runs
ahead of the messages) and nothing is doubled (the messages never run ahead of
the cursor, and their (channel, external_id) is unique anyway).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from plugins.api import FetchProblem
from storage.connection import Store
from storage.ingest import IngestItem, IngestResult, ingest_in_transaction
from storage.ingest_lookup import present_external_ids

_CHUNK = 500


async def read_cursor(store: Store, channel: str) -> str | None:
    """The instance's cursor as last stored; None before its first batch."""
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT cursor FROM sync_cursors WHERE channel = ? AND scope = ''",
            (channel,),
        )
    )
    return str(rows[0][0]) if rows else None


async def _save_cursor(store: Store, channel: str, cursor: str) -> None:
    await store.conn.execute(
        "INSERT INTO sync_cursors (channel, scope, cursor, updated_at) "
        "VALUES (?, '', ?, ?) ON CONFLICT (channel, scope) DO UPDATE SET "
        "cursor = excluded.cursor, updated_at = excluded.updated_at",
        (channel, cursor, int(time.time())),
    )


async def _record_problems(
    store: Store, channel: str, problems: Sequence[FetchProblem], got: list[str]
) -> None:
    now = int(time.time())
    await store.conn.executemany(
        "INSERT INTO fetch_problems (channel, external_id, message, final, first_at, "
        "last_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel, external_id) DO "
        "UPDATE SET message = excluded.message, final = excluded.final, "
        "last_at = excluded.last_at",
        [(channel, p.external_id, p.message, int(p.final), now, now) for p in problems],
    )
    rows = await store.conn.execute_fetchall(
        "SELECT 1 FROM fetch_problems WHERE channel = ? LIMIT 1", (channel,)
    )
    if not rows:
        return
    for start in range(0, len(got), _CHUNK):  # fetched after all: no problem left
        chunk = got[start : start + _CHUNK]
        await store.conn.execute(
            "DELETE FROM fetch_problems WHERE channel = ? AND external_id IN "
            f"({','.join('?' * len(chunk))})",
            (channel, *chunk),
        )


async def ingest_batch(
    store: Store,
    channel: str,
    items: Sequence[IngestItem],
    shop_addresses: frozenset[str] = frozenset(),
    cursor: str | None = None,
    problems: Sequence[FetchProblem] = (),
) -> list[IngestResult]:
    """Store a batch, move the instance's cursor and note its problems, atomically.

    Items already stored (under another key too: storage.ingest) are
    reported 'present'."""
    async with store.transaction():
        results = await ingest_in_transaction(store, channel, items, shop_addresses)
        if cursor is not None:
            await _save_cursor(store, channel, cursor)
        got = [i.message.external_id for i in items]
        await _record_problems(store, channel, problems, got)
    return results


@dataclass(frozen=True, slots=True)
class StoredProblem:
    channel: str
    external_id: str
    message: str
    final: bool
    first_at: int
    last_at: int


async def fetch_problems(
    store: Store, channels: Sequence[str] = (), final_only: bool = True
) -> list[StoredProblem]:
    """What channels could not get, oldest first (only given up ones by default)."""
    where = ["final = 1"] if final_only else []
    if channels:
        where.append(f"channel IN ({','.join('?' * len(channels))})")
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = await store.conn.execute_fetchall(
        "SELECT channel, external_id, message, final, first_at, last_at "
        f"FROM fetch_problems {clause} ORDER BY first_at, channel, external_id",
        tuple(channels),
    )
    return [
        StoredProblem(str(c), str(e), str(m), bool(f), int(a), int(b))
        for c, e, m, f, a, b in rows
    ]


async def stored_external_ids(
    store: Store, channel: str, external_ids: Sequence[str]
) -> set[str]:
    return await present_external_ids(store.conn, channel, external_ids)
