"""Service-level timers in the inbox: badges, the queue's order, breach alerts.

Every deadline is computed once, in a worker, after the first screen; from then
on the badges tick from the clock alone (a deadline knows when it turns at risk
and when it breaches), and only a conversation that changes is computed again.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import MutableMapping

from console.tui.badges import timer_line
from console.tui.inbox_base import InboxBase
from storage.sla.deadlines import Deadline, DeadlineTable, nearest

TICK_SECONDS = 20.0
_RANK = {"breached": 0, "at_risk": 0, "active": 0, "paused": 1}


def by_deadline(ids: list[int], deadlines: MutableMapping[int, Deadline]) -> list[int]:
    """Nearest due first; paused timers after running ones; then the view's order."""
    if isinstance(deadlines, DeadlineTable):  # no Deadline made per conversation
        keys = deadlines.urgency(ids)
        order = sorted(range(len(ids)), key=lambda i: (*keys[i], i))
        return [ids[i] for i in order]
    far = 1 << 62

    def key(item: tuple[int, int]) -> tuple[int, int, int]:
        index, conversation_id = item
        found = deadlines.get(conversation_id)
        if found is None:
            return (2, far, index)
        return (_RANK.get(found.state, 0), found.due, index)

    return [cid for _, cid in sorted(enumerate(ids), key=key)]


def keep_long_lived() -> None:
    """The queue's ids, rows and deadlines, loaded at start, live as long as the
    app: moved out of the garbage collector's sight, so that its passes stop
    walking them between two key presses (measured: the paint after a key took
    half). Once only: frozen objects that later die in a cycle are never freed,
    and a later freeze would catch whatever modal happened to be open."""
    if gc.get_freeze_count() == 0:
        gc.freeze()


class TimersMixin(InboxBase):
    deadlines_known = False
    timers_started = False
    _announced: frozenset[int] = frozenset()

    def start_timers(self) -> None:
        """Once, after the first screen: the store answers one query at a time, and
        reading every deadline should not hold up the first rows."""
        if self.timers_started:
            return
        self.timers_started = True
        self.run_worker(
            self._load_deadlines(),
            group="deadlines",
            exclusive=True,
            exit_on_error=False,
        )
        self.set_interval(TICK_SECONDS, self.tick)

    async def _load_deadlines(self) -> None:
        deadlines = await self.inbox.deadlines()
        self.queue.deadlines = deadlines
        self.deadlines_known = True
        self._announced = frozenset(
            self._breached()
        )  # already late when the app opened
        await self.apply_order()
        keep_long_lived()

    async def apply_order(self) -> None:
        """Sort by deadline; the cursor follows its conversation, unless it has not
        left the top yet (then the most urgent one is shown)."""
        ids, deadlines = self.queue.ids, self.queue.deadlines
        if not (self.deadlines_known and ids):
            return
        # 100,000 ids take a tenth of a second to sort: in a thread, keys still work.
        ordered = await asyncio.to_thread(by_deadline, ids, deadlines)
        if self.queue.ids is not ids:  # the view changed meanwhile
            return
        keep = self.queue.current if self.queue.cursor else ordered[0]
        self.queue.show_ids(ordered, keep=keep, fresh_rows=False)

    def _breached(self) -> list[int]:
        now = int(self.inbox.settings.now().timestamp())
        deadlines = self.queue.deadlines
        if isinstance(deadlines, DeadlineTable):  # in bulk, no object per deadline
            return deadlines.breached_at(now)
        return [c for c, d in deadlines.items() if d.state_at(now) == "breached"]

    def tick(self) -> None:
        """Badges are drawn from the clock; announce, once, what breached just now."""
        self.queue.refresh()
        late = [c for c in self._breached() if c not in self._announced]
        if late:
            self._announced = self._announced | set(late)
            self.app.bell()
            which = ", ".join(f"#{c}" for c in late[:5]) + (
                " …" if len(late) > 5 else ""
            )
            self.notify(f"Past its target now: {which}", severity="warning", timeout=10)

    async def refresh_deadline(
        self, conversation_id: int
    ) -> list[tuple[str, str, str]]:
        """Compute one conversation again (after a change); its pending timers as lines."""
        timers = await self.inbox.timers(conversation_id)
        found = nearest(timers)
        if found is None:
            self.queue.deadlines.pop(conversation_id, None)
        else:
            self.queue.deadlines[conversation_id] = found
        now = self.inbox.settings.now()
        zone = self.inbox.settings.zone
        return [
            timer_line(t.metric, t.due_at, t.state, now, zone)
            for t in timers
            if t.pending
        ]
