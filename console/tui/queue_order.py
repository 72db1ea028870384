"""The queue's order: nearest deadline first, paused timers after running ones,
then the view's own order; and which conversations are past their target."""

from __future__ import annotations

import gc
from collections.abc import Mapping, MutableMapping
from typing import TYPE_CHECKING, cast

from storage.sla.deadline import Deadline

if TYPE_CHECKING:  # numpy: loaded with the deadlines, after the first screen
    from storage.sla.deadline_table import DeadlineTable

_RANK = {"breached": 0, "at_risk": 0, "active": 0, "paused": 1}


def by_deadline(
    ids: list[int],
    deadlines: MutableMapping[int, Deadline],
    changes: Mapping[int, Deadline | None] | None = None,
) -> list[int]:
    """Nearest due first; paused timers after running ones; then the view's order.
    `changes` are deadlines computed again, not yet in `deadlines`."""
    changes = changes or {}
    if not isinstance(deadlines, dict):  # the table: no Deadline per conversation
        keys = cast("DeadlineTable", deadlines).urgency(ids)
        if changes:
            for index, cid in enumerate(ids):
                if cid in changes:
                    keys[index] = _key(changes[cid])[:2]
        order = sorted(range(len(ids)), key=lambda i: (*keys[i], i))
        return [ids[i] for i in order]

    def key(item: tuple[int, int]) -> tuple[int, int, int]:
        index, cid = item
        rank, due = _key(changes[cid] if cid in changes else deadlines.get(cid))
        return (rank, due, index)

    return [cid for _, cid in sorted(enumerate(ids), key=key)]


def _key(found: Deadline | None) -> tuple[int, int]:
    if found is None:
        return (2, 1 << 62)
    return (_RANK.get(found.state, 0), found.due)


def breached(deadlines: MutableMapping[int, Deadline], now: int) -> list[int]:
    if not isinstance(deadlines, dict):  # the table: in bulk, no object per deadline
        return cast("DeadlineTable", deadlines).breached_at(now)
    return [c for c, d in deadlines.items() if d.state_at(now) == "breached"]


def keep_long_lived() -> None:
    """The queue's ids, rows and deadlines, loaded at start, live as long as the
    app: moved out of the garbage collector's sight, so that its passes stop
    walking them between two key presses (measured: the paint after a key took
    half). Once only: frozen objects that later die in a cycle are never freed,
    and a later freeze would catch whatever modal happened to be open."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
