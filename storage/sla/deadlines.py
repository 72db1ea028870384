"""The nearest pending deadline of every conversation not closed, in one pass.

The trigger-kept `sla_facts` tell most conversations' timers (storage/sla/facts.py)
and numpy computes their deadlines all at once (storage/sla/bulk.py). The few the
facts cannot tell exactly are flagged and go through the full timer walk. Both
give the same answer; tests hold them to it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import datetime

import numpy as np

from storage.connection import Store
from storage.sla.bulk import nearest_of
from storage.sla.calendar import Calendar
from storage.sla.deadline_table import Columns, Deadline, DeadlineTable
from storage.sla.engine import Facts, compute_timers
from storage.sla.facts import WALK, Ints, OpenFacts, open_facts
from storage.sla.history import events_of, history_of, tags_of
from storage.sla.policy import Policy, SlaSettings, first_match
from storage.sla.timers import Timer

__all__ = ["Deadline", "DeadlineTable", "nearest", "open_deadlines"]


def nearest(timers: Sequence[Timer]) -> Deadline | None:
    """The pending timer due first (a running one before a paused one)."""
    pending = [t for t in timers if t.stopped is None]
    if not pending:
        return None
    best = min(pending, key=lambda t: (t.state == "paused", t.due, t.metric))
    return Deadline(
        best.conversation_id, best.metric, best.due, best.state, best.risk_at
    )


async def open_deadlines(
    store: Store,
    now: datetime,
    policies: Sequence[Policy],
    calendars: Mapping[str, Calendar],
) -> DeadlineTable:
    """The nearest pending due instant of every conversation not closed."""
    settings = SlaSettings(tuple(policies), calendars)
    stamp = int(now.timestamp())
    facts = await open_facts(store, stamp, settings.chosen_by_changes)
    return await deadlines_from(store, facts, settings, stamp)


async def deadlines_from(
    store: Store, facts: OpenFacts, settings: SlaSettings, now: int
) -> DeadlineTable:
    """Bulk for the rows the facts tell, the walk for those flagged WALK."""
    walked = (facts.flags & WALK) != 0
    ids = facts.ids.tolist()
    tags = await tags_of(store, ids) if settings.uses_tags else {}
    columns = await asyncio.to_thread(  # pure arithmetic: off the event loop
        _bulk, facts, ids, tags, walked, settings, now
    )
    odd = [(ids[i], *facts.keys[i].split("\x1f", 1)) for i in np.flatnonzero(walked)]
    extra = await _walked(store, odd, settings, now, tags) if odd else {}
    return DeadlineTable(columns, extra.values())


_Tags = Mapping[int, tuple[frozenset[str], frozenset[str]]]


def _bulk(
    facts: OpenFacts,
    ids: list[int],
    tags: _Tags,
    walked: Ints,
    settings: SlaSettings,
    now: int,
) -> Columns:
    groups, chosen = _policy_groups(facts.keys, ids, tags, settings)
    bulk = np.flatnonzero(~walked)
    return nearest_of(facts.take(bulk), chosen, groups[bulk], settings, now)


def _policy_groups(
    joined: list[str], ids: list[int], tags: _Tags, settings: SlaSettings
) -> tuple[Ints, dict[int, Policy | None]]:
    """A group number per row, and each group's policy: rows alike in what
    chooses a policy (channel, priority, tags) share one."""
    keys: list[object] = list(joined)
    if tags:
        none = (frozenset[str](), frozenset[str]())
        keys = [(k, *tags.get(c, none)) for k, c in zip(joined, ids, strict=True)]
    codes: dict[object, int] = {}
    groups = np.array([codes.setdefault(k, len(codes)) for k in keys], dtype=np.int64)
    chosen: dict[int, Policy | None] = {}
    for key, code in codes.items():
        both, *rest = key if isinstance(key, tuple) else (key,)
        channel, _, priority = str(both).partition("\x1f")
        chosen[code] = first_match(settings.policies, channel, priority, *rest)
    return groups, chosen


async def _walked(
    store: Store,
    rows: list[tuple[int, str, str]],
    settings: SlaSettings,
    now: int,
    tags: Mapping[int, tuple[frozenset[str], frozenset[str]]],
) -> dict[int, Deadline]:
    events = await events_of(store, [r[0] for r in rows])
    found: dict[int, Deadline] = {}
    none = (frozenset[str](), frozenset[str]())
    for cid, channel, priority in rows:
        facts = Facts(cid, channel, priority, *tags.get(cid, none))
        timers = compute_timers(facts, events[cid], settings, now, pending_only=True)
        deadline = nearest(timers)
        if deadline is not None:
            found[cid] = deadline
    return found


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
