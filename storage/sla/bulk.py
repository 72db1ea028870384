"""The nearest pending deadline of many conversations at once, from their facts.

The same rules as the walk (`engine.compute_timers`, judged by `timers.judge`),
written over arrays: each timer's segments, the open seconds they used, the due
instant and the state, then the nearest timer of each conversation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storage.sla.calendar import CALENDAR_TIME, Clock
from storage.sla.deadline_table import METRICS, STATES, Columns
from storage.sla.facts import NEXT, NONE, OpenFacts
from storage.sla.policy import DEFAULT_AT_RISK, Policy, SlaSettings
from storage.sla.vector_clock import Segments, VectorClock, consumed, due_after

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
_ACTIVE, _AT_RISK, _BREACHED, _PAUSED = (STATES.index(s) for s in STATES)


@dataclass(slots=True)
class _Best:
    """The nearest timer found so far per row (paused ones after running ones)."""

    metric: Ints
    due: Ints
    state: Ints
    risk_at: Ints

    def offer(
        self, metric: str, due: Ints, state: Ints, risk_at: Ints, has: Bools
    ) -> None:
        # Offered in METRICS order, so a tie on (paused, due) keeps the first,
        # as `nearest` does comparing metric names.
        mine, theirs = state == _PAUSED, self.state == _PAUSED
        ahead = (mine < theirs) | ((mine == theirs) & (due < self.due))
        better = has & ((self.metric < 0) | ahead)
        self.metric = np.where(better, METRICS.index(metric), self.metric)
        self.due = np.where(better, due, self.due)
        self.state = np.where(better, state, self.state)
        self.risk_at = np.where(better, risk_at, self.risk_at)


def _threshold(risk: float, seconds: Ints | int) -> Ints:
    """As `judge`: the at-risk share in whole seconds, rounded up."""
    milli = (risk * np.asarray(seconds, dtype=np.int64) * 1000).astype(np.int64)
    return -(-milli // 1000)


def _judge(
    clock: VectorClock, seg: Segments, seconds: int, risk: float, now: int
) -> tuple[Ints, Ints, Ints]:
    """Due instant, state and at-risk instant, as `timers.judge` reads a run."""
    used = consumed(clock, seg)
    due = due_after(clock, seg, used, seconds, now)
    total = used.sum(axis=1)
    state = np.where(total >= risk * seconds, _AT_RISK, _ACTIVE)
    state = np.where(seg.running, state, _PAUSED)
    state = np.where((due < now) | (total > seconds), _BREACHED, state)
    threshold = int(_threshold(risk, seconds))
    risk_at = due_after(clock, seg, used, threshold, now)
    return due, state, np.where(seg.running, risk_at, 0)


def _judge_running(
    clock: VectorClock, start: Ints, seconds: int, risk: float, now: int
) -> tuple[Ints, Ints, Ints]:
    """`_judge` for a clock running since `start` with no pause, the most common
    case: there `_due` comes down to one `add` from the start."""
    known = clock.cumulative(start)
    used = clock.cumulative(np.array([now], dtype=np.int64))[0] - known
    due = clock.add(start, seconds, known)
    state = np.where(used >= risk * seconds, _AT_RISK, _ACTIVE)
    state = np.where((due < now) | (used > seconds), _BREACHED, state)
    risk_at = clock.add(start, int(_threshold(risk, seconds)), known)
    return due, state, risk_at


def _resolution(f: OpenFacts, now: int) -> Segments:
    """The resolution clock's segments: from the first message, less one pause
    over, less the current one (ended by its snooze's wake, if that is past)."""
    woke = (f.paused_at != NONE) & (f.wake != NONE) & (f.wake <= now)
    paused = (f.paused_at != NONE) & ~woke
    had = f.pause_start != NONE
    count = had.astype(np.int64) + woke
    last_end = np.where(paused, f.paused_at, now)
    first_stop = np.where(had, f.pause_start, f.paused_at)
    first_back = np.where(had, f.pause_end, f.wake)
    starts = np.stack([f.first_in, first_back, f.wake], axis=1)
    ends = np.stack(
        [
            np.where(count >= 1, first_stop, last_end),
            np.where(count >= 2, f.paused_at, last_end),
            last_end,
        ],
        axis=1,
    )
    valid = np.stack([count >= 0, count >= 1, count >= 2], axis=1)
    return Segments(starts, ends, valid, ~paused)


@dataclass(frozen=True, slots=True)
class _Plan:
    policy: Policy
    settings: SlaSettings

    def target(self, metric: str) -> tuple[Clock, int] | None:
        target = self.policy.targets.get(metric)
        if target is None:
            return None
        clock = self.settings.clock(self.policy, metric)
        return clock, target.seconds(clock)


def nearest_of(
    facts: OpenFacts,
    policies: Mapping[int, Policy | None],
    groups: Ints,
    settings: SlaSettings,
    now: int,
) -> Columns:
    """The nearest pending deadline of each row; `groups[i]` picks its policy."""
    n = len(facts.ids)
    best = _Best(*(np.full(n, v, dtype=np.int64) for v in (-1, 0, 0, 0)))
    clocks = _Clocks(facts, settings, now)
    next_ = (facts.flags & NEXT) != 0
    has_in = facts.first_in != NONE
    for metric in METRICS:
        if metric == "promise":
            _promise(best, facts, now)
            continue
        for group, policy in policies.items():
            planned = _Plan(policy, settings).target(metric) if policy else None
            if policy is None or planned is None:
                continue
            clock, seconds = planned
            rows = groups == group
            if metric == "first_response":
                rows &= has_in & ~next_ & (facts.response != NONE)
            elif metric == "next_response":
                rows &= next_ & (facts.response != NONE)
            else:
                rows &= has_in
            _offer(best, metric, rows, facts, clocks.of(clock), seconds, policy, now)
    keep = best.metric >= 0
    return Columns(
        facts.ids[keep], best.metric[keep], best.due[keep], best.state[keep],
        best.risk_at[keep],
    )  # fmt: skip


def _offer(
    best: _Best,
    metric: str,
    rows: Bools,
    facts: OpenFacts,
    clock: VectorClock,
    seconds: int,
    policy: Policy,
    now: int,
) -> None:
    index = np.flatnonzero(rows)
    if not len(index):
        return
    n = len(best.due)
    full = [np.zeros(n, dtype=np.int64) for _ in range(3)]
    start = facts.first_in if metric == "resolution" else facts.response
    if metric == "resolution":  # the paused ones (a few) take the long way
        paused = (facts.pause_start != NONE) | (facts.paused_at != NONE)
        some = np.flatnonzero(rows & paused)
        index = np.flatnonzero(rows & ~paused)
        seg = _resolution(facts.take(some, keys=False), now)
        found = _judge(clock, seg, seconds, policy.at_risk, now)
        for array, values in zip(full, found, strict=True):
            array[some] = values
    found = _judge_running(clock, start[index], seconds, policy.at_risk, now)
    for array, values in zip(full, found, strict=True):
        array[index] = values
    best.offer(metric, full[0], full[1], full[2], rows)


def _promise(best: _Best, facts: OpenFacts, now: int) -> None:
    """A promise runs in calendar time, from the reply that made it to its due."""
    has = facts.promise_due != NONE
    start, due = facts.promise_at, facts.promise_due
    seconds = np.maximum(1, due - start)
    used = now - start
    state = np.where(used >= DEFAULT_AT_RISK * seconds, _AT_RISK, _ACTIVE)
    state = np.where((due < now) | (used > seconds), _BREACHED, state)
    risk_at = start + _threshold(DEFAULT_AT_RISK, seconds)
    best.offer("promise", due, state, risk_at, has)


class _Clocks:
    """Each clock's arrays once, over the span the facts and targets reach."""

    def __init__(self, facts: OpenFacts, settings: SlaSettings, now: int) -> None:
        known = facts.first_in[facts.first_in != NONE]
        self.low = min(int(known.min()) if len(known) else now, now)
        self.now = now
        self.longest = max(
            (t.seconds(settings.clock(p, m)) for p in settings.policies
             for m, t in p.targets.items()),
            default=0,
        )  # fmt: skip
        self.made: dict[int, VectorClock] = {}

    def of(self, clock: Clock) -> VectorClock:
        if clock is CALENDAR_TIME:
            return VectorClock()
        if id(clock) not in self.made:
            high = clock.add(self.now, max(self.longest, 1))
            self.made[id(clock)] = VectorClock.of(clock, self.low, high)
        return self.made[id(clock)]
