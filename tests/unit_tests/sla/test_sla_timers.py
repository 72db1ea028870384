"""Timers computed from events: hand-computed scenarios, one per rule of SLA.md."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from storage.sla.calendar import WEEKDAYS, Calendar, weekly
from storage.sla.engine import Facts, SlaEvent, compute_timers
from storage.sla.policy import Policy, SlaSettings, Target
from storage.sla.timers import Timer

PARIS = ZoneInfo("Europe/Paris")
CAL = Calendar(
    "shop", "Europe/Paris", weekly({d: [("09:00", "17:00")] for d in WEEKDAYS[:5]})
)
STANDARD = Policy(
    "standard",
    {
        "first_response": Target(1, "h"),
        "next_response": Target(2, "h"),
        "resolution": Target(8, "h"),
    },
    "shop",
)
URGENT = Policy(
    "urgent",
    {"first_response": Target(30, "min", business=False)},
    "shop",
    priorities=frozenset({"urgent"}),
)
SETTINGS = SlaSettings((URGENT, STANDARD), {"shop": CAL})
FACTS = Facts(1, "email")
M = 60
H = 3600


def t(day: int, hour: int, minute: int = 0, month: int = 6) -> int:
    """June 2026: Monday the 1st, Friday the 5th, Monday the 8th."""
    return int(datetime(2026, month, day, hour, minute, tzinfo=PARIS).timestamp())


def customer(at: int) -> SlaEvent:
    return SlaEvent(at, "message_in", "customer")


def reply(at: int) -> SlaEvent:
    return SlaEvent(at, "reply_out", "agent", "Camille")


def status(at: int, value: str, actor: str = "agent") -> SlaEvent:
    return SlaEvent(at, "status", actor, value)


def timers(events: list[SlaEvent], now: int, facts: Facts = FACTS) -> list[Timer]:
    return compute_timers(facts, events, SETTINGS, now)


def one(found: list[Timer], metric: str, cycle: int = 1) -> Timer:
    (timer,) = [x for x in found if x.metric == metric and x.cycle == cycle]
    return timer


def test_friday_evening_message_answered_monday_morning_is_met() -> None:
    found = timers([customer(t(5, 16, 30)), reply(t(8, 9, 20))], t(8, 12))
    first = one(found, "first_response")
    assert first.due == t(8, 9, 30)
    assert (first.state, first.business_elapsed) == ("met", 50 * M)
    assert first.calendar_elapsed == t(8, 9, 20) - t(5, 16, 30)
    assert first.stop_reason == "replied"


def test_unanswered_first_message_goes_active_at_risk_breached() -> None:
    events = [customer(t(1, 9))]
    assert one(timers(events, t(1, 9, 30)), "first_response").state == "active"
    assert one(timers(events, t(1, 9, 50)), "first_response").state == "at_risk"
    late = one(timers(events, t(1, 11)), "first_response")
    assert (late.state, late.overdue, late.due) == ("breached", H, t(1, 10))
    assert [s.what for s in late.steps] == ["started", "breached"]


def test_notes_and_automatic_messages_are_not_replies() -> None:
    events = [
        customer(t(1, 9)),
        SlaEvent(t(1, 9), "auto_message", "automation"),
        SlaEvent(t(1, 9, 5), "note", "agent"),
        SlaEvent(t(1, 9, 6), "reply_out", "agent", visibility="internal"),
    ]
    first = one(timers(events, t(1, 9, 10)), "first_response")
    assert first.pending and first.state == "active"


def test_pending_pauses_resolution_only() -> None:
    events = [
        customer(t(1, 10)),
        reply(t(1, 11)),
        status(t(1, 11), "pending"),
        customer(t(2, 10)),
        status(t(2, 10), "open", "customer"),
        reply(t(2, 11)),
        status(t(2, 12), "closed"),
    ]
    found = timers(events, t(3, 9))
    resolution = one(found, "resolution")
    assert (resolution.state, resolution.business_elapsed) == ("met", 3 * H)
    assert resolution.calendar_elapsed == 3 * H
    assert [s.what for s in resolution.steps] == ["started", "paused", "resumed", "met"]
    second = one(found, "next_response")
    assert (second.started, second.stopped, second.state) == (t(2, 10), t(2, 11), "met")


def test_a_paused_resolution_is_paused_not_breached() -> None:
    events = [customer(t(1, 9)), reply(t(1, 10)), status(t(1, 10), "pending")]
    resolution = one(timers(events, t(10, 9)), "resolution")
    assert (resolution.state, resolution.business_elapsed) == ("paused", H)
    # were it resumed now, 7 business hours would remain
    assert resolution.due == t(10, 16)


def test_snooze_ends_by_itself() -> None:
    events = [
        customer(t(1, 9)),
        reply(t(1, 9, 30)),
        status(t(1, 9, 30), f"snoozed:{t(1, 14)}"),
    ]
    resolution = one(timers(events, t(1, 15)), "resolution")
    assert (resolution.state, resolution.business_elapsed) == ("active", 90 * M)
    assert resolution.due == t(2, 13, 30)


def test_reopen_keeps_resolution_cumulative_and_starts_a_next_response() -> None:
    events = [
        customer(t(1, 9)),
        reply(t(1, 10)),
        status(t(1, 10), "closed"),
        customer(t(3, 9)),
        status(t(3, 9), "open", "customer"),
        reply(t(3, 9, 30)),
        status(t(3, 11), "closed"),
    ]
    found = timers(events, t(4, 9))
    resolution = one(found, "resolution")
    assert (resolution.state, resolution.business_elapsed) == ("met", 3 * H)
    assert "reopened by the customer" in [s.why for s in resolution.steps]
    cycle = one(found, "next_response")
    assert (cycle.started, cycle.state, cycle.business_elapsed) == (
        t(3, 9),
        "met",
        30 * M,
    )


def test_closing_ends_the_next_response_cycle() -> None:
    events = [
        customer(t(1, 9)),
        reply(t(1, 9, 10)),
        customer(t(1, 9, 20)),  # "thanks!"
        status(t(1, 9, 25), "closed"),
    ]
    found = timers(events, t(3, 9))  # two days later: nothing runs on
    cycle = one(found, "next_response")
    assert (cycle.state, cycle.stopped, cycle.stop_reason) == (
        "met",
        t(1, 9, 25),
        "closed",
    )
    assert not [x for x in found if x.pending]


def test_a_conversation_started_by_the_shop_has_no_first_response() -> None:
    found = timers([reply(t(1, 9)), customer(t(1, 10))], t(1, 11))
    assert [x.metric for x in found] == ["resolution", "next_response"]
    assert one(found, "next_response").due == t(1, 12)


def test_priority_change_switches_policy_and_is_told() -> None:
    events = [
        customer(t(1, 9)),
        SlaEvent(t(1, 9, 5), "priority", "agent", "urgent", previous="normal"),
    ]
    found = timers(events, t(1, 9, 40), Facts(1, "email", priority="urgent"))
    first = one(found, "first_response")
    assert (first.policy, first.due, first.state) == ("urgent", t(1, 9, 30), "breached")
    assert "policy urgent applies (priority urgent)" in [s.why for s in first.steps]
    assert not [x for x in found if x.metric == "resolution"]  # urgent sets none


def test_promises_are_kept_by_the_next_reply_or_broken() -> None:
    due = {"due": t(1, 14), "text": "avant 14 heures"}
    events = [
        customer(t(1, 9)),
        reply(t(1, 10)),
        SlaEvent(t(1, 10), "promise_made", "agent", data=due),
        reply(t(1, 13)),
        SlaEvent(t(1, 13), "promise_made", "agent", data={"due": t(1, 15)}),
    ]
    found = timers(events, t(1, 16))
    kept, broken = one(found, "promise", 1), one(found, "promise", 2)
    assert (kept.state, kept.stopped, kept.due) == ("met", t(1, 13), t(1, 14))
    assert (broken.state, broken.overdue, broken.pending) == ("breached", H, True)


def test_a_promise_marked_kept() -> None:
    events = [
        customer(t(1, 9)),
        reply(t(1, 10)),
        SlaEvent(t(1, 10), "promise_made", "agent", data={"due": t(1, 14)}),
        SlaEvent(t(1, 11), "promise_kept", "agent", data={"promise": 1}),
    ]
    kept = one(timers(events, t(1, 16)), "promise")
    assert (kept.state, kept.stop_reason) == ("met", "kept")


def test_events_after_now_are_not_seen() -> None:
    events = [customer(t(1, 9)), reply(t(1, 9, 30))]
    assert one(timers(events, t(1, 9, 10)), "first_response").pending


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 10 * 24 * H), min_size=4, max_size=4, unique=True),
    st.integers(0, 20 * 24 * H),
)
def test_pausing_never_counts(moments: list[int], later: int) -> None:
    """Time spent pending adds nothing to resolution, however long."""
    start, answered, woke, now = sorted(t(1, 0) + m for m in moments)
    paused = [
        customer(start),
        reply(answered),
        status(answered, "pending"),
        status(woke + later, "open", "customer"),
    ]
    straight = [customer(start), reply(answered), status(answered, "pending")]
    a = one(timers(paused, now + later), "resolution")
    b = one(timers(straight, now + later), "resolution")
    clock_only = one(timers([customer(start)], answered), "resolution")
    assert a.business_elapsed >= b.business_elapsed == clock_only.business_elapsed
    assert a.business_elapsed - b.business_elapsed == CAL.measure(
        woke + later, now + later
    )
