"""Changes a person or an automation makes to a conversation, each an event.

Every change is written with its event in one transaction; setting a value a
conversation already has records nothing.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Literal

from storage.connection import Store
from storage.errors import NotFound, StoreError
from storage.vocabulary import Priority, Status, VocabularyError, word

ActorType = Literal["customer", "agent", "automation"]


@dataclass(frozen=True, slots=True)
class Actor:
    type: ActorType
    name: str = ""


def _word(kind: type[Status] | type[Priority], text: str, what: str) -> str:
    try:
        return str(word(kind, text, what))
    except VocabularyError as error:
        raise StoreError(str(error)) from None


def _now(at: int | None) -> int:
    return int(time.time()) if at is None else at


async def _current(store: Store, conversation_id: int, column: str) -> object:
    rows = list(
        await store.conn.execute_fetchall(
            f"SELECT {column} FROM conversations WHERE id = ?", (conversation_id,)
        )
    )
    if not rows:
        raise NotFound(f"there is no conversation {conversation_id}", "conversation")
    return rows[0][0]


async def _event(
    store: Store,
    conversation_id: int,
    at: int,
    kind: str,
    actor: Actor,
    value: str | None,
    previous: str | None,
    data: str | None = None,
) -> int:
    cursor = await store.conn.execute(
        "INSERT INTO events (conversation_id, at, kind, actor_type, actor, value, "
        "previous, data_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (conversation_id, at, kind, actor.type, actor.name, value, previous, data),
    )
    return int(cursor.lastrowid or 0)


async def set_status(
    store: Store,
    conversation_id: int,
    status: str,
    actor: Actor,
    *,
    snoozed_until: int | None = None,
    at: int | None = None,
) -> int | None:
    """Open, pending, snoozed (until a time) or closed. The id of the event
    recorded (what `undo_status` takes), None if the status was that already."""
    status = _word(Status, status, "status")
    if (status == "snoozed") != (snoozed_until is not None):
        raise StoreError("a snoozed conversation needs a time to wake up, and only it")
    async with store.transaction():
        previous = await _current(store, conversation_id, "status")
        if previous == status and status != "snoozed":
            return None
        return await _write_status(
            store,
            conversation_id,
            status,
            snoozed_until,
            actor,
            _now(at),
            str(previous),
        )


async def _write_status(
    store: Store,
    conversation_id: int,
    status: str,
    until: int | None,
    actor: Actor,
    at: int,
    previous: str,
    data: str | None = None,
) -> int:
    await store.conn.execute(
        "UPDATE conversations SET status = ?, snoozed_until = ? WHERE id = ?",
        (status, until, conversation_id),
    )
    value = f"snoozed:{until}" if status == "snoozed" else status
    return await _event(
        store, conversation_id, at, "status", actor, value, previous, data
    )


async def undo_status(
    store: Store,
    conversation_id: int,
    event_id: int,
    actor: Actor,
    *,
    at: int | None = None,
) -> str:
    """Undo a status change (the console's `u`): the conversation goes back to
    the status it had, and its timers are as if the change had never been made
    (the walk leaves out both events). Only while the change is still in force:
    if anything changed the status since (the customer wrote, a snooze ended),
    nothing is undone. Returns the status given back."""
    async with store.transaction():
        await _current(store, conversation_id, "id")
        rows = await store.conn.execute_fetchall(
            "SELECT id, value, data_json FROM events WHERE conversation_id = ? "
            "AND kind = 'status' ORDER BY at, id",
            (conversation_id,),
        )
        in_force = _in_force([(int(r[0]), str(r[1] or "open"), r[2]) for r in rows])
        if not in_force or in_force[-1][0] != event_id:
            raise StoreError(
                f"conversation {conversation_id} changed since: nothing was undone"
            )
        value = in_force[-2][1] if len(in_force) > 1 else "open"
        status, _, until = value.partition(":")
        await _write_status(
            store,
            conversation_id,
            status,
            int(until) if until.isdigit() else None,
            actor,
            _now(at),
            in_force[-1][1].partition(":")[0],
            json.dumps({"undoes": event_id}),
        )
    return status


def _in_force(rows: list[tuple[int, str, str | None]]) -> list[tuple[int, str]]:
    """The status changes not undone, oldest first: (event id, value)."""
    found: list[tuple[int, str]] = []
    for event_id, value, data in rows:
        try:
            undoes = json.loads(data).get("undoes") if data else None
        except (ValueError, AttributeError):  # not an object: no undo
            undoes = None
        if isinstance(undoes, int):
            found = [entry for entry in found if entry[0] != undoes]
        else:
            found.append((event_id, value))
    return found


async def _change(
    store: Store,
    conversation_id: int,
    column: str,
    value: str | None,
    actor: Actor,
    at: int | None,
) -> bool:
    """Set one column of a conversation and record it; nothing if unchanged.

    The event's kind is the column's name (`priority`, `assignee`).
    """
    async with store.transaction():
        previous = await _current(store, conversation_id, column)
        if previous == value:
            return False
        await store.conn.execute(
            f"UPDATE conversations SET {column} = ? WHERE id = ?",
            (value, conversation_id),
        )
        before = None if previous is None else str(previous)
        await _event(store, conversation_id, _now(at), column, actor, value, before)
    return True


async def set_priority(
    store: Store,
    conversation_id: int,
    priority: str,
    actor: Actor,
    *,
    at: int | None = None,
) -> bool:
    priority = _word(Priority, priority, "priority")
    return await _change(store, conversation_id, "priority", priority, actor, at)


async def assign(
    store: Store,
    conversation_id: int,
    assignee: str | None,
    actor: Actor,
    *,
    at: int | None = None,
) -> bool:
    return await _change(store, conversation_id, "assignee", assignee, actor, at)


async def tag(
    store: Store,
    conversation_id: int,
    name: str,
    actor: Actor,
    *,
    remove: bool = False,
    at: int | None = None,
) -> bool:
    """Add (or remove) a tag; True if the conversation's tags changed."""
    label = name.strip()
    if not label:
        raise StoreError("a tag needs a name")
    async with store.transaction():
        await _current(store, conversation_id, "id")
        if remove:
            cursor = await store.conn.execute(
                "DELETE FROM conversation_tags WHERE conversation_id = ? AND tag = ?",
                (conversation_id, label),
            )
        else:
            cursor = await store.conn.execute(
                "INSERT OR IGNORE INTO conversation_tags (conversation_id, tag) VALUES (?, ?)",
                (conversation_id, label),
            )
        if cursor.rowcount == 0:
            return False
        kind = "tag_removed" if remove else "tag_added"
        await _event(store, conversation_id, _now(at), kind, actor, label, None)
    return True
