"""The bulk deadlines (sla_facts kept by a trigger, numpy over them) against the
full timer walk, over random histories: any event kind, ties in the same second,
events inserted out of time order, events after the reading, promises, snoozes.

Events are written with SQL here on purpose: the storage API records events in
time order, and the facts must be right (or hand over to the walk) when they are
not, as after an import of old mail.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.connection import Store, open_store
from storage.sla.calendar import WEEKDAYS, Calendar, weekly
from storage.sla.deadlines import (
    DeadlineTable,
    conversation_timers,
    nearest,
    open_deadlines,
)
from storage.sla.policy import Policy, Target

CALENDARS = {
    "shop": Calendar(
        "shop",
        "Europe/Paris",
        weekly({d: [("09:00", "12:30"), ("14:00", "18:00")] for d in WEEKDAYS[:5]}),
        country="FR",
    )
}
POLICIES = [
    Policy(
        "urgent",
        {"first_response": Target(1, "h", False), "resolution": Target(5, "h", False)},
        "shop",
        priorities=frozenset({"urgent"}),
    ),
    Policy(
        "standard",
        {
            "first_response": Target(1, "h"),
            "next_response": Target(2, "h"),
            "resolution": Target(1, "d"),
        },
        "shop",
        at_risk=0.5,
    ),
]
START = int(datetime(2026, 3, 27, 7, tzinfo=UTC).timestamp())  # DST on the 29th
STEP = 1800  # half an hour: events often share a second

_KINDS = [
    ("message_in", "customer", "public", None, None),
    ("message_in", "customer", "public", None, None),
    ("reply_out", "agent", "public", None, None),
    ("reply_out", "agent", "internal", None, None),
    ("note", "agent", "internal", None, None),
    ("status", "agent", "public", "pending", None),
    ("status", "customer", "public", "open", None),
    ("status", "agent", "public", "closed", None),
    ("status", "agent", "public", "snoozed:+3", None),
    ("promise_made", "agent", "public", "", {"due": "+2"}),
    ("promise_made", "agent", "public", "", {"due": "soon"}),
    ("promise_kept", "agent", "public", None, {}),
    ("promise_kept", "agent", "public", None, {"promise": 1}),
    ("priority", "agent", "public", "urgent", None),
    ("tag_added", "agent", "public", "vip", None),
    ("status", "agent", "public", "open", {"undoes": 1}),  # an undo (console `u`)
    ("split", "agent", "internal", "to:1", None),
]
EVENT = st.tuples(st.integers(0, 200), st.sampled_from(range(len(_KINDS))))


def _row(cid: int, step: int, kind: int, priority: str) -> tuple[object, ...]:
    """An event row; "+n" stands for n steps after the event itself."""
    name, actor, visibility, value, data = _KINDS[kind]
    previous = priority if name == "priority" else None
    at = START + step * STEP
    if value and value.startswith("snoozed:+"):
        value = f"snoozed:{at + int(value[9:]) * STEP}"
    if data and str(data.get("due", "")).startswith("+"):
        data = {"due": at + int(str(data["due"])[1:]) * STEP}
    blob = None if data is None else json.dumps(data)
    return (cid, at, name, actor, visibility, value, previous, blob)


async def _add(
    store: Store, cid: int, events: list[tuple[int, int]], priority: str
) -> None:
    conn = store.conn
    # As `set_priority` leaves it: the conversation has its latest priority.
    changed = any(_KINDS[kind][0] == "priority" for _, kind in events)
    await conn.execute("INSERT INTO customers (id, created_at) VALUES (?, 0)", (cid,))
    await conn.execute(
        "INSERT INTO conversations (id, customer_id, channel, priority, created_at, "
        "last_message_at) VALUES (?, ?, 'email', ?, 0, 0)",
        (cid, cid, "urgent" if changed else priority),
    )
    await conn.executemany(
        "INSERT INTO events (conversation_id, at, kind, actor_type, visibility, "
        "value, previous, data_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [_row(cid, step, kind, priority) for step, kind in events],
    )
    await conn.commit()


class _Inbox:
    """One store for every example; each example its own conversation."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.folder = tempfile.TemporaryDirectory()
        self.context = open_store(Path(self.folder.name) / "bulk.db")
        self.store = self.loop.run_until_complete(self.context.__aenter__())
        # Hundreds of small commits: no need to wait for the disk in a test.
        self.loop.run_until_complete(
            self.store.conn.execute("PRAGMA synchronous = OFF")
        )
        self.count = 0

    def check(self, events: list[tuple[int, int]], urgent: bool, now_step: int) -> None:
        self.count += 1
        cid = self.count
        priority = "urgent" if urgent else "normal"
        self.loop.run_until_complete(self._check(cid, events, priority, now_step))

    async def _check(
        self, cid: int, events: list[tuple[int, int]], priority: str, now_step: int
    ) -> None:
        await _add(self.store, cid, events, priority)
        now = datetime.fromtimestamp(START + now_step * STEP, UTC)
        bulk = await open_deadlines(self.store, now, POLICIES, CALENDARS)
        assert isinstance(bulk, DeadlineTable)
        timers = await conversation_timers(self.store, cid, now, POLICIES, CALENDARS)
        assert bulk.get(cid) == nearest(timers), (events, now_step)

    def close(self) -> None:
        self.loop.run_until_complete(self.context.__aexit__(None, None, None))
        self.loop.close()
        self.folder.cleanup()


@pytest.fixture(scope="module")
def inbox() -> Iterator[_Inbox]:
    opened = _Inbox()
    yield opened
    opened.close()


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(EVENT, max_size=10), st.booleans(), st.integers(0, 220), st.data())
def test_bulk_deadlines_are_the_walks(
    inbox: _Inbox,
    events: list[tuple[int, int]],
    urgent: bool,
    now_step: int,
    data: st.DataObject,
) -> None:
    if data.draw(st.booleans()):  # in time order, as recorded live
        events = sorted(events)
    inbox.check(events, urgent, now_step)
