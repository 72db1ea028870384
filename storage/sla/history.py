"""Reading what the timers need from the store: facts and events per conversation."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storage.connection import Store
from storage.errors import NotFound
from storage.sla.engine import Facts, SlaEvent

_EVENTS = (
    "SELECT conversation_id, at, kind, actor_type, value, previous, data_json, id, "
    "visibility FROM events WHERE conversation_id IN (SELECT value FROM json_each(?)) "
    "AND kind IN ('message_in', 'reply_out', 'status', 'priority', 'tag_added', "
    "'tag_removed', 'promise_made', 'promise_kept', 'survey_answer') "
    "ORDER BY conversation_id, at, id"
)


@dataclass(frozen=True, slots=True)
class History:
    facts: Facts
    events: list[SlaEvent]
    status: str
    created_at: int


async def events_of(store: Store, ids: Sequence[int]) -> dict[int, list[SlaEvent]]:
    """The events that move timers, per conversation, in time order."""
    found: dict[int, list[SlaEvent]] = {i: [] for i in ids}
    rows = await store.conn.execute_fetchall(_EVENTS, (json.dumps(list(ids)),))
    for cid, at, kind, actor, value, previous, data, eid, visibility in rows:
        event = SlaEvent(
            at,
            kind,
            actor,
            value,
            SlaEvent.parse_data(data),
            eid,
            visibility,
            previous,
        )
        found[cid].append(event)
    return found


async def tags_of(
    store: Store, ids: Iterable[int]
) -> dict[int, tuple[frozenset[str], frozenset[str]]]:
    """Each conversation's tags and its customer's tags."""
    listed = json.dumps(list(ids))
    rows = await store.conn.execute_fetchall(
        "SELECT c.id, (SELECT group_concat(tag, char(31)) FROM conversation_tags "
        "WHERE conversation_id = c.id), (SELECT group_concat(tag, char(31)) FROM "
        "customer_tags WHERE customer_id = c.customer_id) FROM conversations c "
        "WHERE c.id IN (SELECT value FROM json_each(?))",
        (listed,),
    )
    split = _split
    return {int(r[0]): (split(r[1]), split(r[2])) for r in rows}


def _split(joined: str | None) -> frozenset[str]:
    return frozenset(joined.split("\x1f")) if joined else frozenset()


async def histories(
    store: Store, where: str = "", params: Sequence[object] = ()
) -> list[History]:
    """Conversations (not merged away) chosen by a WHERE on `c`, with their events."""
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT c.id, c.channel, c.priority, c.status, c.created_at "
            "FROM conversations c WHERE c.merged_into IS NULL "
            f"{'AND ' + where if where else ''} ORDER BY c.id",
            tuple(params),
        )
    )
    ids = [int(r[0]) for r in rows]
    events = await events_of(store, ids)
    tags = await tags_of(store, ids)
    return [
        History(
            Facts(cid, channel, priority, *tags.get(cid, (frozenset(), frozenset()))),
            events[cid],
            status,
            created,
        )
        for cid, channel, priority, status, created in rows
    ]


async def history_of(store: Store, conversation_id: int) -> History:
    found = await histories(store, "c.id = ?", (conversation_id,))
    if not found:
        raise NotFound(f"there is no conversation {conversation_id}", "conversation")
    return found[0]


async def active_between(store: Store, since: int, until: int) -> list[History]:
    """Conversations with any event in [since, until)."""
    return await histories(
        store,
        "EXISTS (SELECT 1 FROM events e WHERE e.conversation_id = c.id "
        "AND e.at >= ? AND e.at < ?)",
        (since, until),
    )
