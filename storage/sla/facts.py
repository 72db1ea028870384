"""Reading `sla_facts` (migration 0005) for every open conversation, as arrays.

The facts are kept by a trigger as events arrive, so one scan gives what each
timer needs. Rows are many and Python tuples dear: the few columns every row
needs come as columns; the rarer facts (pauses, a promise) come as one string
per row that has any, parsed by numpy all at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from storage.connection import Store

Ints = npt.NDArray[np.int64]
NONE = -(1 << 62)  # a fact not there; below any instant
WALK, NEXT = 1, 2  # flags: the full walk decides; the response timer is a next one

_RARE = ("pause_start", "pause_end", "paused_at", "wake", "promise_at", "promise_due")

# `since = last_out` and `first_in = first_out`: ties in the same second are
# ordered by event id, which the facts do not keep; the walk does.
_OPEN_FACTS = f"""
SELECT f.conversation_id, c.channel || char(31) || c.priority,
  (f.walk OR f.last_at > :now OR coalesce(f.first_in = f.first_out, 0)
    OR coalesce(f.since = f.last_out, 0))
    | ((f.first_out IS NOT NULL) << 1),
  coalesce(f.first_in, {NONE}),
  coalesce(CASE WHEN f.first_out IS NULL THEN f.first_in ELSE f.since END, {NONE}),
  CASE WHEN f.pause_start IS NOT NULL OR f.paused_at IS NOT NULL
    OR f.promise_due IS NOT NULL THEN printf('%d %d %d %d %d %d',
    {", ".join(f"coalesce({x}, {NONE})" for x in _RARE[:3])},
    coalesce(CASE WHEN f.status = 'snoozed' THEN f.wake END, {NONE}),
    {", ".join(f"coalesce({x}, {NONE})" for x in _RARE[4:])}) END
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


async def open_facts(store: Store, now: int) -> OpenFacts:
    rows = await store.conn.execute_fetchall(_OPEN_FACTS, {"now": now})
    return from_rows(list(rows))


def from_rows(rows: list[Any]) -> OpenFacts:
    if not rows:
        none = np.zeros(0, dtype=np.int64)
        return OpenFacts(none, [], *(none for _ in _ARRAYS))
    ids, keys, flags, first_in, response, rare = zip(*rows, strict=True)
    n = len(ids)
    found = [i for i, text in enumerate(rare) if text is not None]
    extra = np.full((n, len(_RARE)), NONE, dtype=np.int64)
    if found:
        text = " ".join(rare[i] for i in found)
        # numpy's own parser: ten times Python's int() over a split string
        parsed = np.fromstring(text, dtype=np.int64, sep=" ").reshape(-1, len(_RARE))
        extra[np.asarray(found, dtype=np.int64)] = parsed
    return OpenFacts(
        np.array(ids, dtype=np.int64),
        list(keys),
        np.array(flags, dtype=np.int64),
        np.array(first_in, dtype=np.int64),
        np.array(response, dtype=np.int64),
        *(np.ascontiguousarray(extra[:, i]) for i in range(len(_RARE))),
    )
