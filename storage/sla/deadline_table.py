"""Deadlines of many conversations, kept as arrays until one is asked for.

Making 100,000 `Deadline` objects costs more than computing them; the table keeps
the bulk result as arrays, makes a `Deadline` when one is read, and takes
changes (one conversation computed again) in a small dict over the arrays.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storage.sla.deadline import Deadline
from storage.vocabulary import Metric, TimerState

Ints = npt.NDArray[np.int64]
METRICS = tuple(sorted(Metric))  # by name
STATES = tuple(sorted(set(TimerState) - {TimerState.MET}))  # a pending timer's
_MISSING = object()


@dataclass(frozen=True, slots=True)
class Columns:
    """One row per conversation with a deadline, sorted by conversation id."""

    ids: Ints
    metric: Ints  # index in METRICS
    due: Ints
    state: Ints  # index in STATES
    risk_at: Ints

    @staticmethod
    def empty() -> Columns:
        none = np.zeros(0, dtype=np.int64)
        return Columns(none, none, none, none, none)


class DeadlineTable(MutableMapping[int, Deadline]):
    """A dict of deadlines by conversation, backed by columns."""

    def __init__(self, columns: Columns, extra: Iterable[Deadline] = ()) -> None:
        self._columns = columns
        self._rows: dict[int, int] | None = None  # made when first needed
        # A conversation here overrides its row; None means it has no deadline.
        self._changed: dict[int, Deadline | None] = {}
        for deadline in extra:
            self[deadline.conversation_id] = deadline

    @property
    def _row(self) -> dict[int, int]:
        """Row of each conversation; not made for a reading that needs none."""
        if self._rows is None:
            ids = self._columns.ids.tolist()
            self._rows = dict(zip(ids, range(len(ids)), strict=True))
        return self._rows

    @staticmethod
    def empty() -> DeadlineTable:
        return DeadlineTable(Columns.empty())

    def _from_row(self, row: int) -> Deadline:
        c = self._columns
        return Deadline(
            int(c.ids[row]),
            METRICS[int(c.metric[row])],
            int(c.due[row]),
            STATES[int(c.state[row])],
            int(c.risk_at[row]),
        )

    def __getitem__(self, conversation_id: int) -> Deadline:
        found = self._changed.get(conversation_id, _MISSING)
        if found is None:
            raise KeyError(conversation_id)
        if isinstance(found, Deadline):
            return found
        return self._from_row(self._row[conversation_id])

    def __setitem__(self, conversation_id: int, deadline: Deadline) -> None:
        self._changed[conversation_id] = deadline

    def __delitem__(self, conversation_id: int) -> None:
        if conversation_id not in self:
            raise KeyError(conversation_id)
        self._changed[conversation_id] = None

    def __contains__(self, conversation_id: object) -> bool:
        found = self._changed.get(conversation_id, _MISSING)  # type: ignore[call-overload]
        return found is not None and (
            found is not _MISSING or conversation_id in self._row
        )

    def __iter__(self) -> Iterator[int]:
        for cid in self._row:
            if self._changed.get(cid, _MISSING) is not None:
                yield cid
        for cid, deadline in self._changed.items():
            if deadline is not None and cid not in self._row:
                yield cid

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def urgency(self, ids: list[int]) -> list[tuple[int, int]]:
        """(rank, due) per id, for sorting a queue without making objects: rank 0
        for a running timer, 1 for a paused one, 2 for none."""
        far = 1 << 62
        row, changed, c = self._row, self._changed, self._columns
        paused = STATES.index("paused")
        state, due = c.state.tolist(), c.due.tolist()
        keys: list[tuple[int, int]] = []
        for cid in ids:
            found = changed.get(cid, _MISSING)
            if isinstance(found, Deadline):
                keys.append((int(found.state == "paused"), found.due))
            elif found is None or (r := row.get(cid)) is None:
                keys.append((2, far))
            else:
                keys.append((int(state[r] == paused), due[r]))
        return keys

    def breached_at(self, now: int) -> list[int]:
        """Conversations whose nearest deadline is breached at `now`."""
        c = self._columns
        code = c.state
        # As `Deadline.state_at`: a paused timer stays breached, a running one
        # breaches once past due.
        late = ((code == STATES.index("breached")) & (c.risk_at == 0)) | (
            (code != STATES.index("paused")) & (now > c.due)
        )
        found = [cid for cid in c.ids[late].tolist() if cid not in self._changed]
        found += [
            cid
            for cid, d in self._changed.items()
            if d and d.state_at(now) == "breached"
        ]
        return found
