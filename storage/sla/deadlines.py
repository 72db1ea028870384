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

# One row per conversation not closed. `plain` when its history has no status
# change, no promise, and nothing after `now`; ties in the same second between
# the facts that decide (first message and reply, last reply and the message
# after it) are left to the walk too, which orders them by event id.
_SUMMARY = """
WITH s AS (
  SELECT c.id, c.channel, c.priority, c.status,
    min(CASE WHEN e.kind = 'message_in' AND e.actor_type = 'customer' THEN e.at END) AS first_in,
    min(CASE WHEN e.kind = 'reply_out' AND e.actor_type = 'agent' AND e.visibility = 'public' THEN e.at END) AS first_out,
    max(CASE WHEN e.kind = 'reply_out' AND e.actor_type = 'agent' AND e.visibility = 'public' THEN e.at END) AS last_out,
    max(e.kind IN ('status', 'promise_made', 'promise_kept')) AS odd,
    max(e.at) AS last_at
  FROM conversations c JOIN events e ON e.conversation_id = c.id
  WHERE c.status != 'closed' AND c.merged_into IS NULL
  GROUP BY c.id
)
SELECT id, channel, priority, status = 'open' AND NOT odd AND last_at <= :now
    AND first_in IS NOT first_out,
  first_in, first_out, last_out,
  CASE WHEN last_out IS NOT NULL THEN (SELECT min(at) FROM events x
    WHERE x.conversation_id = s.id AND x.kind = 'message_in'
      AND x.actor_type = 'customer' AND x.at >= s.last_out) END
FROM s
"""


@dataclass(frozen=True, slots=True)
class Deadline:
    """A conversation's nearest pending target; `due` in UTC seconds."""

    conversation_id: int
    metric: str  # first_response, next_response, resolution, promise
    due: int
    state: str  # active, paused, at_risk, breached
    risk_at: int = 0  # when it turns at risk; 0 when paused

    def state_at(self, now: int) -> str:
        """The state at another instant, with no new event: timers tick on."""
        if self.state == "paused" or (self.state == "breached" and not self.risk_at):
            return self.state
        if now > self.due:
            return "breached"
        return "at_risk" if now >= self.risk_at else "active"

    @property
    def due_at(self) -> datetime:
        return datetime.fromtimestamp(self.due, UTC)

    def left(self, now: datetime) -> int:
        """Seconds left in calendar time; negative once overdue."""
        return self.due - int(now.timestamp())


_ACTIVE, _AT_RISK, _BREACHED = "active", "at_risk", "breached"


def nearest(timers: Sequence[Timer]) -> Deadline | None:
    """The pending timer due first (a running one before a paused one)."""
    pending = [t for t in timers if t.stopped is None]
    if not pending:
        return None
    best = min(pending, key=lambda t: (t.state == "paused", t.due, t.metric))
    return Deadline(
        best.conversation_id, best.metric, best.due, best.state, best.risk_at
    )


_Plan = list[tuple[str, Clock, int, int]]


def _plan(settings: SlaSettings, policy: Policy) -> _Plan:
    """(metric, clock, target seconds, at-risk seconds) for each target."""
    plan: _Plan = []
    for metric, target in policy.targets.items():
        clock = settings.clock(policy, metric)
        seconds = target.seconds(clock)
        threshold = -(-int(policy.at_risk * seconds * 1000) // 1000)
        plan.append((metric, clock, seconds, threshold))
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
    for cid, channel, priority, plain, first_in, first_out, last_out, since in rows:
        if not plain or (since is not None and since == last_out):
            odd.append((cid, channel, priority))
            continue
        key = (channel, priority, *tags.get(cid, none))
        if key not in chosen:
            policy = first_match(settings.policies, *key)
            chosen[key] = _plan(settings, policy) if policy else []
        if first_in is None:
            continue
        best: tuple[int, str, int, Clock, int] | None = None
        for metric, clock, seconds, threshold in chosen[key]:
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
            if best is None or (due, metric) < best[:2]:
                best = (due, metric, start, clock, threshold)
        if best is not None:
            due, metric, start, clock, threshold = best
            risk_at = clock.add(start, threshold)
            state = _ACTIVE if now < risk_at else _AT_RISK if now <= due else _BREACHED
            found[cid] = Deadline(cid, metric, due, state, risk_at)
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
