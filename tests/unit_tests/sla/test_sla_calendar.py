"""Business-time arithmetic against hand-computed instants, and its properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.sla.calendar import (
    WEEKDAYS,
    Calendar,
    NeverOpen,
    add_business,
    business_seconds,
    weekly,
)

PARIS = ZoneInfo("Europe/Paris")
NINE_TO_FIVE = weekly({d: [("09:00", "17:00")] for d in WEEKDAYS[:5]})
LUNCH = weekly({d: [("09:00", "12:30"), ("14:00", "18:00")] for d in WEEKDAYS[:5]})
ALWAYS = weekly({d: [("00:00", "24:00")] for d in WEEKDAYS})
NIGHTS = weekly({d: [("00:00", "02:00"), ("22:00", "24:00")] for d in WEEKDAYS})
SHOP = Calendar(
    "shop",
    "Europe/Paris",
    NINE_TO_FIVE,
    country="FR",
    closed_dates=frozenset({date(2026, 12, 24)}),
    closures=((date(2026, 8, 3), date(2026, 8, 9), "vacances"),),
)


def paris(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=PARIS)  # type: ignore[misc]


H = 3600
SCENARIOS = [
    # name, calendar, start, business seconds, due, calendar seconds start->due
    (
        "friday 16:30 + 1h is monday 09:30 (across the March DST change)",
        SHOP,
        paris(2026, 3, 27, 16, 30),
        H,
        paris(2026, 3, 30, 9, 30),
        64 * H,
    ),
    (
        "friday 16:30 + 1h across the October DST change",
        SHOP,
        paris(2026, 10, 23, 16, 30),
        H,
        paris(2026, 10, 26, 9, 30),
        66 * H,
    ),
    (
        "lunch break: 12:00 + 1h is 14:30",
        Calendar("lunch", "Europe/Paris", LUNCH),
        paris(2026, 6, 2, 12, 0),
        H,
        paris(2026, 6, 2, 14, 30),
        H * 5 // 2,
    ),
    (
        "Ascension Thursday is a public holiday",
        SHOP,
        paris(2026, 5, 13, 16, 30),
        H,
        paris(2026, 5, 15, 9, 30),
        41 * H,
    ),
    (
        "a closed week of vacation",
        SHOP,
        paris(2026, 7, 31, 16, 30),
        H,
        paris(2026, 8, 10, 9, 30),
        (9 * 24 + 17) * H,
    ),
    (
        "a listed closed date",
        SHOP,
        paris(2026, 12, 23, 16, 30),
        H,
        paris(2026, 12, 28, 9, 30),  # 24th listed, 25th Christmas, then the weekend
        (4 * 24 + 17) * H,
    ),
    (
        "a start on Saturday waits for Monday's opening",
        SHOP,
        paris(2026, 6, 6, 10, 0),
        H,
        paris(2026, 6, 8, 10, 0),
        48 * H,
    ),
    (
        "a start in the evening waits for the morning",
        SHOP,
        paris(2026, 6, 2, 20, 0),
        H // 2,
        paris(2026, 6, 3, 9, 30),
        H * 27 // 2,
    ),
    (
        "night hours run across midnight",
        Calendar("nights", "Europe/Paris", NIGHTS),
        paris(2026, 6, 1, 23, 30),
        H,
        paris(2026, 6, 2, 0, 30),
        H,
    ),
    (
        "a target ending at closing time is due at closing time",
        SHOP,
        paris(2026, 6, 2, 16, 0),
        H,
        paris(2026, 6, 2, 17, 0),
        H,
    ),
    (
        "the March Sunday has 23 hours",
        Calendar("always", "Europe/Paris", ALWAYS),
        paris(2026, 3, 29, 0, 0),
        23 * H,
        paris(2026, 3, 30, 0, 0),
        23 * H,
    ),
    (
        "the October Sunday has 25 hours",
        Calendar("always", "Europe/Paris", ALWAYS),
        paris(2026, 10, 25, 0, 0),
        25 * H,
        paris(2026, 10, 26, 0, 0),
        25 * H,
    ),
]


@pytest.mark.parametrize(
    ("calendar", "start", "seconds", "due", "wall"),
    [s[1:] for s in SCENARIOS],
    ids=[s[0] for s in SCENARIOS],
)
def test_hand_computed_due_instants(
    calendar: Calendar, start: datetime, seconds: int, due: datetime, wall: int
) -> None:
    found = add_business(start, seconds, calendar)
    assert found == due
    assert found.tzinfo is UTC
    assert business_seconds(start, due, calendar) == seconds
    assert (found - start).total_seconds() == wall


def test_a_calendar_with_no_hours_says_so() -> None:
    closed = Calendar("closed", "UTC", weekly({}))
    with pytest.raises(NeverOpen):
        add_business(datetime(2026, 1, 1, tzinfo=UTC), 60, closed)
    assert (
        business_seconds(
            datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC), closed
        )
        == 0
    )


def test_next_holidays_name_them() -> None:
    upcoming = SHOP.next_holidays(date(2026, 7, 20), 8)
    assert [(h.day, h.name) for h in upcoming][:2] == [
        (date(2026, 8, 3), "vacances"),
        (date(2026, 8, 4), "vacances"),
    ]
    assert any(h.day == date(2026, 8, 15) for h in upcoming)


def test_a_business_day_is_the_average_opening_day() -> None:
    assert SHOP.day_seconds == 8 * H
    saturday_morning = weekly(
        {**{d: [("09:00", "18:00")] for d in WEEKDAYS[:5]}, "sat": [("09:00", "12:00")]}
    )
    assert Calendar("c", "UTC", saturday_morning).day_seconds == (45 + 3) * H // 6


CALENDARS = [
    SHOP,
    Calendar("lunch", "America/New_York", LUNCH, country="US", subdivision="NY"),
    Calendar("nights", "Australia/Sydney", NIGHTS),
]
instants = st.datetimes(
    min_value=datetime(2020, 1, 1),
    max_value=datetime(2032, 1, 1),
    timezones=st.just(UTC),
)
calendars = st.sampled_from(CALENDARS)


@settings(max_examples=300, deadline=None)
@given(calendars, instants, st.integers(0, 120 * 24 * H))
def test_business_time_never_exceeds_calendar_time(
    calendar: Calendar, start: datetime, span: int
) -> None:
    end = start + timedelta(seconds=span)
    assert 0 <= business_seconds(start, end, calendar) <= span


@settings(max_examples=300, deadline=None)
@given(calendars, instants, st.integers(1, 400 * H))
def test_adding_then_measuring_gives_the_same_duration(
    calendar: Calendar, start: datetime, seconds: int
) -> None:
    due = add_business(start, seconds, calendar)
    assert business_seconds(start, due, calendar) == seconds
    # and the due instant is the first such: one second earlier is not enough
    assert business_seconds(start, due - timedelta(seconds=1), calendar) == seconds - 1


@settings(max_examples=300, deadline=None)
@given(calendars, instants, st.integers(0, 60 * 24 * H), st.integers(0, 60 * 24 * H))
def test_business_time_adds_up_over_consecutive_spans(
    calendar: Calendar, start: datetime, first: int, second: int
) -> None:
    middle = start + timedelta(seconds=first)
    end = middle + timedelta(seconds=second)
    assert business_seconds(start, end, calendar) == business_seconds(
        start, middle, calendar
    ) + business_seconds(middle, end, calendar)
