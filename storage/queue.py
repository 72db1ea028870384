"""The console's queue: which conversations a view holds, in what order, and
the few columns each row shows.

The queue is virtual: `queue_ids` answers only ids (cheap, from indexes), and
`queue_rows` fills the rows on screen, a page at a time.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.connection import Store
from storage.errors import NotFound, StoreError
from storage.query import parse_query
from storage.query_sql import UNANSWERED, conversation_clauses

BUILT_IN_VIEWS: tuple[tuple[str, str], ...] = (
    ("Needs answer", "status:open is:unanswered"),
    ("Open", "status:open"),
    ("Pending", "status:pending"),
    ("Snoozed", "status:snoozed"),
    ("Closed", "status:closed"),
    ("All", ""),
)


@dataclass(frozen=True, slots=True)
class QueueRow:
    id: int
    customer: str
    subject: str
    first_words: str
    channel: str
    status: str
    priority: str
    assignee: str | None
    tags: tuple[str, ...]
    unanswered: bool
    waiting_since: int | None  # the customer's message the shop has not answered
    last_message_at: int
    message_count: int
    language: str | None = None  # the customer's, when known


async def queue_ids(
    store: Store,
    query: str,
    limit: int | None = None,
    now: datetime | None = None,
    among: Sequence[int] | None = None,
) -> list[int]:
    """Ids of the conversations the query selects: those awaiting an answer
    first, longest waiting first; then the others, newest first. `now` (in the
    shop's zone) anchors `after:7d` and zone-less dates. `among`: only these
    conversations (which of them the view holds, after they changed)."""
    parsed = parse_query(query)
    where, params = conversation_clauses(parsed, now)
    if among is not None:
        where.append(f"c.id IN ({','.join('?' * len(among))})")
        params = [*params, *among]
    if "unanswered" in (v.lower() for v in parsed.values("is")):
        order = "c.last_inbound_at, c.id"  # all await an answer: the index's order
    else:
        order = (
            f"({UNANSWERED}) DESC, CASE WHEN {UNANSWERED} THEN c.last_inbound_at "
            "ELSE -c.last_message_at END, c.id"
        )
    # One string rather than 100,000 rows: the transfer is what costs at that size.
    rows = await store.conn.execute_fetchall(
        "SELECT group_concat(id) FROM (SELECT c.id FROM conversations c "
        f"WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ?)",
        [*params, -1 if limit is None else limit],
    )
    joined = next(iter(rows))[0]
    return [int(part) for part in joined.split(",")] if joined else []


async def count_view(store: Store, query: str, now: datetime | None = None) -> int:
    where, params = conversation_clauses(parse_query(query), now)
    rows = await store.conn.execute_fetchall(
        f"SELECT count(*) FROM conversations c WHERE {' AND '.join(where)}", params
    )
    return int(next(iter(rows))[0])


_ROWS = f"""
SELECT c.id, coalesce(nullif(cu.name, ''),
           (SELECT value FROM identities WHERE customer_id = cu.id ORDER BY id LIMIT 1), ''),
       c.subject,
       (SELECT substr(body_text, 1, 160) FROM messages
        WHERE conversation_id = c.id ORDER BY sent_at, id LIMIT 1),
       c.channel, c.status, c.priority, c.assignee,
       (SELECT group_concat(tag, char(31)) FROM
            (SELECT tag FROM conversation_tags WHERE conversation_id = c.id ORDER BY tag)),
       {UNANSWERED}, c.last_inbound_at, c.last_message_at, c.message_count,
       c.language
FROM conversations c JOIN customers cu ON cu.id = c.customer_id
"""


def _row(row: Sequence[Any]) -> QueueRow:
    unanswered = bool(row[9])
    return QueueRow(
        id=row[0],
        customer=row[1],
        subject=row[2],
        first_words=" ".join((row[3] or "").split()),
        channel=row[4],
        status=row[5],
        priority=row[6],
        assignee=row[7],
        tags=tuple(row[8].split("\x1f")) if row[8] else (),
        unanswered=unanswered,
        waiting_since=row[10] if unanswered else None,
        last_message_at=row[11],
        message_count=row[12],
        language=row[13],
    )


async def queue_rows(store: Store, ids: Sequence[int]) -> dict[int, QueueRow]:
    """The rows of these conversations, by id (a page of the queue)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = await store.conn.execute_fetchall(f"{_ROWS} WHERE c.id IN ({marks})", ids)
    return {row[0]: _row(row) for row in rows}


async def saved_views(store: Store) -> list[tuple[str, str]]:
    """The built-in views, then the shop's own, in order."""
    rows = await store.conn.execute_fetchall(
        "SELECT name, query FROM saved_views ORDER BY position, name"
    )
    return [*BUILT_IN_VIEWS, *((str(r[0]), str(r[1])) for r in rows)]


async def save_view(store: Store, name: str, query: str) -> None:
    parse_query(query)  # refuse a wrong query now, not every time it is shown
    async with store.transaction():
        await store.conn.execute(
            "INSERT INTO saved_views (name, query, position) VALUES (?, ?, "
            "(SELECT coalesce(max(position), 0) + 1 FROM saved_views)) "
            "ON CONFLICT (name) DO UPDATE SET query = excluded.query",
            (name, query),
        )


async def rename_view(store: Store, name: str, new_name: str) -> None:
    """A saved view under another name (a built-in view keeps its own)."""
    if not new_name.strip():
        raise StoreError("a view needs a name")
    async with store.transaction():
        await _own_view(store, name)
        taken = await store.conn.execute_fetchall(
            "SELECT 1 FROM saved_views WHERE name = ?", (new_name,)
        )
        if list(taken) or new_name in dict(BUILT_IN_VIEWS):
            raise StoreError(f"there is already a view named {new_name!r}")
        await store.conn.execute(
            "UPDATE saved_views SET name = ? WHERE name = ?", (new_name, name)
        )


async def delete_view(store: Store, name: str) -> None:
    async with store.transaction():
        await _own_view(store, name)
        await store.conn.execute("DELETE FROM saved_views WHERE name = ?", (name,))


async def _own_view(store: Store, name: str) -> None:
    if name in dict(BUILT_IN_VIEWS):
        raise StoreError(f"{name!r} is a built-in view: it cannot be changed")
    found = await store.conn.execute_fetchall(
        "SELECT 1 FROM saved_views WHERE name = ?", (name,)
    )
    if not list(found):
        raise NotFound(f"there is no saved view named {name!r}", "view")


async def wake_snoozed(store: Store, now: int | None = None) -> list[int]:
    """Snoozed conversations whose time has come are open again (an automation)."""
    at = int(time.time()) if now is None else now
    async with store.transaction():
        rows = await store.conn.execute_fetchall(
            "SELECT id, snoozed_until FROM conversations "
            "WHERE status = 'snoozed' AND snoozed_until <= ?",
            (at,),
        )
        woken = [int(row[0]) for row in rows]
        for conversation_id, until in rows:
            await store.conn.execute(
                "UPDATE conversations SET status = 'open', snoozed_until = NULL "
                "WHERE id = ?",
                (conversation_id,),
            )
            await store.conn.execute(
                "INSERT INTO events (conversation_id, at, kind, actor_type, actor, "
                "value, previous) VALUES (?, ?, 'status', 'automation', 'snooze', "
                "'open', ?)",
                (conversation_id, until, f"snoozed:{until}"),
            )
    return woken
