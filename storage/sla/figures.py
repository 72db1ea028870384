"""The figures shops manage by, from the same events as the timers.

Durations count timers that stopped in the period; attainment counts timers
that stopped, or breached while still pending, in the period. Business time is
measured on the calendar of the policy that applied.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from storage.sla.engine import compute_timers, effective_events
from storage.sla.history import History
from storage.sla.policy import METRICS, SlaSettings
from storage.sla.timers import Timer

GROUPINGS = ("channel", "tag", "priority", "week")
Figures = dict[str, object]


def _spread(values: list[int]) -> dict[str, float | None]:
    if not values:
        return {"count": 0, "median": None, "mean": None, "p90": None}
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered) + 0.5) - 1)]
    return {
        "count": len(values),
        "median": float(statistics.median(ordered)),
        "mean": round(statistics.fmean(ordered), 1),
        "p90": float(p90),
    }


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def _judged(timer: Timer, since: int, until: int) -> bool:
    if timer.stopped is not None:
        return since <= timer.stopped < until
    return timer.state == "breached" and since <= timer.due < until


def _conversation_facts(history: History) -> tuple[int, int, bool]:
    """Replies, reopenings (a close undone is none), and whether it is closed now."""
    events = effective_events(history.events)
    replies = sum(
        1 for e in events if e.kind == "reply_out" and e.actor_type == "agent"
    )
    reopened = sum(
        1
        for e in events
        if e.kind == "status" and e.previous == "closed" and e.value == "open"
    )
    return replies, reopened, history.status == "closed"


def figures_for(
    histories: Sequence[History],
    timers: dict[int, list[Timer]],
    since: int,
    until: int,
    zone: ZoneInfo,
) -> Figures:
    found: Figures = {"conversations": len(histories)}
    for metric in METRICS:
        ours = [t for h in histories for t in timers[h.facts.id] if t.metric == metric]
        done = [t for t in ours if t.stopped is not None and since <= t.stopped < until]
        done = [t for t in done if metric == "resolution" or t.stop_reason == "replied"]
        judged = [t for t in ours if _judged(t, since, until)]
        met = sum(1 for t in judged if t.state == "met")
        found[metric] = {
            "business_seconds": _spread([t.business_elapsed for t in done]),
            "calendar_seconds": _spread([t.calendar_elapsed for t in done]),
            "attainment": _share(met, len(judged)),
            "judged": len(judged),
        }
    promises = [
        t for h in histories for t in timers[h.facts.id] if t.metric == "promise"
    ]
    judged = [t for t in promises if _judged(t, since, until)]
    found["promises"] = {
        "made": len(promises),
        "kept": _share(sum(t.state == "met" for t in judged), len(judged)),
    }
    facts = [_conversation_facts(h) for h in histories]
    closed = [f for f in facts if f[2]]
    found["first_contact_resolution"] = _share(
        sum(1 for r, o, _ in closed if r == 1 and o == 0), len(closed)
    )
    found["reopen_rate"] = _share(sum(1 for f in closed if f[1]), len(closed))
    found.update(_surveys(histories, since, until))
    found["volume"] = _volume(histories, since, until, zone)
    found["backlog"] = _backlog(histories, until)
    return found


def _surveys(histories: Sequence[History], since: int, until: int) -> Figures:
    csat: list[int] = []
    ces: list[int] = []
    for history in histories:
        for e in history.events:
            if e.kind == "survey_answer" and since <= e.at < until and e.data:
                score = e.data.get("score")
                if isinstance(score, int):
                    (ces if e.data.get("question") == "ces" else csat).append(score)
    return {
        "csat": {
            "answers": len(csat),
            "satisfied": _share(sum(s >= 4 for s in csat), len(csat)),
        },
        "ces": {
            "answers": len(ces),
            "mean": round(statistics.fmean(ces), 2) if ces else None,
        },
    }


def _volume(
    histories: Sequence[History], since: int, until: int, zone: ZoneInfo
) -> Figures:
    channel: Counter[str] = Counter()
    weekday: Counter[str] = Counter()
    hour: Counter[int] = Counter()
    for history in histories:
        for e in history.events:
            if (
                e.kind == "message_in"
                and e.actor_type == "customer"
                and since <= e.at < until
            ):
                local = datetime.fromtimestamp(e.at, zone)
                channel[history.facts.channel] += 1
                weekday[local.strftime("%a")] += 1
                hour[local.hour] += 1
    return {
        "messages_in": sum(channel.values()),
        "by_channel": dict(sorted(channel.items())),
        "by_weekday": {
            d: weekday[d] for d in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
        },
        "by_hour": {h: hour[h] for h in range(24)},
    }


def _backlog(histories: Sequence[History], until: int) -> Figures:
    ages = []
    for history in histories:
        if history.status == "closed":
            continue
        first = next((e.at for e in history.events if e.kind == "message_in"), None)
        if first is not None and first < until:
            ages.append(until - first)
    return {"open": len(ages), "age_seconds": _spread(ages)}


def _groups(history: History, by: str, zone: ZoneInfo) -> Iterable[str]:
    if by == "channel":
        return [history.facts.channel]
    if by == "priority":
        return [history.facts.priority]
    if by == "tag":
        return sorted(history.facts.tags) or ["(no tag)"]
    start = history.events[0].at if history.events else history.created_at
    year, week, _ = datetime.fromtimestamp(start, zone).isocalendar()
    return [f"{year}-W{week:02d}"]


def all_timers(
    histories: Sequence[History], settings: SlaSettings, until: int
) -> dict[int, list[Timer]]:
    """Every conversation's timers as at `until`: the costly part of a report."""
    return {
        h.facts.id: compute_timers(h.facts, h.events, settings, until)
        for h in histories
    }


def report(
    histories: Sequence[History],
    settings: SlaSettings,
    since: int,
    until: int,
    by: str | None,
    zone: ZoneInfo,
    timers: dict[int, list[Timer]] | None = None,
) -> dict[str, Figures]:
    """Figures for the whole period (key "all"), or per group; `timers` from
    `all_timers` when several groupings are asked of the same histories."""
    if timers is None:
        timers = all_timers(histories, settings, until)
    groups: dict[str, list[History]] = defaultdict(list)
    key: Callable[[History], Iterable[str]] = lambda h: ["all"]  # noqa: E731
    if by:
        key = lambda h: _groups(h, by, zone)  # noqa: E731
    for history in histories:
        for name in key(history):
            groups[name].append(history)
    return {
        name: figures_for(members, timers, since, until, zone)
        for name, members in sorted(groups.items())
    }


def attainment(
    histories: Sequence[History], settings: SlaSettings, since: int, until: int
) -> dict[str, float | None]:
    """Share of targets met, per metric, as `settings` would have had it."""
    found = report(histories, settings, since, until, None, ZoneInfo("UTC"))["all"]
    return {m: found[m]["attainment"] for m in METRICS}  # type: ignore[index]


def utc_iso(stamp: int) -> str:
    return datetime.fromtimestamp(stamp, UTC).isoformat()
