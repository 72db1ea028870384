"""One conversation's timers and its nearest deadline: the full walk of its
history, no numpy (the console shows a conversation before it loads the bulk)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from storage.connection import Store
from storage.sla.calendar import Calendar
from storage.sla.deadline import Deadline
from storage.sla.engine import compute_timers
from storage.sla.history import history_of
from storage.sla.policy import Policy, SlaSettings
from storage.sla.timers import Timer


def nearest(timers: Sequence[Timer]) -> Deadline | None:
    """The pending timer due first (a running one before a paused one)."""
    pending = [t for t in timers if t.stopped is None]
    if not pending:
        return None
    best = min(pending, key=lambda t: (t.state == "paused", t.due, t.metric))
    return Deadline(
        best.conversation_id, best.metric, best.due, best.state, best.risk_at
    )


async def conversation_timers(
    store: Store,
    conversation_id: int,
    now: datetime,
    policies: Sequence[Policy],
    calendars: Mapping[str, Calendar],
) -> list[Timer]:
    """Every timer of one conversation, pending and past, oldest first."""
    history = await history_of(store, conversation_id)
    settings = SlaSettings(tuple(policies), calendars)
    return compute_timers(history.facts, history.events, settings, int(now.timestamp()))
