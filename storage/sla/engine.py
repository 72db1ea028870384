"""From a conversation's events to its timers: one walk, in time order.

What counts as a reply: a public `reply_out` by an agent, whether sent from
comptoir or seen in the Sent folder. Notes, automatic messages and surveys are
not replies. The policy is re-evaluated after every event that can change it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from storage.sla.policy import Policy, SlaSettings, first_match
from storage.sla.timers import Run, Step, Timer, judge


@dataclass(frozen=True, slots=True)
class SlaEvent:
    at: int
    kind: str
    actor_type: str = "customer"
    value: str | None = None
    data: Mapping[str, Any] | None = None
    id: int = 0
    visibility: str = "public"
    previous: str | None = None

    @staticmethod
    def parse_data(raw: str | None) -> Mapping[str, Any] | None:
        if not raw:
            return None
        try:
            found = json.loads(raw)
        except ValueError:
            return None
        return found if isinstance(found, dict) else None


@dataclass(frozen=True, slots=True)
class Facts:
    """What the conversation is now; the events tell how it got there."""

    id: int
    channel: str
    priority: str = "normal"
    tags: frozenset[str] = frozenset()
    customer_tags: frozenset[str] = frozenset()


@dataclass(slots=True)
class _Walk:
    facts: Facts
    settings: SlaSettings
    priority: str
    tags: set[str]
    status: str = "open"
    wake: int | None = None  # when a snooze ends by itself
    replied: bool = False
    runs: list[Run] = field(default_factory=list)
    policy: Policy | None = None
    policy_log: list[Step] = field(default_factory=list)

    def find(self, metric: str) -> Run | None:
        return next((r for r in reversed(self.runs) if r.metric == metric), None)

    def live(self, metric: str) -> Run | None:
        run = self.find(metric)
        return run if run is not None and run.stopped is None else None

    def settle(self, run: Run, at: int, why: str, reason: str) -> None:
        """Stop a run; it is judged under the policy in force at that moment."""
        if run.running:
            run.segments[-1][1] = at
        run.stopped, run.stop_reason, run.policy = at, reason, self.policy
        run.steps.append(Step(at, "stopped", why))

    def reselect(self, at: int, why: str) -> None:
        chosen = first_match(
            self.settings.policies,
            self.facts.channel,
            self.priority,
            frozenset(self.tags),
            self.facts.customer_tags,
        )
        if chosen is not self.policy:
            name = chosen.name if chosen else "none"
            step = Step(at, "policy", f"policy {name} applies ({why})")
            self.policy_log.append(step)
            for run in self.runs:
                if run.stopped is None and run.metric != "promise":
                    self._keep_breach(run, at)
                    run.steps.append(step)
        self.policy = chosen

    def _keep_breach(self, run: Run, at: int) -> None:
        """Targets are measured from the original start under the new policy
        (Zendesk's rule), but a breach already incurred stays a breach."""
        if run.breach is not None or self.policy is None:
            return
        judged = judge(run, self.facts.id, self.policy, self.settings, at, brief=True)
        if judged is not None and judged.state == "breached":
            run.breach = (judged.due, judged.target, self.policy.name)


def _initial(facts: Facts, events: list[SlaEvent]) -> tuple[str, set[str]]:
    """Priority and tags before the first event: the current ones, undone."""
    changes = (e.previous for e in events if e.kind == "priority" and e.previous)
    priority = next(changes, facts.priority)
    tags = set(facts.tags)
    for event in reversed(events):
        if event.kind == "tag_added" and event.value:
            tags.discard(event.value)
        elif event.kind == "tag_removed" and event.value:
            tags.add(event.value)
    return priority, tags


def _arrival(event: SlaEvent) -> str:
    """Why a message's time is not its Date, when it is not (ingest_rows.py)."""
    dated = (event.data or {}).get("dated")
    if not isinstance(dated, int):
        return ""
    return f" (received then; its Date, {_stamp(str(dated))}, was ahead of the clock)"


def _customer(walk: _Walk, event: SlaEvent) -> None:
    at, note = event.at, _arrival(event)
    resolution = walk.find("resolution")
    if resolution is None:
        walk.runs.append(Run("resolution", 1, at))
        walk.runs[-1].start(at, "first customer message" + note)
        if walk.status in ("pending", "snoozed"):
            walk.runs[-1].pause(at, f"conversation {walk.status}")
    if not walk.replied and walk.find("first_response") is None:
        run = Run("first_response", 1, at)
        run.start(at, "first customer message" + note)
        walk.runs.append(run)
    elif walk.live("first_response") is None and walk.live("next_response") is None:
        # After a reply, or after a close that ended the previous cycle.
        previous = walk.find("next_response")
        run = Run("next_response", previous.cycle + 1 if previous else 1, at)
        run.start(at, "customer wrote again" + note)
        walk.runs.append(run)


def _reply(walk: _Walk, event: SlaEvent) -> None:
    who = f"reply by {event.value or 'the shop'}"
    for metric in ("first_response", "next_response"):
        if (run := walk.live(metric)) is not None:
            walk.settle(run, event.at, who, "replied")
    for run in walk.runs:
        if run.metric == "promise" and run.stopped is None and run.started < event.at:
            walk.settle(run, event.at, f"followed up: {who}", "followed up")
    walk.replied = True


def _status(walk: _Walk, event: SlaEvent) -> None:
    value, at = event.value or "open", event.at
    status, _, until = value.partition(":")
    resolution = walk.find("resolution")
    if status == "closed":
        for metric in ("first_response", "next_response", "resolution"):
            if (run := walk.live(metric)) is not None:
                walk.settle(run, at, "conversation closed", "closed")
    elif status in ("pending", "snoozed") and resolution is not None:
        why = f"snoozed until {_stamp(until)}" if until else "waiting on the customer"
        resolution.pause(at, why)
    elif status == "open" and resolution is not None:
        by = " by the customer" if event.actor_type == "customer" else ""
        if resolution.stopped is not None and walk.status == "closed":
            resolution.stopped, resolution.stop_reason = None, ""
            _rename_stop(resolution, "closed")
            resolution.resume(at, f"reopened{by}")
        else:
            ended = "snooze ended" if walk.status == "snoozed" else "no longer pending"
            resolution.resume(at, ended + by)
    walk.status = status
    walk.wake = int(until) if status == "snoozed" and until.isdigit() else None


def _rename_stop(run: Run, what: str) -> None:
    """The run's last stop, named for what it turned out to be."""
    for index in range(len(run.steps) - 1, -1, -1):
        if run.steps[index].what == "stopped":
            step = run.steps[index]
            run.steps[index] = Step(step.at, what, step.why)
            return


def _stamp(text: str) -> str:
    if not text.isdigit():
        return text
    return datetime.fromtimestamp(int(text), UTC).strftime("%Y-%m-%d %H:%M UTC")


def _wake(walk: _Walk, before: int) -> None:
    """A snooze ends by itself at its time, unless something came first."""
    if walk.wake is not None and walk.wake <= before:
        _status(walk, SlaEvent(walk.wake, "status", "automation", "open"))


def _promise(walk: _Walk, event: SlaEvent) -> None:
    data = event.data or {}
    if event.kind == "promise_made" and isinstance(data.get("due"), int):
        number = sum(1 for r in walk.runs if r.metric == "promise") + 1
        run = Run("promise", number, event.at, promised=int(data["due"]))
        run.start(event.at, f"promised: {data.get('text', '')}".strip())
        walk.runs.append(run)
        return
    wanted = data.get("promise")  # a promise's number; none: every pending one
    for run in walk.runs:
        if (
            run.metric == "promise"
            and run.stopped is None
            and wanted in (None, run.cycle)
        ):
            walk.settle(run, event.at, "marked kept", "kept")


def effective_events(events: list[SlaEvent]) -> list[SlaEvent]:
    """Without the status changes undone (`u` in the console) nor their undoing:
    the timers are exactly as if the mistaken change had not been made."""
    undone = {
        int(e.data["undoes"])
        for e in events
        if e.kind == "status" and e.data and isinstance(e.data.get("undoes"), int)
    }
    if not undone:
        return events
    return [
        e for e in events if e.id not in undone and not (e.data and "undoes" in e.data)
    ]


def walk_events(
    facts: Facts, events: list[SlaEvent], settings: SlaSettings, now: int
) -> _Walk:
    events = effective_events(events)
    priority, tags = _initial(facts, events)
    walk = _Walk(facts, settings, priority, tags)
    first = events[0].at if events else now
    walk.reselect(first, "conversation started")
    for event in events:
        if event.at > now:
            break
        _wake(walk, event.at)
        kind = event.kind
        if kind == "message_in" and event.actor_type == "customer":
            _customer(walk, event)
        elif kind == "reply_out" and event.actor_type == "agent":
            if event.visibility == "public":
                _reply(walk, event)
        elif kind == "status":
            _status(walk, event)
        elif kind in ("promise_made", "promise_kept"):
            _promise(walk, event)
        elif kind in ("priority", "tag_added", "tag_removed"):
            _change(walk, event)
    _wake(walk, now)
    return walk


def _change(walk: _Walk, event: SlaEvent) -> None:
    if event.kind == "priority" and event.value:
        walk.priority = event.value
        why = f"priority {event.value}"
    elif event.kind == "tag_added" and event.value:
        walk.tags.add(event.value)
        why = f"tag {event.value} added"
    elif event.value:
        walk.tags.discard(event.value)
        why = f"tag {event.value} removed"
    else:
        return
    walk.reselect(event.at, why)


def compute_timers(
    facts: Facts,
    events: list[SlaEvent],
    settings: SlaSettings,
    now: int,
    pending_only: bool = False,
) -> list[Timer]:
    """Every timer of the conversation as it stands at `now`, oldest first."""
    walk = walk_events(facts, events, settings, now)
    found: list[Timer] = []
    for run in walk.runs:
        if run.stopped is None:
            timer = judge(run, facts.id, walk.policy, settings, now, pending_only)
        elif pending_only:
            continue
        else:
            timer = judge(run, facts.id, run.policy, settings, now)
            if timer is not None:  # the final stop says how it ended
                steps = [
                    Step(s.at, timer.state, s.why) if s.what == "stopped" else s
                    for s in timer.steps
                ]
                timer = replace(timer, steps=tuple(steps))
        if timer is not None:
            found.append(timer)
    return found
