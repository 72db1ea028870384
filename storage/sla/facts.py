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
_OPEN_FACTS = f"""
SELECT f.conversation_id, c.channel || char(31) || c.priority,
  f.flags | coalesce(f.last_at > :now, 0) | (:changes AND f.changed IS NOT NULL),
  coalesce(f.first_in, {NONE}), f.response, f.rare
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

    def take(self, rows: Ints) -> OpenFacts:
        return OpenFacts(
            self.ids[rows],
            [self.keys[i] for i in rows.tolist()],
            *(getattr(self, name)[rows] for name in _ARRAYS),
        )


_ARRAYS = ("flags", "first_in", "response", *_RARE)


async def open_facts(store: Store, now: int, changes: bool = False) -> OpenFacts:
    """`changes`: the policies are chosen by priority or tags, so a conversation
    whose priority or tags changed is walked (a breach incurred under the policy
    it had stays one: storage/sla/engine.py)."""
    rows = await store.conn.execute_fetchall(
        _OPEN_FACTS, {"now": now, "changes": changes}
    )
    # In a thread, like the query: the app's screen keeps answering meanwhile.
    return await asyncio.to_thread(from_rows, list(rows))


def from_rows(rows: list[Any]) -> OpenFacts:
    n = len(rows)

    def column(i: int) -> Ints:  # a pass per column: cheaper than zip(*rows)
        return np.fromiter((r[i] for r in rows), dtype=np.int64, count=n)

    rare = [r[5] for r in rows]
    found = [i for i, text in enumerate(rare) if text is not None]
    extra = np.full((n, len(_RARE)), NONE, dtype=np.int64)
    if found:
        text = " ".join(rare[i] for i in found)
        # numpy's own parser: ten times Python's int() over a split string
        parsed = np.fromstring(text, dtype=np.int64, sep=" ").reshape(-1, len(_RARE))
        extra[np.asarray(found, dtype=np.int64)] = parsed
    return OpenFacts(
        column(0),
        [r[1] for r in rows],
        column(2),
        column(3),
        column(4),
        *(np.ascontiguousarray(extra[:, i]) for i in range(len(_RARE))),
    )
