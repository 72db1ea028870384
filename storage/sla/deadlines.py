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
from storage.sla.deadline import Deadline
from storage.sla.deadline_table import Columns, DeadlineTable
from storage.sla.engine import Facts, compute_timers
from storage.sla.facts import WALK, Ints, OpenFacts, open_facts
from storage.sla.history import events_of, tags_of
from storage.sla.one_conversation import conversation_timers, nearest
from storage.sla.policy import Policy, SlaSettings, first_match

__all__ = [
    "Deadline",
    "DeadlineTable",
    "conversation_timers",
    "nearest",
    "open_deadlines",
]


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
    return nearest_of(facts.take(bulk, keys=False), chosen, groups[bulk], settings, now)


def _policy_groups(
    joined: list[str], ids: list[int], tags: _Tags, settings: SlaSettings
) -> tuple[Ints, dict[int, Policy | None]]:
    """A group number per row, and each group's policy: rows alike in what
    chooses a policy (channel, priority, tags) share one."""
    keys: list[object] = list(joined)
    if tags:
        none = (frozenset[str](), frozenset[str]())
        keys = [(k, *tags.get(c, none)) for k, c in zip(joined, ids, strict=True)]
    # dict.fromkeys and map run in C: a third of a loop of setdefault calls
    codes = {key: code for code, key in enumerate(dict.fromkeys(keys))}
    groups = np.fromiter(map(codes.__getitem__, keys), dtype=np.int64, count=len(keys))
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
