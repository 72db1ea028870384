"""Reading what the timers need from the store: facts and events per conversation."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from storage.connection import Store
from storage.errors import NotFound
from storage.sla.engine import Facts, SlaEvent
from storage.vocabulary import MESSAGE_EVENTS

_COLUMNS = "at, kind, actor_type, value, previous, data_json, id, visibility"
_EVENTS = (
    f"SELECT conversation_id, {_COLUMNS} FROM events "
    "WHERE conversation_id IN (SELECT value FROM json_each(?)) "
    "AND kind IN ('message_in', 'reply_out', 'status', 'priority', 'tag_added', "
    "'tag_removed', 'promise_made', 'promise_kept', 'survey_answer', 'merged', "
    "'split') ORDER BY conversation_id, at, id"
)
# The events of messages a merge or a split moved, with where each is now.
_MOVED = (
    "SELECT e.conversation_id, m.conversation_id, "
    + ", ".join(f"e.{column}" for column in _COLUMNS.split(", "))
    + " "
    "FROM events e JOIN messages m ON m.id = e.message_id "
    "WHERE e.conversation_id IN (SELECT value FROM json_each(?)) "
    "AND m.conversation_id != e.conversation_id "
    f"AND e.kind IN ({', '.join(repr(str(k)) for k in MESSAGE_EVENTS)})"
)
_MOVES = (
    "SELECT value FROM events WHERE kind IN ('merged', 'split') "
    "AND conversation_id IN (SELECT value FROM json_each(?))"
)


@dataclass(frozen=True, slots=True)
class History:
    facts: Facts
    events: list[SlaEvent]
    status: str
    created_at: int


def _event(row: Sequence[Any]) -> SlaEvent:
    at, kind, actor, value, previous, data, eid, visibility = row
    return SlaEvent(
        at, kind, actor, value, SlaEvent.parse_data(data), eid, visibility, previous
    )


async def events_of(store: Store, ids: Sequence[int]) -> dict[int, list[SlaEvent]]:
    """The events that move timers, per conversation, in time order. A message's
    events count where the message is now: timers follow merged and split
    messages."""
    found: dict[int, list[SlaEvent]] = {i: [] for i in ids}
    rows = await store.conn.execute_fetchall(_EVENTS, (json.dumps(list(ids)),))
    for cid, *rest in rows:
        found[cid].append(_event(rest))
    moved = [c for c, events in found.items() if any(e.kind in _EDITS for e in events)]
    if moved:
        await _follow_messages(store, found, moved)
    return found


_EDITS = ("merged", "split")


async def _follow_messages(
    store: Store, found: dict[int, list[SlaEvent]], moved: list[int]
) -> None:
    """Move the events of moved messages to the conversation holding them now."""
    linked, frontier = set(moved), set(moved)
    while frontier:  # every conversation a message can have come from or gone to
        rows = await store.conn.execute_fetchall(
            _MOVES, (json.dumps(sorted(frontier)),)
        )
        named = {
            int(v.partition(":")[2]) for (v,) in rows if v.partition(":")[2].isdigit()
        }
        frontier = named - linked
        linked |= frontier
    rows = await store.conn.execute_fetchall(_MOVED, (json.dumps(sorted(linked)),))
    touched: set[int] = set()
    for was, now, *rest in rows:
        event = _event(rest)
        if was in found:
            found[was] = [e for e in found[was] if e.id != event.id]
            touched.add(was)
        if now in found:
            found[now].append(event)
            touched.add(now)
    for cid in touched:
        found[cid].sort(key=lambda e: (e.at, e.id))


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
