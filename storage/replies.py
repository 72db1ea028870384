"""Canned replies: named templates the shop answers with."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storage.connection import Store
from storage.errors import NotFound


@dataclass(frozen=True, slots=True)
class CannedReply:
    id: int
    name: str
    title: str
    body: str
    tags: tuple[str, ...]
    updated_at: int


_COLUMNS = "id, name, title, body, tags_json, updated_at"


def _reply(row: Sequence[Any]) -> CannedReply:
    id_, name, title, body, tags, updated = row
    return CannedReply(id_, name, title, body, tuple(json.loads(tags)), updated)


async def save_reply(
    store: Store,
    name: str,
    body: str,
    title: str = "",
    tags: tuple[str, ...] = (),
    at: int | None = None,
) -> CannedReply:
    """Create the reply, or replace the one with this name."""
    stamp = int(time.time()) if at is None else at
    async with store.transaction():
        await store.conn.execute(
            "INSERT INTO canned_replies (name, title, body, tags_json, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
            "title = excluded.title, body = excluded.body, "
            "tags_json = excluded.tags_json, updated_at = excluded.updated_at",
            (name, title, body, json.dumps(list(tags), ensure_ascii=False), stamp),
        )
    return await get_reply(store, name)


async def get_reply(store: Store, name: str) -> CannedReply:
    rows = list(
        await store.conn.execute_fetchall(
            f"SELECT {_COLUMNS} FROM canned_replies WHERE name = ?", (name,)
        )
    )
    if not rows:
        raise NotFound(f"there is no canned reply named {name!r}", "canned reply")
    return _reply(rows[0])


async def list_replies(store: Store) -> list[CannedReply]:
    rows = await store.conn.execute_fetchall(
        f"SELECT {_COLUMNS} FROM canned_replies ORDER BY name"
    )
    return [_reply(row) for row in rows]
