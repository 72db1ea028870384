"""Reading `sla_facts` (migrations 0005 and 0010) for every open conversation, as arrays.

The facts are kept by a trigger as events arrive, so one scan gives what each
timer needs. Rows are many and Python tuples dear: the few columns every row
needs come as columns; the rarer facts (pauses, a promise) come as one string
per row that has any, parsed by numpy all at once.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from storage.connection import Store

Ints = npt.NDArray[np.int64]
NONE = -(1 << 62)  # a fact not there; below any instant
WALK, NEXT = 1, 2  # flags: the full walk decides; the response timer is a next one

_RARE = ("pause_start", "pause_end", "paused_at", "wake", "promise_at", "promise_due")

# flags, response and rare are generated columns (0005_sla_facts.sql): worked
# out once per event written, not once per conversation on every reading.
# Every column comes as one string for all rows (group_concat steps its
# aggregates together, row by row, so the strings line up), parsed by numpy:
# Python makes no object per row, which cost more than all the rest (100,000
# rows as tuples: 0.1 s). The rare facts come for the rows that have any,
# with their ids. \x1e separates texts (channel names are config keys); the
# separators are bound, not char() calls, which cost once per row.
_OPEN_FACTS = f"""
SELECT count(*),
  group_concat(f.conversation_id, ' '),
  group_concat(f.flags | coalesce(f.last_at > :now, 0)
    | (:changes AND f.changed IS NOT NULL), ' '),
  group_concat(coalesce(f.first_in, {NONE}), ' '),
  group_concat(f.response, ' '),
  group_concat(c.channel || :unit || c.priority, :record),
  group_concat(CASE WHEN f.rare IS NOT NULL THEN f.conversation_id END, ' '),
  group_concat(f.rare, ' ')
FROM sla_facts f JOIN conversations c ON c.id = f.conversation_id
WHERE c.status != 'closed' AND c.merged_into IS NULL
"""


@dataclass(frozen=True, slots=True)
class OpenFacts:
    """One row per open conversation with events (in the order of sla_facts, by
    conversation id); NONE where a fact is absent."""

    ids: Ints
    keys: list[str]  # channel and priority, joined by \x1f
    flags: Ints
    first_in: Ints
    response: Ints  # start of the pending first or next response timer
    pause_start: Ints  # one pause of the resolution clock, over
    pause_end: Ints
    paused_at: Ints  # the resolution clock stopped since
    wake: Ints  # a snooze ends then
    promise_at: Ints
    promise_due: Ints

    def take(self, rows: Ints, keys: bool = True) -> OpenFacts:
        """These rows; without their keys (left empty) for a computation that
        has chosen the policies already: a list of 100,000 costs."""
        return OpenFacts(
            self.ids[rows],
            list(map(self.keys.__getitem__, rows.tolist())) if keys else [],
            *(getattr(self, name)[rows] for name in _ARRAYS),
        )


_ARRAYS = ("flags", "first_in", "response", *_RARE)


async def open_facts(store: Store, now: int, changes: bool = False) -> OpenFacts:
    """`changes`: the policies are chosen by priority or tags, so a conversation
    whose priority or tags changed is walked (a breach incurred under the policy
    it had stays one: storage/sla/engine.py)."""
    rows = await store.conn.execute_fetchall(
        _OPEN_FACTS, {"now": now, "changes": changes, "unit": "\x1f", "record": "\x1e"}
    )
    # In a thread, like the query: the app's screen keeps answering meanwhile.
    return await asyncio.to_thread(from_columns, next(iter(rows)))


def _ints(text: str | None, count: int | None = None) -> Ints:
    # numpy's own parser: ten times Python's int() over a split string
    found = np.fromstring(text or "", dtype=np.int64, sep=" ")
    if count is not None and len(found) != count:
        raise ValueError(f"sla_facts: {len(found)} numbers where {count} were read")
    return found


def from_columns(columns: Any) -> OpenFacts:
    n, ids, flags, first_in, response, keys, rare_ids, rare = columns
    by_id = _ints(ids, n)
    extra = np.full((n, len(_RARE)), NONE, dtype=np.int64)
    with_rare = _ints(rare_ids)
    if len(with_rare):
        parsed = _ints(rare, len(with_rare) * len(_RARE)).reshape(-1, len(_RARE))
        order = np.argsort(by_id)
        extra[order[np.searchsorted(by_id, with_rare, sorter=order)]] = parsed
    split = keys.split("\x1e") if n else []
    if len(split) != n:  # channel types are plugin names; priorities, words
        raise ValueError("sla_facts: a channel name holds the separator \\x1e")
    return OpenFacts(
        by_id,
        split,
        _ints(flags, n),
        _ints(first_in, n),
        _ints(response, n),
        *(np.ascontiguousarray(extra[:, i]) for i in range(len(_RARE))),
    )
