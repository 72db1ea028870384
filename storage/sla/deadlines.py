"""The nearest pending deadline of every conversation not closed, in one pass.

Most open conversations have a plain history: customer messages and replies,
no status change, no promise. For those, SQLite sums the history up (first
customer message, first and last reply, the oldest message since) and the due
instants follow from two calendar lookups each. The others go through the full
timer walk. Both give the same answer; a test holds them to it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from storage.connection import Store
from storage.sla.calendar import Calendar, Clock
from storage.sla.engine import Facts, compute_timers
from storage.sla.history import events_of, history_of, tags_of
from storage.sla.policy import Policy, SlaSettings, first_match
from storage.sla.timers import Timer

# One row per conversation not closed; `plain` when its history has no status
# change, promise, or two facts in the same second (whose order SQL cannot tell).
_SUMMARY = """
WITH s AS (
  SELECT c.id, c.channel, c.priority, c.status,
    min(CASE WHEN e.kind = 'message_in' AND e.actor_type = 'customer' THEN e.at END) AS first_in,
    min(CASE WHEN e.kind = 'reply_out' AND e.actor_type = 'agent' AND e.visibility = 'public' THEN e.at END) AS first_out,
    max(CASE WHEN e.kind = 'reply_out' AND e.actor_type = 'agent' AND e.visibility = 'public' THEN e.at END) AS last_out,
    sum(e.kind IN ('status', 'promise_made', 'promise_kept')) AS odd,
    count(DISTINCT CASE WHEN e.kind IN ('message_in', 'reply_out') THEN e.at END)
      = sum(e.kind IN ('message_in', 'reply_out')) AS distinct_times
  FROM conversations c JOIN events e ON e.conversation_id = c.id AND e.at <= :now
  WHERE c.status != 'closed' AND c.merged_into IS NULL
  GROUP BY c.id
)
SELECT id, channel, priority, status = 'open' AND odd = 0 AND distinct_times
    AND (SELECT max(at) FROM events y WHERE y.conversation_id = s.id) <= :now,
  first_in,
  first_out, last_out,
  CASE WHEN last_out IS NOT NULL THEN (SELECT min(at) FROM events x
    WHERE x.conversation_id = s.id AND x.kind = 'message_in'
      AND x.actor_type = 'customer' AND x.at > s.last_out AND x.at <= :now) END
FROM s
"""


@dataclass(frozen=True, slots=True)
class Deadline:
    """A conversation's nearest pending target; `due` in UTC seconds."""

    conversation_id: int
    metric: str  # first_response, next_response, resolution, promise
    due: int
    state: str  # active, paused, at_risk, breached

    @property
    def due_at(self) -> datetime:
        return datetime.fromtimestamp(self.due, UTC)

    def left(self, now: datetime) -> int:
        """Seconds left in calendar time; negative once overdue."""
        return self.due - int(now.timestamp())


def nearest(timers: Sequence[Timer]) -> Deadline | None:
    """The pending timer due first (a running one before a paused one)."""
    pending = [t for t in timers if t.stopped is None]
    if not pending:
        return None
    best = min(pending, key=lambda t: (t.state == "paused", t.due, t.metric))
    return Deadline(best.conversation_id, best.metric, best.due, best.state)


_Plan = list[tuple[str, Clock, int, float]]


def _plan(settings: SlaSettings, policy: Policy) -> _Plan:
    """(metric, clock, target seconds, at-risk share) for each target."""
    plan: _Plan = []
    for metric, target in policy.targets.items():
        clock = settings.clock(policy, metric)
        plan.append((metric, clock, target.seconds(clock), policy.at_risk))
    return plan


async def open_deadlines(
    store: Store,
    now: datetime,
    policies: Sequence[Policy],
    calendars: Mapping[str, Calendar],
) -> dict[int, Deadline]:
    """The nearest pending due instant of every conversation not closed."""
    settings = SlaSettings(tuple(policies), calendars)
    stamp = int(now.timestamp())
    rows = await store.conn.execute_fetchall(_SUMMARY, {"now": stamp})
    return await deadlines_from(store, list(rows), settings, stamp)


async def deadlines_from(
    store: Store, rows: list[Any], settings: SlaSettings, now: int
) -> dict[int, Deadline]:
    tags = await tags_of(store, [r[0] for r in rows]) if settings.uses_tags else {}
    none = (frozenset[str](), frozenset[str]())
    found: dict[int, Deadline] = {}
    odd: list[tuple[int, str, str]] = []
    chosen: dict[tuple[object, ...], _Plan] = {}
    for cid, channel, priority, plain, first_in, first_out, _, since in rows:
        if not plain:
            odd.append((cid, channel, priority))
            continue
        key = (channel, priority, *tags.get(cid, none))
        if key not in chosen:
            policy = first_match(settings.policies, *key)
            chosen[key] = _plan(settings, policy) if policy else []
        if first_in is None:
            continue
        best: Deadline | None = None
        for metric, clock, seconds, risk in chosen[key]:
            if metric == "resolution":
                start = first_in
            elif metric == "first_response":
                if first_out is not None:
                    continue
                start = first_in
            elif since is None or first_out is None:
                continue
            else:
                start = since
            due = clock.add(start, seconds)
            if best is None or (due, metric) < (best.due, best.metric):
                if due < now:
                    state = "breached"
                elif clock.measure(start, now) >= risk * seconds:
                    state = "at_risk"
                else:
                    state = "active"
                best = Deadline(cid, metric, due, state)
        if best is not None:
            found[cid] = best
    if odd:
        found.update(await _walked(store, odd, settings, now, tags))
    return found


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
        deadline = nearest(compute_timers(facts, events[cid], settings, now))
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
