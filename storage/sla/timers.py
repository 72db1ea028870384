"""Timers and what a timer's record says at a given instant.

A run is one cycle of one metric: the open segments its clock ran in, then
perhaps a stop. Its outcome (due instant, state, durations) is computed from the
segments and the policy that applies when it is read, so a policy change or a
replay with another policy needs nothing stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from storage.sla.calendar import CALENDAR_TIME, Clock
from storage.sla.policy import DEFAULT_AT_RISK, Policy, SlaSettings
from storage.vocabulary import TimerState

STATES = tuple(TimerState)


@dataclass(frozen=True, slots=True)
class Step:
    """One line of a timer's story: when, what happened, and why."""

    at: int
    what: str  # started, paused, resumed, met, breached, ended, policy
    why: str

    @property
    def at_time(self) -> datetime:
        return datetime.fromtimestamp(self.at, UTC)


@dataclass(frozen=True, slots=True)
class Timer:
    conversation_id: int
    metric: str  # first_response, next_response, resolution, promise
    cycle: int
    policy: str
    target: str  # as configured, like "4h business"
    started: int
    due: int  # UTC seconds; for a paused timer, if it resumed at the reading
    stopped: int | None
    state: str
    business_elapsed: int  # open seconds of the calendar, pauses left out
    calendar_elapsed: int  # seconds, pauses left out
    overdue: int  # seconds past due (at the stop, or now), 0 if not late
    stop_reason: str
    steps: tuple[Step, ...]
    risk_at: int = 0  # when a running timer turns at risk; 0 if not running

    @property
    def due_at(self) -> datetime:
        return datetime.fromtimestamp(self.due, UTC)

    @property
    def pending(self) -> bool:
        return self.stopped is None


@dataclass(slots=True)
class Run:
    """One metric's cycle as the events tell it."""

    metric: str
    cycle: int
    started: int
    segments: list[list[int]] = field(default_factory=list)  # [start, end or -1]
    stopped: int | None = None
    stop_reason: str = ""
    promised: int | None = None  # a promise's own due instant
    steps: list[Step] = field(default_factory=list)
    policy: Policy | None = None  # the one in force when it stopped
    # A breach incurred under a policy since replaced: due instant, target, policy
    breach: tuple[int, str, str] | None = None

    @property
    def running(self) -> bool:
        return bool(self.segments) and self.segments[-1][1] < 0

    def pause(self, at: int, why: str) -> None:
        if self.running:
            self.segments[-1][1] = at
            self.steps.append(Step(at, "paused", why))

    def resume(self, at: int, why: str) -> None:
        if not self.running and self.stopped is None:
            self.segments.append([at, -1])
            self.steps.append(Step(at, "resumed", why))

    def start(self, at: int, why: str) -> None:
        self.segments.append([at, -1])
        self.steps.append(Step(at, "started", why))


def _consumed(segments: list[list[int]], clock: Clock, until: int) -> int:
    return sum(clock.measure(s, until if e < 0 else e) for s, e in segments)


def _due(segments: list[list[int]], clock: Clock, target: int, now: int) -> int:
    """The instant the target is used up, walking the segments; if it is not yet,
    the instant it would be were the clock running from `now` on."""
    left = target
    for s, e in segments:
        end = now if e < 0 else e
        used = clock.measure(s, end)
        if used >= left:
            return clock.add(s, left)
        left -= used
    last = segments[-1][1] if segments else now
    return clock.add(now if last < 0 else max(now, last), left)


def judge(
    run: Run,
    conversation_id: int,
    policy: Policy | None,
    settings: SlaSettings,
    now: int,
    brief: bool = False,
) -> Timer | None:
    """The run as it stands at `now` (or at its stop), under `policy`; `brief`
    leaves the durations out, for when only the due instant and state matter."""
    until = now if run.stopped is None else min(run.stopped, now)
    if run.metric == "promise":
        assert run.promised is not None
        clock: Clock = CALENDAR_TIME
        due, label, risk = run.promised, "promised", DEFAULT_AT_RISK
        name = policy.name if policy else ""
        seconds = max(1, run.promised - run.started)
    else:
        target = policy.targets.get(run.metric) if policy else None
        if policy is None or target is None:
            return None
        clock = settings.clock(policy, run.metric)
        seconds = target.seconds(clock)
        due = _due(run.segments, clock, seconds, until)
        label, risk, name = str(target), policy.at_risk, policy.name
        if run.breach is not None and run.breach[0] < due:
            due, label, name = run.breach  # a breach incurred stays one
    calendar = settings.calendars[policy.calendar] if policy else CALENDAR_TIME
    used = _consumed(run.segments, clock, until)
    state = _state(run, due, used, seconds, risk, until)
    threshold = -(-int(risk * seconds * 1000) // 1000)  # whole seconds, rounded up
    risk_at = _due(run.segments, clock, threshold, until) if run.running else 0
    if brief:
        business = wall = 0
    else:
        business = _consumed(run.segments, calendar, until)
        wall = _consumed(run.segments, CALENDAR_TIME, until)
    late = max(0, until - due) if state == "breached" else 0
    steps = list(run.steps)
    if due <= until and state == "breached":
        steps.append(Step(due, "breached", f"the {label} target passed"))
    steps.sort(key=lambda s: s.at)
    return Timer(
        conversation_id,
        run.metric,
        run.cycle,
        name,
        label,
        run.started,
        due,
        run.stopped if run.stopped is not None and run.stopped <= now else None,
        state,
        business,
        wall,
        late,
        run.stop_reason if run.stopped is not None else "",
        tuple(steps),
        risk_at,
    )


def _state(run: Run, due: int, used: int, seconds: int, risk: float, at: int) -> str:
    if run.stopped is not None and run.stopped <= at:
        return "met" if run.stopped <= due else "breached"
    if due < at or used > seconds:
        return "breached"
    if not run.running:
        return "paused"
    return "at_risk" if used >= risk * seconds else "active"
