"""Snooze times as people type them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from console.when import WhenError, parse_when

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 25, 16, 30, tzinfo=PARIS)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2h", datetime(2026, 11, 25, 18, 30, tzinfo=PARIS)),
        ("30m", datetime(2026, 11, 25, 17, 0, tzinfo=PARIS)),
        ("3d", datetime(2026, 11, 28, 16, 30, tzinfo=PARIS)),
        ("tomorrow", datetime(2026, 11, 26, 9, 0, tzinfo=PARIS)),
        ("tomorrow 14:15", datetime(2026, 11, 26, 14, 15, tzinfo=PARIS)),
        ("demain 8h", datetime(2026, 11, 26, 8, 0, tzinfo=PARIS)),
        ("monday", datetime(2026, 11, 30, 9, 0, tzinfo=PARIS)),
        (
            "Wednesday",
            datetime(2026, 12, 2, 9, 0, tzinfo=PARIS),
        ),  # next week, not today
        ("vendredi 10:00", datetime(2026, 11, 27, 10, 0, tzinfo=PARIS)),
        ("2026-12-01 14:00", datetime(2026, 12, 1, 14, 0, tzinfo=PARIS)),
    ],
)
def test_times_people_type(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW) == expected


@pytest.mark.parametrize(
    "text", ["", "soon", "tomorrow 25:00", "2020-01-01", "today 8:00"]
)
def test_what_cannot_be_a_future_time_is_refused_with_a_hint(text: str) -> None:
    with pytest.raises(WhenError):
        parse_when(text, NOW)
